"""The label fix of GI202/GI203 (``gilint.checks.tables.helpers.label_fix``): a label read over
lines is replaced safely only where it ends at a line end; the fix never joins the next
section's heading to a table line."""
from __future__ import annotations

import pytest

from gilint.checks.tables.helpers import label_fix
from gilint.model import Cell

WANT = "本年新制作数量"


def _fix(text: str, label: str, limit: int | None = None):
    start = text.index(label)
    return label_fix(Cell(label, start, start + len(label)), WANT, text,
                     len(text) if limit is None else limit)


def _applied(text: str, fix) -> str:
    (e,) = fix.edits
    return text[:e.start] + e.new_text + text[e.end:]


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_a_label_on_one_line_or_wrapped_over_whole_lines_is_fixed_safely(nl):
    one = f"\t信息内容{nl}\t本年新制作件数{nl}\t本年新公开数量{nl}"
    fix = _fix(one, "本年新制作件数")
    assert fix.safe and _applied(one, fix) == one.replace("本年新制作件数", WANT)
    wrapped = f"\t信息内容{nl}\t本年新制作{nl}件数{nl}\t本年新公开数量{nl}"
    fix = _fix(wrapped, f"本年新制作{nl}件数")
    assert fix.safe and _applied(wrapped, fix) == one.replace("本年新制作件数", WANT)


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_a_stray_character_before_an_in_line_heading_is_not_joined_to_the_label(nl):
    """The section (and the label as read) ends before 五、: the fix is unsafe and keeps the
    heading at the start of its line."""
    text = f"\t信息内容{nl}\t本年新制作数量{nl}0五、存在的主要问题及整改措施\t本年新公开数量{nl}"
    fix = _fix(text, f"本年新制作数量{nl}0", limit=text.index("五、"))
    assert not fix.safe
    assert _applied(text, fix) == f"\t信息内容{nl}\t本年新制作数量{nl}五、存在的主要问题及整改措施\t本年新公开数量{nl}"


def test_a_label_ending_within_a_line_of_its_section_is_fixed_unsafely():
    """One cell a line between pipes (a table that lost its rows), a label read from two cells:
    the rest of the line is the label's row; merging the cells is a guess."""
    text = "|信息内容|\n|本年新制作|\n|件数|\n|本年新公开数量|\n"
    fix = _fix(text, "本年新制作|\n|件数")
    assert not fix.safe
    assert _applied(text, fix) == "|信息内容|\n|本年新制作数量|\n|本年新公开数量|\n"


def test_a_continuation_line_holding_two_cells_gets_no_fix():
    text = "\t信息内容\n\t本年新制作数量\n0\t本年新公开数量\n\t对外公开总数量\n"
    assert _fix(text, "本年新制作数量\n0\t本年新公开数量") is None
