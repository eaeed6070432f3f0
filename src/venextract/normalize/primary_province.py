"""The province an article is about, from the provinces, places and provincial outlets a :class:`Gazetteer` knows.

Pure Python (``regex``, no spaCy).  :func:`infer_primary` weighs the provinces in the headline,
the lead and the body, the districts and communes named and the outlet the article comes from
(:func:`province_of_source`: a domain, a tag, a source line); the headline's subject wins unless
outscored, otherwise the best province needs a clear lead and direct evidence.

>>> text = "Rice exports rise\\n\\nFarmers in Thoai Son and Chau Phu districts sold more rice this year than last.\\n"
>>> infer_primary(Gazetteer(), "Rice exports rise", text)
'An Giang'
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import regex

from ..resources import read_json, shared_per_folder
from ..types import ProvinceMatch
from .provinces import Gazetteer
from .spellings import fold

__all__ = ["SubjectCues", "infer_primary", "load_subject_cues", "province_of_source"]

class SubjectCues:
    """The word lists of ``primary_province.json`` compiled into the patterns :func:`infer_primary` uses."""

    FILE = "primary_province.json"

    def __init__(self, patterns: str | Path | None = None) -> None:
        lex = read_json(self.FILE, patterns, required=(
            "venue_events", "national_cues", "anaphora", "outlet_before", "outlet_after", "source_labels",
            "domain_suffixes", "domain_noise",
        ))
        suffixes = _alt(lex["domain_suffixes"])
        self.domain = regex.compile(rf"(?i)(?<![\w.-])((?:[a-z0-9][a-z0-9-]*\.)+(?:{suffixes}))\b")
        self.domain_noise = {w.lower() for w in lex["domain_noise"]} | {w.lower() for w in lex["domain_suffixes"]}
        labels = _alt(lex["source_labels"])
        self.source_line = regex.compile(
            rf"^[^\S\n]*(?:{labels})\b[^\S\n]*:?[^\S\n]*(?P<src>.+)$", regex.M
        )
        # the literal start of each label: a text holding none of them has no source line
        self.source_cues = tuple({regex.match(r"[^\\\[(?*+{|]*", w).group() for w in lex["source_labels"]} - {""})
        self.outlet_before = regex.compile(rf"(?i:\b(?:{_alt(lex['outlet_before'])}))\s+$", regex.REVERSE)
        self.outlet_after = regex.compile(rf"\s+(?i:{_alt(lex['outlet_after'])})\b")
        self.venue_before = regex.compile(
            rf"(?i:\b(?:{_alt(lex['venue_events'])})(?:\s+\w+){{0,3}}?\s+(?:held\s+)?in)\s+$", regex.REVERSE
        )
        self.national = regex.compile(rf"(?i)\b(?:{_alt(lex['national_cues'])})\b")
        self.anaphora = regex.compile(rf"(?i)\bthe (?:{_alt(lex['anaphora'])})\b(?!s)")


@shared_per_folder
def load_subject_cues(patterns: str | Path | None = None) -> SubjectCues:
    """A shared :class:`SubjectCues` per patterns folder."""
    return SubjectCues(patterns)


def _alt(words: list[str]) -> str:
    """An alternation of ``words`` (regular expressions), longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


_RX_COORD = regex.compile(r"\s*(?:,|and|&|/|[-–—])\s*(?:and\s+)?", regex.I)
# what follows the place of a news agency's dateline: "(VNA) – ", ", March 3 (VNA) – ", " — "
_RX_DATELINE_AFTER = regex.compile(
    r"(?:,\s*(?:\p{L}{3,9}\.?\s+\d{1,2}|\d{1,2}\s+\p{L}{3,9})(?:,?\s*\d{4})?)?"
    r"\s*(?:\([^()\n]{1,25}\)\s*)?[–—-]{1,2}\s"
)
_RX_DATELINE = regex.compile(r"^\s*\d{1,2}:\d{2}\s*\||^\s*\d{1,2}/\d{1,2}/\d{4}")


