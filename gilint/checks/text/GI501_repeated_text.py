from __future__ import annotations

from functools import lru_cache
import re

import regex

from gilint.checks.base import Option, Rule
from gilint.checks.matching import starts_and_texts
from gilint.findings import Edit, Fix
from gilint.lazyre import lazy
from gilint.storedre import compile as compile_regex, compile_re


class RepeatedText(Rule):
    """The same phrase or word written twice in a row.

    ## What it does
    Reports, in the preamble and in the sections' headings and paragraphs:
    - a phrase of at least four characters immediately repeated (根据上级……，根据上级……);
      where a separator (，、；) stands between the two, only when the second is the whole
      item again — a list item that begins with the previous item's words
      (政府信息公开、政府信息公开政策解读; 领导小组，领导小组办公室) is not a repetition;
    - a word of one to three characters written twice (关于关于, 行行政复议, 下属属) unless the
      pack allows the doubling (`[rules.GI501] allowed`: 的的确确, 常常, 人人, 一一 …). No
      dictionary: the report itself tells a slip from two words that share characters. A
      two- or three-character word is a slip unless the report elsewhere ends a word with it
      (镇政府…, 政府。) — 关于 never ends one, so 关于关于 is reported, 镇政府政府信息 is not.
      A doubled character is a slip where, undone, it reads as text the report has elsewhere
      (下属|属单位 → 下属单位), or where it begins a term the report uses at least twice more
      (行|行政复议) and the character before it does not form a word with it (理行); otherwise
      (层层压实, 具体体现) it is left alone;
    - a run of at least four characters written twice in a row with its punctuation, sentence
      ends included (加强队伍建设，提升服务水平。加强队伍建设，提升服务水平。);
    - a doubled word of the pack's list (`doubled_words`: 审核审核), always.
    Nothing inside an allowed doubling is reported.

    ## Why
    A repetition is an editing slip that a reader notices at once.

    ## Basis
    《党政机关公文处理工作条例》第二十五条 (公文应当……文字精炼).

    ## Example
    `根据上级关于推进政务公开的工作部署，根据上级关于推进政务公开的工作部署，`;
    `按照《关于关于印发……的通知》`; `办理行行政复议案件`

    ## Use instead
    `根据上级关于推进政务公开的工作部署，`; `按照《关于印发……的通知》`; `办理行政复议案件`

    ## Fix
    Deletes the repetition (safe).
    """
    doc_zh = """同一句话连写了两遍。

    ## 作用
    报告紧接着重复出现的至少四个字的短语（根据上级……，根据上级……），以及规则包词表中的叠词（审核审核）。

    ## 原因
    重复是编辑时的疏忽，读者一眼就能看出来。

    ## 依据
    《党政机关公文处理工作条例》第二十五条（公文应当……文字精炼）。

    ## 示例
    `根据上级关于推进政务公开的工作部署，根据上级关于推进政务公开的工作部署，`

    ## 正确写法
    `根据上级关于推进政务公开的工作部署，`

    ## 修复
    安全修复：删除重复部分。
    """
    code, name, severity, fix = "GI501", "repeated-text", "warning", "safe"
    options = {
        "min_phrase": Option(int, 4, "a repeated phrase counts from this many characters (研究研究, 一一 are ordinary Chinese)"),
        "doubled_words": Option(list, ['审核', '进一步', '资金'], "words whose doubling is always a slip (政府政府信息 is not: 政府 + 政府信息)"),
        "allowed": Option(list, [
            "的的确确", "常常", "人人", "一一", "年年", "月月", "天天", "个个", "层层", "处处", "事事", "时时",
            "家家户户", "件件", "项项", "条条", "步步", "村村", "户户", "样样", "种种", "点点滴滴", "刚刚",
            "仅仅", "往往", "纷纷", "渐渐", "默默", "深深", "紧紧", "多多", "好好", "大大", "轻轻", "慢慢",
            "认认真真", "扎扎实实", "实实在在", "方方面面", "上上下下", "明明白白", "清清楚楚", "井井有条",
            "研究研究", "讨论讨论", "看看", "试试", "想想", "谢谢", "妈妈", "爸爸", "哥哥", "姐姐", "弟弟",
            "妹妹", "宝宝", "星星", "匆匆", "悄悄", "稍稍", "略略", "频频", "屡屡", "久久", "冉冉", "熊熊",
        ], "doublings of a short word that are ordinary Chinese (reduplication, AABB words), never "
           "reported; any other word of 1–3 characters written twice is judged against the report's own text"),
    }

    def check(self):
        r = self.ctx.report
        n = int(self.params["min_phrase"])
        allowed = tuple(self.params["allowed"])
        phrase = _repeat_pattern(n)
        doubled = _doubled_pattern(tuple(self.params["doubled_words"]))

        def check_line(text):
            found = tuple((a, b, what) for a, b, what in _repeats(phrase, doubled, text)
                          if not (allowed and _legitimate(text, a, b, allowed)))
            for a, b, what in found:
                yield self.finding(a, b, f"重复：“{what}”连续重复出现",
                                   Fix((Edit(a, b, ""),), safe=True, description="删除重复部分"))
            for a, b, w in _short_doubles(allowed, text):   # judged below, against the report
                if not any(x < b and a - len(w) < y for x, y, _ in found):
                    yield self.finding(a, b, w)   # no fix yet: the word, to be judged

        spans = list(r.preamble)
        for s in r.sections:
            spans.append(s.heading)
            spans += s.paragraphs
        self.report_each(*starts_and_texts(spans), check_line)
        out = []
        for f in self._findings:
            if f.fix is not None:
                out.append(f)
            elif self._slip(f.start - len(f.message), f.end, f.message):
                out.append(self.finding(f.start, f.end, f"重复：“{f.message}”连续写了两遍",
                                        Fix((Edit(f.start, f.end, ""),), safe=True, description="删除重复部分")))
        self._findings = out

    def _slip(self, a: int, b: int, w: str) -> bool:
        """Whether the word ``w`` written twice at text[a:b] is a slip, judged by the report's
        other text (see the rule's documentation)."""
        text = self.ctx.text
        left = text[a - 1] if a > 0 and _cjk(text[a - 1]) else ""
        right = text[b] if b < len(text) and _cjk(text[b]) else ""
        elsewhere = _Counter(text, a, b)
        if len(w) == 1:   # a doubled character: undone, it reads as elsewhere (下属|属单位 → 下属单位),
            if left and right and elsewhere(left + w + right):   # or the word it begins is the report's own term
                return True
            term = text[a + 1:a + 5]
            return len(term) == 4 and all(map(_cjk, term)) and elsewhere(term, 2) \
                and not (left and elsewhere(left + w))
        # The first copy ends a word here if the report has it so elsewhere (镇政府, 政府。).
        ends = bool(left) and elsewhere(left + w) or _ENDS_A_WORD(w).search(text) is not None
        starts = bool(right) and elsewhere(w + right)
        return not ends or not starts and not right   # 关于关于…: 关于 never ends a word


