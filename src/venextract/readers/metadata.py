"""Article metadata from plain text: headline, dateline, section, byline, source line.

Pure functions on already decoded text with ``"\\n"`` line endings. Offsets are
character offsets into that text; ranges are half-open ``(start, end)``.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime

HEAD_LINES = 6  # non-empty lines at the top searched for the dateline
TAIL_LINES = 8  # non-empty lines at the bottom searched for byline and source line
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<mname>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?)")
_WEEKDAY = (r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
            r"|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)")
_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?P<ampm>[ap]\.?m\.?))?)"
_TZ = r"(?:\(?(?:gmt|utc|ict)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)"
_SEP = r"\s*[|,\-–—]?\s*"
_NUM_DATE = r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4})"
_YMD_DATE = r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
_MDY_DATE = _MONTH + r"\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})"
_DMY_DATE = r"(?P<dd>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.replace("mname", "dmname") + r",?\s+(?P<dy>\d{4})"
_LABEL = (r"(?:(?:published|posted|updated|dated|issued|(?:report|release|issue)\s+date|date\s+of\s+(?:the\s+)?"
          r"(?:report|release|issue)|date|ngày)\s*:?\s*)?")
# the place a report or press release is dated at: "Vinh City, 16 October 2023", "Thái Bình, 20/12/2023"
_PLACE_BEFORE = r"(?:[^\W\d_][\w’'.-]*(?:\s[^\W\d_][\w’'.-]*){0,3}\s*,\s*)?"
# a byline before the date, as on VnExpress: "By Hoang Tao   October 18, 2024 | 05:12 pm GMT+7"
_BYLINE_BEFORE = r"(?:by\s+[^\W\d_][\w’'.-]*(?:\s[^\W\d_][\w’'.-]*){0,4}(?:\s{2,}|\s*[|,–—-]\s*))?"
# Vietnamese: "ngày 15 tháng 3 năm 2024"
_VI_DATE = r"(?:ngày\s+)?(?P<vd>\d{1,2})\s+tháng\s+(?P<vm>\d{1,2}),?\s+năm\s+(?P<vy>\d{4})"
_DATE_ANY = rf"(?:{_NUM_DATE}|{_YMD_DATE}|{_MDY_DATE}|{_DMY_DATE}|{_VI_DATE})"

_TIME_BEFORE = _TIME.replace("time", "t1").replace("ampm", "ap1")
_TIME_AFTER = _TIME.replace("time", "t2").replace("ampm", "ap2") + r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
# time before or after the date, each optional; then an optional time zone
_DATELINE = re.compile(
    rf"^\s*{_BYLINE_BEFORE}{_PLACE_BEFORE}{_LABEL}(?:{_WEEKDAY}\s*,?\s*)?(?:{_TIME_BEFORE}{_SEP})?"
    rf"(?:{_WEEKDAY}\s*,?\s*)?{_DATE_ANY}"
    rf"(?:(?:{_SEP}|T){_TIME_AFTER})?"
    rf"(?:\s*{_TZ})?(?P<rest>.*)$",
    re.IGNORECASE,
)
# a dateline opening the lead: "Hà Nội, 12 March 2024 – The Ministry ...", "HANOI, Jan 5, 2024 (VNA) - ..."
_LEAD_DATELINE = re.compile(
    rf"^\s*{_PLACE_BEFORE.replace(')?', ')')}{_DATE_ANY}\s*(?:\([^()\n]{{1,25}}\)\s*)?[–—-]{{1,2}}\s+\S",
    re.IGNORECASE,
)
# the date a document names as its own in its headline: "Decision No. 1234/QD-UBND dated 05/07/2023 ..."
_DATED = re.compile(rf"\bdated\s+{_DATE_ANY}", re.IGNORECASE)
OFFICIAL_HEAD_LINES = 10  # non-empty lines at the top searched for an official document's national motto
# the national motto over a Vietnamese official document, and the kinds of document under it
_MOTTO = re.compile(
    r"^\s*(?:(?:the\s+)?socialist\s+republic\s+of\s+viet\s?nam|independence\s*[-–—]\s*freedom\s*[-–—]\s*happiness"
    r"|cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc)\s*$",
    re.IGNORECASE,
)
_DOC_KIND = re.compile(
    r"^\s*(?:notice|announcement|decision|report|plan|official\s+letter|directive|resolution|submission|"
    r"instruction|conclusion|minutes|thông\s+báo|quyết\s+định|báo\s+cáo|kế\s+hoạch|công\s+văn|chỉ\s+thị|"
    r"nghị\s+quyết|tờ\s+trình)\s*$",
    re.IGNORECASE,
)
_DOC_NUMBER = re.compile(r"^\s*(?:No|Số)\.?\s*:?\s*\d", re.IGNORECASE)
_COLUMN_GAP = re.compile(r"\s{3,}")  # columns of a two-column header or signature block
SIGNATURE_LINES = 12  # non-empty lines at the bottom searched for a signature block's "Place, date"
_SECTION = re.compile(r"^[^\W\d_][\w’'.-]*(?:\s+(?:&|and|[^\W\d_][\w’'.-]*)){0,3}$")
_VIEWS = re.compile(r"^\s*(?:views?|lượt xem)\s*:?\s*[\d.,]+\s*$", re.IGNORECASE)
# a web page's list of other articles after the body: it and all after it are no part of the article
_RELATED = re.compile(
    r"^\s*(?:related|other|more|latest|recommended)\s+(?:news|articles|stories|posts|reports)\s*:?\s*$"
    r"|^\s*(?:read\s+more|see\s+also|you\s+may\s+(?:also\s+)?like|tin\s+liên\s+quan|tin\s+khác)\s*:?\s*$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^[^\W\d_][^.!?>\n]{0,50}(?:\s+[>»›]\s+[^.!?>\n]{1,60}){1,4}$")
_BUTTONS = re.compile(
    r"^(?:(?:home|search|menu|share(?:\s+on\s+\w+)?|print|e-?mail|tweet|like|comments?|back\s+to\s+top|"
    r"font\s+size:?(?:\s+A[-+])*|A-|A\+|EN|VN|VI|login|log\s+in|sign\s+in|subscribe)[\s|/·•,]*)+$",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^\s*(?:tags?|keywords?|từ\s+khóa)\s*:", re.IGNORECASE)
_COPY_LINK = re.compile(r"^\s*copy\s+link\s*$", re.IGNORECASE)
_SOURCE = re.compile(r"^\s*(?P<label>source|nguồn(?:\s+trích\s+dẫn)?|nguon(?:\s+trich\s+dan)?)\s*:\s*(?P<value>.*?)"
                     r"(?:\s+copy\s+link)?\s*$", re.IGNORECASE)
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
                     r"(?:/\S*)?$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][\w’'.-]*$")
_NAME_JOINERS = {"and", "&", "-", "–", ",", "và"}
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")


@dataclass(slots=True)
class TextMetadata:
    """What the plain text says about the article; ``None`` where it says nothing."""

    title: str | None = None
    published: date | None = None
    section: str | None = None
    author: str | None = None
    url: str | None = None
    source_line: str | None = None  # e.g. "Nguồn: baoquangninh.vn", kept verbatim
    skip_ranges: list[tuple[int, int]] = field(default_factory=list)


# ------------------------------------------------------------------ basics


def normalize_newlines(text: str) -> str:
    r"""Turn CRLF and lone CR into LF and drop a leading byte order mark.

    >>> normalize_newlines("a\r\nb\rc\nd")
    'a\nb\nc\nd'
    >>> normalize_newlines("\ufeffx")
    'x'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def content_hash(text: str) -> str:
    """The sha256 hex digest of ``text`` (UTF-8), for recognising a document again.

    >>> content_hash("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Every line as (start, end, text) without its newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _squash(s: str) -> str:
    """White space runs as one space, none at either end (``str.split`` splits where ``\\s`` matches)."""
    return " ".join(s.split())


def _key(s: str) -> str:
    """Lower case without punctuation, for comparing a title with its copies."""
    return _squash(_NON_WORD.sub("", unicodedata.normalize("NFC", s).casefold()))


# ------------------------------------------------------------------ dates


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_from_match(m: re.Match[str]) -> date | None:
    if m.group("y"):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        groups = m.groupdict()
        us_clock = bool(groups.get("ap1") or groups.get("ap2"))
        if a > 12:
            day, month = a, b
        elif b > 12:
            month, day = a, b
        elif us_clock:  # "8:07:34 AM | 9/20/2021": a US page, month first
            month, day = a, b
        else:
            day, month = a, b
        return _make_date(year, month, day)
    if m.group("iy"):
        return _make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.groupdict().get("vy"):
        return _make_date(int(m.group("vy")), int(m.group("vm")), int(m.group("vd")))
    if m.group("mname"):
        return _make_date(int(m.group("my")), _MONTHS[m.group("mname")[:3].lower()], int(m.group("md")))
    return _make_date(int(m.group("dy")), _MONTHS[m.group("dmname")[:3].lower()], int(m.group("dd")))


def parse_dateline(line: str) -> tuple[date, str | None] | None:
    """The date and section of a dateline, or ``None`` when ``line`` is no dateline.

    A dateline is a date, with an optional clock time before or after it, and at
    most a short section name after it; a sentence that mentions a date is not one.

    >>> parse_dateline("06:09 | 18/09/2020 Society")
    (datetime.date(2020, 9, 18), 'Society')
    >>> parse_dateline("8:07:34 AM | 9/20/2021")
    (datetime.date(2021, 9, 20), None)
    >>> parse_dateline("30/10/2017 - 15:42")
    (datetime.date(2017, 10, 30), None)
    >>> parse_dateline("Monday, September 18, 2020")
    (datetime.date(2020, 9, 18), None)
    >>> parse_dateline("By Hoang Tao   October 18, 2024 | 05:12 pm GMT+7")
    (datetime.date(2024, 10, 18), None)
    >>> parse_dateline("Vinh City, 16 October 2023"), parse_dateline("Report date: 15/12/2023")[0]
    ((datetime.date(2023, 10, 16), None), datetime.date(2023, 12, 15))
    >>> parse_dateline("On September 18, 2020, the province opened a fair.") is None
    True
    """
    if len(line) > 120:
        return None
    m = _DATELINE.match(line)
    if not m:
        return None
    found = _date_from_match(m)
    if found is None:
        return None
    rest = m.group("rest").strip(" \t|,-–—:()[]")
    if not rest:
        return found, None
    if _SECTION.match(rest) and rest[0].isupper():
        return found, rest
    return None


def parse_date(value: object) -> date | None:
    """A date from a metadata value: ISO date or datetime, a dateline, or an e-mail style date.

    >>> parse_date("2020-09-18T06:09:00+07:00")
    datetime.date(2020, 9, 18)
    >>> parse_date("18/09/2020")
    datetime.date(2020, 9, 18)
    >>> parse_date("Fri, 18 Sep 2020 06:09:00 +0700")
    datetime.date(2020, 9, 18)
    >>> parse_date("soon") is None
    True
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        return None
    s = _squash(str(value))
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    parsed = parse_dateline(s)
    if parsed:
        return parsed[0]
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# ------------------------------------------------------------------ title, byline, source


