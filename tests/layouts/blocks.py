"""A report model → the document as a publisher lays it out: lines and table grids with merged
cells, plus the benign variations that are not defects (template.md "Matching real text":
bracket widths, spaces inside labels; page furniture, ``注：`` lines, a signing block).

Every line and cell carries its location key (section, row) — what a finding on it is about.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from layouts.model import ReportModel

NONE = (-1, None)          # page furniture: nothing there is the report's


@dataclass
class Line:
    text: str
    key: tuple
    role: str = "p"        # "title" | "heading" | "p" | "furniture" | "note" | "closing"


@dataclass
class GCell:
    text: str
    key: tuple
    col: int
    colspan: int = 1
    rowspan: int = 1
    role: str = "label"    # "label" | "value" | "header" | "group" | "item"


@dataclass
class Grid:
    section: int
    width: int
    rows: list[list[GCell]] = field(default_factory=list)   # the cells starting in each row

    def physical_rows(self):
        """Each row's cells as a Word export lists them: a cell spanning columns once, the
        rows below the first of a cell spanning rows an empty cell in its place."""
        below: dict[int, tuple[int, GCell]] = {}     # col → (last row covered, origin)
        out = []
        for r, row in enumerate(self.rows):
            entries = [(c.col, c, False) for c in row]
            for col, (last, origin) in below.items():
                if last >= r:
                    entries.append((col, origin, True))
            entries.sort(key=lambda e: e[0])
            out.append([(c, cont) for _col, c, cont in entries])
            for c in row:
                if c.rowspan > 1:
                    below[c.col] = (r + c.rowspan - 1, c)
        return out


@dataclass
class Variation:
    """Benign variation: none of it may change a finding."""
    halfwidth: bool = False        # (一) instead of （一）, "三安全一稳定" for “三安全一稳定” in labels
    label_spaces: bool = False     # 1. 属于国家秘密, 商业 企业
    furniture: bool = False        # site navigation, footer, 附件下载
    notes: bool = False            # 注： lines under the tables
    signing: bool = True           # the model's signing block, if it has one
    title_split: bool = False      # the body's name on its own line above the title
    number_pad: bool = False       # full-width spaces around the figures
    list_marks: str = "."          # after list numbers in row labels: . 、 ．

    @classmethod
    def draw(cls, rnd: random.Random) -> "Variation":
        return cls(*(rnd.random() < 0.5 for _ in range(7)), list_marks=rnd.choice(".、．"))

    @classmethod
    def strategy(cls, furniture=None):
        """Hypothesis strategy (furniture: True/False to fix it, None to draw it)."""
        from hypothesis import strategies as st
        b = st.booleans()
        return st.builds(cls, halfwidth=b, label_spaces=b, notes=b, signing=b, title_split=b, number_pad=b,
                         furniture=b if furniture is None else st.just(furniture),
                         list_marks=st.sampled_from(".、．"))


FURNITURE_TOP = ["首页 | 政务公开 | 政府信息公开 | 互动交流", "当前位置：首页 > 政府信息公开 > 政府信息公开年报"]
FURNITURE_BOTTOM = ["附件下载：", "政府信息公开工作年度报告.docx", "【打印本页】 【关闭窗口】", "主办单位：人民政府办公室　网站标识码：3208000001"]
NOTES = {2: "注：表中数据统计时间为当年1月1日至12月31日。", 3: "注：本表数据由政务公开办公室统计。",
         4: "注：本表统计政府信息公开行政复议、行政诉讼案件。"}


def _label(text: str, var: Variation) -> str:
    if var.list_marks != "." and text[:1].isdigit() and text[1:2] == ".":
        text = text[0] + var.list_marks + text[2:]
    if var.halfwidth:
        text = text.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"')
    if var.label_spaces:
        text = text[:2] + " " + text[2:] if text[:1].isdigit() else text
        text = {"商业企业": "商业 企业", "科研机构": "科研 机构"}.get(text, text)
    return text


def _value(text: str, var: Variation) -> str:
    return f"\u3000{text}\u3000" if var.number_pad and text else text


def blocks(m: ReportModel, var: Variation) -> list:
    out: list = []
    if var.furniture:
        out += [Line(t, NONE, "furniture") for t in FURNITURE_TOP]
    if var.title_split and m.title.startswith(m.body):
        out.append(Line(m.body, (0, None), "title"))
        out.append(Line(m.title[len(m.body):], (0, None), "title"))
    else:
        out.append(Line(m.title, (0, None), "title"))
    out += [Line(t, (0, None)) for t in m.preamble]
    for n in m.order:
        out.append(Line(m.headings[n], (n, None), "heading"))
        out += [Line(m.paragraph(t), (n, None)) for t in m.paragraphs.get(n, [])]
        if n in m.tables_shown and n in (2, 3, 4):
            out.append((s2_grid, s3_grid, s4_grid)[n - 2](m, var))
            if var.notes:
                out.append(Line(NOTES[n], (n, None), "note"))
    if var.signing:
        out += [Line(t, (7, None), "closing") for t in m.signing]
    if var.furniture:
        out += [Line(t, NONE, "furniture") for t in FURNITURE_BOTTOM]
    return out


def s2_grid(m: ReportModel, var: Variation) -> Grid:
    width = 1 + max(len(st.header) - 1 for st in m.s2)
    g = Grid(2, width)
    for st in m.s2:
        g.rows.append([GCell(_label(st.item, var), (2, None), 0, width, role="item")])
        hdr = [GCell(_label(h, var), (2, None), i, role="header") for i, h in enumerate(st.header)]
        hdr[-1].colspan = width - len(st.header) + 1
        g.rows.append(hdr)
        for canon, label, vals in st.rows:
            row = [GCell(_label(label, var), (2, canon), 0)]
            row += [GCell(_value(v, var), (2, canon), 1 + i, role="value") for i, v in enumerate(vals)]
            row[-1].colspan = width - len(vals)
            g.rows.append(row)
    return g


def s3_grid(m: ReportModel, var: Variation) -> Grid:
    tpl = m.tpl
    g = Grid(3, 10)
    hk = (3, None)
    g.rows.append([GCell(_label(tpl.s3_identity_note, var), hk, 0, 3, 3, "header"),
                   GCell("申请人情况", hk, 3, 7, role="header")])
    g.rows.append([GCell("自然人", hk, 3, 1, 2, "header"), GCell("法人或其他组织", hk, 4, 5, role="header"),
                   GCell("总计", hk, 9, 1, 2, "header")])
    g.rows.append([GCell(_label(c, var), hk, 4 + i, role="header") for i, c in enumerate(tpl.s3_columns[1:6])])
    # the rows as written: (key, label, group, cells), without the omitted, with the extra ones
    # (under the top group, before （七）总计)
    top = next(r.group for r in tpl.s3_rows if r.group)
    rows = []
    for r in tpl.s3_rows:
        if r.key == "total":
            rows += [(label, label, top, cells) for label, cells in m.extra_rows.items()]
        if r.key not in m.omitted_rows:
            rows.append((r.key, m.s3_labels[r.key], r.group, m.s3[r.key]))
    grouped = [i for i, r in enumerate(rows) if r[2]]
    for i, (rkey, label, group, cells_) in enumerate(rows):
        key = (3, rkey)
        label = _label(label, var)
        cells = []
        if group is None:
            cells.append(GCell(label, key, 0, 3))
        else:
            if i == grouped[0]:
                cells.append(GCell(top, key, 0, 1, grouped[-1] - grouped[0] + 1, "group"))
            if group == top:
                cells.append(GCell(label, key, 1, 2))
            else:
                if rows[i - 1][2] != group:
                    n = 0                      # the run of rows under this group
                    for x in rows[i:]:
                        if x[2] != group:
                            break
                        n += 1
                    cells.append(GCell(_label(group, var), key, 1, 1, n, "group"))
                cells.append(GCell(label, key, 2, 1))
        g.rows.append(cells + [GCell(_value(v, var), key, 3 + c, role="value") for c, v in enumerate(cells_)])
    return g


def s4_grid(m: ReportModel, var: Variation) -> Grid:
    g = Grid(4, 15)
    hk = (4, None)
    cols = m.tpl.s4_columns
    g.rows.append([GCell("行政复议", hk, 0, 5, role="header"), GCell("行政诉讼", hk, 5, 10, role="header")])
    g.rows.append([GCell(c, hk, i, 1, 2, "header") for i, c in enumerate(cols)]
                  + [GCell("未经复议直接起诉", hk, 5, 5, role="header"), GCell("复议后起诉", hk, 10, 5, role="header")])
    g.rows.append([GCell(c, hk, 5 + i + 5 * k, role="header") for k in range(2) for i, c in enumerate(cols)])
    key = (4, "review")
    g.rows.append([GCell(_value(v, var), key, 5 * k + i, role="value")
                   for k, grp in enumerate(m.s4) for i, v in enumerate(grp)])
    return g
