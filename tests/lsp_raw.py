"""A raw JSON-RPC client for ``gilint lsp``: bytes in, frames out, no LSP library between.

Used by the framing tests and the fault suite to send what a real client never would."""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

SERVER = [sys.executable, "-m", "gilint", "lsp"]


class RawServer:
    def __init__(self):
        self.p = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.messages: queue.Queue = queue.Queue()
        self.stderr = bytearray()
        self.aside: list = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.p.stderr.read()), daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(out.read(length)))

    def write(self, data: bytes) -> None:
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj) -> None:
        body = json.dumps(obj).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, id, method, params=None) -> None:
        self.send({"jsonrpc": "2.0", "id": id, "method": method,
                   **({"params": params} if params is not None else {})})

    def notify(self, method, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, **({"params": params} if params is not None else {})})

    def recv(self, want, timeout: float = 20.0):
        """The next message for which ``want(message)`` holds (others are kept aside)."""
        for i, m in enumerate(self.aside):
            if want(m):
                return self.aside.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer within {timeout} s; stderr: {bytes(self.stderr[-2000:])!r}")
            try:
                m = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if want(m):
                return m
            self.aside.append(m)

    def answer(self, id, timeout: float = 20.0):
        return self.recv(lambda m: m.get("id") == id and "method" not in m, timeout)

    def alive(self) -> bool:
        return self.p.poll() is None

    def close(self) -> int:
        try:
            if self.alive():
                self.request(999999, "shutdown")
                self.answer(999999, 10)
                self.notify("exit")
            return self.p.wait(10)
        except Exception:  # noqa: BLE001
            self.p.kill()
            self.p.wait()
            return -9
