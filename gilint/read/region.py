"""Where a section's table lies among its lines, and in what layout it is written.

Every question the table reader asks of one line (is it blank, does it look like a table line
or like prose, is it a Word cell, a pipe row, a crawl holding several rows) is answered at
once by ``_line_kind``, a pure function of the line's text memoised for lines of usual length:
table lines recur within a report and from one report to the next (``\\t0``, ``|规章|0|0|``).
The region and the layout are then worked out from these answers, not by asking each line
again; the lines after the table are not read.
"""
from __future__ import annotations

import regex

from gilint.read.cells import ShapeMemo, is_cell_line, layout_from_counts
from gilint.read.headings import SUB_MARKER, parse_marker
from gilint.read.lines import Line, is_page_number
from gilint.read.stream import NOTE, is_pipe_cell, many_rows, stream_from_counts
from gilint.lazyre import lazy

PROSE = lazy(regex, r"[。；;]|：$")
_NUMBERS_AT_END = lazy(regex, r"\d\s+\d\s*$")
TABLE_HINT = lazy(regex, r"第二十条|信息内容|申请人情况|自然人|本列数据|本年新收|行政复议|行政诉讼|结果维持")

# A line's kind: (its region reading — see ``_region_reading`` —, then 1/0 flags: it holds a
# tab and is not blank, it is a Word cell line (tabs, then text without a tab), it starts with
# a pipe, it is a pipe line of one cell, it holds several table rows (a crawl, no tab or pipe)).
REGION, TABBED, CELL_LINE, PIPED, PIPE_CELL, MANY_ROWS = range(6)


def _line_kind(t: str) -> tuple:
    """All that is asked of one line of a section with a table (see ``REGION`` …)."""
    stripped = t.strip()
    tabbed = "\t" in t and bool(stripped)
    piped = t.lstrip().startswith("|")
    # (whether a line with a tab or a leading pipe holds several rows changes nothing unless it
    # reads as prose or holds a note — see table_region, _region_reading: not asked)
    rows = bool(stripped) and (not ("\t" in t or piped) or "注" in t or PROSE.search(stripped) is not None) \
        and many_rows(t)
    return (_region_reading(t, rows),
            int(tabbed),
            int(tabbed and is_cell_line(t)),
            int(piped),
            int(piped and is_pipe_cell(stripped)),
            int("\t" not in t and "|" not in t and rows))


_LINE_KINDS = ShapeMemo(_line_kind)   # (a kind holds no text of the line)


def flag_counts(kinds: list[tuple]) -> tuple[int, ...]:
    """How many of the lines of these kinds have each flag, indexed by TABBED … MANY_ROWS (one
    pass over the lines, in C; REGION is not counted: 0)."""
    if not kinds:
        return (0,) * (MANY_ROWS + 1)
    columns = zip(*kinds)
    next(columns)   # (the region readings)
    return (0, *map(sum, columns))


def layout_of(counts: tuple[int, ...]) -> str:
    """``gilint.read.cells.detect_layout`` of lines with these ``flag_counts``."""
    return layout_from_counts(counts[TABBED], counts[CELL_LINE], counts[PIPED])


def is_stream_of(counts: tuple[int, ...]) -> bool:
    """Whether lines with these ``flag_counts`` have lost their rows (``stream_from_counts``)."""
    return stream_from_counts(counts[PIPED], counts[PIPE_CELL], counts[MANY_ROWS] > 0)


def is_grid(counts: tuple[int, ...], lines: int) -> bool:
    """Most of the ``lines`` (with these ``flag_counts``) start with a pipe: a full grid written
    out, one cell per line."""
    return counts[PIPED] * 2 > lines


def table_region(texts: list[str], stop_at_subheading: bool = False) -> tuple[int, int, list[tuple]]:
    """(first, end) indexes of the lines of a section's table (first == end: none) and those
    lines' kinds: from the first table-looking line to the last line before prose resumes (or,
    outside section 三 whose row labels look like them, a sub-heading), blank lines at its end
    left out. Lines after the table are not read."""
    kinds = list(map(_LINE_KINDS.get, texts))   # (the known lines looked up in C; the others read
    miss = _LINE_KINDS.miss                     # below, up to the table's end only)
    stops = _ENDS | _SUB if stop_at_subheading else _ENDS   # (a line inside the table has neither)
    start = None
    for i, kind in enumerate(kinds):
        if kind is None:
            kind = kinds[i] = miss(texts[i])
        reading = kind[REGION]
        if start is None:
            if reading & _OPENS:
                start = i
        elif reading & stops and (reading & _ENDS and not _table_follows(texts, i + 1)
                                  or reading & _SUB and stop_at_subheading and not _continues_cell(texts, i)):
            end = _trim(texts, start, i)
            return start, end, kinds[start:end]
    if start is None:
        return 0, 0, []
    end = _trim(texts, start, len(texts))
    return start, end, kinds[start:end]


# A line's region reading (``_region_reading``), as bits: it is not blank nor a page number; the
# table may start at it (it holds several rows, or looks like a table line and not like prose);
# prose resumes at it (it reads as prose, holds no tab, does not start with a pipe, and is not
# several rows); it starts with a sub-heading's number and has no tab.
_LINE, _OPENS, _ENDS, _SUB = 1, 2, 4, 8


def _region_reading(t: str, rows: bool) -> int:
    """What ``table_region`` asks of one line, all at once, as ``_LINE`` … ``_SUB`` bits: 0 for a
    blank line or a page number. ``rows``: more than one table row in it — a whole table in
    one line, a crawl, perhaps with a 注： after it; False, not asked, for a line with a tab or
    a leading pipe that neither reads as prose nor holds a note."""
    if not t.strip() or is_page_number(t):
        return 0
    line = Line(t, 0, len(t))
    if not rows and "注" in t and TABLE_HINT.search(t):   # a table with its note in one line
        rest = NOTE.sub("", t)
        if rest.strip() and not PROSE.search(rest.strip()):
            t = rest
    piped = t.lstrip().startswith("|")
    tableish = bool("\t" in t or piped or TABLE_HINT.search(t) or _NUMBERS_AT_END.search(t))
    prose = PROSE.search(t.strip()) is not None
    sub = "\t" not in t and parse_marker(line, SUB_MARKER) is not None
    cell_free = not piped and "\t" not in t
    return (_LINE | (_OPENS if rows or tableish and not prose else 0)
            | (_ENDS if prose and not rows and cell_free else 0) | (_SUB if sub else 0))


def _continues_cell(texts: list[str], i: int) -> bool:
    """Line i continues the Word cell above it (a wrapped label: 第二十条第 / （六）项)."""
    if i == 0:
        return False
    above = texts[i - 1]
    return above.startswith("\t") and bool(above.strip()) and "\t" not in texts[i]


def _table_follows(texts: list[str], i: int) -> bool:
    """A note line inside a table ("注：…。") is followed by more table rows."""
    seen = 0
    for t in texts[i:]:
        kind = _LINE_KINDS.of(t)
        if not kind[REGION]:   # (blank, a page number)
            continue
        if kind[PIPED] or kind[TABBED]:
            return True
        seen += 1
        if seen >= 3:
            return False
    return False


def _trim(texts: list[str], start: int, end: int) -> int:
    """``end``, blank lines before it left out."""
    while end > start and not texts[end - 1].strip():
        end -= 1
    return end
