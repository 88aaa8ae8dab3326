"""GI302–GI305, GI307: the identities of the tables, and figures quoted in the text.

Arithmetic only runs on readable tables (GI001 otherwise) and on cells that are plain
numbers (GI301 reports the rest), so no sum is ever checked against a guess.
"""
from __future__ import annotations

from bisect import bisect_left

import regex

from gilint.checks.base import Rule, register
from gilint.checks.tables import parse_number
from gilint.findings import Edit, Fix
from gilint.memo import lookup_all, truthy_indices


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _nums(cells):
    vals = [parse_number(c.text) for c in cells]
    return None if any(v is None for v in vals) else vals


def _s3(ctx):
    for t in ctx.report.tables("section3"):
        if t.readable:
            yield t


def _set_total(cell, value) -> Fix:
    return Fix((Edit(cell.start, cell.end, _fmt(value)),), safe=False, description=f"改为{_fmt(value)}")


@register
class RowTotal(Rule):
    """Section 三: 总计 differs from the sum of the six applicant columns in a row.

    ## What it does
    In each row of the application table, checks 总计 = 自然人 + 商业企业 + 科研机构 +
    社会公益组织 + 法律服务机构 + 其他, and shows the terms and both sums.

    ## Why
    The total column is what is aggregated upwards; a wrong total corrupts every summary.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table (structure of the 申请人情况 columns).

    ## Example
    `一、本年新收政府信息公开申请数量  3  1  0  0  0  0  5`

    ## Use instead
    `…  3  1  0  0  0  0  4`

    ## Fix
    Sets the total to the sum of its terms (unsafe: the terms may be what is wrong).
    """
    code, name, severity, fix = "GI302", "row-total", "error", "unsafe"

    def check(self):
        for t in _s3(self.ctx):
            for row in t.rows:
                if not row.key or len(row.values) != 7:
                    continue
                vals = _nums(row.values)
                if vals is None:
                    continue
                terms, total = vals[:6], vals[6]
                if abs(sum(terms) - total) > 1e-9:
                    label = regex.sub(r"\s+", "", row.label.text) if row.label else row.key
                    self.report(row.values[6].start, row.values[6].end,
                                f"“{label}”行总计应为{'+'.join(_fmt(v) for v in terms)}={_fmt(sum(terms))}，实为{_fmt(total)}",
                                _set_total(row.values[6], sum(terms)))


@register
class OutcomeTotal(Rule):
    """Section 三: （七）总计 differs from the sum of the outcome rows, per column.

    ## What it does
    Per column, checks （七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + （六）
    (2021: Σ（六）1–3), showing the terms and both sums.

    ## Why
    Every application handled has exactly one outcome; the total counts them.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table.

    ## Example
    （一）2 + （三）1. 1 = 3, but （七）总计 4.

    ## Use instead
    （七）总计 3.

    ## Fix
    Sets the total to the sum (unsafe).
    """
    code, name, severity, fix = "GI303", "outcome-total", "error", "unsafe"

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        spec = tpl.s3_outcome_total
        keys = tpl.s3_keys(spec["terms"]) + ["other"]
        for t in _s3(self.ctx):
            total = t.row(spec["total"])
            terms = [r for r in t.rows if r.key in keys]
            if total is None or not terms:
                continue
            for col, name in enumerate(tpl.s3_columns):
                cells = [r.values[col] for r in terms if len(r.values) > col]
                vals = _nums(cells)
                tv = _nums([total.values[col]]) if len(total.values) > col else None
                if vals is None or tv is None:
                    continue
                if abs(sum(vals) - tv[0]) > 1e-9:
                    nz = [v for v in vals if v]
                    shown = "+".join(_fmt(v) for v in nz) or "0"
                    self.report(total.values[col].start, total.values[col].end,
                                f"“{name}”列（七）总计应为各办理结果之和{shown}={_fmt(sum(vals))}，实为{_fmt(tv[0])}",
                                _set_total(total.values[col], sum(vals)))


