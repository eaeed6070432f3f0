"""Input paths to files: single files, folders (recursive, sorted) and glob patterns."""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..types import ErrorRecord
from .base import SUPPORTED_SUFFIXES, error

_GLOB_CHARS = frozenset("*?[")


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _real(path: Path) -> Path | None:
    """The fully resolved path, or ``None`` when resolving loops."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


class _Walker:
    """One discovery run: remembers the files and folders already given, so none comes twice."""

    def __init__(self) -> None:
        self.files: set[Path] = set()
        self.active: set[Path] = set()  # folders being walked: the current chain of ancestors

    def path(self, path: Path, named: bool) -> Iterator[Path | ErrorRecord]:
        if path.is_symlink() and _real(path) is None:
            yield error(path, "find", "symlink_loop")
            return
        if path.is_dir():
            yield from self.folder(path)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                if named:
                    yield error(path, "find", "unsupported", suffix=path.suffix)
                return
            real = _real(path)
            if real is not None and real in self.files:
                return
            if real is not None:
                self.files.add(real)
            yield path
        elif named and not path.exists():
            yield error(path, "find", "no_such_path")

    def folder(self, folder: Path) -> Iterator[Path | ErrorRecord]:
        real = _real(folder)
        if real is None or real in self.active:
            yield error(folder, "find", "symlink_loop")
            return
        self.active.add(real)
        try:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                yield error(folder, "find", "unreadable", reason=exc.strerror or type(exc).__name__)
                return
            for entry in entries:
                if _hidden(entry.name):
                    continue
                yield from self.path(Path(entry.path), named=False)
        finally:
            self.active.discard(real)


def _is_pattern(text: str) -> bool:
    return any(c in _GLOB_CHARS for c in text)


def discover(paths: Iterable[str | Path]) -> Iterator[Path | ErrorRecord]:
    """The files to read under ``paths``, in a fixed order, each real file once.

    Folders are walked recursively in name order, skipping hidden entries and
    files of unsupported types; a file named directly with an unsupported type,
    a path that does not exist, an unmatched glob pattern or a symbolic link
    loop gives an :class:`ErrorRecord` (stage ``"find"``) instead.
    """
    walker = _Walker()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        path = Path(given).expanduser()
        if path.exists() or path.is_symlink():
            yield from walker.path(path, named=True)
        elif _is_pattern(str(given)):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                yield error(given, "find", "no_such_path")
            for match in matches:
                yield from walker.path(Path(match), named=False)
        else:
            yield error(given, "find", "no_such_path")
