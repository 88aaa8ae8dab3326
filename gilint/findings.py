"""What a check reports: findings, and the edits that would fix them.

Positions are offsets into the analysed text, counted in Unicode code points (Python ``str``
indices). Front-ends convert them: the CLI to 1-based line/column, the language server through
pygls' position codec. Line breaks stay as they are in the source (CRLF counts as two code
points), so an offset always addresses the original text.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new_text``."""

    start: int
    end: int
    new_text: str

    def shifted(self, delta: int) -> "Edit":
        return Edit(self.start + delta, self.end + delta, self.new_text)

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "new_text": self.new_text}


@dataclass(frozen=True)
class Fix:
    """Edits that fix one finding. ``safe`` fixes have one right answer and are applied by
    ``--fix``; unsafe ones (a guess) need ``--unsafe-fixes``."""

    edits: tuple[Edit, ...]
    safe: bool
    description: str = ""

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"

    def shifted(self, delta: int) -> "Fix":
        return replace(self, edits=tuple(e.shifted(delta) for e in self.edits))


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    fix: Fix | None = None
    # Set when an inline suppression or a waiver covers the finding: the recorded reason.
    suppressed: str | None = None
    extra: dict = field(default_factory=dict)

    def shifted(self, delta: int) -> "Finding":
        return replace(self, start=self.start + delta, end=self.end + delta,
                       fix=self.fix.shifted(delta) if self.fix else None)

    def sort_key(self):
        return (self.start, self.end, self.code, self.message)
