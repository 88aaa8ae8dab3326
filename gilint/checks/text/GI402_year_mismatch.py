from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.text.helpers import statistics_periods


class YearMismatch(Rule):
    """The years disagree: title year and statistics-period year.

    ## What it does
    Reports a statistics period whose year is not the year in the title.

    ## Why
    A period from another year is usually text copied from last year's report.

    ## Basis
    《政府信息公开条例》第五十条.

    ## Example
    Title `2023年政府信息公开工作年度报告`, period `2022年1月1日至2022年12月31日`.

    ## Use instead
    `2023年1月1日至2023年12月31日`
    """
    doc_zh = """年份不一致：标题年份与统计期限年份不同。

    ## 作用
    统计期限的年份与标题中的年份不同时报告。

    ## 原因
    其他年份的统计期限通常是照抄上一年报告留下的。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条。

    ## 示例
    标题 `2023年政府信息公开工作年度报告`，统计期限 `2022年1月1日至2022年12月31日`。

    ## 正确写法
    `2023年1月1日至2023年12月31日`

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI402", "year-mismatch", "error"

    def check(self):
        r = self.ctx.report
        if r.year is None:
            return
        for at, m in statistics_periods(self):
            for g in ("y1", "y2"):
                if m.group(g) and int(m.group(g)) != r.year:
                    self.report(at + m.start(g), at + m.end(g),
                                f"统计期限的年份{m.group(g)}与报告年度{r.year}不一致")
