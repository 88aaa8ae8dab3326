"""Shared by the arithmetic rules (GI302–GI307): the readable tables of section 三, their
numbers, and fixes that set a total."""
from __future__ import annotations

from itertools import islice

from gilint.checks.cells import all_ints, exact_sum, row_numbers, show_number
from gilint.findings import Edit, Fix

fmt = show_number            # numbers are exact (int or Decimal): sums with ``exact_sum``
__all__ = ["columns", "exact_sum", "fmt", "readable_section3_tables", "set_total"]


def columns(rows, width: int) -> list:
    """For each column up to ``width``: the numbers in it of those of ``rows`` that have it,
    or None if one is not a number (each row's numbers looked up once, not once per column;
    transposed in C where every row has every column, the usual table)."""
    vals = [row_numbers(r) for r in rows]
    if vals and min(map(len, vals)) >= width:
        cols = list(map(list, islice(zip(*vals), width)))
        if all(map(all_ints, rows)):
            return cols   # (no None in them: not looked for)
    else:
        cols = [[v[col] for v in vals if len(v) > col] for col in range(width)]
    return [None if None in column else column for column in cols]


def readable_section3_tables(ctx):
    for t in ctx.report.tables("section3"):
        if t.readable:
            yield t


def set_total(cell, value) -> Fix:
    shown = fmt(value)
    return Fix((Edit(cell.start, cell.end, shown),), safe=False, description=f"改为{shown}")
