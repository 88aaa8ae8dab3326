"""GI206, GI40x, GI50x: references, dates and the text itself."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from gilint.checks.base import Rule, register
from gilint.findings import Edit, Fix
from gilint.memo import lookup_all, remember, truthy_indices
from gilint.regexsafe import (PatternTimeout, any_of, compile_pattern, finditer_timeout,
                               found_in_text_if_in_a_line, search_timeout)


@register
class SupersededReference(Rule):
    """A report for 2021 or later cites the superseded 国办公开办函〔2019〕60号.

    ## What it does
    Reports a citation of 国办公开办函〔2019〕60号 (any bracket style) in a report for 2021 or
    later.

    ## Why
    From report year 2021 the format is fixed by 国办公开办函〔2021〕30号; citing 60号 usually
    means last year's text was copied.

    ## Basis
    国办公开办函〔2021〕30号 (2021-09-26).

    ## Example
    `根据……《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）`

    ## Use instead
    `（国办公开办函〔2021〕30号）`

    ## Fix
    Replaces the reference (safe).
    """
    code, name, severity, fix = "GI206", "superseded-reference", "warning", "safe"

    PATTERN = regex.compile(r"国办公开办函\s*[〔\[（(【]\s*2019\s*[〕\]）)】]\s*60\s*号")
    BEGINS = regex.compile(r"国办公开办函")   # every match begins so (matches_by_sentence)

    def check(self):
        r = self.ctx.report
        if r.year is None or r.year < int(self.params.get("applies_from_year", 2021)):
            return
        new = self.params.get("replacement", "国办公开办函〔2021〕30号")
        for at, m in matches_by_sentence(self.ctx, self.PATTERN, self.BEGINS, *self.ctx.report.lines, self.code):
            a, b = at + m.start(), at + m.end()
            self.report(a, b, f"{r.year}年度报告引用了已被替代的“{m.group(0)}”，应为“{new}”",
                        Fix((Edit(a, b, new),), safe=True, description=f"改为“{new}”"))


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


@register
class StatisticsPeriod(Rule):
    """The stated statistics period is not 1月1日 to 12月31日 of the report year.

    ## What it does
    Finds the statistics period stated in the preamble or in 一、总体情况
    (统计期限自X年1月1日起至X年12月31日止) and reports a start other than 1月1日 or an end other
    than 12月31日.

    ## Why
    The report covers the calendar year; a period ending 12月28日 leaves applications uncounted.

    ## Basis
    《政府信息公开条例》第四十九条, 第五十条 (the report covers the previous year).

    ## Example
    `统计期限自2020年1月1日起至2020年12月28日止`

    ## Use instead
    `统计期限自2020年1月1日起至2020年12月31日止`

    ## Fix
    Replaces the wrong dates (safe).
    """
    code, name, severity, fix = "GI401", "statistics-period", "error", "safe"

    def check(self):
        for at, m in statistics_periods(self.ctx):
            for mg, dg, want_m, want_d in (("m1", "d1", 1, 1), ("m2", "d2", 12, 31)):
                if (int(m.group(mg)), int(m.group(dg))) != (want_m, want_d):
                    a, b = at + m.start(mg), at + m.end(dg)
                    want = f"{want_m}月{want_d}日"
                    got = regex.sub(r"\s+", "", self.ctx.text[a:b]) + "日"
                    which = "起始" if mg == "m1" else "截止"
                    fix = Fix((Edit(a, b, f"{want_m}月{want_d}"),), safe=True, description=f"改为{want}")
                    self.report(a, b + 1, f"统计期限应为1月1日至12月31日，{which}日期实为{got}", fix)


@register
class YearMismatch(Rule):
    """The years disagree: title year and statistics-period year.

    ## What it does
    Reports a statistics period whose year is not the year in the title.

    ## Why
    A period from another year is usually text copied from last year's report.

    ## Basis
    《政府信息公开条例》第五十条.

    ## Example
    Title `2023年政府信息公开工作年度报告`, period `2022年1月1日至2022年12月31日`.

    ## Use instead
    `2023年1月1日至2023年12月31日`
    """
    code, name, severity = "GI402", "year-mismatch", "error"

    def check(self):
        r = self.ctx.report
        if r.year is None:
            return
        for at, m in statistics_periods(self.ctx):
            for g in ("y1", "y2"):
                if m.group(g) and int(m.group(g)) != r.year:
                    self.report(at + m.start(g), at + m.end(g),
                                f"统计期限的年份{m.group(g)}与报告年度{r.year}不一致")


# GI403 is off unless a pack sets a deadline: compiled on first use.
SIGN_DATE = r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$"


@register
class LatePublication(Rule):
    """The signing date is after the deadline that applies to this body.

    ## What it does
    Compares the date under the signature with the publication deadline set by the pack
    (`[report] deadline = "01-31"`, or per level: `deadline = { township = "02-20" }`).
    Off where no deadline is set.

    ## Why
    Article 49: departments of governments at county level and above publish by 1月31日; a
    local government's own report by 3月31日; township and 街道 deadlines are set locally.

    ## Basis
    《政府信息公开条例》第四十九条; the province's or city's implementing rules.

    ## Example
    Signed `2021年2月4日` under a 1月31日 deadline.

    ## Use instead
    Publish by the deadline.
    """
    code, name, severity = "GI403", "late-publication", "warning"
    enabled_by_default = False

    def check(self):
        r = self.ctx.report
        deadline = self.ctx.config.report.deadline or self.params.get("deadline")
        if isinstance(deadline, dict):
            deadline = deadline.get(r.level or "", deadline.get("default"))
        if not deadline or r.year is None or not r.closing:
            return
        sp = r.closing[-1]
        m = regex.match(SIGN_DATE, sp.text)
        if not m:
            return
        try:
            signed = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            mm, dd = (int(x) for x in str(deadline).split("-"))
            due = dt.date(r.year + 1, mm, dd)
        except ValueError:
            return
        if signed > due:
            self.report(sp.start + m.start(1), sp.start + m.end(3) + 1,
                        f"落款日期{signed.year}年{signed.month}月{signed.day}日晚于公开期限{due.year}年{due.month}月{due.day}日")


@register
class RepeatedText(Rule):
    """The same phrase written twice in a row.

    ## What it does
    Reports a phrase of at least four characters immediately repeated (根据上级……，根据上级……)
    and a doubled word from the pack's list (审核审核).

    ## Why
    A repetition is an editing slip that a reader notices at once.

    ## Basis
    《党政机关公文处理工作条例》第二十五条 (公文应当……文字精炼).

    ## Example
    `根据上级关于推进政务公开的工作部署，根据上级关于推进政务公开的工作部署，`

    ## Use instead
    `根据上级关于推进政务公开的工作部署，`

    ## Fix
    Deletes the repetition (safe).
    """
    code, name, severity, fix = "GI501", "repeated-text", "warning", "safe"
    scope = "section"

    def _spans(self, section):
        return [section.heading] + section.paragraphs

    def check_section(self, section):
        n = int(self.params.get("min_phrase", 4))
        words = "|".join(regex.escape(w) for w in self.params.get("doubled_words", ()))
        phrase = _repeat_pattern(n)
        doubled = _doubled_pattern(words) if words else None

        def check_line(text):
            for a, b, what in _repeats(phrase, doubled, text):
                yield self.finding(a, b, f"重复：“{what}”连续重复出现",
                                   Fix((Edit(a, b, ""),), safe=True, description="删除重复部分"))
        spans = self._spans(section)
        self.report_each([sp.start for sp in spans], [sp.text for sp in spans], check_line)


def _repeats(phrase, doubled, text: str) -> tuple:
    """(start, end, phrase) of each repetition in one line, relative to it (lines of usual
    length also memoised for the process: report lines recur from one report to the next)."""
    if len(text) > 1000:
        return _find_repeats(phrase, doubled, text)
    return _short_repeats(phrase, doubled, text)


@lru_cache(maxsize=4096)
def _short_repeats(phrase, doubled, text: str) -> tuple:
    return _find_repeats(phrase, doubled, text)


def _find_repeats(phrase, doubled, text: str) -> tuple:
    out = [(m.end(1), m.end(), m.group(1)) for m in phrase.finditer(text)]
    if doubled is not None:  # the whole run of repetitions goes: 审核审核审核 → 审核
        out += [(m.start() + len(m.group(1)), m.end(), m.group(1)) for m in doubled.finditer(text)]
    return tuple(out)


@lru_cache(maxsize=8)
def _doubled_pattern(words: str):
    return regex.compile(r"(%s)\1+" % words)


@lru_cache(maxsize=8)
def _repeat_pattern(n: int):
    # The stdlib engine runs this backreference pattern ~4x faster than `regex`; it is a
    # fixed pattern of ours (not a pack's), so no timeout is needed.
    return re.compile(r"([\u3400-\u9fff\U00020000-\U0002ffff][^\n。]{%d,60}?)([，,、；;]?)\1(?:\2\1)*" % (n - 1))


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


class _PatternRule(Rule):
    """Shared by GI502 and GI504: report every match of the pack's patterns, line by line
    (title, preamble and tables included; like grep, a match does not span lines, and each
    line is matched as a string of its own: ``^`` and ``$`` are its start and end)."""
    delete = False

    def patterns(self):
        return [compile_pattern(p, self.code) for p in self.params.get("patterns", ())]

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


@register
class ConversionArtifact(_PatternRule):
    """Leftovers of conversion or editing.

    ## What it does
    Reports Word bookmarks ([bookmark: _GoBack]), HTML tags and entities and stray markup left
    by conversion (patterns in the pack: `[rules.GI502] patterns`, matched line by line: `^`
    and `$` are the start and end of a line, and a match never spans lines).

    ## Why
    They are published as they are and show that the text was not read before publication.

    ## Basis
    《党政机关公文处理工作条例》 (公文应当……格式规范).

    ## Example
    `[bookmark: _GoBack]规章`

    ## Use instead
    `规章`

    ## Fix
    Deletes the leftover (safe).
    """
    code, name, severity, fix = "GI502", "conversion-artifact", "warning", "safe"
    delete = True

    def message(self, found):
        return f"转换或编辑残留：“{found}”"


@register
class Placeholder(_PatternRule):
    """Template placeholders left in the draft.

    ## What it does
    Reports fill-in marks of a template left in the text: XX镇, ××县, XXXX年, 【…】
    (patterns in the pack: `[rules.GI504] patterns`, matched line by line).

    ## Why
    A published report with placeholders was not finished.

    ## Basis
    The report must name the body and the year (《政府信息公开条例》第五十条).

    ## Example
    `XX镇2023年政府信息公开工作年度报告`

    ## Use instead
    `柳泉镇2023年政府信息公开工作年度报告`
    """
    code, name, severity = "GI504", "placeholder", "error"

    def message(self, found):
        return f"模板占位符未填写：“{found}”"

