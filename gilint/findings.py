"""What a check reports: findings, and the edits that would fix them.

Positions are offsets into the analysed text, counted in Unicode code points (Python ``str``
indices). Front-ends convert them: the CLI to 1-based line/column, the language server through
pygls' position codec. Line breaks stay as they are in the source (CRLF counts as two code
points), so an offset always addresses the original text.
"""
from __future__ import annotations

from collections import namedtuple
from operator import attrgetter

from gilint.record import Record
from gilint.severity import SEVERITIES, SEVERITY_RANK  # noqa: F401 - also gilint.findings' names


# Edit and Fix are named tuples, not frozen dataclasses: the language server shifts hundreds of
# findings per keystroke, and a tuple is built several times faster (collections' named tuples:
# typing.NamedTuple would import typing, which costs the one-file CLI ~2 ms).
class Edit(namedtuple("Edit", "start end new_text")):
    """Replace ``text[start:end]`` with ``new_text`` (start: int, end: int, new_text: str)."""
    __slots__ = ()

    def shifted(self, delta: int) -> "Edit":
        return Edit(self.start + delta, self.end + delta, self.new_text)

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "new_text": self.new_text}


class Fix(namedtuple("Fix", "edits safe description", defaults=("",))):
    """Edits that fix one finding (edits: tuple[Edit, ...], safe: bool, description: str).
    ``safe`` fixes have one right answer and are applied by ``--fix``; unsafe ones (a guess)
    need ``--unsafe-fixes``."""
    __slots__ = ()

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"

    def shifted(self, delta: int) -> "Fix":
        return Fix(tuple([Edit(e.start + delta, e.end + delta, e.new_text) for e in self.edits]),
                   self.safe, self.description)


class Finding(Record):
    """A record with slots (gilint.record; not a dataclass: start-up): ``replace`` makes a
    changed copy."""
    __slots__ = ("code", "name", "severity", "message", "start", "end", "fix", "suppressed", "extra")
    FIELDS = {"code": ..., "name": ..., "severity": ..., "message": ..., "start": ..., "end": ...,
              "fix": None, "suppressed": None, "extra": None}

    def __init__(self, code: str, name: str, severity: str, message: str, start: int, end: int,
                 fix: Fix | None = None, suppressed: str | None = None, extra: dict | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.start = start
        self.end = end
        self.fix = fix
        # Set when an inline suppression or a waiver covers the finding: the recorded reason.
        self.suppressed = suppressed
        self.extra = {} if extra is None else extra

    def shifted(self, delta: int) -> "Finding":
        if not delta:
            return self
        return Finding(self.code, self.name, self.severity, self.message, self.start + delta,
                       self.end + delta, self.fix.shifted(delta) if self.fix else None,
                       self.suppressed, self.extra)

    def sort_key(self):
        return IN_ORDER(self)


# Findings in the order they are reported: ``Finding.sort_key`` made in C (a sort of a lint's
# findings calls it once per finding).
IN_ORDER = attrgetter("start", "end", "code", "message")