class _Counter:
    """Whether a string occurs in the text outside text[a:b] (the doubled words themselves)."""

    def __init__(self, text: str, a: int, b: int):
        self.text, self.a, self.b = text, a, b

    def __call__(self, s: str, times: int = 1) -> bool:
        pos, n = self.text.find(s), 0
        while pos >= 0:
            if pos + len(s) <= self.a - 1 or pos >= self.b + 1:   # clear of the doubling and its neighbours
                n += 1
                if n >= times:
                    return True
            pos = self.text.find(s, pos + 1)
        return False


@lru_cache(maxsize=256)
def _ENDS_A_WORD(w: str):
    """``w`` followed by punctuation, a space or a line end: it ends a word there."""
    return re.compile(re.escape(w) + r"(?:[^\u3400-\u9fff\U00020000-\U0002ffff]|$)", re.M)


def _cjk(c: str) -> bool:
    """``c`` is one Han character ([\u3400-\u9fff\U00020000-\U0002ffff]): compared, not
    matched, since compiling that class with ``re`` costs milliseconds at start-up."""
    return len(c) == 1 and ("\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0002ffff")
# Numerals and measure words double in dates and amounts (二〇二〇, 一一) — never judged.
_NUMERAL = set("〇零一二三四五六七八九十百千万亿")


@lru_cache(maxsize=4096)
def _short_doubles(allowed: tuple, text: str) -> tuple:
    """(start of the second copy, its end, the word) of each word of 1–3 characters written
    twice in ``text``, outside the allowed doublings; to be judged against the whole report.
    Sentence by sentence (none of these words holds "。"), unless an allowed doubling does."""
    if _holds_a_stop(allowed):
        return _sentence_doubles(allowed, text)
    return tuple(_by_sentence(_sentence_doubles_memo, allowed, text, 2))


@lru_cache(maxsize=8)
def _holds_a_stop(words: tuple) -> bool:
    return any("。" in w for w in words)


