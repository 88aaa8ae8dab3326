"""Shared by the table rules: label fixes and how a label is shown in a message (the cells'
kinds, numbers and units are gilint.checks.cells)."""
from __future__ import annotations

from functools import cache

import regex

from gilint.findings import Edit, Fix


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
