from __future__ import annotations

import regex

from gilint.lazyre import lazy
from gilint.checks.base import Rule
from gilint.findings import Edit, Fix


class ReportName(Rule):
    """The preamble calls the report by a wrong name.

    ## What it does
    Reads how the preamble names the report itself and reports any name other than
    `政府信息公开工作年度报告`: …政府信息公开工作报告 (not an annual report), 政府信息工作年度报告
    (公开 missing), 信息公开工作年度报告 (政府 missing). 政府信息公开年度报告 (工作 left out) is
    the common short name and is accepted. The title is GI107's.

    ## Why
    The preamble states what the document is; the regulation requires the 政府信息公开工作年度报告,
    and a reviewer reads a different name as a different document (or a careless copy).

    ## Basis
    《中华人民共和国政府信息公开条例》第四十九条, 第五十条; the format of 国办公开办函〔2021〕30号.

    ## Example
    `现将本镇2023年度政府信息公开工作报告公布如下。`

    ## Use instead
    `现将本镇2023年度政府信息公开工作年度报告公布如下。`

    ## Fix
    Writes the canonical name (unsafe: the sentence may refer to another document).
    """
    doc_zh = """前言中报告的名称写错。

    ## 作用
    检查前言中对本报告的称呼，除“政府信息公开工作年度报告”（及常见简称“政府信息公开年度报告”）外均报告：如“……政府信息公开工作报告”（不是年度报告）、“政府信息工作年度报告”（漏“公开”）、“信息公开工作年度报告”（漏“政府”）。标题由 GI107 检查。

    ## 原因
    前言说明本文件是什么；《条例》要求的是“政府信息公开工作年度报告”，名称不同，审核人会认为是另一份文件或照抄时未改。

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条、第五十条；国办公开办函〔2021〕30号所附年度报告格式。

    ## 示例
    `现将本镇2023年度政府信息公开工作报告公布如下。`

    ## 正确写法
    `现将本镇2023年度政府信息公开工作年度报告公布如下。`

    ## 修复
    不安全修复：改为规范名称（该句可能指的是另一份文件，需人工确认）。
    """
    code, name, severity, fix = "GI108", "report-name", "warning", "unsafe"

    CANONICAL = "政府信息公开工作年度报告"
    ACCEPTED = {CANONICAL, "政府信息公开年度报告"}
    NAME = lazy(regex, r"(?:政府)?信息(?:公开)?(?:工作)?(?:年度)?报告")

    def check(self):
        r = self.ctx.report
        spans = r.preamble
        self.report_each([sp.start for sp in spans], [sp.text for sp in spans], self.check_line)

    def check_line(self, line: str):
        for m in self.NAME.finditer(line):
            found = m.group(0)
            if found in self.ACCEPTED or not ("公开" in found or "工作" in found):
                continue
            fix = Fix((Edit(m.start(), m.end(), self.CANONICAL),), safe=False, description=f"改为“{self.CANONICAL}”")
            yield self.finding(m.start(), m.end(), f"报告名称应为“{self.CANONICAL}”，实为“{found}”", fix)
