"""The cheap necessary conditions rules search for before their costly patterns never skip a
match (so they change no finding): GI501's repeated phrase on random text built to repeat, and
the whole-text searches that the lint of a new text starts with (one-shot, or one file of many)
against the editor's line-by-line memos."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SEEDS

from gilint import Analyzer, lint
from gilint.checks.text.GI501_repeated_text import (_SENTENCE_REPEAT, _repeat_pattern, _sentence_repeat_starts,
                                                   _sentence_repeats, phrase_matches)

CHARS = st.text(st.sampled_from(list("政府信息公开中文字，,、；;。\n a1𠀀")), max_size=70)
PHRASE = st.text(st.sampled_from(list("政府信息公开中文字，、 a1𠀀")), min_size=1, max_size=66)


@settings(max_examples=500)
@given(CHARS, PHRASE, st.sampled_from(["", "，", "、", ";", "。", " "]), CHARS, st.integers(1, 8))
def test_gi501_phrase_matches_are_the_patterns_own(before, phrase, sep, after, n):
    pattern, _ = _repeat_pattern(n)
    for text in (before + phrase + sep + phrase + after, before + phrase + phrase + sep + phrase, before):
        got = [(m.span(), m.groups()) for m in phrase_matches(_repeat_pattern(n), text)]
        assert got == [(m.span(), m.groups()) for m in pattern.finditer(text)], (n, text)


SENTENCE = st.text(st.sampled_from(list("政府信息公开中文字，、。；;！？ a1𠀀")), min_size=1, max_size=84)


@settings(max_examples=500)
@given(CHARS, SENTENCE, st.sampled_from(["。", "；", "！", "？", ";"]), CHARS, st.integers(1, 3))
def test_gi501_sentence_repeats_are_the_patterns_own(before, sentence, end, after, copies):
    """Tried only where a repeated sentence may start, _SENTENCE_REPEAT finds what its search of
    the whole line finds (sentences of 5 to 82 characters and beyond, ends inside them too)."""
    for text in (before + (sentence + end) * copies + after, before + sentence + end + sentence + after, before):
        got = [(m.span(), m.groups()) for m in _sentence_repeats(text, _sentence_repeat_starts(text))]
        assert got == [(m.span(), m.groups()) for m in _SENTENCE_REPEAT.finditer(text)], text


def test_gi501_sentence_repeat_at_the_shortest_and_longest_sentence():
    for length in (5, 30, 82, 83):
        sentence = "".join(chr(0x4E00 + k) for k in range(length - 1)) + "。"
        text = "前" + sentence + sentence + "后"
        assert bool(_sentence_repeats(text, _sentence_repeat_starts(text))) == (length <= 82) \
            == bool(_SENTENCE_REPEAT.search(text)), length


def test_gi501_prefilter_at_the_longest_phrase_and_separator():
    for n in (1, 4, 8):
        pattern, _ = _repeat_pattern(n)
        for length in (n, 30, 61):
            phrase = "".join(chr(0x4E00 + k) for k in range(length))   # no shorter repeat inside
            for sep in ("", "，"):
                text = "前" + phrase + sep + phrase + "后"
                assert pattern.search(text), (n, length, sep)
                assert phrase_matches(_repeat_pattern(n), text), (n, length, sep)


def test_a_match_over_a_soft_wrap_is_found_by_every_kind_of_lint():
    """GI502/GI504 skip the soft wraps where their patterns do not match the text with its
    line breaks taken out; a placeholder or a tag broken over a paragraph's wrap is found all
    the same, by a one-shot lint, an Analyzer for many files and the editor's."""
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    at = text.find("。", text.find("一、")) + 1
    wrapped = text[:at] + "本年度XX\n镇继续推进政务公开工作，取得了明显成效并得到上级\n<sp\nan>充分肯定" + text[at:]
    plain = text[:at] + "本年度柳泉\n镇继续推进政务公开工作，取得了明显成效并得到上级\n充分肯定" + text[at:]
    for run in (lint, Analyzer().lint, Analyzer(incremental=False).lint):
        found = [(f.code, f.message) for f in run(wrapped) if f.code in ("GI502", "GI504")]
        assert found == [("GI504", "模板占位符未填写：“XX镇”"), ("GI502", "转换或编辑残留：“<span>”")]
        assert not [f for f in run(plain) if f.code in ("GI502", "GI504")]


