from __future__ import annotations

from gilint.checks.tables.helpers import TableRule, from_template
from gilint.templates import norm


class MissingRow(TableRule):
    """A row of the template is missing from a table.

    ## What it does
    Reports each template row of the section 二 and 三 tables that the (otherwise readable)
    table does not have.

    ## Why
    A missing row is a statistic not reported; zero must be written as 0.

    ## Basis
    国办公开办函〔2021〕30号 tables.

    ## Example
    A section 三 table without `8.属于行政查询事项`.

    ## Use instead
    Keep every row of the template, with 0 where nothing happened.
    """
    doc_zh = """表格缺少格式中的某一行。

    ## 作用
    第二、三部分的表格（在能正常读取时）缺少格式中的某一行时，逐行报告。

    ## 原因
    缺一行就是少报一项统计；没有发生的事项应填 0。

    ## 依据
    国办公开办函〔2021〕30号 所附表格。

    ## 示例
    第三部分表格中没有 `8.属于行政查询事项`。

    ## 正确写法
    保留格式中的每一行，没有发生的填 0。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI204", "missing-row", "error"

    def check_tables(self, tpl, tables):
        for t in tables:
            first_break = self.ctx.text.find("\n", t.start, t.end)   # (the table's first line)
            head = (t.start, t.end if first_break < 0 else first_break)
            if t.kind == "section3":
                have = {r.key for r in t.rows if r.key}
                for r in tpl.s3_rows:
                    if r.key in have or (r.key.startswith("other.") and "other" in have):
                        continue
                    self.report(*head, f"申请情况表缺少行“{r.label}”")
            elif t.kind == "section2":
                have = {r.key for r in t.rows if r.key}
                for st, keys in from_template(tpl, "section2 row keys", _row_keys):
                    if not any(k in have for k in keys):
                        continue  # the whole sub-table is missing: GI105
                    for x, k in zip(st.rows, keys):
                        if k not in have:
                            self.report(*head, f"{st.item}表缺少行“{x}”")


def _row_keys(tpl) -> list:
    """(sub-table, the keys of its rows: their labels' norms) of section 二's sub-tables."""
    return [(st, [norm(x) for x in st.rows]) for st in tpl.s2_subtables]
