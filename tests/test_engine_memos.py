"""The Analyzer's memos stay bounded however many texts it lints: a memo that outgrew the text
(gilint.memo.trim: twice its lines plus SLACK entries) is emptied — in the editor at every lint,
in a run over many files every ``engine.TRIM_EVERY`` lints — and what it holds never changes a
finding (tests/test_lsp_incremental.py compares them with a fresh lint)."""
from __future__ import annotations

import pytest

from gilint import engine, memo
from gilint.engine import Analyzer

from conftest import SEEDS

SLACK = 50


def _texts(n: int):
    """``n`` versions of a seed report, each line changed (every memo keyed by a line's text
    gains entries at each lint)."""
    seed = next(SEEDS.glob("003*.txt")).read_text(encoding="utf-8")
    for i in range(n):
        yield "\n".join(f"{line}（{i}）" if line.strip() else line for line in seed.split("\n"))


def _largest(analyzer: Analyzer) -> int:
    return max([len(m) for m in analyzer._memos.values()] + [len(analyzer._reader.line_memo)])


@pytest.mark.parametrize("incremental", [True, False])
def test_memos_stay_bounded_over_many_texts(monkeypatch, incremental):
    monkeypatch.setattr(memo, "SLACK", SLACK)
    analyzer = Analyzer(incremental=incremental)
    largest = grown = 0
    for text in _texts(120):
        before = _largest(analyzer)
        analyzer.lint(text)
        grown = max(grown, _largest(analyzer) - before)   # the most one lint adds to a memo
        largest = max(largest, _largest(analyzer))
    lines = len(analyzer.report.lines[0])
    every = 1 if incremental else engine.TRIM_EVERY
    assert 0 < grown and 120 * grown > 2 * lines + SLACK + 16 * grown   # unbounded without trim
    assert every <= 16 and largest <= 2 * lines + SLACK + every * grown
