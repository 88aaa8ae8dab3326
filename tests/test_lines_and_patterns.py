"""The pieces incremental analysis stands on, each against an independent reference.

- ``line_texts`` and ``split_lines`` against ``textpos.iter_lines`` (every newline convention),
  for the whole text and for ranges that start and end on line starts (a section);
- ``relines`` (re-split only around an edit) against a fresh ``line_texts``, and
  ``common_affixes`` against character-by-character comparison;
- the pattern helpers: ``any_of`` finds something in a line exactly when one of its patterns
  does; ``found_in_text_if_in_a_line`` never lets one search of the whole text rule out a line
  that has a match;
- ``remember`` keeps a memo bounded;
- ``line_columns`` (the CLI's positions of findings) against ``LineIndex`` at every offset.
"""
from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gilint import memo
from gilint.read.lines import Line, common_affixes, line_texts, relines, split_lines
from gilint.regexsafe import any_of, compile_pattern, found_in_text_if_in_a_line
from gilint.textpos import LineIndex, iter_lines, line_columns

TEXT = st.text(st.sampled_from(list("ab 中。\t\r\n\u2028\f😀")), max_size=40)


def line_starts(text: str) -> list[int]:
    """Offsets where a line starts (after \\n, or after \\r not followed by \\n)."""
    return [0] + [p for p in range(1, len(text) + 1)
                  if text[p - 1] == "\n" or (text[p - 1] == "\r" and text[p:p + 1] != "\n")]


@given(TEXT, st.data())
def test_line_texts_match_iter_lines_for_the_text_and_for_line_ranges(text, data):
    ref = list(iter_lines(text))
    assert line_texts(text) == ([a for a, _ in ref], [text[a:b] for a, b in ref])
    starts = line_starts(text)
    a = data.draw(st.sampled_from(starts))
    b = data.draw(st.sampled_from([s for s in starts if s > a] + [len(text)]))
    ref = list(iter_lines(text, a, b))
    assert line_texts(text, a, b) == ([x for x, _ in ref], [text[x:y] for x, y in ref])
    assert split_lines(text, a, b) == [Line(text[x:y], x, y) for x, y in ref]


@settings(max_examples=400)
@given(TEXT, st.lists(st.tuples(st.floats(0, 1), st.integers(0, 5), TEXT), min_size=1, max_size=5))
def test_relines_equals_a_fresh_split_after_each_edit(text, edits):
    lines = line_texts(text)
    for pos, length, new in edits:
        at = int(pos * len(text))
        edited = text[:at] + new[:4] + text[at + length:]
        lines = relines(text, lines, edited)
        assert lines == line_texts(edited), (text, edited)
        text = edited


@given(TEXT, st.lists(st.integers(-2, 45), max_size=12))
def test_line_columns_are_the_line_index_positions(text, offsets):
    for text in (text, text.replace("\r", "")):   # (the sweep is for text without \r)
        index = LineIndex(text)
        assert line_columns(text, offsets) == {o: index.position(o) for o in offsets}
        everywhere = range(len(text) + 2)
        assert line_columns(text, everywhere) == {o: index.position(o) for o in everywhere}


@given(TEXT, TEXT)
def test_common_affixes(a, b):
    p, s = common_affixes(a, b)
    n = min(len(a), len(b))
    ref_p = next((i for i in range(n) if a[i] != b[i]), n)
    assert p == ref_p
    ref_s = next((i for i in range(n - p) if a[len(a) - 1 - i] != b[len(b) - 1 - i]), n - p)
    assert s == ref_s


@given(TEXT, TEXT, st.tuples(st.integers(-2, 45), st.integers(-2, 45)))
def test_common_affixes_whatever_the_guess(a, b, guess):
    """A guess (the editor's: where the text changed last time) only changes how they are found."""
    assert common_affixes(a, b, guess) == common_affixes(a, b)
    assert common_affixes(list(a), list(b), guess) == common_affixes(a, b)


def test_relines_reuses_the_strings_of_lines_away_from_the_edit():
    text = "".join(f"第{i}行。\n" for i in range(2000))
    lines = line_texts(text)
    at = text.index("第1000行")
    edited = text[:at] + "新" + text[at:]
    starts, texts = relines(text, lines, edited)
    assert texts[10] is lines[1][10] and texts[1990] is lines[1][1990]
    assert texts[1000] == "新第1000行。" and starts[1990] == lines[0][1990] + 1


