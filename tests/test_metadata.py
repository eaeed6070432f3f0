"""Metadata from plain text: datelines, titles, bylines, source lines, non-body ranges."""
from __future__ import annotations

import doctest
import importlib
import json
from datetime import date
from pathlib import Path

import pytest

from venextract.readers import document_from_text
from venextract.readers.metadata import (
    content_hash,
    looks_like_name,
    looks_like_title,
    normalize_newlines,
    parse_date,
    parse_dateline,
    parse_metadata,
    parse_source_line,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_SETS = [
    (SHARED / "eval" / "seeds-gold.jsonl", SHARED / "seeds"),
    (SHARED / "dev" / "gold.jsonl", SHARED / "dev" / "docs"),
]


def _gold_cases() -> list[tuple[dict, Path]]:
    cases = []
    for gold, folder in GOLD_SETS:
        if gold.is_file():
            for line in gold.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    cases.append((record, folder / f"{record['doc_id']}.txt"))
    return cases


GOLD = _gold_cases()


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    ("line", "expected", "section"),
    [
        ("06:09 | 18/09/2020 Society", date(2020, 9, 18), "Society"),
        ("15:00 | 18/09/2021", date(2021, 9, 18), None),
        ("09:45 | 25/09/2020 Industry", date(2020, 9, 25), "Industry"),
        ("10:15 | 26/04/2022 Economy", date(2022, 4, 26), "Economy"),
        ("16:40 | 08/10/2021 Investment", date(2021, 10, 8), "Investment"),
        ("8:07:34 AM | 9/20/2021", date(2021, 9, 20), None),
        ("8:07:34 AM | 9/10/2021", date(2021, 9, 10), None),  # with AM/PM: month first
        ("8:07:34 PM | 20/9/2021", date(2021, 9, 20), None),  # first number > 12: a day
        ("17:09, 18/10/2023", date(2023, 10, 18), None),
        ("30/10/2017 - 15:42", date(2017, 10, 30), None),
        ("05/11/2015", date(2015, 11, 5), None),
        ("Monday, September 18, 2020", date(2020, 9, 18), None),
        ("September 18, 2020", date(2020, 9, 18), None),
        ("Sept. 8, 2020 07:30", date(2020, 9, 8), None),
        ("18 September 2020", date(2020, 9, 18), None),
        ("Thursday, 13:05, 05/10/2023 (GMT+7)", date(2023, 10, 5), None),
        ("Published: 2020-09-18", date(2020, 9, 18), None),
        ("Report date: 15/12/2023", date(2023, 12, 15), None),  # reports and press releases
        ("Date of report: 10/7/2023", date(2023, 7, 10), None),
        ("Thái Bình, December 20, 2023", date(2023, 12, 20), None),
        ("Vinh City, 16 October 2023", date(2023, 10, 16), None),
        ("Tuyên Quang, 28/12/2023", date(2023, 12, 28), None),
    ],
)
def test_dateline_forms(line: str, expected: date, section: str | None) -> None:
    assert parse_dateline(line) == (expected, section)


