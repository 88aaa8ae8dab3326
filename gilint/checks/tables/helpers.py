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
        self.section_end = section.end
        if tpl is not None:
            self.check_tables(tpl, [t for t in section.tables if t.readable or not self.readable_only])

    def check_tables(self, tpl, tables) -> None:
        raise NotImplementedError

    def label_fix(self, label, canonical: str):
        """The fix of a label of this section's tables (see ``label_fix``)."""
        return label_fix(label, canonical, self.ctx.text, self.section_end)


def label_fix(label, canonical: str, text: str, limit: int):
    """Replace ``label`` (read from ``text``, within a section ending at ``limit``) by
    ``canonical``. A label read over several lines (a wrapped header) is replaced whole, safely,
    only where its last line ends with it. Where text follows it on that line (a stray ``0``
    before an in-line heading, read as the label's last line), the label's extent is a guess:
    the fix is unsafe and keeps that text on its own line instead of joining it to the label's
    first line. A line holding a cell separator is never a label's continuation: no fix. Only
    the section's text decides (``limit``), as its findings are cached by that text."""
    if getattr(label, "fragments", 1) > 1:
        return None
    description = f"改为“{canonical}”"
    raw = text[label.start:label.end]
    breaks = [i for i, ch in enumerate(raw) if ch in "\r\n"]
    if not breaks:
        return Fix((Edit(label.start, label.end, canonical),), safe=True, description=description)
    if "\t" in raw[breaks[0]:]:
        return None
    if label.end < limit and text[label.end] in "\r\n":
        return Fix((Edit(label.start, label.end, canonical),), safe=True, description=description)
    cut = breaks[-1]
    brk = "\r\n" if raw[cut - 1:cut + 1] == "\r\n" else raw[cut]
    return Fix((Edit(label.start, label.end, canonical + brk),), safe=False, description=description)


@cache
def lazy_pattern(source: str):
    """Patterns needed only now and then, compiled on first use (regex compiles slowly)."""
    return regex.compile(source)


def show(text: str) -> str:
    return lazy_pattern(r"\s+").sub("", text) if "\n" in text else text.strip()
