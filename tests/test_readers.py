"""Readers on files made in tmp_path: every format, every encoding, every way a file can be bad."""
from __future__ import annotations

import codecs
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from venextract.readers import discover, read_documents, read_path
from venextract.types import ErrorRecord, RawDocument

ARTICLE = (
    "Thanh Hoá’s craft villages find “new” markets\n\n"
    "06:09 | 18/09/2020 Society\n\n"
    "(VEN) - Hà Nội and Thanh Hoá spent VND 5 billion – more than before – on 146 projects.\n\n"
    "Lan Hoang\n"
)


def items(path: Path, **kwargs: object) -> list[RawDocument | ErrorRecord]:
    return list(read_path(path, **kwargs))  # type: ignore[arg-type]


def one_doc(path: Path, **kwargs: object) -> RawDocument:
    out = items(path, **kwargs)
    assert len(out) == 1 and isinstance(out[0], RawDocument), out
    return out[0]


def one_error(path: Path, **kwargs: object) -> ErrorRecord:
    out = items(path, **kwargs)
    assert len(out) == 1 and isinstance(out[0], ErrorRecord), out
    return out[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ------------------------------------------------------------------ plain text and encodings


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8", ARTICLE.encode("utf-8")),
        ("utf8_bom", codecs.BOM_UTF8 + ARTICLE.encode("utf-8")),
        ("utf16le_bom", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le")),
        ("utf16be_bom", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be")),
        ("utf16le_nobom", ARTICLE.encode("utf-16-le")),
        ("utf16be_nobom", ARTICLE.encode("utf-16-be")),
        ("utf32_bom", ARTICLE.encode("utf-32")),
        ("utf32le_nobom", ARTICLE.encode("utf-32-le")),
    ],
)
def test_text_encodings(tmp_path: Path, name: str, data: bytes) -> None:
    doc = one_doc(write(tmp_path / f"{name}.txt", data))
    assert doc.text == ARTICLE
    assert doc.doc_id == name and doc.source == str(tmp_path / f"{name}.txt")
    assert doc.title == "Thanh Hoá’s craft villages find “new” markets"
    assert (doc.published, doc.section, doc.author) == (date(2020, 9, 18), "Society", "Lan Hoang")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ascii_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "Ha Tinh opens windows\n\nIn 2021 the province spent VND 5 billion.\n"
    assert one_doc(write(tmp_path / "plain.txt", text.encode(encoding))).text == text


def test_cp1252(tmp_path: Path) -> None:
    text = "Thanh Hoá’s café – “quoted” village\n\nThe village earned €5 million in 2021.\n"
    doc = one_doc(write(tmp_path / "legacy.txt", text.encode("cp1252")))
    assert doc.text == text


def test_invalid_utf8_bytes_mid_file(tmp_path: Path) -> None:
    good = "Hà Nội spent VND 5 billion on roads.\n"
    data = good.encode("utf-8") * 3 + b"broken \xff\xfe byte here\n" + good.encode("utf-8")
    doc = one_doc(write(tmp_path / "bad.txt", data))
    assert doc.text.count("Hà Nội") == 4
    assert "\ufffd" in doc.text and "broken" in doc.text and "byte here" in doc.text


def test_stray_cp1252_byte_in_ascii_text(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "dash.txt", b"Revenue rose 2016 \x96 2020 in the province.\nMore text.\n"))
    assert "2016 – 2020" in doc.text


def test_mixed_line_endings(tmp_path: Path) -> None:
    data = b"Ha Tinh opens windows\r\n\r\n09:45 | 25/09/2020 Industry\r\rBody one.\nBody two.\r\nThu Trang"
    doc = one_doc(write(tmp_path / "mixed.txt", data))
    assert "\r" not in doc.text
    assert doc.text.split("\n") == ["Ha Tinh opens windows", "", "09:45 | 25/09/2020 Industry", "", "Body one.",
                                    "Body two.", "Thu Trang"]
    assert [doc.text[s:e] for s, e in doc.skip_ranges] == ["09:45 | 25/09/2020 Industry", "Thu Trang"]
    assert doc.published == date(2020, 9, 25)


