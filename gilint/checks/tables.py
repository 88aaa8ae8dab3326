"""GI001, GI2xx, GI30x cell checks, GI503: the tables against the template."""
from __future__ import annotations

from functools import cache, lru_cache

import regex

from gilint.checks.base import Rule, register
from gilint.findings import Edit, Fix
from gilint.read.cells import is_value
from gilint.read.tables import UNIT_NOTE, label_norm, similarity, subtable_of
from gilint.templates import norm

SECTION_NAMES = {"section2": "主动公开情况表", "section3": "政府信息公开申请情况表", "section4": "行政复议、行政诉讼情况表"}


@register
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

    def check_section(self, section):
        for t in section.tables:
            if t.problems:
                why = "；".join(dict.fromkeys(t.problems))
                if len(why) > 160:
                    why = why[:160] + "…"
                self.report(t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]),
                            f"{SECTION_NAMES[t.kind]}无法可靠读取（{why}），未检查其数据", None)


@register
class TemplateVersion(Rule):
    """The tables follow the other template than the report year requires.

    ## What it does
    Decides from the wording of section 二 which template the tables follow (2019:
    本年新制作数量 …, 第二十条第（九）项; 2021: 本年制发件数 …) and reports once per document
    when it is not the template of the report year. The tables are then checked against the
    template they actually follow.

    ## Why
    From report year 2021 the 2021 template applies; an old table hides the new statistics.

    ## Basis
    国办公开办函〔2021〕30号 (from report year 2021); 国办公开办函〔2019〕60号 (2019–2020).

    ## Example
    A 2022 report whose 第二十条第（一）项 table has 本年新制作数量 · 本年新公开数量 · 对外公开总数量.

    ## Use instead
    本年制发件数 · 本年废止件数 · 现行有效件数 (and the rest of the 2021 template).
    """
    code, name, severity = "GI201", "template-version", "error"

    def check(self):
        want, got = self.ctx.template, self.ctx.table_template
        if want is None or got is None or want is got:
            return
        s2 = self.ctx.report.section(2)
        if s2 is None or not s2.tables:
            return
        t = s2.tables[0]
        self.report(t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]),
                    f"{self.ctx.report.year}年度报告应使用{want.name}年版模板（{want.document}），表格实为{got.name}年版模板（{got.document}）")


def _label_fix(label, canonical: str, safe: bool = True):
    if getattr(label, "fragments", 1) > 1:
        return None
    return Fix((Edit(label.start, label.end, canonical),), safe=safe, description=f"改为“{canonical}”")


@register
class RowLabel(Rule):
    """A row label differs from the template's.

    ## What it does
    Compares every row label of the tables of sections 二 and 三 with the template, after NFKC
    normalisation with whitespace removed (so 1. / 1、, full- and half-width brackets and line
    wraps do not count), and reports what still differs: typos, missing words, wrong terms.

    ## Why
    The labels carry legal categories; 其他法律法规禁止公开 is not the category of the
    regulation (法律、行政法规), and 规范性文件 was renamed 行政规范性文件 in the 2021 template.

    ## Basis
    《政府信息公开条例》第十四条, 第三十六条; 国办公开办函〔2021〕30号 tables.

    ## Example
    `2.其他法律法规禁止公开`

    ## Use instead
    `2.其他法律行政法规禁止公开`

    ## Fix
    Replaces the label with the canonical one when the match is unambiguous (safe).
    """
    code, name, severity, fix = "GI202", "row-label", "error", "safe"
    scope = "section"

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for t in section.tables:
            if t.kind == "section3":
                canon = {r.key: r.label for r in tpl.s3_rows}
                canon["other"] = "（六）其他处理"
            elif t.kind == "section2":
                canon = {norm(r): r for st in tpl.s2_subtables for r in st.rows}
            else:
                continue
            if not t.readable:
                continue  # labels of a garbled table are extraction noise (GI001 says so)
            for row in t.rows:
                if row.label is None or row.key is None:
                    continue
                want = canon.get(row.key)
                if want is None:
                    continue
                got = label_norm(row.label.text)
                if got == norm(want) or _same_but_numbering(got, norm(want)):
                    continue
                if getattr(row.label, "uncertain", False) and t.layout == "columns" and similarity(got, norm(want)) >= 0.8:
                    continue  # a label pdftotext wrapped around its data: not reliable enough to blame
                if t.kind == "section3" and row.group is None and _group_prefixed(got, want, tpl):
                    continue
                self.report(row.label.start, row.label.end,
                            f"行标签应为“{want}”，实为“{_show(row.label.text)}”", _label_fix(row.label, want))


