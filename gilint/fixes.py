"""Applying fixes: the one implementation behind ``gilint check --fix``, the hook and the server.

A rule attaches ``Fix(edits, safe, description)`` to a finding. Applying fixes is a loop of
passes over the text:

1. Take the findings' fixes in document order (``select_non_overlapping``). A fix is taken whole
   or not at all; it is left for the next pass if one of its edits overlaps an edit already
   taken, or inserts at the same point as one (the order of two inserts would be a guess).
   Fixes are never merged.
2. Apply the taken edits in one go (``apply_fixes``); every character outside them is kept.
   Line breaks inside new text are written in the document's own newline style.
3. Lint the new text again and repeat until nothing changes (at most ``MAX_PASSES``).

A document whose table could not be read (GI001) or which is not recognised as a report
(GI002) is never fixed: the fixes would be computed from a model of the document that is known
to be wrong. ``fix_text`` returns it unchanged with ``refused`` saying why.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import stat
import tempfile
from bisect import bisect_left
from dataclasses import dataclass, field
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Iterable, Sequence

from gilint.checks.registry import all_rules
from gilint.engine import Analyzer
from gilint.findings import Edit, Finding, Fix
from gilint.i18n import gettext as _
from gilint.textpos import detect_newline  # re-exported: the LSP and the CLI use it from here
from gilint.record import replace   # (a Finding is a record)

MAX_PASSES = 10
RULES = all_rules()


# -- choosing -------------------------------------------------------------------------------
def _valid(edits: Sequence[Edit], length: int) -> bool:
    return all(0 <= e.start <= e.end <= length for e in edits)


def _overlaps(a: Edit, b: Edit) -> bool:
    """Two edits conflict if their ranges share a character, if both start at one point (two
    inserts there, or an insert at the start of a replacement: their order would be a guess),
    or if an insert falls strictly inside the other's range."""
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == b.start:
        return True
    if a.start == a.end and b.start < a.start < b.end:
        return True
    return b.start == b.end and a.start < b.start < a.end


def _fix_key(fix: Fix):
    first = min(((e.start, e.end) for e in fix.edits), default=(0, 0))
    return first


def is_applicable(fix: Fix | None, unsafe: bool = False) -> bool:
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


def _conflicting(edits: Sequence[Edit]) -> bool:
    """Whether edits sorted by (start, end) conflict among themselves (``_overlaps``): one
    sweep, since an edit conflicts with an earlier one iff it starts where the one before it
    starts or before the furthest end so far."""
    furthest, prev_start = -1, None
    for e in edits:
        if e.start == prev_start or e.start < furthest:
            return True
        furthest, prev_start = max(furthest, e.end), e.start
    return False


