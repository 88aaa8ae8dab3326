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
    if start == 0 and (end is None or end == len(text)):
        sep = _one_newline_style(text)
        if sep is not None:  # the common case, done with str.split: same lines as iter_lines
            parts = text.split(sep)
            if len(parts) > 1 and not parts[-1]:
                parts.pop()  # a final line break ends the last line; no empty line after it
            out, pos, step = [], 0, len(sep)
            for part in parts:
                stop = pos + len(part)
                out.append(Line(part, pos, stop))
                pos = stop + step
            return out
    return [Line(text[a:b], a, b) for a, b in iter_lines(text, start, end)]


def _one_newline_style(text: str) -> str | None:
    """The line break if the text uses only one kind (LF, CRLF or CR), else None."""
    cr = text.count("\r")
    if not cr:
        return "\n"
    lf = text.count("\n")
    if not lf:
        return "\r"
    return "\r\n" if text.count("\r\n") == cr == lf else None