# The strings a pack pattern needs (gilint.checks.literals): a text without them has no match.
NEEDS = ["[XＸ×]{2,}(?:[镇乡县区市省局委办]|街道|人民政府)|[XＸ×]{2,}年", "(?:ab){0,3}c|d[e-g]+h?",
         "【[^【】\\d]{0,3}?(?:填写|[XＸ×]{2})】", "(foo|bar)+baz", "a(?:b|c*)d", "x[^y]z", "\\[b:\\s*[^\\]]*\\]"]
NEED_TEXT = st.text(st.sampled_from(list("XＸ×镇区年街道人民政府【】填写1abcdefghxyzfoobarbaz[]: ")), max_size=40)


@settings(max_examples=400)
@given(st.sampled_from(NEEDS), NEED_TEXT)
def test_a_text_without_the_strings_a_pattern_needs_has_no_match(source, text):
    import regex   # (the test's own pattern compiles)
    from gilint.checks.literals import may_match
    pattern = regex.compile(source)
    if not may_match(pattern, text):
        assert pattern.search(text) is None, (source, text)


def test_what_the_standard_parser_may_read_otherwise_needs_nothing():
    from gilint.checks.literals import required_strings
    for source in ("(?i)ab", "x(?i:ab)", "a{e<=1}", "[[:alpha:]]x", "a|b*", "a?", "\\mfoo"):
        assert required_strings(source) is None, source
    assert required_strings("[XＸ×]{2,}年") == ((frozenset("XＸ×"), frozenset({"年"})),)


@settings(max_examples=300)
@given(st.sampled_from(NEEDS), NEED_TEXT)
def test_may_match_is_its_requirements_test(source, text):
    """may_match looks each string up once, however many branches need it: the same answer as
    the requirements read one by one (a branch may match where each of its sets has a string in
    the text)."""
    import regex   # (the test's own pattern compiles)
    from gilint.checks.literals import may_match, required_strings
    need = required_strings(source)
    expected = need is None or any(all(any(s in text for s in one) for one in branch) for branch in need)
    assert may_match(regex.compile(source), text) == expected, (source, text)


SENTENCES = st.text(st.sampled_from(list("政府信息公开中文字，、；。\n a1𠀀")), max_size=40)


@settings(max_examples=500)
@given(SENTENCES, PHRASE, st.sampled_from(["", "，", "、", "。", "；"]), SENTENCES, st.integers(1, 8))
def test_gi501_phrase_repeats_sentence_by_sentence_are_the_patterns_own(before, phrase, sep, after, n):
    """Matched sentence by sentence (cut at "。"), the repeated phrases are those the pattern
    finds in the whole line: a phrase written twice across a "。" is no match either way."""
    from gilint.checks.text.GI501_repeated_text import phrase_repeats
    pattern, _ = _repeat_pattern(n)
    for text in (before + phrase + sep + phrase + after, before + phrase + "。" + phrase + phrase + after,
                 phrase + sep + phrase + "。" + before + phrase + phrase, before):
        want = [(m.end(1), m.end(), m.group(1), m.group(2)) for m in pattern.finditer(text)]
        assert phrase_repeats(_repeat_pattern(n), text) == want, (n, text)


DOUBLES = st.text(st.sampled_from(list("关于于政府府行政常常一一二。，a 𠀀")), max_size=40)


@settings(max_examples=500)
@given(DOUBLES, st.sampled_from([(), ("常常", "一一"), ("府府", "于政"), ("府。政",)]))
@example("市政府府。政务", ("府。政",))
def test_gi501_short_doubles_sentence_by_sentence_are_the_lines_own(text, allowed):
    """The words written twice, judged sentence by sentence (cut at "。"), are those judged in
    the whole line (an allowed doubling that holds "。" keeps the line whole)."""
    from gilint.checks.text.GI501_repeated_text import _sentence_doubles, _short_doubles
    for line in (text, text + "。" + text, text + text[::-1]):
        assert _short_doubles(allowed, line) == _sentence_doubles(allowed, line), (allowed, line)