@register
class Balance(Rule):
    """Section 三: 一 + 二 differs from （七）总计 + 四 in a column.

    ## What it does
    Per column, checks the identity printed in the table itself: 本年新收 + 上年结转 =
    （七）总计 + 结转下年度继续办理.

    ## Why
    Every application received or carried over is either handled this year or carried on.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table:（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）.

    ## Example
    新收 21 + 结转 0 = 21, but 总计 20 + 结转下年度 0 = 20.

    ## Use instead
    Figures that balance.
    """
    code, name, severity = "GI304", "balance", "error"

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        left, right = tpl.s3_balance["left"], tpl.s3_balance["right"]
        for t in _s3(self.ctx):
            lrows = [t.row(k) for k in left]
            rrows = [t.row(k) for k in right]
            if any(r is None for r in lrows + rrows):
                continue
            for col, name in enumerate(tpl.s3_columns):
                lv = _nums([r.values[col] for r in lrows])
                rv = _nums([r.values[col] for r in rrows])
                if lv is None or rv is None:
                    continue
                if abs(sum(lv) - sum(rv)) > 1e-9:
                    cell = rrows[0].values[col]
                    self.report(cell.start, cell.end,
                                f"“{name}”列不平衡：一+二={_fmt(lv[0])}+{_fmt(lv[1])}={_fmt(sum(lv))}，"
                                f"（七）总计+四={_fmt(rv[0])}+{_fmt(rv[1])}={_fmt(sum(rv))}")


@register
class ReviewTotal(Rule):
    """Section 四: a group's 总计 differs from 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    ## What it does
    For 行政复议, 未经复议直接起诉 and 复议后起诉, checks that 总计 is the sum of the four
    outcome columns.

    ## Why
    Each case has one state; the totals are what is compared across bodies.

    ## Basis
    国办公开办函〔2021〕30号, section 四 table.

    ## Example
    行政复议 结果维持 10, 结果纠正 1, 其他结果 0, 尚未审结 0, 总计 0.

    ## Use instead
    总计 11.

    ## Fix
    Sets the total to the sum (unsafe).
    """
    code, name, severity, fix = "GI305", "review-total", "error", "unsafe"

    def check(self):
        for t in self.ctx.report.tables("section4"):
            if not t.readable:
                continue
            for row in t.rows:
                vals = _nums(row.values)
                if vals is None or len(vals) != 5:
                    continue
                if abs(sum(vals[:4]) - vals[4]) > 1e-9:
                    self.report(row.values[4].start, row.values[4].end,
                                f"{row.key}总计应为{'+'.join(_fmt(v) for v in vals[:4])}={_fmt(sum(vals[:4]))}，实为{_fmt(vals[4])}",
                                _set_total(row.values[4], sum(vals[:4])))


RECEIVED = regex.compile(r"(?:全年|本年|今年|年度内|共|累计)[^。；\n]{0,8}?(?:收到|新收)[^。；\n]{0,6}?"
                         r"(?:政府)?信息公开申请\s*(?:共\s*)?(\d+)\s*件")


@register
class NarrativeMismatch(Rule):
    """A figure stated in the text contradicts the table.

    ## What it does
    Compares the number of applications received stated in 一、总体情况 or the preamble
    (全年收到政府信息公开申请X件) with 本年新收 in the section 三 table (总计 column).

    ## Why
    Readers quote the text; a figure that disagrees with the table is a sign that one of them
    was copied from last year.

    ## Basis
    《政府信息公开条例》第五十条; the template's section 三 table.

    ## Example
    `全年共收到政府信息公开申请26件` with 本年新收 总计 25.

    ## Use instead
    The same figure in both places.
    """
    code, name, severity = "GI307", "narrative-mismatch", "warning"

    def check(self):
        r = self.ctx.report
        t = next(_s3(self.ctx), None)
        new = t.row("new") if t else None
        if new is None or len(new.values) != 7:
            return
        total = parse_number(new.values[6].text)
        if total is None:
            return
        # The preamble's lines and section 一's paragraphs, the latter taken as the lines of its
        # body (a blank or page-number line states nothing): slices of the document's lines.
        starts, texts = [sp.start for sp in r.preamble], [sp.text for sp in r.preamble]
        s1 = r.section(1)
        if s1:
            i, j = bisect_left(r.lines[0], s1.body_start), bisect_left(r.lines[0], s1.end)
            starts, texts = starts + r.lines[0][i:j], texts + r.lines[1][i:j]
        # ((start, end, number) of each statement in a line), memoised per line
        stated = lookup_all(self.ctx.memo(self.code), texts, _statements)
        for i in truthy_indices(stated):
            for a, b, n in stated[i]:
                if n != total:
                    self.report(starts[i] + a, starts[i] + b,
                                f"正文称收到申请{n}件，与申请情况表本年新收总计{_fmt(total)}件不一致")


def _statements(line: str) -> tuple:
    return tuple((m.start(1), m.end(1), int(m.group(1))) for m in RECEIVED.finditer(line))
