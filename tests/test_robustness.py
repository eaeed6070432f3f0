"""Bad input never loses good data: every broken item gets one error row, the good
documents' rows are exactly those of a run without the bad items, and the tables are
always whole."""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from venextract.cli import main

from .conftest import ROOT

N_DOCS = 1200  # more than one staged part (500 documents), so a run can stop between parts
GOOD = sorted((ROOT / "corpus").glob("*.txt"))[:3]


def _pdf(path: Path, text: str | None = "The province spent VND 5 billion in 2022.", encrypt: bool = False) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 10, text)
    else:
        pdf.rect(20, 20, 100, 60, style="F")  # a page with a picture and no text layer
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path


ZERO_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _bad_inputs(folder: Path) -> dict[str, Path]:
    """Each case of the matrix, keyed by the file name its error row must name."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        cases[name] = folder / name

    put("empty.txt", b"")
    put("blank.txt", b"   \n\t\n  \r\n")
    put("junk.txt", bytes(range(256)) * 64)
    put("nobody.html", b"<html><head><title>Menu</title></head></html>")
    put("notext.csv", b"id,headline\n1,Hello\n2,World\n")
    put("truncated.pdf", _pdf(folder / "_full.pdf").read_bytes()[:300])
    (folder / "_full.pdf").unlink()
    _pdf(folder / "encrypted.pdf", encrypt=True)
    cases["encrypted.pdf"] = folder / "encrypted.pdf"
    _pdf(folder / "scanned.pdf", text=None)
    cases["scanned.pdf"] = folder / "scanned.pdf"
    put("zeropage.pdf", ZERO_PAGE_PDF)
    return cases


def _rows(run: Path, table: str) -> list[dict[str, str]]:
    with (run / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _extract(*args: str) -> None:
    result = CliRunner().invoke(main, ["extract", "-q", "-w", "1", *args])
    assert result.exit_code == 0, result.output


def _good_rows(run: Path) -> dict[str, list[dict[str, str]]]:
    """The good documents' rows, without the source path (the two runs read different folders)."""
    good_ids = {p.stem for p in GOOD}
    return {
        t: [{k: v for k, v in r.items() if k != "source"} for r in _rows(run, t) if r["doc_id"] in good_ids]
        for t in ("documents", "mentions", "facts")
    }


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    good = tmp_path_factory.mktemp("good")
    for p in GOOD:
        shutil.copy(p, good / p.name)
    out = tmp_path_factory.mktemp("clean-run")
    _extract(str(good), "-o", str(out))
    return out


def test_bad_inputs_cost_nothing(tmp_path: Path, clean_run: Path) -> None:
    mixed = tmp_path / "in"
    mixed.mkdir()
    for p in GOOD:
        shutil.copy(p, mixed / p.name)
    cases = _bad_inputs(mixed / "bad")
    # the same doc_id twice, a batch JSONL with one broken line, text in odd encodings
    (mixed / "again").mkdir()
    shutil.copy(GOOD[0], mixed / "again" / GOOD[0].name)
    (mixed / "batch.jsonl").write_text(
        '{"id": "b1", "text": "In 2021, Nam Dinh supported 12 establishments."}\n{"id": "b2", "text": \n'
        '{"id": "b3", "text": "Thai Binh has 250 craft villages."}\n', encoding="utf-8")
    (mixed / "utf16.txt").write_bytes("Lai Chau trained 300 workers in 2020.".encode("utf-16-le"))
    (mixed / "badbytes.txt").write_bytes(b"Kon Tum spent VND 2 billion \xff\xfe\x80 on 14 projects in 2019.")
    (mixed / "mixed.txt").write_bytes(b"Gia Lai\r\n\r\nIn 2022, Gia Lai built 9 models.\rIt trained 80 workers.\n")
    (mixed / "nofigures.txt").write_text("A note\n\nThe weather was fine and nothing was counted.", encoding="utf-8")
    loop = mixed / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "again")
    out = tmp_path / "out"
    _extract(str(mixed), str(tmp_path / "missing.txt"), "-o", str(out))

    errors = _rows(out, "errors")
    for name in cases:
        rows = [e for e in errors if name in e["source"]]
        assert len(rows) == 1, (name, rows)
        assert rows[0]["message"] and name in rows[0]["message"]
    assert [e["error"] for e in errors if "missing.txt" in e["source"]] == ["no_such_path"]
    assert any(e["error"] == "duplicate_id" for e in errors)
    assert any("batch.jsonl" in e["source"] and e["error"] == "batch_bad_line" for e in errors)
    assert any(e["error"] == "symlink_loop" for e in errors)
    # the scanned PDF tells the user what to do
    scanned = next(e for e in errors if "scanned.pdf" in e["source"])
    assert "OCR" in scanned["message"]

    docs = {d["doc_id"]: d for d in _rows(out, "documents")}
    assert {"batch:1", "b1", "b3"} & set(docs) == {"b1", "b3"}
    assert "nofigures" in docs and not [m for m in _rows(out, "mentions") if m["doc_id"] == "nofigures"]
    values = {(m["doc_id"], m["label"], m["value_min"]) for m in _rows(out, "mentions")}
    assert ("utf16", "COUNT", "300.0") in values
    assert ("badbytes", "COUNT", "14.0") in values
    assert ("mixed", "COUNT", "80.0") in values
    # every good document's rows are identical to a run without the bad items
    assert _good_rows(out) == _good_rows(clean_run)


