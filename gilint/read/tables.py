"""Physical rows → the tables of sections 二, 三 and 四, matched against a template.

A table that cannot be read faithfully gets ``problems`` (reported as GI001) and its
arithmetic is not checked: no finding is ever computed from a guess.
"""
from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

import regex

from gilint.memo import recall
from gilint.model import Cell, SubTable, Table, TableRow
from gilint.read.cells import PhysRow, TextMemo, blank_value_label_kinds, cell_x, split_plan
from gilint.read.formats.flattened import _RUN_DECIMAL, group_readings, plain_readings, split_flattened
from gilint.read.headings import _quick_ratio
from gilint.read.lines import ARTEFACT  # stripped from labels before matching
from gilint.templates import Template, norm
from gilint.lazyre import lazy

# Decorations of a column header that a local pack may add: （单位：万元，保留4位小数）
# (the pattern's source: compiled where it is used, rarely).
UNIT_NOTE = r"[（(]单位[:：]([^）)，,]*)[^）)]*[）)]$"


def _label_norm(text: str) -> str:
    return norm(ARTEFACT.sub("", text))


_label_norm_cached = lru_cache(maxsize=16384)(_label_norm)


def label_norm(text: str) -> str:
    return _label_norm_cached(text) if len(text) <= 256 else _label_norm(text)


class _Similarity:
    """difflib's ratio of two labels; memoised (the same labels meet again and again)."""

    def __init__(self, size: int = 8192):
        self.memo: dict[tuple[str, str], float] = {}
        self.bounds: dict[tuple[str, str], float] = {}
        self.size = size

    def __call__(self, a: str, b: str) -> float:
        key = (a, b)
        r = self.memo.get(key)
        if r is None:
            import difflib  # start-up: only for a label not matched exactly
            r = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            if len(self.memo) >= self.size:
                self.memo.clear()
            self.memo[key] = r
        return r

    def above(self, a: str, b: str, floor: float) -> float | None:
        """The ratio, or None if it cannot exceed ``floor`` (difflib's quick_ratio, an upper
        bound, says so) — the bound only when the ratio is not known yet."""
        key = (a, b)
        r = self.memo.get(key)
        if r is not None:
            return r
        if floor > 0:
            bound = self.bounds.get(key)
            if bound is None:
                bound = _quick_ratio(a, _char_counts(b), len(b))
                if len(self.bounds) >= self.size:
                    self.bounds.clear()
                self.bounds[key] = bound
            if bound <= floor:
                return None
        return self(a, b)

    def cache_clear(self) -> None:
        self.memo.clear()
        self.bounds.clear()


similarity = _Similarity()


@lru_cache(maxsize=1024)
def _char_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def split_row(row: PhysRow, keep_trailing: bool = False) -> tuple[list[Cell], list[Cell]]:
    """Label cells (text before the data) and value cells of one physical row.

    Values are the cells after the last label cell; trailing empty cells are dropped (or, with
    ``keep_trailing``, left for ``fit_values`` to drop beyond the template's columns: a blank
    总计 is a blank cell, not no cell), and leading empty ones too when they outnumber the
    columns (merged label columns)."""
    cells = row.cells
    labels, start, end, end_trimmed = row.plan or split_plan(blank_value_label_kinds(list(map(_TEXT, cells))))
    return (list(map(cells.__getitem__, labels)) if labels else [],
            cells[start:end if keep_trailing else end_trimmed])


_TEXT = attrgetter("text")


def fit_values(values: list[Cell], n: int) -> list[Cell] | None:
    """Exactly n data cells, or None when the row cannot be aligned to n columns (``values``
    itself where it has n: its callers' own list, from ``split_row``)."""
    if len(values) == n:   # (the usual row)
        return values
    vals = list(values)
    while len(vals) > n and not vals[0].text.strip():
        vals.pop(0)
    while len(vals) > n and not vals[-1].text.strip():
        vals.pop()
    if len(vals) > n and all(v.text.strip() for v in vals) and len(vals) == n + 1:
        # One extra leading value: a merged label column exported as a data cell
        # (seen in Markdown exports of （七）总计); the data are right-aligned.
        vals = vals[1:]
    return vals if len(vals) == n else None


