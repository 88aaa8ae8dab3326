"""The language server's framing and lifecycle against a raw client writing bytes (issue 13,
item 6): a malformed frame is answered with an error (id null) and the next frame is read; the
server never dies nor waits for a blank line; a second ``initialize`` is an error and keeps the
open documents; a request before ``initialize`` gets -32002."""
from __future__ import annotations

import pytest

pytest.importorskip("pygls")

from conftest import TESTS  # noqa: E402
from lsp_raw import RawServer  # noqa: E402

from gilint.lsp.framing import Framer, FrameError  # noqa: E402

SEED = (TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt").read_text(encoding="utf-8")
URI = "file:///tmp/gilint-framing/report.txt"
PULL = {"textDocument": {"diagnostic": {}}}


@pytest.fixture
def server():
    s = RawServer()
    yield s
    s.close()


def initialize(s: RawServer, id=1):
    s.request(id, "initialize", {"processId": None, "rootUri": None, "capabilities": PULL})
    reply = s.answer(id)
    assert "result" in reply, reply
    s.notify("initialized", {})


def diagnostics(s: RawServer, id) -> list:
    s.request(id, "textDocument/diagnostic", {"textDocument": {"uri": URI}})
    reply = s.answer(id)
    assert "result" in reply, reply
    return reply["result"]["items"]


def test_requests_before_initialize_get_32002(server):
    server.request(1, "textDocument/hover", {"textDocument": {"uri": URI},
                                             "position": {"line": 0, "character": 0}})
    assert server.answer(1)["error"]["code"] == -32002
    server.request(2, "shutdown")           # also a request: refused before initialize
    assert server.answer(2)["error"]["code"] == -32002
    initialize(server, 3)


def test_second_initialize_is_an_error_and_keeps_the_documents(server):
    initialize(server)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "plaintext",
                                                            "version": 1, "text": SEED}})
    before = diagnostics(server, 2)
    assert [d["code"] for d in before] == ["GI501"]
    server.request(3, "initialize", {"processId": None, "rootUri": None, "capabilities": PULL})
    assert server.answer(3)["error"]["code"] == -32600
    assert diagnostics(server, 4) == before


BAD_FRAMES = {
    "non-numeric length": b"Content-Length: abc\r\n\r\n{\"jsonrpc\": \"2.0\"}",
    "negative length": b"Content-Length: -5\r\n\r\n",
    "no length": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"a\": 1}",
    "huge length": b"Content-Length: 1000000000000\r\n\r\n{\"jsonrpc\"",
    "short body": b"Content-Length: 400\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 77, \"meth",
    "not JSON": b"Content-Length: 9\r\n\r\nnot json!",
    "JSON, not JSON-RPC": b"Content-Length: 6\r\n\r\n[1, 2]",
    "overlong header": b"X" * 20000,
    "zero length": b"Content-Length: 0\r\n\r\n",
    "binary junk": bytes(range(256)) * 4,
}


@pytest.mark.parametrize("name", sorted(BAD_FRAMES))
def test_a_bad_frame_is_answered_and_the_next_one_read(server, name):
    initialize(server)
    server.write(BAD_FRAMES[name])
    server.request(10, "textDocument/hover", {"textDocument": {"uri": URI},
                                              "position": {"line": 0, "character": 0}})
    # the request after the bad frame is answered (the old reader died or waited for a blank line)
    assert server.answer(10, timeout=20) == {"jsonrpc": "2.0", "id": 10, "result": None}
    assert server.alive()
    if name not in ("binary junk",):
        error = server.recv(lambda m: m.get("id") is None and "error" in m, timeout=5)
        assert error["error"]["code"] in (-32600, -32700)
    assert server.close() == 0


def test_framer_without_a_process():
    f = Framer(max_body=100)
    f.feed(b"Content-Length: 2\r\n\r\n{}Content-Length: 500\r\n\r\n" + b"x" * 50)
    events = list(f.events())
    assert events[0] == b"{}"
    assert isinstance(events[1], FrameError) and "500 bytes refused" in events[1].message
    f.feed(b"y" * 1000 + b"Content-Len")          # skipped, a split header name kept
    assert list(f.events()) == []
    f.feed(b"gth: 3\r\n\r\n[1]")
    assert list(f.events()) == [b"[1]"]
    f.feed(b"Content-Length: 4\n\nnull")            # LF line ends are accepted
    assert list(f.events()) == [b"null"]
