from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.tables.helpers import show


class UnexpectedRow(Rule):
    """A row that the template does not have.

    ## What it does
    Reports a data row of the section 二 or 三 table whose label matches no template row.

    ## Why
    Extra rows are usually local additions or leftovers of an old template; they are not
    part of the national statistics.

    ## Basis
    国办公开办函〔2021〕30号 tables.

    ## Example
    `其他对外管理服务事项` in a 2021 table.

    ## Use instead
    Remove the row, or report it in 六、其他需要报告的事项.
    """
    doc_zh = """表格中有格式没有的行。

    ## 作用
    第二或第三部分表格中某数据行的行名与格式中的任何行都对不上时报告。

    ## 原因
    多出来的行通常是地方自行添加的，或是旧格式的残留，不属于全国统计口径。

    ## 依据
    国办公开办函〔2021〕30号 所附表格。

    ## 示例
    2021版表格中的 `其他对外管理服务事项`。

    ## 正确写法
    删除该行，或在“六、其他需要报告的事项”中说明。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI205", "unexpected-row", "warning"
    reads_tables = True
    tables_only = True
    scope = "section"

    def check_section(self, section):
        for t in section.tables:
            if not t.readable or t.kind not in ("section2", "section3"):
                continue
            for r in t.rows:
                if r.key is None and r.label is not None:
                    self.report(r.label.start, r.label.end, f"模板中没有这一行：“{show(r.label.text)}”")