def infer_primary(
    gazetteer: Gazetteer, title: str | None, text: str, url: str | None = None, published: date | None = None,
    found: list[ProvinceMatch] | None = None, cues: SubjectCues | None = None,
) -> str | None:
    """The province an article is about, or None for a national or multi-province piece.

    Evidence, weighted: each province in the title (3) and the title's subject (2 more: the first
    province unless coordinated, "Hanoi and HCMC ..."), the lead paragraph (2, not as a dateline),
    each mention (1, at most 6), the districts and communes named (1 per name, at most 4), a
    provincial source line, tag or URL (4).  The headline's subject wins unless outscored.  Else
    the best province must lead by half again the next one's score and have direct evidence
    (title, lead unless the title is national, source, two places), or, in a piece without
    national cues, be named often or come with "the province" anaphora.
    """
    cues = cues or load_subject_cues(gazetteer.patterns)
    body_start = 0
    if title and text.lstrip().startswith(title.strip()):
        body_start = text.index(title.strip()) + len(title.strip())
    if found is None:  # the caller may pass what find(text, published) already returned
        found = gazetteer.find(text, published)
    mentions = [m for m in found if not _is_dateline(text, m.start_char, m.end_char)]
    if not title and url:  # the slug of a news URL is its headline
        title = regex.sub(r"[-_]+", " ", url.rstrip("/").rsplit("/", 1)[-1].split(".")[0]).title()
    title_matches = gazetteer.find(title, published) if title else []
    title_provs = {m.province for m in title_matches}
    subject = None
    if title_matches:
        first, *others = title_matches
        between = title[first.end_char: others[0].start_char] if others else None
        subject = None if between is not None and _RX_COORD.fullmatch(between) else first.province
    lead_s, lead_e = _lead_span(text, body_start, title)
    lead_provs = {m.province for m in mentions if lead_s <= m.start_char < lead_e
                  and not cues.venue_before.search(text, max(lead_s, m.start_char - 60), m.start_char)}
    counts = Counter(m.province for m in mentions if m.start_char >= body_start)
    places: dict[str, set[str]] = defaultdict(set)
    for _, _, surface, prov in gazetteer.find_places(text, {m.province for m in mentions}):
        places[prov].add(fold(surface))
    source = province_of_source(gazetteer, url, cues) or _source_of_text(gazetteer, text, cues)

    score: Counter[str] = Counter()
    for p in title_provs:
        score[p] += 3 + (2 if p == subject else 0)
    for p in lead_provs:
        score[p] += 2
    for p, n in counts.items():
        score[p] += min(n, 6)
    for p, names in places.items():
        score[p] += min(len(names), 4)
    # districts and communes in the headline or the lead speak for their province like its name would
    title_places = {prov for _, _, _, prov in gazetteer.find_places(title, title_provs)} if title else set()
    for p in title_places - title_provs:
        score[p] += 3
    lead_places = {prov for st, _, _, prov in gazetteer.find_places(text[lead_s:lead_e], lead_provs)}
    for p in lead_places - lead_provs:
        score[p] += 1
    if source:
        score[source] += 4
    if not score:
        return None
    (best, s1), *rest = score.most_common()
    s2 = rest[0][1] if rest else 0.0
    if subject and score[subject] >= s1:  # the headline's subject, unless another province outscores it
        return subject
    if s2 and s1 < 1.5 * s2:
        return None
    national_title = bool(title and cues.national.search(title))
    if (
        best in title_provs
        or best in title_places
        or (best == source and not national_title)  # a provincial paper may cover its whole region
        or len(places.get(best, ())) >= 2
        or (best in lead_provs and not national_title)
    ):
        return best
    if national_title or cues.national.search(text, lead_s, lead_e):
        return None
    if s1 >= 4 and s1 >= 3 * s2:
        return best
    if len(cues.anaphora.findall(text)) >= 2 and s1 >= 2 * s2:  # "the province" again and again
        return best
    return None


def province_of_source(gazetteer: Gazetteer, source: str | None, cues: SubjectCues | None = None) -> str | None:
    """The province of a provincial outlet named by a domain, URL or tag (``baohungyen.vn``, ``(BNP)``)."""
    if not source:
        return None
    cues = cues or load_subject_cues(gazetteer.patterns)
    for m in cues.domain.finditer(source):
        for label in m.group(1).lower().split("."):
            if label not in cues.domain_noise and label in gazetteer.domains:
                return gazetteer.domains[label]
    t = gazetteer.rx_tag.search(source)
    if t:
        return gazetteer.tags.get(fold(t.group("t")))
    for m in gazetteer.find(source):  # "Báo Hưng Yên", "Quang Ninh Newspaper"
        before = cues.outlet_before.search(source, max(0, m.start_char - 30), m.start_char)
        if before or cues.outlet_after.match(source, m.end_char):
            return m.province
    return None


def _source_of_text(gazetteer: Gazetteer, text: str, cues: SubjectCues) -> str | None:
    """A source line (``Nguồn: baoquangninh.vn``, ``Source: …``) or a dateline tag of a provincial outlet."""
    if any(cue in text for cue in cues.source_cues):
        for m in cues.source_line.finditer(text):
            hit = province_of_source(gazetteer, m.group("src"), cues)
            if hit:
                return hit
    t = gazetteer.rx_tag.match(text) or gazetteer.rx_tag_nl.search(text)  # what rx_tag.search(text) finds
    return gazetteer.tags.get(fold(t.group("t"))) if t else None


def _is_dateline(text: str, start: int, end: int) -> bool:
    """``HÀ NỘI — ...``, ``Hanoi (VNA) - ...``: a place name that opens a paragraph as its dateline."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_RX_DATELINE_AFTER.match(text, end))


def _lead_span(text: str, body_start: int, title: str | None) -> tuple[int, int]:
    """The first real paragraph after the title: not a dateline, a repeated title, a caption or a heading."""
    t = fold(title) if title else None
    pos = body_start
    for line in text[body_start:].splitlines(keepends=True):
        s = line.strip()
        if len(s.split()) >= 12 and not _RX_DATELINE.match(s) and fold(s) != t:
            start = pos + line.index(s[0])
            return start, start + len(s)
        pos += len(line)
    return body_start, body_start
