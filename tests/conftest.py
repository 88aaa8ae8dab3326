"""Shared test helpers (kept minimal: other test modules may add their own fixtures here)."""
from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent


def apply_edits(text: str, edits) -> str:
    """Apply Edit objects (start, end, new_text) in reverse order of start. Overlapping edits
    are an error: a fix whose edits collide cannot be applied mechanically."""
    out = text
    last = None
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        assert 0 <= e.start <= e.end <= len(text), f"edit outside the text: {e}"
        assert last is None or e.end <= last, f"overlapping edits: {e} and one starting at {last}"
        out = out[:e.start] + e.new_text + out[e.end:]
        last = e.start
    return out
