from __future__ import annotations

from gilint.checks.base import Option
from gilint.checks.text.helpers import PatternRule


class Placeholder(PatternRule):
    """Template placeholders left in the draft.

    ## What it does
    Reports fill-in marks of a template left in the text: XX镇, ××县, XXXX年, and 【…】 whose
    words describe what to fill in (【请填写…】, 【单位名称】, 【年份】); web-page buttons and page
    data in 【】 (【打印】, 【关闭窗口】, 【字体：大 中 小】, 【发布日期：2024-01-15】) are not
    placeholders (patterns in the pack: `[rules.GI504] patterns`, matched line by line).

    ## Why
    A published report with placeholders was not finished.

    ## Basis
    The report must name the body and the year (《政府信息公开条例》第五十条).

    ## Example
    `XX镇2023年政府信息公开工作年度报告`

    ## Use instead
    `柳泉镇2023年政府信息公开工作年度报告`
    """
    doc_zh = """草稿中留下了模板的占位符。

    ## 作用
    报告正文中残留的模板填写标记：XX镇、××县、XXXX年、【…】（规则包中的模式：`[rules.GI504] patterns`，逐行匹配）。

    ## 原因
    带占位符发布的报告说明没有写完。

    ## 依据
    年度报告必须写明机关名称和年度（《中华人民共和国政府信息公开条例》第五十条）。

    ## 示例
    `XX镇2023年政府信息公开工作年度报告`

    ## 正确写法
    `柳泉镇2023年政府信息公开工作年度报告`

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI504", "placeholder", "error"
    options = {"patterns": Option(list, [
            r'[XＸ×]{2,}(?:[镇乡县区市省局委办]|街道|人民政府)',
            r'[XＸ×]{2,}年',
            # 【…】 only where its words describe what to fill in (not web buttons: 【打印】
            # 【关闭窗口】【字体：大 中 小】, nor a page's 【发布日期：2024-01-15】 with its figures)
            r'【[^【】\n\d]{0,12}?(?:填写|填入|输入|补充|待定|待填|名称|全称|年份|日期|数字|数量|金额|姓名|此处|[XＸ×]{2})[^【】\n\d]{0,12}】',
            r'[（(]\s*(?:单位名称|机关名称|填写[^）)]*)\s*[)）]',
        ], "template fill-in marks left in the draft (regular expressions)")}

    def message(self, found):
        return f"模板占位符未填写：“{found}”"
