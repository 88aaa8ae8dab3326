"""Lines of the source with their offsets, and what kind of line each one is."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from gilint.textpos import iter_lines

# Page numbers left by pdftotext or web crawlers: "-1-", "— 6 —", "第 3 页".
PAGE_NUMBER = regex.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
MD_HEADING = regex.compile(r"^\s{0,3}(#{1,6})\s+")


@dataclass(frozen=True)
class Line:
    text: str      # without terminator
    start: int
    end: int

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def page_number(self) -> bool:
        return bool(PAGE_NUMBER.match(self.text))


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    return [Line(text[a:b], a, b) for a, b in iter_lines(text, start, end)]
