"""Text → Report: title, preamble, the six sections, their sub-headings and tables.

Sections are found by their headings (numbered lines whose wording matches a template
section); each section is then read on its own, as a pure function of its text, so that the
engine can cache it and re-read only sections an edit touched.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter, itemgetter

import regex

from gilint.settings import ReadSettings
from gilint.record import Record
from gilint.memo import Memo, SizedCache, lookup_again, lookup_all, remember, trim, truthy_indices
from gilint.model import Cell, Heading, Report, Section, Span, Table
from gilint.read.cells import rows_at
from gilint.read.headings import SUB_MARKER, parse_marker
from gilint.read.furniture import NAVIGATION, footer_start, title_in_line
from gilint.read.region import PROSE, flag_counts, is_grid, is_stream_of, layout_of, table_region
from gilint.read.stream import rows_from_stream, tokens
from gilint.read.outline import candidates_of_lines, choose, line_candidates, split_points
from gilint.read.lines import (MD_HEADING, Line, common_affixes, first_line_to_resplit, line_texts,
                               make_lines, relines, split_lines)
from gilint.read.tables import read_section2, read_section3, read_section4
from gilint.templates import Template, norm
from gilint.lazyre import lazy
from gilint.storedre import compile as compile_regex

YEAR = lazy(regex, r"((?:19|20)\d{2})\s*年")
DATE_LINE = lazy(regex, r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DIGIT = lazy(regex, r"\d")


class HeadingMatch(Record):
    # heading: Heading, number: int, how: exact | variant | runon | fuzzy, canonical: the
    # matched title or variant, line_start: where the heading's (virtual) line starts
    FIELDS = {"heading": ..., "number": ..., "how": ..., "canonical": ..., "line_start": 0}

    def __init__(self, heading: Heading, number: int, how: str, canonical: str, line_start: int = 0):
        self.heading = heading
        self.number = number
        self.how = how
        self.canonical = canonical
        self.line_start = line_start


def find_section_headings(lines: tuple[list[int], list[str]], tpl: Template,
                          memo: dict | None = None) -> list[HeadingMatch]:
    """The section headings of ``tpl`` among the lines (``line_texts``). ``memo`` maps a line's
    text to its candidates (``outline.line_candidates``, relative offsets), so that re-reading an
    edited document only reads the lines it has not seen; it must be used with one template only."""
    return headings_and_lines(lines, tpl, memo)[0]


def headings_and_lines(lines: tuple[list[int], list[str]], tpl: Template, memo: dict | None = None,
                       reader: SectionReader | None = None):
    """(the section headings, the lines to read the sections from): the document's lines, or —
    where a line holds headings run together with other text — those lines cut at them.
    ``memo``: as for ``find_section_headings`` (None: a one-shot reading, no memo to keep);
    ``reader``: the SectionReader whose last lines these most likely repeat, but for an edit
    (only the lines it changed are looked up in ``memo``)."""
    starts, texts = lines
    if memo is None:
        hits = candidates_of_lines(texts, tpl)
        where = truthy_indices(hits)
    elif reader is not None:
        hits, where, reader.headings_looked_up = lookup_again(
            memo, texts, lambda t: line_candidates(t, tpl), reader.headings_looked_up)
    else:
        hits = lookup_all(memo, texts, lambda t: line_candidates(t, tpl))
        where = truthy_indices(hits)
    found = [(starts[i], c) for i in where for c in hits[i]]
    cut = {i: split_points(texts[i], hits[i]) for i in where}
    cut = {i: p for i, p in cut.items() if p}
    matches = []
    for a, c in choose(found):
        h = c.heading
        line_start = a if c.at_start else a + h.start
        matches.append(HeadingMatch(_moved(h, a), c.number, c.how, c.canonical, line_start))
    if not cut:
        return matches, lines
    new_starts, new_texts = [], []
    for i, (a, t) in enumerate(zip(starts, texts)):
        points = cut.get(i)
        if not points:
            new_starts.append(a)
            new_texts.append(t)
            continue
        prev = 0
        for p in (*points, len(t)):
            new_starts.append(a + prev)
            new_texts.append(t[prev:p])
            prev = p
    return matches, (new_starts, new_texts)


def _moved(h: Heading, delta: int) -> Heading:
    """A copy of a heading read from a line, placed ``delta`` further."""
    return Heading(h.text, h.start + delta, h.end + delta, h.number, h.style, h.marker,
                   h.marker_end + delta, h.md_level)


_MISS = object()
_SKIP = object()        # a blank line or a page number: not part of the text
# Section models kept across lints: at most this many characters of section text (about 8 MB)
# — a few dozen versions of a 1 MB report's largest section, thousands of a usual report's.
CACHED_CHARS = 4_000_000


# ---------------------------------------------------------------------------- title
TITLE_WORDS = lazy(regex, r"政府信息公开|政务公开|信息公开")
# What the first half of a wrapped title never holds: separators of navigation and breadcrumbs.
TITLE_BREAK = lazy(regex, r"[>|｜›»＞:：]")


def read_title(lines: list[Line]) -> tuple[Span | None, list[Span], list[Span]]:
    """The title among the lines before section 一, the rest as preamble, and the page
    furniture before the title (site navigation, breadcrumbs)."""
    content = [ln for ln in lines if not ln.blank and not ln.page_number]
    title_idx = None
    for i, ln in enumerate(content[:8]):
        t = norm(MD_HEADING.sub("", ln.text))
        if TITLE_WORDS.search(t) and "报告" in t and len(t) <= 60 and not NAVIGATION.search(ln.text):
            title_idx = [i]
            break
        nxt = norm(content[i + 1].text) if i + 1 < len(content) else ""
        # A title wrapped over two lines, wherever the break falls (…2024年度政府 / 信息公开工作年度报告).
        if "报告" not in t and len(t) <= 40 and not PROSE.search(t) and not TITLE_BREAK.search(t) \
                and nxt.endswith("报告") \
                and len(t + nxt) <= 60 and TITLE_WORDS.search(t + nxt):
            title_idx = [i, i + 1]
            break
    if title_idx is None:
        return _title_in_line(content)
    first = title_idx[0]
    # The issuing body's name on its own line above the title.
    if first > 0:
        above = norm(content[first - 1].text)
        if above and len(above) <= 30 and not YEAR.search(above) and not PROSE.search(above) \
                and BODY_END.search(above):
            first -= 1
    span_lines = content[first:title_idx[-1] + 1]
    a = span_lines[0]
    lead = len(MD_HEADING.match(a.text).group(0)) if MD_HEADING.match(a.text) else 0
    lead += len(a.text[lead:]) - len(a.text[lead:].lstrip())
    title = Span("\n".join(ln.text.strip().lstrip("#").strip() for ln in span_lines),
                 a.start + lead, span_lines[-1].start + len(span_lines[-1].text.rstrip()))
    rest = [Span(ln.text, ln.start, ln.end) for ln in content if ln.start >= title.end or ln.end <= a.start]
    nav = [sp for sp in rest if sp.end <= a.start and NAVIGATION.search(sp.text)]
    return title, [sp for sp in rest if sp not in nav], nav


def _title_in_line(content: list[Line]) -> tuple[Span | None, list[Span], list[Span]]:
    """A title inside one of the first lines (a crawl): the text before it is navigation."""
    spans = [Span(ln.text, ln.start, ln.end) for ln in content]
    for i, ln in enumerate(content[:3]):
        found = title_in_line(ln.text)
        if found is None:
            continue
        a, b = found
        title = Span(ln.text[a:b], ln.start + a, ln.start + b)
        nav = spans[:i] + ([Span(ln.text[:a], ln.start, ln.start + a)] if ln.text[:a].strip() else [])
        after = [Span(ln.text[b:], ln.start + b, ln.end)] if ln.text[b:].strip() else []
        return title, after + spans[i + 1:], nav
    return None, spans, []


def title_year_and_body(title: Span | None) -> tuple[int | None, str | None]:
    if title is None:
        return None, None
    t = norm(title.text)
    m = YEAR.search(t) or CN_YEAR.search(t)
    if not m:  # no year: the name is what stands before 政府信息公开
        rest = NAME_BEFORE.match(t)
        return None, (rest.group(1) if rest else None)
    body = t[:m.start()].strip()
    if not body:  # "2024年上海市科委政府信息公开工作年度报告": the name follows the year
        rest = NAME_AFTER_YEAR.match(t[m.end():])
        body = rest.group(1) if rest else ""
    return _year_value(m.group(1)), body or None


CN_YEAR = lazy(regex, r"([〇零一二三四五六七八九]{4})\s*年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def _year_value(s: str) -> int:
    """2021 or 二〇二一 → 2021."""
    return int(s) if s.isdigit() and s.isascii() else int("".join(_CN_DIGIT[c] for c in s))


LEVEL_PATTERNS = [  # order matters: the first that matches decides (compiled as needed)
    ("state-council-department", r"^国务院|^国家.{1,12}(局|委|部|署)$|^中华人民共和国.+部$"),
    ("township", r"(镇|乡|街道|街道办事处)(人民政府)?$|(镇|乡)人民政府|街道办事处"),
    ("province", r"(省|自治区)人民政府|^.{2,4}省.{0,12}(厅|局|委员会|委|办公室)$"
                 r"|^.{2,8}自治区.{0,12}(厅|局|委员会|委|办公室)$"),
    # Districts of 直辖市 are county-level: 北京市朝阳区人民政府 before the 北京市 rule below.
    ("county-department", r"(县|区|旗)(?!人民政府).{1,14}(局|委员会|委|办公室|办|中心|所|队)$"),
    ("county-government", r"(县|区|旗|县级市)(人民政府)?(办公室)?$"),
    ("province", r"^(北京|天津|上海|重庆)市"),
    ("city", r"(市|州|盟)(人民政府)?$|市.{1,14}(局|委员会|委|办公室|办|中心)$"),
]


_BRACKETED = lazy(regex, r"[（(].*?[)）]")
_MD_HEADING_LINE = lazy(regex, r"(?m)^#{1,6}\s")
BODY_END = lazy(regex, r"(政府|局|委员会|委|办公室|办公厅|办|中心|街道|镇|乡|处|院|署|部|厅)$")
NAME_BEFORE = lazy(regex, r"(.+?)(?:政府信息公开|政务公开)")
NAME_AFTER_YEAR = lazy(regex, r"(?:度)?(.+?)(?:政府信息公开|政务公开)")


@lru_cache(maxsize=1)
def _level_patterns() -> tuple:
    """LEVEL_PATTERNS compiled, on first use."""
    return tuple((level, compile_regex(pat)) for level, pat in LEVEL_PATTERNS)


@lru_cache(maxsize=1024)   # (a function of the name alone; a body's reports recur in a run over many files)
def infer_level(body: str | None) -> str | None:
    if not body:
        return None
    body = _BRACKETED.sub("", body)
    for level, pat in _level_patterns():
        if pat.search(body):
            return level
    return None


# ---------------------------------------------------------------------------- sections
class SectionReader:
    """Reads one section's text (offsets relative to the section) — memoised, with per-line
    memos so that re-reading an edited section (or the headings of an edited document) only
    reads the lines that changed. ``incremental``: the next text is likely an edit of the last
    (the editor's); False in a run over many files, where each text is new: its lines are split
    afresh, not compared with the last text's (a different report: nothing to reuse)."""

    def __init__(self, cache_size: int = 512, incremental: bool = True):
        self._cache = SizedCache(cache_size, CACHED_CHARS)
        self._size = cache_size
        self._incremental = incremental and bool(cache_size)
        self.heading_memo = Memo()   # line text → its section-heading candidates (the base template)
        self.line_memo = Memo()      # line text → sub-heading | None | _SKIP
        self.headings_looked_up = None   # the last lookup of the lines in heading_memo (lookup_again)
        self._last: tuple | None = None   # (text, its lines) of the last document read
        # Since the last text: the change (its start, its end in the last text, the length
        # difference, the start of the first line it may have changed), and the sections read
        # then and now, by (start, end).
        self._change: tuple[int, int, int, int] | None = None
        self._before: str | None = None   # the text it describes the change from
        self._then: dict = {}
        self._now: dict = {}
        self._guess: tuple | None = None   # where the next text likely differs from this one
        # In a run over many files: the ids of the cached sections the reading of this text
        # uses (a cached section the reading of an earlier text used is moved in place, not
        # copied: that text's model is done with — ``Analyzer.report`` lasts until the next lint)
        self._handed: set[int] = set()

    @property
    def incremental(self) -> bool:
        """Whether the next text is likely an edit of this one (the editor's)."""
        return self._incremental

    def lines(self, text: str) -> tuple[list[int], list[str]]:
        """``line_texts(text)``, re-split only around the change since the last text (and
        the start of a new document reading: the sections read from here on are its own)."""
        last = self._last
        self._then, self._now, self._change = self._now, {}, None
        self._handed = set()
        self._before = last[0] if last is not None else None
        if last is None or not self._incremental:
            lines = line_texts(text)
        else:
            # (most likely the text changed where it did last time, moved by that change)
            guess = self._guess
            prefix, suffix = common_affixes(last[0], text, guess)
            self._guess = (prefix + len(text) - len(last[0]), suffix)
            same_lines_to = last[1][0][first_line_to_resplit(last[1][0], prefix)] if last[1][0] else 0
            self._change = (prefix, len(last[0]) - suffix, len(text) - len(last[0]), same_lines_to)
            lines = relines(last[0], last[1], text, (prefix, suffix))
        if self._incremental:
            self._last = (text, lines)
        return lines

    def changed_since(self, before: str) -> tuple[int, int] | None:
        """Where the text read last differs from ``before``, if that is the text read before it:
        (start, end) in the text read last; None if unknown."""
        if self._change is None or self._before is not before:
            return None
        start, changed_to, delta, _ = self._change
        return start, changed_to + delta

    def _untouched(self, start: int, end: int, rest: tuple):
        """The last text's (section, text) at the same text as ``[start, end)`` now, if the
        change since then lies outside it and it was read the same way (``rest`` of the key)."""
        if self._change is None:
            return None
        changed_from, changed_to, delta, _ = self._change
        if end <= changed_from:
            then = self._then.get((start, end))
        elif start - delta >= changed_to:
            then = self._then.get((start - delta, end - delta))
        else:
            return None
        return then[1:] if then is not None and then[0] == rest else None

    def read(self, text: str, start: int, end: int, match: HeadingMatch, tpl: Template | None,
             lines: tuple | None = None) -> tuple[Section, str | None]:
        """The section text[start:end], and that text as the cache keys it (None without a
        cache); ``lines`` are the document's (``line_texts``), if the caller has them."""
        if not self._size:  # no cache (one-shot lint): read in place, no copies
            return _read_section(text, start, end, match.number, _moved(match.heading, 0),
                                 tpl, None, lines), None
        rest = (match.number, match.heading.end - start, tpl.name if tpl else None)
        untouched = self._untouched(start, end, rest)
        # An untouched section's text is the very key of the last reading (its hash known),
        # else the section's text is sliced and looked up in the cache.
        if untouched is not None:
            body = untouched[1]
        elif self._incremental and lines is not None:
            body = SectionText(text[start:end], lines, start, end)
        else:
            body = text[start:end]
        key = (body, *rest)
        hit = untouched[0] if untouched is not None else self._cache.get(key)
        if hit is None:
            section = _read_section(text, start, end, match.number, _moved(match.heading, 0),
                                    tpl, self.line_memo, lines, self._edited(start, end, rest))
        elif hit.start == start:   # (a section that did not move is shared as it is)
            section = hit
        elif untouched is not None:
            # The last text's own reading, after the edit: moved where it is now, in place
            # (the model of the editor's last lint is not kept; its cache entry, under the same
            # text, holds it moved: see ``_move``).
            section = _move(hit, start - hit.start)
        elif self._incremental or id(hit) in self._handed:
            # a reading of other texts (the model of a text read before, which the editor may
            # still hold; or one this text's reading uses already, a section repeated): copied, moved
            section = _shifted(hit, start - hit.start)
        else:   # (a run over many files: the reading of an earlier text, done with) moved in place
            section = _move(hit, start - hit.start)
        self._cache.put(key, section, len(body))
        if self._incremental:   # (what the next text, an edit of this one, may reuse)
            self._now[(start, end)] = (rest, section, body)
        else:
            self._handed.add(id(section))
        return section, body

    def _edited(self, start: int, end: int, rest: tuple) -> tuple | None:
        """For a section the change since the last text falls in: the last reading of the
        section (same start, same heading, read the same way), the start of the first line
        the change may have changed, if that reading covers all the lines before it, and —
        where the section ends where it ended (moved by the change) — the start in the last
        text of the first line after the change and the change's length difference, else None:
        that line and the following ones are the same lines, moved."""
        if self._change is None:
            return None
        _, changed_to, delta, same_to = self._change
        for (a, b), (then_rest, section, body) in self._then.items():
            if a == start and then_rest == rest and section.heading.end < same_to <= min(b, end):
                again = changed_to + 1 if b + delta == end and changed_to < b else None
                if again is not None:   # (its readings after the change will be moved in place)
                    self._cache.discard((body, *rest))
                return section, same_to, again, delta
        return None

    def trim_memos(self, lines: int, chars: int) -> None:
        trim((self.heading_memo, self.line_memo), lines, chars)


class SectionText:
    """A section's text as the editor's caches key it (``SectionReader.read``): equal to the key
    of the same text, hashed by the hashes of its lines (known: most are the last text's very
    strings), not by its characters — hashing a 1 MB report's largest section anew after every
    keystroke in it costs ~0.7 ms. Two equal texts split into the same lines."""
    __slots__ = ("text", "_hash")

    def __init__(self, text: str, lines: tuple, start: int, end: int):
        self.text = text
        i, j = bisect_left(lines[0], start), bisect_left(lines[0], end)
        self._hash = hash((len(text), *lines[1][i:j]))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return type(other) is SectionText and (
            self is other or self._hash == other._hash and self.text == other.text)

    def __len__(self) -> int:
        return len(self.text)


def _read_section(text: str, start: int, end: int, number: int, heading: Heading,
                  tpl: Template | None, memo: dict | None, lines: tuple | None = None,
                  before: tuple | None = None) -> Section:
    """Read the section text[start:end] whose heading is ``heading``; ``lines``: the
    document's lines (``line_texts``), if known; ``before``: a reading of the section in the
    last text, the offset up to which the two texts are the same (its paragraphs and
    sub-headings there are reused: a keystroke in a 1 MB section re-reads only what follows)
    and where the same lines start again in the last text (None: nowhere in the section) and
    how far they moved (its paragraphs and sub-headings from there are copied, moved: a
    keystroke re-reads only the lines it changed). See ``SectionReader._edited``."""
    if lines is None:
        starts, texts = line_texts(text, start, end)
    else:   # the section starts on a line start and ends on one (or at the end of the text)
        i, j = bisect_left(lines[0], start), bisect_left(lines[0], end)
        starts, texts = lines[0][i:j], lines[1][i:j]
    if tpl is None or number not in (2, 3, 4):   # no table: a line-by-line reading
        sec = Section(number, heading, start, end, end)
        i, j = bisect_right(starts, heading.start), len(starts)   # the body: lines after the heading's
        if i < j:
            sec.body_start = starts[i]
        again = None
        if before is not None:
            then, same_to, again, delta = before
            by_start = attrgetter("start")
            sec.paragraphs = then.paragraphs[:bisect_left(then.paragraphs, same_to, key=by_start)]
            sec.subheadings = then.subheadings[:bisect_left(then.subheadings, same_to, key=by_start)]
            i = max(i, bisect_left(starts, same_to))
            if again is not None:
                j = bisect_left(starts, again + delta)
        _read_paragraphs(sec, zip(starts[i:j], texts[i:j]), memo)
        if again is not None:   # (readings of single lines, as _read_paragraphs makes them, moved)
            moved = then.paragraphs[bisect_left(then.paragraphs, again, key=by_start):]
            for p in moved:   # in place: the last reading is forgotten (SectionReader._edited)
                p.start += delta
                p.end += delta
            sec.paragraphs += moved
            moved = then.subheadings[bisect_left(then.subheadings, again, key=by_start):]
            for h in moved:
                h.start += delta
                h.end += delta
                h.marker_end += delta
            sec.subheadings += moved
        return sec
    k = bisect_right(starts, heading.start)   # (the body: the lines after the heading's)
    body_starts, body_texts = starts[k:], texts[k:]
    sec = Section(number, heading, start, body_starts[0] if body_starts else end, end)
    i, j, kinds = table_region(body_texts, stop_at_subheading=number != 3)
    _read_paragraphs(sec, [*zip(body_starts[:i], body_texts[:i]), *zip(body_starts[j:], body_texts[j:])], memo)
    if i == j and not sec.paragraphs:   # the heading and nothing: the table was an image
        kind = {2: "section2", 3: "section3", 4: "section4"}[number]
        sec.tables.append(Table(kind, "none", heading.end, heading.end, textless=True))
        return sec
    if i < j:
        counts = flag_counts(kinds)
        if is_stream_of(counts):
            layout = "stream"
            rows = rows_from_stream(tokens(make_lines(body_starts[i:j], body_texts[i:j]), tpl), tpl,
                                    is_grid(counts, len(kinds)))
        else:
            layout = layout_of(counts)
            rows = rows_at(body_starts[i:j], body_texts[i:j], layout)
        a, b = body_starts[i], body_starts[j - 1] + len(body_texts[j - 1])
        reader = {2: read_section2, 3: read_section3, 4: read_section4}[number]
        table = reader(rows, tpl, a, b, layout)
        if not any(v.text.strip() for r in table.rows for v in r.values) and \
                not any(_DIGIT.search(c.text) for r in rows for c in r.cells):
            table.textless, table.problems, table.rows = True, [], []   # captions only (an image)
        sec.tables.append(table)
    return sec


def _read_paragraphs(sec: Section, lines, memo: dict | None) -> None:
    """The section's text lines (blank lines and page numbers left out) and the numbered
    sub-headings among them; ``memo`` keeps each line's reading (None: a one-shot lint)."""
    paragraphs, subheadings = sec.paragraphs, sec.subheadings
    for a, t in lines:
        kind = _MISS if memo is None else memo.get(t, _MISS)
        if kind is _MISS:
            kind = _line_reading(t) if len(t) <= 256 else _read_line(t)
            if memo is not None:
                remember(memo, t, kind)
        if kind is _SKIP:
            continue
        paragraphs.append(Span(t, a, a + len(t)))
        if kind is not None:
            subheadings.append(_moved(kind, a))


def _read_line(t: str):
    """A body line's reading, relative to it: _SKIP (blank, a page number), its sub-heading, or None."""
    ln = Line(t, 0, len(t))
    return _SKIP if ln.blank or ln.page_number else parse_marker(ln, SUB_MARKER)


# Lines recur from one report to the next; a reading is never changed (``_moved`` copies it).
_line_reading = lru_cache(maxsize=16384)(_read_line)


_OFFSET_FIELDS = {"start", "end", "body_start", "marker_end"}
_ATOMIC = {str, int, bool, float, type(None)}
# type → (its offset fields, its other fields, whether those others are all plain values: a
# Span, a Cell, a Heading — the commonest objects of a section, copied field by field —, the
# names of its slots if its objects have no ``__dict__``, else None)
_PLANS: dict[type, tuple] = {}


def _plan(tp: type):
    plan = _PLANS.get(tp)
    if plan is None:
        fields = getattr(tp, "FIELDS", None)   # a record of the model (gilint.record)
        if fields is None:
            return None
        others = tuple(name for name in fields if name not in _OFFSET_FIELDS)
        leaf = getattr(tp, "ATOMIC", False)
        slots = None if any("__dict__" in k.__dict__ for k in tp.__mro__) else _slot_names(tp)
        plan = _PLANS[tp] = (tuple(name for name in fields if name in _OFFSET_FIELDS), others, leaf, slots)
    return plan


def _shifted(obj, delta: int, memo: dict | None = None, in_place: bool = False):
    """A deep copy of a model object with every offset moved by delta; or, ``in_place``, the
    object itself so moved (for the editor's reader, whose last model is not kept — see
    ``SectionReader.read`` —: cheaper than a copy, and a keystroke moves every section after
    it). Objects shared within the tree (a row in both a table and its sub-table) stay shared
    and are moved once (``memo``: id of an object → its moved self or copy)."""
    if memo is None:
        memo = {}
    done = memo.get(id(obj))
    if done is not None:
        return done
    plan = _plan(type(obj))
    if plan is None:
        return obj
    offsets, others, leaf, slots = plan
    if leaf:   # (a Span, a Cell, a Heading: fields in __slots__, no __dict__)
        new = memo[id(obj)] = _leaf_moved(obj, delta, offsets, in_place)
        return new
    if in_place:
        new = obj
    elif slots is not None:   # (a TableRow: a shallow copy slot by slot)
        new = _new(type(obj))
        for name in slots:
            setattr(new, name, getattr(obj, name))
    else:
        d = obj.__dict__.copy()   # a shallow copy (its fields, then the object), faster than copy.copy
        new = _new(type(obj))
        new.__dict__ = d
    memo[id(obj)] = new
    for name in offsets:
        setattr(new, name, getattr(new, name) + delta)
    items = _moved_items if in_place else _shifted_items
    for name in others:
        v = getattr(new, name)
        t = type(v)
        if t in _ATOMIC:
            continue
        setattr(new, name, items(v, delta, memo) if t is list else _shifted(v, delta, memo, in_place))
    return new


_new = object.__new__


def _leaf_moved(x, delta: int, offsets: tuple[str, ...], in_place: bool):
    """A leaf object of the model (``ATOMIC``: a Span, a Cell, a Heading) moved by delta: a copy,
    or ``in_place`` the object itself."""
    tp = type(x)
    if tp is Cell or tp is Span:   # (a row's label: one a row)
        if not in_place:
            return _shifted_items([x], delta, {})[0]
        x.start += delta
        x.end += delta
        return x
    if in_place:
        for name in offsets:
            setattr(x, name, getattr(x, name) + delta)
        return x
    if tp is Heading:
        return _moved(x, delta)
    new = _new(tp)   # (another leaf class: each of its slots, a field or not)
    for name in _slot_names(tp):
        setattr(new, name, getattr(x, name) + delta if name in offsets else getattr(x, name))
    return new


def _slot_names(tp: type) -> tuple[str, ...]:
    return tuple(name for k in tp.__mro__ for name in k.__dict__.get("__slots__", ()))


def _move(obj, delta: int):
    """``obj`` (a model object) with every offset in it moved by delta, in place."""
    return _shifted(obj, delta, {}, True)


def _shifted_items(items: list, delta: int, memo: dict) -> list:
    """``_shifted`` of each item of a list, the copy of a cell (or a span) inlined: a section's
    cells are most of what is copied. Their slots are set here, cheaper than a call of
    ``__init__``; a cell's marks of the table reader kept."""
    out = []
    append = out.append
    seen = memo.get
    for x in items:
        tp = type(x)
        if tp is Cell or tp is Span:   # (the commonest by far: a table's cells)
            key = id(x)
            new = seen(key)
            if new is None:
                new = memo[key] = _new(tp)
                new.text = x.text
                new.start = x.start + delta
                new.end = x.end + delta
                if tp is Cell:
                    new.line = x.line
                    new.fragments = x.fragments
                    new.uncertain = x.uncertain
            append(new)
        elif tp in _ATOMIC:
            append(x)
        else:
            append(_shifted(x, delta, memo))
    return out


def _moved_items(items: list, delta: int, memo: dict) -> list:
    """``_shifted(..., in_place=True)`` of each item of a list (the list itself, its items
    moved), a cell's (or a span's) inlined: most of a table."""
    for x in items:
        tp = type(x)
        if tp is Cell or tp is Span:
            key = id(x)
            if key not in memo:
                memo[key] = x
                x.start += delta
                x.end += delta
        elif tp not in _ATOMIC:
            _shifted(x, delta, memo, True)
    return items


# ---------------------------------------------------------------------------- the report
def _score_template(normed_section2: str, tpl: Template) -> int:
    """How many of the template's section 二 words the (normalised) section holds."""
    return sum(map(normed_section2.__contains__, _s2_words(tpl)))   # (True counts 1; in C)


_SCORE_KEY = itemgetter(0, 1)   # (score, is the year's template): the template itself never compared


def _s2_words(tpl: Template) -> frozenset[str]:
    words = tpl.__dict__.get("_s2_words")   # (a template is frozen: computed once, kept on it)
    if words is None:
        words = tpl.__dict__["_s2_words"] = frozenset(
            norm(c) for st in tpl.s2_subtables for c in (*st.columns, *st.rows, st.item))
    return words


def _norm_between(text: str, lines: tuple[list[int], list[str]], start: int, end: int) -> str:
    """``norm(text[start:end])``; where both ends are line starts (``lines``: the text's
    ``line_texts``), the normal forms of its lines joined: line breaks are whitespace (taken
    out) that NFKC never composes with, so the two are equal, and lines recur from one report
    to the next (``norm`` memoises short texts)."""
    starts, texts = lines
    i, j = bisect_left(starts, start), bisect_left(starts, end)
    if i < len(starts) and starts[i] == start and (j == len(starts) and end == len(text) or
                                                   j < len(starts) and starts[j] == end):
        return "".join(map(norm, texts[i:j]))
    return norm(text[start:end])


def build_report(text: str, settings: ReadSettings, reader: SectionReader | None = None) -> Report:
    """The report ``text`` reads as, with the templates and report settings of ``settings``
    (``Config.reading``); ``reader`` keeps the memos of the last readings (the editor's)."""
    reader = reader or SectionReader()
    base = settings.templates[-1] if settings.templates else None
    lines = reader.lines(text)
    # The reader's own memo of the lines' heading candidates only where the next text is likely
    # an edit of this one (looked up around the change only); elsewhere (a one-shot lint, a run
    # over many files) the lines are looked up in the process-wide memo alone, not a new line
    # in two memos one after the other.
    memo = reader.heading_memo if reader.incremental else None
    matches, read_lines = headings_and_lines(lines, base, memo, reader if memo is not None else None) if base else ([], lines)
    first = matches[0].line_start if matches else len(text)
    title, preamble, furniture = read_title(split_lines(text, 0, first) if first else [])
    year, body = title_year_and_body(title)
    if year is None:
        for sp in preamble[:8]:
            m = YEAR.search(sp.text)
            if m:
                year = int(m.group(1))
                break
    report = Report(text=text, title=title, preamble=preamble, lines=lines,
                    markdown=bool(_MD_HEADING_LINE.search(text[:20000])))
    report.year = settings.report.year or year
    report.body = settings.report.body or body
    report.level = settings.report.level or infer_level(report.body)
    report.section_matches = matches
    year_tpl = settings.template_for_year(report.year)
    # Which template do the tables follow? Decided by the wording of section 二.
    table_tpl = year_tpl
    # A section runs from the start of its heading's line (Markdown #'s included, so that an
    # edit to them changes the section's text) to the start of the next heading's line.
    starts = [m.line_start for m in matches]
    bounds = [(m, starts[i], starts[i + 1] if i + 1 < len(matches) else len(text))
              for i, m in enumerate(matches)]
    s2 = next(((a, b) for m, a, b in bounds if m.number == 2), None)
    if s2 and settings.templates:
        normed = _norm_between(text, lines, *s2)
        scores = sorted(((_score_template(normed, t), t is year_tpl, t) for t in settings.templates),
                        key=_SCORE_KEY, reverse=True)
        if scores[0][0] > 0:
            table_tpl = scores[0][2]
    table_tpl = table_tpl or base
    report.table_template = table_tpl
    for m, a, b in bounds:
        section, body = reader.read(text, a, b, m, table_tpl, read_lines)
        report.sections.append(section)
        report.section_texts.append(body)
    # The footer after section 六 and the closing lines (signature, date) before it.
    report.furniture = furniture
    if report.sections:
        last = report.sections[-1]
        cut = footer_start(text, last.body_start, last.end)
        if cut is not None:
            report.furniture.append(Span(text[cut:last.end], cut, last.end))
        tail = [p for p in last.paragraphs if cut is None or p.start < cut][-3:]
        for p in tail:
            if DATE_LINE.match(p.text):
                report.closing.append(p)
    return report
