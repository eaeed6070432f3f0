"""MONEY, COUNT and PERCENT mentions with their normalised values."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize.quantities import QuantityFinder
from . import extensions
from .base import PatternComponent


class QuantityRecognizer(PatternComponent):
    files = ("numbers.json", "currencies.json", "qualifiers.json", "count_nouns.json")

    def load(self) -> None:
        self.finder = QuantityFinder(self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        extensions.add_mentions(doc, (
            (q.start_char, q.end_char, q.label, {
                "value_min": q.value_min, "value_max": q.value_max, "unit": q.unit, "qualifier": q.qualifier,
                "object": q.object, "per": q.per, "converts": q.converts,
            })
            for q in self.finder.find(extensions.text_of(doc))
        ))
        return doc


@Language.factory("venextract_quantities", default_config={"patterns": None})
def make_quantities(nlp: Language, name: str, patterns: str | None) -> QuantityRecognizer:
    return QuantityRecognizer(nlp, name, patterns=patterns)
