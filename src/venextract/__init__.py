"""venextract: tables of provinces, periods, money, counts, percentages and targets
from economic news and reports about Vietnam's provinces.

The public functions are imported lazily, so ``import venextract`` is cheap and
pure modules (``venextract.normalize``, ``venextract.readers``) load without spaCy.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Extraction": "api",
    "extract": "api",
    "extract_texts": "api",
    "load": "api",
    "run": "api",
    "display": "visualize",
    "evaluate": "evaluation",
    "summarize": "summary",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'venextract' has no attribute {name!r}")
