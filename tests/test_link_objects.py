"""figure_object's lead-in phrase: the reverse search must find what a forward search finds."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from venextract.link import objects

_FORWARD = regex.compile(objects._BEFORE.pattern, regex.IGNORECASE)
# the words of the pattern, pieces of them and words around them
_WORDS = sorted(
    {w for w in regex.findall(r"[a-z]+", objects._BEFORE.pattern) if len(w) > 1}
    | {"sub", "co", "re", "s", "the", "province", "Total", "EXPORT", "investments", "and", "a"}
)
_GAPS = [" ", "  ", "\n", " \t", ", ", "-", ""]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=12),
       st.sampled_from([" ", "  ", " \n"]))
def test_reverse_search_finds_the_forward_match(words: list[tuple[str, str]], end: str) -> None:
    window = "".join(w + gap for w, gap in words[:-1]) + words[-1][0] + end
    forward, backward = _FORWARD.search(window), objects._BEFORE.search(window)
    assert (forward is None) == (backward is None)
    if forward is not None and backward is not None:
        assert forward.span() == backward.span() and forward.group("np") == backward.group("np")


def test_phrases_ending_the_window() -> None:
    for window, np in [
        ("with total funding of over ", "total funding"),
        ("annual total registered investment capital of ", "total registered investment capital"),
        ("the subtotal investment of ", "investment"),  # a phrase starts at a word's start
        ("the co-funding of ", "funding"),
        ("export turnover amounted to ", "export turnover"),
        ("the value estimated at about ", "value"),
        ("its output was nearly ", "output"),
        ("capital of the ", None),
    ]:
        m = objects._BEFORE.search(window)
        assert (m.group("np") if m else None) == np, window
