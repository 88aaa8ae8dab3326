"""The server's text bookkeeping: LSP lines, position units, incremental line maps, fix selection.

Pure functions, no server process. Positions are checked against an independent reference
(encode the line prefix), line maps against a rebuild from scratch after every edit.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.workspace.position_codec import PositionCodec  # noqa: E402

from conftest import SEEDS  # noqa: E402
from gilint.fixes import apply_edits  # noqa: E402
from gilint.grouping import group  # noqa: E402
from gilint.packs import default_config  # noqa: E402
from gilint.lsp.document import GilintTextDocument  # noqa: E402
from gilint.lsp.fixes import suppression_edit  # noqa: E402
from gilint.lsp.text import LineMap, column_to_index, units  # noqa: E402

CODECS = {enc: PositionCodec(enc) for enc in ("utf-8", "utf-16", "utf-32")}
UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}
ALPHABET = st.sampled_from(list("ab 中文\t\r\n\f\u2028\x85😀𠀀é"))


def ref_units(s: str, enc: str) -> int:
    return len(s.encode(enc + ("-le" if enc != "utf-8" else ""))) // UNIT[enc]


def ref_lines(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


@given(st.text(ALPHABET, max_size=40), st.sampled_from(sorted(CODECS)))
def test_units_match_pygls_codec(s, enc):
    codec = CODECS[enc]
    assert units(codec, s) == codec.client_num_units(s) == ref_units(s, enc)


@pytest.mark.parametrize("kind", list(types.PositionEncodingKind))
def test_units_of_negotiated_encodings_take_the_encoding_fast_path(kind, monkeypatch):
    # pygls keeps the negotiated PositionEncodingKind, whose str() is "PositionEncodingKind.Utf16":
    # the fast path must still recognise it instead of counting character by character.
    codec = PositionCodec(kind)
    expected = codec.client_num_units("中文😀𠀀a")
    monkeypatch.setattr(codec, "client_num_units", lambda s: pytest.fail("slow path taken"))
    assert units(codec, "中文😀𠀀a") == expected


@given(st.text(ALPHABET.filter(lambda c: c not in "\r\n"), max_size=30), st.sampled_from(sorted(CODECS)))
def test_column_round_trip(line, enc):
    codec = CODECS[enc]
    for i in range(len(line) + 1):
        assert column_to_index(codec, line, units(codec, line[:i])) == i
    assert column_to_index(codec, line, 10_000) == len(line)


@settings(max_examples=300)
@given(st.text(ALPHABET, max_size=60),
       st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.text(ALPHABET, max_size=6)), max_size=8))
def test_line_map_replace_equals_rebuild(text, edits):
    m = LineMap(text)
    assert m.starts == ref_lines(text)
    for a, b, new in edits:
        i, j = sorted((int(a * len(m.text)), int(b * len(m.text))))
        expected = m.text[:i] + new + m.text[j:]
        assert m.replace(i, j, new) == expected
        assert m.starts == ref_lines(expected), (i, j, new)


@given(st.text(ALPHABET, max_size=40), st.lists(st.integers(-3, 45), max_size=12),
       st.sampled_from(sorted(CODECS)))
def test_positions_match_an_independent_conversion(text, offsets, enc):
    starts = ref_lines(text)

    def ref(offset):
        offset = max(0, min(offset, len(text)))
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return line, ref_units(text[starts[line]:offset], enc)

    m = LineMap(text)
    assert m.positions(CODECS[enc], offsets) == [ref(o) for o in offsets]
    assert [m.position(CODECS[enc], o) for o in offsets] == [ref(o) for o in offsets]


def test_form_feed_and_unicode_separators_are_not_lsp_line_breaks():
    text = "第一页\f第二页\u2028同一行\r\n下一行"
    m = LineMap(text)
    assert m.line_count() == 2
    assert m.position(CODECS["utf-16"], text.index("下")) == (1, 0)
    assert m.position(CODECS["utf-16"], text.index("同")) == (0, 8)


@pytest.mark.parametrize("enc", sorted(CODECS))
def test_document_incremental_change_with_astral_characters(enc):
    codec = CODECS[enc]
    doc = GilintTextDocument("file:///x.txt", "😀𠀀中\r\nab\fc\n", version=1, position_codec=codec)
    # replace "ab" (line 1, after the form feed-free prefix) with "X"
    rng = types.Range(start=types.Position(1, 0), end=types.Position(1, 2))
    doc.apply_change(types.TextDocumentContentChangePartial(range=rng, text="X"))
    assert doc.source == "😀𠀀中\r\nX\fc\n"
    # insert after 中 on line 0: column in client units
    col = ref_units("😀𠀀中", enc)
    doc.apply_change(types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(0, col), end=types.Position(0, col)), text="文"))
    assert doc.source == "😀𠀀中文\r\nX\fc\n"
    r = doc.range_of(doc.source.index("文"), doc.source.index("文") + 1)
    assert (r.start.line, r.start.character, r.end.character) == (0, col, col + ref_units("文", enc))
    # join lines across the CRLF
    doc.apply_change(types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(0, col + ref_units("文", enc)), end=types.Position(1, 0)), text=""))
    assert doc.source == "😀𠀀中文X\fc\n"
    assert doc.lines == ("😀𠀀中文X\fc\n",)


def test_suppression_edit_inserts_a_line_or_extends_an_existing_comment():
    text = "# 标题\r\n\r\n行一\r\n"
    m = LineMap(text)
    e = suppression_edit(m, text.index("行一"), "GI202")
    assert apply_edits(text, [e]) == "# 标题\r\n\r\n<!-- gilint-disable-next-line GI202 理由： -->\r\n行一\r\n"
    text2 = apply_edits(text, [e])
    m2 = LineMap(text2)
    e2 = suppression_edit(m2, text2.index("行一"), "GI104")
    assert apply_edits(text2, [e2]).splitlines()[2] == "<!-- gilint-disable-next-line GI202,GI104 理由： -->"
    e3 = suppression_edit(m2, text2.index("行一"), "GI202")
    assert e3.start == e3.end and e3.new_text == ""


# -- the server's analysis of an edited document (no process: GilintServer used directly) ----
SEED = next(SEEDS.glob("003*.txt"))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.text(ALPHABET, max_size=3)),
                min_size=1, max_size=10),
       st.sampled_from(["utf-8", "utf-16"]))
def test_diagnostic_positions_after_edits_match_a_fresh_conversion(edits, enc):
    from pygls.protocol import default_converter
    from gilint import lint
    from gilint.config import Config
    from gilint.engine import Analyzer
    from gilint.lsp.server import DocState, GilintServer
    text = SEED.read_text(encoding="utf-8")
    codec = CODECS[enc]
    doc = GilintTextDocument("file:///r.txt", text, version=1, position_codec=codec)
    ls = GilintServer()
    state = DocState(doc.uri, None, default_config(), Analyzer())
    ls.analyse(state, doc)
    for version, (at, length, new) in enumerate(edits, start=2):
        src = doc.source
        i = int(at * len(src))
        j = min(len(src), i + length)
        # LSP positions cannot address the middle of a CRLF: edit around it
        i -= 0 < i < len(src) and src[i - 1:i + 1] == "\r\n"
        j += 0 < j < len(src) and src[j - 1:j + 1] == "\r\n"
        m = LineMap(src)
        (sl, sc), (el, ec) = m.position(codec, i), m.position(codec, j)
        doc.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(sl, sc), end=types.Position(el, ec)), text=new))
        doc.version = version
        assert doc.source == src[:i] + new + src[j:]
        ls.analyse(state, doc)
        fresh = LineMap(doc.source)
        fresh_analyzer = Analyzer()   # the server shows one finding per cause (gilint.grouping)
        found = [f for f in fresh_analyzer.lint(doc.source) if f.code != "GI002" and not f.suppressed]
        want = sorted((f.code, fresh.position(codec, f.start), fresh.position(codec, f.end))
                      for f in group(found, fresh_analyzer.report))
        got = sorted((d.code, (d.range.start.line, d.range.start.character),
                      (d.range.end.line, d.range.end.character)) for d in state.diagnostics)
        assert got == want
        # the diagnostics kept across edits are exactly those a fresh conversion makes
        fresh = DocState(doc.uri, None, default_config(), Analyzer())
        ls.analyse(fresh, doc)
        converter = default_converter()
        assert converter.unstructure(state.diagnostics) == converter.unstructure(fresh.diagnostics)


def test_importing_the_cli_does_not_import_pygls():
    import subprocess
    import sys
    code = "import sys, gilint.cli; sys.exit('pygls' in sys.modules or 'lsprotocol' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def opened(text: str, enc: str):
    """A document of ``text`` whose changes are counted from now, and the positions of all its
    offsets (``carry``'s input)."""
    codec = CODECS[enc]
    doc = GilintTextDocument("file:///r.txt", text, version=1, position_codec=codec)
    doc.carry({})
    return doc, {o: LineMap(text).position(codec, o) for o in range(len(text) + 1)}


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40),
       st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.text(ALPHABET, max_size=3)),
                min_size=0, max_size=4),
       st.sampled_from(sorted(CODECS)))
