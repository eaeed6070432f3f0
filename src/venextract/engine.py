"""Run the pipeline over many inputs: stream, batch, fan out to processes, write.

Single files (txt, html, pdf) are read inside the worker processes, so reading
PDFs is parallel too; rows of batch files (jsonl, csv) are read in the main
process and sent out in chunks.  Results come back in input order, so the
tables are identical whatever the number of workers.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import readers
from .components.extensions import set_doc_values
from .errors import message
from .pipeline import load
from .tables import doc_rows, error_row
from .types import ErrorRecord, RawDocument

BATCH_SUFFIXES = {".jsonl", ".csv"}
CHUNK = 16  # documents per task sent to a worker
PIECE_CHARS = 500_000  # longer texts are processed in pieces cut at paragraph breaks

Rows = dict[str, list[dict[str, Any]]]
Task = Path | RawDocument | ErrorRecord


@dataclass
class Settings:
    patterns: str | None = None
    base: str | None = None
    batch_size: int = 64
    skip_hashes: frozenset[str] = frozenset()
    max_bytes: int = readers.DEFAULT_MAX_BYTES
    text_column: str | None = None


@dataclass
class Outcome:
    """What one input produced: rows for the tables, or nothing when resumed past."""

    rows: Rows
    content_hash: str | None = None
    skipped: bool = False


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    errors: int = 0
    mentions: Counter = field(default_factory=Counter)
    outputs: dict[str, Path] = field(default_factory=dict)
    interrupted: bool = False

    def add(self, outcome: Outcome) -> None:
        if outcome.skipped:
            self.skipped += 1
            return
        self.documents += len(outcome.rows.get("documents", ()))
        self.errors += len(outcome.rows.get("errors", ()))
        self.mentions.update(m["label"] for m in outcome.rows.get("mentions", ()))


# ------------------------------------------------------------------ processing


def to_doc(nlp: Any, raw: RawDocument) -> Any:
    """A spaCy Doc carrying the reader's metadata, ready for the pipeline."""
    doc = nlp.make_doc(raw.text)
    set_doc_values(
        doc, text=raw.text, doc_id=raw.doc_id, source=raw.source, title=raw.title, published=raw.published,
        section=raw.section, author=raw.author, url=raw.url, n_pages=raw.n_pages,
        page_starts=raw.page_starts, skip_ranges=raw.skip_ranges, content_hash=raw.content_hash,
    )
    return doc


def process(tasks: list[Task], settings: Settings) -> list[Outcome]:
    """Read and extract a chunk of tasks; one Outcome per document or error."""
    nlp = load(settings.patterns, settings.base)
    items: list[RawDocument | ErrorRecord] = []
    for task in tasks:
        if isinstance(task, Path):
            items.extend(readers.read_path(task, max_bytes=settings.max_bytes, text_column=settings.text_column))
        else:
            items.append(task)
    outcomes: list[Outcome | None] = [None] * len(items)
    todo: list[tuple[int, int, RawDocument]] = []  # (item index, piece offset, piece)
    for i, item in enumerate(items):
        if isinstance(item, ErrorRecord):
            outcomes[i] = Outcome({"errors": [error_row(item)]})
        elif item.content_hash and item.content_hash in settings.skip_hashes:
            outcomes[i] = Outcome({}, item.content_hash, skipped=True)
        else:
            todo.extend((i, offset, piece) for offset, piece in split_large(item))
    pieces: dict[int, list[tuple[int, Any]]] = {}
    for (i, offset, _), doc in zip(todo, _pipe(nlp, todo, settings.batch_size), strict=True):
        if isinstance(doc, ErrorRecord):
            outcomes[i] = Outcome({"errors": [error_row(doc)]}, items[i].content_hash)  # type: ignore[union-attr]
        elif outcomes[i] is None:
            pieces.setdefault(i, []).append((offset, doc))
    for i, done in pieces.items():
        if outcomes[i] is None:
            raw = items[i]
            assert isinstance(raw, RawDocument)
            outcomes[i] = Outcome(_merge_pieces(raw, done), raw.content_hash)
    return [o for o in outcomes if o is not None]


