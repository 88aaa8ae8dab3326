from __future__ import annotations

import regex

from gilint.checks.base import Rule
from gilint.checks.text.helpers import statistics_periods
from gilint.findings import Edit, Fix


class StatisticsPeriod(Rule):
    """The stated statistics period is not 1月1日 to 12月31日 of the report year.

    ## What it does
    Finds the statistics period stated in the preamble or in 一、总体情况
    (统计期限自X年1月1日起至X年12月31日止) and reports a start other than 1月1日 or an end other
    than 12月31日.

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
    code, name, severity, fix = "GI401", "statistics-period", "error", "safe"

    def check(self):
        for at, m in statistics_periods(self):
            for mg, dg, want_m, want_d in (("m1", "d1", 1, 1), ("m2", "d2", 12, 31)):
                if (int(m.group(mg)), int(m.group(dg))) != (want_m, want_d):
                    a, b = at + m.start(mg), at + m.end(dg)
                    want = f"{want_m}月{want_d}日"
                    got = regex.sub(r"\s+", "", self.ctx.text[a:b]) + "日"
                    which = "起始" if mg == "m1" else "截止"
                    fix = Fix((Edit(a, b, f"{want_m}月{want_d}"),), safe=True, description=f"改为{want}")
                    self.report(a, b + 1, f"统计期限应为1月1日至12月31日，{which}日期实为{got}", fix)
