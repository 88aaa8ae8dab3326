from __future__ import annotations

from gilint.checks.base import Rule
from gilint.read.headings import cn_numeral


class SectionOrder(Rule):
    """Sections out of order, or a section that appears twice.

    ## What it does
    Reports a section heading that comes after a later section, or repeats a section.

    ## Why
    Readers and reviewers compare reports part by part; the template fixes the order.

    ## Basis
    国办公开办函〔2021〕30号 template (sections 一 to 六 in this order).

    ## Example
    `三、收到和处理政府信息公开申请情况` before `二、主动公开政府信息情况`.

    ## Use instead
    Put the sections in the template's order.
    """
    code, name, severity = "GI102", "section-order", "error"

    def check(self):
        seen: set[int] = set()
        highest = 0
        for s in self.ctx.report.sections:
            h = s.heading
            if s.number in seen:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分重复出现：“{h.text.strip()}”")
            elif s.number < highest:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分出现在第{cn_numeral(highest)}部分之后")
            seen.add(s.number)
            highest = max(highest, s.number)
