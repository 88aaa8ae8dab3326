"""Incremental analysis equals full analysis.

The language server keeps one ``Analyzer`` per open document and re-lints after every edit; the
Analyzer's per-section caches, its line memos and its re-split lines must never change the
answer (and the fresh ``lint`` takes other paths: no memos, whole-text pattern pre-checks; an
Analyzer for many files, ``incremental=False``, keeps memos and pre-checks). A property test applies random edit
sequences (characters and whole lines, CJK, astral characters, tabs, every newline convention,
section numbers that move sections around) to the seeds and compares the reused Analyzer with a
fresh ``gilint.lint`` after every edit.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gilint import Analyzer, lint

from conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEED_FILES}

# Pieces that matter to the reader: headings, table labels, numbers, layout characters.
FRAGMENTS = ["一、", "二、", "三、", "四、", "五、", "六、", "1、", "（一）", "（1）", "(二)", "## ",
             "#### ", "\t", "\t0", " ", "\n", "\r\n", "\r", "\n\n", "0", "9", "12月31日", "年度报告",
             "[bookmark: _GoBack]", "根据上级关于推进政务公开的工作部署，", "其他法律行政法规禁止公开",
             "|", "| 0 |", "😀", "𠀀", "政", "。", "，", "2.", "（三）不予公开",
             # what the line-by-line checks and their memos look at
             "XX镇", "【单位名称】", "国办公开办函〔2019〕60号", "统计期限", "自2021年1月1日起至2021年12月28日止",
             "全年共收到政府信息公开申请26件", "第 3 页", "&nbsp;", "审核审核",
             "2015年，", "。2019年度", "中华人民共和国信息公开条例", "国办公开办涵[2021]30号",
             # suppression comments, typed in or cut through (the editor searches near the edit)
             "<!-- gilint-disable-next-line GI404 -->", "<!-- gilint-disable-file GI501 -->", "gilint-"]
CHARS = st.sampled_from(list("政府信息公开年度报告一二三四五六七八九十0123456789 \t\n\r、，。（）()|#-.:"
                             "😀𠀀\u3000"))


def piece():
    return st.one_of(st.sampled_from(FRAGMENTS), st.text(CHARS, min_size=1, max_size=4))


@st.composite
def edit(draw, text_len_hint=3000):
    """An abstract edit, resolved against the text when applied: (kind, pos, length, payload)."""
    kind = draw(st.sampled_from(["insert", "insert", "delete", "replace", "line_insert",
                                 "line_delete", "line_dup"]))
    pos = draw(st.floats(min_value=0, max_value=1, allow_nan=False))
    length = draw(st.integers(min_value=1, max_value=12))
    payload = draw(piece())
    return kind, pos, length, payload


def apply(text: str, e) -> str:
    kind, pos, length, payload = e
    at = int(pos * len(text))
    if kind == "insert":
        return text[:at] + payload + text[at:]
    if kind == "delete":
        return text[:at] + text[at + length:]
    if kind == "replace":
        return text[:at] + payload + text[at + length:]
    lines = text.splitlines(keepends=True)
    if not lines:
        return payload
    i = min(int(pos * len(lines)), len(lines) - 1)
    if kind == "line_insert":
        lines.insert(i, payload + "\n")
    elif kind == "line_delete":
        del lines[i]
    else:
        lines.insert(i, lines[i])
    return "".join(lines)


def key(findings):
    return [(f.code, f.start, f.end, f.message, f.fix, f.severity) for f in findings]


@settings(max_examples=int(os.environ.get("GILINT_HYPOTHESIS_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=st.sampled_from(sorted(TEXTS)) if TEXTS else st.just(""),
       edits=st.lists(edit(), min_size=1, max_size=12))
def test_incremental_equals_full(name, edits):
    text = TEXTS[name]
    analyzer = Analyzer()
    many = Analyzer(incremental=False)   # as `gilint check` over many files: memos, new texts
    assert key(analyzer.lint(text)) == key(lint(text)) == key(many.lint(text))
    for e in edits:
        text = apply(text, e)
        assert key(analyzer.lint(text)) == key(lint(text)) == key(many.lint(text)), (name, e)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_typing_a_line_char_by_char(name):
    """What an editor sends: one character at a time, then deleted again one at a time."""
    text = TEXTS[name]
    analyzer = Analyzer()
    at = text.find("\n", len(text) // 3) + 1
    typed = "（二）其他法律行政法规禁止公开\t0\n"
    for i in range(1, len(typed) + 1):
        t = text[:at] + typed[:i] + text[at:]
        assert key(analyzer.lint(t)) == key(lint(t))
    for i in range(len(typed) - 1, -1, -1):
        t = text[:at] + typed[:i] + text[at:]
        assert key(analyzer.lint(t)) == key(lint(t))


# Typed into a paragraph: a year that opens a sentence (GI404, memoised per paragraph) and a
# citation written wrongly (GI207, judged once per sentence and memoised with its matches).
STALE_SENTENCE = "2015年，本机关依据《中华人民共和国信息公开条例》和国办公开办涵[2021]30号开展工作。"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_typing_a_stale_sentence_char_by_char(name):
    text = TEXTS[name]
    analyzer = Analyzer()
    analyzer.lint(text)
    s1 = next(s for s in analyzer.report.sections if s.number == 1)
    at = s1.paragraphs[0].start if s1.paragraphs else s1.body_start
    seen = set()
    for t in [text[:at] + STALE_SENTENCE[:i] + text[at:] for i in range(1, len(STALE_SENTENCE) + 1)] + [text]:
        found = analyzer.lint(t)
        assert key(found) == key(lint(t))
        seen |= {(f.code, t[f.start:f.end]) for f in found if at <= f.start < at + len(STALE_SENTENCE)}
    assert {("GI404", "2015年"), ("GI207", "中华人民共和国信息公开条例"),
            ("GI207", "国办公开办涵[2021]30号")} <= seen


def test_typing_a_suppression_comment_char_by_char():
    """The editor looks for suppression comments only around each edit once a text had none:
    typed in one character at a time (the finding under it suppressed once the comment is
    whole), then cut through from the middle, it suppresses exactly what a fresh lint does."""
    text = TEXTS[sorted(TEXTS)[0]]
    analyzer = Analyzer()
    analyzer.lint(text)
    s1 = next(s for s in analyzer.report.sections if s.number == 1)
    at = s1.paragraphs[0].start if s1.paragraphs else s1.body_start
    text = text[:at] + STALE_SENTENCE + "\n" + text[at:]
    comment = "<!-- gilint-disable-next-line GI404 理由：引用 -->\n"
    texts = [text[:at] + comment[:i] + text[at:] for i in range(len(comment) + 1)]
    mid = at + comment.index("gilint-") + 3
    whole = texts[-1]
    texts += [whole[:mid] + whole[mid + 1:], whole, text]   # cut, typed again, undone
    suppressed = []
    for t in texts:
        found = analyzer.lint(t)
        assert [(*k, f.suppressed) for k, f in zip(key(found), found)] == \
            [(*k, f.suppressed) for k, f in zip(key(lint(t)), lint(t))]
        suppressed.append(any(f.code == "GI404" and f.suppressed is not None for f in found))
    assert suppressed == [False] * len(comment) + [True, False, True, False]


# Citations that wrap over lines (GI207 reads them sentence by sentence: a chunk runs from the
# line where one may begin to the next line ending with "。"), before and after the edits.
WRAPPED = ("本机关依据《中华人民共和国信息\n公开条例》和国办公开办涵[2021]\n30号开展工作，\n"
           "并按国办公开办函〔2019〕60号\n要求执行。\n")


@pytest.mark.parametrize("name", sorted(TEXTS)[:3])
def test_editing_between_wrapped_citations(name):
    """The editor re-reads only the sentence chunks an edit touches, reusing those of the last
    lint before it and, moved, after it: typing between and inside wrapped citations (a "。"
    and a line break that cut a chunk in two, then deleted again: one chunk again) finds
    exactly what a fresh lint finds."""
    text = TEXTS[name]
    analyzer = Analyzer()
    analyzer.lint(text)
    s1 = next(s for s in analyzer.report.sections if s.number == 1)
    at = s1.paragraphs[0].start if s1.paragraphs else s1.body_start
    # (and one at the very end, in a sentence that never ends: its chunk runs to the last line)
    text = text[:at] + WRAPPED * 3 + text[at:] + "\n依据《中华人民共和国信息\n公开条例》"
    points = [at + len(WRAPPED) + WRAPPED.index("公开条例"), at + len(WRAPPED) + WRAPPED.index("30号"),
              at + len(WRAPPED) - 1, at + 2 * len(WRAPPED) + WRAPPED.index("要求"),
              text.rindex("\n依据")]
    found = [f for f in analyzer.lint(text) if f.code == "GI207"]
    assert len(found) >= 4 and found[-1].end > len(text) - 10
    for p in points:
        for typed in ("。\n", "XX\n", "。", "\n\n"):
            t = text
            for i in range(1, len(typed) + 1):        # typed one character at a time
                t = text[:p] + typed[:i] + text[p:]
                assert key(analyzer.lint(t)) == key(lint(t)), (p, typed[:i])
            for i in range(len(typed) - 1, -1, -1):   # and deleted again
                t = text[:p] + typed[:i] + text[p:]
                assert key(analyzer.lint(t)) == key(lint(t)), (p, typed[:i])


def test_edits_above_the_tables_move_them_in_every_layout():
    """After an edit the editor's reader moves the sections after it in place (their last
    reading is not kept): in every table layout, typing above the tables and deleting it again
    reads the same model, and lints the same, as a fresh reading."""
    pytest.importorskip("lxml", reason="lxml not installed (pip install 'gilint[formats]')")
    from layouts.generate import make_case   # (the layouts need lxml)
    from layouts.render import LAYOUTS
    from gilint.packs import default_config
    from gilint.read.structure import SectionReader, build_report
    settings = default_config().reading
    for layout in LAYOUTS:
        text = make_case(2).render(layout).text
        analyzer = Analyzer()
        analyzer.lint(text)
        assert any(s.tables for s in analyzer.report.sections), layout
        at = next(s for s in analyzer.report.sections if s.number == 1).body_start
        for typed in ("政", "政府", "政", "", "\n", ""):
            t = text[:at] + typed + text[at:]
            assert key(analyzer.lint(t)) == key(lint(t)), (layout, typed)
            assert analyzer.report.sections == build_report(t, settings, SectionReader(0)).sections, (layout, typed)
