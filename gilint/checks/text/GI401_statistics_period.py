from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.cells import without_blanks
from gilint.checks.text.helpers import damaged_periods, statistics_periods
from gilint.findings import Edit, Fix


class StatisticsPeriod(Rule):
    """The stated statistics period is not 1月1日 to 12月31日 of the report year.

    ## What it does
    Finds the statistics period stated in the preamble or in 一、总体情况
    (统计期限自X年1月1日起至X年12月31日止) and reports a start other than 1月1日 or an end other
    than 12月31日. A period whose dates cannot be read — 年 or 月 lost in conversion, as in
    `自20231月1日至202312月31日` or `202511日到20251231日` — is itself reported: the period
    the report covers is not stated.

    ## Why
    The report covers the calendar year; a period ending 12月28日 leaves applications uncounted.

    ## Basis
    《政府信息公开条例》第四十九条, 第五十条 (the report covers the previous year).

    ## Example
    `统计期限自2020年1月1日起至2020年12月28日止`

    ## Use instead
    `统计期限自2020年1月1日起至2020年12月31日止`

    ## Fix
    Replaces the wrong dates (safe).
    """
    doc_zh = """写明的统计期限不是报告年度的1月1日至12月31日。

    ## 作用
    查找导语或“一、总体情况”中写明的统计期限（统计期限自X年1月1日起至X年12月31日止），起始日不是1月1日或截止日不是12月31日时报告。

    ## 原因
    年度报告覆盖整个自然年；统计到12月28日就会漏计申请。

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条、第五十条（报告上一年度的政府信息公开工作）。

    ## 示例
    `统计期限自2020年1月1日起至2020年12月28日止`

    ## 正确写法
    `统计期限自2020年1月1日起至2020年12月31日止`

    ## 修复
    安全修复：改正日期。
    """
    code, name, severity, fix = "GI401", "statistics-period", "error", "safe"

    def check(self):
        for at, m in statistics_periods(self):
            for mg, dg, want_m, want_d in (("m1", "d1", 1, 1), ("m2", "d2", 12, 31)):
                if (int(m.group(mg)), int(m.group(dg))) != (want_m, want_d):
                    a, b = at + m.start(mg), at + m.end(dg)
                    want = f"{want_m}月{want_d}日"
                    got = without_blanks(self.ctx.text[a:b]) + "日"
                    which = "起始" if mg == "m1" else "截止"
                    fix = Fix((Edit(a, b, f"{want_m}月{want_d}"),), safe=True, description=f"改为{want}")
                    self.report(a, b + 1, f"统计期限应为1月1日至12月31日，{which}日期实为{got}", fix)
        for a, b in damaged_periods(self):
            self.report(a, b, f"统计期限的日期无法识别（“{self.ctx.text[a:b]}”缺少“年”或“月”），"
                              "应为“X年1月1日至X年12月31日”")
