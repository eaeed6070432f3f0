"""Link every figure to its period, province and target flag."""
from __future__ import annotations

from bisect import bisect_left

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
        text = extensions.text_of(doc)
        spans = [_Mention(s, text) for s in extensions.mentions(doc)]
        figures = [s for s in spans if s.label in FIGURES]
        if not figures:
            return doc
        periods = [_period(s) for s in spans if s.label == "PERIOD"]
        sentences = doc._.sentence_ranges or [(0, len(text))]
        paragraphs = doc._.paragraphs or [(0, len(text))]
        links = link_figures(
            text, sentences, paragraphs, [_quantity(s) for s in figures], periods, doc._.published, self.cues
        )
        provinces = [s for s in spans if s.label == "PROVINCE"]
        province_starts = [p.start for p in provinces]
        sent_starts = [s for s, _ in sentences]
        doc_province = doc._.province
        for m, link in zip(figures, links, strict=True):
            sentence = sentences[index_of(sent_starts, m.start)]
            found = {
                "period_start": link.period_start,
                "period_end": link.period_end,
                "period_text": link.period_text,
                "is_target": link.is_target,
                "province": _province_for(m, provinces, province_starts, sentence) or doc_province,
            }
            if m.values["object"] is None and m.label != "COUNT":
                found["object"] = figure_object(text, m.start, m.end, sentence)
            extensions.set_values(m.span, found)
        return doc


class _Mention:
    """A mention span with its offsets, text and values read once."""

    __slots__ = ("span", "label", "start", "end", "text", "values")

    def __init__(self, span: Span, text: str) -> None:
        self.span = span
        self.label = span.label_
        self.start, self.end = span.start_char, span.end_char
        self.text = text[self.start:self.end]
        self.values = extensions.values(span)


def _period(m: _Mention) -> PeriodMatch:
    v = m.values
    return PeriodMatch(
        m.start, m.end, m.text, v["period_start"], v["period_end"], v["period_kind"] or "",
        bool(v["comparison"]), v["coord_group"], bool(v["optional"]),
    )


def _quantity(m: _Mention) -> QuantityMatch:
    v = m.values
    return QuantityMatch(m.label, m.start, m.end, m.text, v["value_min"], v["value_max"], v["unit"],
                         converts=bool(v["converts"]))


def _province_for(m: _Mention, provinces: list[_Mention], starts: list[int], sentence: tuple[int, int]) -> str | None:
    """The province named in the figure's sentence: the nearest before it, else the first after.

    ``provinces`` are in text order, ``starts`` their start offsets.
    """
    lo, hi = bisect_left(starts, sentence[0]), bisect_left(starts, sentence[1])
    if lo == hi:
        return None
    for p in reversed(provinces[lo:hi]):
        if p.end <= m.start:
            return p.values["province"]
    return provinces[lo].values["province"]


@Language.factory("venextract_linker", default_config={"patterns": None})
def make_linker(nlp: Language, name: str, patterns: str | None) -> Linker:
    return Linker(nlp, name, patterns=patterns)

