"""What the server's code actions carry and insert (no pygls here).

- A diagnostic's ``data``: its finding's fix with offsets relative to the finding's start, so the
  data does not change when an edit elsewhere moves the finding (and the same diagnostic can be
  sent again). The server trusts it only while the current analysis still has that fix there.
- The suppression comment: ``gilint.suppress``'s syntax, ``<!-- gilint-disable-next-line
  CODE[,CODE] 理由：… -->`` on the line above (Markdown only: plain text has no invisible
  comments). The reason is left as a placeholder for the user to fill in; until then gilint
  reports the comment (GI005).

Fixes themselves are chosen and applied by ``gilint.fixes`` (as ``gilint check --fix``).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from gilint.findings import Edit, Fix
from gilint.lsp.text import LineMap, newline_of


# -- diagnostic data -------------------------------------------------------------------------
def fix_to_data(fix: Fix) -> dict:
    """The ``data`` of a diagnostic whose finding's fix, relative to its start, is ``fix``."""
    return {"fix": {"edits": [[e.start, e.end, e.new_text] for e in fix.edits], "safe": fix.safe,
                    "description": fix.description}}


def fix_from_data(data: Any, start: int) -> Optional[Fix]:
    """The fix carried in a diagnostic's ``data``, placed at ``start``; None if there is none
    or it is malformed."""
    f = data.get("fix") if isinstance(data, dict) else None
    if not isinstance(f, dict):
        return None
    try:
        edits = tuple(Edit(start + int(s), start + int(e), str(t)) for s, e, t in f["edits"])
        return Fix(edits, bool(f.get("safe")), str(f.get("description") or ""))
    except (KeyError, TypeError, ValueError):
        return None


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
            return Edit(end_codes, end_codes, f",{code}")
    return Edit(start, start, suppression_comment(code) + newline_of(line_map.text))
