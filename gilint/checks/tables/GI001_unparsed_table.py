from __future__ import annotations

from gilint.checks.base import Rule
from gilint.i18n import N_

SECTION_NAMES = {"section2": "主动公开情况表", "section3": "政府信息公开申请情况表", "section4": "行政复议、行政诉讼情况表"}


class UnparsedTable(Rule):
    """A table is present but could not be read into rows and columns.

    ## What it does
    Reports a table whose rows and columns cannot be recovered faithfully — data without a row
    label, rows with the wrong number of cells, repeated rows — and says why. Its arithmetic
    and row checks are then not run: no finding is computed from a guess.

    ## Why
    Text extracted from PDFs or by OCR often splits or shuffles table cells; checking sums on
    such a reading would report defects that are not in the report.

    ## Basis
    The template's tables (国办公开办函〔2021〕30号).

    ## Example
    A Markdown extraction where `| 0 | 0 | 0 | 0 | 0 | 0 | 0 |` stands on a line of its own.

    ## Use instead
    Check the original document, or export the table again (one cell per line or tab-separated).
    """
    doc_zh = """表格存在，但无法可靠地读出行和列。

    ## 作用
    报告一张无法忠实还原行列的表格（数据行没有行名、某行单元格个数不对、行重复等），并说明原因。此后不再对这张表做算术和行名检查：不根据猜测出来的读法给出任何问题。

    ## 原因
    从 PDF 或扫描件（OCR）提取的文字常常把表格单元格拆散或打乱；在这样的读法上核对合计，报出的问题并不在报告里。

    ## 依据
    国办公开办函〔2021〕30号（〔2019〕60号）所附年度报告格式中的各张表格。

    ## 示例
    Markdown 提取结果中 `| 0 | 0 | 0 | 0 | 0 | 0 | 0 |` 单独占了一行。

    ## 正确写法
    对照原始文档检查，或重新导出表格（每个单元格一行，或用制表符分隔）。

    ## 修复
    无自动修复。
    """
    code, name, severity, scope = "GI001", "unparsed-table", "warning", "section"
    tables_only = True
    refuses_fixes = N_("a table could not be read (GI001)")

    def check_section(self, section):
        for t in section.tables:
            if t.problems:
                why = "；".join(dict.fromkeys(t.problems))
                if len(why) > 160:
                    why = why[:160] + "…"
                self.report(t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]),
                            f"{SECTION_NAMES[t.kind]}无法可靠读取（{why}），未检查其数据", None)