def looks_like_title(line: str) -> bool:
    """Whether a first line reads as a headline rather than a body sentence.

    >>> looks_like_title("Ha Tinh Province opens windows of opportunity for rural industries")
    True
    >>> looks_like_title("Over the past time, the province has made many policies to create jobs....")
    False
    """
    s = _squash(line)
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > MAX_TITLE_WORDS:
        return False
    if s.endswith((".", ",", ";", ":")):
        return False
    if s.startswith("(") or not any(c.isalpha() for c in s):
        return False
    return not (_SOURCE.match(s) or _VIEWS.match(s) or parse_dateline(s))


def looks_like_name(line: str) -> bool:
    """Whether a short line is a byline: one or a few capitalised names.

    >>> looks_like_name("Lan Hoang")
    True
    >>> looks_like_name("Thu Trang and Minh Chau")
    True
    >>> looks_like_name("The province will grow.")
    False
    """
    s = _BY.sub("", _squash(line))
    if not s or len(s) > 60 or any(c.isdigit() for c in s):
        return False
    words = [w for w in re.split(r"(\s+|,)", s) if w.strip()]
    names = [w for w in words if w.lower() not in _NAME_JOINERS]
    if not names or len(names) > 8 or (len(words) == 1 and len(s) < 3):
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() for w in names)


