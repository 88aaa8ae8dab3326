from __future__ import annotations

from gilint.checks.cells import cell_kinds, parse_number, show_number, without_blanks
from gilint.checks.kinds.base import Kind, KindError, opt_str_list
from gilint.templates import norm
from gilint.i18n import gettext as _


class Range(Kind):
    """A number in a table cell must lie within ``min``…``max`` (inclusive). The cell is found
    by ``table`` (``section2``/``section3``/``section4``, or ``section = 2``/``3``/``4``),
    ``row`` (a template row key such as ``new`` or a row label such as 行政许可; a list; all
    rows if omitted) and ``column`` (a column label such as 总计 or 处理决定数量 — a label
    contained in the template's column counts — or its 1-based number; all if omitted). Cells
    that are not plain numbers are GI301's business and are skipped."""
    doc_zh = """表格单元格中的数字必须在 ``min``…``max`` 之间（含两端）。单元格由 ``table``（``section2``/``section3``/``section4``，或 ``section = 2``/``3``/``4``）、``row``（格式中的行键如 ``new``，或行名如“行政许可”；可以是列表；省略表示所有行）和 ``column``（列名如“总计”或“处理决定数量”——包含在格式列名中的名称也算——或从1开始的列号；省略表示所有列）确定。不是普通数字的单元格由 GI301 处理，这里跳过。

    例：本年收费金额不应超过某个上限。
    """
    name = "range"
    options = ("table", "row", "column", "min", "max")
    placeholders = ("value", "min", "max", "row", "column", "range")
    default_message = "“{row}”行“{column}”列为{value}，超出范围{range}"
    needs_template = True
    reads_tables = True            # cells of readable rows only

    TABLES = {2: "section2", 3: "section3", 4: "section4"}

    def __init__(self, opts):
        o = dict(opts)
        sec = o.pop("section", None)            # `section` picks the table here, not a scope
        table = o.get("table")
        if table is None and sec is not None:
            if sec not in self.TABLES:
                raise KindError(_("`section` of a range rule must be 2, 3 or 4 (the sections with tables)"), "section")
            table = self.TABLES[sec]
        o["scope"] = "text"
        super().__init__(o)
        if table not in self.TABLES.values():
            raise KindError(_('a range rule needs `table = "section2"|"section3"|"section4"` (or `section = 2|3|4`)'), "table")
        self.table = table
        self.rows = opt_str_list(opts, "row")
        col = opts.get("column")
        cols = [] if col is None else (col if isinstance(col, list) else [col])
        for c in cols:
            if not ((isinstance(c, str) and c) or (isinstance(c, int) and not isinstance(c, bool) and c >= 1)):
                raise KindError(_("`column` must be a column label, a 1-based column number, or a list of them"), "column")
        self.columns = cols
        self.min, self.max = opts.get("min"), opts.get("max")
        for k in ("min", "max"):
            v = opts.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise KindError(_("`{k}` must be a number").format(k=k), k)
        if self.min is None and self.max is None:
            raise KindError(_("a range rule needs `min`, `max` or both"), "max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise KindError(_("`min` is greater than `max`"), "min")

    def validate_against(self, templates) -> None:
        """Row and column names must exist in at least one template (typos are errors)."""
        if not templates:
            return
        row_names, col_names = set(), set()
        for t in templates:
            if self.table == "section3":
                row_names |= {r.key for r in t.s3_rows} | {norm(r.label) for r in t.s3_rows}
                col_names |= {norm(c) for c in t.s3_columns}
            elif self.table == "section2":
                for st in t.s2_subtables:
                    row_names |= {norm(r) for r in st.rows}
                    col_names |= {norm(c) for c in st.columns}
            else:
                row_names |= {norm(g) for g in t.s4_groups}
                col_names |= {norm(c) for c in t.s4_columns}
        for r in self.rows:
            if r not in row_names and not any(norm(r) in n for n in row_names):
                raise KindError(_("`row`: no row {r!r} in the {table} table of any template").format(r=r, table=self.table), "row")
        for c in self.columns:
            if isinstance(c, str) and not any(norm(c) in n for n in col_names):
                raise KindError(_("`column`: no column {c!r} in the {table} table of any template").format(c=c, table=self.table),
                                "column")

    def _row_ok(self, row, label: str) -> bool:
        if not self.rows:
            return True
        for r in self.rows:
            if row.key == r or norm(r) == label or (len(norm(r)) >= 2 and norm(r) in label):
                return True
        return False

    def _col_ok(self, index: int, name: str) -> bool:
        if not self.columns:
            return True
        for c in self.columns:
            if isinstance(c, int):
                if c == index + 1:
                    return True
            elif norm(c) == norm(name) or norm(c) in norm(name):
                return True
        return False

    def check(self, rule):
        tpl = rule.ctx.table_template
        if tpl is None:
            return
        lo = "" if self.min is None else _num(self.min)
        hi = "" if self.max is None else _num(self.max)
        rng = f"{lo}–{hi}" if lo and hi else (f"≥{lo}" if lo else f"≤{hi}")
        for t in rule.ctx.report.tables(self.table):
            index: dict[int, int] = {}
            for row, cell, _kind, col in cell_kinds(t, tpl):
                i = index[id(row)] = index.get(id(row), -1) + 1
                label = norm(row.label.text) if row.label is not None else (row.key or "")
                if not self._row_ok(row, label) or not self._col_ok(i, col):
                    continue
                v = parse_number(cell.text)
                if v is None:
                    continue
                if (self.min is not None and v < self.min) or (self.max is not None and v > self.max):
                    shown = without_blanks(row.label.text) if row.label is not None else row.key
                    rule.report(cell.start, cell.end,
                                self.say(match=cell.text.strip(), value=_num(v), min=lo, max=hi,
                                         row=shown, column=col, range=rng))


def _num(v) -> str:
    return show_number(v)
