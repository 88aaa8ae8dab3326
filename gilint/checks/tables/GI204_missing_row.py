from __future__ import annotations

from gilint.checks.tables.helpers import TableRule
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
    code, name, severity = "GI204", "missing-row", "error"

    def check_tables(self, tpl, tables):
        for t in tables:
            head = (t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]))
            if t.kind == "section3":
                have = {r.key for r in t.rows if r.key}
                for r in tpl.s3_rows:
                    if r.key in have or (r.key.startswith("other.") and "other" in have):
                        continue
                    self.report(*head, f"申请情况表缺少行“{r.label}”")
            elif t.kind == "section2":
                have = {r.key for r in t.rows if r.key}
                for st in tpl.s2_subtables:
                    keys = [norm(x) for x in st.rows]
                    if not any(k in have for k in keys):
                        continue  # the whole sub-table is missing: GI105
                    for x in st.rows:
                        if norm(x) not in have:
                            self.report(*head, f"{st.item}表缺少行“{x}”")
