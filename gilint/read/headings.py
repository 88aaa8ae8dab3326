"""Recognising headings: the six section headings and the numbered sub-headings inside them."""
from __future__ import annotations

import re

import regex

from gilint.model import Heading
from gilint.read.lines import ARTEFACT, MD_HEADING, Line
from gilint.templates import SectionDef, norm
from gilint.lazyre import lazy

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CN_NUMERALS = "一二三四五六七八九十"

# Section-level numbering: 一、 (canonical), 一. / 一． , or any sub-level style a report may use
# for its sections instead: 1、 / 1. / （一） / （1）. Which lines are sections is decided by their
# wording and their order (gilint.read.outline), not by the numbering alone.
_SECTION_MARKER_SOURCE = (
    r"(?P<marker>(?P<cn>[一二三四五六七八九十]{1,2})[ \u3000]*[、，,．.]"
    r"|[（(][ \u3000]*(?P<pcn>[一二三四五六七八九十]{1,2})[ \u3000]*[）)]"
    r"|[（(][ \u3000]*(?P<par>\d{1,2})[ \u3000]*[）)]"
    r"|(?P<ar>\d{1,2})[ \u3000]*[、．.](?!\d))[ \u3000]*")
SECTION_MARKER = lazy(regex, _SECTION_MARKER_SOURCE)
# Sub-heading numbering inside a section body.
_SUB_MARKER_SOURCE = (
    r"(?P<marker>[（(][ \u3000]*(?P<pcn>[一二三四五六七八九十]{1,2})[ \u3000]*[）)]"
    r"|[（(][ \u3000]*(?P<par>\d{1,2})[ \u3000]*[）)]"
    r"|(?P<cn>[一二三四五六七八九十]{1,2})[、，]"
    r"|(?P<ar>\d{1,2})[、．.](?!\d))[ \u3000]*")
SUB_MARKER = lazy(regex, _SUB_MARKER_SOURCE)
# ``re`` matches a text within the Basic Multilingual Plane as ``regex`` does where a pattern's
# only class the engines read differently is \d (``regex``'s also holds digits of later Unicode
# versions than ``re``'s, all beyond the BMP), and it is far cheaper per call: ~0.4 µs a match
# (not ~0.8) and ~0.2 µs for its groups (not ~2.5, ``regex``'s named groups are slow). The
# patterns above are used through ``re`` for such texts (``parse_marker``, gilint.read.outline).
BEYOND_BMP = lazy(re, "[\U00010000-\U0010ffff]")
_RE_TWINS = {id(SECTION_MARKER): lazy(re, _SECTION_MARKER_SOURCE), id(SUB_MARKER): lazy(re, _SUB_MARKER_SOURCE)}


