"""``gilint check --fix/--diff`` on one input: the engine's fix loop (``gilint.fixes.fix_loop``)
with the writer for the input — plain text in its own encoding (``gilint.fixes.TextWriter``),
a .docx into its runs (``gilint.docxfix.DocxWriter``), or nothing at all for the read-only
formats (.pdf, .html), which the CLI then says once per file — and then the file written
(atomically, only if unchanged since read), the diff, or the bytes for standard output."""
from __future__ import annotations

from collections import Counter

from gilint.docxfix import DocxWriter
from gilint.findings import Finding
from gilint.fixes import FileChanged, TextWriter, fix_loop, fixable, unified_diff, write_atomic
from gilint.i18n import gettext as _
from gilint.read.formats.base import Document
from gilint.read.formats.docx import DocxDocument


def write_fixed(result, path: str, data: bytes, expected) -> bool:
    """``write_atomic`` for ``gilint check --fix``: a file changed since it was read is an
    error of that file (exit 2), one line, and is left as it is. True if written."""
    try:
        write_atomic(path, data, expected)
    except FileChanged as exc:
        result.errors.append(_("{path}: error: {message}").format(path=result.path, message=exc))
        return False
    return True


def _note_unwritable(result, fixed, writer) -> None:
    """Fixes still open that the writer could not write (the ones fixed later are not listed)."""
    still = {(f.code, f.message) for f in fixed.remaining_findings}
    open_ = {k: r for k, r in fixed.unwritable.items() if k in still}
    if not open_:
        return
    codes = Counter(code for code, _msg in open_)
    listed = ", ".join(c + (f" ×{n}" if n > 1 else "") for c, n in sorted(codes.items()))
    result.notes.append(_("{path}: fixes for {codes} not applied: {reasons} ({hint})").format(
        path=result.path, codes=listed, reasons=_("; ").join(sorted(set(open_.values()))),
        hint=_(writer.unwritable_hint) if writer.unwritable_hint else ""))


def fix_file(writer, result, path: str, text: str, data: bytes, lint, findings: list[Finding],
             unsafe: bool = False, diff: bool = False, snapshot=None) -> tuple[str, list[Finding]]:
    """Fix ``text`` (read from ``data``) with ``lint`` (text → findings, suppressions and
    waivers applied) and ``writer``; then, if it changed: with ``diff`` store a unified diff in
    ``result.diff``; for standard input (``path == "-"``) the bytes to print in
    ``result.output`` (the input as it was if nothing changed); otherwise rewrite the file
    atomically, only if it is still as ``snapshot`` (gilint.fixes.Snapshot) says (else an error
    in ``result.errors``). Notes for stderr go to ``result.notes``. Returns the final text and
    its findings."""
    fixed = fix_loop(text, lint, writer, findings=findings, unsafe=unsafe)
    if path == "-" and not diff:
        result.output = data
    if fixed.refused:
        result.notes.append(_("{path}: not fixed: {reason}; correct it by hand first").format(
            path=result.path, reason=fixed.refused))
        return text, findings
    if fixed.stopped:
        result.notes.append(_("{path}: some fixes not applied: {reason}").format(path=result.path, reason=fixed.stopped))
    _note_unwritable(result, fixed, writer)
    if not fixed.changed:
        return text, fixed.remaining_findings
    result.fixed = fixed.fixed_count
    saved = False
    if diff:
        result.diff = unified_diff(text, fixed.text, result.path)
    elif path == "-":
        result.output = writer.data
    elif not write_fixed(result, path, writer.data, snapshot):
        result.fixed = 0
        return text, findings
    else:
        saved = True
    writer.finish(saved)
    return fixed.text, fixed.remaining_findings


def fix_docx_for_cli(doc: DocxDocument, result, path, lint, findings, unsafe=False, diff=False,
                     snapshot=None):
    """``fix_file`` on a .docx; ``doc`` becomes the fixed document (text, source map) so that
    the findings are located in it."""
    return fix_file(DocxWriter(doc), result, path, doc.text, doc.data, lint, findings, unsafe,
                    diff, snapshot)


def fix_text_for_cli(result, path, decoded, data, lint, findings, unsafe=False, diff=False,
                     snapshot=None):
    writer = TextWriter(decoded.newline, decoded.encode, decoded.encoding)
    return fix_file(writer, result, path, decoded.text, data, lint, findings, unsafe, diff, snapshot)


def _docx(result, path, decoded, data, lint, findings, unsafe=False, diff=False, snapshot=None):
    return fix_docx_for_cli(decoded, result, path, lint, findings, unsafe, diff, snapshot)


def _read_only(result, path, decoded, data, lint, findings: list[Finding], unsafe=False, diff=False,
               snapshot=None):
    if fixable(findings, unsafe) or diff:
        result.notes.append(_("{path}: fixes are not applied to .pdf/.html: read-only formats").format(path=result.path))
    return decoded.text, findings


def fixer_for(decoded):
    """``fix(result, path, decoded, data, lint, findings, unsafe, diff, snapshot) -> (text, findings)``
    for this input (a ``Decoded`` text or a ``Document`` of gilint.read.formats)."""
    if isinstance(decoded, DocxDocument):
        return _docx
    if isinstance(decoded, Document):
        return _read_only
    return fix_text_for_cli
