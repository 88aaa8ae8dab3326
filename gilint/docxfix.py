"""The .docx writer of the fix loop (``gilint.fixes.fix_loop``): the edits go into the
document's runs instead of a text file.

Each pass the loop takes the fixes ``gilint.fixes.apply_fixes`` would take on the canonical
text, but only those whose every edit maps onto ``w:t`` nodes of one paragraph (``map_edit``);
the writer writes them (the new text in the first run of the edited range, the other runs of
the range trimmed, formatting untouched), saves the package, reads it back and requires the
rendered text to be exactly the fixed text; the loop lints again. Fixes that cannot be written
safely are reported on stderr, never applied in part. The file is replaced atomically, once,
at the end (``gilint.writers``).
"""
from __future__ import annotations

import copy
import io

from gilint.fixes import WriteFailed
from gilint.i18n import N_, gettext as _
from gilint.read.formats.docx import XML_SPACE, DocxDocument, Piece, open_docx, render_docx, w


class Unmappable(Exception):
    pass


def _piece_for(pieces: list[Piece], s: int, e: int) -> Piece | None:
    best = None
    for p in pieces:       # few hundred pieces: a scan is fine
        if p.start <= s and e <= p.end:
            if p.nodes or best is None:
                best = p
            if p.nodes:
                return p
        elif p.start > e:
            break
    return best


def map_edit(pieces: list[Piece], s: int, e: int, new: str):
    """(piece, local start, local end) for an edit that can be written into runs; raises
    Unmappable with the reason otherwise."""
    if "\n" in new or "\r" in new or "\t" in new:
        raise Unmappable(_("it adds a line or a cell"))
    p = _piece_for(pieces, s, e)
    if p is None:
        raise Unmappable(_("it spans paragraphs or cells"))
    ls, le = s - p.start, e - p.start
    if not p.nodes:
        if p.end == p.start and ls == le == 0:
            return p, ls, le          # an empty paragraph or cell: a new run
        raise Unmappable(_("it touches text Word generates (numbering, tabs, breaks)"))
    covered = 0
    for off, _t, n in p.nodes:
        covered += max(0, min(le, off + n) - max(ls, off))
    if covered != le - ls:
        raise Unmappable(_("it touches text Word generates (numbering, tabs, breaks)"))
    if ls == le and not any(off < ls <= off + n or off == ls for off, _t, n in p.nodes):
        raise Unmappable(_("it inserts next to text Word generates (numbering, tabs, breaks)"))
    return p, ls, le


def _set(t, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def write_edit(p: Piece, ls: int, le: int, new: str) -> None:
    """Replace the piece's characters [ls, le) with ``new`` in its w:t nodes."""
    if not p.nodes:
        from docx.oxml import OxmlElement  # optional: python-docx (the formats extra) only for a .docx
        r = OxmlElement("w:r")
        mark = p.p.find(f"{w('pPr')}/{w('rPr')}")
        if mark is not None:
            r.append(copy.deepcopy(mark))
        t = OxmlElement("w:t")
        _set(t, new)
        r.append(t)
        p.p.append(r)
        return
    if ls == le:
        for off, t, n in p.nodes:
            if off < ls <= off + n:
                k = ls - off
                _set(t, t.text[:k] + new + t.text[k:])
                return
        for off, t, n in p.nodes:
            if off == ls:
                _set(t, new + t.text)
                return
        raise Unmappable(_("no run at the insertion point"))
    first = True
    for off, t, n in p.nodes:
        a, b = max(ls, off), min(le, off + n)
        if b <= a:
            continue
        old = t.text
        ka, kb = a - off, b - off
        if first:
            _set(t, old[:ka] + new + old[kb:])
            first = False
        else:
            _set(t, old[:ka] + old[kb:])


def _effective_edits(fix, text):
    return [e for e in fix.edits if text[e.start:e.end] != e.new_text]


class DocxWriter:
    """The writer of a .docx for ``gilint.fixes.fix_loop`` (see ``TextWriter``): a pass's
    edits go into the runs of the package as it was after the last pass kept; the package is
    saved, read back, and must render exactly the fixed text. ``data`` is the bytes of the last
    pass kept (None while nothing changed)."""
    newline = "\n"
    unwritable_hint = N_("cannot be written into the .docx safely; edit it in Word")   # translated where shown

    def __init__(self, doc: DocxDocument):
        self.doc = doc
        self.data: bytes | None = None
        self._state, self._now = doc.data, None
        self._package = self._rendered = None

    def begin(self, text: str) -> None:
        self._package = open_docx(self._state)
        self._rendered = render_docx(self._package, self._state)
        if self._rendered.text != text:      # cannot happen: rendering is deterministic
            raise WriteFailed(_("the document does not read back the same"))

    def cannot_write(self, fix, text: str) -> str | None:
        try:
            for e in _effective_edits(fix, text):
                map_edit(self._rendered.pieces, e.start, e.end, e.new_text)
        except Unmappable as exc:
            return str(exc)
        return None

    def write(self, text: str, new_text: str, edits):
        try:
            mapped = [map_edit(self._rendered.pieces, e.start, e.end, e.new_text) + (e.new_text,)
                      for e in edits]
            for p, ls, le, new in sorted(mapped, key=lambda m: (m[0].start + m[1]), reverse=True):
                write_edit(p, ls, le, new)
            out = io.BytesIO()
            self._package.save(out)
            new_state = out.getvalue()
            check = render_docx(open_docx(new_state), new_state)
        except Exception as exc:  # noqa: BLE001 - never write a document we could not verify
            raise WriteFailed(_("writing them failed ({error})").format(error=f"{type(exc).__name__}: {exc}")) from None
        if check.text != new_text:
            raise WriteFailed(_("with them the document would not read as the fixed text"))
        return new_state, check

    def accept(self, written) -> None:
        self._state, self._now = written
        self.data = self._state

    def finish(self, saved: bool) -> None:
        """The findings are now about the fixed document: locate them in it."""
        if self._now is None:
            return
        doc, now = self.doc, self._now
        if saved:
            doc.data = self._state
        doc.text, doc.segments, doc.pieces = now.text, now.segments, now.pieces
        doc._starts = [s.start for s in doc.segments]
