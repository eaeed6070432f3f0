"""The HTML view of a document: marks per mention, escaping, overlaps, notebooks, the CLI, a real browser."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import spacy
from click.testing import CliRunner

from venextract.cli import main
from venextract.components import extensions
from venextract.visualize import display, render

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Hung Yen news\n\nIn 2021, Hung Yen Co. <b>spent</b> over VND 5 billion & aims at 12 projects by 2025. "
        "<script>alert(1)</script>\n")


def made_doc() -> Any:
    """A Doc with hand-made mentions: nested (PROVINCE in COUNT), crossing (PERCENT over MONEY's end), a target."""
    extensions.register()
    doc = spacy.blank("en")(TEXT)
    doc._.doc_id, doc._.title, doc._.published, doc._.province = "x1", "Hung Yen news", date(2021, 5, 1), "Hung Yen"

    def add(phrase: str, label: str, **values: Any) -> None:
        start = TEXT.index(phrase, 15)
        assert extensions.add_span(doc, start, start + len(phrase), label, **values) is not None

    add("2021", "PERIOD", period_start=date(2021, 1, 1), period_end=date(2021, 12, 31))
    add("Hung Yen", "PROVINCE", province="Hung Yen")
    add("Hung Yen Co. <b>spent</b>", "COUNT", value_min=1, value_max=1, unit="company")
    add("over VND 5 billion", "MONEY", value_min=5e9, value_max=5e9, unit="VND", qualifier="over",
        period_start=date(2021, 1, 1), period_end=date(2021, 12, 31), is_target=False)
    add("billion & aims", "PERCENT", value_min=5, value_max=8)
    add("12 projects", "COUNT", value_min=12, value_max=12, unit="project", is_target=True,
        period_end=date(2025, 12, 31))
    return doc


class Marks(HTMLParser):
    """Collects the marks of a page: per mention number, its label, classes, text and tag."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.tags: list[str] = []
        self.in_tag = False
        self.elements: list[str] = []
        self.ids: list[str] = []
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append(tag)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "mark":
            mark = {"label": a.get("data-label"), "n": a.get("data-mention"), "class": a.get("class"), "text": "",
                    "title": a.get("title")}
            self.stack.append(mark)
            self.marks.append(mark)
        elif tag == "span" and a.get("class") == "vx-tag":
            self.in_tag = True
            self.tags.append("")
        elif tag == "tr" and a.get("data-mention"):
            self.rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.stack.pop()
        elif tag == "span" and self.in_tag:
            self.in_tag = False

    def handle_data(self, data: str) -> None:
        if self.in_tag:
            self.tags[-1] += data
        else:
            for mark in self.stack:
                mark["text"] += data


def parse(html: str) -> Marks:
    marks = Marks()
    marks.feed(html)
    return marks


def check_page(page: Marks) -> None:
    """What a rendering of made_doc() must show, whether read from our HTML or from a browser's DOM."""
    texts: dict[str, str] = {}
    for m in page.marks:
        texts[m["n"]] = texts.get(m["n"], "") + m["text"]
    labels = {m["n"]: m["label"] for m in page.marks}
    assert labels == {"1": "PERIOD", "2": "COUNT", "3": "PROVINCE", "4": "MONEY", "5": "PERCENT", "6": "COUNT"}
    # every mention's text is whole, also the one drawn in two pieces across the MONEY mark's end
    assert texts == {"1": "2021", "2": "Hung Yen Co. <b>spent</b>", "3": "Hung Yen", "4": "over VND 5 billion",
                     "5": "billion & aims", "6": "12 projects"}
    assert [m["n"] for m in page.marks].count("5") == 2
    assert page.tags == [
        "PERIOD · 2021-01-01..2021-12-31",
        "PROVINCE · Hung Yen",
        "COUNT · 1 company",
        "MONEY · 5,000,000,000 VND · over · period 2021-01-01..2021-12-31",
        "PERCENT · 5-8%",
        "COUNT · 12 project · period ..2025-12-31 · target",
    ]
    assert [m["n"] for m in page.marks if "vx-target" in m["class"]] == ["6"]
    assert all(f"vx-{m['label']}" in m["class"] for m in page.marks)
    # the document's own markup is text, never elements
    assert "script" not in page.elements and "b" not in page.elements
    assert len(page.ids) == len(set(page.ids))
    assert page.rows == 6


def test_render_marks_every_mention() -> None:
    html = render(made_doc())
    assert html.startswith("<!DOCTYPE html>") and "<title>Hung Yen news</title>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    check_page(parse(html))


def test_fragment_for_notebooks() -> None:
    html = render(made_doc(), standalone=False)
    assert html.startswith("<style>") and "<html" not in html
    check_page(parse(html))


def test_several_documents_and_a_document_without_mentions() -> None:
    extensions.register()
    empty = spacy.blank("en")("Nothing to see here.")
    page = parse(render([made_doc(), empty]))
    assert len({m["n"] for m in page.marks}) == 6
    html = render(empty)
    assert "No mentions found." in html and "<mark" not in html


def test_display_outside_and_inside_ipython(monkeypatch: pytest.MonkeyPatch) -> None:
    ipython = pytest.importorskip("IPython")
    import IPython.display

    assert "<mark" in display(made_doc())  # no IPython shell: the HTML comes back
    shown: list[Any] = []
    monkeypatch.setattr(ipython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    assert display(made_doc()) is None
    assert isinstance(shown[0], IPython.display.HTML) and 'data-label="MONEY"' in shown[0].data


def test_render_rejects_other_objects() -> None:
    with pytest.raises(TypeError, match="spaCy Doc"):
        render([42])


# ---------------------------------------------------------------- with the pipeline


def test_render_text_runs_the_pipeline(nlp: Any) -> None:
    html = render("Ha Noi news\n\nIn 2021, Ha Noi spent VND 5 billion on 12 new schools.", nlp=nlp)
    page = parse(html)
    assert {m["label"] for m in page.marks} >= {"PROVINCE", "PERIOD", "MONEY"}
    assert any(t.startswith("MONEY · 5,000,000,000 VND") for t in page.tags)


def test_cli_show(tmp_path: Path) -> None:
    article = ROOT / "corpus" / "000_6e73c22d340c63bd.txt"
    out = tmp_path / "view.html"
    done = CliRunner().invoke(main, ["show", str(article), "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = parse(out.read_text(encoding="utf-8"))
    assert {"PROVINCE", "MONEY", "COUNT"} <= {m["label"] for m in page.marks}
    assert any("VND" in t for t in page.tags)

    to_stdout = CliRunner().invoke(main, ["show", str(ROOT / "corpus"), "--limit", "2"])
    assert to_stdout.exit_code == 0
    assert to_stdout.output.count('<section class="vx-doc"') == 2
    missing = CliRunner().invoke(main, ["show", str(tmp_path / "nothing.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output


# ---------------------------------------------------------------- in a real browser


def browser() -> str | None:
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def dump_dom(page: Path, profile: Path) -> str:
    exe = browser()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    done = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_the_browser_shows_the_marks(tmp_path: Path) -> None:
    page = tmp_path / "doc.html"
    page.write_text(render(made_doc()), encoding="utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    assert '<section class="vx-doc" data-doc-id="x1">' in dom
    check_page(parse(dom))


# ---------------------------------------------------------------- the example notebook


def test_the_quickstart_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    import venextract

    package_root = str(Path(venextract.__file__).resolve().parents[1])  # the kernel imports the same venextract
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p))
    nb = nbformat.read(ROOT / "examples" / "quickstart.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "examples")}})
    client.execute()

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<table" in html and "000_6e73c22d340c63bd" in html  # the tables
    assert '<mark class="vx-m vx-MONEY' in html  # the visual view
    assert "money_VND" in html  # the summary
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # the charts
