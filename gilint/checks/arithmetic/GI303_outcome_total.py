from __future__ import annotations

from gilint.checks.arithmetic.helpers import columns, exact_sum, fmt, readable_section3_tables, set_total
from gilint.checks.base import Rule
from gilint.checks.cells import outcome_terms, row_numbers


class OutcomeTotal(Rule):
    """Section 三: （七）总计 differs from the sum of the outcome rows, per column.

    ## What it does
    Per column, checks （七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）
    (2021: Σ（六）1–3), showing the terms and both sums. Where the difference is exactly
    （二）部分公开's figure, the message says 部分公开 was probably counted twice.

    ## Why
    Every application handled has exactly one outcome; the total counts them.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table.

    ## Example
    （一）2 + （三）1. 1 = 3, but （七）总计 4.

    ## Use instead
    （七）总计 3.

    ## Fix
    Sets the total to the sum (unsafe).
    """
    doc_zh = """第三部分：（七）总计与各办理结果行之和不符（逐列）。

    ## 作用
    逐列核对 （七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）（2021版：Σ（六）1–3），并列出各项和两个合计数。

    ## 原因
    每件办结的申请都只有一种办理结果，总计就是对它们的计数。

    ## 依据
    国办公开办函〔2021〕30号 第三部分表格。

    ## 示例
    （一）2 + （三）1. 1 = 3，但（七）总计为 4。

    ## 正确写法
    （七）总计为 3。

    ## 修复
    不安全修复：把总计改为各项之和。
    """
    code, name, severity, fix = "GI303", "outcome-total", "error", "unsafe"
    reads_tables = True

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        spec = tpl.s3_outcome_total
        keys = outcome_terms(tpl)
        for t in readable_section3_tables(self.ctx):
            total = t.row(spec["total"])
            terms = [r for r in t.rows if r.key in keys]
            if total is None or not terms:
                continue
            width = len(tpl.s3_columns)
            term_columns, total_columns = columns(terms, width), columns([total], width)
            partial = t.row("partial")
            for col, name in enumerate(tpl.s3_columns):
                vals = term_columns[col]
                tv = total_columns[col] if len(total.values) > col else None
                if vals is None or tv is None:
                    continue
                expected = exact_sum(vals)
                if expected != tv[0]:
                    nz = [v for v in vals if v]
                    shown = "+".join(map(fmt, nz)) or "0"
                    msg = f"“{name}”列（七）总计应为各办理结果之和{shown}={fmt(expected)}，实为{fmt(tv[0])}"
                    fix = set_total(total.values[col], expected)
                    twice = _partial_twice(partial, col, expected - tv[0])
                    if twice is not None:
                        msg += f"，相差正好是（二）部分公开的{fmt(twice)}：部分公开可能被重复计算"
                        if expected > tv[0]:
                            fix = None   # counted twice among the outcomes: which row is wrong needs a person
                    self.report(total.values[col].start, total.values[col].end, msg, fix)


def _partial_twice(row, col: int, diff):
    """（二）部分公开's figure (``row``, None if the table has none) in this column if the
    outcomes and （七）总计 differ by exactly it (the classic slip: 部分公开 counted again under
    予以公开 or into the total)."""
    if row is None or len(row.values) <= col:
        return None
    v = row_numbers(row)[col]
    if v is None or not v or abs(diff) != v:
        return None
    return v