@pytest.mark.parametrize(
    "line",
    [
        "On September 18, 2020, the province opened a trade fair for rural producers.",
        "18/09/2020 was a big day for the province and its craft villages",
        "In the 2016-2020 period, 109 projects were carried out.",
        "From 2016 to 2020, Ha Tinh Province implemented 109 industry promotion projects",
        "31/02/2020",  # no such day
        "In Vinh City, 16 October 2023 was the day the fair opened.",
        "Views: 8",
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_dateline_only_in_the_head() -> None:
    body = "\n\n".join(f"Paragraph {i} of the article about the province." for i in range(12))
    text = f"Province news headline\n\n{body}\n\n18/09/2020\n\nMore text after it."
    assert parse_metadata(text).published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Conference reviews the programme\n\nHà Nội, 12 March 2024 – The ministry held a conference today.\n\n"
         "It said 4,127 projects were supported.", date(2024, 3, 12)),
        ("Exports recover\n\nHANOI, Jan 5, 2024 (VNA) - Exports rose last year.\n\nMore text.", date(2024, 1, 5)),
        ("Decision No. 1234/QD-UBND dated 05/07/2023 approving the programme\n\nArticle 1. Approve the programme."
         "\n\nArticle 2. Funding is VND 27,450 million.", date(2023, 7, 5)),
        ("REPORT ON INDUSTRY PROMOTION IN 2023\n\nI. RESULTS\n\nThe centre ran 26 projects last year.\n\n"
         "                    Thái Nguyên, 15 January 2024\n                    DIRECTOR\n"
         "          (signed)\n          Nguyễn Thị Hồng Vân\n\n        Page 3 of 3", date(2024, 1, 15)),
        ("Province news headline\n\nThe fair opened on 12 March 2024 – a week late.\n\nIt closes on Sunday.", None),
        ("Hòa Bình: Chương trình OCOP\n\nHòa Bình, ngày 15 tháng 3 năm 2024\n\nThe province has 205 OCOP products.",
         date(2024, 3, 15)),
        ("REPORT ON INDUSTRY AND TRADE IN 2023\nDEPARTMENT OF INDUSTRY AND TRADE\nNo. 412/BC-SCT, dated 15/12/2023\n\n"
         "The province ran 26 projects.", date(2023, 12, 15)),
        ("REPORT ON INDUSTRY AND TRADE IN 2023\nDEPARTMENT OF INDUSTRY AND TRADE\n"
         "No. 1587/BC-SCT                              Đông Hà, 04 October 2023\n\nThe province ran 26 projects.",
         date(2023, 10, 4)),
        ("REPORT ON INDUSTRY PROMOTION\n\nThe centre ran 26 projects.\n\n"
         "Recipients:                                  Tuy Hòa, 12 July 2023\n- Archives.                DIRECTOR",
         date(2023, 7, 12)),
    ],
    ids=["lead dateline", "agency lead dateline", "dated in the headline", "signature block", "a date in a sentence",
         "Vietnamese dateline", "document number line", "header column", "signature column"],
)
def test_date_outside_the_head_lines(text: str, expected: date | None) -> None:
    assert parse_metadata(text).published == expected


