"""One finding per cause: findings that follow from another are folded under it, never lost.

A reviewer reads one line per thing to correct. Two generic kinds of cascade are folded, after
linting (suppressions and waivers applied), in the front-ends — the CLI's formats and the
language server — and never inside a rule:

1. **One place, several findings.** Findings on exactly the same range (one wrong total cell
   breaks its row's sum, its column's sum and the balance of the column): the most severe (then
   the lowest code) is the root.
2. **One cause, many rows.** Consecutive findings of one rule whose messages differ only in the
   quoted label they start with (a run of blank cells: the same “…”列为空 in 24 rows): the
   first is the root.

And the arithmetic of a table: when changing one cell alone restores every broken identity of
section 三's table (row sums, column sums, the balance), the findings of those identities are
folded under the one at that cell, or the first, which then names the cell and the value that
restores them, with an unsafe fix (``one_cell``).

The root keeps its place; the others go to ``root.extra["related"]`` (Findings, in order): the
JSON output lists them under ``related``, SARIF as ``relatedLocations``, the language server as
``relatedInformation``. Suppressed findings are never folded.
"""
from __future__ import annotations

import re
from operator import le, mul

from gilint.checks.cells import INT_ONLY, exact_sum, is_integral, outcome_terms, row_numbers, show_number
from gilint.findings import IN_ORDER, SEVERITY_RANK, Edit, Finding, Fix
from gilint.lazyre import lazy
from gilint.record import replace

ARITHMETIC = ("GI302", "GI303", "GI304")
_LEADING_LABEL = lazy(re, r"^“.*?”(?!”)")   # a label may quote: “3.危及“三安全一稳定””


def related(f: Finding) -> list[Finding]:
    return list(f.extra.get("related", ())) if f.extra else []


def _fold(root: Finding, others: list[Finding], **changes) -> Finding:
    extra = dict(root.extra or {})
    extra["related"] = related(root) + [g for o in others for g in (o, *related(o))]
    return replace(root, extra=extra, **changes)


def _rank(f: Finding):
    return (-SEVERITY_RANK.get(f.severity, 0), f.code, f.start)


def group(findings: list[Finding], report=None) -> list[Finding]:
    """``findings`` (sorted, as ``lint`` returns them) with cascades folded (see above).
    ``report``: the model they were found in (``Analyzer.report``), for the one-cell fix.
    Linear, and where nothing folds (most keystrokes in the server) one pass over the findings."""
    open_ = [f for f in findings if f.suppressed is None]
    if len(open_) < 2:
        return findings
    out = _one_cell(open_, report) if report is not None else open_
    out = _same_range(out)
    out = _same_cause(out)
    if len(open_) == len(findings):
        return out   # sorted already
    closed = [f for f in findings if f.suppressed is not None]
    return sorted(out + closed, key=Finding.sort_key)


def _same_range(findings: list[Finding]) -> list[Finding]:
    """Sorted, the findings on one range folded: side by side once sorted by range (a stable
    sort: among findings of equal rank the first given is the root)."""
    if not _is_sorted(findings):
        findings = sorted(findings, key=lambda f: (f.start, f.end))
    out: list[Finding] = []
    i, n = 0, len(findings)
    while i < n:
        f, j = findings[i], i + 1
        while j < n and findings[j].start == f.start and findings[j].end == f.end:
            j += 1
        if j == i + 1:
            out.append(f)
        else:
            fs = sorted(findings[i:j], key=_rank)
            out.append(_fold(fs[0], fs[1:]))
        i = j
    return out   # one finding per range, in order of range: sorted


def _is_sorted(findings: list[Finding]) -> bool:
    keys = list(map(IN_ORDER, findings))   # (in C)
    return all(map(le, keys, keys[1:]))


def _cause(f: Finding) -> str | None:
    if f.fix is not None and f.fix.safe:   # each row its own safe fix: --fix applies them all
        return None
    if not f.message.startswith("“"):
        return None
    m = _LEADING_LABEL.match(f.message)
    return f.message[m.end():] if m and m.end() < len(f.message) else None


def _same_cause(findings: list[Finding]) -> list[Finding]:
    causes = [_cause(f) for f in findings]
    if not any(causes):
        return findings   # nothing can fold
    out: list[Finding] = []
    run: list[Finding] = []
    run_key = None
    for f, cause in zip(findings, causes):
        key = (f.code, cause) if cause is not None else None
        if run and key is not None and key == run_key:
            run.append(f)
            continue
        if run:
            out.append(_fold(run[0], run[1:]) if len(run) > 1 else run[0])
        run, run_key = [f], key
    if run:
        out.append(_fold(run[0], run[1:]) if len(run) > 1 else run[0])
    return out


