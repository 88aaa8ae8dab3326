"""Columns on a terminal: CJK (East Asian Wide and Fullwidth) characters take two."""
from __future__ import annotations

import unicodedata


def width(s: str) -> int:
    """How many terminal columns ``s`` takes."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, n: int) -> str:
    """``s`` followed by spaces up to ``n`` columns (unchanged if it is already as wide)."""
    return s + " " * max(0, n - width(s))
