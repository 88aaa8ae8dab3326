from __future__ import annotations

from gilint.checks.base import Rule

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
    code, name, severity, scope = "GI001", "unparsed-table", "warning", "section"
    refuses_fixes = "a table could not be read (GI001)"

    def check_section(self, section):
        for t in section.tables:
            if t.problems:
                why = "；".join(dict.fromkeys(t.problems))
                if len(why) > 160:
                    why = why[:160] + "…"
                self.report(t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]),
                            f"{SECTION_NAMES[t.kind]}无法可靠读取（{why}），未检查其数据", None)
