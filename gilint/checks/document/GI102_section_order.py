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
    doc_zh = """部分顺序错误，或同一部分出现两次。

    ## 作用
    某部分标题出现在后面部分之后，或同一部分重复出现时报告。

    ## 原因
    读者和审核人员逐部分对照比较报告；格式规定了顺序。

    ## 依据
    国办公开办函〔2021〕30号 所附年度报告格式（一至六部分按此顺序）。

    ## 示例
    `三、收到和处理政府信息公开申请情况` 出现在 `二、主动公开政府信息情况` 之前。

    ## 正确写法
    按格式规定的顺序排列各部分。

    ## 修复
    无自动修复。
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
