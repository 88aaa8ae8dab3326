"""``gilint check --fix`` on a .docx: the fix loop of ``gilint.fixes`` with the edits written
into the document's runs instead of a text file.

Each pass takes the fixes ``gilint.fixes.apply_fixes`` would take on the canonical text, but
only those whose every edit maps onto ``w:t`` nodes of one paragraph (``map_edit``); writes
them (the new text in the first run of the edited range, the other runs of the range trimmed,
formatting untouched); saves the package; reads it back and requires the rendered text to be
exactly the fixed text; lints again. Fixes that cannot be written safely are reported on
stderr, never applied in part. The file is replaced atomically, once, at the end.
"""
from __future__ import annotations

import copy
import io
from collections import Counter

from gilint.fixes import MAX_PASSES, apply_fixes, fixable, refusal, unified_diff, write_fixed
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
        raise Unmappable("it adds a line or a cell")
    p = _piece_for(pieces, s, e)
    if p is None:
        raise Unmappable("it spans paragraphs or cells")
    ls, le = s - p.start, e - p.start
    if not p.nodes:
        if p.end == p.start and ls == le == 0:
            return p, ls, le          # an empty paragraph or cell: a new run
        raise Unmappable("it touches text Word generates (numbering, tabs, breaks)")
    covered = 0
    for off, _t, n in p.nodes:
        covered += max(0, min(le, off + n) - max(ls, off))
    if covered != le - ls:
        raise Unmappable("it touches text Word generates (numbering, tabs, breaks)")
    if ls == le and not any(off < ls <= off + n or off == ls for off, _t, n in p.nodes):
        raise Unmappable("it inserts next to text Word generates (numbering, tabs, breaks)")
    return p, ls, le


def _set(t, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def write_edit(p: Piece, ls: int, le: int, new: str) -> None:
    """Replace the piece's characters [ls, le) with ``new`` in its w:t nodes."""
    if not p.nodes:
        from docx.oxml import OxmlElement
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
        raise Unmappable("no run at the insertion point")
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


def fix_docx_for_cli(doc: DocxDocument, result, path, lint, findings, unsafe=False, diff=False,
                     snapshot=None):
    """The --fix / --diff of one .docx (see the module docstring). Updates ``doc`` to the fixed
    document (text, source map) so that findings are located in it; returns (text, findings).
    The file is replaced only if it is still as ``snapshot`` (gilint.fixes.Snapshot) says."""
    original_text, original = doc.text, doc.data
    if path == "-" and not diff:
        result.output = original
    why = refusal(findings)
    if why:
        if fixable(findings, unsafe):
            result.notes.append(f"{result.path}: not fixed: {why}; correct it by hand first")
        return doc.text, findings
    state, text, current, cur = original, doc.text, findings, doc
    skipped: dict[tuple, str] = {}
    fixed = 0
    for _ in range(MAX_PASSES):
        package = open_docx(state)
        rendered = render_docx(package, state)
        if rendered.text != text:      # cannot happen: rendering is deterministic
            result.notes.append(f"{result.path}: fixes not applied: the document does not read "
                                f"back the same")
            break
        ok = []
        for f in fixable(current, unsafe):
            edits = _effective_edits(f.fix, text)
            if not edits:
                continue
            try:
                for e in edits:
                    map_edit(rendered.pieces, e.start, e.end, e.new_text)
            except Unmappable as exc:
                skipped.setdefault((f.code, f.message), str(exc))
                continue
            ok.append(f)
        new_text, applied = apply_fixes(text, ok, unsafe, "\n")
        if not applied:
            break
        try:
            mapped = [map_edit(rendered.pieces, e.start, e.end, e.new_text) + (e.new_text,)
                      for f in applied for e in f.fix.edits]
            for p, ls, le, new in sorted(mapped, key=lambda m: (m[0].start + m[1]), reverse=True):
                write_edit(p, ls, le, new)
            out = io.BytesIO()
            package.save(out)
            new_state = out.getvalue()
            check = render_docx(open_docx(new_state), new_state)
        except Exception as exc:  # noqa: BLE001 - never write a document we could not verify
            result.notes.append(f"{result.path}: fixes not applied: writing them failed "
                                f"({type(exc).__name__}: {exc})")
            break
        if check.text != new_text:
            result.notes.append(f"{result.path}: fixes not applied: with them the document would "
                                f"not read as the fixed text")
            break
        after = lint(new_text)
        why = refusal(after)
        if why:
            result.notes.append(f"{result.path}: some fixes not applied: with them, {why}")
            break
        state, text, current, cur = new_state, new_text, after, check
        fixed += len(applied)
    # Fixes still open that could not be written (the ones fixed later are not listed).
    still = {(f.code, f.message) for f in current}
    codes = Counter(code for (code, msg) in skipped if (code, msg) in still)
    if codes:
        reasons = sorted({r for k, r in skipped.items() if k in still})
        listed = ", ".join(f"{c}" + (f" ×{n}" if n > 1 else "") for c, n in sorted(codes.items()))
        result.notes.append(f"{result.path}: fixes for {listed} not applied: {'; '.join(reasons)} "
                            f"(cannot be written into the .docx safely; edit it in Word)")
    if fixed:
        result.fixed = fixed
        if diff:
            result.diff = unified_diff(original_text, text, result.path)
        elif path == "-":
            result.output = state
        elif not write_fixed(result, path, state, snapshot):
            result.fixed = 0
            return original_text, findings
        else:
            doc.data = state
        # Findings are now about the fixed document: locate them in it.
        doc.text, doc.segments, doc.pieces = cur.text, cur.segments, cur.pieces
        doc._starts = [s.start for s in doc.segments]
    return text, current
