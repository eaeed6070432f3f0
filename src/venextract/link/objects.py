"""What a money amount or percentage is about, for the facts table (pure).

Counts carry their counted noun phrase from the recogniser; for money and
percentages the object comes from the words around the figure:

* a noun phrase introducing it: "with total funding of VND 31.5 billion",
  "registered capital of US$ 45 million", "export turnover reached ...";
* else what follows it: "VND 14.2 billion on 46 projects", "VND 600 million for
  the OCOP program", "42.5 percent of the province's export turnover".
"""
from __future__ import annotations

import regex

_BEFORE = regex.compile(
    r"(?<!\w)(?P<np>(?:(?:total|registered|investment|export|import|annual|average|provincial|national|local|state|"
    r"public|industry|promotion|production|budget|foreign|direct|charter|implementation|disbursed|combined)\s+){0,3}"
    r"(?:funding|capital|budget|investment|turnover|revenue|value|cost|costs|loan|"
    r"fund|funds|spending|support|assistance|price|prices|fee|output|income|sum|amount|total|contract|disbursement|"
    r"exports?|imports?|profit|profits|share|rate|growth|index))\s+"
    r"(?:of|at|was|were|is|are|reached|hit|topped|totalled|totaled|amounted\s+to|worth|estimated\s+at)\s+"
    r"(?:(?:about|around|over|more\s+than|nearly|almost|some|up\s+to|approximately|roughly|only|just)\s+)?$",
    # matched from the window's end backwards, which fails at once where a forward search would try every
    # start; it finds the phrase a forward search finds (the one starting first) because the words after
    # the head split only one way, and no head or modifier word ends another: the head is fixed and the
    # greedy modifiers reach as far back as any match can start (tests/test_link_objects.py checks this)
    regex.IGNORECASE | regex.REVERSE,
)
_AFTER = regex.compile(
    r"(?:\s+(?:a|per|each|every)\s+(?:year|month))?\s*(?:,\s*)?(?P<prep>on|for|to|in|of|from)\s+"
    r"(?P<np>(?:(?!(?:but|while|which|with|when|as|by|in|from|since|during)\b)[^\s,.;:()]+\s*){1,8})",
    regex.IGNORECASE,
)
_LEADING = regex.compile(r"^(?:the|a|an|its|their|this|these|those)\s+", regex.IGNORECASE)


def figure_object(text: str, start: int, end: int, sentence: tuple[int, int]) -> str | None:
    """The object of the figure at ``text[start:end]`` inside ``sentence``, or None."""
    s_start, s_end = sentence
    before = text[max(s_start, start - 80):start]
    m = _BEFORE.search(before)
    if m:
        return _clean(m.group("np"))
    m = _AFTER.match(text, end, s_end)
    if m and m.group("prep").lower() in ("on", "for", "of", "to", "from"):
        return _clean(m.group("np"))
    return None


def _clean(phrase: str) -> str | None:
    phrase = _LEADING.sub("", " ".join(phrase.split())).strip(" ,;:-")
    return phrase or None
