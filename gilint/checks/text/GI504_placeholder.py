from __future__ import annotations

from gilint.checks.base import Option
from gilint.checks.text.helpers import PatternRule


class Placeholder(PatternRule):
    """Template placeholders left in the draft.

    ## What it does
    Reports fill-in marks of a template left in the text: XX镇, ××县, XXXX年, 【…】
    (patterns in the pack: `[rules.GI504] patterns`, matched line by line).

    ## Why
    A published report with placeholders was not finished.

    ## Basis
    The report must name the body and the year (《政府信息公开条例》第五十条).

    ## Example
    `XX镇2023年政府信息公开工作年度报告`

    ## Use instead
    `柳泉镇2023年政府信息公开工作年度报告`
    """
    code, name, severity = "GI504", "placeholder", "error"
    options = {"patterns": Option(list, [
            r'[XＸ×]{2,}(?:[镇乡县区市省局委办]|街道|人民政府)',
            r'[XＸ×]{2,}年',
            r'【[^【】\n]{0,20}】',
            r'[（(]\s*(?:单位名称|机关名称|填写[^）)]*)\s*[)）]',
        ], "template fill-in marks left in the draft (regular expressions)")}

    def message(self, found):
        return f"模板占位符未填写：“{found}”"
