"""Numbers in tables are exact (issue 13, item 2): a cell of hundreds of digits once became inf
as a float; ``int(inf)`` raised OverflowError and GI301–GI305 and GI307 were skipped for the
whole document, so the other rows' findings vanished too."""
from __future__ import annotations

from decimal import Decimal

from conftest import TESTS
from gilint.checks.cells import exact_sum, parse_number, show_number
from gilint.engine import Analyzer

BASE = (TESTS / "rules" / "_base_2021_markdown.txt").read_text(encoding="utf-8")
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t1\t0\t0\t0\t0\t0\t1"
UNKNOWN = "1.本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1"
HUGE = "9" * 320


def lint(text):
    a = Analyzer(cache_size=0)
    found = a.lint(text)
    assert a.last_failures == [], a.last_failures       # no rule skipped by an exception
    return found


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_base_is_clean():
    assert PARTIAL in BASE and UNKNOWN in BASE
    assert not [f for f in lint(BASE) if f.code.startswith("GI3")]


def test_a_huge_number_does_not_disable_the_arithmetic_rules():
    text = BASE.replace(PARTIAL, PARTIAL.replace("\t\t1\t0", f"\t\t{HUGE}\t0", 1))
    text = text.replace(UNKNOWN, UNKNOWN[:-1] + "2")          # another row's total is wrong too
    found = lint(text)
    gi302 = by_code(found, "GI302")
    assert len(gi302) == 2                                   # both rows, the huge one exactly
    huge_row = next(f for f in gi302 if HUGE in f.message)
    assert huge_row.message.endswith(f"={HUGE}，实为1")
    assert huge_row.fix.edits[0].new_text == HUGE
    assert any(f.message.endswith("=1，实为2") for f in gi302)
    assert by_code(found, "GI304") or by_code(found, "GI303")  # the columns do not add up either


def test_values_are_exact():
    assert parse_number(HUGE) == int(HUGE)
    assert parse_number("0.1") + parse_number("0.2") == parse_number("0.3")
    long = "1" * 5000                                          # beyond int()'s 4,300 digits
    assert parse_number(long) == Decimal(long)
    assert show_number(exact_sum([parse_number(long), 1])) == "1" * 4999 + "2"
    assert show_number(Decimal("2.50")) == "2.5" and show_number(12) == "12"
    assert show_number(1.0) == "1" and show_number(0.25) == "0.25"
