"""What every venextract component shares: its patterns folder and serialisation.

A component remembers which patterns folder it was built from; ``to_disk``
copies the files it uses next to the pipeline so a saved pipeline is
self-contained, and ``from_disk`` rebuilds from that copy.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.util import ensure_path

from ..resources import patterns_dir
from . import extensions


class PatternComponent:
    """Base class: a pipeline component configured by files in ``patterns/``."""

    files: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str, *, patterns: str | None = None) -> None:
        extensions.register()
        self.nlp = nlp
        self.name = name
        self.patterns = str(patterns_dir(patterns)) if patterns else None
        self.load()

    def load(self) -> None:
        """(Re)build the component's matchers from ``self.patterns``."""

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = patterns_dir(self.patterns)
        for name in self.files:
            if (source / name).exists():
                shutil.copy2(source / name, path / name)

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> Any:
        path = ensure_path(path)
        if any((path / name).exists() for name in self.files):
            self.patterns = str(path)
            self.load()
        return self