def test_positions_carried_over_edits_are_those_of_the_new_text(text, edits, enc):
    """The server keeps the client positions an edit did not move (``carry``): after any
    sequence of changes, every position it keeps is the one the new text has."""
    codec = CODECS[enc]
    doc, before = opened(text, enc)
    for at, length, new in edits:
        src = doc.source
        i = int(at * len(src))
        j = min(len(src), i + length)
        i -= 0 < i < len(src) and src[i - 1:i + 1] == "\r\n"   # not inside a CRLF
        j += 0 < j < len(src) and src[j - 1:j + 1] == "\r\n"
        m = LineMap(src)
        (sl, sc), (el, ec) = m.position(codec, i), m.position(codec, j)
        doc.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(sl, sc), end=types.Position(el, ec)), text=new))
        assert doc.source == src[:i] + new + src[j:]
    kept = doc.carry(before)
    fresh = LineMap(doc.source)
    assert all(0 <= o <= len(doc.source) and p == fresh.position(codec, o) for o, p in kept.items())
    if not edits:
        assert kept == before
    assert doc.carry(kept) == kept                 # no change since: all kept


def test_positions_on_lines_after_an_edit_are_carried_moved():
    doc, before = opened("第一行\n第二行😀\r\n第三行\n", "utf-16")
    doc.apply_change(types.TextDocumentContentChangePartial(   # "一" → "1\n1" on the first line
        range=types.Range(start=types.Position(0, 1), end=types.Position(0, 2)), text="1\n1"))
    kept = doc.carry(before)
    assert doc.source == "第1\n1行\n第二行😀\r\n第三行\n"
    assert kept[0] == (0, 0)                                      # before the change
    second, third = doc.source.index("第二"), doc.source.index("第三")
    assert kept[second + 4] == (2, 5) and before[second + 2] == (1, 5)   # later lines, one down
    assert kept[third + 1] == (3, 1) and before[third - 1] == (2, 1)
    assert not any(1 <= o < second for o in kept)                 # the edited lines: recomputed


def test_positions_after_two_edits_the_second_above_the_first():
    doc, before = opened("甲甲\n乙乙\n丙丙\n丁丁\n", "utf-8")
    for line, col, new in ((2, 3, "X"), (0, 0, "Y")):     # inside 丙丙, then before 甲甲
        pos = types.Position(line, col)
        doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text=new))
    assert doc.source == "Y甲甲\n乙乙\n丙X丙\n丁丁\n"
    kept = doc.carry(before)
    fresh = LineMap(doc.source)
    assert all(p == fresh.position(CODECS["utf-8"], o) for o, p in kept.items())
    ding = doc.source.index("丁")
    assert kept[ding + 1] == (3, 3)                               # the line after both edits
    assert not any(0 <= o < ding for o in kept)
