from __future__ import annotations

from functools import lru_cache
import re

import regex

from gilint.checks.base import Option, Rule
from gilint.findings import Edit, Fix


class RepeatedText(Rule):
    """The same phrase written twice in a row.

    ## What it does
    Reports a phrase of at least four characters immediately repeated (根据上级……，根据上级……),
    a run of at least four characters written twice in a row with its punctuation, sentence
    ends included (加强队伍建设，提升服务水平。加强队伍建设，提升服务水平。), and a doubled word from
    the pack's list (审核审核). Doubles that are ordinary Chinese are listed in the pack
    (``legitimate_doubles``: 的的确确, 常常, 人人, 一一, 年年 …) and never reported.

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
        "legitimate_doubles": Option(list, ['的的确确', '常常', '人人', '一一', '年年', '谢谢', '看看', '天天', '实实在在', '扎扎实实', '认认真真', '方方面面', '点点滴滴', '家家户户', '时时处处'], "doubles that are ordinary Chinese, never reported (notes/domain.md)"),
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
        legit = tuple(self.params["legitimate_doubles"])

        def check_line(text):
            for a, b, what in _repeats(phrase, doubled, text):
                if legit and _legitimate(text, a, b, legit):
                    continue
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


def _legitimate(text: str, a: int, b: int, doubles: tuple) -> bool:
    """The repetition text[a:b] lies inside a double that is ordinary Chinese (的的确确)."""
    for w in doubles:
        i = text.find(w, max(0, a - len(w)), b + len(w))
        while i >= 0 and i < a:
            if i + len(w) >= b:
                return True
            i = text.find(w, i + 1, b + len(w))
    return False


def _find_repeats(phrase, doubled, text: str) -> tuple:
    out = [(m.end(1), m.end(), m.group(1)) for m in phrase.finditer(text)]
    seen = {a for a, _, _ in out}
    # a run that holds its own punctuation, sentence ends included, written twice
    out += [(m.end(1), m.end(), m.group(1)) for m in _SENTENCE_REPEAT.finditer(text)
            if m.end(1) not in seen and not any(a < m.end(1) < b for a, b, _ in out)]
    if doubled is not None:  # the whole run of repetitions goes: 审核审核审核 → 审核
        out += [(m.start() + len(m.group(1)), m.end(), m.group(1)) for m in doubled.finditer(text)]
    return tuple(out)


@lru_cache(maxsize=8)
def _doubled_pattern(words: str):
    return regex.compile(r"(%s)\1+" % words)


_SENTENCE_REPEAT = re.compile(r"([\u3400-\u9fff\U00020000-\U0002ffff][^\n]{3,80}?[。；;！!？?])\1+")


@lru_cache(maxsize=8)
def _repeat_pattern(n: int):
    # The stdlib engine runs this backreference pattern ~4x faster than `regex`; it is a
    # fixed pattern of ours (not a pack's), so no timeout is needed.
    return re.compile(r"([\u3400-\u9fff\U00020000-\U0002ffff][^\n。]{%d,60}?)([，,、；;]?)\1(?:\2\1)*" % (n - 1))
