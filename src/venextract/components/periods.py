"""PERIOD mentions resolved to dates against the document's published date."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize.periods import PeriodFinder
from . import extensions
from .base import PatternComponent


class PeriodRecognizer(PatternComponent):
    files = ("periods.json",)

    def load(self) -> None:
        self.finder = PeriodFinder(self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        for p in self.finder.find(extensions.text_of(doc), doc._.published):
            if (p.date_start is None and p.date_end is None) or extensions.in_skip_range(doc, p.start_char, p.end_char):
                continue  # unresolvable ("this year" in an undated article) or not body text
            extensions.add_span(
                doc, p.start_char, p.end_char, "PERIOD",
                period_start=p.date_start, period_end=p.date_end, period_text=p.text, period_kind=p.kind,
                comparison=p.comparison, coord_group=p.coord_group, optional=p.optional,
            )
        return doc


@Language.factory("venextract_periods", default_config={"patterns": None})
def make_periods(nlp: Language, name: str, patterns: str | None) -> PeriodRecognizer:
    return PeriodRecognizer(nlp, name, patterns=patterns)
