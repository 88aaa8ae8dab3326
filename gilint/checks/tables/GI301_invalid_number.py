from __future__ import annotations

from functools import lru_cache

from gilint.checks.cells import UNIT, is_integral, parse_number, unusual_cells
from gilint.checks.tables.helpers import TableRule, show
from gilint.read.cells import is_value


class InvalidNumber(TableRule):
    """A data cell is blank, a placeholder, negative, fractional in a count column, or not a number.

    ## What it does
    Checks every data cell of readable table rows: counts are whole numbers ≥ 0; only money
    columns (本年收费金额, 采购总金额) may hold decimals and only 本年增/减 may be negative.
    Blank cells and placeholders (/, —, 无) are reported: where nothing happened, write 0.

    ## Why
    A blank cell cannot be told from a forgotten one, and sums cannot be checked.

    ## Basis
    国办公开办函〔2021〕30号 tables and their instructions.

    ## Example
    `26`, blank, blank, blank, blank, blank, `26` in a section 三 row.

    ## Use instead
    `26	0	0	0	0	0	26`
    """
    doc_zh = """数据单元格为空、占位符、负数、计数列中有小数，或不是数字。

    ## 作用
    检查能正常读取的表格行中的每个数据单元格：件数应为大于等于0的整数；只有金额列（本年收费金额、采购总金额）可以有小数，只有“本年增/减”可以为负数。空单元格和占位符（/、—、无）都报告：没有发生的事项请填 0。

    ## 原因
    空着的单元格无法区分是“没有”还是“漏填”，合计也无法核对。

    ## 依据
    国办公开办函〔2021〕30号 所附表格及其填报说明。

    ## 示例
    第三部分某行为 `26`、空、空、空、空、空、`26`。

    ## 正确写法
    `26 0       0       0       0       0       26`

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI301", "invalid-number", "error"
    readable_only = False          # unusual_cells (cell_kinds) picks the rows it can read

    def check_tables(self, tpl, tables):
        for t in tables:
            per_row: dict[int, list] = {}
            for row, cell, kind, col in unusual_cells(self.ctx, t, tpl):
                problem = _cell_problem(cell.text, kind)
                if problem:
                    per_row.setdefault(id(row), [row, []])[1].append((cell, col, problem))
            for row, bad in per_row.values():
                label = show(row.label.text) if row.label is not None else "数据"
                a = min(c.start for c, _, _ in bad)
                b = max(c.end for c, _, _ in bad)
                desc = "；".join(f"“{col}”列{p}" for _, col, p in bad[:7])
                self.report(a, b, f"“{label}”行：{desc}")


@lru_cache(maxsize=8192)
def _cell_problem(text: str, kind: str) -> str | None:
    t = text.strip(" \t\u3000\u00a0")
    if not t:
        return "为空（无数据应填0）"
    if UNIT.search(t) and parse_number(UNIT.sub("", t)) is not None:
        return None  # a unit: GI306
    v = parse_number(t)
    if v is None:
        return f"不是数字（“{t}”，无数据应填0）" if is_value(t) else f"不是数字（“{t}”）"
    if v < 0 and kind != "signed":
        return f"为负数（{t}）"
    if not is_integral(v) and kind not in ("money",):
        return f"为小数（{t}），应为整数"
    return None