def parse_source_line(line: str) -> tuple[str | None, str] | None:
    """``(url, value)`` of a "Source: ..." / "Nguồn: ..." line; url is ``None`` unless the value is a URL.

    A bare domain counts as a URL and is kept as written.

    >>> parse_source_line("Source:https://ven.congthuong.vn/a-1.html Copy link")
    ('https://ven.congthuong.vn/a-1.html', 'https://ven.congthuong.vn/a-1.html')
    >>> parse_source_line("Nguồn: baoquangninh.vn")
    ('baoquangninh.vn', 'baoquangninh.vn')
    >>> parse_source_line("Source: Vietnam News Agency")
    (None, 'Vietnam News Agency')
    """
    m = _SOURCE.match(line)
    if not m:
        return None
    value = m.group("value").strip()
    if not value:
        return None
    first = value.split()[0].rstrip(".,;")
    if _URL.match(first) or (_DOMAIN.match(first) and len(value.split()) == 1):
        return first, value
    return None, value


# ------------------------------------------------------------------ whole text


def parse_metadata(text: str) -> TextMetadata:
    """Title, dateline, section, byline, source line and the non-body ranges of ``text``.

    >>> meta = parse_metadata("Big news\\n\\n06:09 | 18/09/2020 Society\\n\\nBody text.\\n\\nLan Hoang\\nViews: 3")
    >>> meta.title, meta.published, meta.section, meta.author
    ('Big news', datetime.date(2020, 9, 18), 'Society', 'Lan Hoang')
    >>> meta.skip_ranges
    [(10, 36), (50, 59), (60, 68)]
    """
    meta = TextMetadata()
    lines = [ln for ln in _lines(text) if ln[2].strip()]
    if not lines:
        return meta
    # a web page's menus, breadcrumbs and buttons are no part of the article
    furniture = [_is_page_furniture(ln[2]) for ln in lines]
    page = [ln for ln, f in zip(lines, furniture, strict=True) if f]
    skips: list[tuple[int, int]] = [(start, end) for start, end, _ in page]
    if page:
        lines = [ln for ln, f in zip(lines, furniture, strict=True) if not f]
        if not lines:
            return meta
    head = lines[:HEAD_LINES]

    # the dateline: the first short line in the head that is a date
    title_from = 0
    for i, (start, end, line) in enumerate(head):
        parsed = parse_dateline(line)
        if parsed:
            meta.published, meta.section = parsed
            skips.append((start, end))
            if i == 0:
                title_from = 1
            elif page and page[0][0] < start and looks_like_title(_squash(head[i - 1][2])):
                # below a page's site name and menus, the headline stands right above the dateline
                title_from = i - 1
                skips.extend((a, b) for a, b, _ in head[:title_from])
            break

    if meta.published is None:
        meta.published = _date_elsewhere(lines, head, skips)

    # an official document's header: issuing body, number, national motto, "Place, date", then the kind of
    # document ("NOTICE", "DECISION") over its title
    motto = next((n for n, ln in enumerate(lines[:OFFICIAL_HEAD_LINES]) if _MOTTO.match(ln[2])), None)
    if motto is not None:
        kind = next((n for n in range(motto + 1, min(len(lines), motto + 6)) if _DOC_KIND.match(lines[n][2])), None)
        if kind is not None and kind + 1 < len(lines) and looks_like_title(_squash(lines[kind + 1][2])):
            skips.extend((a, b) for a, b, _ in lines[:kind + 1])
            if meta.published is None:
                meta.published = next((d for _, _, ln in lines[motto + 1:kind] if (d := parse_date(ln))), None)
            title_from = kind + 1

    # the title: first non-empty line (after a leading dateline), if followed by more text
    if len(lines) > title_from + 1:
        line = lines[title_from][2]
        candidate = _squash(re.sub(r"^\s*#+\s*", "", line))
        if looks_like_title(candidate):
            meta.title = candidate

    # the tail: a list of related articles to the end, tags, source line, views, copy link, then the byline
    body_start = title_from + (1 if meta.title else 0)
    related = next((n for n in range(len(lines) - 1, len(lines) // 2, -1) if _RELATED.match(lines[n][2])), None)
    if related is not None:
        skips.append((lines[related][0], len(text)))
        lines = lines[:related]
    for start, end, line in lines[body_start:]:
        if _TAGS.match(line):
            skips.append((start, end))
    tail_floor = max(body_start, len(lines) - TAIL_LINES)
    i = len(lines) - 1
    while i >= tail_floor:
        start, end, line = lines[i]
        source = parse_source_line(line)
        if source:
            if meta.source_line is None:
                meta.url, meta.source_line = source[0], _squash(line)
            skips.append((start, end))
        elif _VIEWS.match(line) or _COPY_LINK.match(line) or _TAGS.match(line):
            skips.append((start, end))
        else:
            break
        i -= 1
    if i >= max(body_start, 1) and i >= tail_floor:
        start, end, line = lines[i]
        if looks_like_name(line) and not (meta.title and _key(line) == _key(meta.title)):
            meta.author = _BY.sub("", _squash(line))
            skips.append((start, end))

    # copies: the lower-case copy of the title, a caption or lede repeated verbatim
    title_key = _key(meta.title) if meta.title else None
    seen: set[str] = set()
    for n, (start, end, line) in enumerate(lines):
        if n < title_from + 1 and meta.title:
            seen.add(_squash(line))
            continue
        if title_key and n < HEAD_LINES * 2 and _key(line) == title_key:
            skips.append((start, end))
            continue
        squashed = _squash(line)
        if len(squashed) >= 30 and squashed in seen:
            skips.append((start, end))
        seen.add(squashed)

    meta.skip_ranges = _merge(skips)
    return meta


def _is_page_furniture(line: str) -> bool:
    """A web page's menu ("Home | News | Investment"), breadcrumb ("News > Economy"), or buttons ("Share
    Print", "Back to top", "Search")."""
    s = line.strip()
    if len(s) > 160:
        return False
    if s.count("|") >= 2 and all(0 < len(item.strip()) <= 30 for item in s.split("|")) \
            and not any(c.isdigit() for c in s):
        return True
    if _BREADCRUMB.match(s) and not any(c.isdigit() for c in s):
        return True
    return bool(_BUTTONS.match(s))


def _date_elsewhere(lines: list[tuple[int, int, str]], head: list[tuple[int, int, str]],
                    skips: list[tuple[int, int]]) -> date | None:
    """The document's date when no line of the head is a dateline: a dateline opening the lead, the date
    the headline or a document number line says the document is dated (that line joins ``skips``), or the
    "Place, date" of a header or a signature block at the end."""
    for _, _, line in head:
        m = _LEAD_DATELINE.match(line)
        if m:
            return _date_from_match(m)
    for n, (start, end, line) in enumerate(head):
        # the headline, or a document number line: "No. 412/BC-SCT, dated 15/12/2023"
        m = _DATED.search(line) if n == 0 or _DOC_NUMBER.match(line) else None
        found = _date_from_match(m) if m else _place_date_column(line)  # "No. 1587/BC-SCT     Đông Hà, 4 October 2023"
        if found:
            if n > 0:
                skips.append((start, end))  # a header line, no body text
            return found
    for _, _, line in reversed(lines[-SIGNATURE_LINES:]):
        found = _place_date_column(line)
        if found:
            return found
    return None


def _place_date_column(line: str) -> date | None:
    """The "Place, date" of a signature block or a header, alone on its line or as its last column
    ("Recipients:          Tuy Hòa, 12 July 2023")."""
    last = _COLUMN_GAP.split(line.strip())[-1]
    parsed = parse_dateline(last) if "," in last else None  # the place comes first
    return parsed[0] if parsed and parsed[1] is None else None


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
