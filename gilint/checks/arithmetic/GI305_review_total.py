from __future__ import annotations

from gilint.checks.arithmetic.helpers import exact_sum, fmt, set_total
from gilint.checks.base import Rule
from gilint.checks.cells import row_numbers


class ReviewTotal(Rule):
    """Section 四: a group's 总计 differs from 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    ## What it does
    For 行政复议, 未经复议直接起诉 and 复议后起诉, checks that 总计 is the sum of the four
    outcome columns.

    ## Why
    Each case has one state; the totals are what is compared across bodies.

    ## Basis
    国办公开办函〔2021〕30号, section 四 table.

    ## Example
    行政复议 结果维持 10, 结果纠正 1, 其他结果 0, 尚未审结 0, 总计 0.

    ## Use instead
    总计 11.

    ## Fix
    Sets the total to the sum (unsafe).
    """
    doc_zh = """第四部分：某组“总计”不等于 结果维持 + 结果纠正 + 其他结果 + 尚未审结。

    ## 作用
    对行政复议、未经复议直接起诉、复议后起诉三组，核对“总计”是否为四个结果列之和。

    ## 原因
    每个案件只处于一种状态；总计是各单位之间对比的数字。

    ## 依据
    国办公开办函〔2021〕30号 第四部分表格。

    ## 示例
    行政复议 结果维持 10、结果纠正 1、其他结果 0、尚未审结 0、总计 0。

    ## 正确写法
    总计 11。

    ## 修复
    不安全修复：把总计改为各项之和。
    """
    code, name, severity, fix = "GI305", "review-total", "error", "unsafe"
    reads_tables = True

    def check(self):
        for t in self.ctx.report.tables("section4"):
            if not t.readable:
                continue
            for row in t.rows:
                vals = row_numbers(row)
                if len(vals) != 5 or None in vals:   # (None: a cell that is not a number, GI301's)
                    continue
                expected = exact_sum(vals[:4])
                if expected != vals[4]:
                    self.report(row.values[4].start, row.values[4].end,
                                f"{row.key}总计应为{'+'.join(map(fmt, vals[:4]))}={fmt(expected)}，实为{fmt(vals[4])}",
                                set_total(row.values[4], expected))