PATTERNS = [r"\[bookmark:\s*[^\]]*\]", r"</?(?:p|span|br)(?:\s[^<>]*)?/?>", r"&(?:nbsp|amp);",
            r"[XＸ×]{2,}(?:镇|县|年)", r"【[^【】\n]{0,20}】", r"a\s+b", r"(ab|ba)+\b", r"中.{0,3}。",
            r"[^a]b", r"\bab"]
LINES = st.text(st.sampled_from(list("abX×镇年中。 \n<>/[]【】&;")), max_size=30)


@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4, unique=True), LINES)
def test_any_of_matches_a_line_exactly_when_one_pattern_does(patterns, line):
    combined = any_of(tuple(patterns))
    assert combined is not None
    expected = any(compile_pattern(p).search(line) for p in patterns)
    assert (combined.search(line) is not None) == expected


def test_any_of_leaves_patterns_with_backreferences_or_inline_flags_alone():
    assert any_of((r"(a)\1", "b")) is None
    assert any_of((r"(?i)abc", "b")) is None
    assert any_of(("(X)X镇", "(ab)(?1)")) is None            # a call of group 1, by number
    assert any_of(("(X)X镇", "(a)?b(?(1)c|d)")) is None      # a condition on group 1
    assert any_of(("a",)).pattern == "a"
    assert any_of(()) is None


@given(st.sampled_from(PATTERNS + [r"(?s)a.b", r"^ab", r"ab$", r"a(?=b)", r"(?<!a)b", r"\Aa", r"(?>a+)b", r"a++b",
                                   r"(?:ab)\Z", r"[^\s]b$"]),
       st.lists(LINES.filter(lambda s: "\n" not in s), min_size=1, max_size=4),
       st.sampled_from(["\n", "\r\n"]))
def test_a_search_of_the_text_never_misses_a_line_it_is_trusted_for(pattern, lines, newline):
    pat = regex.compile(pattern)
    if not found_in_text_if_in_a_line(pattern):
        return
    if any(pat.search(line) for line in lines):
        assert pat.search(newline.join(lines)) is not None


def test_what_depends_on_the_text_around_a_match_is_not_trusted():
    for p in (r"^ab", r"ab$", r"a(?=b)", r"a(?!b)", r"(?<=a)b", r"(?<!a)b", r"\Aa", r"a\Z", r"a\z",
              r"(?>a+)b", r"a++", r"a*+", r"a?+", r"a{2}+", r"\Ka", r"\Ga",
              # a search that is not leftmost-first, control verbs, comments hiding anchors
              r"(?r)ZZ", r"(?b)(?:ZZZ){e<=1}", r"(?:ab){e<=1}", r"b\n?x(*SKIP)(*F)|xfoo",
              "(?x)ZZ  # [ comment\n$", r"(?#[)a$", r"(?i:a)"):
        assert not found_in_text_if_in_a_line(p), p
    for p in (r"[^\]]*\]", r"[$^]", r"a\$", r"\\A", r"[]^]x", r"\bab\b"):
        assert found_in_text_if_in_a_line(p), p


def test_remember_keeps_a_memo_bounded(monkeypatch):
    monkeypatch.setattr(memo, "LIMIT", 3)
    m: dict = {}
    for i in range(7):
        assert memo.remember(m, i, i * i) == i * i
        assert len(m) <= 3
    assert memo.lookup_all(m, [6, 9], lambda k: k + 1) == [36, 10]
    assert memo.truthy_indices([(), ("x",), None, 0, [1]]) == [1, 4]


def test_sized_cache_is_bounded_by_entries_and_by_size():
    c = memo.SizedCache(entries=3, size=100)
    for k in "abc":
        c.put(k, k.upper(), 10)
    assert c.get("a") == "A"                      # a is now the most recent
    c.put("d", "D", 10)                           # four entries: the least recent (b) goes
    assert c.get("b") is None and [c.get(k) for k in "acd"] == ["A", "C", "D"]
    c.put("big", "BIG", 95)                       # over the size: the oldest go until it fits
    assert len(c) == 1 and c.get("big") == "BIG"
    c.put("huge", "HUGE", 500)                    # one entry larger than the budget is kept alone
    assert len(c) == 1 and c.get("huge") == "HUGE"
    c.put("huge", "HUGE2", 5)                     # replacing an entry counts its new size only
    c.put("x", "X", 90)
    assert c.get("huge") == "HUGE2" and c.get("x") == "X"


