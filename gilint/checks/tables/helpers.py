"""Shared by the table rules: label fixes and how a label is shown in a message (the cells'
kinds, numbers and units are gilint.checks.cells)."""
from __future__ import annotations

from functools import cache

import regex

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix


class TableRule(Rule):
    """A rule on a section's tables against the template they follow (``ctx.table_template``;
    it does not run without one). ``readable_only``: it is given the readable tables only."""
    scope = "section"
    reads_tables = True
    readable_only = True

    def check_section(self, section):
        tpl = self.ctx.table_template
        if tpl is not None:
            self.check_tables(tpl, [t for t in section.tables if t.readable or not self.readable_only])

    def check_tables(self, tpl, tables) -> None:
        raise NotImplementedError


def label_fix(label, canonical: str, safe: bool = True):
    if getattr(label, "fragments", 1) > 1:
        return None
    return Fix((Edit(label.start, label.end, canonical),), safe=safe, description=f"改为“{canonical}”")


@cache
def lazy_pattern(source: str):
    """Patterns needed only now and then, compiled on first use (regex compiles slowly)."""
    return regex.compile(source)


def show(text: str) -> str:
    return lazy_pattern(r"\s+").sub("", text) if "\n" in text else text.strip()
