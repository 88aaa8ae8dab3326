"""Lines of the source with their offsets, and what kind of line each one is."""
from __future__ import annotations

from itertools import accumulate
from typing import NamedTuple

import regex

from gilint.textpos import iter_lines

# Page numbers left by pdftotext or web crawlers: "-1-", "— 6 —", "第 3 页".
PAGE_NUMBER = regex.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
MD_HEADING = regex.compile(r"^\s{0,3}(#{1,6})\s+")


class Line(NamedTuple):   # a named tuple: built for every line of every section read
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
    starts, texts = line_texts(text, start, end)
    return [Line(t, a, a + len(t)) for a, t in zip(starts, texts)]


def line_texts(text: str, start: int = 0, end: int | None = None) -> tuple[list[int], list[str]]:
    """The lines of text[start:end] as two lists, their start offsets and their texts (without
    terminators); a final line break does not open an empty last line. Cheaper than Line
    objects where most lines are only looked up in a memo."""
    end = len(text) if end is None else end
    part = text if start == 0 and end == len(text) else text[start:end]
    sep = _one_newline_style(part)
    if sep is None:
        pairs = list(iter_lines(text, start, end))
        return [a for a, _ in pairs], [text[a:b] for a, b in pairs]
    texts = part.split(sep)
    if len(texts) > 1 and not texts[-1]:
        texts.pop()  # a final line break ends the last line; no empty line after it
    # start of line k: start + sum of (len + separator) over the lines before it (in C)
    starts = list(accumulate(map(len(sep).__add__, map(len, texts)), initial=start))
    starts.pop()
    return starts, texts


def _one_newline_style(text: str) -> str | None:
    """The line break if the text uses only one kind (LF, CRLF or CR), else None."""
    cr = text.count("\r")
    if not cr:
        return "\n"
    lf = text.count("\n")
    if not lf:
        return "\r"
    return "\r\n" if text.count("\r\n") == cr == lf else None
