"""Shared by the text rules: the statistics periods (GI401, GI402) and the base of GI502/GI504
(matching sentence by sentence and line by line is gilint.checks.matching, through the Rule)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from gilint.checks.base import Rule
from gilint.checks.matching import split_wrap
from gilint.findings import Edit, Fix
from gilint.regexsafe import any_of, compile_pattern, finditer_timeout, search_timeout
from gilint.lazyre import lazy


PERIOD = lazy(regex,
    r"(?:统计|期限|时限|周期|区间|时段|范围)[^。]{0,16}?"
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*"
    r"(?:至|到|—|－|-|~|～)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日")


# A period whose dates lost 年 or 月 in conversion (自20231月1日至202312月31日, 202511日到20251231日):
# the same opening, then two runs of figures, 年, 月 and 日 joined by 至/到 that PERIOD cannot read.
ANY_PERIOD = lazy(regex,
    r"(?:统计|期限|时限|周期|区间|时段|范围)[^。]{0,16}?"
    r"(?P<p>(?<!\d)(?:19|20)\d{2}[\d年月日\s]{1,12}?日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*[\d年月日\s]{2,14}?日)")
_PERIOD_TO = lazy(regex, r"(起?\s*(?:至|到|—|－|-|~|～))")   # between a period's two dates
DATE = lazy(regex, r"(?:起|至|到|—|－|-|~|～|^)\s*(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def damaged_periods(rule: Rule) -> list:
    """``(start, end)`` of each statistics period before section 二 whose dates cannot be read
    (a figure glued to the year where 年 or 月 was lost), as offsets in the text."""
    out = []
    for at, m in rule.once("damaged-periods", lambda: _period_stretch(rule, ANY_PERIOD, "damaged-periods")):
        a, b = m.span("p")
        first, _, second = _PERIOD_TO.split(m.group("p"), maxsplit=1)
        if not (DATE.search(first) and DATE.search(second)):
            out.append((at + a, at + b))
    return out


def statistics_periods(rule: Rule) -> list:
    """``(offset, match)`` of each statistics period stated before section 二 (preamble and
    一、总体情况), matched over that stretch of the text (so that a period wrapped over two
    lines by pdftotext is found too). Once per lint, for GI401 and GI402 alike."""
    return rule.once("statistics-periods", lambda: _period_stretch(rule, PERIOD, "statistics-periods"))


def _period_stretch(rule: Rule, pattern, memo: str) -> list:
    """``(offset, match)`` of ``pattern`` (beginning as PERIOD does) over the preamble and 一."""
    starts, texts = rule.once("period-lines", lambda: _period_lines(rule.ctx.report))
    return rule.sentence_matches(pattern, _PERIOD_START, starts, texts, memo) if starts else []


def _period_lines(report) -> tuple[list[int], list[str]]:
    """The lines (starts, texts) of the preamble and 一 (once per lint, for both patterns)."""
    s1 = report.section(1)
    runs = [run for run in (report.preamble, s1.paragraphs if s1 else []) if run]   # each in text order
    if not runs:
        return [], []
    a = min(run[0].start for run in runs)          # a line start (inside a line in a crawl)
    b = max(run[-1].end for run in runs)           # and a line end
    starts, texts = report.lines
    i, j = max(0, bisect_right(starts, a) - 1), bisect_left(starts, b)
    return starts[i:j], texts[i:j]


_PERIOD_START = lazy(regex, r"统计|期限|时限|周期|区间|时段|范围")   # how PERIOD begins


@lru_cache(maxsize=64)   # (the same few lists on every lint)
def _compiled(sources: tuple, rule: str) -> tuple[list, object]:
    """A pack's patterns compiled, and the one that matches where any of them does (None: none,
    or they cannot be combined)."""
    patterns = [compile_pattern(p, rule) for p in sources]
    return patterns, any_of(tuple(p.pattern for p in patterns), rule) if patterns else None


class PatternRule(Rule):
    """Shared by GI502 and GI504: report every match of the pack's patterns, line by line
    (title, preamble and tables included; like grep, a match does not span lines, and each
    line is matched as a string of its own: ``^`` and ``$`` are its start and end)."""
    delete = False

    def check(self):
        patterns, anyone = _compiled(tuple(self.params["patterns"]), self.code)
        if not patterns:
            return
        lines = self.lines_that_may_match(anyone) if anyone is not None else self.ctx.report.lines
        self.report_each(*lines, lambda line: self.check_line(patterns, anyone, line))
        self.report_each(*self.wraps_that_may_match(anyone),
                         lambda pair: self.check_wrap(patterns, anyone, pair), memo=self.code + ":wraps")

    def check_wrap(self, patterns, anyone, pair: str):
        """The matches that run over the soft wrap of ``pair`` (a paragraph line, its line
        break, the next line of the paragraph), as if the break were not there; the ones
        inside either line are found line by line. The fix deletes both pieces, not the break."""
        first, brk, second = split_wrap(pair)
        joined, cut = first + second, len(first)
        if anyone is not None and search_timeout(anyone, joined, self.code) is None:
            return
        for pat in patterns:
            for m in finditer_timeout(pat, joined, 0, len(joined), self.code):
                if not m.start() < cut < m.end():
                    continue
                after = cut + len(brk)
                fix = Fix((Edit(m.start(), cut, ""), Edit(after, m.end() + len(brk), "")), safe=True,
                          description="删除") if self.delete else None
                yield self.finding(m.start(), m.end() + len(brk), self.message(m.group(0)), fix)

    def check_line(self, patterns, anyone, line: str):
        if len(patterns) > 1 and anyone is not None and search_timeout(anyone, line, self.code) is None:
            return   # one search instead of one per pattern
        for pat in patterns:
            for m in finditer_timeout(pat, line, 0, len(line), self.code):
                fix = Fix((Edit(m.start(), m.end(), ""),), safe=True, description="删除") if self.delete else None
                yield self.finding(m.start(), m.end(), self.message(m.group(0)), fix)

    def message(self, found: str) -> str:
        raise NotImplementedError
