from __future__ import annotations

from gilint.checks.base import Rule


class NotAReport(Rule):
    """The file does not look like an annual report; nothing else is checked.

    ## What it does
    Reports a file that has neither a report title nor at least two of the six template
    sections. No other rule runs on it.

    ## Why
    Linting notes, letters or other documents against the annual-report template only
    produces noise.

    ## Basis
    《政府信息公开条例》第五十条; the report format of 国办公开办函〔2021〕30号.

    ## Example
    `关于开展政务公开培训的通知……`

    ## Use instead
    `XX镇2023年政府信息公开工作年度报告` followed by 一、总体情况 … 六、其他需要报告的事项.
    """
    code, name, severity = "GI002", "not-a-report", "info"
    gate, needs_template, hidden_in_editor = "report", False, True
    refuses_fixes = "the file is not recognised as an annual report (GI002)"

    def check(self):
        r = self.ctx.report
        if r.title is None and len({s.number for s in r.sections}) < 2:
            end = min(len(self.ctx.text), len(self.ctx.text.split("\n", 1)[0]))
            self.report(0, end, "未识别为政府信息公开工作年度报告（没有报告标题，也没有模板规定的章节），其他检查均未进行")