@cache
def _pattern(source: str):
    """Patterns needed only now and then, compiled on first use (regex compiles slowly)."""
    return regex.compile(source)


def _show(text: str) -> str:
    return _pattern(r"\s+").sub("", text) if "\n" in text else text.strip()


def _same_but_numbering(got: str, want: str) -> bool:
    # 1、 / 1． / 1 for 1. — numbering punctuation is not a label defect.
    number = _pattern(r"^(\d+)[.、．]?")
    return number.sub(r"\1", got) == number.sub(r"\1", want)


def _group_prefixed(got, want, tpl) -> bool:
    groups = {norm(r.group) for r in tpl.s3_rows if r.group}
    return any(got == g + norm(want) for g in groups)


@register
class ColumnLabel(Rule):
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
    Replaces the header with the template's (safe).
    """
    code, name, severity, fix = "GI203", "column-label", "warning", "safe"
    scope = "section"

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for t in section.tables:
            if t.kind != "section2" or t.layout == "columns" or not t.readable:
                continue
            for sub in t.subtables:
                if not sub.header or label_norm(sub.header[0].text) != norm(tpl.s2_header_first):
                    continue
                st = subtable_of(tpl, sub.rows[0].key) if sub.rows and sub.rows[0].key else None
                if st is None:
                    st = next((s for s in tpl.s2_subtables if norm(s.item) == label_norm(sub.item.text)), None)
                if st is None:
                    continue
                cols = sub.header[1:]
                for cell, want in zip(cols, st.columns):
                    got = label_norm(cell.text)
                    if got == norm(want) or _decorated(got, norm(want)):
                        continue
                    self.report(cell.start, cell.end, f"列标题应为“{want}”，实为“{_show(cell.text)}”",
                                _label_fix(cell, want))


def _decorated(got: str, want: str) -> bool:
    """A header the template's wording plus a local decoration of the same unit:
    本年收费金额（单位：万元，保留4位小数） for 本年收费金额（单位：万元）. A different unit is not."""
    unit_note = _pattern(UNIT_NOTE)
    g, w = unit_note.search(got), unit_note.search(want)
    if not g or not w:
        return False
    return got[:g.start()] == want[:w.start()] and g.group(1) == w.group(1)


@register
class MissingRow(Rule):
    """A row of the template is missing from a table.

    ## What it does
    Reports each template row of the section 二 and 三 tables that the (otherwise readable)
    table does not have.

    ## Why
    A missing row is a statistic not reported; zero must be written as 0.

    ## Basis
    国办公开办函〔2021〕30号 tables.

    ## Example
    A section 三 table without `8.属于行政查询事项`.

    ## Use instead
    Keep every row of the template, with 0 where nothing happened.
    """
    code, name, severity = "GI204", "missing-row", "error"
    scope = "section"

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for t in section.tables:
            if not t.readable:
                continue
            head = (t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]))
            if t.kind == "section3":
                have = {r.key for r in t.rows if r.key}
                for r in tpl.s3_rows:
                    if r.key in have or (r.key.startswith("other.") and "other" in have):
                        continue
                    self.report(*head, f"申请情况表缺少行“{r.label}”")
            elif t.kind == "section2":
                have = {r.key for r in t.rows if r.key}
                for st in tpl.s2_subtables:
                    keys = [norm(x) for x in st.rows]
                    if not any(k in have for k in keys):
                        continue  # the whole sub-table is missing: GI105
                    for x in st.rows:
                        if norm(x) not in have:
                            self.report(*head, f"{st.item}表缺少行“{x}”")


@register
class UnexpectedRow(Rule):
    """A row that the template does not have.

    ## What it does
    Reports a data row of the section 二 or 三 table whose label matches no template row.

    ## Why
    Extra rows are usually local additions or leftovers of an old template; they are not
    part of the national statistics.

    ## Basis
    国办公开办函〔2021〕30号 tables.

    ## Example
    `其他对外管理服务事项` in a 2021 table.

    ## Use instead
    Remove the row, or report it in 六、其他需要报告的事项.
    """
    code, name, severity = "GI205", "unexpected-row", "warning"
    scope = "section"

    def check_section(self, section):
        for t in section.tables:
            if not t.readable or t.kind not in ("section2", "section3"):
                continue
            for r in t.rows:
                if r.key is None and r.label is not None:
                    self.report(r.label.start, r.label.end, f"模板中没有这一行：“{_show(r.label.text)}”")


CELL_KIND_NAMES = {"count": "件数", "money": "金额", "signed": "增减数"}
NUMBER = regex.compile(r"^[+\-－]?\d+(?:[.．]\d+)?$")


def cell_kinds(table, tpl):
    """Yield (row, cell, kind, column name) for every data cell of a readable row."""
    if table.kind == "section3":
        for row in table.rows:
            if row.key and len(row.values) == len(tpl.s3_columns):
                for cell, col in zip(row.values, tpl.s3_columns):
                    yield row, cell, "count", col
    elif table.kind == "section2":
        for row in table.rows:
            st = subtable_of(tpl, row.key)
            if st and len(row.values) == len(st.columns):
                for cell, kind, col in zip(row.values, st.kinds, st.columns):
                    yield row, cell, kind, col
    elif table.kind == "section4" and table.readable:
        for row in table.rows:
            for cell, col in zip(row.values, tpl.s4_columns):
                yield row, cell, "count", col


UNIT = regex.compile(r"(万元|元|件|条|个|项|次|%|％)\s*$")


_BLANKS_AND_SEPARATORS = regex.compile(r"[\s\u3000\u00a0,，]")


def _parse_number(text: str):
    t = _BLANKS_AND_SEPARATORS.sub("", text).replace("．", ".").replace("－", "-")
    return float(t) if NUMBER.match(t) else None


# Several rules read the same cells (GI301, GI302–GI305, GI306, GI503): memoised per cell text.
_parse_number_cached = lru_cache(maxsize=8192)(_parse_number)


def parse_number(text: str):
    """The value of a cell as a number, or None if it is not a plain number."""
    return _parse_number_cached(text) if len(text) <= 64 else _parse_number(text)


@register
class InvalidNumber(Rule):
    """A data cell is blank, a placeholder, negative, fractional in a count column, or not a number.

    ## What it does
    Checks every data cell of readable table rows: counts are whole numbers ≥ 0; only money
    columns (本年收费金额, 采购总金额) may hold decimals and only 本年增/减 may be negative.
    Blank cells and placeholders (/, —, 无) are reported: where nothing happened, write 0.

    ## Why
    A blank cell cannot be told from a forgotten one, and sums cannot be checked.

    ## Basis
    国办公开办函〔2021〕30号 tables and their instructions.

    ## Example
    `26`, blank, blank, blank, blank, blank, `26` in a section 三 row.

    ## Use instead
    `26	0	0	0	0	0	26`
    """
    code, name, severity = "GI301", "invalid-number", "error"
    scope = "section"

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for t in section.tables:
            per_row: dict[int, list] = {}
            for row, cell, kind, col in cell_kinds(t, tpl):
                problem = _cell_problem(cell.text, kind)
                if problem:
                    per_row.setdefault(id(row), [row, []])[1].append((cell, col, problem))
            for row, bad in per_row.values():
                label = _show(row.label.text) if row.label is not None else "数据"
                a = min(c.start for c, _, _ in bad)
                b = max(c.end for c, _, _ in bad)
                desc = "；".join(f"“{col}”列{p}" for _, col, p in bad[:7])
                self.report(a, b, f"“{label}”行：{desc}")


@lru_cache(maxsize=8192)
def _cell_problem(text: str, kind: str) -> str | None:
    t = text.strip(" \t\u3000\u00a0")
    if not t:
        return "为空（无数据应填0）"
    if UNIT.search(t) and parse_number(UNIT.sub("", t)) is not None:
        return None  # a unit: GI306
    v = parse_number(t)
    if v is None:
        return f"不是数字（“{t}”，无数据应填0）" if is_value(t) else f"不是数字（“{t}”）"
    if v < 0 and kind != "signed":
        return f"为负数（{t}）"
    if v != int(v) and kind not in ("money",):
        return f"为小数（{t}），应为整数"
    return None


@register
class Unit(Rule):
    """A cell carries a unit, or a unit that contradicts its column.

    ## What it does
    Reports a data cell with a unit written into it (7399700元, 5件). In a 万元 column a
    figure in 元 is also the wrong unit.

    ## Why
    Units belong in the header; 元 in a 万元 column overstates the amount ten-thousandfold.

    ## Basis
    国办公开办函〔2021〕30号: 本年收费金额（单位：万元）.

    ## Example
    `7399700元` under 采购总金额.

    ## Use instead
    `739.97` (万元), with the unit only in the header.
    """
    code, name, severity = "GI306", "unit", "warning"
    scope = "section"

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        units = tuple(self.params.get("units", ("元", "万元", "件", "条", "个", "项", "次")))
        for t in section.tables:
            for row, cell, kind, col in cell_kinds(t, tpl):
                unit = _cell_unit(cell.text)
                if unit is None:
                    continue
                if unit not in units and unit not in ("%", "％"):
                    continue
                wrong = "，该列单位为万元，数值疑似以元计" if unit == "元" and (kind == "money") else ""
                self.report(cell.start, cell.end, f"单元格内写有单位“{unit}”：“{cell.text.strip()}”（“{col}”列）{wrong}")


@lru_cache(maxsize=8192)
def _cell_unit(text: str) -> str | None:
    """The unit written after a number in a cell (5件 → 件), or None."""
    t = text.strip()
    m = UNIT.search(t)
    if not m or parse_number(UNIT.sub("", t)) is None:
        return None
    return m.group(1)


RULE_MAKING_LEVELS = {"township": "乡镇、街道", "county-government": "县级人民政府",
                      "county-department": "县级政府部门"}


@register
class RuleMakingAuthority(Rule):
    """规章 figures above zero from a body that cannot make 规章.

    ## What it does
    Reports 规章 counts above zero in the 第二十条第（一）项 table of a 乡镇, 街道, county-level
    government or county-level department. The body's level is inferred from its name in the
    title (…镇, …街道办事处, …县人民政府, …县…局) or set in the pack (`[report] level`).

    ## Why
    Only State Council departments, provincial governments and the governments of
    设区的市/自治州 make 规章; a township reporting 规章 has miscounted (usually 行政规范性文件).

    ## Basis
    《中华人民共和国立法法》第九十一条, 第九十三条 (2023; 2015: 第八十条, 第八十二条).

    ## Example
    A 镇 reporting `规章  9  9  9`.

    ## Use instead
    `规章  0  0  0`, and the documents counted under 行政规范性文件 if that is what they are.
    """
    code, name, severity = "GI503", "rule-making-authority", "error"

    def check(self):
        level = self.ctx.report.level
        tpl = self.ctx.table_template
        if level not in RULE_MAKING_LEVELS or tpl is None:
            return
        rows = {norm(x) for x in tpl.rule_making_rows}
        for t in self.ctx.report.tables("section2"):
            for row in t.rows:
                if row.key not in rows:
                    continue
                nums = [(c, parse_number(c.text)) for c in row.values]
                pos = [(c, v) for c, v in nums if v is not None and v > 0]
                if pos:
                    a, b = pos[0][0].start, pos[-1][0].end
                    figures = "、".join(c.text.strip() for c, _ in pos)
                    self.report(row.label.start if row.label else a, b,
                                f"{RULE_MAKING_LEVELS[level]}无权制定规章，但“规章”行填有{figures}（应为0）")
