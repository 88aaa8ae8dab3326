from __future__ import annotations

from functools import lru_cache

from gilint.checks.base import Option
from gilint.checks.cells import UNIT, parse_number, unusual_cells
from gilint.checks.tables.helpers import TableRule


class Unit(TableRule):
    """A cell carries a unit, or a unit that contradicts its column.

    ## What it does
    Reports a data cell with a unit written into it (7399700元, 5件). In a 万元 column a
    figure in 元 is also the wrong unit.

    ## Why
    Units belong in the header; 元 in a 万元 column overstates the amount ten-thousandfold.

    ## Basis
    国办公开办函〔2021〕30号: 本年收费金额（单位：万元）.

    ## Example
    `7399700元` under 采购总金额.

    ## Use instead
    `739.97` (万元), with the unit only in the header.
    """
    doc_zh = """单元格中写了单位，或单位与所在列不符。

    ## 作用
    报告数据单元格中写有单位的情况（7399700元、5件）。在以“万元”为单位的列中写“元”的数额，也属于单位错误。

    ## 原因
    单位应写在列名中；在“万元”列中写“元”的数额会把金额夸大一万倍。

    ## 依据
    国办公开办函〔2021〕30号：本年收费金额（单位：万元）。

    ## 示例
    采购总金额下写 `7399700元`。

    ## 正确写法
    `739.97`（万元），单位只写在列名中。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI306", "unit", "warning"
    options = {"units": Option(list, ['元', '万元', '件', '条', '个', '项', '次'], "units that must not be written into a data cell")}

    def check_tables(self, tpl, tables):   # readable tables only: nothing is computed from a GI001 one
        units = tuple(self.params["units"])
        for t in tables:
            for row, cell, kind, col in unusual_cells(self.ctx, t, tpl):
                unit = _cell_unit(cell.text)
                if unit is None:
                    continue
                if unit not in units and unit not in ("%", "％"):
                    continue
                wrong = "，该列单位为万元，数值疑似以元计" if unit == "元" and (kind == "money") else ""
                self.report(cell.start, cell.end, f"单元格内写有单位“{unit}”：“{cell.text.strip()}”（“{col}”列）{wrong}")


@lru_cache(maxsize=8192)
def _cell_unit(text: str) -> str | None:
    """The unit written after a number in a cell (5件 → 件), or None."""
    t = text.strip()
    m = UNIT.search(t)
    if not m or parse_number(UNIT.sub("", t)) is None:
        return None
    return m.group(1)