def test_markdown(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "note.md", "# Ha Tinh opens windows\n\nIn 2021 the province spent VND 1 billion.\n"))
    assert doc.title == "Ha Tinh opens windows" and doc.text.startswith("# Ha Tinh")


@pytest.mark.parametrize(
    ("data", "key", "stage"),
    [
        (b"", "empty", "read"),
        (b"  \n\t\r\n   \n", "blank", "read"),
        (codecs.BOM_UTF8, "empty", "read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary", "decode"),
        (b"\x00" * 500, "binary", "decode"),
    ],
)
def test_empty_blank_binary(tmp_path: Path, data: bytes, key: str, stage: str) -> None:
    err = one_error(write(tmp_path / "f.txt", data))
    assert (err.error, err.stage, err.source) == (key, stage, str(tmp_path / "f.txt"))
    assert str(tmp_path / "f.txt") in err.message


def test_size_guard(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 2000)
    err = one_error(path, max_bytes=1000)
    assert err.error == "too_large" and "2000" in err.message and "1000" in err.message
    assert one_doc(path, max_bytes=2000).text == "x" * 2000


def test_large_file_and_long_line(tmp_path: Path) -> None:
    line = "In 2021 the province spent VND 5 billion on 146 projects. " * 90_000  # one 5 MB line
    doc = one_doc(write(tmp_path / "long.txt", "A headline\n\n" + line + "\n"))
    assert len(doc.text) > 5_000_000 and doc.title == "A headline"
    lines = "".join(f"Paragraph {i}: the district spent VND {i} million on roads.\n" for i in range(900_000))
    path = write(tmp_path / "fifty.txt", lines)
    assert path.stat().st_size > 50_000_000
    doc = one_doc(path)
    assert doc.text == lines and doc.skip_ranges == []


