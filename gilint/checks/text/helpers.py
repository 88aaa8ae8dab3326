"""Shared by the text rules: the statistics periods (GI401, GI402), matching sentence by sentence
(GI206, GI401), the lines where a pack pattern may match and the base of GI502/GI504."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix
from gilint.memo import lookup_all, remember, truthy_indices
from gilint.regexsafe import (PatternTimeout, any_of, compile_pattern, finditer_timeout,
                              found_in_text_if_in_a_line, search_timeout)


PERIOD = regex.compile(
    r"(?:统计|期限|时限|周期|区间|时段|范围)[^。]{0,16}?"
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*"
    r"(?:至|到|—|－|-|~|～)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日")


def statistics_periods(ctx) -> list:
    """``(offset, match)`` of each statistics period stated before section 二 (preamble and
    一、总体情况), matched over that stretch of the text (so that a period wrapped over two
    lines by pdftotext is found too). Once per lint."""
    found = ctx.scratch.get("periods")
    if found is not None:
        return found
    report = ctx.report
    s1 = report.section(1)
    runs = [run for run in (report.preamble, s1.paragraphs if s1 else []) if run]   # each in text order
    if not runs:
        found = []
    else:
        a = min(run[0].start for run in runs)          # both a line start
        b = max(run[-1].end for run in runs)           # and a line end
        starts, texts = report.lines
        i, j = bisect_left(starts, a), bisect_left(starts, b)
        found = matches_by_sentence(ctx, PERIOD, _PERIOD_START, starts[i:j], texts[i:j], "statistics-periods")
    ctx.scratch["periods"] = found
    return found


_PERIOD_START = regex.compile(r"统计|期限|时限|周期|区间|时段|范围")   # how PERIOD begins


def matches_by_sentence(ctx, pattern, begins, starts: list[int], texts: list[str], memo: str) -> list:
    """``(offset, match)`` of ``pattern`` over the stretch of text made of the consecutive lines
    ``starts``/``texts``, exactly as ``pattern.finditer`` over that stretch would find them, for a
    fixed pattern of ours whose matches never contain "。" (nor look around them) and start with
    a match of ``begins``. Chunk by chunk, memoised: the text can be cut after each line that ends
    with "。". A chunk is such a line, or the run of lines from one where ``begins`` matches to
    the next line that ends with "。" (a line before it in the same sentence cannot start one)."""
    if not texts:
        return []
    text = ctx.text
    if not ctx.persistent and begins.search(text, starts[0], starts[-1] + len(texts[-1])) is None:
        return []   # a one-shot lint: one search says there is nothing to find

    def line_matches(line: str):
        if line.endswith("。"):
            return tuple(pattern.finditer(line))
        return _OPEN if begins.search(line) else ()

    hits = lookup_all(ctx.memo(memo), texts, line_matches)
    chunks = ctx.memo(memo + ":chunks")   # apart: a one-line chunk's text is also a line's
    found, covered = [], -1
    for k in truthy_indices(hits):
        if k <= covered:
            continue
        if hits[k] is _OPEN:   # the chunk runs to the next line that ends with "。"
            covered = next((m for m in range(k, len(texts)) if texts[m].endswith("。")), len(texts) - 1)
            chunk = text[starts[k]:starts[covered] + len(texts[covered])]
            matches = chunks.get(chunk)
            if matches is None:
                matches = remember(chunks, chunk, tuple(pattern.finditer(chunk)))
        else:
            matches = hits[k]
        found += [(starts[k], m) for m in matches]
    return found


_OPEN = ("open",)   # a line where a match may start and run on into the next line


def lines_that_may_match(ctx, pat, rule: str = "") -> tuple[list[int], list[str]]:
    """The lines (starts, texts) where ``pat`` may match. All of them, except in a one-shot lint
    (no line memos to reuse) of a pattern that cannot match in a line without matching at the
    same place in the whole text: then searches of the text skip from one candidate line to the
    next (a line before the leftmost match of the text has no match of its own)."""
    starts, texts = ctx.report.lines
    if ctx.persistent or not found_in_text_if_in_a_line(pat.pattern):
        return starts, texts
    text, pos, picked = ctx.text, 0, []
    while pos <= len(text):
        try:
            m = search_timeout(pat, text, rule, pos=pos)
        except PatternTimeout:   # slow over the whole text: line by line, as the server does
            return starts, texts
        if m is None:
            break
        i = bisect_right(starts, m.start()) - 1
        picked.append(i)
        pos = starts[i + 1] if i + 1 < len(starts) else len(text) + 1
    return [starts[i] for i in picked], [texts[i] for i in picked]


class PatternRule(Rule):
    """Shared by GI502 and GI504: report every match of the pack's patterns, line by line
    (title, preamble and tables included; like grep, a match does not span lines, and each
    line is matched as a string of its own: ``^`` and ``$`` are its start and end)."""
    delete = False

    def patterns(self):
        return [compile_pattern(p, self.code) for p in self.params["patterns"]]

    def check(self):
        patterns = self.patterns()
        if not patterns:
            return
        anyone = any_of(tuple(p.pattern for p in patterns), self.code)
        lines = lines_that_may_match(self.ctx, anyone, self.code) if anyone is not None else self.ctx.report.lines
        self.report_each(*lines, lambda line: self.check_line(patterns, anyone, line))

    def check_line(self, patterns, anyone, line: str):
        if len(patterns) > 1 and anyone is not None and search_timeout(anyone, line, self.code) is None:
            return   # one search instead of one per pattern
        for pat in patterns:
            for m in finditer_timeout(pat, line, 0, len(line), self.code):
                fix = Fix((Edit(m.start(), m.end(), ""),), safe=True, description="删除") if self.delete else None
                yield self.finding(m.start(), m.end(), self.message(m.group(0)), fix)

    def message(self, found: str) -> str:
        raise NotImplementedError
