"""Paragraphs and sentences: sets ``token.is_sent_start`` and ``doc._.paragraphs``."""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .. import segmentation
from ..readers.metadata import parse_metadata
from ..resources import read_lines
from . import extensions
from .base import PatternComponent


class Segmenter(PatternComponent):
    files = ("abbreviations.txt",)

    def load(self) -> None:
        self.abbreviations = frozenset(w.lower() for w in read_lines("abbreviations.txt", self.patterns))

    def __call__(self, doc: Doc) -> Doc:
        text = extensions.text_of(doc)
        if extensions.doc_value(doc, "doc_id") is None and extensions.doc_value(doc, "skip_ranges") is None:
            _read_metadata(doc)
        paras = segmentation.paragraphs(text)
        sents = segmentation.sentences(text, paras, self.abbreviations)
        extensions.set_doc_values(doc, paragraphs=paras, sentence_ranges=sents)
        if len(doc):
            idx = doc.to_array("IDX").astype(numpy.int64)
            starts = numpy.full(len(doc), -1, dtype=numpy.int64)
            first = numpy.searchsorted(idx, [s for s, _ in sents], side="left")
            starts[first[first < len(doc)]] = 1
            starts[0] = 1
            doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
        return doc


def _read_metadata(doc: Doc) -> None:
    """A Doc made straight from a string (``nlp(text)``): take title, dateline and byline from the text."""
    meta = parse_metadata(extensions.text_of(doc))
    x = doc._
    x.title, x.section, x.author, x.url = meta.title, meta.section, meta.author, meta.url
    x.skip_ranges = meta.skip_ranges
    if x.published is None:
        x.published = meta.published


@Language.factory("venextract_segmenter", default_config={"patterns": None})
def make_segmenter(nlp: Language, name: str, patterns: str | None) -> Segmenter:
    return Segmenter(nlp, name, patterns=patterns)
