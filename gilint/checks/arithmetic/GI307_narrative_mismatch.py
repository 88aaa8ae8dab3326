from __future__ import annotations

from bisect import bisect_left

import regex

from gilint.checks.arithmetic.helpers import fmt, readable_section3_tables
from gilint.checks.base import Rule
from gilint.checks.cells import exact_number, row_numbers
from gilint.lazyre import lazy


RECEIVED = lazy(regex, r"(?:全年|本年|今年|年度内|共|累计)[^。；\n]{0,8}?(?:收到|新收)[^。；\n]{0,6}?"
                         r"(?:政府)?信息公开申请\s*(?:共\s*)?(\d+)\s*件")


class NarrativeMismatch(Rule):
    """A figure stated in the text contradicts the table.

    ## What it does
    Compares the number of applications received stated in 一、总体情况 or the preamble
    (全年收到政府信息公开申请X件) with 本年新收 in the section 三 table (总计 column).

    ## Why
    Readers quote the text; a figure that disagrees with the table is a sign that one of them
    was copied from last year.

    ## Basis
    《政府信息公开条例》第五十条; the template's section 三 table.

    ## Example
    `全年共收到政府信息公开申请26件` with 本年新收 总计 25.

    ## Use instead
    The same figure in both places.
    """
    doc_zh = """正文中的数字与表格矛盾。

    ## 作用
    将“一、总体情况”或导语中写明的收到申请数（全年收到政府信息公开申请X件）与第三部分表格中“本年新收”（总计列）比较。

    ## 原因
    读者引用的是正文；正文与表格不一致，往往说明其中之一是照抄上一年的。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条；年度报告格式第三部分表格。

    ## 示例
    `全年共收到政府信息公开申请26件`，而本年新收总计为 25。

    ## 正确写法
    两处写同一个数字。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI307", "narrative-mismatch", "warning"
    reads_tables = True

    def check(self):
        r = self.ctx.report
        t = next(readable_section3_tables(self.ctx), None)
        new = t.row("new") if t else None
        if new is None or len(new.values) != 7:
            return
        total = row_numbers(new)[6]
        if total is None:
            return
        # The preamble's lines and section 一's paragraphs, the latter taken as the lines of its
        # body (a blank or page-number line states nothing): slices of the document's lines.
        starts, texts = [sp.start for sp in r.preamble], [sp.text for sp in r.preamble]
        s1 = r.section(1)
        if s1:
            i, j = bisect_left(r.lines[0], s1.body_start), bisect_left(r.lines[0], s1.end)
            if i < len(r.lines[0]) and r.lines[0][i] == s1.body_start:
                starts, texts = starts + r.lines[0][i:j], texts + r.lines[1][i:j]
            else:   # the section starts inside a line (a crawl): its paragraphs as read
                starts, texts = starts + [p.start for p in s1.paragraphs], texts + [p.text for p in s1.paragraphs]
        # ((start, end, number) of each statement in a line), memoised per line
        for at, stated in self.each_line(starts, texts, _statements):
            for a, b, n in stated:
                if n != total:
                    self.report(at + a, at + b,
                                f"正文称收到申请{n}件，与申请情况表本年新收总计{fmt(total)}件不一致")


def _statements(line: str) -> tuple:
    return tuple((m.start(1), m.end(1), exact_number(m.group(1))) for m in RECEIVED.finditer(line))