def test_trim_empties_memos_that_outgrew_the_document():
    small, big = {str(i): i for i in range(10)}, {str(i): i for i in range(memo.SLACK + 50)}
    memo.trim([small, big], lines=20, chars=1000)
    assert len(small) == 10 and big == {}
    # a long line typed into: few entries, but each a version of a 50,000-character line
    versions = memo.Memo()
    for i in range(20):
        memo.remember(versions, "x" * 50_000 + str(i), ())
    memo.trim([versions], lines=300, chars=60_000)   # 1 M characters of keys: not yet
    assert len(versions) == 20 and versions.chars > 1_000_000
    for i in range(20, 40):
        memo.remember(versions, "x" * 50_000 + str(i), ())
    memo.trim([versions], lines=300, chars=60_000)   # 2 M characters > 4 × 60,000 + 1 M
    assert versions == {} and versions.chars == 0



def test_a_long_typing_session_in_a_large_section_keeps_the_caches_bounded():
    from gilint import Analyzer
    from gilint.read.structure import CACHED_CHARS
    text = "2021年某镇政府信息公开工作年度报告\n一、总体情况\n" + "本镇坚持以公开为常态、不公开为例外。\n" * 3000 + \
        "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    a = Analyzer()
    at = text.index("例外。") + 3
    for _ in range(120):                          # each keystroke a new version of section 一
        text = text[:at] + "政" + text[at:]
        a.lint(text)
    assert 120 * 3000 * 19 > CACHED_CHARS         # unbounded, the versions would exceed it
    assert a._reader._cache.total <= CACHED_CHARS and a._rule_cache.total <= 8 * CACHED_CHARS


@given(st.lists(st.sampled_from(PATTERNS + [r"ab|中。", r"&amp;|<br>"]), min_size=1, max_size=3, unique=True),
       LINES, st.integers(0, 30))
def test_a_search_of_the_text_begun_at_the_first_leading_string_finds_the_same_match(patterns, text, pos):
    """Begun where the first string a match opens with stands, the search of a whole text
    finds the match the search from ``pos`` finds (or none where it finds none)."""
    from gilint.checks.matching import _search_from_lead
    pat = any_of(tuple(patterns))
    pos = min(pos, len(text))
    got, want = _search_from_lead(pat, text, "", pos), pat.search(text, pos)
    assert (got and got.span()) == (want and want.span())


@given(st.sampled_from(PATTERNS + [r"b?", r"a\s*b"]),
       st.lists(LINES.filter(lambda s: "\n" not in s), min_size=1, max_size=6))
@example(r"b?", ["ab", "", "b"])   # an empty match in an empty line: none of the text's own there
def test_one_shot_candidate_lines_hold_every_line_with_a_match(pattern, lines):
    from types import SimpleNamespace

    from gilint.checks.matching import lines_that_may_match
    text = "\n".join(lines)
    doc = line_texts(text)
    for persistent in (False, True):   # one-shot, or one file of many (memos kept)
        ctx = SimpleNamespace(report=SimpleNamespace(lines=doc), text=text, persistent=persistent,
                              incremental=False, scratch={})
        pat = regex.compile(pattern)
        starts, texts = lines_that_may_match(ctx, pat)
        assert set(starts) <= set(doc[0])
        assert [t for t in doc[1] if pat.search(t)] == [t for t in texts if pat.search(t)]
    editor = SimpleNamespace(**{**vars(ctx), "persistent": True, "incremental": True})
    assert lines_that_may_match(editor, pat) == doc


@given(st.sampled_from(PATTERNS), st.lists(LINES.filter(lambda s: "\n" not in s), min_size=1, max_size=6),
       st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=6, max_size=6))
@example(r"\bab", ["X", "ab"], ["\n"] * 6)     # a word boundary at a line start, none without the break
@example(r"(ab|ba)+\b", ["ab", "X"], ["\r\n"] * 6)
def test_a_pattern_said_absent_matches_in_no_line_and_over_no_wrap(pattern, lines, breaks):
    """``_absent`` (one search of the text without its line breaks) rules out a pattern only
    where no line and no two consecutive lines joined (a soft wrap read as one) have a match."""
    from types import SimpleNamespace

    from gilint.checks.matching import _absent
    text = "".join(line + brk for line, brk in zip(lines, breaks))
    pat = regex.compile(pattern)
    ctx = SimpleNamespace(text=text, report=SimpleNamespace(lines=line_texts(text)), incremental=False, scratch={})
    if _absent(ctx, pat, ""):
        assert not any(pat.search(line) for line in lines)
        assert not any(pat.search(a + b) for a, b in zip(lines, lines[1:]))
    assert not _absent(SimpleNamespace(**{**vars(ctx), "incremental": True, "scratch": {}}), pat, "")


