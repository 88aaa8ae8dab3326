"""Lint a rendered layout and compare its findings, as (code, section, row), with the model's."""
from __future__ import annotations

from collections import Counter

from gilint import lint
from layouts.model import TABLE_LEVEL
from layouts.render import AMBIGUOUS, Rendered

# Findings computed from a table's contents: none may come from a table read as GI001.
TABLE_CONTENT = {"GI202", "GI203", "GI204", "GI205", "GI301", "GI302", "GI303", "GI304", "GI305",
                 "GI306", "GI307", "GI503"}


def found(r: Rendered, config=None) -> Counter:
    out = Counter()
    for f in lint(r.text, config):
        if f.suppressed:
            continue
        # a zero-width finding (a blank cell) sits just after what precedes it: the reader's
        # convention, and the only place a crawl without separators leaves for it
        section, row = r.key_at(f.start - 1 if f.end == f.start and f.start else f.start)
        out[(f.code, section, None if f.code in TABLE_LEVEL else row)] += 1
    return out


def compare(expected: Counter, got: Counter, layout: str, allowed=()) -> tuple[Counter, Counter]:
    """(missing, extra): see judge."""
    _expected, missing, extra = judge(expected, got, layout, allowed)
    return missing, extra


def judge(expected: Counter, got: Counter, layout: str, allowed=()) -> tuple[Counter, Counter, Counter]:
    """(expected as it applies, missing, extra); ``allowed`` findings are neither. In a layout without cell separators a table whose split is ambiguous
    may be reported as GI001 instead, and then nothing computed from its contents (what the
    model expects there becomes optional: a cell read for sure, e.g. a blank one, may still be
    reported; nothing else may)."""
    expected = Counter(expected)
    got = Counter(got)
    if layout in AMBIGUOUS:
        for (code, section, _row) in list(got):
            if code == "GI001" and ("GI001", section, None) not in expected:
                del got[("GI001", section, None)]
                for k in list(expected):
                    if k[1] == section and k[0] in TABLE_CONTENT or k[0] == "GI307" and section == 3:
                        # (the narrative check GI307 needs section 三's table)
                        n = expected.pop(k)
                        got[k] -= min(n, got[k])
    for k in allowed:
        got.pop(k, None)
    return expected, expected - got, got - expected
