"""Build .docx files (python-docx) and HTML pages from a report's text, as Word and CMS
publishers produce them: paragraphs (section headings in heading styles), and the tables of
sections 二–四 as real tables with merged cells — vertically merged label cells
(三、本年度办理结果, （三）不予公开 …: the empty cells below them in the Word-export text) and
horizontally merged header cells (申请人情况 over seven columns, 法人或其他组织 over five,
行政复议 / 行政诉讼 …).

The text is split by gilint's own reader into table regions and physical rows; every other line
is a paragraph. ``layout(rows)`` places each row's cells on a grid so that the cells read back
in the same order and an empty cell under the first column of a cell above becomes the lower
part of that cell (``w:vMerge`` / ``rowspan``).
"""
from __future__ import annotations

import html as htmlmod
import io

import regex

from gilint.config import Config
from gilint.packs import default_config
from gilint.read.cells import detect_layout, is_value, physical_rows
from gilint.read.lines import split_lines
from gilint.read.structure import build_report

# Header cells that span a known number of data columns in the national templates.
FIXED_SPANS = {"申请人情况": 7, "法人或其他组织": 5, "行政复议": 5, "行政诉讼": 10,
               "未经复议直接起诉": 5, "复议后起诉": 5}
HEADING = regex.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+|\d+)\s*[、.．]")


def blocks(text: str):
    """The report as ("p", line) and ("table", rows) blocks; rows are lists of cell texts."""
    report = build_report(text, default_config().reading)
    regions = sorted((t.start, t.end) for s in report.sections for t in s.tables)
    lines = split_lines(text)
    out, i = [], 0
    while i < len(lines):
        ln = lines[i]
        region = next(((a, b) for a, b in regions if a <= ln.start < b), None)
        if region is None:
            out.append(("p", ln.text))
            i += 1
            continue
        group = []
        while i < len(lines) and lines[i].start < region[1]:
            group.append(lines[i])
            i += 1
        rows = [[c.text for c in r.cells] for r in physical_rows(group, detect_layout(group))]
        while out and out[-1] == ("p", ""):     # the blank lines around a table are the table's
            out.pop()
        out.append(("table", rows))
        while i < len(lines) and not lines[i].text.strip():
            i += 1
    return out


def layout(rows: list[list[str]]):
    """Grid placement: for each row a list of (text, col, colspan, continues) where
    ``continues`` marks the lower part of the vertically merged cell above. Returns
    (width, placed rows)."""
    width = max(len(r) for r in rows)
    placed = []
    above: dict[int, int] = {}           # start col → colspan of the row above's cells
    for cells in rows:
        row = _place(cells, width, above, use_fixed=True) or _place(cells, width, above, False) \
            or _place(cells, width, {}, False)
        placed.append(row)
        above = {c: s for _t, c, s, _k in row}
    return width, placed


def _place(cells, width, above, use_fixed):
    nvals = 0
    for t in reversed(cells):
        if t.strip() and is_value(t):
            nvals += 1
        else:
            break
    last_label = len(cells) - nvals - 1
    while last_label >= 0 and not cells[last_label].strip():
        last_label -= 1
    spans, cont = [], []
    col = 0
    for k, t in enumerate(cells):
        if not t.strip() and col in above and (k < last_label or k >= len(cells) - 0 or True):
            spans.append(above[col])
            cont.append(True)
        else:
            n = FIXED_SPANS.get(t.strip(), 1) if use_fixed else 1
            if use_fixed and t.strip().startswith(("（本列数据", "(本列数据")):
                n = max(1, width - 7)
            spans.append(n)
            cont.append(False)
        col += spans[-1]
    extra = width - sum(spans)
    if extra < 0:
        return None
    if extra:
        k = last_label if last_label >= 0 else next((i for i, t in enumerate(cells) if t.strip()), 0)
        if cont[k]:
            return None
        spans[k] += extra
    # continuation cells must still start where the cell above starts
    out, col = [], 0
    for t, s, c in zip(cells, spans, cont):
        if c and above.get(col) != s:
            return None
        out.append((t, col, s, c))
        col += s
    return out


# ---------------------------------------------------------------------------- .docx
def merged_cells(placed):
    """(row, col, colspan, bottom row, text) of every cell that starts a merge area: a cell
    continues downwards while the rows below hold continuation cells at the same column/span."""
    out = []
    for r, row in enumerate(placed):
        for txt, col, span, cont in row:
            if cont:
                continue
            bottom = r
            while bottom + 1 < len(placed) and any(
                    c2 == col and s2 == span and k2 for _t2, c2, s2, k2 in placed[bottom + 1]):
                bottom += 1
            out.append((r, col, span, bottom, txt))
    return out


