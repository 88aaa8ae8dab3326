"""GI106 reads only the beginning of a long paragraph (``_norm_start``): what it normalises
is always the beginning of the whole paragraph's normal form, on real reports' lines."""
from __future__ import annotations

from gilint.checks.document.GI106_empty_section import _norm_start
from gilint.templates import norm

from conftest import REAL, SEEDS


def test_the_start_of_a_long_paragraph_normalises_as_the_whole_begins():
    lines = [line for folder in (REAL, SEEDS) for path in sorted(folder.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    long = [line for line in lines if len(line) > 128]
    assert len(long) > 30
    cut = 0
    for line in lines + [" \u3000" * 100 + line for line in long]:   # (whitespace: norm drops it)
        start, whole = _norm_start(line, 8), norm(line)
        assert whole.startswith(start) and (len(start) >= 8 or start == whole), line
        cut += start != whole
    assert cut >= len(long)   # (the long lines, and most of those after whitespace)
