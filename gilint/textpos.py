"""Offsets ↔ line/column, for every newline convention (LF, CRLF, lone CR)."""
from __future__ import annotations

import bisect

import regex

from gilint.lazyre import lazy

_NEWLINE = lazy(regex, r"\r\n|\r|\n")


def detect_newline(text: str) -> str:
    """The dominant newline of ``text`` ("\\n" if it has none)."""
    if "\r" not in text:   # (most texts: one scan, not three counts — once per file read)
        return "\n"
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def iter_lines(text: str, start: int = 0, end: int | None = None):
    """Yield ``(line_start, line_end)`` offsets (without the terminator) for text[start:end]."""
    end = len(text) if end is None else end
    pos = start
    for m in _NEWLINE.finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    if pos < end or pos == start:
        yield pos, end


class LineIndex:
    """Maps code-point offsets to 0-based (line, column) and back."""

    def __init__(self, text: str, line_starts: list[int] | None = None):
        """``line_starts``: the text's line starts if already known (``gilint.read.lines.
        line_texts``, the reader's ``Report.lines``: the same breaks, but no empty line after
        a final one), so that the text is not searched for its breaks again."""
        self.text = text
        if line_starts is None:
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        elif text.endswith(("\n", "\r")):
            self.starts = line_starts + [len(text)]
        else:
            self.starts = line_starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + column, len(self.text))

    def line_span(self, line: int) -> tuple[int, int]:
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end


def line_columns(text: str, offsets) -> dict[int, tuple[int, int]]:
    """``LineIndex(text).position(offset)`` for each of ``offsets``, without indexing every line
    of the text: where "\n" is its only line break, one sweep from offset to offset counts the
    breaks between them (in C), however many lines the text has."""
    offsets = sorted(set(offsets))
    if "\r" in text or (offsets and offsets[0] < 0):
        index = LineIndex(text)
        return {o: index.position(o) for o in offsets}
    out, line, last_break, prev = {}, 0, -1, 0
    for o in offsets:
        line += text.count("\n", prev, o)
        found = text.rfind("\n", prev, o)
        if found >= 0:
            last_break = found
        out[o] = (line, o - last_break - 1)
        prev = o
    return out
