"""Link every figure to its period, province and target flag."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..link.attribution import link_figures, load_cues
from ..link.objects import figure_object
from ..segmentation import index_of
from ..types import PeriodMatch, QuantityMatch
from . import extensions
from .base import PatternComponent

FIGURES = ("MONEY", "COUNT", "PERCENT")


class Linker(PatternComponent):
    files = ("links.json",)

    def load(self) -> None:
        self.cues = load_cues(self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = extensions.mentions(doc)
        figures = [s for s in spans if s.label_ in FIGURES]
        if not figures:
            return doc
        periods = [_period(s) for s in spans if s.label_ == "PERIOD"]
        text = extensions.text_of(doc)
        sentences = doc._.sentence_ranges or [(0, len(text))]
        paragraphs = doc._.paragraphs or [(0, len(text))]
        links = link_figures(
            text, sentences, paragraphs, [_quantity(s) for s in figures], periods, doc._.published, self.cues
        )
        provinces = [s for s in spans if s.label_ == "PROVINCE"]
        sent_starts = [s for s, _ in sentences]
        for span, link in zip(figures, links):
            span._.period_start = link.period_start
            span._.period_end = link.period_end
            span._.period_text = link.period_text
            span._.is_target = link.is_target
            span._.province = _province_for(span, provinces, sentences, sent_starts) or doc._.province
            if span._.object is None and span.label_ != "COUNT":
                sentence = sentences[index_of(sent_starts, span.start_char)]
                span._.object = figure_object(text, span.start_char, span.end_char, sentence)
        return doc


def _period(s: Span) -> PeriodMatch:
    return PeriodMatch(
        s.start_char, s.end_char, s.text, s._.period_start, s._.period_end, s._.period_kind or "",
        bool(s._.comparison), s._.coord_group, bool(s._.optional),
    )


def _quantity(s: Span) -> QuantityMatch:
    return QuantityMatch(s.label_, s.start_char, s.end_char, s.text, s._.value_min, s._.value_max, s._.unit)


def _province_for(span: Span, provinces: list[Span], sentences: list[tuple[int, int]], starts: list[int]) -> str | None:
    """The province named in the figure's sentence: the nearest before it, else the first after."""
    if not provinces:
        return None
    s_start, s_end = sentences[index_of(starts, span.start_char)]
    same = [p for p in provinces if s_start <= p.start_char < s_end]
    if not same:
        return None
    before = [p for p in same if p.end_char <= span.start_char]
    chosen = before[-1] if before else same[0]
    return chosen._.province


@Language.factory("venextract_linker", default_config={"patterns": None})
def make_linker(nlp: Language, name: str, patterns: str | None) -> Linker:
    return Linker(nlp, name, patterns=patterns)