def build_docx(text: str, *, split_runs: bool = True) -> bytes:
    """A .docx holding ``text``: headings in "Heading 1"/"Heading 2" styles, the title in
    "Title", tables with merged cells. With ``split_runs``, long paragraphs are written in two
    runs (the second bold), so that fixes must work across runs."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    first = True
    for kind, content in blocks(text):
        if kind == "p":
            line = content
            if first and line.strip():
                p = d.add_paragraph(style="Title")
                first = False
            elif HEADING.match(line) and len(line) <= 40:
                p = d.add_paragraph(style="Heading 1")
            else:
                p = d.add_paragraph()
            if split_runs and len(line) > 12:
                cut = len(line) // 2
                p.add_run(line[:cut])
                r = p.add_run(line[cut:])
                r.bold = True
            elif line:
                p.add_run(line)
            continue
        width, placed = layout(content)
        t = d.add_table(rows=len(placed), cols=width)
        t.style = "Table Grid"
        # merges first (python-docx joins the text of merged cells), then the text
        origins = merged_cells(placed)
        for r, col, span, bottom, _txt in origins:
            if span > 1 or bottom > r:
                t.cell(r, col).merge(t.cell(bottom, col + span - 1))
        for r, col, _span, _bottom, txt in origins:
            cell = t.cell(r, col)
            lines = txt.split("\n") if txt else [""]
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(10)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def auto_numbering(d):
    """Give a python-docx Document a numbering list (一、 at level 0, （一） at level 1, as
    Word's 多级列表 does); returns ``numbered(text, level)`` that adds a numbered paragraph."""
    from docx.oxml import parse_xml
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, level):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        return p
    return numbered


# ---------------------------------------------------------------------------- HTML
CHROME_TOP = """<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>
<nav><ul><li><a href="/">网站首页</a></li><li><a href="/xxgk">信息公开</a></li><li>政府信息公开年报</li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<table class="meta"><tr><td>索引号：</td><td>014314799/2024-00002</td><td>发布机构：</td><td>县政府办</td></tr>
<tr><td>发布日期：</td><td>2024-01-17</td><td>主题分类：</td><td>年度报告</td></tr></table>
"""
CHROME_BOTTOM = """<div class="share">分享到：微信 微博</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">2022年政府信息公开工作年度报告</a></li></ul></div>
<footer><p>主办单位：某县人民政府办公室　版权所有　联系我们　网站地图</p><p>ICP备案号：苏ICP备12345678号</p></footer>
<script>var _hmt = _hmt || []; document.write("一、总体情况 二、主动公开政府信息情况");</script>
"""


def build_html(text: str, *, encoding: str = "utf-8", chrome: bool = True) -> bytes:
    """A published page holding ``text`` in ``<div id="zoom">``: paragraphs as <p>, tables with
    rowspan/colspan; with ``chrome``, site navigation, a metadata table, scripts, styles and a
    footer around it (all to be ignored)."""
    esc = htmlmod.escape
    body = []
    for kind, content in blocks(text):
        if kind == "p":
            body.append(f"<p style=\"text-indent:2em\">{esc(content)}</p>" if content.strip() else "<p>&nbsp;</p>")
            continue
        width, placed = layout(content)
        rowspans = {(r, col): bottom - r + 1 for r, col, _span, bottom, _txt in merged_cells(placed)}
        rows_html = []
        for r, row in enumerate(placed):
            tds = []
            for txt, col, span, cont in row:
                if cont:
                    continue
                attrs = (f' colspan="{span}"' if span > 1 else "") + \
                        (f' rowspan="{rowspans[(r, col)]}"' if rowspans[(r, col)] > 1 else "")
                inner = "<br>".join(esc(x) for x in txt.split("\n")) if txt else "&nbsp;"
                tds.append(f"<td{attrs}><p align=\"center\"><span style=\"font-size:10pt\">{inner}</span></p></td>")
            rows_html.append("<tr>" + "".join(tds) + "</tr>")
        body.append('<table border="1" cellspacing="0" width="600"><tbody>\n' + "\n".join(rows_html) + "\n</tbody></table>")
    head = (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
            "<title>政府信息公开年报</title><style>p { margin: 0 } .x:before{content:'三、收到和处理'}</style>"
            "<script>console.log('二、主动公开政府信息情况')</script></head><body>\n")
    page = head + (CHROME_TOP if chrome else "") + '<div class="main"><div id="zoom" class="TRS_Editor">\n' + \
        "\n".join(body) + "\n</div></div>\n" + (CHROME_BOTTOM if chrome else "") + "</body></html>\n"
    return page.encode(encoding)
