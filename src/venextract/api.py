"""The library interface: what notebooks and scripts call.

    >>> import venextract
    >>> result = venextract.extract(["corpus/"])          # doctest: +SKIP
    >>> result.facts.head()                                # doctest: +SKIP
    >>> doc = venextract.load()("In 2021, Hanoi spent VND 5 billion.")  # doctest: +SKIP
"""
from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import engine, pipeline, readers, tables
from .engine import Settings, Summary
from .schema import TABLE_NAMES
from .types import RawDocument


def load(patterns: str | Path | None = None, base: str | None = None) -> Any:
    """The spaCy pipeline: ``nlp(text)`` gives a Doc whose spans carry normalised values.

    Mentions are in ``doc.spans["venextract"]``; each span has ``span._.value_min``,
    ``value_max``, ``unit``, ``qualifier``, ``period_start``, ``period_end``,
    ``is_target`` and ``province``.  ``base`` names an installed trained English
    pipeline to build on (optional).
    """
    return pipeline.load(str(patterns) if patterns else None, base)


@dataclass
class Extraction:
    """The four tables of a run as pandas DataFrames."""

    documents: Any
    mentions: Any
    facts: Any
    errors: Any
    summary: Summary = field(default_factory=Summary)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def tables(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def write(self, out_dir: str | Path, formats: Sequence[str] | str = ("csv",)) -> dict[str, Path]:
        """Write the tables to ``out_dir`` in each of ``formats`` (atomically)."""
        from .writers import RunWriter

        formats = (formats,) if isinstance(formats, str) else tuple(formats)
        writer = RunWriter(out_dir, formats)
        writer.add(self.rows or tables.empty_rows())
        return writer.close()

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame)}" for name, frame in self.tables().items())
        return f"Extraction({sizes})"


def _is_path(item: str | Path) -> bool:
    if isinstance(item, Path):
        return True
    if "\n" in item or len(item) > 1024:
        return False
    return Path(item).exists() or bool(glob.has_magic(item)) or (" " not in item and Path(item).suffix != "")


def extract(
    inputs: str | Path | Iterable[str | Path],
    *,
    patterns: str | Path | None = None,
    workers: int = 1,
    base: str | None = None,
) -> Extraction:
    """Extract from files, folders, globs or raw texts (mixed is fine).

    A string that is not an existing path, a glob or a file name is taken as
    the text of an article (doc_id ``text-N``).
    """
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    work: list[engine.Task] = []
    n_text = 0
    for item in items:
        if isinstance(item, RawDocument):
            work.append(item)
        elif _is_path(item):
            work.extend(engine.tasks([item]))
        else:
            n_text += 1
            work.append(readers.document_from_text(str(item), doc_id=f"text-{n_text}"))
    return _collect(work, Settings(patterns=str(patterns) if patterns else None, base=base), workers)


def extract_texts(
    texts: Iterable[str],
    *,
    ids: Iterable[str] | None = None,
    published: Iterable[date | None] | date | None = None,
    patterns: str | Path | None = None,
    workers: int = 1,
) -> Extraction:
    """Extract from article texts held in memory (e.g. a DataFrame column)."""
    texts = list(texts)
    id_list = list(ids) if ids is not None else [f"text-{i}" for i in range(1, len(texts) + 1)]
    if published is None or isinstance(published, date):
        dates: list[date | None] = [published] * len(texts)
    else:
        dates = list(published)
    work: list[engine.Task] = []
    for text, doc_id, day in zip(texts, id_list, dates, strict=True):
        raw = readers.document_from_text(text, doc_id=str(doc_id))
        if day is not None:
            raw.published = day
        work.append(raw)
    return _collect(work, Settings(patterns=str(patterns) if patterns else None), workers)


def _collect(work: list[engine.Task], settings: Settings, workers: int) -> Extraction:
    rows = tables.empty_rows()
    summary = Summary()
    ids = engine.DocIds()
    for outcome in engine.outcomes(work, settings, workers, from_tasks=True):
        outcome = ids.fix(outcome)
        summary.add(outcome)
        tables.merge(rows, outcome.rows)
    frames = tables.frames(rows)
    return Extraction(**frames, summary=summary, rows=rows)


def run(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("csv",),
    workers: int | None = None,
    patterns: str | Path | None = None,
    base: str | None = None,
    resume: bool = False,
    progress: Any = None,
    max_bytes: int | None = None,
    text_column: str | None = None,
) -> Summary:
    """Stream ``inputs`` through the pipeline into tables under ``out_dir``.

    Memory stays flat: rows are staged in parts as they come and assembled into
    the final tables at the end, atomically.  With ``resume=True`` documents
    already staged by an interrupted run into the same folder are skipped.
    ``progress`` is called with each Outcome (the CLI passes a progress bar).
    """
    from .writers import RunWriter

    writer = RunWriter(out_dir, formats, resume=resume)
    settings = Settings(
        patterns=str(patterns) if patterns else None,
        base=base,
        skip_hashes=frozenset(writer.done_hashes()) if resume else frozenset(),
        max_bytes=max_bytes or readers.DEFAULT_MAX_BYTES,
        text_column=text_column,
    )

    def sink(outcome: engine.Outcome) -> None:
        if not outcome.skipped:
            writer.add(outcome.rows, outcome.content_hash)
        if progress is not None:
            progress(outcome)

    try:
        summary = engine.run(inputs, sink, settings, workers or engine.default_workers())
    except BaseException:
        writer.abort()
        raise
    summary.outputs = writer.close()
    return summary
