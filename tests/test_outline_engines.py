r"""The reader looks for headings in a line with ``re`` where ``re`` reads it as ``regex`` does (a
line within the Basic Multilingual Plane; gilint.read.outline writes ``\s`` out): the two engines
must find the same markers, and a line's numbering and candidates must not depend on the engine."""
from __future__ import annotations

import random
import re
import sys

import pytest
import regex

from layouts.generate import make_case
from layouts.render import LAYOUTS

from gilint.packs import default_config
from gilint.read import headings, outline
from gilint.read.lines import Line, line_texts

BMP = [chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF]


def test_the_classes_the_patterns_use_mean_the_same_in_both_engines_within_the_bmp():
    white = re.compile(f"[{outline._WHITE}]")
    assert [c for c in BMP if bool(regex.match(r"\s", c)) != bool(white.match(c))] == []
    assert [c for c in BMP if bool(regex.match(r"\d", c)) != bool(re.match(r"\d", c))] == []


def _lines() -> list[str]:
    """Report lines in every layout, and random lines of the characters the patterns turn on."""
    lines = set()
    for seed in range(3):
        case = make_case(seed)
        for layout in LAYOUTS:
            lines.update(line_texts(case.render(layout).text)[1])
    rnd = random.Random(7)
    alphabet = ("一二三四五六七十（()）、．.，,。；：:1234567890０３٣ \t\u3000\u00a0\u2003\x1c\x85#*|【】]“”\""
                "总体情况主动公开政府信息的[bookmark: x]<b>&nbsp;")
    noise = lambda n: "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, n)))  # noqa: E731
    titles = [s.title for s in default_config().reading.templates[-1].sections]
    for _ in range(3000):
        lines.add(noise(40))
        marker = rnd.choice(["一、", "二. ", "（三）", "(4)", "5、", "六．", "1.", "　四、"])
        lines.add(noise(6) + marker + rnd.choice(titles)[:rnd.randint(3, 30)] + noise(8))
    return sorted(lines)


def _found(pattern, line: str, pos: int) -> list:
    return [(m.span(), m.group(), m.group("cn"), m.group("ar"), m.group("pcn"), m.group("par"))
            for m in pattern.finditer(line, pos)]


def test_both_engines_find_the_same_markers_in_a_line():
    lines = _lines()
    assert len(lines) > 3000
    for line in lines:
        for pos in {0, 1, len(line) // 2}:
            assert _found(outline._INLINE_MARKER_RE, line, pos) == _found(outline.INLINE_MARKER, line, pos), line
        a, b = outline._MAYBE_HEADING_RE.match(line), outline._MAYBE_HEADING.match(line)
        assert (a and a.span()) == (b and b.span()), line


@pytest.mark.parametrize("pattern", [headings.SECTION_MARKER, headings.SUB_MARKER])
def test_a_lines_numbering_does_not_depend_on_the_engine(monkeypatch, pattern):
    lines = [Line(text, 0, len(text)) for text in _lines()]
    with_re = [headings.parse_marker(ln, pattern) for ln in lines]
    assert sum(h is not None for h in with_re) > 500
    monkeypatch.setattr(headings, "BEYOND_BMP", regex.compile(r"(?s)^."))
    assert [headings.parse_marker(ln, pattern) for ln in lines] == with_re


def test_a_lines_candidates_do_not_depend_on_the_engine(monkeypatch):
    tpl = default_config().reading.templates[-1]
    lines = _lines()
    with_re = [outline._line_candidates(line, tpl) for line in lines]
    assert sum(map(bool, with_re)) > 20, "lines with headings among them"
    every_line = regex.compile(r"(?s)^.")   # (every line beyond the BMP: regex reads them all)
    monkeypatch.setattr(outline, "BEYOND_BMP", every_line)
    monkeypatch.setattr(headings, "BEYOND_BMP", every_line)
    assert [outline._line_candidates(line, tpl) for line in lines] == with_re


@pytest.mark.skipif(sys.maxunicode < 0x10FFFF, reason="a narrow build")
def test_a_line_beyond_the_bmp_is_read_by_regex():
    """A digit of a later Unicode version than ``re`` knows (Kawi, U+11F50) before 一、: ``regex``
    reads it as a table cell's digits, so the heading after it is one."""
    line = "表中统计数字为\U00011F50一、总体情况"
    assert outline._INLINE_MARKER_RE.search(line) is None and outline.INLINE_MARKER.search(line)
    tpl = default_config().reading.templates[-1]
    (c,) = outline._line_candidates(line, tpl)
    assert (c.number, c.heading.marker, c.heading.start, c.at_start) == (1, "一、", 8, False)


def test_may_open_wording_from_three_characters_as_the_character_loop():
    """``_may_open_wording``'s C-level path for the usual window (no conversion leftover among
    its first three characters, whose normal forms give three or more) tells what the loop
    over the characters tells: blanks (normalised away), compatibility forms (one character,
    several normal ones), leftovers further on."""
    from gilint.read.headings import opens_wording
    from gilint.read.outline import _NORM_CHAR, _may_open_wording
    tpl = default_config().reading.templates[-1]

    def loop(raw):   # (the normal forms of the characters before the first leftover, if any)
        before, *leftover = re.split(r"[\[<&]", raw, maxsplit=1)
        heads = "".join(map(_NORM_CHAR.__getitem__, before))
        return (len(heads) < 3 and bool(leftover)) or opens_wording(heads[:3], tpl.sections)

    pieces = ["主", "动", "公", "开", "总", "体", "情", "况", "其", "他", " ", "\u3000", "\t", "㈠", "⑴",
              "（", "一", "）", "[", "<", "&", "ｶ", "\uff9e", "\u0301", "，", "a", "1"]
    rng = random.Random(0)
    opened = 0
    for _ in range(5000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _may_open_wording(raw, tpl) == loop(raw), raw
        opened += loop(raw)
    assert opened > 500