def test_unreadable_folder_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    err = one_error(tmp_path / "folder.txt")
    assert err.error == "unreadable" and err.stage == "read"
    assert one_error(tmp_path).error == "unreadable"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permissions(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Title\n\nBody.")
    path.chmod(0)
    try:
        err = one_error(path)
    finally:
        path.chmod(0o644)
    assert err.error == "unreadable" and "permission" in err.message.lower()


def test_missing_and_unsupported_file(tmp_path: Path) -> None:
    err = one_error(tmp_path / "nope.txt")
    assert (err.error, err.stage) == ("no_such_path", "find")
    err = one_error(write(tmp_path / "sheet.xlsx", b"PK\x03\x04"))
    assert err.error == "unsupported" and ".xlsx" in err.message


# ------------------------------------------------------------------ HTML

PAGE = """<!DOCTYPE html><html><head>
<title>Vinh Phuc creates motivation | VEN</title>
<meta charset="utf-8">
<meta property="og:title" content="Vinh Phuc Province creates motivation for rural industrial development">
<meta property="article:published_time" content="2020-09-18T06:09:00+07:00">
<meta name="author" content="Lan Hoang">
<link rel="canonical" href="https://ven.congthuong.vn/vinh-phuc-123.html">
<script>var tracker = "SCRIPTTEXT";</script><style>.menu {color: red}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/economy">MENUECONOMY</a></li>
<li><a href="/society">MENUSOCIETY</a></li></ul></nav>
<header><div class="menu">MENUHEADER Subscribe Login</div></header>
<article><h1>Vinh Phuc Province creates motivation for rural industrial development</h1>
<p>Since 2016, with VND600 million from the National Industry Promotion Program, Vinh Phuc has implemented a
technical demonstration model at the LAVITECH Technology Joint Stock Company and has supported rural producers.</p>
<p>The province has nearly 420 workers trained in handicrafts, and Hà Nội buyers came to the fair.</p>
</article>
<aside><ul><li><a href="/x">RELATEDLINK one</a></li><li><a href="/y">RELATEDLINK two</a></li></ul></aside>
<footer><p>FOOTERTEXT Copyright 2020 Vietnam Economic News. All rights reserved.</p></footer>
<script>document.write("SCRIPTTWO")</script>
</body></html>"""


def test_html_article_without_boilerplate(tmp_path: Path) -> None:
    doc = one_doc(write(tmp_path / "page.html", PAGE))
    assert "VND600 million" in doc.text and "nearly 420 workers" in doc.text and "Hà Nội" in doc.text
    for junk in ("MENUECONOMY", "MENUSOCIETY", "MENUHEADER", "SCRIPTTEXT", "SCRIPTTWO", "FOOTERTEXT", "color: red"):
        assert junk not in doc.text
    assert doc.text.split("\n", 1)[0] == "Vinh Phuc Province creates motivation for rural industrial development"
    assert doc.title == "Vinh Phuc Province creates motivation for rural industrial development"
    assert doc.published == date(2020, 9, 18)
    assert doc.url == "https://ven.congthuong.vn/vinh-phuc-123.html"
    assert doc.author == "Lan Hoang" and doc.doc_id == "page"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("Hà Nội", "Thanh Hoá’s")
    doc = one_doc(write(tmp_path / "legacy.htm", page.encode("cp1252")))
    assert "Thanh Hoá’s buyers" in doc.text


def test_html_headline_added_when_missing(tmp_path: Path) -> None:
    page = PAGE.replace("<h1>Vinh Phuc Province creates motivation for rural industrial development</h1>", "")
    doc = one_doc(write(tmp_path / "noh1.html", page))
    assert doc.text.startswith("Vinh Phuc Province creates motivation for rural industrial development\n")


@pytest.mark.parametrize(
    "page",
    ["<html><head><title>Nothing here</title></head><body></body></html>",
     "<html><head><title>Only a head</title></head></html>"],
)
def test_html_no_text(tmp_path: Path, page: str) -> None:
    err = one_error(write(tmp_path / "empty_page.html", page))
    assert (err.error, err.stage) == ("html_no_text", "parse")


# ------------------------------------------------------------------ PDF


def make_pdf(path: Path, pages: list[str], **encryption: object) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if encryption:
        pdf.set_encryption(**encryption)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
    pdf.output(str(path))
    return path


PDF_PAGES = [
    "Ha Tinh opens windows\n09:45 | 25/09/2020 Industry\nFrom 2016 to 2020, Ha Tinh spent VND23 billion.",
    "Page two: 109 industry promotion projects.",
    "Page three: the province plans 20-30 enterprises.\nThu Trang",
]


def test_pdf_pages(tmp_path: Path) -> None:
    doc = one_doc(make_pdf(tmp_path / "report.pdf", PDF_PAGES))
    assert doc.n_pages == 3 and len(doc.page_starts) == 3 and doc.page_starts[0] == 0
    for start, expected in zip(doc.page_starts, ("Ha Tinh opens", "Page two", "Page three"), strict=True):
        assert doc.text[start:].startswith(expected)
    assert doc.text[doc.page_starts[1] - 2 : doc.page_starts[1]] == "\n\n"
    assert (doc.title, doc.published, doc.section, doc.author) == (
        "Ha Tinh opens windows", date(2020, 9, 25), "Industry", "Thu Trang")


def test_pdf_encrypted(tmp_path: Path) -> None:
    err = one_error(make_pdf(tmp_path / "locked.pdf", PDF_PAGES[:1], owner_password="o", user_password="u"))
    assert (err.error, err.stage) == ("pdf_encrypted", "parse") and "decrypt" in err.message


def test_pdf_owner_password_only_is_readable(tmp_path: Path) -> None:
    doc = one_doc(make_pdf(tmp_path / "owner.pdf", PDF_PAGES[1:2], owner_password="o"))
    assert "109 industry promotion projects" in doc.text


def test_pdf_truncated(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "full.pdf", PDF_PAGES).read_bytes()
    err = one_error(write(tmp_path / "cut.pdf", data[: len(data) // 2]))
    assert (err.error, err.stage) == ("pdf_broken", "parse") and "truncated" in err.message


def test_pdf_not_a_pdf(tmp_path: Path) -> None:
    assert one_error(write(tmp_path / "fake.pdf", b"%PDF-1.4\nhello")).error == "pdf_broken"


def test_pdf_scan_without_text(tmp_path: Path) -> None:
    err = one_error(make_pdf(tmp_path / "scan.pdf", ["", ""]))
    assert err.error == "pdf_no_text" and "OCR" in err.message


def test_pdf_zero_pages(tmp_path: Path) -> None:
    data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    assert one_error(write(tmp_path / "zero.pdf", data)).error == "pdf_no_pages"


# ------------------------------------------------------------------ batch files


def test_jsonl_with_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"ID": "a1", "Title": "Given title", "Content": "First article.\r\nIn 2021, 5 projects.",
                    "Date": "2021-03-12", "URL": "https://example.vn/a1"}),
        '{"text": "broken line", ',
        "",
        json.dumps({"body": "Second headline\n\n06:09 | 18/09/2020 Society\n\nBody.", "source": "baohungyen.vn"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
    ]
    out = items(write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n"))
    docs = [x for x in out if isinstance(x, RawDocument)]
    errs = [x for x in out if isinstance(x, ErrorRecord)]
    assert [d.doc_id for d in docs] == ["a1", "batch:4"]
    first, second = docs
    assert (first.title, first.published, first.url) == ("Given title", date(2021, 3, 12), "https://example.vn/a1")
    assert first.text == "First article.\nIn 2021, 5 projects." and first.source == f"{tmp_path / 'batch.jsonl'}:1"
    assert (second.title, second.published, second.section, second.url) == (
        "Second headline", date(2020, 9, 18), "Society", "baohungyen.vn")
    assert [e.error for e in errs] == ["batch_bad_line", "batch_bad_line", "batch_bad_row"]
    assert ":2:" in errs[0].message and ":5:" in errs[1].message and ":6:" in errs[2].message


def test_jsonl_without_text_column(tmp_path: Path) -> None:
    path = write(tmp_path / "meta.jsonl", json.dumps({"title": "x"}) + "\n" + json.dumps({"title": "y"}) + "\n")
    err = one_error(path)
    assert err.error == "batch_no_text_column" and "content" in err.message


def test_jsonl_text_column_option(tmp_path: Path) -> None:
    path = write(tmp_path / "custom.jsonl", json.dumps({"Story": "Headline here\n\nBody."}) + "\n")
    assert one_error(path).error == "batch_no_text_column"
    assert one_doc(path, text_column="story").title == "Headline here"


def test_csv_without_text_column(tmp_path: Path) -> None:
    err = one_error(write(tmp_path / "sheet.csv", "id,title,date\n1,A,2020-01-01\n2,B,2020-01-02\n"))
    assert (err.error, err.stage) == ("batch_no_text_column", "parse")


def test_csv_rows(tmp_path: Path) -> None:
    big = "Long article. " * 20_000  # beyond the csv module's default field limit
    rows = [
        "Title;Full_Text;Published;Link",
        '"Quoted; title";"Line one, with comma\nLine two";18/09/2020;https://example.vn/1',
        ";   ;2020-01-01;",
        "",
        f'Big one;"{big}";;',
    ]
    out = items(write(tmp_path / "rows.csv", "\r\n".join(rows) + "\r\n"))
    docs = [x for x in out if isinstance(x, RawDocument)]
    errs = [x for x in out if isinstance(x, ErrorRecord)]
    assert [d.doc_id for d in docs] == ["rows:1", "rows:3"]
    assert docs[0].text == "Line one, with comma\nLine two" and docs[0].title == "Quoted; title"
    assert docs[0].published == date(2020, 9, 18) and docs[0].url == "https://example.vn/1"
    assert docs[1].text == big
    assert [e.error for e in errs] == ["batch_bad_row"] and ":4:" in errs[0].message


def test_batch_row_size_guard(tmp_path: Path) -> None:
    path = write(tmp_path / "sized.jsonl", json.dumps({"text": "x" * 50}) + "\n" + json.dumps({"text": "short"}))
    out = items(path, max_bytes=20)
    assert isinstance(out[0], ErrorRecord) and out[0].error == "too_large" and ":1:" in out[0].message
    assert isinstance(out[1], RawDocument) and out[1].text == "short"


def test_csv_utf16_with_bom(tmp_path: Path) -> None:
    data = "id,text\nx1,Hà Nội headline\n".encode("utf-16")
    doc = one_doc(write(tmp_path / "wide.csv", data))
    assert (doc.doc_id, doc.text) == ("x1", "Hà Nội headline")


def test_csv_header_only_and_binary(tmp_path: Path) -> None:
    assert one_error(write(tmp_path / "header.csv", "id,text\n")).error == "batch_empty"
    assert one_error(write(tmp_path / "junk.jsonl", bytes(range(256)) * 20)).error == "binary"


# ------------------------------------------------------------------ discovery


def test_discover_folders_globs_and_order(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.md", "a.html", "c/d/e.pdf", "c/notes.docx", ".hidden/x.txt", "b/.secret.txt",
                 "z.csv", "y.JSONL"):
        write(tmp_path / name, "x")
    found = list(discover([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.html", "b/1.md", "b/2.txt", "c/d/e.pdf", "y.JSONL", "z.csv"]
    globbed = list(discover([str(tmp_path / "b" / "*.txt"), str(tmp_path / "**" / "*.pdf")]))
    assert globbed == [tmp_path / "b" / "2.txt", tmp_path / "c" / "d" / "e.pdf"]
    named = list(discover([tmp_path / "c" / "notes.docx", tmp_path / "missing", str(tmp_path / "*.nothing")]))
    assert [(e.error, e.stage) for e in named] == [("unsupported", "find"), ("no_such_path", "find"),
                                                    ("no_such_path", "find")]


def test_discover_each_file_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x")
    assert list(discover([path, tmp_path, str(path)])) == [path]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_symlink_loops(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "sub" / "doc.txt", "Title\n\nBody.")
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")
    found = list(discover([root]))
    assert root / "sub" / "doc.txt" in found
    loops = [f for f in found if isinstance(f, ErrorRecord)]
    assert sorted(e.error for e in loops) == ["symlink_loop", "symlink_loop"]
    assert one_error(root / "self.txt").error == "symlink_loop"


# ------------------------------------------------------------------ read_documents


def test_duplicate_doc_ids(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt", "First headline\n\nBody one.")
    write(tmp_path / "b" / "x.txt", "Second headline\n\nBody two.")
    write(tmp_path / "c" / "x.md", "Third headline\n\nBody three.")
    out = list(read_documents([tmp_path]))
    docs = [x for x in out if isinstance(x, RawDocument)]
    errs = [x for x in out if isinstance(x, ErrorRecord)]
    assert [d.doc_id for d in docs] == ["x", "x~2", "x~3"]
    assert [d.title for d in docs] == ["First headline", "Second headline", "Third headline"]
    assert [e.error for e in errs] == ["duplicate_id", "duplicate_id"]
    assert "'x~2'" in errs[0].message and str(tmp_path / "a" / "x.txt") in errs[0].message


def test_read_documents_mixed_inputs(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Headline\n\nBody.")
    write(tmp_path / "empty.txt", "")
    out = list(read_documents([tmp_path, tmp_path / "absent.txt"]))
    assert [(type(x).__name__, getattr(x, "error", None)) for x in out] == [
        ("ErrorRecord", "empty"), ("RawDocument", None), ("ErrorRecord", "no_such_path")]


# ------------------------------------------------------------------ never raises


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".csv", ".pdf"]))
def test_any_bytes_never_raise(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        out = list(read_path(path))
    assert out and all(isinstance(x, (RawDocument, ErrorRecord)) for x in out)
    for x in out:
        if isinstance(x, ErrorRecord):
            assert x.message and x.stage in {"find", "read", "decode", "parse"}