# -- the one cell that restores a table ------------------------------------------------------
def _one_cell(findings: list[Finding], report) -> list[Finding]:
    mine = [f for f in findings if f.code in ARITHMETIC]
    if len(mine) < 2:
        return findings
    found = one_cell(report)
    if found is None:
        return findings
    cell, value, where = found
    at_cell = [f for f in mine if (f.start, f.end) == (cell.start, cell.end)]
    root = sorted(at_cell, key=_rank)[0] if at_cell else mine[0]
    shown = _show(value)
    message = f"{root.message}；只需将{where}改为{shown}，表中全部勾稽关系即成立"
    fix = Fix((Edit(cell.start, cell.end, shown),), safe=False,
              description=f"将{where}改为{shown}（使全部勾稽关系成立）")
    new_root = _fold(root, [f for f in mine if f is not root], message=message, fix=fix)
    return sorted([f for f in findings if f not in mine] + [new_root], key=Finding.sort_key)


def _show(v) -> str:
    return show_number(v)


def _table(report):
    """Section 三's readable table as ``{id(cell): (cell, value)}``, the table and its template;
    None if there is not exactly one such table or a cell of it is not a number."""
    tpl = getattr(report, "table_template", None)
    tables = [t for t in report.tables("section3") if t.readable] if tpl is not None else []
    if len(tables) != 1:            # (GI302–GI304 then all speak of this one table)
        return None
    t = tables[0]
    values = {}
    width = len(tpl.s3_columns)
    for row in t.rows:
        if row.key and len(row.values) == width:
            numbers = row_numbers(row)
            if None in numbers:
                return None
            values.update(zip(map(id, row.values), zip(row.values, numbers)))   # (in C)
    return values, t, tpl


def _identities(t, tpl):
    """The identities of table ``t`` as ``{id(cell): coefficient}`` (the sum of coefficient ×
    value must be 0), one by one: the rows', then the columns', then the balance."""
    width = len(tpl.s3_columns)
    for row in t.rows:                                   # GI302: the six columns sum to 总计
        if row.key and len(row.values) == width:
            eq = {id(c): 1 for c in row.values[:-1]}
            eq[id(row.values[-1])] = eq.get(id(row.values[-1]), 0) - 1
            yield eq
    keys = outcome_terms(tpl)                            # GI303: the outcome rows sum to （七）
    total = t.row(tpl.s3_outcome_total["total"])
    terms = [r for r in t.rows if r.key in keys and len(r.values) == width]
    if total is not None and len(total.values) == width and terms:
        for col in range(width):
            eq = {id(r.values[col]): 1 for r in terms}
            eq[id(total.values[col])] = eq.get(id(total.values[col]), 0) - 1
            yield eq
    left = [t.row(k) for k in tpl.s3_balance["left"]]    # GI304: 一 + 二 = （七） + 四
    right = [t.row(k) for k in tpl.s3_balance["right"]]
    if all(r is not None and len(r.values) == width for r in left + right):
        for col in range(width):
            eq: dict = {}
            for r, sign in [(r, 1) for r in left] + [(r, -1) for r in right]:
                eq[id(r.values[col])] = eq.get(id(r.values[col]), 0) + sign
            yield eq


def _residual_of(values: dict):
    """``residual(eq)``: Σ coefficient × value of an identity (0: it holds); in C where every
    value is an int (the usual table: ints add exactly as they are), else exactly
    (``exact_sum``)."""
    number = {k: v for k, (_cell, v) in values.items()}
    if INT_ONLY.issuperset(map(type, number.values())):
        get = number.__getitem__
        return lambda eq: sum(map(mul, eq.values(), map(get, eq)))
    return lambda eq: exact_sum(a * number[k] for k, a in eq.items() if a)


def one_cell(report):
    """(cell, value, "“row”行“column”列") if changing that one cell of section 三's table to
    that value makes every identity hold (and no other single cell would), else None.
    Such a cell is in every broken identity: none is, as soon as two broken ones share no
    cell (two rows' totals wrong), and the identities after them are not even made."""
    got = _table(report)
    if got is None:
        return None
    values, t, tpl = got
    residual_of = _residual_of(values)
    ids, residual = [], []
    candidates = None      # the cells of every broken identity so far
    for eq in _identities(t, tpl):
        r = residual_of(eq)
        ids.append(eq)
        residual.append(r)
        if r != 0:
            cells = {k for k, a in eq.items() if a}
            candidates = cells if candidates is None else candidates & cells
            if not candidates:
                return None
    if candidates is None:   # none is broken
        return None
    answers = []
    for k in candidates:
        deltas = set()
        for i, eq in enumerate(ids):
            a = eq.get(k, 0)
            if a in (1, -1):
                deltas.add(-residual[i] * a)
            elif a or residual[i]:
                deltas.add(None)
        if len(deltas) == 1 and None not in deltas and 0 not in deltas:
            cell, v = values[k]
            new = v + deltas.pop()
            if new >= 0 and is_integral(new):
                answers.append((cell, int(new)))
    if len(answers) != 1:
        return None
    cell, new = answers[0]
    row = next(r for r in t.rows if any(c is cell for c in r.values))
    col = next(i for i, c in enumerate(row.values) if c is cell)
    label = re.sub(r"\s+", "", row.label.text) if row.label is not None else row.key
    return cell, new, f"“{label}”行“{tpl.s3_columns[col]}”列"