def _sentence_doubles(allowed: tuple, text: str) -> tuple:
    m = _DOUBLE.search(text)
    if m is None:          # most lines: no Han word written twice at all
        return ()
    free = [True] * len(text)
    for ok in allowed:
        pos = text.find(ok)
        while pos >= 0:
            free[pos:pos + len(ok)] = [False] * len(ok)
            pos = text.find(ok, pos + 1)
    out = []
    while m is not None:
        # Only where _DOUBLE matches can a word start that is written twice (longest first).
        i = m.start()
        for k in (3, 2, 1):
            w = text[i:i + k]
            if len(w) == k and text[i + k:i + 2 * k] == w and all(map(_cjk, w)) \
                    and not (set(w) <= _NUMERAL) and all(free[i:i + 2 * k]) \
                    and text[i + 2 * k:i + 3 * k] != w:          # 3 copies or more: a run, not a slip
                out.append((i + k, i + 2 * k, w))
                i += 2 * k - 1
                break
        m = _DOUBLE.search(text, i + 1)
    return tuple(out)


_sentence_doubles_memo = lru_cache(maxsize=8192)(_sentence_doubles)


def _by_sentence(memo, key, text: str, shortest: int) -> list:
    """``memo(key, sentence)`` — tuples that open with two offsets in the sentence — for each
    sentence of ``text`` (cut at "。", which none of them may span) of ``shortest`` characters
    or more, placed in ``text``, in order. ``memo`` is memoised for the process (its function
    as ``memo.__wrapped__``): sentences recur from one report to the next far more than the
    paragraphs, whose figures and names differ."""
    out, at = [], 0
    for sentence in text.split("。"):
        if len(sentence) >= shortest:
            found = memo(key, sentence) if len(sentence) <= 1000 else memo.__wrapped__(key, sentence)
            if found:
                out += [(at + a, at + b, *rest) for a, b, *rest in found]
        at += len(sentence) + 1
    return out


# A word of 1–3 Han characters written twice in a row (the places _short_doubles judges).
_DOUBLE = lazy(re, r"([\u3400-\u9fff\U00020000-\U0002ffff]{1,3})\1")


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
    out = [(e1, e, g1) for e1, e, g1, g2 in phrase_repeats(phrase, text)
           if not (g2 and _cjk(text[e:e + 1]))]   # a list item that goes on
    seen = {a for a, _, _ in out}
    # a run that holds its own punctuation, sentence ends included, written twice
    starts = _sentence_repeat_starts(text)
    if starts:
        out += [(m.end(1), m.end(), m.group(1)) for m in _sentence_repeats(text, starts)
                if m.end(1) not in seen and not any(a < m.end(1) < b for a, b, _ in out)]
    if doubled is not None:  # the whole run of repetitions goes: 审核审核审核 → 审核
        out += [(m.start() + len(m.group(1)), m.end(), m.group(1)) for m in doubled.finditer(text)]
    return tuple(out)


@lru_cache(maxsize=8)   # (escaping the words costs more than the rest of a lint's check)
def _doubled_pattern(words: tuple):
    """One of ``words`` written twice or more; None without words."""
    alternatives = "|".join(map(regex.escape, words))
    return compile_regex(r"(%s)\1+" % alternatives) if alternatives else None


