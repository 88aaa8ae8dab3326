from __future__ import annotations

from gilint.checks.base import Rule


class OutOfScopeYear(Rule):
    """The report year is before 2019; template checks are skipped.

    ## What it does
    Reports a report whose year is before 2019, when annual reports had free formats.

    ## Why
    The two national templates apply from report year 2019 (国办公开办函〔2019〕60号).

    ## Basis
    《政府信息公开条例》(2019 revision, in force 2019-05-15); 国办公开办函〔2019〕60号.

    ## Example
    `XX县2017年政府信息公开工作年度报告`

    ## Use instead
    Nothing to change: older reports are out of scope.
    """
    doc_zh = """报告年度早于2019年，不做格式检查。

    ## 作用
    报告年度早于2019年（那时年度报告没有统一格式）时报告。

    ## 原因
    两个全国统一格式从2019年度报告起适用（国办公开办函〔2019〕60号）。

    ## 依据
    《中华人民共和国政府信息公开条例》（2019年修订，2019年5月15日起施行）；国办公开办函〔2019〕60号。

    ## 示例
    `XX县2017年政府信息公开工作年度报告`

    ## 正确写法
    无需修改：更早的报告不在检查范围内。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI003", "out-of-scope-year", "info"
    gate, needs_template = "template", False

    def check(self):
        r = self.ctx.report
        if r.year is not None and r.year < 2019:
            t = r.title
            self.report(t.start if t else 0, t.end if t else 0,
                        f"报告年度为{r.year}年，早于2019年（旧条例时期格式不统一），模板检查已跳过")
