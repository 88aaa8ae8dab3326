"""The report's outline: which lines (or places inside a line) are the six section headings.

A section heading is recognised by its wording — the template's, a known variant (older and
local wordings), or one with one or two characters wrong or missing — and by its number, in
any numbering style (一、 4、 四. （四） (4)), at the start of a line or inside one (text crawled
from a web page often comes as one line: headings, paragraphs and cells run together).

Each line's candidates are a pure function of its text (memoised per line by the caller).
Which candidates are sections is then decided over the whole document:

- a *strong* candidate — at the start of a line, numbered 一、二、… with the numeral of the
  section it matches — is always a section heading (a second one for the same section is a
  repeated section, GI102);
- a *weak* one (another numbering style, a numeral that is not the section's, inside a line) is
  taken only for a section no strong heading names, where it fits the order of the others,
  and only if it is numbered like a section: 一、-style numerals may be wrong (GI104 renumbers
  them), other styles must carry the section's own number — so that `1.主动公开政府信息的情况`
  under 一 is a sub-item, not section 二.

A line holding more than one heading, or a heading after other text, is cut into virtual lines
at each heading's start and end (``split_points``): the sections and their bodies are then read
as if the crawler had kept the line breaks.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, compress, repeat
from operator import is_

import re

import regex

from gilint.memo import owned_memo, recall
from gilint.model import Heading
from gilint.record import FrozenRecord
from gilint.read.headings import (BEYOND_BMP, SECTION_MARKER, _content_start, cn_value, match_prefix, match_section,
                                  opens_wording)
from gilint.read.lines import ARTEFACT, ARTEFACT_SOURCE, Line
from gilint.templates import Template, norm
from gilint.read.headings import parse_marker
from gilint.lazyre import lazy

# A section numeral inside a line, after a sentence end, a blank, a bracket or (一、 only) a
# table cell's digits. Other styles than 一、 are common inside prose: a heading numbered so
# inside a line must have the template's wording exactly (``_inline``).
# Both patterns open with the characters a marker starts with (its numeral, its bracket): a
# lookahead that changes no match, but lets the search skip to where one may start instead of
# trying the pattern — its lookbehinds first — at every character (3-6× faster on report lines).
_MARKER_FIRST = r"(?=[一二三四五六1-6（(])"
INLINE_MARKER = lazy(regex, _MARKER_FIRST + "(?:" +
    r"(?:(?<=[。；;！!？?：:\s\u3000）)】\]\d”\"]|^)(?P<marker>(?P<cn>[一二三四五六])[ \u3000]*[、．.][ \u3000]*)"
    r"|(?<=[。；;！!？?：:\s\u3000）)】\]”\"]|^)(?P<marker>(?:(?P<ar>[1-6])[ \u3000]*[、．.](?!\d)"
    r"|[（(][ \u3000]*(?:(?P<pcn>[一二三四五六])|(?P<par>[1-6]))[ \u3000]*[）)])[ \u3000]*))" + ")")
GLUED_MARKER = lazy(regex, _MARKER_FIRST + "(?:" +
    r"(?P<marker>(?P<cn>[一二三四五六])[ \u3000]*[、．.][ \u3000]*)"
    r"|(?P<marker>(?:(?P<ar>[1-6])[ \u3000]*[、．.](?!\d)"
    r"|[（(][ \u3000]*(?:(?P<pcn>[一二三四五六])|(?P<par>[1-6]))[ \u3000]*[）)])[ \u3000]*)" + ")")
# Only lines that hold such a numeral are looked at for in-line headings (most lines do not).
# (No class the two engines read differently: run by ``re``, see below.)
_MAYBE_INLINE = lazy(re, r"[一二三四五六1-6][ \u3000]*[、．.）)]")
_MAYBE_HEADING_SOURCE = rf"(?:[ \t\u3000\u00a0#*]|{ARTEFACT_SOURCE})*(?:[一二三四五六七八九十（(]|\d)"
_MAYBE_HEADING = lazy(regex, _MAYBE_HEADING_SOURCE)
# INLINE_MARKER and _MAYBE_HEADING for ``re``, which runs them 2-3× faster than ``regex`` does (on
# a short line the engine's own work per call and per character is most of a search), used for
# the lines both engines read alike: those within the Basic Multilingual Plane (``regex``'s \d
# also holds digits of later Unicode versions than ``re``'s, all beyond it: see
# gilint.read.headings.BEYOND_BMP). ``\s`` is written
# out as ``regex`` reads it (``re``'s also holds U+001C–U+001F); ``re`` repeats no group name
# and its lookbehinds have one width: the marker group is left out (it is the whole match: see
# ``_inline``), a lookbehind "or the start" is an alternative. tests/test_outline_engines.py
# checks that the engines agree.
_WHITE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INLINE_MARKER_RE = lazy(re, _MARKER_FIRST + "(?:" +
    r"(?:(?<=[。；;！!？?：:" + _WHITE + r"）)】\]\d”\"])|^)(?P<cn>[一二三四五六])[ \u3000]*[、．.][ \u3000]*"
    r"|(?:(?<=[。；;！!？?：:" + _WHITE + r"）)】\]”\"])|^)(?:(?P<ar>[1-6])[ \u3000]*[、．.](?!\d)"
    r"|[（(][ \u3000]*(?:(?P<pcn>[一二三四五六])|(?P<par>[1-6]))[ \u3000]*[）)])[ \u3000]*" + ")")
_MAYBE_HEADING_RE = lazy(re, _MAYBE_HEADING_SOURCE)
_ARTEFACT_START = lazy(regex, r"[\[<&]")   # where a conversion leftover may begin


class _CharNorm(dict):
    """A character → its normal form (``norm``), computed once per character."""

    def __missing__(self, ch: str) -> str:
        n = self[ch] = norm(ch)
        return n


_NORM_CHAR = _CharNorm()
WINDOW = 48     # characters after an in-line numeral in which a heading's wording is looked for


class Candidate(FrozenRecord):
    """A place in a line that may be a section heading (offsets relative to the line)."""
    FIELDS = {"heading": ..., "number": ..., "how": ..., "canonical": ..., "at_start": ...}

    def __init__(self, heading: Heading, number: int, how: str, canonical: str, at_start: bool):
        d = self.__dict__   # (frozen: fields set once, here)
        d["heading"] = heading        # the numbering and the wording, as written (title_end = heading.end)
        d["number"] = number          # the template section its wording matches
        d["how"] = how                # exact | variant | runon | fuzzy
        d["canonical"] = canonical    # the template wording (title or variant) it matched
        d["at_start"] = at_start      # at the start of the line (after indentation and Markdown #'s)

    @property
    def strong(self) -> bool:
        h = self.heading
        return h.style == "cn" and h.number == self.number and (self.at_start or self.how in ("exact", "variant"))

    @property
    def plausible(self) -> bool:
        """Numbered like a section: 一、-style (even with the wrong numeral) or the section's own
        number in another style."""
        return self.heading.style == "cn" or self.heading.number == self.number

    @property
    def weight(self) -> int:
        h = self.heading
        return ({"exact": 4, "variant": 3, "runon": 3}.get(self.how, 2) + self.at_start
                + (h.number == self.number) + (h.style == "cn"))


_SHARED: dict = {}   # id(template) → (template, {line: candidates}): lines recur across reports
_SHARED_SIZE = 16384   # lines per template at most
_LONG = 300            # characters of a line not memoised (a page run into one line, unlikely to recur)


def line_candidates(line: str, tpl: Template) -> tuple[Candidate, ...]:
    """The section-heading candidates of one line, in order (empty for most lines); memoised
    for the process for lines of usual length."""
    if len(line) > _LONG:
        return _line_candidates(line, tpl)
    return recall(_SHARED, tpl, line, lambda t: _line_candidates(t, tpl), _SHARED_SIZE)


def candidates_of_lines(lines: list[str], tpl: Template) -> list[tuple[Candidate, ...]]:
    """``line_candidates`` of each line; the lines seen before looked up in one C-level pass,
    the others (hundreds in a new report) read and remembered here, not through ``recall``."""
    memo = owned_memo(_SHARED, tpl)
    found = list(map(memo.get, lines))
    if None in found:
        for i in compress(range(len(found)), map(is_, found, repeat(None))):
            line = lines[i]
            got = memo.get(line)   # (a line repeated in the text is read once)
            if got is None:
                got = _line_candidates(line, tpl)
                if len(line) <= _LONG:
                    if len(memo) >= _SHARED_SIZE:
                        memo.clear()
                    memo[line] = got
            found[i] = got
    return found


def _line_candidates(line: str, tpl: Template) -> tuple[Candidate, ...]:
    if not line.strip():
        return ()
    out: list[Candidate] = []
    plain = BEYOND_BMP.search(line) is None   # (read alike by re's patterns, and faster)
    maybe_heading = _MAYBE_HEADING_RE if plain else _MAYBE_HEADING
    start = _at_start(line, tpl) if len(line) <= 2000 and maybe_heading.match(line) else None
    if start is not None:
        out.append(start)
    if len(line) > 12 and _MAYBE_INLINE.search(line):
        skip = start.heading.end if start is not None else 0
        # In a page run into one line with nothing between its parts, a heading may follow any
        # character: there an 一、 heading with the template's exact wording is looked for anywhere.
        pattern = GLUED_MARKER if len(line) > 300 else _INLINE_MARKER_RE if plain else INLINE_MARKER
        for m in pattern.finditer(line, skip):
            if m.start() < skip:
                continue
            c = _inline(line, m, tpl)
            if c is not None and pattern is GLUED_MARKER and c.how not in ("exact", "variant") \
                    and not INLINE_MARKER.match(line, m.start()):
                c = None
            if c is not None:
                out.append(c)
                skip = c.heading.end
    if start is not None and len(out) > 1 and start.how == "runon":
        # A line of several headings is text run together (a crawl), not a heading with its
        # body text run into it: the first heading ends where its wording ends.
        out[0] = _cut_runon(line, start, tpl) or start
    return tuple(out)


def _at_start(line: str, tpl: Template) -> Candidate | None:
    ln = Line(line, 0, len(line))
    h = _parse_start(ln)
    if h is None:
        return None
    m = match_section(h, tpl.sections)
    if m is not None:
        how, sdef, canon = m
        return Candidate(h, sdef.number, how, canon, True)
    # A long line starting with a heading: its wording, then run-on text (or a crawl).
    found = _prefix(line, h.marker_end, tpl)
    if found is None:
        return None
    how, sdef, canon, end = found
    if how != "exact" and how != "variant":
        return None   # a fuzzy wording followed by more text: too weak to call it a heading
    return Candidate(Heading(line[h.start:len(line.rstrip())], h.start, len(line.rstrip()), h.number, h.style,
                             h.marker, h.marker_end, h.md_level), sdef.number, "runon", canon, True)


def _parse_start(ln: Line) -> Heading | None:
    return parse_marker(ln, SECTION_MARKER)


def _cut_runon(line: str, c: Candidate, tpl: Template) -> Candidate | None:
    found = _prefix(line, c.heading.marker_end, tpl)
    if found is None:
        return None
    how, sdef, canon, end = found
    h = c.heading
    return Candidate(Heading(line[h.start:end], h.start, end, h.number, h.style, h.marker, h.marker_end, h.md_level),
                     sdef.number, how, canon, True)


def _inline(line: str, m, tpl: Template) -> Candidate | None:
    found = _prefix(line, m.end(), tpl)
    if found is None:
        return None
    how, sdef, canon, end = found
    g = m.groupdict()
    if g["cn"]:
        number, style = cn_value(g["cn"]), "cn"
    elif how not in ("exact", "variant"):
        return None
    elif g["ar"]:
        number, style = int(g["ar"]), "arabic"
    elif g["pcn"]:
        number, style = cn_value(g["pcn"]), "paren-cn"
    else:
        number, style = int(g["par"]), "paren-arabic"
    a = m.start()
    marker = m.group()   # (the marker group of INLINE_MARKER and GLUED_MARKER: the whole match)
    h = Heading(line[a:end], a, end, number, style, marker.rstrip(" \u3000"), m.end(), 0)
    return Candidate(h, sdef.number, how, canon, a == _content_start(Line(line, 0, len(line)))[0])


_WINDOWS: dict = {}   # id(template) → (template, {window: _window_prefix}): windows recur


def _prefix(line: str, at: int, tpl: Template):
    """(how, section, wording, end offset in the line) of the heading wording that starts at
    ``at``, or None. A function of the WINDOW characters from there, memoised for the process:
    they recur (a row label's ``1.属于国家秘密 |``), and a numbered line is asked twice, as a
    heading at its start and for an in-line heading there."""
    raw = line[at:at + WINDOW]
    memo = owned_memo(_WINDOWS, tpl)
    found = memo.get(raw, _NONE)
    if found is _NONE:
        if len(memo) >= _SHARED_SIZE:
            memo.clear()
        found = memo[raw] = _window_prefix(raw, tpl)
    if found is None:
        return None
    how, sdef, canon, end = found
    return how, sdef, canon, at + end


_NONE = object()


def _window_prefix(raw: str, tpl: Template):
    """``_prefix`` at offset 0 of a window ``raw``."""
    if not _may_open_wording(raw, tpl):
        return None
    if not _ARTEFACT_START.search(raw):   # (the usual case: no conversion leftover to skip)
        chars = list(map(_NORM_CHAR.__getitem__, raw))
        found = match_prefix("".join(chars), tpl.sections)
        if found is None:
            return None
        how, sdef, canon, n = found
        # the raw offset just after the character whose normal form holds the n-th one
        return how, sdef, canon, bisect_left(list(accumulate(map(len, chars))), n) + 1
    # normalised characters and, for each, the raw offset just after it
    normed, ends = [], []
    skip = 0   # conversion leftovers inside the wording (改进[bookmark: _GoBack]情况) are not part of it
    for i, ch in enumerate(raw):
        if i < skip:
            continue
        a = ARTEFACT.match(raw, i) if ch in "[<&" else None
        if a is not None:
            skip = a.end()
            continue
        n = ch if "\u4e00" <= ch <= "\u9fff" else norm(ch)   # (a plain Han character is its own form)
        for c in n:
            normed.append(c)
            ends.append(i + 1)
    window = "".join(normed)
    if not window:
        return None
    found = match_prefix(window, tpl.sections)
    if found is None:
        return None
    how, sdef, canon, n = found
    return how, sdef, canon, ends[n - 1]


def _may_open_wording(raw: str, tpl: Template) -> bool:
    """``opens_wording`` of the first three normalised characters of ``raw`` — most places after
    a numeral open no wording (a table row's ``2.重复申请 | 13 |``): told from three characters,
    not by normalising the whole window; True where a conversion leftover, skipped by
    ``_prefix``, may come first."""
    first = raw[:3]
    if "[" not in first and "<" not in first and "&" not in first:
        # (the usual case, in C: the loop below stops within these three characters)
        heads = "".join(map(_NORM_CHAR.__getitem__, first))
        if len(heads) >= 3:
            return opens_wording(heads[:3], tpl.sections)
    heads = ""
    for ch in raw:
        if ch in "[<&":
            return True
        heads += _NORM_CHAR[ch]
        if len(heads) >= 3:
            break
    return opens_wording(heads[:3], tpl.sections)


def choose(cands: list[tuple[int, Candidate]]) -> list[tuple[int, Candidate]]:
    """The candidates that are section headings: (line start, candidate) pairs in document
    order → those chosen (see the module's docstring)."""
    strong = [(a, c) for a, c in cands if c.strong]
    first: dict[int, int] = {}
    for a, c in strong:
        first.setdefault(c.number, a + c.heading.start)
    weak = []
    for a, c in cands:
        if c.strong or c.number in first or not c.plausible:
            continue
        pos = a + c.heading.start
        if all((n < c.number) == (p < pos) for n, p in first.items()):
            weak.append((a, c))
    if not weak:
        return strong
    # The heaviest chain of weak candidates with increasing section numbers (in document order).
    best: list[tuple[int, list]] = []
    for i, (a, c) in enumerate(weak):
        score, chain = c.weight, [i]
        for j in range(i):
            s, ch = best[j]
            if weak[j][1].number < c.number and s + c.weight > score:
                score, chain = s + c.weight, ch + [i]
        best.append((score, chain))
    chain = max(best, key=lambda x: x[0])[1]
    chosen = strong + [weak[i] for i in chain]
    chosen.sort(key=lambda x: x[0] + x[1].heading.start)
    return chosen


def split_points(line: str, cands: tuple[Candidate, ...]) -> tuple[int, ...]:
    """Where a line is cut into virtual lines (relative offsets): before each in-line heading
    and after each heading of a line that holds several (or text before its heading)."""
    if not cands or (len(cands) == 1 and cands[0].at_start):
        return ()
    cuts = set()
    for c in cands:
        h = c.heading
        if not c.at_start:
            cuts.add(h.start)
        if h.end < len(line.rstrip()):
            cuts.add(h.end)
    return tuple(sorted(x for x in cuts if 0 < x < len(line)))