def cn_value(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN_DIGITS.get(s[1:], 0)
    if s.endswith("十"):
        return CN_DIGITS.get(s[:-1], 0) * 10
    if len(s) == 2 and s[1] != "十":
        return -1
    return CN_DIGITS.get(s, -1) if len(s) == 1 else 10 * CN_DIGITS.get(s[0], 0) + CN_DIGITS.get(s[2:], 0)


def cn_numeral(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    return ("" if n < 20 else CN_NUMERALS[n // 10 - 1]) + "十" + (CN_NUMERALS[n % 10 - 1] if n % 10 else "")


_ARTEFACT_FIRST = ("[", "<", "&")   # (what a match of ARTEFACT starts with)


def _content_start(line: Line) -> tuple[int, int]:
    """(offset of the content after indentation and Markdown #'s, markdown level)."""
    # (each pattern tried only where it may match: a Markdown heading's # among the first four
    # characters, a conversion leftover at one of the characters it starts with)
    m = MD_HEADING.match(line.text) if "#" in line.text[:4] else None
    lead = m.end() if m else 0
    while True:   # indentation, and conversion leftovers before the numbering ([bookmark: _GoBack]五、)
        rest = line.text[lead:]
        lead += len(rest) - len(rest.lstrip(" \t\u3000\u00a0*"))
        a = ARTEFACT.match(line.text, lead) if line.text.startswith(_ARTEFACT_FIRST, lead) else None
        if a is None or a.end() == lead:
            return lead, (len(m.group(1)) if m else 0)
        lead = a.end()


def parse_marker(line: Line, pattern=SECTION_MARKER) -> Heading | None:
    if line.text.startswith("\t") or line.text.lstrip().startswith("|"):
        return None
    lead, md = _content_start(line)
    if BEYOND_BMP.search(line.text) is None:   # (read alike by re: see BEYOND_BMP)
        pattern = _RE_TWINS.get(id(pattern), pattern)
    m = pattern.match(line.text, lead)
    if not m:
        return None
    g = m.groupdict()
    if g.get("cn"):
        number, style = cn_value(g["cn"]), "cn"
    elif g.get("ar"):
        number, style = int(g["ar"]), "arabic"
    elif g.get("pcn"):
        number, style = cn_value(g["pcn"]), "paren-cn"
    else:
        number, style = int(g["par"]), "paren-arabic"
    end = len(line.text.rstrip())
    return Heading(line.text[lead:end], line.start + lead, line.start + end, number=number,
                   style=style, marker=m.group("marker"), marker_end=line.start + m.end(), md_level=md)


# Trailing punctuation of a heading's wording, taken off its normal form (``norm``, which leaves
# no whitespace: so a C-level rstrip, not a search of the whole wording for a run at its end).
_TRAIL = "。：:；;，,."


_NORMED: dict[int, tuple] = {}


def _candidates(sections: list[SectionDef]) -> tuple:
    """For one template's sections, once: (sections, [(section, wording, normalised wording,
    is_variant, character counts)] for every title and variant, {character: the indexes of
    the wordings a text starting with it may match} (``match_prefix``), {title: match} memo)."""
    entry = _NORMED.get(id(sections))
    if entry is None or entry[0] is not sections:
        cands = []
        for s in sections:
            for c in (s.title, *s.variants):
                n = norm(c)
                counts: dict[str, int] = {}
                for ch in n:
                    counts[ch] = counts.get(ch, 0) + 1
                cands.append((s, c, n, c != s.title, counts))
        # Within cap edits, one of a wording's first cap + 1 characters is among the first
        # three of a text that starts with it (an exact start: its first character).
        firsts: dict[str, list[int]] = {}
        for i, (_s, _c, n, _v, _counts) in enumerate(cands):
            for ch in set(n[:typos_allowed(n) + 1]):
                firsts.setdefault(ch, []).append(i)
        entry = _NORMED[id(sections)] = (sections, cands, firsts, {})
    return entry


def match_section(heading: Heading, sections: list[SectionDef]):
    """Which template section a numbered line is the heading of, and how well it matches:
    ("exact" | "variant" | "runon" | "fuzzy", SectionDef, matched canonical-or-variant text)."""
    raw = heading.text[heading.marker_end - heading.start:]
    if "[" in raw or "<" in raw or "&" in raw:   # (where a conversion leftover may start)
        raw = ARTEFACT.sub("", raw)
    if _longer_than_a_title(raw):
        return None
    title = norm(raw).rstrip(_TRAIL)
    if not title or len(title) > MAX_TITLE:
        return None
    _, cands, _firsts, memo = _candidates(sections)
    try:
        return memo[title]
    except KeyError:
        pass
    found = _match_title(title, cands)
    if len(memo) >= 4096:
        memo.clear()
    memo[title] = found
    return found


def _longer_than_a_title(raw: str) -> bool:
    """Whether the wording ``raw``, normalised and its trailing punctuation taken off, is
    certainly longer than MAX_TITLE, told from its first 2 × MAX_TITLE characters or so (a
    paragraph after a numeral is not normalised whole): cut before a Han character, which NFKC
    never composes with what precedes it, the normal form of the part before is the start of
    the whole's, so the whole's is at least as long."""
    for cut in range(2 * MAX_TITLE, len(raw)):
        if "\u4e00" <= raw[cut] <= "\u9fff":
            return len(norm(raw[:cut]).rstrip(_TRAIL)) > MAX_TITLE
    return False


def _match_title(title: str, cands: list):
    exact, starts, fuzzy, typos = _title_index(cands, len(title))
    found = exact.get(title)   # (a title a wording of the template: the first, a variant's after)
    if found is not None:
        return found
    for s, cand, c, _, _ in (starts.get(title[0], ()) if starts is not None else cands):
        if title.startswith(c) and len(title) > len(c):
            return "runon", s, cand
    chars = set(title)
    n = len(title)
    for s, cand, c, keys, counts in fuzzy:   # (the wordings of a length that can reach 0.85)
        if 2.0 * (len(c) - len(keys - chars)) / (n + len(c)) < 0.85:
            continue  # nor with the wording's characters the title lacks
        import difflib  # start-up: only for a heading not matched exactly
        if _quick_ratio(title, counts, len(c)) >= 0.85 and \
                difflib.SequenceMatcher(None, title, c, autojunk=False).ratio() >= 0.85:
            return "fuzzy", s, cand
    for s, cand, c, keys, counts in typos:   # one or two characters wrong or missing
        cap = typos_allowed(c)
        # (the characters one has and the other lacks are each at least one edit)
        if len(keys - chars) <= cap and max(n, len(c)) - _common(title, counts) <= cap \
                and edit_distance(title, c, cap) <= cap:
            return "fuzzy", s, cand
    return None


MAX_TITLE = 60   # characters of a heading's wording at most (normalised)
_TITLE_INDEX: dict = {}   # id(cands) → (cands, ``_title_index``)


def _title_index(cands: list, n: int) -> tuple:
    """For one template's wordings (``_candidates``): ({normalised wording: its exact match},
    {character: the wordings starting with it, in order} (None if a wording is empty: that one
    starts every title), then, in order, the wordings a title of length n may match fuzzily
    (their lengths allow a ratio of 0.85), and those it may match within the typos their length
    allows, each with the set of its characters in place of ``is_variant``); worked out once
    per template (and title length, for titles of usual length). A title is looked for among
    the wordings the first time the process sees it: most are numbered lines of body text,
    matching none, so these loops are kept short."""
    entry = _TITLE_INDEX.get(id(cands))
    if entry is None or entry[0] is not cands:
        exact: dict = {}
        for s, cand, c, variant, _ in cands:   # any title wording first, else the first variant
            if not variant and (c not in exact or exact[c][0] == "variant"):
                exact[c] = ("exact", s, cand)
            elif variant and c not in exact:
                exact[c] = ("variant", s, cand)
        starts: dict | None = {}
        for x in cands:
            if not x[2]:
                starts = None
                break
            starts.setdefault(x[2][0], []).append(x)
        keyed = [(s, cand, c, frozenset(counts), counts) for s, cand, c, _, counts in cands]
        entry = _TITLE_INDEX[id(cands)] = (cands, exact, starts, keyed, {})
    by_length = entry[4].get(n)   # (made for the lengths met only)
    if by_length is None:
        by_length = _by_length(entry[3], n)
        if n <= MAX_TITLE:
            entry[4][n] = by_length
    return (entry[1], entry[2], *by_length)


def _by_length(cands: list, n: int) -> tuple[tuple, tuple]:
    """(the wordings a title of length n may match fuzzily, those within typos), in order."""
    return (tuple(x for x in cands if 2.0 * min(n, len(x[2])) / (n + len(x[2])) >= 0.85),
            tuple(x for x in cands if abs(n - len(x[2])) <= typos_allowed(x[2])))


def typos_allowed(wording: str) -> int:
    """Characters that may be wrong or missing in a heading of this (normalised) wording and
    still be recognised: one from four characters (总休情况), two from eight."""
    return 2 if len(wording) >= 8 else 1 if len(wording) >= 4 else 0


def edit_distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance of two short strings, or cap + 1 once it must exceed ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    return min(prefix_distances(b, a, cap)[len(a)], cap + 1)


def prefix_distances(word: str, text: str, cap: int) -> list[int]:
    """[edit distance of ``word`` and text[:n] for n in 0..len(text)], each capped at cap + 1;
    a DP banded to the cells within ``cap`` of the diagonal (a heading wording is short)."""
    big = cap + 1
    n = len(text)
    prev = [min(j, big) for j in range(n + 1)]
    for i, cw in enumerate(word, 1):
        lo, hi = max(1, i - cap), min(n, i + cap)
        cur = [big] * (n + 1)
        cur[0] = min(i, big)
        for j in range(lo, hi + 1):
            d = prev[j - 1] + (cw != text[j - 1])
            if prev[j] + 1 < d:
                d = prev[j] + 1
            if cur[j - 1] + 1 < d:
                d = cur[j - 1] + 1
            cur[j] = d if d < big else big
        prev = cur
    return prev


def opens_wording(heads: str, sections: list[SectionDef]) -> bool:
    """Whether a normalised text whose first three characters are ``heads`` may start with a
    wording of the template (``match_prefix`` finds none otherwise: within its typos, one of a
    wording's first characters is among them)."""
    firsts = _candidates(sections)[2]
    return not firsts.keys().isdisjoint(heads)   # (one of them in firsts; in C)


def match_prefix(window: str, sections: list[SectionDef]):
    """The template heading that the normalised text ``window`` starts with, exactly or with
    one or two characters wrong or missing: (how, SectionDef, wording, normalised length taken
    from window) — the best (fewest differences, then longest), or None."""
    _, cands, firsts, _ = _candidates(sections)
    heads = set(window[:3])
    near = [i for ch in heads for i in firsts.get(ch, ())]   # (most windows: none)
    if not near:
        return None
    best = None
    for i in sorted(set(near)) if len(near) > 1 else near:
        s, cand, c, variant, counts = cands[i]
        if window.startswith(c):
            key = (0, -len(c))
            if best is None or key < best[0]:
                best = (key, ("variant" if variant else "exact", s, cand, len(c)))
            continue
        cap = typos_allowed(c)
        if not cap or len(window) < len(c) - cap or not heads.intersection(c[:cap + 1]):
            continue   # (within cap edits, one of the first cap + 1 characters must agree)
        part = window[:len(c) + cap]
        floor = 2.0 * (len(c) - cap) / (2 * len(c) + cap)
        # (the characters of the part the wording has at all, counted in C: an upper bound of
        # what _quick_ratio counts, enough to leave out most windows)
        if 2.0 * sum(map(counts.__contains__, part)) / (len(part) + len(c)) < floor \
                or _quick_ratio(part, counts, len(c)) < floor:
            continue
        dist = prefix_distances(c, window[:len(c) + cap], cap)
        for n in sorted(range(len(c) - cap, min(len(c) + cap, len(window)) + 1), key=lambda n: abs(n - len(c))):
            d = dist[n]
            if d <= cap:
                key = (d, -n)
                if best is None or key < best[0]:
                    best = (key, ("fuzzy", s, cand, n))
    return best[1] if best else None


def _quick_ratio(a: str, bcount: dict, blen: int) -> float:
    """difflib.SequenceMatcher(None, a, b).quick_ratio() from b's character counts (an upper
    bound of ratio(), computed exactly as difflib does, without analysing b again)."""
    length = len(a) + blen
    return 2.0 * _common(a, bcount) / length if length else 1.0


def _common(a: str, bcount: dict) -> int:
    """How many characters of ``a`` the text with character counts ``bcount`` has too
    (the size of the two multisets' intersection)."""
    avail: dict[str, int] = {}
    matches = 0
    for ch in a:
        numb = avail[ch] if ch in avail else bcount.get(ch, 0)
        avail[ch] = numb - 1
        if numb > 0:
            matches += 1
    return matches
