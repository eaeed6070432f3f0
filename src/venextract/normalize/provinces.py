"""Vietnam's provinces in English news: find them and their districts, map spellings to one name.

Pure Python (``regex``, no spaCy).  Every spelling of the 63 pre-2025 units is compiled into
one case-insensitive trie-shaped pattern whose letters also match their Vietnamese accented
forms (:mod:`.spellings`), so ``Ha Noi``, ``Hà Nội``, ``HÀ NỘI`` and ``Hanoi`` all hit.  Context
rules then drop what is not a province: part of a person's name (``Nguyen Thanh Hoa``), a
homonymous commune or district (``Hoa Binh commune``, ``Quang Ninh district``), a river, a
byline.  The province an article is about is inferred in :mod:`.primary_province`.

>>> g = Gazetteer()
>>> [m.province for m in g.find("Sedge mats from Thanh Hoá and Hanoi, said Nguyen Thanh Hoa.")]
['Thanh Hoa', 'Ha Noi']
>>> g.canonical("Daklak"), g.code("Dak Lak"), g.new_unit("Vinh Phuc")
('Dak Lak', '66', 'Phu Tho')
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import regex

from ..errors import PatternError
from ..resources import read_csv, read_lines, shared_per_folder
from ..types import ProvinceMatch
from .spellings import DASHES, fold, names_rx, nfc_with_offsets, tone_variants, trie_pattern

# fold and tone_variants live in .spellings; they stay importable from here
__all__ = ["Gazetteer", "fold", "tone_variants", "load_gazetteer"]

# ---------------------------------------------------------------- context rules

# possessive letter runs: whatever follows a name starts with no letter, so giving letters back never helps
_NAME = r"\p{Lu}[\p{L}\p{M}'’]*+(?:[ \-]\p{Lu}[\p{L}\p{M}'’]*+){0,3}"
# starts where a run of spaces starts, and is possessive: long white space cannot make it quadratic
_SEP = r"(?<!\s)(?:\s*+,(?:\s++(?:and|or)\b)?|\s++(?:and|or)\b|\s*+&)\s++"
_RX_PROVINCE_SUFFIX = regex.compile(r"\s+(?:Province|province|PROVINCE)\b")
_RX_CITY_SUFFIX = regex.compile(r"\s+(?:City|city|CITY)\b")
# "Hoa Binh commune" is a commune called so; "a Hoa Binh commune" and "Hoa Binh communes" are in the province
_RX_HEAD_AFTER = regex.compile(r"\s+(?i:district|commune|ward|village|hamlet|township|river)\b")
_RX_ARTICLE_BEFORE = regex.compile(r"(?i:\b(?:a|an|one|each|every|another))\s+$", regex.REVERSE)
_RX_LIST_AFTER = regex.compile(rf"(?P<list>(?:{_SEP}{_NAME})+)\s+(?i:districts|communes|wards|villages)\b")
_RX_LOWER_BEFORE = regex.compile(
    rf"\b(?i:districts?|communes?|wards?|villages?)\s+(?:of|such as|including|like|namely)\s+"
    rf"(?P<list>(?:{_NAME}{_SEP})*)$"
)
_RX_LIST_CONTINUES = regex.compile(rf"(?:{_SEP}{_NAME})+")
_RX_NEXT_WORDS = regex.compile(r"[ \-](\p{Lu}[\p{L}\p{M}]*)(?:[ \-](\p{Lu}[\p{L}\p{M}]*))?")
# patterns anchored at the end of the text before a match run in reverse: they start where they must end
_RX_RUN_BEFORE = regex.compile(r"((?:\p{Lu}[\p{L}\p{M}'’]*\.? ){1,5})$", regex.REVERSE)
_RX_CAPTION_BEFORE = regex.compile(
    r"(?i:\b(?:photos?|ảnh|credit|pv)\s*:|\bphotos?\s+by)\s*$|^\s*(?:By|BY)\s+$", regex.M | regex.REVERSE
)
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "madam", "mdm", "prof", "sir", "mister", "mme"}
_HEADS = {"district": "district", "town": "district", "city": "district", "commune": "commune", "ward": "commune",
          "township": "commune"}
_HEAD_TYPES = {"district": {"district", "urban district"}, "town": {"town", "township"}, "city": {"city"},
               "commune": {"commune"}, "ward": {"ward"}, "township": {"township"}}
_RX_PLACE_AFTER = regex.compile(
    rf"(?P<list>{_NAME}(?:{_SEP}{_NAME}){{0,8}})\s+(?P<head>(?i:districts?|towns?|city|cities|communes?|wards?|townships?))\b"
)
_RX_PLACE_BEFORE = regex.compile(
    rf"\b(?P<head>(?i:districts?|towns?|cities|communes?|wards?))\s+(?:of|such as|including|like|namely)\s+"
    rf"(?P<list>{_NAME}(?:{_SEP}{_NAME}){{0,8}})"
)
_RX_SPLIT_LIST = regex.compile(_SEP)
# every unit word of _RX_PLACE_AFTER and _RX_PLACE_BEFORE holds one of these: without them neither can match
# (the first letter as a class: re then skips to the candidates instead of trying every position)
_RX_ANY_HEAD = re.compile(r"[dtcwDTCW](?i:istrict|own|it|ommune|ard)")
# characters neither pattern can match (they hold only letters, marks, ' ’ - , & and white space): matches
# lie between two of these, so only the stretches around a unit word need searching
_LIST_BREAKS = r"""[0-9!"#$%()*+./:;<=>?@\[\\\]^_`{|}~“”…–—]"""
_RX_LIST_BREAK = re.compile(_LIST_BREAKS)
_RX_LAST_LIST_BREAK = re.compile(f"(?s:.*){_LIST_BREAKS}")
_RX_WORD = regex.compile(r"\S+")
# a capitalised word right before or after a one-word name makes it part of a longer one ("City" does not)
_RX_NAME_BEFORE = regex.compile(
    r"(?<!\S)(?!(?:In|At|From|To|The|And|Of|For|On|By|With|Near|Around|Across|Outside|Inside)[ \-]$)"
    r"\p{Lu}[\p{L}\p{M}'’.]*[ \-]$", regex.REVERSE)
_RX_NAME_AFTER = regex.compile(r"[ \-](?!(?:City|CITY)\b)\p{Lu}")


# ---------------------------------------------------------------- the gazetteer

class Gazetteer:
    """The province, district and source tables of ``patterns/`` and the recognisers built on them."""

    #: every pattern file this class reads (a saved pipeline copies them)
    FILES = (
        "provinces.csv", "province_variants.csv", "province_variants_extra.csv", "districts.csv",
        "districts_extra.csv", "sources.csv", "vietnamese_surnames.txt",
    )

    def __init__(self, patterns: str | Path | None = None) -> None:
        self.patterns = patterns
        self._load_units(patterns)
        self._load_variants(patterns)
        self._load_places(patterns)
        self._load_sources(patterns)
        self._surnames = {fold(s) for s in read_lines("vietnamese_surnames.txt", patterns)}
        self._rx = names_rx(self._variant)
        self._rx_bare = names_rx(self._district_bare, capitalised=True)  # unmistakable district names

    # ------------------------------------------------------------ loading
    def _load_units(self, patterns: str | Path | None) -> None:
        cols = ("code", "name", "name_vi", "type", "region", "new_2025", "new_2025_code")
        self.units: dict[str, dict[str, str]] = {}
        for row in read_csv("provinces.csv", patterns, required=cols):
            self.units[row["name"]] = dict(row)
        if len(self.units) != 63 or len({u["code"] for u in self.units.values()}) != 63:
            raise PatternError("provinces.csv must list the 63 pre-2025 units with unique codes")
        # names of the 34 new units; a merged unit's name that is an old name stays that old name
        self._new_code = {u["new_2025"]: u["new_2025_code"] for u in self.units.values()}
        self._cities = {n for n, u in self.units.items() if u["type"] == "city"}

    def _load_variants(self, patterns: str | Path | None) -> None:
        self._variant: dict[str, tuple[str, bool, date | None]] = {}
        for name in ("province_variants.csv", "province_variants_extra.csv"):
            for row in read_csv(name, patterns, required=("variant", "canonical")):
                canonical = row["canonical"].strip()  # empty: a phrase that holds a unit's name but is no unit
                if canonical and canonical not in self.units and canonical not in self._new_code:
                    raise PatternError(f"{name}: {row['variant']!r} maps to unknown unit {canonical!r}")
                since = date.fromisoformat(row["since"]) if (row.get("since") or "").strip() else None
                self._variant[fold(row["variant"])] = (canonical, (row.get("cased") or "").strip() == "1", since)
        for name in self.units:  # the canonical names themselves always match
            self._variant.setdefault(fold(name), (name, False, None))

    def _load_places(self, patterns: str | Path | None) -> None:
        cols = ("level", "name", "name_vi", "province", "ambiguous")
        # (level, folded name) → province → unit types ("district", "city", "commune", ...)
        self._place_types: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for name in ("districts.csv", "districts_extra.csv"):
            for row in read_csv(name, patterns, required=cols):
                if row["province"] not in self.units:
                    raise PatternError(f"{name}: {row['name']!r} is in unknown unit {row['province']!r}")
                for form in {fold(row["name"]), fold(row["name_vi"])} - {""}:
                    self._place_types[(row["level"], form)][row["province"]].add(row.get("type") or "")
        self._place_types = {key: dict(typed) for key, typed in self._place_types.items()}
        self._places = {key: set(typed) for key, typed in self._place_types.items()}
        # names of provinces (a name that is one only from a date, as "Hue" from 2025, was a city before)
        provinces = {key for key, (_, _, since) in self._variant.items() if since is None}
        # a district name used bare (no "district" after it) must be unmistakable: one province, no
        # province's name, and two words, or one word naming a provincial city ("Hue", "Pleiku"), which
        # must then stand alone (see find_places)
        self._district_bare: dict[str, set[str]] = {
            key: provs
            for (level, key), provs in self._places.items()
            if level == "district" and len(provs) == 1 and key not in provinces
            and (" " in key or set().union(*self._place_types[level, key].values()) == {"city"})
        }

    def _load_sources(self, patterns: str | Path | None) -> None:
        """Provincial outlets (read by :mod:`.primary_province`): web domain label → province, folded tag →
        province, and the tags as they open a paragraph."""
        self.domains: dict[str, str] = {}
        tags: dict[str, str] = {}
        for row in read_csv("sources.csv", patterns, required=("kind", "key", "province")):
            if row["province"] not in self.units:
                raise PatternError(f"sources.csv: {row['key']!r} points to unknown unit {row['province']!r}")
            if row["kind"] == "domain":
                self.domains[row["key"].strip().lower()] = row["province"]
            elif row["kind"] == "tag":
                tags[fold(row["key"])] = row["province"]
        self.tags = tags
        alt = trie_pattern(tags) if tags else "(?!)"
        # "(BNP) -", "BTO-", "(BGĐT)" opening a paragraph
        tag = rf"[^\S\n]*+(?:\([^\S\n]*(?P<t>{alt})[^\S\n]*\)|(?P<t>{alt})[^\S\n]*[{DASHES}:])"
        self.rx_tag = regex.compile(rf"(?:^|\n){tag}")
        # the same after a line break only: a search for it skips straight from one line break to the next
        self.rx_tag_nl = regex.compile(rf"\n{tag}")

    # ------------------------------------------------------------ look-ups
    def canonical(self, name: str) -> str | None:
        """The canonical name of a spelling (``"HCMC"`` → ``"Ho Chi Minh City"``), or None.

        Accepts ``X Province``, ``Tỉnh X``, ``Thành phố X`` and ``TP X`` too.
        """
        key = fold(name)
        for prefix in ("tinh ", "thanh pho ", "tp. ", "tp.", "tp ", "the province of ", "province of "):
            key = key.removeprefix(prefix)
        stripped = key.removesuffix(" province").removesuffix(" city")
        for k in (fold(name), key, stripped, stripped + " city"):
            hit = self._variant.get(k)
            if hit and hit[0]:
                return hit[0]
        return None

    def code(self, canonical: str) -> str | None:
        """The official two-digit code (pre-2025 code; for a new 2025 name, its new code)."""
        unit = self.units.get(canonical)
        return unit["code"] if unit else self._new_code.get(canonical)

    def new_unit(self, canonical: str) -> str | None:
        """The unit of the July 2025 merger that ``canonical`` belongs to (a new name maps to itself)."""
        unit = self.units.get(canonical)
        if unit:
            return unit["new_2025"]
        return canonical if canonical in self._new_code else None

    def variants(self, published: date | None = None) -> dict[str, str]:
        """Surface form → canonical name for every listed spelling (for a phrase matcher).

        Spellings that hold only from a date (new 2025 names) are included when ``published`` is on
        or after it.
        """
        out = {}
        for name in ("province_variants.csv", "province_variants_extra.csv"):
            for row in read_csv(name, self.patterns):
                canonical, _, since = self._variant[fold(row["variant"])]
                if canonical and (since is None or (published is not None and published >= since)):
                    out[row["variant"]] = row["canonical"]
        for name in self.units:
            out.setdefault(name, name)
        return out

    def places_named(self, name: str) -> set[str]:
        """Provinces that have a district, town, city or commune called ``name``."""
        key = fold(name)
        return self._places.get(("district", key), set()) | self._places.get(("commune", key), set())

    # ------------------------------------------------------------ province mentions
    def find(self, text: str, published: date | None = None) -> list[ProvinceMatch]:
        """Province mentions, in order; spans include a following ``Province`` (and ``City`` for cities).

        ``published`` enables names that exist only from a date (``Hue`` as a unit from 2025).
        """
        nfc, offsets = nfc_with_offsets(text)
        tail = _tail_start(nfc)
        out = []
        for m in self._rx.finditer(nfc):
            start, end = m.span()
            hit = self._variant.get(fold(m.group()))
            if hit is None:
                continue
            canonical, cased, since = hit
            if not canonical or since is not None and (published is None or published < since):
                continue
            if cased and not all(w[:1].isupper() for w in m.group().split()):
                continue
            if self._not_a_province(nfc, start, end, tail):
                continue
            if s := _RX_PROVINCE_SUFFIX.match(nfc, end):
                end = s.end()
            elif (canonical in self._cities or canonical in self._new_code and canonical not in self.units) and (
                s := _RX_CITY_SUFFIX.match(nfc, end)
            ):
                end = s.end()
            if offsets is not None:
                start, end = offsets[start], offsets[end]
            out.append(ProvinceMatch(start, end, text[start:end], canonical, self.code(canonical)))
        return out

    def _not_a_province(self, text: str, start: int, end: int, tail: int) -> bool:
        """A homonymous lower unit or river, a longer place name, or part of a person's name or a byline."""
        if _RX_HEAD_AFTER.match(text, end) and not _RX_ARTICLE_BEFORE.search(text, max(0, start - 10), start):
            return True
        listed = _RX_LIST_AFTER.match(text, end)
        if listed and self._lists_places(text, listed.start("list"), listed.end("list")):
            return True  # "Quang Ninh and Bo Trach districts"
        window = max(0, start - 200)
        before = _RX_LOWER_BEFORE.search(text, window, start) if _has_unit_word(text, window, start) else None
        if before and self.places_named(text[start:end]):
            # "the districts of Quang Ninh and Le Thuy" lists districts; "the districts of Quang Nam", a province
            after = _RX_LIST_CONTINUES.match(text, end)
            if self._lists_places(text, before.start("list"), before.end("list")) or (
                after and self._lists_places(text, after.start(), after.end())
            ):
                return True
        nxt = _RX_NEXT_WORDS.match(text, end)
        if nxt:
            name = fold(text[start:end])
            for w in (nxt.group(1), f"{nxt.group(1)} {nxt.group(2)}" if nxt.group(2) else None):
                if w and self.places_named(f"{name} {w}"):
                    return True
        return self._is_person(text, start, end, tail)

    def _lists_places(self, text: str, start: int, end: int) -> bool:
        """Does ``text[start:end]`` (``A, B and``) name a district or commune that is no province?"""
        for s, e in _list_items(text, *_strip_separators(text, start, end)):
            words = text[s:e].split()
            for k in range(len(words)):
                name = " ".join(words[k:])
                if self.places_named(name) and fold(name) not in self._variant:
                    return True
        return False

    def _is_person(self, text: str, start: int, end: int, tail: int) -> bool:
        """``Nguyen Thanh Hoa``, ``Ms. Hue``, ``photo: Thanh Hoa``, or a byline line at the end."""
        line_start = text.rfind("\n", max(0, start - 80), start) + 1 or max(0, start - 80)
        before = text[line_start:start]  # at most 80 characters: the patterns below look only at its end
        if _RX_CAPTION_BEFORE.search(before):
            return True
        if start >= tail and line_start > 0:
            line_end = text.find("\n", end, end + 40)
            if line_end < 0 and len(text) - end <= 40:
                line_end = len(text)
            line = text[text.rfind("\n", max(0, start - 40), start) + 1: line_end]
            if line_end > 0 and line.strip(" \t.,;") == text[start:end]:  # a line of its own near the end
                return True
        run = _RX_RUN_BEFORE.search(before)
        if not run:
            return False
        words = run.group(1).split()
        if fold(words[-1].rstrip(".")) in _TITLES:
            return True
        for i in range(len(words) - 1, -1, -1):  # a full stop ends a sentence unless it closes a title
            if words[i].endswith(".") and fold(words[i][:-1]) not in _TITLES:
                words = words[i + 1:]
                break
        if not words:
            return False
        n_match = len(text[start:end].split())
        for i, w in enumerate(words):
            if fold(w) in self._surnames:
                rest = words[i:]
                if any(len(x) > 7 or not x.isalpha() for x in rest):
                    return False
                if self.places_named(" ".join(rest)):
                    return False
                return len(rest) + n_match <= 4
        return False

    # ------------------------------------------------------------ districts, towns, communes
    def find_places(self, text: str, provinces: Iterable[str] | None = None) -> list[tuple[int, int, str, str]]:
        """District-, town- and commune-level names that point to one province: (start, end, text, province).

        A name counts when a unit word follows or precedes it (``Luc Ngan district``, ``Giong Trom and
        Binh Dai districts``, ``the districts of Duy Xuyen and Dai Loc``) or when it is a district name
        that only one province has.  A name shared by several provinces is kept only when exactly one of
        them is named in the text (``provinces``, else :meth:`find`) or by another place.
        """
        nfc, offsets = nfc_with_offsets(text)
        if provinces is None:
            provinces = {m.province for m in self.find(nfc)}
        found: dict[tuple[int, int], set[str]] = {}
        runs = _runs_around_unit_words(nfc)
        for rx in (_RX_PLACE_AFTER, _RX_PLACE_BEFORE):
            for m in (m for start, end in runs for m in rx.finditer(nfc, start, end)):
                word = m.group("head").lower()
                head = "city" if word == "cities" else word.rstrip("s")
                items = _list_items(nfc, m.start("list"), m.end("list"))
                if head == word and rx is _RX_PLACE_AFTER:  # "A, B district": the unit word names only B
                    items = items[-1:]
                for s, e in items:
                    hit = self._resolve(nfc, s, e, head)
                    if hit:
                        found[hit[0], hit[1]] = hit[2]
        taken = sorted(found)
        starts = [t[0] for t in taken]
        tail = _tail_start(nfc)
        for m in self._rx_bare.finditer(nfc):
            s, e = m.span()
            i = bisect_right(starts, e - 1)  # spans starting before e; only the last few can overlap
            if any(te > s for _, te in taken[max(0, i - 3): i]) or self._is_person(nfc, s, e, tail):
                continue
            if " " not in m.group().strip() and (_RX_NAME_BEFORE.search(nfc, max(0, s - 40), s)
                                                 or _RX_NAME_AFTER.match(nfc, e)):
                continue  # a one-word city inside a longer name: "Thua Thien Hue", "Nguyen Thi Hue"
            found[s, e] = self._district_bare[fold(m.group())]
        context = set(provinces) | {next(iter(p)) for p in found.values() if len(p) == 1}
        out = []
        for (s, e), provs in sorted(found.items()):
            if len(provs) > 1:
                provs = provs & context
            if len(provs) == 1:
                if offsets is not None:
                    s, e = offsets[s], offsets[e]
                out.append((s, e, text[s:e], next(iter(provs))))
        return out

    def _resolve(self, text: str, s: int, e: int, head: str) -> tuple[int, int, set[str]] | None:
        """The longest final word sequence of ``text[s:e]`` that names a unit of the kind ``head`` says.

        Where units of that type narrow a shared name to one province ("Hoa Binh district" is in Bac
        Lieu, "Hoa Binh city" in Hoa Binh), that province is taken.
        """
        levels = ("commune", "district") if _HEADS[head] == "commune" else ("district", "commune")
        words = list(_RX_WORD.finditer(text[s:e]))
        for k in range(len(words)):
            start = s + words[k].start()
            key = fold(text[start:e])
            for level in levels:
                typed = self._place_types.get((level, key))
                if typed:
                    fitting = {p for p, types in typed.items() if types & _HEAD_TYPES[head]}
                    return start, e, fitting if len(fitting) == 1 else set(typed)
        return None


def _runs_around_unit_words(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` where a unit-word list pattern can match, in order.

    Each is a run free of :data:`_LIST_BREAKS` characters that holds a unit word, plus the character
    that ends it (so a closing ``\\b`` sees what follows, as in the whole text).
    """
    runs: list[tuple[int, int]] = []
    for m in _RX_ANY_HEAD.finditer(text):
        floor = runs[-1][1] if runs else 0
        if m.start() < floor:
            continue
        before = _RX_LAST_LIST_BREAK.match(text, floor, m.start())
        after = _RX_LIST_BREAK.search(text, m.end())
        runs.append((before.end() if before else floor, after.end() if after else len(text)))
    return runs


def _has_unit_word(text: str, start: int, end: int) -> bool:
    """Cheap test before a costly search: does a lower unit's word occur in ``text[start:end]``?"""
    window = text[start:end].lower()
    return any(w in window for w in ("district", "commune", "ward", "village"))


def _strip_separators(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without list separators at either end (``, B and C`` → ``B and C``)."""
    m = regex.match(rf"(?:{_SEP})?(.*?)(?:{_SEP})?$", text[start:end], regex.S)
    return start + m.start(1), start + m.end(1)


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names in ``A, B and C``."""
    items, pos = [], start
    for sep in _RX_SPLIT_LIST.finditer(text, start, end):
        items.append((pos, sep.start()))
        pos = sep.end()
    items.append((pos, end))
    return items


def _tail_start(text: str, n_lines: int = 4) -> int:
    """Offset where the last ``n_lines`` non-empty lines begin (bylines and source lines live there)."""
    pos, seen = len(text), 0
    while pos > 0 and seen < n_lines:
        nl = text.rfind("\n", 0, pos - 1)
        if text[nl + 1: pos].strip():
            seen += 1
        pos = nl + 1 if nl >= 0 else 0
        if nl < 0:
            break
    return pos


@shared_per_folder
def load_gazetteer(patterns: str | None = None) -> Gazetteer:
    """A shared :class:`Gazetteer` per patterns folder (building one compiles a few large patterns)."""
    return Gazetteer(patterns)
