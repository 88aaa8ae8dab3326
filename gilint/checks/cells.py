"""The data cells of a table and the numbers and units in them: shared by the table rules
(GI301, GI306, GI503), the arithmetic family (GI302–GI307) and the range kind."""
from __future__ import annotations

from itertools import repeat
from operator import attrgetter

import regex

from gilint.read.tables import subtable_of
from gilint.lazyre import lazy

NUMBER = lazy(regex, r"^[+\-－]?\d+(?:[.．]\d+)?$")


def data_rows(table, tpl):
    """Yield (row, kinds, column names) for every readable row: its data cells' kinds and
    columns, in order (the cells beyond them are none of the table's data)."""
    if table.kind == "section3":
        kinds = ("count",) * len(tpl.s3_columns)
        for row in table.rows:
            if row.key and len(row.values) == len(tpl.s3_columns):
                yield row, kinds, tpl.s3_columns
    elif table.kind == "section2":
        for row in table.rows:
            st = subtable_of(tpl, row.key)
            if st and len(row.values) == len(st.columns):
                yield row, st.kinds, st.columns
    elif table.kind == "section4" and table.readable:
        kinds = ("count",) * len(tpl.s4_columns)
        for row in table.rows:
            yield row, kinds, tpl.s4_columns


def outcome_terms(tpl) -> frozenset:
    """The keys of the section 三 rows that add up to （七）总计 (``s3_outcome_total``'s terms and
    （六）其他处理 printed as one row), once per template (GI303, grouping's one-cell fix): asked
    of every row of the table."""
    terms = tpl.__dict__.get("_outcome_terms")
    if terms is None:
        terms = tpl.__dict__["_outcome_terms"] = frozenset(
            tpl.s3_keys(tpl.s3_outcome_total["terms"]) + ["other"])
    return terms


def cell_kinds(table, tpl):
    """Yield (row, cell, kind, column name) for every data cell of a readable row."""
    for row, kinds, cols in data_rows(table, tpl):
        for cell, kind, col in zip(row.values, kinds, cols):
            yield row, cell, kind, col


def unusual_cells(ctx, table, tpl) -> list:
    """``cell_kinds``'s (row, cell, kind, column name) of the cells whose text is not a plain
    count (ASCII digits alone), listed once per lint for GI301 and GI306: a plain count is
    right for both (a number ≥ 0, whole, without a unit), and most cells are one."""
    key = ("unusual cells", id(table), id(tpl))   # (the table lives as long as the lint)
    got = ctx.scratch.get(key)
    if got is None:
        got = ctx.scratch[key] = []
        for row, kinds, cols in data_rows(table, tpl):
            texts = [c.text for c in row.values[:len(cols)]]
            joined = "".join(texts)
            if all(texts) and joined.isdigit() and joined.isascii():
                continue   # a row of plain counts (the usual row): in C, not cell by cell
            got += [(row, cell, kind, col) for cell, kind, col in zip(row.values, kinds, cols)
                    if not (cell.text.isdigit() and cell.text.isascii())]
    return got


UNIT = lazy(regex, r"(万元|元|件|条|个|项|次|%|％)\s*$")

_BLANKS = lazy(regex, r"\s+")


def without_blanks(text: str) -> str:
    """``text`` with its whitespace taken out (a label read over lines, as a message shows it)."""
    return _BLANKS.sub("", text)

_BLANKS_AND_SEPARATORS = lazy(regex, r"[\s\u3000\u00a0,，]")


def _parse_number(text: str):
    t = _BLANKS_AND_SEPARATORS.sub("", text).replace("．", ".").replace("－", "-")
    return exact_number(t) if NUMBER.match(t) else None


def exact_number(t: str):
    """The exact value of a plain decimal number: an int, or a Decimal where it has a fraction
    or too many digits for int() (Python refuses more than 4,300). Never a float: a cell of 310
    digits is inf as a float, and inf broke every rule that compares it (issue 13)."""
    if "." in t or len(t) > 4000:
        from decimal import Decimal  # start-up: only for a number with a fraction (rare)
        return Decimal(t)
    return int(t)


