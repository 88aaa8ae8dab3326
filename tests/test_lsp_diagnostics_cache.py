"""The server's diagnostics across edits: Diagnostic objects reused while nothing they show
changed, and their JSON cached per object (``gilint.lsp.wire``) — always exactly what a fresh
pygls converter and pygls' own ``json.dumps`` make. In process, no server subprocess.
"""
from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pygls.workspace.position_codec import PositionCodec  # noqa: E402

from gilint.config import Config  # noqa: E402
from gilint.packs import default_config  # noqa: E402
from gilint.engine import Analyzer  # noqa: E402
from gilint.lsp.document import GilintTextDocument  # noqa: E402
from gilint.lsp.server import DocState, GilintServer  # noqa: E402

from conftest import SEEDS  # noqa: E402


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}*.txt")).read_text(encoding="utf-8")


def open_doc(ls: GilintServer, text: str, enc: str = "utf-16", uri: str = "file:///r.md"):
    doc = GilintTextDocument(uri, text, version=1, position_codec=PositionCodec(enc))
    state = DocState(uri, None, default_config(), Analyzer())
    ls.analyse(state, doc)
    return doc, state


def edit(ls: GilintServer, doc: GilintTextDocument, state: DocState, at: int, new: str) -> None:
    """Insert ``new`` at offset ``at`` as a client would (one incremental change), re-analyse."""
    line, character = doc.line_map.position(doc.position_codec, at)
    pos = types.Position(line=line, character=character)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos),
                                                            text=new))
    doc.version += 1
    ls.analyse(state, doc)


def handmade() -> list[types.Diagnostic]:
    """Diagnostics with the fields gilint does not set, CJK and astral text, and odd data."""
    rng = types.Range(start=types.Position(line=3, character=0), end=types.Position(line=3, character=7))
    loc = types.Location(uri="file:///r.md", range=rng)
    return [
        types.Diagnostic(range=rng, message="😀𠀀“引号”\n第二行", severity=types.DiagnosticSeverity.Hint,
                         code=1234, source="gilint", tags=[types.DiagnosticTag.Unnecessary],
                         code_description=types.CodeDescription(href="https://example.org/GI001"),
                         related_information=[types.DiagnosticRelatedInformation(location=loc, message="另见")],
                         data={"fix": {"edits": [[-5, -1, "##"], [0, 7, ""]], "safe": False,
                                       "description": "改为“##”"}, "extra": [None, 1.5, True]}),
        types.Diagnostic(range=rng, message=""),
    ]


def test_the_cached_json_is_exactly_what_pygls_makes():
    ls = GilintServer()
    diags = []
    for name in ("001", "003"):                   # GI104 (fix before the finding), GI202
        _doc, state = open_doc(ls, seed(name))
        diags += state.diagnostics
    diags += handmade()
    assert any(d.data for d in diags) and any(d.data is None for d in diags)
    params = types.PublishDiagnosticsParams(uri="file:///r.md", diagnostics=diags, version=3)
    hooked, fresh = ls.converter, default_converter()   # the bench's converter too
    want = fresh.unstructure(params)
    for _ in range(2):                            # converting, then served from the cache
        assert hooked.unstructure(params) == want
        assert json.dumps(hooked.unstructure(params)) == json.dumps(want)
    assert hooked.unstructure(diags[0]) is hooked.unstructure(diags[0])
    report = types.RelatedFullDocumentDiagnosticReport(items=diags, result_id="2.0")
    assert hooked.unstructure(report) == fresh.unstructure(report)


def test_an_edit_reuses_the_diagnostics_it_did_not_change():
    ls = GilintServer()
    text = seed("001")                            # four GI104, at different lines
    doc, state = open_doc(ls, text)
    before = list(state.diagnostics)
    lines = sorted({d.range.start.line for d in before})
    assert len(lines) >= 3
    # a new line above the second diagnostic's line: the first stays, the others move down
    at = doc.line_map.starts[lines[1]]
    edit(ls, doc, state, at, "\n")
    after = state.diagnostics
    assert len(after) == len(before)
    assert after[0] is before[0]
    assert all(a is not b and a.range.start.line == b.range.start.line + 1 and a.data == b.data
               for a, b in zip(after[1:], before[1:]))
    # typing on that line moves nobody (their offsets do move): every object is reused
    moved = list(after)
    edit(ls, doc, state, at, "  ")
    assert all(a is b for a, b in zip(state.diagnostics, moved))
    # and the result is what a fresh analysis of the document converts
    fresh = DocState(doc.uri, None, default_config(), Analyzer())
    ls.analyse(fresh, doc)
    converter = default_converter()
    assert converter.unstructure(state.diagnostics) == converter.unstructure(fresh.diagnostics)


