"""The cheap necessary conditions rules search for before their costly patterns never skip a
line the costly pattern matches in (so they change no finding), on random text built to repeat."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gilint.checks.text.GI501_repeated_text import _repeat_pattern, phrase_matches

CHARS = st.text(st.sampled_from(list("政府信息公开中文字，,、；;。\n a1𠀀")), max_size=70)
PHRASE = st.text(st.sampled_from(list("政府信息公开中文字，、 a1𠀀")), min_size=1, max_size=66)


@settings(max_examples=500)
@given(CHARS, PHRASE, st.sampled_from(["", "，", "、", ";", "。", " "]), CHARS, st.integers(1, 8))
def test_gi501_phrase_matches_are_the_patterns_own(before, phrase, sep, after, n):
    pattern, may_start = _repeat_pattern(n)
    for text in (before + phrase + sep + phrase + after, before + phrase + phrase + sep + phrase, before):
        got = [(m.span(), m.groups()) for m in phrase_matches((pattern, may_start), text)]
        assert got == [(m.span(), m.groups()) for m in pattern.finditer(text)], (n, text)


def test_gi501_prefilter_at_the_longest_phrase_and_separator():
    for n in (1, 4, 8):
        pattern, may_start = _repeat_pattern(n)
        for length in (n, 30, 61):
            phrase = "".join(chr(0x4E00 + k) for k in range(length))   # no shorter repeat inside
            for sep in ("", "，"):
                text = "前" + phrase + sep + phrase + "后"
                assert pattern.search(text) and may_start.search(text), (n, length, sep)
                assert phrase_matches((pattern, may_start), text), (n, length, sep)
