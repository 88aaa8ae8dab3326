from __future__ import annotations

from gilint.checks.base import Rule
from gilint.read.headings import cn_numeral
from gilint.templates import norm


class MissingTable(Rule):
    """A section that must hold a table has none, or a 第二十条 sub-table is missing.

    ## What it does
    Sections 二, 三 and 四 are tables in the template. Reports such a section without a
    table, and a section 二 that lacks one of the template's sub-tables (第二十条第（一）项 …).
    A section whose table has its captions in the text but not one cell of data (published as
    an image or an attachment) gets one finding saying so, not one per sub-table.

    ## Why
    The statistics are the part of the report that is compared across bodies; a narrative
    cannot replace them.

    ## Basis
    《政府信息公开条例》第二十条, 第五十条; the template's tables.

    ## Example
    `三、收到和处理政府信息公开申请情况` followed only by `本年度未收到申请。`

    ## Use instead
    The full table, with 0 in every cell where nothing happened.
    """
    doc_zh = """应有表格的部分没有表格，或缺少第二十条的某张分表。

    ## 作用
    格式中第二、三、四部分都是表格。这些部分没有表格时报告；第二部分缺少格式中的某张分表（第二十条第（一）项 ……）时也报告。

    ## 原因
    统计数据是各单位之间对照比较的部分，不能用文字叙述代替。

    ## 依据
    《中华人民共和国政府信息公开条例》第二十条、第五十条；年度报告格式中的表格。

    ## 示例
    `三、收到和处理政府信息公开申请情况` 下面只有 `本年度未收到申请。`

    ## 正确写法
    填写完整的表格，没有发生的事项每个单元格都填 0。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI105", "missing-table", "error"

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for s in self.ctx.report.sections:
            if s.number not in (2, 3, 4):
                continue
            h = s.heading
            if not s.tables:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分应有统计表，未找到表格")
                continue
            t = s.tables[0]
            if t.textless:   # one finding for the section, not one per sub-table
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分的统计表不在文本中（只有标题，没有表格内容，"
                                            f"可能以图片或附件发布），其数据无法检查")
                continue
            if s.number == 2 and (t.readable or t.subtables):   # (captions tell even if a row is unreadable)
                have = {norm(r.key) for r in t.rows if r.key}
                for st in tpl.s2_subtables:
                    if not any(norm(x) in have for x in st.rows) and \
                            not any(norm(sub.item.text) == norm(st.item) for sub in t.subtables):
                        self.report(h.start, h.end, f"缺少{st.item}的统计表（{'、'.join(st.rows)}）")
