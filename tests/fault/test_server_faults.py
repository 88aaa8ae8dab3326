"""Malformed framing and mutated documents against the language server (a raw client writing
bytes, in random pieces): after every scenario a valid request is answered, the server is alive,
and it exits cleanly at the end."""
from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("pygls")

from fault.conftest import BUDGET, SEED  # noqa: E402
from fault.mutate import corpus, mutate  # noqa: E402
from lsp_raw import RawServer  # noqa: E402


def _frame(body: bytes, length=None) -> bytes:
    return b"Content-Length: %s\r\n\r\n" % (str(len(body) if length is None else length).encode()) + body


def bad_frames(rng: random.Random) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": "x", "method": "textDocument/hover"}).encode()
    choices = [
        lambda: _frame(body, rng.choice(["abc", "-5", "", "1e3", "0x10", " 12 ", "１２"])),
        lambda: _frame(b"{}", 10 ** rng.randrange(9, 30)),
        lambda: _frame(body[:rng.randrange(len(body))], len(body) + rng.randrange(1, 500)),
        lambda: b"Content-Type: application/json\r\n\r\n" + body,
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))),
        lambda: b"X" * rng.randrange(8000, 30000),
        lambda: _frame(b"not json at all"),
        lambda: _frame(b"[1, 2, 3]"),
        lambda: _frame(b"{\"jsonrpc\": \"2.0\", \"id\": 5}"),
        lambda: _frame(b"\"" + b"\\" * 1000 + b"\""),
        lambda: _frame(b"[" * 50_000 + b"]" * 50_000),
        lambda: _frame(json.dumps({"jsonrpc": "2.0", "id": rng.randrange(10 ** 6), "method": "initialize",
                                   "params": {"capabilities": {}}}).encode()),
        lambda: _frame(json.dumps({"jsonrpc": "2.0", "id": rng.randrange(10 ** 6),
                                   "method": "textDocument/hover", "params": {"textDocument": 5}}).encode()),
        lambda: b"content-length: 2\n\n{}",
        lambda: b"\r\n\r\n\r\n",
    ]
    return b"".join(rng.choice(choices)() for _ in range(rng.randrange(1, 5)))


def test_malformed_framing_and_mutated_documents(figures):
    rng = random.Random(SEED + 2)
    docs = corpus()
    s = RawServer()
    s.request(1, "initialize", {"processId": None, "rootUri": None,
                                "capabilities": {"textDocument": {"diagnostic": {}}}})
    assert "result" in s.answer(1)
    s.notify("initialized", {})
    answered = deaths = hangs = documents = 0
    failures = []
    next_id = 100
    for n in range(BUDGET["server"]):
        data = bad_frames(rng)
        i = 0
        while i < len(data):                   # in random pieces: frames cut anywhere
            j = i + rng.randrange(1, 4096)
            s.write(data[i:j])
            i = j
        if n % 3 == 0:                          # a mutated document, opened and diagnosed
            uri = f"file:///tmp/gilint-fault/{n}.txt"
            text, _ops = mutate(rng, rng.choice(docs))
            s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                               "version": 1, "text": text}})
            next_id += 1
            s.request(next_id, "textDocument/diagnostic", {"textDocument": {"uri": uri}})
            documents += 1
        next_id += 1
        s.request(next_id, "textDocument/hover",
                  {"textDocument": {"uri": "file:///none.txt"}, "position": {"line": 0, "character": 0}})
        try:
            reply = s.answer(next_id, timeout=30)
            answered += reply == {"jsonrpc": "2.0", "id": next_id, "result": None}
        except TimeoutError:
            if s.alive():
                hangs += 1
            else:
                deaths += 1
            failures.append(f"scenario {n}: {'no answer' if s.alive() else 'server died'}")
            s.close()
            s = RawServer()
            s.request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
            s.answer(1)
    exit_code = s.close()
    figures.update(server_scenarios=BUDGET["server"], answered=answered, server_deaths=deaths,
                   hangs=hangs, documents_opened=documents, exit_code=exit_code)
    assert failures == [] and exit_code == 0, failures[:10]
