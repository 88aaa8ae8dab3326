"""Shared by GI101 and GI103: the sub-heading, inside the section before, that carries a section whose own heading was lost."""
from __future__ import annotations

from gilint.templates import norm


SECTION_KEYWORDS = {5: ("问题", ()), 6: ("其他需要报告", ())}


def lost_heading_section(report, sdef):
    """The sub-heading inside another section that carries this section's content, if any."""
    words = SECTION_KEYWORDS.get(sdef.number)
    if not words:
        return None
    must, any_of = words
    prev = max((s for s in report.sections if s.number < sdef.number), key=lambda s: s.number, default=None)
    if prev is None:
        return None
    for h in prev.subheadings:
        t = norm(h.text)
        if must in t and (not any_of or any(w in t for w in any_of)) and len(t) <= 40:
            return h
    return None
