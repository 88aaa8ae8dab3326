"""The language server's framing and lifecycle against a raw client writing bytes (issue 13,
item 6): a malformed frame is answered with an error (id null) and the next frame is read; the
server never dies nor waits for a blank line; a second ``initialize`` is an error and keeps the
open documents; a request before ``initialize`` gets -32002."""
from __future__ import annotations

import asyncio
import io
import json
import os
import queue
import sys
import threading

import pytest

pytest.importorskip("pygls")

from conftest import TESTS  # noqa: E402
from lsp_raw import RawServer  # noqa: E402

from gilint.lsp.framing import PIPE_CAPACITY, Framer, FrameError, watchable, serve_stdio  # noqa: E402

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


def frame(message: dict) -> bytes:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(data: bytes) -> list[dict]:
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")))
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def test_stdin_a_loop_cannot_watch_is_read_by_a_thread(tmp_path):
    """A pipe or socket is watched by the event loop; anything else (a file, a stream without
    a descriptor) is read by a thread, message for message as a pipe."""
    from gilint.lsp.server import create_server
    r, w = os.pipe()
    with open(r, "rb", buffering=0) as pipe, open(w, "wb"), open(tmp_path / "f", "wb+") as file:
        assert watchable(pipe) == r and watchable(file) is None and watchable(io.BytesIO()) is None
    chunks: queue.Queue = queue.Queue()

    class Stdin:                       # no fileno(): what Windows' loop cannot watch either
        def read1(self, n):
            return chunks.get()

    class Collect:
        def __init__(self):
            self.frames = []

        def write(self, data: bytes) -> None:
            self.frames += read_frames(data)

    ls = create_server()
    out = Collect()
    ls.protocol.set_writer(out)

    async def answer(id):
        for _ in range(2000):
            for m in out.frames:
                if m.get("id") == id and "method" not in m:
                    return m
            await asyncio.sleep(0.005)
        raise TimeoutError(id)

    async def session():
        reading = asyncio.ensure_future(serve_stdio(ls, Stdin(), threading.Event()))
        chunks.put(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                          "params": {"processId": None, "rootUri": None, "capabilities": PULL}}))
        assert "result" in await answer(1)
        opened = frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "plaintext", "version": 1, "text": SEED}}})
        pull = frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic",
                      "params": {"textDocument": {"uri": URI}}})
        chunks.put(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}) + opened[:100])
        chunks.put(opened[100:] + pull)          # frames cut anywhere, as a pipe may
        (item,) = (await answer(2))["result"]["items"]
        assert item["code"] == "GI501" and "重复" in item["message"]
        chunks.put(b"")                          # end of input: the loop ends
        await asyncio.wait_for(reading, 10)

    asyncio.run(session())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe capacity: Linux only")
def test_the_server_widens_its_output_pipe(server):
    """The diagnostics of a large report are written at once, not 64 KB at a time as the
    client drains them: the server raises its pipes' capacity (F_SETPIPE_SZ)."""
    initialize(server)
    fcntl = pytest.importorskip("fcntl")
    limit = int(open("/proc/sys/fs/pipe-max-size").read())
    want = min(PIPE_CAPACITY, limit)
    assert fcntl.fcntl(server.p.stdout.fileno(), fcntl.F_GETPIPE_SZ) >= want > 64 * 1024
    assert fcntl.fcntl(server.p.stdin.fileno(), fcntl.F_GETPIPE_SZ) >= want
