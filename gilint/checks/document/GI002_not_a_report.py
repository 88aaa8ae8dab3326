from __future__ import annotations

import regex

from gilint.checks.base import Rule
from gilint.i18n import N_
from gilint.read.structure import TITLE_WORDS
from gilint.lazyre import lazy


class NotAReport(Rule):
    """The file does not look like an annual report; nothing else is checked.

    ## What it does
    Reports a file that has neither a report title nor at least two of the six template
    sections, nor a report's opening (a preamble about 政府信息公开 followed by 一、总体情况).
    No other rule runs on it. A report cut off after its opening is a report: GI107 says the
    title is missing and GI101 names each absent section.

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
    doc_zh = """文件看起来不是年度报告，不做其他检查。

    ## 作用
    文件既没有年度报告标题，也没有年度报告格式六个部分中的至少两个时报告；其他规则都不运行。

    ## 原因
    用年度报告格式去检查通知、信函等其他文件，只会产生大量无意义的问题。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条（年度报告应当包括的内容）；国办公开办函〔2021〕30号 规定的报告格式。

    ## 示例
    `关于开展政务公开培训的通知……`

    ## 正确写法
    `XX镇2023年政府信息公开工作年度报告`，其后依次为 一、总体情况 …… 六、其他需要报告的事项。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI002", "not-a-report", "info"
    gate, needs_template, hidden_in_editor = "report", False, True
    refuses_fixes = N_("the file is not recognised as an annual report (GI002)")

    def check(self):
        r = self.ctx.report
        if r.title is None and len({s.number for s in r.sections}) < 2 and not _opening(r):
            end = min(len(self.ctx.text), len(self.ctx.text.split("\n", 1)[0]))
            self.report(0, end, "未识别为政府信息公开工作年度报告（没有报告标题，也没有模板规定的章节），其他检查均未进行")


def _opening(r) -> bool:
    """A report's opening: section 一 after a preamble that speaks of the report itself
    (本报告…编制, 统计期限) and of 政府信息公开 (a cut-off report)."""
    return r.section(1) is not None and any(TITLE_WORDS.search(sp.text) and _OF_THE_REPORT.search(sp.text)
                                           for sp in r.preamble)


_OF_THE_REPORT = lazy(regex, r"本报告|年度报告|统计期限")
