"""Build the spaCy pipeline: a blank English tokenizer plus venextract's components.

The order is fixed: segment → provinces → periods → quantities → link.  A
trained English pipeline is optional (``base="en_core_web_sm"``): its
tokenizer and tagger are then kept and our components are added after them.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from .components import extensions
from .components import linker as _linker  # noqa: F401  (registers the factories)
from .components import periods as _periods  # noqa: F401
from .components import provinces as _provinces  # noqa: F401
from .components import quantities as _quantities  # noqa: F401
from .components import segmenter as _segmenter  # noqa: F401
from .resources import patterns_dir, shared_per_folder

COMPONENTS = (
    "venextract_segmenter",
    "venextract_provinces",
    "venextract_periods",
    "venextract_quantities",
    "venextract_linker",
)


def build(patterns: str | Path | None = None, base: str | None = None) -> Language:
    """A new pipeline reading its rules from ``patterns`` (default: the packaged ones)."""
    extensions.register()
    folder = str(patterns_dir(patterns)) if patterns is not None else None
    if base:
        nlp = spacy.load(base, exclude=["ner", "parser", "senter", "lemmatizer"])
    else:
        nlp = spacy.blank("en")
    nlp.max_length = 100_000_000
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"patterns": folder})
    return nlp


@shared_per_folder
def load(patterns: str | None = None, base: str | None = None) -> Language:
    """The shared pipeline for these settings (built once per process)."""
    return build(patterns, base)
