"""Which fix loop writes a checked input back (``gilint check --fix/--diff``): plain text in its
own encoding (gilint.fixes), a .docx into its runs (gilint.docxfix), or nothing at all for the
read-only formats (.pdf, .html), which the CLI then says once per file."""
from __future__ import annotations

from gilint.docxfix import fix_docx_for_cli
from gilint.findings import Finding
from gilint.fixes import fix_for_cli, fixable
from gilint.read.formats.base import Document
from gilint.read.formats.docx import DocxDocument


def _docx(result, path, decoded, data, lint, findings, unsafe=False, diff=False, snapshot=None):
    return fix_docx_for_cli(decoded, result, path, lint, findings, unsafe, diff, snapshot)


def _read_only(result, path, decoded, data, lint, findings: list[Finding], unsafe=False, diff=False,
               snapshot=None):
    if fixable(findings, unsafe) or diff:
        result.notes.append(f"{result.path}: fixes are not applied to .pdf/.html: read-only formats")
    return decoded.text, findings


def fixer_for(decoded):
    """``fix(result, path, decoded, data, lint, findings, unsafe, diff, snapshot) -> (text, findings)``
    for this input (a ``Decoded`` text or a ``Document`` of gilint.read.formats)."""
    if isinstance(decoded, DocxDocument):
        return _docx
    if isinstance(decoded, Document):
        return _read_only
    return fix_for_cli
