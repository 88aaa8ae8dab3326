"""Document text as the protocol sees it: LSP lines and position units.

LSP counts only ``\\r\\n``, ``\\r`` and ``\\n`` as line breaks (``str.splitlines`` also splits on
form feeds, which pdftotext puts between pages, and on U+2028/U+0085/… — so pygls' own
``TextDocument.lines`` disagrees with the client on such files). ``LineMap`` keeps the line
starts of one text and updates them in place for an incremental change, so a keystroke in a
1 MB report does not rescan it. Columns are converted with the position codec pygls negotiated
(UTF-16 for VS Code, UTF-8 where the client prefers it): ``units(codec, s)`` is exactly
``codec.client_num_units(s)``, with fast paths for the three standard encodings;
``LineMap.positions`` converts many offsets at once (the server's diagnostics).

No pygls import here: a codec is anything with ``encoding`` and ``client_num_units``.
"""
from __future__ import annotations

import bisect
import re
from typing import Callable, Iterable

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BREAK_CHAR = re.compile(r"[\r\n]")


def encoding_of(codec) -> str:
    """The codec's encoding as a plain string (pygls 2 keeps a ``PositionEncodingKind``, a
    ``str`` enum whose ``str()`` is its name, not its value)."""
    enc = getattr(codec, "encoding", None) or "utf-16"
    return str(getattr(enc, "value", enc))


def _utf16_units(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _utf8_units(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


_COUNTERS = {"utf-16": _utf16_units, "utf-8": _utf8_units, "utf-32": len}


def columns_in_any_unit(prefix: str) -> set[int]:
    """The column after ``prefix`` (a line's start) counted in each LSP position encoding."""
    return {count(prefix) for count in _COUNTERS.values()}


def unit_counter(codec) -> Callable[[str], int]:
    """The function giving the length of a string in the client's position units."""
    return _COUNTERS.get(encoding_of(codec)) or codec.client_num_units


def units(codec, s: str) -> int:
    """Length of ``s`` in the client's position units."""
    return unit_counter(codec)(s)


def column_to_index(codec, line: str, column: int) -> int:
    """Code-point index in ``line`` of a client column (clamped to the line; a column inside a
    surrogate pair or a UTF-8 sequence rounds up to the end of that character)."""
    if column <= 0:
        return 0
    enc = encoding_of(codec)
    if enc == "utf-32" or (enc == "utf-8" and line.isascii()):
        return min(column, len(line))
    if enc == "utf-16" and units(codec, line) == len(line):
        return min(column, len(line))
    count = 0
    for i, ch in enumerate(line):
        if count >= column:
            return i
        count += units(codec, ch)
    return len(line)


def _is_line_start(text: str, p: int) -> bool:
    """Whether a line starts at ``p`` (> 0): after ``\\n``, or after a ``\\r`` not followed by
    ``\\n``. Depends on ``text[p-1]`` and ``text[p]`` only."""
    c = text[p - 1]
    return c == "\n" or (c == "\r" and (p == len(text) or text[p] != "\n"))


class LineMap:
    """Line starts of one text (code-point offsets), LSP line breaks only."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    # -- edits ---------------------------------------------------------------------------
    def replace(self, start: int, end: int, new_text: str) -> str:
        """Replace ``text[start:end]`` by ``new_text``, updating the line starts without
        rescanning the unchanged text; returns the new text."""
        old = self.text
        start = max(0, min(start, len(old)))
        end = max(start, min(end, len(old)))
        text = "".join((old[:start], new_text, old[end:]))   # (one copy of the whole, not two)
        delta = len(new_text) - (end - start)
        starts = self.starts
        # Starts at p <= start-1 depend on unchanged characters only; so do starts at
        # p >= end+1 (shifted). The ones in between are recomputed from the new text.
        head = starts[:bisect.bisect_right(starts, start - 1)] or [0]
        tail_from = bisect.bisect_left(starts, end + 1)
        lo, hi = max(start - 1, 0), min(start + len(new_text) + 1, len(text))
        mid = [m.start() + 1 for m in _BREAK_CHAR.finditer(text, lo, hi)]
        mid = [p for p in mid if start <= p <= start + len(new_text) and p > 0
               and _is_line_start(text, p)]
        tail = list(map(delta.__add__, starts[tail_from:])) if delta else starts[tail_from:]
        self.starts = head + mid + tail
        self.text = text
        return text

    # -- lines ---------------------------------------------------------------------------
    def line_count(self) -> int:
        return len(self.starts)

    def line_bounds(self, line: int) -> tuple[int, int]:
        """``(start, end)`` of a line without its terminator."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        text = self.text
        if end > start and text[end - 1] == "\n":
            end -= 1
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def lines(self, keepends: bool = True) -> list[str]:
        text, starts = self.text, self.starts
        out = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
        if out and out[-1] == "":
            out.pop()  # like splitlines: no empty last line after a final newline
        if not keepends:
            out = [s.rstrip("\r\n") for s in out]
        return out

    # -- positions -----------------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based line and code-point column of an offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def position(self, codec, offset: int) -> tuple[int, int]:
        """``(line, character)`` in client units."""
        return self.positions(codec, (offset,))[0]

    def positions(self, codec, offsets: Iterable[int]) -> list[tuple[int, int]]:
        """``position`` of each of ``offsets``, in order (``line_col`` inlined: the server
        converts hundreds of offsets per keystroke)."""
        count = unit_counter(codec)
        text, starts, n = self.text, self.starts, len(self.text)
        out = []
        for offset in offsets:
            offset = 0 if offset < 0 else n if offset > n else offset
            line = bisect.bisect_right(starts, offset) - 1
            start = starts[line]
            out.append((line, count(text[start:offset]) if offset > start else 0))
        return out

    def offset(self, codec, line: int, character: int) -> int:
        """Offset of a client position; past the end of a line → the line's end, past the last
        line → the end of the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.line_bounds(line)
        return start + column_to_index(codec, self.text[start:end], character)


def newline_of(text: str) -> str:
    """The text's first line break (to write new lines the same way); ``\\n`` if none."""
    m = _NEWLINE.search(text)
    return m.group() if m else "\n"
