"""Paragraph and sentence boundaries as character ranges (pure, no spaCy).

News text from the readers has one paragraph per line (web articles) or
wrapped lines inside blank-line separated blocks (PDF).  A line break is a
paragraph break unless the line was visibly wrapped: it ends without closing
punctuation and the next line continues in lower case.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

Range = tuple[int, int]

_LINE = re.compile(r"[^\n]+")
# a sentence ends at . ! ? (plus closing quotes/brackets) followed by space (group 1) and
# an upper-case letter or a number (group 2, checked by _OPENS), perhaps after a quote or an opening bracket
_BOUNDARY = re.compile(r"""[.!?]["'”’)\]]*(\s+)(?=["'“‘(\[]?(\w))""")


def paragraphs(text: str) -> list[Range]:
    """Paragraph ranges: lines, with wrapped lines (PDF) joined to their paragraph."""
    out: list[Range] = []
    for m in _LINE.finditer(text):
        start, end = m.span()
        line = m.group()
        if not line.strip():
            continue
        if out and _continues(text, out[-1], start, line):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return [_strip(text, r) for r in out]


def _continues(text: str, prev: Range, start: int, line: str) -> bool:
    """A line continues the previous one when that was wrapped mid-sentence."""
    if text[prev[1]:start].count("\n") > 1:
        return False
    tail = text[prev[0]:prev[1]].rstrip()
    first = line.lstrip()[:1]
    return bool(tail) and tail[-1] not in '.!?:"”’)' and (first.islower() or first in ",;")


def _strip(text: str, r: Range) -> Range:
    s, e = r
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def sentences(text: str, paras: Iterable[Range], abbreviations: frozenset[str]) -> list[Range]:
    """Sentence ranges inside each paragraph; never across a paragraph break."""
    out: list[Range] = []
    for p_start, p_end in paras:
        start = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            if not _opens_sentence(m.group(2)):
                continue
            end = m.start(1)
            if _word_before(text, start, end).lower().rstrip("\"'”’)]") in abbreviations:
                continue
            out.append((start, end))
            start = m.end(1)
        if start < p_end:
            out.append((start, p_end))
    return out


def _opens_sentence(char: str) -> bool:
    """An upper-case letter or a number."""
    category = unicodedata.category(char)
    return category == "Lu" or category[0] == "N"


def _word_before(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at ``end`` (not before ``start``)."""
    k = end
    while k > start and not text[k - 1].isspace():
        k -= 1
    return text[k:end]


def index_of(starts: list[int], char: int) -> int:
    """Index of the range (given by its sorted start offsets) that holds ``char``."""
    return max(bisect_right(starts, char) - 1, 0)
