from __future__ import annotations

from gilint.checks.tables.helpers import TableRule, lazy_pattern, show
from gilint.read.tables import UNIT_NOTE, label_norm, subtable_of
from gilint.templates import norm


class ColumnLabel(TableRule):
    """A column header differs from the template's.

    ## What it does
    Compares the column headers of the section 二 sub-tables and of the section 三 table with
    the template (NFKC, whitespace removed). A unit note that a local pack adds to a header,
    such as （单位：万元，保留4位小数）, is accepted.

    ## Why
    Edited headers (本年（2023）制发件数) break automated collection and comparison.

    ## Basis
    国办公开办函〔2021〕30号 tables.

    ## Example
    `本年（2023）制发件数`

    ## Use instead
    `本年制发件数`

    ## Fix
    Replaces the header with the template's (safe). A header read over lines whose last line
    goes on after it (a stray character before an in-line heading) gets an unsafe fix that
    keeps the rest of that line on its own line.
    """
    doc_zh = """列名与格式不一致。

    ## 作用
    将第二部分各分表和第三部分表格的列名与格式比较（NFKC，去掉空白）。地方规则包在列名后加的单位说明（如“（单位：万元，保留4位小数）”）视为正确。

    ## 原因
    改动过的列名（如“本年（2023）制发件数”）会妨碍自动汇总和比较。

    ## 依据
    国办公开办函〔2021〕30号 所附表格。

    ## 示例
    `本年（2023）制发件数`

    ## 正确写法
    `本年制发件数`

    ## 修复
    安全修复：改为格式规定的列名。跨行读出的列名若其最后一行在列名之后还有文字（如行内标题前的零散字符），则为不安全修复，并让这些文字仍单独成行。
    """
    code, name, severity, fix = "GI203", "column-label", "warning", "safe"

    def check_tables(self, tpl, tables):
        for t in tables:
            if t.kind != "section2":
                continue
            aligned = t.layout == "columns"   # pdftotext may wrap a header over lines
            for sub in t.subtables:
                if not sub.header or label_norm(sub.header[0].text) != norm(tpl.s2_header_first):
                    continue
                st = subtable_of(tpl, sub.rows[0].key) if sub.rows and sub.rows[0].key else None
                if st is None:
                    st = next((s for s in tpl.s2_subtables if norm(s.item) == label_norm(sub.item.text)), None)
                if st is None:
                    continue
                cols = sub.header[1:]
                if aligned and len(cols) != len(st.columns):
                    continue   # a header wrapped over lines: its cells are pieces
                for cell, want in zip(cols, st.columns):
                    got = label_norm(cell.text)
                    if got == norm(want) or _decorated(got, norm(want)):
                        continue
                    if aligned and (norm(want).startswith(got) or norm(want).endswith(got)):
                        continue   # a piece of a wrapped header
                    self.report(cell.start, cell.end, f"列标题应为“{want}”，实为“{show(cell.text)}”",
                                self.label_fix(cell, want))


def _decorated(got: str, want: str) -> bool:
    """A header the template's wording plus a local decoration of the same unit:
    本年收费金额（单位：万元，保留4位小数） for 本年收费金额（单位：万元）. A different unit is not."""
    unit_note = lazy_pattern(UNIT_NOTE)
    g, w = unit_note.search(got), unit_note.search(want)
    if not g or not w:
        return False
    return got[:g.start()] == want[:w.start()] and g.group(1) == w.group(1)
