"""One-line text (a crawled page) costs the reader work in proportion to its length (issue 13:
no input of ≤ 20 KB over 1 s). Counted, not timed: the in-line heading look-ups (``_prefix``,
a fuzzy match of a 48-character window) and the flattened-row searches (``_halves``) for a
one-line input of ~10 KB and one four times as long, in the same test."""
from __future__ import annotations

import pytest

from gilint.engine import Analyzer
from gilint.read import outline
from gilint.read.formats import flattened
from test_reader import PIPES, crawl


def _counted(monkeypatch, text: str) -> dict:
    counts = {"_prefix": 0, "_halves": 0}
    for mod, name in ((outline, "_prefix"), (flattened, "_halves")):
        real = getattr(mod, name)

        def wrapper(*a, _real=real, _name=name, **k):
            counts[_name] += 1
            return _real(*a, **k)
        monkeypatch.setattr(mod, name, wrapper)
    Analyzer(cache_size=0).lint(text)
    monkeypatch.undo()
    return counts


@pytest.mark.parametrize("sep", [" ", ""])
@pytest.mark.parametrize("filler", ["", "一、", "1、其他", "9" * 61])
def test_work_on_one_huge_line_grows_linearly(monkeypatch, sep, filler):
    page = crawl(PIPES, sep).rstrip("\n")
    piece = (page + sep + filler * 200 + sep)
    small = piece * max(1, 10 * 1024 // len(piece.encode("utf-8")))
    big = small * 4
    a, b = _counted(monkeypatch, small + "\n"), _counted(monkeypatch, big + "\n")
    assert sum(a.values()) > 0 or filler == ""
    for name in a:
        # linear would be 4×; a quadratic scan over the line would be 16×
        assert b[name] <= 6 * a[name] + 10, (name, a, b)
