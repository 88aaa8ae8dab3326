from __future__ import annotations

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix
from gilint.read.headings import cn_numeral


class HeadingNumbering(Rule):
    """Numbering inconsistent at one level of headings.

    ## What it does
    Reports a section heading not numbered 一、二、… like the template (1、 总体情况), a
    numeral that does not match the section, a sub-heading numbered （1） where its siblings
    are （二）（三）, and a Markdown heading level that differs from the other section headings.

    ## Why
    Mixed numbering makes the structure ambiguous and is a classic sign of text pasted from
    another document.

    ## Basis
    国办公开办函〔2021〕30号 template (sections 一、 to 六、); 《党政机关公文格式》(GB/T 9704-2012)
    层次序数 一、（一）1.（1）.

    ## Example
    `1、 总体情况` among `二、主动公开政府信息情况`, `三、…`

    ## Use instead
    `一、总体情况`

    ## Fix
    Renumbers the heading (safe).
    """
    doc_zh = """同一级标题的编号不一致。

    ## 作用
    报告没有像格式那样用“一、二、……”编号的部分标题（如“1、 总体情况”）、序号与部分不符、同级用（二）（三）时某个小标题却写成（1），以及与其他部分标题级别不同的 Markdown 标题。

    ## 原因
    编号混用使结构含糊，也常常说明文字是从别的文件粘贴过来的。

    ## 依据
    国办公开办函〔2021〕30号 所附年度报告格式（一、至六、）；《党政机关公文格式》（GB/T 9704-2012）层次序数 一、（一）1.（1）。

    ## 示例
    `1、 总体情况`，而其他部分为 `二、主动公开政府信息情况`、`三、……`

    ## 正确写法
    `一、总体情况`

    ## 修复
    安全修复：重新编号。
    """
    code, name, severity, fix = "GI104", "heading-numbering", "warning", "safe"

    def check(self):
        sections = self.ctx.report.sections
        md_levels = [s.heading.md_level for s in sections if s.heading.md_level]
        common = max(set(md_levels), key=md_levels.count) if md_levels else 0
        for s in sections:
            h = s.heading
            want = cn_numeral(s.number) + "、"
            if h.style != "cn" or h.number != s.number:
                fix = Fix((Edit(h.start, h.marker_end, want),), safe=True,
                          description=f"改为“{want}”")
                self.report(h.start, h.marker_end, f"章节序号应为“{want}”，实为“{h.marker.strip()}”", fix)
            elif common and h.md_level and h.md_level != common:
                hashes = self.ctx.text.find("#" * h.md_level, s.start, h.start)
                fix = Fix((Edit(hashes, hashes + h.md_level, "#" * common),), safe=True,
                          description=f"改为“{'#' * common}”") if hashes >= 0 else None
                self.report(h.start, h.end, f"Markdown 标题级别（{'#' * h.md_level}）与其他章节标题（{'#' * common}）不一致", fix)
        for s in sections:
            subs = [h for h in s.subheadings if h.style in ("paren-cn", "paren-arabic")]
            for a, b in zip(subs, subs[1:]):
                if a.style == "paren-arabic" and b.style == "paren-cn" and b.number == a.number + 1:
                    want = f"（{cn_numeral(a.number)}）"
                    fix = Fix((Edit(a.start, a.start + len(a.marker.rstrip()), want),), safe=True,
                              description=f"改为“{want}”")
                    self.report(a.start, a.start + len(a.marker.rstrip()),
                                f"序号“{a.marker.strip()}”与同级标题（{b.marker.strip()}…）不一致，应为“{want}”", fix)
