from __future__ import annotations

from gilint.checks.arithmetic.helpers import exact_sum, fmt, readable_section3_tables, set_total
from gilint.checks.base import Rule
from gilint.checks.cells import all_ints, row_numbers, without_blanks


class RowTotal(Rule):
    """Section 三: 总计 differs from the sum of the six applicant columns in a row.

    ## What it does
    In each row of the application table, checks 总计 = 自然人 + 商业企业 + 科研机构 +
    社会公益组织 + 法律服务机构 + 其他, and shows the terms and both sums.

    ## Why
    The total column is what is aggregated upwards; a wrong total corrupts every summary.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table (structure of the 申请人情况 columns).

    ## Example
    `一、本年新收政府信息公开申请数量  3  1  0  0  0  0  5`

    ## Use instead
    `…  3  1  0  0  0  0  4`

    ## Fix
    Sets the total to the sum of its terms (unsafe: the terms may be what is wrong).
    """
    doc_zh = """第三部分：某行“总计”不等于六类申请人之和。

    ## 作用
    在申请情况表的每一行，核对 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他，并列出各项和两个合计数。

    ## 原因
    “总计”列是向上级汇总的数字；一个总计算错，所有汇总都会跟着错。

    ## 依据
    国办公开办函〔2021〕30号 第三部分表格（申请人情况各列的结构）。

    ## 示例
    `一、本年新收政府信息公开申请数量  3  1  0  0  0  0  5`

    ## 正确写法
    `…  3  1  0  0  0  0  4`

    ## 修复
    不安全修复：把总计改为各项之和（也可能是各项填错了）。
    """
    code, name, severity, fix = "GI302", "row-total", "error", "unsafe"
    reads_tables = True

    def check(self):
        for t in readable_section3_tables(self.ctx):
            for row in t.rows:
                if not row.key or len(row.values) != 7:
                    continue
                vals = row_numbers(row)
                ints = all_ints(row)
                if not ints and None in vals:   # (a cell that is not a number: GI301's)
                    continue
                terms, total = vals[:6], vals[6]
                expected = sum(terms) if ints else exact_sum(terms)   # (ints add exactly: in C)
                if expected != total:
                    label = without_blanks(row.label.text) if row.label else row.key
                    self.report(row.values[6].start, row.values[6].end,
                                f"“{label}”行总计应为{'+'.join(map(fmt, terms))}={fmt(expected)}，实为{fmt(total)}",
                                set_total(row.values[6], expected))
