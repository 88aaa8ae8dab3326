"""The tables of sections 二, 三 and 四 as gilint read them, as grids: a title, column labels,
and rows of (row label, cells). Shared by ``gilint show`` and the HTML review page so that both
draw the same reading. Cells are the model's own (``gilint.model.Cell``, with offsets), so a
finding can be placed on the cells it names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gilint.model import Cell, Table, TableRow
from gilint.termwidth import pad, width


@dataclass
class Grid:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Cell | None], TableRow | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _t(c) -> str:
    return " ".join(c.text.split()) if c is not None else ""


def _label(c) -> str:
    """A label as one line: a label wrapped over lines (or one character per line, as a tall
    merged cell is exported) is joined without blanks, as Chinese is written."""
    return "".join(c.text.split()) if c is not None else ""


def _row_label(r: TableRow) -> str:
    label = _label(r.label)
    return f"{_label(r.group)} {label}".strip() if r.group is not None else label


def grids(table: Table, template=None) -> list[Grid]:
    """One grid per table (section 二: one per 第二十条 sub-table). Column labels are the
    template's where every row has that many cells, else the header as read."""
    if table.kind == "section2" and table.subtables:
        out = []
        for st in table.subtables:
            cols = [_t(c) for c in st.header[1:]]
            g = Grid(_t(st.item), cols or [""] * max((len(r.values) for r in st.rows), default=0))
            g.rows = [(_row_label(r), list(r.values), r) for r in st.rows]
            out.append(g)
        if out:
            out[0].problems = list(table.problems)
        return out
    width = max((len(r.values) for r in table.rows), default=0)
    cols = None
    if template is not None:
        want = {"section3": template.s3_columns, "section4": template.s4_columns}.get(table.kind)
        if want and all(len(r.values) in (0, len(want)) for r in table.rows):
            cols = list(want)
    if cols is None:
        header = [_t(c) for c in table.header]
        cols = header[-width:] if len(header) >= width else header + [""] * (width - len(header))
    title = {"section2": "主动公开政府信息情况", "section3": "收到和处理政府信息公开申请情况",
             "section4": "政府信息公开行政复议、行政诉讼情况"}.get(table.kind, table.kind)
    g = Grid(title, cols, problems=list(table.problems))
    g.rows = [(_row_label(r), list(r.values) + [None] * (len(cols) - len(r.values)), r)
              for r in table.rows]
    return [g]


# ---------------------------------------------------------------------------- text
def clip(s: str, n: int) -> str:
    if width(s) <= n:
        return s
    out = ""
    for ch in s:
        if width(out + ch) > n - 1:
            break
        out += ch
    return out + "…"


def named_rows(g: Grid) -> set[int]:
    """Rows the table's problems (GI001's reasons: “<label>”行有9个数据单元格…) name."""
    quoted = {m for p in g.problems for m in re.findall(r"“(.+?)”行", p)}
    return {i for i, (_label, _cells, row) in enumerate(g.rows)
            if row is not None and row.label is not None and row.label.text.strip()[:20] in quoted}


def render_text(g: Grid, marks: dict | None = None, label_width: int = 34, cell_width: int = 10) -> str:
    """A box-drawn grid; ``marks`` maps a cell's (start, end) to a marker put after its text
    (e.g. "!" for a cell a finding names); a row a GI001 reason names starts with ✗."""
    marks = marks or {}
    flagged = named_rows(g)
    cols = [clip(c, cell_width) for c in g.columns]
    widths = [max(width(c), 4) for c in cols]
    lw = min(label_width, max([width(r[0]) for r in g.rows] + [4]))
    body = []
    for i, (label, cells, _row) in enumerate(g.rows):
        label = ("✗ " + label) if i in flagged else label
        vals = []
        for c in cells:
            v = _t(c) if c is not None else "·"
            v += marks.get((c.start, c.end), "") if c is not None else ""
            vals.append(clip(v, cell_width))
        body.append((clip(label, lw), vals))
        for i, v in enumerate(vals):
            widths[i] = max(widths[i], width(v)) if i < len(widths) else width(v)
    line = "+" + "-" * (lw + 2) + "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + pad("", lw) + " | " + " | ".join(pad(c, w) for c, w in zip(cols, widths)) + " |", line]
    for label, vals in body:
        vals = vals + [""] * (len(widths) - len(vals))
        out.append("| " + pad(label, lw) + " | " + " | ".join(pad(v, w) for v, w in zip(vals, widths)) + " |")
    out.append(line)
    return "\n".join(out)


__all__ = ["Grid", "grids", "render_text", "width"]
