from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.document.helpers import lost_heading_section
from gilint.findings import Edit, Fix
from gilint.read.headings import cn_numeral


class MissingSection(Rule):
    """One of the six required sections is absent.

    ## What it does
    Reports each template section (一、总体情况 … 六、其他需要报告的事项) that has no heading.
    Where the content of a section is recognisably present without its heading (for example
    the problems and improvements after the section 四 table), GI103 reports the lost heading
    instead, as a warning.

    ## Why
    Article 50 of the regulation fixes the content of the report; the template fixes its six parts.

    ## Basis
    《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 template.

    ## Example
    A report that goes from 四、政府信息公开行政复议、行政诉讼情况 straight to 六、其他需要报告的事项.

    ## Use instead
    Add `五、存在的主要问题及改进情况` with its content.

    ## Fix
    Inserts the missing heading (unsafe: where it belongs and what follows needs a person).
    """
    doc_zh = """缺少规定的六个部分之一。

    ## 作用
    格式中的某个部分（一、总体情况 …… 六、其他需要报告的事项）没有标题时报告。如果某部分的内容明显存在、只是缺了标题（例如第四部分表格之后紧接着写问题和改进情况），则由 GI103 以警告报告缺失的标题。

    ## 原因
    《条例》第五十条规定了年度报告的内容，年度报告格式把它固定为六个部分。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号 所附年度报告格式。

    ## 示例
    报告从“四、政府信息公开行政复议、行政诉讼情况”直接跳到“六、其他需要报告的事项”。

    ## 正确写法
    补上 `五、存在的主要问题及改进情况` 及其内容。

    ## 修复
    不安全修复：插入缺失的标题（放在哪里、后面写什么需要人来判断）。
    """
    code, name, severity, fix = "GI101", "missing-section", "error", "unsafe"

    def check(self):
        r, tpl = self.ctx.report, self.ctx.template or self.ctx.table_template
        if tpl is None or not r.sections:
            return
        present = {s.number for s in r.sections}
        for sdef in tpl.sections:
            if sdef.number in present:
                continue
            if lost_heading_section(r, sdef) is not None:
                continue  # GI103 reports it
            after = max((s for s in r.sections if s.number < sdef.number), key=lambda s: s.number, default=None)
            before = min((s for s in r.sections if s.number > sdef.number), key=lambda s: s.number, default=None)
            anchor = before or after
            if before is not None:  # on its own line above the next section, marked up like it
                at, prefix = before.start, self.ctx.text[before.start:before.heading.start]
                insert = prefix + sdef.heading + self.newline
            else:
                at = len(self.ctx.text)
                prefix = self.ctx.text[after.start:after.heading.start] if after else ""
                tail = self.ctx.text[-1:] if self.ctx.text else ""
                insert = ("" if tail in ("\n", "\r", "") else self.newline) + prefix + sdef.heading + self.newline
            fix = Fix((Edit(at, at, insert),), safe=False, description=f"插入标题“{sdef.heading}”")
            self.report(anchor.heading.start if anchor else 0, anchor.heading.end if anchor else 0,
                        f"缺少第{cn_numeral(sdef.number)}部分“{sdef.heading}”", fix)
