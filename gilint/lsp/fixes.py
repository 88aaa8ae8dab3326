"""Choosing fixes to apply together, and the suppression comment (no pygls here).

Several fixes go into one ``WorkspaceEdit`` only if their edits do not overlap: a fix is taken
whole or not at all, in document order, and skipped if any of its edits overlaps (or inserts at
the same point as) an edit already taken. The skipped ones are still reported after the next
lint, so applying "fix all" again picks them up. (A local implementation: gilint has no shared
fix-application helper yet.)
"""
from __future__ import annotations

import re

from gilint.findings import Edit, Fix
from gilint.lsp.text import LineMap, newline_of


def _conflicts(e: Edit, taken: list[Edit]) -> bool:
    for t in taken:
        if e.start < t.end and t.start < e.end:
            return True
        if e.start == t.start:                 # two edits at one point: order ambiguous
            return True
        if e.start == e.end and t.start < e.start < t.end:
            return True
    return False


def select_fixes(fixes: list[Fix]) -> list[Edit]:
    """Edits of the fixes that can be applied together, sorted by position."""
    taken: list[Edit] = []
    ordered = sorted(fixes, key=lambda f: min((e.start, e.end) for e in f.edits) if f.edits else (0, 0))
    for fix in ordered:
        if not fix.edits:
            continue
        if any(_conflicts(e, taken) for e in fix.edits):
            continue
        # a fix's own edits must not overlap each other either
        own: list[Edit] = []
        ok = True
        for e in sorted(fix.edits, key=lambda e: (e.start, e.end)):
            if _conflicts(e, own):
                ok = False
                break
            own.append(e)
        if ok:
            taken.extend(own)
    return sorted(taken, key=lambda e: (e.start, e.end))


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.new_text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


# -- suppression -------------------------------------------------------------------------
SUPPRESS_PLACEHOLDER = "理由："
_MD_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def is_markdown(language_id: str | None, uri: str) -> bool:
    if language_id:
        return language_id.lower() in ("markdown", "md")
    return uri.lower().endswith(_MD_SUFFIXES)


def suppression_comment(code: str) -> str:
    return f"<!-- gilint-disable-next-line {code} {SUPPRESS_PLACEHOLDER} -->"


_EXISTING = re.compile(r"^(?P<indent>[ \t]*)<!--\s*gilint-disable-next-line\s+(?P<codes>[A-Za-z0-9_,\s-]*?)"
                       r"(?P<rest>\s+理由[:：].*?)?\s*-->\s*$")


def suppression_edit(line_map: LineMap, offset: int, code: str) -> Edit:
    """The edit that disables ``code`` on the line containing ``offset`` (Markdown): a
    ``<!-- gilint-disable-next-line CODE 理由： -->`` line above it, or the code added to such a
    comment that is already there."""
    line, _ = line_map.line_col(offset)
    start, _end = line_map.line_bounds(line)
    if line > 0:
        ps, pe = line_map.line_bounds(line - 1)
        m = _EXISTING.match(line_map.text[ps:pe])
        if m:
            codes = [c for c in re.split(r"[\s,]+", m.group("codes")) if c]
            if code in codes:
                return Edit(ps, ps, "")
            end_codes = ps + m.end("codes")
            # keep what follows the codes (the reason) as it is
            while end_codes > ps + m.start("codes") and line_map.text[end_codes - 1].isspace():
                end_codes -= 1
            return Edit(end_codes, end_codes, f" {code}")
    return Edit(start, start, suppression_comment(code) + newline_of(line_map.text))
