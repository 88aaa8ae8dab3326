from __future__ import annotations

from functools import lru_cache
import re

import regex

from gilint.checks.base import Option, Rule
from gilint.findings import Edit, Fix


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
    options = {
        "min_phrase": Option(int, 4, "a repeated phrase counts from this many characters (研究研究, 一一 are ordinary Chinese)"),
        "doubled_words": Option(list, ['审核', '进一步', '资金'], "words whose doubling is always a slip (政府政府信息 is not: 政府 + 政府信息)"),
    }
    scope = "section"

    def _spans(self, section):
        return [section.heading] + section.paragraphs

    def check_section(self, section):
        n = int(self.params["min_phrase"])
        words = "|".join(regex.escape(w) for w in self.params["doubled_words"])
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
