"""The data cells of a table and the numbers and units in them: shared by the table rules
(GI301, GI306, GI503), the arithmetic family (GI302–GI307) and the range kind."""
from __future__ import annotations

from functools import lru_cache

import regex

from gilint.read.tables import subtable_of

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