def test_the_json_cache_holds_only_live_diagnostics():
    ls = GilintServer()
    cache = ls.diagnostic_json
    doc, state = open_doc(ls, seed("001"))
    convert = ls.converter.unstructure
    convert(state.diagnostics)
    assert len(cache) == len(state.diagnostics) > 0
    at = doc.line_map.starts[state.diagnostics[1].range.start.line]
    for _ in range(5):                            # each moves all but the first diagnostic
        edit(ls, doc, state, at, "行\n")
        convert(state.diagnostics)
    assert len(cache) == len(state.diagnostics)
    for _ in range(5):                            # a fresh state per analysis (the bench's "full")
        fresh = DocState(doc.uri, None, default_config(), Analyzer())
        ls.analyse(fresh, doc)
        convert(fresh.diagnostics)
    del fresh
    gc.collect()
    assert len(cache) == len(state.diagnostics)
    del state
    gc.collect()
    assert len(cache) == 0


def messages(ls: GilintServer, diags: list) -> tuple:
    """A publishDiagnostics, a pull answer, a hover and an empty publishDiagnostics."""
    publish = ls.protocol.get_message_type(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(
        method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, jsonrpc="2.0",
        params=types.PublishDiagnosticsParams(uri="file:///r.md", diagnostics=diags, version=3))
    pull = types.DocumentDiagnosticResponse(id=7, jsonrpc="2.0", result=types.RelatedFullDocumentDiagnosticReport(
        items=diags, result_id="3.0"))
    hover = types.HoverResponse(id=8, jsonrpc="2.0", result=types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="**GI104** 章节序号")))
    empty = ls.protocol.get_message_type(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(
        method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, jsonrpc="2.0",
        params=types.PublishDiagnosticsParams(uri="file:///r.md", diagnostics=[]))
    return publish, pull, hover, empty


def pygls_json(message, ensure_ascii: bool = True) -> str:
    """pygls' JsonRPCProtocol._send_data (a fresh converter): ``json.dumps``, ASCII-escaped."""
    reference = default_converter()
    return json.dumps(message, default=lambda m: reference.unstructure(m), ensure_ascii=ensure_ascii)


def test_messages_hold_exactly_what_pygls_writes_in_utf8():
    ls = GilintServer()
    _doc, state = open_doc(ls, seed("001"))
    diags = state.diagnostics + handmade()
    for _ in range(2):                            # the texts made, then served from the cache
        for message in messages(ls, diags):
            text = ls.protocol.dumps(message)
            assert json.loads(text) == json.loads(pygls_json(message))    # the same values
            assert text == pygls_json(message, ensure_ascii=False)        # written unescaped
            assert ls.protocol.dumps(message, ensure_ascii=True) == pygls_json(message)


def test_the_same_diagnostics_are_the_same_list_written_as_pygls_writes_it():
    """An edit that changes no diagnostic gives the very list of the last analysis (its JSON
    written again from the list's cache); one that moves a diagnostic, a new list. Each
    publication is exactly pygls' JSON."""
    ls = GilintServer()
    doc, state = open_doc(ls, seed("001"))
    lines = sorted({d.range.start.line for d in state.diagnostics})
    at = doc.line_map.starts[lines[1]]
    publish = ls.protocol.get_message_type(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    seen = []
    for typed in ("", "\n", "  ", "\n"):   # a new line above: they move; typed on it: nobody
        if typed:
            edit(ls, doc, state, at, typed)
        seen.append(state.diagnostics)
        message = publish(method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, jsonrpc="2.0",
                          params=types.PublishDiagnosticsParams(uri="file:///r.md",
                                                                diagnostics=state.diagnostics, version=3))
        for _ in range(2):
            assert ls.protocol.dumps(message) == pygls_json(message, ensure_ascii=False)
    assert seen[1] is not seen[0] and seen[2] is seen[1] and seen[3] is not seen[2]


class Collect:
    """A pygls writer (``set_writer``) keeping what the server writes."""
    def __init__(self):
        self.data = []

    def write(self, data: bytes) -> None:
        self.data.append(data)


def frames(ls: GilintServer, message) -> tuple[dict, bytes]:
    out = Collect()
    ls.protocol.set_writer(out)
    ls.protocol.notify(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, message)
    (data,) = out.data
    head, _, body = data.partition(b"\r\n\r\n")
    headers = dict(line.split(": ", 1) for line in head.decode("ascii").split("\r\n"))
    return headers, body


def test_a_frame_is_utf8_and_its_length_counts_bytes():
    ls = GilintServer()
    _doc, state = open_doc(ls, seed("001"))
    params = types.PublishDiagnosticsParams(uri="file:///r.md", diagnostics=state.diagnostics + handmade())
    headers, body = frames(ls, params)
    text = body.decode("utf-8")
    assert int(headers["Content-Length"]) == len(body) > len(text)   # bytes, not characters
    assert headers["Content-Type"] == "application/vscode-jsonrpc; charset=utf-8"
    assert "😀𠀀“引号”" in text and "\\u" not in text
    assert json.loads(body) == json.loads(pygls_json(types.PublishDiagnosticsNotification(
        method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params=params, jsonrpc="2.0")))


def test_a_string_utf8_cannot_encode_is_written_escaped_as_pygls_does():
    ls = GilintServer()
    lone = types.Diagnostic(range=handmade()[0].range, message="半个字符\ud83d")   # as a client may send
    params = types.PublishDiagnosticsParams(uri="file:///r.md", diagnostics=[lone] + handmade())
    headers, body = frames(ls, params)
    assert int(headers["Content-Length"]) == len(body)
    assert body.decode("ascii") == pygls_json(types.PublishDiagnosticsNotification(
        method=types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params=params, jsonrpc="2.0"))
    assert json.loads(body)["params"]["diagnostics"][0]["message"] == "半个字符\ud83d"


@pytest.mark.parametrize("new", ["\n", "\n\n", ""])
def test_a_character_replaced_by_line_breaks_above_a_diagnostic_moves_it(new):
    """The finding objects below such an edit are the engine's very same (their offsets do
    not move when a character becomes one line break), but their lines do: their diagnostics
    must be made again, as a fresh analysis converts them."""
    ls = GilintServer()
    text = seed("000")                            # a GI501 (a line check) on its 4th line
    doc, state = open_doc(ls, text)
    assert [d.code for d in state.diagnostics] == ["GI501"]
    first = state.diagnostics[0].range.start.line
    at = doc.line_map.starts[first] - 3          # a character of the line above
    assert text[at] not in "\r\n"
    line, character = doc.line_map.position(doc.position_codec, at)
    doc.apply_change(types.TextDocumentContentChangePartial(range=types.Range(
        start=types.Position(line=line, character=character),
        end=types.Position(line=line, character=character + 1)), text=new or "字"))
    doc.version += 1
    ls.analyse(state, doc)
    fresh = DocState(doc.uri, None, default_config(), Analyzer())
    ls.analyse(fresh, doc)
    converter = default_converter()
    assert converter.unstructure(state.diagnostics) == converter.unstructure(fresh.diagnostics)
    moved = state.diagnostics[0].range.start.line - first
    assert moved == new.count("\n")


def test_the_positions_kept_across_edits_stay_bounded():
    """Client positions are kept across edits while valid; those no finding uses any more (a
    long session leaves them) are dropped once they outnumber the used ones."""
    ls = GilintServer()
    text = seed("000")
    doc, state = open_doc(ls, text)
    every = dict(zip(range(len(text) + 1), doc.line_map.positions(doc.position_codec, range(len(text) + 1))))
    state.positions = dict(every)                 # valid, but for findings long gone
    at = text.index("\n", len(text) // 2)
    edit(ls, doc, state, at, "县")
    used = {o for f in state.findings for o in (f.start, f.end)}
    assert used <= set(state.positions) and len(state.positions) <= 4 * len(state.findings) + 256
    fresh = DocState(doc.uri, None, default_config(), Analyzer())
    ls.analyse(fresh, doc)
    converter = default_converter()
    assert converter.unstructure(state.diagnostics) == converter.unstructure(fresh.diagnostics)