def _sentence_repeat_starts(text: str) -> list[int]:
    """Where a match of _SENTENCE_REPEAT may start, in order (its backreference search from
    every character costs as much as a dozen passes over the line; most lines have no such
    place). A sentence of L characters (5 to 82) written twice ends twice, L apart, with the
    same five characters before each end: its first copy starts L - 1 characters before the
    first end."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    out = set()
    for i, p in enumerate(ends):
        if p < 4:
            continue
        for q in ends[i + 1:]:
            if q - p > 82:
                break
            if q - p >= 5 and 2 * p - q + 1 >= 0 and text[p - 4:p + 1] == text[q - 4:q + 1]:
                out.add(2 * p - q + 1)
    return sorted(out)


def _sentence_repeats(text: str, starts: list[int]) -> list:
    """``_SENTENCE_REPEAT.finditer(text)``, the pattern tried only at ``starts``."""
    return _matches_at(_SENTENCE_REPEAT, text, starts)


def _matches_at(pattern, text: str, starts: list[int]) -> list:
    """``pattern.finditer(text)`` (a pattern that looks at nothing before its match), the
    pattern tried only at ``starts`` (a superset of where it matches, in order): the same
    matches, as each is the one the pattern makes at its start."""
    out, pos = [], 0
    for at in starts:
        if at >= pos:
            m = pattern.match(text, at)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


_SENTENCE_END = lazy(re, r"[。；;！!？?]")
_SENTENCE_REPEAT = lazy(re, r"([\u3400-\u9fff\U00020000-\U0002ffff][^\n]{3,80}?[。；;！!？?])\1+")


def phrase_repeats(phrase: tuple, text: str) -> list[tuple[int, int, str, str]]:
    """(end of the first copy, end, the phrase, the separator) of each match of ``phrase[0]`` in
    ``text``, in order, as its ``finditer`` finds them: sentence by sentence, as a match never
    holds "。" (neither its phrase nor its separator may)."""
    return _by_sentence(_sentence_repeats_memo, phrase, text, 2 * phrase[1])


def _sentence_phrase_repeats(phrase: tuple, sentence: str) -> tuple:
    return tuple((m.end(1), m.end(), m.group(1), m.group(2)) for m in phrase_matches(phrase, sentence))


_sentence_repeats_memo = lru_cache(maxsize=8192)(_sentence_phrase_repeats)


def phrase_matches(phrase: tuple, text: str) -> list:
    """``phrase[0].finditer(text)`` (``phrase`` from ``_repeat_pattern``), the pattern tried only
    where a repetition may start (``_repeated_starts``): several times cheaper than its search,
    which tries the backreference at every length from every character of the line; and only
    where ``_copied_at`` says its copy may follow)."""
    pattern, n = phrase
    return _matches_at(pattern, text, [j for j in _repeated_starts(text, n) if _copied_at(text, j, n)])


_SEPARATORS = frozenset("，,、；;")   # what may stand between the copies (_repeat_pattern's group 2)


def _copied_at(text: str, j: int, n: int, span: int = 62) -> bool:
    """Whether a phrase starting at ``j`` may be followed by its copy, as ``_repeat_pattern(n)``
    needs (a necessary condition, told by comparing strings: the pattern at ``j`` tries ~60
    lengths with a backreference, most of them in vain): some place ``j + d`` (n ≤ d ≤ span)
    where the n characters at ``j`` occur again opens a copy of the d characters before it, or
    of the d - 1 before a separator (a match of length L with s separators ends its first copy
    at L and starts the second at d = L + s)."""
    gram, end = text[j:j + n], j + span + n
    i = text.find(gram, j + n, end)
    while i >= 0:
        d = i - j
        if text[j:i] == text[i:i + d] or (text[i - 1] in _SEPARATORS and text[j:i - 1] == text[i:i + d - 1]):
            return True
        i = text.find(gram, i + 1, end)
    return False


def _repeated_starts(text: str, n: int, span: int = 62) -> list[int]:
    """The positions whose n characters occur again n to ``span`` characters further on (a
    superset of where ``_repeat_pattern(n)`` may match), in order. Each position waits under
    its characters until a later copy is far enough away, or too far: linear. (Cheaper than a
    search for the first such place with a backreference pattern, which tries ~60 lengths at
    each character: 460 vs 200 ns a character. Most waiting is of one position, kept as an int,
    not a list: another 20 %.)"""
    waiting: dict = {}
    get = waiting.get
    out = []
    for i in range(len(text) - n + 1):
        key = text[i:i + n]
        earlier = get(key)
        if earlier is None:
            waiting[key] = i
        elif earlier.__class__ is int:
            if i - earlier < n:   # overlapping copies (一一一一…): both wait
                waiting[key] = [earlier, i]
                continue
            if i - earlier <= span:
                out.append(earlier)
            waiting[key] = i
        else:
            k, near, far = 0, i - n, i - span
            while k < len(earlier) and earlier[k] <= near:
                if earlier[k] >= far:
                    out.append(earlier[k])
                k += 1
            if k:
                del earlier[:k]
            earlier.append(i)
    out.sort()
    return out


@lru_cache(maxsize=8)
def _repeat_pattern(n: int) -> tuple:
    """A phrase of n characters or more written twice (a separator between the copies at
    most), and n. A phrase of L ≥ n characters repeated after s ≤ 1 separator has its first n
    characters again L + s ≤ 62 characters on: where a repetition may start."""
    # The stdlib engine runs this backreference pattern ~4x faster than `regex`; it is a fixed
    # pattern of ours (not a pack's), so no timeout is needed.
    return (compile_re(r"([\u3400-\u9fff\U00020000-\U0002ffff][^\n。]{%d,60}?)([，,、；;]?)\1(?:\2\1)*" % (n - 1)), n)
