"""Property tests: mutated reports never break the engine.

Seeds, real reports and the rule-fixture bases are mutated (lines deleted, duplicated, swapped;
random text inserted: CJK, numbering, tabs, '|', digits, CR/LF/CRLF, Markdown marks) and linted.
Properties: no exception and no rule that failed (the engine swallows a crashing rule and logs
it, so ``Analyzer.failed_rules`` is checked too); every finding lies inside the text; every fix
edit lies inside the text and the edits of one fix do not overlap; re-linting with the same
Analyzer (its caches warm) gives the same findings as a fresh lint.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TESTS
from gilint.engine import Analyzer

SOURCES = sorted([*(TESTS / "cases" / "seeds").glob("*.txt"), *(TESTS / "cases" / "real").glob("*.txt"),
                  *(TESTS / "rules").glob("_base_*.txt")])
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]

ALPHABET = st.sampled_from(
    list("0123456789０１２３\t|#-—/、，。：；（）()【】“”\"‘’ 　\u00a0") + ["\n", "\r\n", "\r"]
    + list("一二三四五六七八九十总计规章行政规范性文件予以公开镇县区市年月日元万件XX×")
    + ["一、", "（一）", "1.", "## ", "| 0 | 0 |", "\t0\t0\t0", "第二十条第（一）项", "信息内容",
       "本年新收政府信息公开申请数量", "四、政府信息公开行政复议、行政诉讼情况", "[bookmark: _GoBack]",
       "&nbsp;", "2021年1月1日至12月31日", "国办公开办函〔2019〕60号", "\ufeff", "\u200b", "\ud7ff", "😀"])
SNIPPET = st.lists(ALPHABET, min_size=1, max_size=12).map("".join)


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(TEXTS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert", "replace_line", "newlines"]))
        n = len(lines)
        i = draw(st.integers(0, max(n - 1, 0)))
        if op == "delete" and n > 1:
            del lines[i]
        elif op == "duplicate" and n:
            lines.insert(i, lines[i])
        elif op == "swap" and n > 1:
            j = draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert" and n:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(SNIPPET) + lines[i][k:]
        elif op == "replace_line" and n:
            lines[i] = draw(SNIPPET)
        elif op == "newlines":
            sep = draw(st.sampled_from(["\r\n", "\r"]))
            return sep.join(lines)
    return "\n".join(lines)


def check_findings(text, findings):
    n = len(text)
    for f in findings:
        assert 0 <= f.start <= f.end <= n, f"{f.code} span {f.start}..{f.end} outside 0..{n}"
        assert f.severity in ("error", "warning", "info"), f
        if f.fix is not None:
            edits = sorted(f.fix.edits, key=lambda e: (e.start, e.end))
            assert edits, f"{f.code}: a fix without edits"
            for e in edits:
                assert 0 <= e.start <= e.end <= n, f"{f.code} fix edit {e.start}..{e.end} outside 0..{n}"
                assert isinstance(e.new_text, str)
            for a, b in zip(edits, edits[1:]):
                assert a.end <= b.start, f"{f.code}: overlapping edits in one fix"


def key(findings):
    return [(f.code, f.severity, f.message, f.start, f.end, f.fix) for f in findings]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_reports_lint_safely(text):
    a = Analyzer()
    findings = a.lint(text)
    assert not a.failed_rules, f"rules crashed: {sorted(a.failed_rules)}"
    check_findings(text, findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(TEXTS), mutated())
def test_warm_analyzer_equals_fresh_lint(before, after):
    a = Analyzer()
    a.lint(before)
    warm = a.lint(after)
    assert not a.failed_rules, f"rules crashed: {sorted(a.failed_rules)}"
    assert key(warm) == key(Analyzer().lint(after))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(ALPHABET, st.text(max_size=5)), max_size=300).map("".join))
def test_random_documents_lint_safely(text):
    a = Analyzer()
    findings = a.lint(text)
    assert not a.failed_rules, f"rules crashed: {sorted(a.failed_rules)}"
    check_findings(text, findings)


def test_sources_present():
    assert len(SOURCES) >= 10 and all(isinstance(p, Path) for p in SOURCES)