def split_large(raw: RawDocument, limit: int = PIECE_CHARS) -> list[tuple[int, RawDocument]]:
    """Cut a very long text into pieces of at most ``limit`` characters at paragraph breaks.

    Each piece keeps the document's metadata; offsets are restored when the rows
    are merged.  Frames and sentences never cross a paragraph, so nothing is lost.
    """
    text = raw.text
    if len(text) <= limit:
        return [(0, raw)]
    out: list[tuple[int, RawDocument]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            if cut < 0:
                cut = text.rfind(". ", start + limit // 2, end)
                cut = cut + 1 if cut >= 0 else text.rfind(" ", start + limit // 2, end)
            end = cut + 1 if cut > start else end
        piece = replace(
            raw,
            text=text[start:end],
            page_starts=[p - start for p in raw.page_starts],
            skip_ranges=[(s - start, e - start) for s, e in raw.skip_ranges if s >= start and e <= end],
        )
        out.append((start, piece))
        start = end
    return out


def _merge_pieces(raw: RawDocument, done: list[tuple[int, Any]]) -> Rows:
    """The rows of a document processed in pieces, with offsets into the whole text."""
    if len(done) == 1 and done[0][0] == 0:
        return doc_rows(done[0][1])
    merged: Rows = {"documents": [], "mentions": [], "facts": [], "errors": []}
    n_mentions = n_sentences = 0
    for offset, doc in done:
        rows = doc_rows(doc)
        if not merged["documents"]:
            merged["documents"] = rows["documents"]
        ids: dict[str, str] = {}
        for m in rows["mentions"]:
            n_mentions += 1
            ids[m["mention_id"]] = new_id = f"{raw.doc_id}#{n_mentions}"
            merged["mentions"].append(m | {"mention_id": new_id, "start_char": m["start_char"] + offset,
                                           "end_char": m["end_char"] + offset,
                                           "sentence": m["sentence"] + n_sentences})
        merged["facts"].extend(f | {"mention_id": ids[f["mention_id"]]} for f in rows["facts"])
        n_sentences += len(doc._.sentence_ranges or ())
    merged["documents"][0]["n_chars"] = len(raw.text)
    return merged


def _pipe(nlp: Any, todo: list[tuple[int, int, RawDocument]], batch_size: int) -> Iterator[Any]:
    """nlp.pipe over the pieces, falling back to one at a time when a batch fails."""
    done = 0
    try:
        for doc in nlp.pipe((to_doc(nlp, raw) for _, _, raw in todo), batch_size=batch_size):
            done += 1
            yield doc
        return
    except Exception:  # noqa: BLE001 - isolate the failing document below
        pass
    for _, _, raw in todo[done:]:
        try:
            yield nlp(to_doc(nlp, raw))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            reason = f"{type(exc).__name__}: {exc}"
            yield ErrorRecord(raw.source, "extract", "extract_failed",
                              message("extract_failed", path=raw.source, reason=reason))


# ------------------------------------------------------------------ scheduling


def tasks(inputs: Iterable[str | Path], settings: Settings | None = None) -> Iterator[Task]:
    """Work items: single files as paths (read by workers), batch rows as documents."""
    settings = settings or Settings()
    for found in readers.discover(inputs):
        if isinstance(found, ErrorRecord):
            yield found
        elif found.suffix.lower() in BATCH_SUFFIXES:
            yield from readers.read_path(found, max_bytes=settings.max_bytes, text_column=settings.text_column)
        else:
            yield found


def chunked(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles interrupts
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool stops its workers with SIGTERM
    _SETTINGS = settings
    load(settings.patterns, settings.base)


def _work(chunk: list[Task]) -> list[Outcome]:
    assert _SETTINGS is not None
    return process(chunk, _SETTINGS)


def outcomes(inputs: Iterable[str | Path] | Iterable[Task], settings: Settings, workers: int = 1,
             from_tasks: bool = False) -> Iterator[Outcome]:
    """Outcomes in input order, computed in ``workers`` processes."""
    work = inputs if from_tasks else tasks(inputs, settings)  # type: ignore[arg-type]
    chunks = chunked(work, CHUNK)  # type: ignore[arg-type]
    if workers <= 1:
        for chunk in chunks:
            yield from process(chunk, settings)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":  # forked workers inherit the built pipeline instead of each building its own
        load(settings.patterns, settings.base)
        gc.freeze()  # kept out of the workers' collections, which would touch (copy) its pages
    ctx = multiprocessing.get_context(method)
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(settings,))
    if method == "fork":
        gc.unfreeze()  # the workers keep their frozen copy; this process collects as before
    with pool:
        for result in pool.imap(_work, chunks):
            yield from result


class DocIds:
    """Keeps doc_ids unique across a run: a repeated id gets a ``~N`` suffix."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def fix(self, outcome: Outcome) -> Outcome:
        docs = outcome.rows.get("documents")
        if not docs:
            return outcome
        doc_id, source = docs[0]["doc_id"], docs[0]["source"]
        if doc_id not in self.seen:
            self.seen[doc_id] = source
            return outcome
        n = 2
        while f"{doc_id}~{n}" in self.seen:
            n += 1
        new_id = f"{doc_id}~{n}"
        self.seen[new_id] = source
        rows = {name: [dict(r) for r in items] for name, items in outcome.rows.items()}
        for name in ("documents", "mentions", "facts"):
            for r in rows.get(name, ()):
                r["doc_id"] = new_id
                if "mention_id" in r:
                    r["mention_id"] = new_id + r["mention_id"][len(doc_id):]
        note = message("duplicate_id", path=source, doc_id=doc_id, other=self.seen[doc_id], new_id=new_id)
        error = {"source": source, "stage": "read", "error": "duplicate_id", "message": note}
        rows.setdefault("errors", []).append(error)
        return replace(outcome, rows=rows)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    inputs: Iterable[str | Path],
    sink: Callable[[Outcome], None],
    settings: Settings,
    workers: int = 1,
) -> Summary:
    """Process every input, hand each Outcome to ``sink``, and count what happened."""
    summary = Summary()
    ids = DocIds()
    for outcome in outcomes(inputs, settings, workers):
        outcome = ids.fix(outcome)
        summary.add(outcome)
        sink(outcome)
    return summary