@given(st.sampled_from(PATTERNS + [r"a\s*b", r"b中|×镇"]),
       st.lists(LINES.filter(lambda s: "\n" not in s and "\r" not in s), min_size=2, max_size=6),
       st.sampled_from(["\n", "\r\n"]))
@example(r"a\s*b", ["a", "b"], "\n")          # a match only over the wrap
@example(r"a\s*b", ["ab a", " b", "ab"], "\n")  # the text's match in a line, another over the wrap
def test_one_shot_wraps_hold_every_wrap_with_a_match_over_its_break(pattern, lines, brk):
    """In the lint of a new text, the soft wraps left to look at (``_flat_lines``: by searches
    of the text without its line breaks) hold every wrap with a match that begins in its first
    line and ends in the second (what ``check_wrap`` reports); the editor looks at them all."""
    from types import SimpleNamespace

    from gilint.checks.matching import soft_wraps, split_wrap, wraps_that_may_match
    text = brk.join(lines) + brk
    run, at = [], 0
    for line in lines:
        run.append(SimpleNamespace(text=line, start=at, end=at + len(line)))
        at += len(line) + len(brk)
    report = SimpleNamespace(text=text, lines=line_texts(text), preamble=run, sections=[])
    pat = regex.compile(pattern)
    every = soft_wraps(report)
    ctx = SimpleNamespace(report=report, text=text, persistent=False, incremental=False, scratch={})
    starts, pairs = wraps_that_may_match(ctx, pat)
    assert set(starts) <= set(every[0])
    for start, pair in zip(*every):
        first, _, second = split_wrap(pair)
        over = any(m.start() < len(first) < m.end()
                   for m in pat.finditer(first + second, overlapped=True))
        assert not over or start in starts, (start, pair)
    memos = {}
    editor = SimpleNamespace(**{**vars(ctx), "persistent": True, "incremental": True, "memos": memos,
                                "scratch": {}, "memo": lambda name: memos.setdefault(name, {})})
    assert wraps_that_may_match(editor, pat) == every


def test_one_shot_candidate_lines_fall_back_to_every_line_when_the_text_is_slow(monkeypatch):
    """A pattern too slow for the whole text is tried line by line, as the server does (each
    line with its own time limit), so that the CLI and the editor agree."""
    from types import SimpleNamespace

    from gilint.checks import matching as text_rules
    from gilint.regexsafe import PatternTimeout

    def slow(*args, **kwargs):
        raise PatternTimeout("GI504: too slow")
    monkeypatch.setattr(text_rules, "search_timeout", slow)
    doc = line_texts("a\nb\nc")
    ctx = SimpleNamespace(report=SimpleNamespace(lines=doc), text="a\nb\nc", persistent=False,
                          incremental=False, scratch={})
    assert text_rules.lines_that_may_match(ctx, regex.compile("b")) == doc


SENTENCE_PIECES = st.lists(st.sampled_from(["统计", "期限", "2023年", "20", "23年", "自", "。", "，", "a", " "]),
                           max_size=8).map("".join)


BEGINS = [r"中华人民共和国|国\s*办", r"统计|期限|时限", r"ab|b\s*c", r"国", r"[国中]华"]