def test_huge_inputs(tmp_path: Path) -> None:
    prose = "Craft villages in the province make rattan, bamboo and ceramic goods for buyers at home and abroad. "
    paragraph = prose * 20 + "In 2021, the province supported 12 establishments with VND 3 billion.\n\n"
    (tmp_path / "big.txt").write_text("Big report\n\n" + paragraph * (50_000_000 // len(paragraph)), encoding="utf-8")
    (tmp_path / "oneline.txt").write_text("word " * 1_000_000 + "with 30 workers.", encoding="utf-8")
    out = tmp_path / "out"
    _extract(str(tmp_path / "big.txt"), str(tmp_path / "oneline.txt"), "-o", str(out))
    docs = {d["doc_id"]: d for d in _rows(out, "documents")}
    assert set(docs) == {"big", "oneline"}
    assert int(docs["big"]["n_chars"]) > 49_000_000
    assert not _rows(out, "errors")


def test_no_such_path_is_a_clean_failure(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_unwritable_output_is_a_clean_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["extract", str(GOOD[0]), "-o", str(blocker / "out")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_keeps_old_tables_and_resumes(tmp_path: Path, sig: int) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(N_DOCS):
        (src / f"a{i:04}.txt").write_text(f"Article {i}\n\nIn 2021, Ha Nam supported {i + 2} establishments.",
                                          encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("old table\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    cmd = [sys.executable, "-m", "venextract.cli", "extract", str(src), "-o", str(out), "-w", "1", "-q"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    staged = out / ".venextract"
    while time.time() < deadline and not any(staged.glob("parts/part-*")) and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert "--resume" in err
    assert (out / "documents.csv").read_text(encoding="utf-8") == "old table\n"
    subprocess.run([*cmd, "--resume"], check=True, timeout=600)
    docs = _rows(out, "documents")
    assert sorted(d["doc_id"] for d in docs) == [f"a{i:04}" for i in range(N_DOCS)]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    counts = sorted(float(m["value_min"]) for m in _rows(out, "mentions") if m["label"] == "COUNT")
    assert counts == [float(i + 2) for i in range(N_DOCS)]


def test_rerun_replaces_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _extract(str(GOOD[0]), "-o", str(out))
    _extract(str(GOOD[1]), "-o", str(out), "-f", "csv,jsonl")
    assert [d["doc_id"] for d in _rows(out, "documents")] == [GOOD[1].stem]
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["doc_id"] for x in lines] == [GOOD[1].stem]


def test_max_bytes_limit_gives_an_error_row(tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_text("Small\n\nIn 2021, Lai Chau trained 40 workers.", encoding="utf-8")
    (tmp_path / "large.txt").write_text("Large\n\n" + "Many words here. " * 200, encoding="utf-8")
    out = tmp_path / "out"
    _extract(str(tmp_path / "small.txt"), str(tmp_path / "large.txt"), "-o", str(out), "--max-bytes", "1000")
    assert [e["error"] for e in _rows(out, "errors")] == ["too_large"]
    assert [d["doc_id"] for d in _rows(out, "documents")] == ["small"]
