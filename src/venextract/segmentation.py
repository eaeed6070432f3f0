"""Paragraph and sentence boundaries as character ranges (pure, no spaCy).

News text from the readers has one paragraph per line (web articles) or
wrapped lines inside blank-line separated blocks (PDF, reports).  A line break
is a paragraph break unless the line was visibly wrapped: it ends without
closing punctuation and the next line continues in lower case, or, in a
hard-wrapped text, the line runs close to the wrap width and the next line
starts no list item ("- ", "1. ", "a) ").  A paragraph's layout role, read by
the linker, is told here too: a section heading (:func:`heading_level`), a
lead-in ending in a colon, a list item.
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
    width = wrap_width(text)
    last_line = 0  # length of the previous line
    for m in _LINE.finditer(text):
        start, end = m.span()
        line = m.group()
        if not line.strip():
            continue
        if out and _continues(text, out[-1], start, line, last_line, width):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        last_line = len(line.rstrip())
    return [_strip(text, r) for r in out]


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text is wrapped at, or None when its lines are not wrapped.

    Lines followed by another line of the same block (no blank line between) are the
    wrapped ones; the text counts as wrapped when at least :data:`WRAPPED_LINES` of them
    come close to the longest usual one, which is at most :data:`MAX_WRAP_WIDTH` wide.
    """
    if "\n" not in text:
        return None
    lines = text.split("\n")
    inner = sorted(len(a.rstrip()) for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip())
    if len(inner) < WRAPPED_LINES:
        return None
    width = inner[(len(inner) * 9) // 10]  # the 90th percentile: a few overlong lines do not count
    if width > MAX_WRAP_WIDTH or sum(n >= WRAP_SHARE * width for n in inner) < WRAPPED_LINES:
        return None
    return width


WRAPPED_LINES = 3  # wrapped lines a text needs before its line lengths are read as a wrap width
MAX_WRAP_WIDTH = 130  # wider lines are paragraphs of their own (web text), not wrapped lines
WRAP_SHARE = 0.75  # a line at least this share of the width was wrapped, unless a list item follows
CAPTION = re.compile(r"\s*(?:Table|Figure|Chart|Graph|Box)\s+\d{1,3}[.:]\s")  # "Table 1. Clusters (as of ...)"
LIST_ITEM = re.compile(r"[-–—•*+●▪◦]\s|(?:\d{1,2}|[a-zA-Z]|[IVXivx]{1,4})[.)]\s")
HEADING_CHARS = 100  # a heading is one line at most this long
CAPTION_LEVEL = 4  # a table caption heads its rows, below every numbered heading
_NUMBERED = re.compile(r"(?:(?P<roman>[IVX]{1,4})|(?P<upper>[A-Z])|(?P<number>\d{1,2})|\d{1,2}(?:\.\d{1,2})+|[a-z])"
                       r"[.)]\s+\S")


def _continues(text: str, prev: Range, start: int, line: str, last_line: int, width: int | None) -> bool:
    """A line continues the previous one when that was wrapped mid-sentence, or at the wrap width."""
    if text[prev[1]:start].count("\n") > 1 or CAPTION.match(line) or CAPTION.match(text, prev[0], prev[1]):
        return False  # a table's caption is a line of its own
    tail = text[prev[0]:prev[1]].rstrip()
    if not tail:
        return False
    body = line.lstrip()
    first = body[:1]
    if tail[-1] not in '.!?:"”’)' and (first.islower() or first in ",;"):
        return True
    return width is not None and last_line >= WRAP_SHARE * width and tail[-1] != ":" \
        and not LIST_ITEM.match(body)


def heading_level(text: str, paragraph: Range) -> int:
    """The level of a section heading (1 for "I. ..." or a line in capitals, 2 for "1. ...", 3 for "1.1 ..."
    or "a) ...", :data:`CAPTION_LEVEL` for a table caption), or 0: a heading is one short line without a
    closing full stop."""
    line = text[paragraph[0]:paragraph[1]]
    if "\n" in line or len(line) > HEADING_CHARS:
        return 0
    if CAPTION.match(line):
        return CAPTION_LEVEL
    if line.rstrip()[-1:] in ".!?;,":
        return 0
    m = _NUMBERED.match(line)
    if m:
        return 1 if m.group("roman") or m.group("upper") else 2 if m.group("number") else 3
    letters = sum(c.isalpha() for c in line)
    return 1 if letters and sum(c.isupper() for c in line) > 0.6 * letters else 0


def is_lead_in(text: str, paragraph: Range) -> bool:
    """A paragraph that introduces a list: it ends with a colon."""
    return text[paragraph[1] - 1:paragraph[1]] == ":"


def is_list_item(text: str, paragraph: Range) -> bool:
    """A paragraph that is an item of a bulleted or numbered list."""
    return bool(LIST_ITEM.match(text, paragraph[0], paragraph[1]))


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