def is_integral(v) -> bool:
    return isinstance(v, int) or v == v.to_integral_value()


def exactly():
    """A decimal context in which sums of cell values are exact (however many digits)."""
    import decimal  # start-up: only for a number with a fraction (rare)
    return decimal.localcontext(decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX,
                                                Emin=decimal.MIN_EMIN, traps=[]))


INT_ONLY = frozenset({int})   # INT_ONLY.issuperset(map(type, values)): all ints (in C)


def exact_sum(values):
    """The exact sum of numbers from ``parse_number``: ints add exactly as they are (the usual
    case: no decimal context needed); Decimals in a context that never rounds."""
    if not isinstance(values, (list, tuple)):
        values = list(values)
    if INT_ONLY.issuperset(map(type, values)):
        return sum(values)
    with exactly():
        return sum(values)


def show_number(v) -> str:
    """A number as written in a message or a fix: 12, 3.5 (no exponent, no trailing zeros)."""
    if type(v) is int and -_STR_LIMIT < v < _STR_LIMIT:   # the usual cell: tested first
        return str(v)
    if isinstance(v, float):            # a pack's parameter
        return str(int(v)) if v.is_integer() else f"{v:g}"
    if isinstance(v, int):
        if -_STR_LIMIT < v < _STR_LIMIT:
            return str(v)
        from decimal import Decimal  # start-up: only for a number of over 4,000 digits
        return format(Decimal(v), "f")
    s = format(v, "f")                  # a Decimal (parse_number's, with a fraction)
    return s.rstrip("0").rstrip(".") if "." in s else s


_STR_LIMIT = 10 ** 4000   # str() refuses ints of more digits (computed once: it is not cheap)


# Several rules read the same cells (GI301, GI302–GI305, GI306, GI503): memoised per cell text
# (a dict, so that a row's cells are looked up at once, in C: ``row_numbers``), for texts of up
# to 64 characters; a number is never None, so None stands for "not a number" and ``_MISS`` for
# "not read yet".
_NUMBERS: dict = {}
_MISS = object()
_UNREAD = repeat(_MISS)   # (the default of each lookup: map(_NUMBERS.get, texts, _UNREAD))


def parse_number(text: str):
    """The value of a cell as a number, or None if it is not a plain number."""
    v = _NUMBERS.get(text, _MISS)
    if v is _MISS:
        v = _parse_number(text)
        if len(text) <= 64:
            if len(_NUMBERS) >= 8192:
                _NUMBERS.clear()
            _NUMBERS[text] = v
    return v


def row_numbers(row) -> list:
    """``parse_number`` of each of ``row.values`` (None where a cell is not a plain number),
    read once per row: the arithmetic rules (GI302–GI305, GI307) and grouping's one-cell fix
    all read the same rows of a table (each cell was parsed about twice per lint). Kept on the
    row (its ``numbers`` slot, not a compared field); a pure function of the cells' texts, so a
    copy of the row (a section reused at moved offsets) may share it. So is ``all_ints``, kept
    beside (its ``ints`` slot)."""
    vals = row.numbers
    if vals is None:
        texts = list(map(_TEXT, row.values))
        vals = list(map(_NUMBERS.get, texts, _UNREAD))
        if _MISS in vals:
            vals = [parse_number(t) if v is _MISS else v for v, t in zip(vals, texts)]
        row.numbers = vals
        row.ints = INT_ONLY.issuperset(map(type, vals))
    return vals


def all_ints(row) -> bool:
    """Whether every one of ``row.values`` is a whole number read as an int (none blank, none
    text, no fraction): its ``row_numbers`` hold no None and add up exactly in C. Found once
    per row (a test of each number against None costs as much)."""
    if row.numbers is None:
        row_numbers(row)
    return row.ints


_TEXT = attrgetter("text")