def align_by_position(values: list[Cell], columns: list[float], n: int) -> list[Cell] | None:
    """Space-aligned text (pdftotext, columns padded with blanks) leaves no trace of a blank
    cell but the gap: fit the values to the n columns by where they stand on the page
    (``columns``: each column's position, from the header or from the table's full rows).
    None unless each value is clearly nearest one column, in order."""
    xs = [cell_x(v) for v in values]
    if len(columns) != n or None in xs or len(values) >= n:
        return None
    gap = min((b - a for a, b in zip(columns, columns[1:])), default=0)
    out: list[Cell | None] = [None] * n
    last = -1
    for v, x in zip(values, xs):
        col = min(range(n), key=lambda i: abs(columns[i] - x))
        if col <= last or abs(columns[col] - x) * 2 >= gap:
            return None
        out[col] = v
        last = col
    filled = []
    for i, v in enumerate(out):
        if v is None:   # a blank cell: zero-width, just after the value before it (or the label)
            at = filled[-1].end if filled else (values[0].start if values else 0)
            v = Cell("", at, at)
        filled.append(v)
    return filled


def _column_positions(rows: list[PhysRow], n: int) -> list[float]:
    """Each column's position on the page, from the rows with all n values (the median)."""
    full = []
    for prow in rows:
        if prow.layout != "columns":
            continue
        _, values = split_row(prow)
        xs = [cell_x(v) for v in values] if len(values) == n else [None]
        if None not in xs:
            full.append(xs)
    if not full:
        return []
    return [sorted(col)[len(col) // 2] for col in zip(*full)]


# ---------------------------------------------------------------------------- section 三
def read_section3(rows: list[PhysRow], tpl: Template, start: int, end: int, layout: str) -> Table:
    table = Table("section3", layout, start, end)
    ncols = len(tpl.s3_columns)
    groups, group_rows = _s3_groups(tpl)
    pending: list[Cell] = []
    seen_data = False
    used: set[str] = set()
    header_words = _s3_header_words(tpl)
    last = None  # the last data row, whose label may continue below its data (pdftotext)
    positions = None  # the columns' positions on the page (space-aligned text), when needed
    for prow in rows:
        labels, values = split_row(prow, keep_trailing=True)
        if labels and not values:   # 一、本年新收…12100000121: cells run together (crawled text)
            flat = split_flattened(labels[-1], ncols, short=True)
            if flat is not None and (flat[2] is None or _match_s3_label([flat[0]], tpl, groups, group_rows, set())[0]):
                labels[-1], values, problem = flat
                if problem:
                    table.problems.append(problem)
                    table.rows.append(TableRow(labels[-1], [], prow.start, prow.end))
                    seen_data, pending = True, []
                    continue
        if not values:
            if not seen_data and (len(labels) >= 2 or all(_is_header(c, header_words) for c in labels)):
                table.header += labels
                continue
            for c in labels:
                if last is not None and not pending and _extends(last, c, tpl):
                    continue
                pending.append(c)
            continue
        seen_data = True
        frags = pending + labels
        pending = []
        fitted = fit_values(values, ncols)
        if not frags:
            shown = " ".join(v.text.strip() for v in values[:8])
            table.problems.append(f"一行数字（{shown}）没有行标签")
            table.rows.append(TableRow(None, values, prow.start, prow.end))
            continue
        interleaved = False
        if layout == "columns" or prow.layout == "columns":
            kept = _drop_group_pieces(frags, groups)
            # a whole group label between the pieces of a wrapped label goes to the front
            inner = [c for c in kept if label_norm(c.text) in groups]
            if inner and any(label_norm(c.text) not in groups for c in kept[:kept.index(inner[-1])]):
                kept = inner + [c for c in kept if c not in inner]
            interleaved = len(kept) != len(frags) or bool(inner)
            frags = kept
        key, label, group = _match_s3_label(frags, tpl, groups, group_rows, used)
        if getattr(label, "fragments", 1) > 1:
            label.uncertain = interleaved  # type: ignore[attr-defined]
        if fitted is None and prow.layout == "columns":
            if positions is None:
                positions = _column_positions(rows, ncols)
            fitted = align_by_position(values, positions, ncols)
        if fitted is None:
            table.problems.append(f"“{label.text.strip()[:20]}”行有{len(values)}个数据单元格，应为{ncols}个")
            table.rows.append(TableRow(label, values, prow.start, prow.end, key, group))
            if key:
                used.add(key)
            continue
        if key in used and key is not None:
            table.problems.append(f"“{label.text.strip()[:20]}”行出现了两次")
        if key:
            used.add(key)
        row = TableRow(label, fitted, min(label.start, prow.start), prow.end, key, group)
        table.rows.append(row)
        last = row
    if not table.rows:
        table.problems.append("表中没有读到数据行")
    return table


def _s3_groups(tpl: Template) -> tuple[set[str], dict[str, str]]:
    """(the template's section 三 group labels, normalised; the groups that may be printed as
    one data row → their key), once per template."""
    cached = tpl.__dict__.get("_s3_groups")
    if cached is None:
        groups = {norm(r.group) for r in tpl.s3_rows if r.group}
        # （六）其他处理 printed as one data row is accepted under the 2021 template too.
        group_rows = {norm("（六）其他处理"): "other"} if any(r.key.startswith("other.") for r in tpl.s3_rows) else {}
        cached = tpl.__dict__["_s3_groups"] = (groups, group_rows)
    return cached


def _s3_header_words(tpl: Template) -> set[str]:
    """The template's section 三 header words, normalised, once per template."""
    cached = tpl.__dict__.get("_s3_header_words")
    if cached is None:
        cached = tpl.__dict__["_s3_header_words"] = {
            norm(w) for w in (*tpl.s3_columns, *tpl.s3_header_words, tpl.s3_identity_note)}
    return cached


def _s3_labels(tpl: Template) -> tuple[tuple[str, str], ...]:
    """(key, normalised label) of each section 三 row of the template, in order, once."""
    cached = tpl.__dict__.get("_s3_labels")
    if cached is None:
        cached = tpl.__dict__["_s3_labels"] = tuple((r.key, norm(r.label)) for r in tpl.s3_rows)
    return cached


def _s3_label_of(tpl: Template) -> dict[str, str]:
    """Row key → the normalised label of the template's first section 三 row with that key."""
    cached = tpl.__dict__.get("_s3_label_of")
    if cached is None:
        cached = {}
        for key, label in _s3_labels(tpl):
            cached.setdefault(key, label)
        tpl.__dict__["_s3_label_of"] = cached
    return cached


def _drop_group_pieces(frags: list[Cell], groups: set[str]) -> list[Cell]:
    """pdftotext interleaves the pieces of a vertically merged group cell (（六）其 / 他处理,
    本 / 年 / 度) with the lines of a wrapped row label; drop such pieces from a label."""
    if len(frags) < 2:
        return frags
    pieces_of = groups | {"三、本年度办理结果"}
    keep = [c for c in frags[:-1] if not any(label_norm(c.text) in g for g in pieces_of)
            or label_norm(c.text) in groups]
    return keep + [frags[-1]]


def _extends(row: TableRow, cell: Cell, tpl: Template) -> bool:
    """Append cell to the row's label if that brings the label closer to its template label."""
    if row.key is None or row.label is None:
        return False
    want = _s3_label_of(tpl).get(row.key)
    if want is None:
        want = norm("（六）其他处理")
    now = label_norm(row.label.text)
    if now == want:
        return False
    longer = now + label_norm(cell.text)
    if not want.startswith(longer[: len(want)]) and similarity(longer, want) <= similarity(now, want):
        return False
    was = getattr(row.label, "uncertain", False)
    row.label = _join([row.label, cell])
    row.label.uncertain = was  # type: ignore[attr-defined]
    return True


def _is_header(cell: Cell, words: set[str]) -> bool:
    n = label_norm(cell.text)
    return n in words or any(w and (w in n or n in w) for w in words if len(n) >= 2)


def _match_s3_label(frags, tpl, groups, group_rows, used):
    """Choose the row label among the fragments before a row's data: the last k fragments
    joined (a label wrapped over lines), preceded by group headers. Returns (key, label, group)."""
    texts = tuple(map(_TEXT, frags[-4:]))
    # An exact match first (a used key there is a repeated row: the caller reports it), else
    # the closest label not used yet; memoised for labels of usual length.
    if sum(map(len, texts)) > _MEMO_CHARS:
        found = _find_exact_s3(texts, tpl._row_by_norm, *_s3_groups(tpl)) or _closest_s3(texts, used, tpl)
    else:
        found = _exact_s3_label(texts, tpl) or \
            recall(_S3_CLOSEST, tpl, (texts, frozenset(used)), lambda key: _closest_s3(*key, tpl), 4096)
    k, key, group_row = found
    label = frags[-1] if k == 1 else _join(frags[-k:])   # (the usual row: its one label cell)
    if key is None:   # (the label: the fragments that came closest, though not close enough)
        return None, label, _group(frags[:-1], groups)
    return key, label, None if group_row or len(frags) == k else _group(frags[:-k], groups)


def _closest_s3(texts: tuple[str, ...], used: frozenset, tpl: Template) -> tuple:
    """For fragments with no exact match (``_exact_s3_label``): (k, the key of the closest row
    label not ``used``, whether it is a group printed as one row); the key None when none is
    close enough (k: the fragments that came closest, 1 if none came near)."""
    groups, group_rows = _s3_groups(tpl)
    best = (0.0, None, 1)
    for k in range(1, len(texts) + 1):
        joined = _joined(texts, k, groups)
        if joined in group_rows:
            return k, group_rows[joined], True
        for key, ln in _s3_labels(tpl):
            if key in used:
                continue
            if 2.0 * min(len(joined), len(ln)) / (len(joined) + len(ln) or 1) <= max(best[0], 0.6):
                continue  # the ratio cannot beat the best so far
            score = 1.0 if joined == ln else similarity.above(joined, ln, best[0])
            if score is None:
                continue  # nor can it by its characters
            if score == 1.0:
                return k, key, False
            if score > best[0]:
                best = (score, key, k)
    score, key, k = best
    return k, key if score >= 0.6 else None, False


_S3_CLOSEST: dict = {}   # id(template) → (template, {(label fragments, keys used): ``_closest_s3``})
_MEMO_CHARS = 512   # label fragments longer than this together are not memoised


def _exact_s3_label(texts: tuple[str, ...], tpl: Template) -> tuple:
    """The exact match among the last k of a row's label fragments (``texts``: the last four at
    most), fewest first: (k, row key, whether it is a group printed as one row), or ();
    memoised per template (labels recur)."""
    entry = _S3_EXACT.get(id(tpl))   # (``memo.owned_memo`` inlined: once per table row)
    if entry is None or entry[0] is not tpl:
        entry = _S3_EXACT[id(tpl)] = (tpl, {})
    memo = entry[1]
    found = memo.get(texts)
    if found is None:
        if len(memo) >= 8192:
            memo.clear()
        found = memo[texts] = _find_exact_s3(texts, tpl._row_by_norm, *_s3_groups(tpl))
    return found


_S3_EXACT: dict = {}   # id(template) → (template, {label fragments: ``_find_exact_s3``})


def _find_exact_s3(texts: tuple[str, ...], by_norm: dict, groups, group_rows) -> tuple:
    """``_exact_s3_label``, computed (``by_norm``: the template's rows by normalised label)."""
    for k in range(1, len(texts) + 1):  # exact matches first: cheap and certain
        joined = _joined(texts, k, groups)
        if joined in group_rows:
            return k, group_rows[joined], True
        r = by_norm.get(joined)
        if r is not None:
            return k, r.key, False
    return ()


def _joined(texts: tuple[str, ...], k: int, groups: set[str]) -> str:
    """The last k label fragments joined and normalised, a group header written in the same
    cell left out (三、本年度办理结果（一）予以公开)."""
    joined = "".join(map(label_norm, texts[-k:]))
    for g in groups:
        if joined.startswith(g) and len(joined) > len(g):
            joined = joined[len(g):]
    return joined


def _join(cells: list[Cell]) -> Cell:
    if len(cells) == 1:
        return cells[0]
    c = Cell("".join(x.text for x in cells), cells[0].start, cells[-1].end)
    c.fragments = len(cells)  # type: ignore[attr-defined]
    c.uncertain = any("\n" in x.text or getattr(x, "uncertain", False) for x in cells) or True  # type: ignore[attr-defined]
    return c


def _group(frags: list[Cell], groups: set[str]) -> Cell | None:
    for c in reversed(frags):
        if label_norm(c.text) in groups:
            return c
    return None


# ---------------------------------------------------------------------------- section 二
ITEM = lazy(regex, r"第二十条第[（(]?[一二三四五六七八九十]+[)）]?项")


def _names_item(label: str) -> bool:
    """A section 二 label cell naming a 第二十条 item (a sub-table's caption)."""
    return ITEM.search(label_norm(label)) is not None


_ITEMS = TextMemo(_names_item)   # (asked of every row's first label: labels recur)


def read_section2(rows: list[PhysRow], tpl: Template, start: int, end: int, layout: str) -> Table:
    table = Table("section2", layout, start, end)
    known, header_first = _s2_known(tpl)
    current: SubTable | None = None
    for prow in rows:
        labels, values = split_row(prow, keep_trailing=True)
        first = labels[0] if labels else None
        if first is not None and _ITEMS.of(first.text):
            current = SubTable(first, [], [], prow.start, prow.end)
            table.subtables.append(current)
            labels = labels[1:]
            if not labels and not values:
                continue
        if labels and label_norm(labels[0].text).startswith(header_first) and not values:
            if current is None or current.header or current.rows:
                current = SubTable(Cell("", prow.start, prow.start), [], [], prow.start, prow.end)
                table.subtables.append(current)
            current.header = labels
            current.end = prow.end
            continue
        if not labels:
            if values:
                table.problems.append("第二十条表中有一行数字没有行标签")
            continue
        label = labels[-1]
        flat = _split_s2(label, known) if not values else None
        if flat is not None:
            label, values, problem = flat
            if problem:
                table.problems.append(problem)
                continue
        n = label_norm(label.text)
        st, key = _s2_row(n, known)
        if not values and n in known:   # a row of the template with its cells all blank
            values = [Cell("", label.end, label.end) for _ in st.columns]
        if not values:
            continue  # a label without data (e.g. a caption); nothing to check
        row = TableRow(label, values, prow.start, prow.end, key)
        if st is not None:
            fitted = fit_values(values, len(st.columns))
            if fitted is None and prow.layout == "columns" and current is not None:
                xs = [x for x in map(cell_x, current.header[1:]) if x is not None]
                fitted = align_by_position(values, xs, len(st.columns))
            if fitted is None:
                table.problems.append(f"“{label.text.strip()[:20]}”行有{len(values)}个数据单元格，应为{len(st.columns)}个")
            else:
                row.values = fitted
        table.rows.append(row)
        if current is not None:
            current.rows.append(row)
            current.end = prow.end
    return table


def _s2_known(tpl: Template) -> tuple[dict, str]:
    """({normalised row label: its sub-table}, the normalised first header word) of the
    template's section 二, once per template."""
    cached = tpl.__dict__.get("_s2_known")
    if cached is None:
        cached = tpl.__dict__["_s2_known"] = ({norm(r): st for st in tpl.s2_subtables for r in st.rows},
                                              norm(tpl.s2_header_first))
    return cached


def _s2_row(n: str, known: dict):
    """The sub-table and row key of a normalised section 二 row label (exact, else the one
    clearly closest), or (None, None)."""
    st = known.get(n)
    if st is not None:
        return st, n
    scored = sorted(((similarity(n, k), k) for k in known), reverse=True)
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return known[scored[0][1]], scored[0][1]
    return None, None


def _split_s2(label: Cell, known: dict):
    """A section 二 label with its figures run together (规章000): split where the digits leave
    one reading (no identity holds between these columns), else a problem (GI001)."""
    m = _RUN_DECIMAL.match(label.text)
    if not m:
        return None
    st, _ = _s2_row(label_norm(m.group(1)), known)
    if st is None:
        return None
    n = len(st.columns)
    money = bool(st.kinds) and st.kinds[-1] == "money"
    return split_flattened(label, n, lambda d: plain_readings(d, n, money), "每个单元格为不以0开头的数字",
                           short=True)


def subtable_of(tpl: Template, key: str | None):
    """The section 二 sub-table of the template that has the row ``key`` (a normalised label)."""
    by_row = tpl.__dict__.get("_s2_by_row")
    if by_row is None:  # once per template: the first sub-table with each row wins
        by_row = {}
        for st in tpl.s2_subtables:
            for r in st.rows:
                by_row.setdefault(norm(r), st)
        tpl.__dict__["_s2_by_row"] = by_row
    return by_row.get(key)


# ---------------------------------------------------------------------------- section 四
def read_section4(rows: list[PhysRow], tpl: Template, start: int, end: int, layout: str) -> Table:
    table = Table("section4", layout, start, end)
    values: list[Cell] = []
    n = len(tpl.s4_groups) * len(tpl.s4_columns)
    for prow in rows:
        labels, vals = split_row(prow)
        if labels and not vals and not values:   # …总计100010100100000: cells run together
            groups, width = len(tpl.s4_groups), len(tpl.s4_columns)
            flat = split_flattened(labels[-1], n, lambda d: group_readings(d, groups, width),
                                   "每组总计等于其他各列之和")
            if flat is not None:
                labels[-1], vals, problem = flat
                if problem:
                    table.problems.append(problem)
                    table.rows.append(TableRow(None, [], start, end))
                    return table
        if labels and vals and any(not _s4_words_only(label_norm(c.text)) for c in labels):
            table.problems.append("复议诉讼表中出现了带标签的数据行")
        if not vals:
            table.header += labels
        values += vals
    if len(values) < n and layout == "columns":   # a blank cell in space-aligned text
        cols = {norm(c) for c in tpl.s4_columns}   # the column labels, over one or two header rows
        xs = sorted(x for r in rows for c in r.cells if label_norm(c.text) in cols
                    for x in (cell_x(c),) if x is not None)
        if len(xs) == n:
            values = align_by_position(values, xs, n) or values
    if len(values) != n:
        table.problems.append(f"读到{len(values)}个数据单元格，应为{n}个")
        table.rows.append(TableRow(None, values, start, end))
        return table
    w = len(tpl.s4_columns)
    for i, g in enumerate(tpl.s4_groups):
        vals = values[i * w:(i + 1) * w]
        table.rows.append(TableRow(Cell(g, vals[0].start, vals[0].start), vals, vals[0].start, vals[-1].end, g))
    return table


def _s4_words_only(n: str) -> bool:
    """Header words of section 四 only (written in one cell, or run together)."""
    for w in _S4_WORDS_LONGEST:
        n = n.replace(w, "")
    return not n


_S4_WORDS = {norm(w) for w in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
                                "其他结果", "尚未审结", "总计")}
_S4_WORDS_LONGEST = sorted(_S4_WORDS, key=len, reverse=True)