def test_dateline_before_the_title() -> None:
    meta = parse_metadata("Monday, September 18, 2020\nProvince opens a fair\n\nThe fair opened on Monday.")
    assert meta.published == date(2020, 9, 18)
    assert meta.title == "Province opens a fair"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-18", date(2020, 9, 18)),
        ("2020-09-18T06:09:00+07:00", date(2020, 9, 18)),
        ("18/09/2020 06:09", date(2020, 9, 18)),
        ("Fri, 18 Sep 2020 06:09:00 +0700", date(2020, 9, 18)),
        (date(2021, 1, 2), date(2021, 1, 2)),
        ("", None),
        (None, None),
        ("yesterday", None),
    ],
)
def test_parse_date_values(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


# ------------------------------------------------------------------ title, byline, source


def test_long_first_sentence_is_no_title() -> None:
    line = ("Over the past time, the province has made many policies to promote the development of rural industrial "
            "products, create economic restructuring, create jobs and increase incomes for rural workers....")
    assert not looks_like_title(line)
    assert parse_metadata(f"{line}\n{line}\nMore body text.").title is None


def test_single_line_text_has_no_title() -> None:
    assert parse_metadata("Ha Noi spent VND 5 billion on roads").title is None


def test_markdown_heading_title() -> None:
    assert parse_metadata("# Ha Tinh opens windows\n\nBody text.").title == "Ha Tinh opens windows"


@pytest.mark.parametrize(
    ("line", "is_name"),
    [("Lan Hoang", True), ("Thu Trang", True), ("Bui Viet", True), ("By Minh Chau", True),
     ("Thu Trang and Minh Chau", True), ("The province will grow.", False), ("In 2021", False),
     ("support to 57 establishments in the province", False)],
)
def test_byline_names(line: str, is_name: bool) -> None:
    assert looks_like_name(line) is is_name


@pytest.mark.parametrize(
    ("line", "url", "value"),
    [
        ("Source:https://ven.congthuong.vn/a-48645.html Copy link", "https://ven.congthuong.vn/a-48645.html",
         "https://ven.congthuong.vn/a-48645.html"),
        ("Source: https://ven.congthuong.vn/b.html", "https://ven.congthuong.vn/b.html",
         "https://ven.congthuong.vn/b.html"),
        ("Nguồn: baoquangninh.vn", "baoquangninh.vn", "baoquangninh.vn"),
        ("Nguồn trích dẫn: baohungyen.vn", "baohungyen.vn", "baohungyen.vn"),
        ("Source: Vietnam News Agency", None, "Vietnam News Agency"),
    ],
)
def test_source_lines(line: str, url: str | None, value: str) -> None:
    assert parse_source_line(line) == (url, value)


def test_tail_metadata_and_skip_ranges() -> None:
    text = ("Hoa Binh Province: Practical support\n\nIn 2022, 27 establishments received VND8 billion.\n\n"
            "Bui Viet\n\nViews: 8\nSource:https://ven.congthuong.vn/hoa-binh-48645.html Copy link")
    meta = parse_metadata(text)
    assert (meta.author, meta.url) == ("Bui Viet", "https://ven.congthuong.vn/hoa-binh-48645.html")
    skipped = [text[s:e] for s, e in meta.skip_ranges]
    assert skipped == ["Bui Viet", "Views: 8", "Source:https://ven.congthuong.vn/hoa-binh-48645.html Copy link"]


def test_skip_ranges_cover_dateline_and_title_copy_not_body() -> None:
    text = ("Ha Tinh Province opens windows of opportunity\n\n09:45 | 25/09/2020 Industry\n\n"
            "(VEN) - The program for the 2016- 2020 period has yielded new opportunities.\n\n"
            "ha tinh province opens windows of opportunity\n\nFrom 2016 to 2020, Ha Tinh spent VND23.29 billion.\n\n"
            "Thu Trang")
    meta = parse_metadata(text)
    skipped = [text[s:e] for s, e in meta.skip_ranges]
    assert skipped == ["09:45 | 25/09/2020 Industry", "ha tinh province opens windows of opportunity", "Thu Trang"]
    assert not any(s <= text.index("VND23.29") < e for s, e in meta.skip_ranges)


def test_repeated_caption_is_skipped_once() -> None:
    caption = "Industry promotion programs have helped many rural producers - photo: Hong Duyen"
    text = f"A headline here\n\nLede paragraph.\n\n{caption}\n\n{caption}\n\nBody with 27 establishments."
    meta = parse_metadata(text)
    second = text.rindex(caption)
    assert meta.skip_ranges == [(second, second + len(caption))]


def test_content_hash() -> None:
    assert len(content_hash("abc")) == 64
    assert content_hash("abc") == content_hash("abc") != content_hash("abd")


def test_normalize_newlines_mixed() -> None:
    assert normalize_newlines("a\r\nb\rc\nd\r\n") == "a\nb\nc\nd\n"


def test_document_from_text_meta_overrides() -> None:
    text = "Big news\r\n\r\n06:09 | 18/09/2020 Society\r\n\r\nBody."
    doc = document_from_text(text, "x", title="Given", published="2021-01-02")
    assert (doc.title, doc.published, doc.section, doc.source) == ("Given", date(2021, 1, 2), "Society", "<text>")
    assert "\r" not in doc.text and doc.content_hash == content_hash(doc.text)
    with pytest.raises(TypeError):
        document_from_text("text", "x", colour="blue")


# ------------------------------------------------------------------ gold documents


@pytest.mark.skipif(not GOLD, reason="shared gold files not present")
@pytest.mark.parametrize(("record", "path"), GOLD, ids=[r["doc_id"] for r, _ in GOLD])
def test_gold_title_and_published(record: dict, path: Path) -> None:
    doc = document_from_text(path.read_text(encoding="utf-8"), record["doc_id"], source=str(path))
    assert doc.title == (" ".join(record["title"].split()) if record["title"] else None)
    assert (doc.published.isoformat() if doc.published else None) == record["published"]


def test_gold_covers_both_sets() -> None:
    if not GOLD:
        pytest.skip("shared gold files not present")
    assert len(GOLD) >= 21
    assert any(r["published"] is None for r, _ in GOLD) and any(r["title"] is None for r, _ in GOLD)


# ------------------------------------------------------------------ doctests


@pytest.mark.parametrize("name", ["__init__", "base", "metadata", "text", "html", "pdf", "batch", "discover"])
def test_doctests(name: str) -> None:
    module = importlib.import_module("venextract.readers" + ("" if name == "__init__" else f".{name}"))
    result = doctest.testmod(module)
    assert result.failed == 0


WEB_COPY = """VIETNAM ECONOMIC PORTAL
Home | News | Investment | Trade | Provinces & Cities
EN | VN
Search
Provinces & Cities > Bac Giang

Bac Giang remains a magnet for electronics FDI

Thursday, 11/07/2024 | 08:47

Share   Print   Email   Font size: A- A+

Bac Giang granted investment certificates to 34 new FDI projects in the first six months of 2024.

Minh Duc

Tags: Bac Giang, FDI, industrial parks

Share   Print   Back to top

Related news
Bac Giang: Export turnover reaches US$14.6 billion in five months (12/06/2024)
Thai Nguyen attracts nearly US$760 million of FDI in first half of 2024 (05/07/2024)
"""


def test_web_page_furniture() -> None:
    """Menus, breadcrumbs, buttons, tags and the related-news list are skipped; the headline is the line above
    the dateline."""
    meta = parse_metadata(WEB_COPY)
    assert (meta.title, meta.published, meta.author) == (
        "Bac Giang remains a magnet for electronics FDI", date(2024, 7, 11), "Minh Duc")
    kept = "".join(WEB_COPY[a:b] for a, b in _gaps(meta.skip_ranges, len(WEB_COPY)))
    assert "34 new FDI projects" in kept
    for furniture in ("Home |", "EN | VN", "Search", "Provinces & Cities > Bac Giang", "Font size", "Tags:",
                      "Back to top", "Related news", "US$14.6 billion", "US$760 million"):
        assert furniture not in kept, furniture


def test_a_body_line_with_a_sign_is_no_breadcrumb() -> None:
    text = "Province news\n\nGrowth > 5% in all districts\n\nThe province grew fast this year."
    assert not any("Growth" in text[a:b] for a, b in parse_metadata(text).skip_ranges)


def _gaps(ranges: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for a, b in ranges:
        out.append((pos, a))
        pos = b
    return [*out, (pos, n)]


def test_official_document_header() -> None:
    """Issuing body, number, national motto, "Place, date" and the kind of document are the header; the
    title is the line under the kind."""
    text = (
        "KON TUM PROVINCIAL PEOPLE'S COMMITTEE\nOFFICE\nNo. 245/TB-VP\n\nSOCIALIST REPUBLIC OF VIETNAM\n"
        "Independence - Freedom - Happiness\n\nKon Tum, 18 October 2024\n\nNOTICE\n"
        "Conclusions of the Vice Chairman at the meeting on industrial clusters\n\n"
        "1. The province has 14 industrial clusters.\n2. Departments must report before 30 June 2025.\n"
    )
    meta = parse_metadata(text)
    assert (meta.title, meta.published) == (
        "Conclusions of the Vice Chairman at the meeting on industrial clusters", date(2024, 10, 18))
    assert not any("14 industrial clusters" in text[a:b] for a, b in meta.skip_ranges)
