"""A regex of alternative parts, cut down per word to the parts that can match where that word starts.

Trying a large alternation at every word is slow; most words can start none of its parts, and
the others only a few.  A part stays for a word when the word matches it or is the start of a
match (a partial match); the parts left out cannot match where the word stands, so the cut-down
regex finds there what the full one would.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

Pattern = regex.Pattern[str]
_UNSEEN = object()


class CutRegex:
    """``full`` cut down per word to the ``parts`` that can start there; ``build`` makes the cut regex
    from a mask of the parts kept.  Results are cached per word (up to ``cache_size`` words) and per mask.

    A hot loop may look a word up in :attr:`by_word` itself and call :meth:`at` only when it gets
    :data:`UNSEEN`: that saves a call per word.
    """

    UNSEEN = _UNSEEN

    def __init__(self, full: Pattern, parts: Sequence[Pattern], build: Callable[[tuple[bool, ...]], Pattern],
                 cache_size: int = 50_000) -> None:
        self.full = full
        self.parts = list(parts)
        self._build = build
        self._cache_size = cache_size
        self.by_word: dict[str, Pattern | None] = {}
        self._by_mask: dict[tuple[bool, ...], Pattern] = {}

    def at(self, word: str) -> Pattern | None:
        """The regex to try where ``word`` starts, or None when no part can match there."""
        found = self.by_word.get(word, _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        if len(self.by_word) >= self._cache_size:
            self.by_word.clear()
        pattern = None
        if self.full.match(word, partial=True) is not None:  # most words start no part: one test tells
            mask = tuple(part.match(word, partial=True) is not None for part in self.parts)
            pattern = self._by_mask.get(mask)
            if pattern is None:
                pattern = self._by_mask[mask] = self._build(mask)
        self.by_word[word] = pattern
        return pattern