@given(st.sampled_from(BEGINS), st.lists(st.text(st.sampled_from(list("中华人民共和国办统计期限时 abc")), max_size=12),
                                         min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_the_lines_where_a_sentence_may_begin_are_those_a_search_finds(source, lines, brk):
    """Found by the strings every match opens with (or, for a pattern that opens otherwise, by
    searches of the text), the lines where ``begins`` matches are the ones searches find."""
    from gilint.checks.matching import _begin_lines, _candidates
    begins = regex.compile(source)
    text = "前言。" + brk + brk.join(lines) + brk + "国办统计" + brk
    starts, texts = line_texts(text)
    starts, texts = starts[1:-1], texts[1:-1]      # a stretch after the first line, before the last
    end = starts[-1] + len(texts[-1])
    assert _begin_lines(begins, text, starts, end) == _candidates(lambda pos: begins.search(text, pos, end), starts)


def test_the_strings_a_match_opens_with():
    from gilint.checks.literals import leading_strings
    assert leading_strings(r"中华人民共和国|国\s*办") == ("中华人民共和国", "国")
    assert leading_strings(r"统计|期限") == ("统计", "期限")
    for source in (r"[国中]华", r"a|b*c", r"(?i)ab", r"\bab", r"a?b"):
        assert leading_strings(source) is None, source


@settings(max_examples=300)
@given(st.lists(SENTENCE_PIECES, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]))
@example(["统计2023年。", "统计2023年。"], "\n")     # a match at the start of the next candidate line
@example(["自统计", "20", "23年。期限2023年"], "\r\n")   # one over three lines, one after a 。
def test_sentence_matches_are_the_patterns_own_in_every_kind_of_lint(lines, brk):
    """``matches_by_sentence`` finds what ``pattern.finditer`` finds over the lines' stretch of
    text, whether it looks at every line through the memos (the editor) or only at the lines a
    search of the whole text picks (a new text: one-shot, or one file of many)."""
    from types import SimpleNamespace

    from gilint.checks.matching import matches_by_sentence
    begins = regex.compile(r"统计|期限")
    pattern = regex.compile(r"(?:统计|期限)[^。]{0,6}?\d+年")
    text = "前言。" + brk + brk.join(lines) + brk + "期限2023年" + brk
    starts, texts = line_texts(text)
    starts, texts = starts[1:-1], texts[1:-1]      # a stretch after the first line, before the last
    end = starts[-1] + len(texts[-1])
    want = [(m.start() + starts[0], m.group()) for m in pattern.finditer(text[starts[0]:end])]
    for persistent, incremental in ((False, False), (True, False), (True, True)):
        ctx = SimpleNamespace(text=text, persistent=persistent, incremental=incremental, memos={}, scratch={},
                              memo=lambda name, memos={}: memos.setdefault(name, {}))
        got = matches_by_sentence(ctx, pattern, begins, starts, texts, "t")
        assert [(at + m.start(), m.group()) for at, m in got] == want, (persistent, incremental)


WRAP_PIECES = st.lists(st.sampled_from(["国", "办", "号", "。", " ", "甲"]), max_size=6).map("".join)


@settings(max_examples=300)
@given(st.lists(WRAP_PIECES, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n"]),
       st.sampled_from([r"国\s*办[^。]{0,4}?号", r"国\s*办[^甲]{0,3}?号"]))
@example(["甲国", "办号。"], "\n", r"国\s*办[^。]{0,4}?号")   # ``begins`` over a line break
@example(["国办。", "号"], "\n", r"国\s*办[^甲]{0,3}?号")      # a match over a line ending with "。"
def test_sentence_matches_are_the_same_in_every_kind_of_lint_where_begins_wraps(lines, brk, source):
    """Where ``begins`` matches over a line break (no chunk starts at that line) or a pattern
    may match "。" (a chunk ends after a line ending with it), a new text's lint finds what the
    editor's does, chunk by chunk."""
    from types import SimpleNamespace

    from gilint.checks.matching import matches_by_sentence
    begins, pattern = regex.compile(r"国\s*办"), regex.compile(source)
    text = "前言。" + brk + brk.join(lines) + brk + "国办号" + brk
    starts, texts = line_texts(text)
    starts, texts = starts[1:-1], texts[1:-1]
    found = set()
    for persistent, incremental in ((False, False), (True, False), (True, True)):
        ctx = SimpleNamespace(text=text, persistent=persistent, incremental=incremental, memos={}, scratch={},
                              memo=lambda name, memos={}: memos.setdefault(name, {}))
        got = matches_by_sentence(ctx, pattern, begins, starts, texts, "t")
        found.add(tuple((at + m.start(), m.group()) for at, m in got))
    assert len(found) == 1, found


@given(st.lists(st.tuples(st.sampled_from(["甲", "乙。", " ", "", "丙，"]),
                          st.sampled_from(["\n", "\r\n", "\r", "\n\r", "\r\r", "\n\n", "", "丁\n"])),
                min_size=1, max_size=8))
@example([("甲", "\r"), ("乙。", "\n")])
@example([("甲", "\r"), ("\n乙", "\n")])    # "\r" then a paragraph opening with "\n": no one break
def test_soft_wraps_are_paragraphs_joined_by_one_line_break(pieces):
    """A soft wrap is two consecutive paragraphs with exactly one line break (as
    ``_BREAK`` matches it) between them, the first not ending a sentence."""
    from types import SimpleNamespace

    from gilint.checks.matching import _BREAK, _SENTENCE_END, soft_wraps
    text, run = "", []
    for body, after in pieces:
        run.append(SimpleNamespace(text=body, start=len(text), end=len(text) + len(body)))
        text += body + after
    want = ([], [])
    for p, q in zip(run, run[1:]):
        brk = _BREAK.match(text, p.end)
        if (not p.text.endswith(_SENTENCE_END) and p.text.strip() and q.text.strip()
                and brk is not None and brk.end() == q.start):
            want[0].append(p.start)
            want[1].append(text[p.start:q.end])
    assert soft_wraps(SimpleNamespace(text=text, preamble=run, sections=[])) == want