class _Taken:
    """Edits accepted so far, pairwise free of conflicts: sorted by start, their ends are then
    sorted too (each ends at or before the next starts), so whether a new edit conflicts with
    any of them is two binary searches."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def conflicts(self, e: Edit) -> bool:
        i = bisect_left(self.starts, e.start)
        if i < len(self.starts) and self.starts[i] == e.start:
            return True
        # Of the edits starting before e ends, the last one reaches furthest.
        j = bisect_left(self.starts, e.end) - 1
        return j >= 0 and self.ends[j] > e.start

    def add(self, e: Edit) -> None:
        if not self.starts or e.start > self.starts[-1]:    # in document order: the usual case
            self.starts.append(e.start)
            self.ends.append(e.end)
            return
        i = bisect_left(self.starts, e.start)
        self.starts.insert(i, e.start)
        self.ends.insert(i, e.end)


def select_non_overlapping(fixes: Iterable[Fix], text_length: int | None = None) -> list[Fix]:
    """The fixes that can be applied together in one pass, in document order.

    Fixes are considered in order of their first edit (ties: as given). A fix is accepted only
    if none of its edits conflicts with an edit already accepted nor with another of its own
    edits; otherwise it is left out (for the next pass), never merged or applied in part.
    With ``text_length``, fixes with an edit outside ``[0, text_length]`` are left out too.
    O(n log n) in the number of edits (a sort, then binary searches among the accepted ones).
    """
    taken = _Taken()
    accepted: list[Fix] = []
    for fix in sorted((f for f in fixes if f is not None and f.edits), key=_fix_key):
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if text_length is not None and not _valid(edits, text_length):
            continue
        if _conflicting(edits) or any(taken.conflicts(e) for e in edits):
            continue
        for e in edits:
            taken.add(e)
        accepted.append(fix)
    return accepted


# -- applying -------------------------------------------------------------------------------
def with_newline(new_text: str, newline: str) -> str:
    """``new_text`` with every line break written as ``newline``."""
    if "\n" not in new_text and "\r" not in new_text:
        return new_text
    normal = new_text.replace("\r\n", "\n").replace("\r", "\n")
    return normal if newline == "\n" else normal.replace("\n", newline)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits that do not overlap (offsets into ``text``), as they are."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos:e.start])
        out.append(e.new_text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _effective(fix: Fix, text: str, newline: str) -> Fix | None:
    """The fix with new text in the document's newline style and no-op edits dropped; None if
    nothing would change."""
    edits = []
    for e in fix.edits:
        new = with_newline(e.new_text, newline)
        if text[e.start:e.end] != new:
            edits.append(Edit(e.start, e.end, new))
    if not edits:
        return None
    return Fix(tuple(edits), fix.safe, fix.description)


def fixable(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """Findings whose fix ``--fix`` (or ``--unsafe-fixes``) would apply; suppressed findings
    are accepted as they are and never fixed."""
    return [f for f in findings if f.suppressed is None and is_applicable(f.fix, unsafe)]


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False,
                newline: str | None = None) -> tuple[str, list[Finding]]:
    """One pass: apply every fix that does not conflict with one before it.

    Returns the new text and the findings whose fixes were applied; each returned finding's
    ``fix`` holds the edits actually made (offsets into ``text``, new text in the document's
    newline style). Findings that are suppressed, unfixable, unsafe (unless ``unsafe``), out of
    range or no-ops are skipped; conflicting ones are left for the next pass. Never raises on
    bad fixes.
    """
    newline = newline or detect_newline(text)
    candidates: list[tuple[Fix, Finding]] = []
    for f in fixable(findings, unsafe):
        if not _valid(f.fix.edits, len(text)):
            continue
        eff = _effective(f.fix, text, newline)
        if eff is not None:
            candidates.append((eff, f))
    by_id = {id(fx): f for fx, f in candidates}
    chosen = select_non_overlapping([fx for fx, _ in candidates], len(text))
    if not chosen:
        return text, []
    edits = [e for fx in chosen for e in fx.edits]
    applied = [replace(by_id[id(fx)], fix=fx) for fx in chosen]
    return apply_edits(text, edits), applied


def edits_of(fix: Fix, text: str, newline: str | None = None) -> list[Edit]:
    """One fix's edits as a pass would apply it alone (line breaks in the document's style),
    in order; none if it does not fit ``text`` (an edit out of range, or edits that conflict
    among themselves: ``select_non_overlapping`` would never take it)."""
    if not _valid(fix.edits, len(text)):
        return []
    newline = newline or detect_newline(text)
    edits = sorted((Edit(e.start, e.end, with_newline(e.new_text, newline)) for e in fix.edits),
                   key=lambda e: (e.start, e.end))
    return [] if _conflicting(edits) else edits


def pass_edits(text: str, findings: Iterable[Finding], all_findings: Iterable[Finding] | None = None,
               unsafe: bool = False) -> list[Edit]:
    """The edits of one pass of the fix loop over ``findings`` (in order); none for a document
    the loop refuses to fix (by ``all_findings``, the document's, else ``findings``)."""
    findings = list(findings)
    if refusal(findings if all_findings is None else all_findings):
        return []
    _text, applied = apply_fixes(text, findings, unsafe)
    return sorted((e for f in applied for e in f.fix.edits), key=lambda e: (e.start, e.end))


# -- the loop -------------------------------------------------------------------------------
@dataclass
class FixResult:
    text: str                                   # the fixed text (the input if nothing changed)
    fixed_count: int = 0                        # findings fixed, over all passes
    remaining_findings: list[Finding] = field(default_factory=list)   # of the final text
    passes: int = 0                             # passes that changed the text
    refused: str | None = None                  # why the document was not fixed at all
    applied: list[list[Finding]] = field(default_factory=list)        # per pass
    converged: bool = True                      # False if MAX_PASSES was reached
    stopped: str | None = None                  # why the last fixes were not applied
    # Fixes the writer could not write: (code, message) → why (e.g. a .docx's numbering).
    unwritable: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.passes > 0


def refusal(findings: Iterable[Finding]) -> str | None:
    """Why a document with these findings must not be fixed (None if it may be)."""
    for f in findings:
        why = getattr(RULES.get(f.code), "refuses_fixes", "")
        if why:   # the model of the document cannot be trusted: never fix such a document
            return _(why)
    return None


class WriteFailed(Exception):
    """A writer could not write one pass's edits: nothing of that pass is kept."""


class TextWriter:
    """The writer of plain text: the fixed text is the document. With ``encode`` (a
    ``Decoded.encode``), each pass's text is also encoded in the file's own encoding, BOM and
    newlines (``data``: the bytes of the last pass kept; None while nothing changed).

    A writer (this one, ``gilint.docxfix.DocxWriter``) answers ``fix_loop``: ``begin(text)``
    at each pass, ``cannot_write(fix, text)`` (a reason, or None), ``write(text, new_text,
    edits)`` → what the pass wrote (raises ``WriteFailed``), ``accept(written)`` once the
    pass is kept; ``finish(saved)`` when the command line is done with it."""
    unwritable_hint = ""

    def __init__(self, newline: str = "\n", encode=None, encoding: str = ""):
        self.newline, self._encode, self._encoding = newline, encode, encoding
        self.data: bytes | None = None

    def begin(self, text: str) -> None:
        pass

    def cannot_write(self, fix: Fix, text: str) -> str | None:
        return None

    def write(self, text: str, new_text: str, edits: list[Edit]):
        if self._encode is None:
            return None
        try:
            return self._encode(new_text)
        except UnicodeEncodeError:
            raise WriteFailed(_("the fixed text cannot be written in {encoding}").format(encoding=self._encoding)) from None

    def accept(self, written) -> None:
        self.data = written

    def finish(self, saved: bool) -> None:
        pass


def fix_loop(text: str, lint, writer=None, *, findings: list[Finding] | None = None,
             unsafe: bool = False, max_passes: int = MAX_PASSES) -> FixResult:
    """The fix loop, for every input and front-end: passes of ``apply_fixes`` over the fixes
    ``writer`` can write, each written by ``writer`` and re-linted with ``lint`` (text →
    findings), until nothing changes (at most ``max_passes``). A document ``refusal`` names is
    never fixed; a pass after which it would be one, or that the writer fails to write, is not
    kept. ``findings`` may pass the findings of ``text`` already computed."""
    writer = writer or TextWriter(detect_newline(text))
    current = lint(text) if findings is None else findings
    why = refusal(current)
    if why:
        return FixResult(text, 0, current, 0, refused=why)
    result = FixResult(text, remaining_findings=current)
    # What each kept pass left (text → pass number; per pass: findings, count, what was written),
    # to go back to if later passes only undo one another (see ``_undo_cycle``).
    seen, kept = {text: 0}, [(text, current, 0, None)]

    def writable(findings):
        out = []
        for f in fixable(findings, unsafe):
            reason = writer.cannot_write(f.fix, result.text)
            if reason:
                result.unwritable.setdefault((f.code, f.message), reason)
            else:
                out.append(f)
        return out

    for _ in range(max_passes):
        try:
            writer.begin(result.text)
            new, applied = apply_fixes(result.text, writable(current), unsafe, writer.newline)
            if not applied or new == result.text:
                return result
            written = writer.write(result.text, new, [e for f in applied for e in f.fix.edits])
        except WriteFailed as exc:
            result.stopped = str(exc)
            return result
        after = lint(new)
        why = refusal(after)
        if why:
            # With this pass's fixes the document no longer reads as a report with readable
            # tables: never make a draft worse; keep the text of the last good pass.
            result.stopped = _("with them, {reason}").format(reason=why)
            return result
        if new in seen:
            return _undo_cycle(result, writer, kept, seen[new], applied)
        writer.accept(written)
        result.text, current = new, after
        result.remaining_findings = after
        result.fixed_count += len(applied)
        result.passes += 1
        result.applied.append(applied)
        seen[new] = result.passes
        kept.append((new, after, result.fixed_count, written))
    try:
        writer.begin(result.text)
        result.converged = not apply_fixes(result.text, writable(current), unsafe, writer.newline)[1]
    except WriteFailed:
        pass
    return result


def _undo_cycle(result: FixResult, writer, kept: list, k: int, applied: list[Finding]) -> FixResult:
    """A pass gave back the text of pass ``k``: the fixes since then undo one another (two
    unsafe fixes setting one cell to two values in turn, e.g. GI302's row sum and GI303's
    total). Neither is right for certain, so go back to pass ``k`` and say so; the result is
    settled (fixing it again gives it back unchanged)."""
    codes = sorted({f.code for p in result.applied[k:] for f in p} | {f.code for f in applied})
    text, findings, count, written = kept[k]
    if k:
        writer.accept(written)
    result.text, result.remaining_findings, result.fixed_count = text, findings, count
    result.passes, result.applied = k, result.applied[:k]
    result.stopped = _("the fixes of {codes} undo one another; correct those cells by hand").format(
        codes=", ".join(codes))
    return result


def fix_text(text: str, config=None, unsafe: bool = False, *, analyzer=None, lint=None,
             findings: list[Finding] | None = None, max_passes: int = MAX_PASSES,
             newline: str | None = None) -> FixResult:
    """``fix_loop`` on plain text. Linting uses ``lint`` (a callable text → findings, e.g. one
    that also applies a waiver file), else ``analyzer`` (a ``gilint.engine.Analyzer``), else a
    new Analyzer for ``config``."""
    if lint is None:
        if analyzer is None:
            analyzer = Analyzer(config)
        lint = analyzer.lint
    return fix_loop(text, lint, TextWriter(newline or detect_newline(text)), findings=findings,
                    unsafe=unsafe, max_passes=max_passes)


# -- files ----------------------------------------------------------------------------------
def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of two texts (line breaks kept as they are)."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}"))
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: size, modification time and a hash of its bytes.
    ``write_atomic(..., expected=snapshot)`` replaces the file only if it still is that file
    (a user who saves in an editor while ``--fix`` runs keeps the save)."""
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> "Snapshot":
        return cls(st.st_size, st.st_mtime_ns, _digest(data))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileChanged(OSError):
    """The file is no longer what was read: it was not replaced."""


def _check_unchanged(target: str, expected: Snapshot) -> None:
    try:
        with open(target, "rb") as f:
            st = os.fstat(f.fileno())
            same = (stat.S_ISREG(st.st_mode) and st.st_size == expected.size
                    and st.st_mtime_ns == expected.mtime_ns
                    and _digest(f.read(expected.size + 1)) == expected.digest)
    except FileNotFoundError:
        same = False
    if not same:
        raise FileChanged(_("the file changed since gilint read it (saved elsewhere?); "
                            "not fixed: run gilint again"))


def write_atomic(path: str, data: bytes, expected: Snapshot | None = None) -> None:
    """Replace the file's contents with ``data`` atomically: a temporary file in the same
    folder, then ``os.replace``. The file's permission bits are kept; a symbolic link is
    followed (its target is rewritten, the link stays). With ``expected``, the file is
    replaced only if it is still as it was read (size, mtime and bytes, checked just before
    the replace), else ``FileChanged`` is raised and the file is left as it is."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:               # a new file: what open() would give it
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".gilint-tmp",
                               dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if expected is not None:   # as late as possible: the window left is this check
            _check_unchanged(target, expected)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


__all__ = ["FileChanged", "FixResult", "Snapshot", "TextWriter", "WriteFailed", "MAX_PASSES", "apply_edits", "apply_fixes", "detect_newline",
           "edits_of", "fix_loop", "fix_text", "fixable", "is_applicable", "pass_edits", "refusal", "select_non_overlapping",
           "unified_diff", "with_newline", "write_atomic"]
