from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.document.helpers import lost_heading_section
from gilint.findings import Edit, Fix
from gilint.read.headings import cn_numeral
from gilint.read.lines import ARTEFACT
from gilint.templates import norm


class SectionHeading(Rule):
    """A section heading worded differently from the template.

    ## What it does
    Compares each section heading (after its numbering) with the template's wording, after
    NFKC normalisation with whitespace removed. Reports known variants
    (五、存在的主要问题及整改措施), body text run into the heading, and a section whose content is
    present without its heading.

    ## Why
    Reports are compared across bodies and years by their headings; the template fixes them.

    ## Basis
    国办公开办函〔2021〕30号 and 〔2019〕60号 templates.

    ## Example
    `五、存在的主要问题及整改措施`

    ## Use instead
    `五、存在的主要问题及改进情况`

    ## Fix
    Replaces the wording with the canonical heading (safe for a known variant; unsafe where
    body text was run into the heading or the heading is missing, since text moves).
    """
    doc_zh = """部分标题的文字与格式不一致。

    ## 作用
    去掉编号后，将各部分标题与格式规定的文字比较（NFKC 规范化并去掉空白）。报告已知的变体（如“五、存在的主要问题及整改措施”）、正文与标题连在一起，以及内容存在但缺少标题的部分。

    ## 原因
    各单位、各年度的报告按标题对照比较；格式规定了标题文字。

    ## 依据
    国办公开办函〔2021〕30号、〔2019〕60号 所附年度报告格式。

    ## 示例
    `五、存在的主要问题及整改措施`

    ## 正确写法
    `五、存在的主要问题及改进情况`

    ## 修复
    将标题改为规范文字（已知变体为安全修复；正文连入标题或标题缺失时为不安全修复，因为要移动文字）。
    """
    code, name, severity, fix = "GI103", "section-heading", "warning", "safe"

    def check(self):
        r, tpl = self.ctx.report, self.ctx.template or self.ctx.table_template
        if tpl is None:
            return
        defs = {s.number: s for s in tpl.sections}
        for m in r.section_matches:
            sdef = defs[m.number]
            h = m.heading
            if m.how == "exact":
                continue
            a = h.marker_end
            if m.how == "runon":
                # Canonical title, then text that belongs to the body.
                cut = _prefix_end(h.text[a - h.start:], m.canonical)
                fix = Fix((Edit(a, a + cut, sdef.title + self.newline),), safe=False,
                          description="标题与正文分行")
                self.report(h.start, h.end, f"章节标题后混入了正文：应为“{sdef.heading}”，实为“{h.text.strip()}”", fix)
            else:
                fix = Fix((Edit(a, h.end, sdef.title),), safe=True, description=f"改为“{sdef.title}”")
                self.report(h.start, h.end, f"章节标题应为“{sdef.heading}”，实为“{h.text.strip()}”", fix)
        present = {s.number for s in r.sections}
        for sdef in tpl.sections:
            if sdef.number not in present:
                h = lost_heading_section(r, sdef)
                if h is not None:
                    fix = Fix((Edit(h.start, h.start, sdef.heading + self.newline),), safe=False,
                              description=f"插入标题“{sdef.heading}”")
                    self.report(h.start, h.end, f"第{cn_numeral(sdef.number)}部分的内容没有章节标题“{sdef.heading}”", fix)


def _prefix_end(text: str, canonical: str) -> int:
    """Length of the prefix of text whose normalised form is the canonical title (conversion
    leftovers such as [bookmark: _GoBack] inside it are no part of the wording)."""
    target = norm(canonical)
    for i in range(1, len(text) + 1):
        if norm(ARTEFACT.sub("", text[:i])) == target:
            return i
    return len(text)
