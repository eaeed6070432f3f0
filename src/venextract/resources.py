"""Find and load the editable rule files in ``patterns/`` (no spaCy, no pandas).

Patterns ship inside the wheel (``venextract/patterns``); in a source checkout
the repository's ``patterns/`` folder is used.  Any loader takes a folder so a
researcher can point venextract at an edited copy (``--patterns DIR``).
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from .errors import PatternError

T = TypeVar("T")

_PACKAGED = Path(__file__).parent / "patterns"
_CHECKOUT = Path(__file__).resolve().parents[2] / "patterns"


def patterns_dir(override: str | Path | None = None) -> Path:
    """The folder to read patterns from: ``override``, the packaged copy, or the checkout's."""
    if override is not None:
        path = Path(override)
        if not path.is_dir():
            raise PatternError(f"patterns folder not found: {path}")
        return path.resolve()
    for path in (_PACKAGED, _CHECKOUT):
        if path.is_dir():
            return path
    raise PatternError("the packaged patterns folder is missing; reinstall venextract")


def _file(name: str, folder: str | Path | None) -> Path:
    path = patterns_dir(folder) / name
    if not path.is_file():
        # an edited copy may hold only the files the researcher changed
        fallback = patterns_dir(None) / name
        if folder is not None and fallback.is_file():
            return fallback
        raise PatternError(f"pattern file missing: {path}")
    return path


def folder_stamp(folder: str | Path | None = None) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file a patterns folder gives (with the packaged files an
    edited copy falls back to): a cache key that changes when a rule file is edited."""
    dirs = [patterns_dir(folder)] + ([patterns_dir(None)] if folder is not None else [])
    out = []
    for d in dict.fromkeys(dirs):
        with os.scandir(d) as entries:
            for e in entries:
                if e.is_file():
                    st = e.stat()
                    out.append((e.path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


def shared_per_folder(build: Callable[..., T]) -> Callable[..., T]:
    """Cache what ``build(folder, *args)`` makes per patterns folder, and make it again when a file there
    has been edited (a notebook may edit a rule file and run again)."""
    cached = lru_cache(maxsize=8)(lambda folder, _stamp, *args: build(folder, *args))

    @wraps(build)
    def shared(folder: str | Path | None = None, *args: Any) -> T:
        return cached(folder, folder_stamp(folder), *args)

    shared.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return shared


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=64)
def _read_json(path: Path, _stamp: tuple[int, int]) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PatternError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc


def read_json(name: str, folder: str | Path | None = None, required: tuple[str, ...] = ()) -> Any:
    """Load ``name`` (a JSON object) and check that ``required`` keys are present."""
    path = _file(name, folder)
    data = _read_json(path, _stat(path))
    missing = [k for k in required if k not in data]
    if missing:
        raise PatternError(f"{path}: missing keys {missing}")
    return data


@lru_cache(maxsize=64)
def _read_csv(path: Path, _stamp: tuple[int, int]) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    return tuple(rows)


def read_csv(name: str, folder: str | Path | None = None, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """Load a CSV table (lines starting with ``#`` are comments) and check its columns."""
    path = _file(name, folder)
    rows = _read_csv(path, _stat(path))
    if rows:
        missing = [c for c in required if c not in rows[0]]
        if missing:
            raise PatternError(f"{path}: missing columns {missing}")
    return rows


def read_jsonl(name: str, folder: str | Path | None = None, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Load spaCy-style pattern lines (``{"label", "pattern", "id"}``), checking each."""
    path = _file(name, folder)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{path}:{n}: invalid JSON: {exc.msg}") from exc
        missing = [k for k in required if k not in obj]
        if missing:
            raise PatternError(f"{path}:{n}: missing keys {missing}")
        out.append(obj)
    return out


def read_lines(name: str, folder: str | Path | None = None) -> list[str]:
    """A word list: one entry per line, ``#`` comments and blank lines ignored."""
    path = _file(name, folder)
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]
