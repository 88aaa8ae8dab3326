"""Shared by the table rules: label fixes and how a label is shown in a message (the cells'
kinds, numbers and units are gilint.checks.cells)."""
from __future__ import annotations

from functools import cache

import regex

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix
from gilint.lazyre import lazy


class TableRule(Rule):
    """A rule on a section's tables against the template they follow (``ctx.table_template``;
    it does not run without one). ``readable_only``: it is given the readable tables only."""
    scope = "section"
    reads_tables = True
    tables_only = True
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


def from_template(tpl, name: str, compute):
    """``compute(tpl)`` once per template, kept with it (as ``Template.s3_keys`` keeps its
    answers): a template does not change once read, and the table rules ask on every lint."""
    memo = tpl.__dict__.setdefault("_table_rules", {})
    got = memo.get(name)
    if got is None:
        got = memo[name] = compute(tpl)
    return got


def label_fix(label, canonical: str, text: str, limit: int):
    """Replace ``label`` (read from ``text``, in a section ending at ``limit``) by ``canonical``.

    A label read over several lines is replaced safely only where it ends at a line end (a
    wrapped header: whole lines). Where it ends within a line, the fix is unsafe: within its
    section, the rest of that line is its row (a pipe, values) and follows the label; at the end
    of its section, the rest is the next section's in-line heading (a stray ``0`` before it was
    read as the label's last line), which keeps a line of its own. A continuation line holding
    two cells (text, then a tab) is no part of a label: no fix. Only the section's text decides
    (``limit``), as the section's findings are cached by that text."""
    if getattr(label, "fragments", 1) > 1:
        return None
    raw = text[label.start:label.end]
    breaks = [i for i, ch in enumerate(raw) if ch in "\r\n"]
    new, safe = canonical, True
    if breaks:
        if _TWO_CELLS.search(raw, breaks[0]):
            return None
        if label.end >= limit:
            cut = breaks[-1]
            new, safe = canonical + ("\r\n" if raw[cut - 1:cut + 1] == "\r\n" else raw[cut]), False
        elif text[label.end] not in "\r\n":
            safe = False
    return Fix((Edit(label.start, label.end, new),), safe=safe, description=f"改为“{canonical}”")


_TWO_CELLS = lazy(regex, r"[^\s][^\S\r\n]*\t")   # text then a tab, on one line


@cache
def lazy_pattern(source: str):
    """Patterns needed only now and then, compiled on first use (regex compiles slowly)."""
    return regex.compile(source)


def show(text: str) -> str:
    return lazy_pattern(r"\s+").sub("", text) if "\n" in text else text.strip()
