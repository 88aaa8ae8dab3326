"""Shared by the arithmetic rules (GI302–GI307): the readable tables of section 三, their
numbers, and fixes that set a total."""
from __future__ import annotations

from gilint.checks.cells import exact_sum, parse_number, show_number
from gilint.findings import Edit, Fix

fmt = show_number            # numbers are exact (int or Decimal): sums with ``exact_sum``
__all__ = ["exact_sum", "fmt", "nums", "readable_section3_tables", "set_total"]


def nums(cells):
    vals = [parse_number(c.text) for c in cells]
    return None if None in vals else vals   # (numbers never equal None)


def readable_section3_tables(ctx):
    for t in ctx.report.tables("section3"):
        if t.readable:
            yield t


def set_total(cell, value) -> Fix:
    return Fix((Edit(cell.start, cell.end, fmt(value)),), safe=False, description=f"改为{fmt(value)}")
