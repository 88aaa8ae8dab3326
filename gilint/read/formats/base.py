"""What a format reader returns: the canonical text, and a map from its offsets back to places
in the document (a paragraph, a table cell, a page), for findings and for fixes."""
from __future__ import annotations

import bisect
import importlib
from dataclasses import dataclass, field

from gilint.i18n import gettext as _
from gilint.read.decode import InputError

QUOTE_CHARS = 40


@dataclass
class Segment:
    """``text[start:end]`` came from the place ``loc`` (a dict: kind, indexes, label)."""
    start: int
    end: int
    loc: dict


class TextBuilder:
    """Builds the canonical text piece by piece, recording where each piece came from."""

    def __init__(self):
        self._parts: list[str] = []
        self.pos = 0
        self.segments: list[Segment] = []

    def add(self, s: str, loc: dict | None = None) -> tuple[int, int]:
        a = self.pos
        if s:
            self._parts.append(s)
            self.pos += len(s)
            if loc is not None:
                self.segments.append(Segment(a, self.pos, loc))
        return a, self.pos

    def newline(self, n: int = 1) -> None:
        self.add("\n" * n)

    def ends_with(self, s: str) -> bool:
        tail = "".join(self._parts[-3:])
        return tail.endswith(s)

    def text(self) -> str:
        return "".join(self._parts)


def clean_cell_line(s: str) -> str:
    """A line inside a table cell: no tabs (they would start a new cell), trimmed."""
    return s.replace("\t", " ").strip()


def quote(text: str, start: int, end: int) -> str:
    q = " ".join(text[start:max(end, start + 1)].split())
    return q if len(q) <= QUOTE_CHARS else q[:QUOTE_CHARS - 1] + "…"


@dataclass
class Document:
    """A document read by a format reader, as the CLI uses it in place of ``Decoded``.

    ``text`` is the canonical text the engine lints; ``segments`` (sorted, not overlapping)
    map its offsets to places. Fixes are written back by gilint.writers (a .docx into its runs)."""
    text: str
    format: str                        # "docx" | "html" | "pdf"
    segments: list[Segment] = field(default_factory=list)
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    meta: dict = field(default_factory=dict)

    def __post_init__(self):
        self._starts = [s.start for s in self.segments]

    def segment_at(self, offset: int) -> Segment | None:
        """The segment holding ``offset``; else the next one (a finding at a row's tab or a
        line break); else the last one."""
        if not self.segments:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return self.segments[i]
        if i + 1 < len(self.segments):
            return self.segments[i + 1]
        return self.segments[-1]

    def locate(self, start: int, end: int) -> dict | None:
        """The finding's place in the document: the segment's location plus the quoted text."""
        seg = self.segment_at(start)
        if seg is None:
            return None
        loc = dict(seg.loc)
        a = max(start, seg.start) if start < seg.end else seg.start
        b = min(max(end, a + 1), seg.end) if end > a else seg.end
        loc["quote"] = quote(self.text, a, b) if b > a else quote(self.text, seg.start, seg.end)
        return loc

    def annotate(self, diagnostics: list) -> None:
        """Attach ``location`` to the CLI's diagnostics (gilint.output.Diagnostic)."""
        for d in diagnostics:
            d.location = self.locate(d.start, d.end)


def need(module: str, package: str):
    """Import a reader's library, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(_("reading this format needs {package}: pip install 'gilint[formats]'").format(
            package=package)) from None


def library_error(exc: Exception) -> str:
    """A reader library's exception in one short line (its class names the failure)."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


__all__ = ["Document", "InputError", "Segment", "TextBuilder", "clean_cell_line", "library_error", "need", "quote"]
