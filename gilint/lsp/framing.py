"""Reading LSP frames from stdio, hardened: a bad frame is answered and skipped, never fatal.

pygls 2.1 reads the base protocol in ``pygls.io_.run_async`` and cannot be configured: it
reads header lines with ``readline()`` and then ``read(Content-Length)`` at once. So
``Content-Length: 1000000000000`` is a MemoryError that ends the server; a header it cannot
parse (``abc``, ``-5``, none at all) is ignored without an answer, and what follows the bad
frame is read as header lines, so the server waits for a newline the client never sends;
a short body swallows the next message. (docs/upstream/pygls-framing.md is the upstream
report.) ``serve_stdio`` replaces that loop for stdio, the way the server runs in editors:

- bytes are read as they arrive (``read1``) into a buffer; ``Framer`` cuts frames from it;
- a header block is what comes before the first blank line (CRLF or LF line ends); its last
  ``Content-Length`` counts; other headers are ignored; junk before it is an error answered
  (the frame after it is still read);
- a missing, non-numeric or negative length, or one over ``MAX_BODY`` bytes, is answered
  with a JSON-RPC error (id null) and the input is skipped up to the next ``Content-Length:``
  (never read: nothing is allocated for it);
- a body that is not JSON is answered with -32700; a frame header inside a body (the body
  was shorter than announced: JSON cannot contain one) is answered with -32700 and reading
  starts again at that header, without waiting for the rest of the announced length;
- a header block longer than ``MAX_HEADER`` bytes without a blank line is an error, skipped.

Latency (bench/bench_lsp.py, end to end): stdin is read by the event loop itself when it is a
pipe or a socket (``loop.add_reader``), not by a thread handing each chunk over to the loop:
on a busy machine every hand-off is one more wake-up the scheduler may delay. Elsewhere
(Windows' event loop, a terminal, a file) a thread of pygls' pool reads, as pygls does. The
pipes' capacity is raised (Linux, ``F_SETPIPE_SZ``) so that the diagnostics of a large
report (~130 KB) are written at once, not 64 KB at a time as the client drains them.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import stat
from dataclasses import dataclass

from lsprotocol.types import ResponseError

log = logging.getLogger("gilint.lsp")

MAX_HEADER = 8 * 1024
MAX_BODY = 64 * 1024 * 1024        # the decoder's own limit for a document, plus the JSON around it
CHUNK = 64 * 1024
PARSE_ERROR, INVALID_REQUEST = -32700, -32600
_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE)
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:[^\r\n]*")
_BLANK = re.compile(rb"\r?\n\r?\n")
_FRAME_START = re.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n"
                          rb"(?:[!-9;-~]+[ \t]*:[^\r\n]*\r?\n)*\r?\n", re.IGNORECASE)


@dataclass(frozen=True)
class FrameError:
    """A frame that could not be read: answered with this JSON-RPC error (id null)."""
    code: int
    message: str


class Framer:
    """Bytes in (``feed``), frame bodies and ``FrameError``s out (``events``)."""

    def __init__(self, max_body: int = MAX_BODY, max_header: int = MAX_HEADER):
        self.buf = bytearray()
        self.max_body, self.max_header = max_body, max_header
        self.body_length: int | None = None    # reading a body of this many bytes
        self.skipping = False                  # looking for the next Content-Length:
        self.scanned = 0                       # of the body being read, looked at for a header

    def feed(self, data: bytes) -> None:
        self.buf += data

    def events(self):
        while True:
            if self.skipping:
                m = _LENGTH.search(self.buf)
                if m is None:     # keep a tail that may be the start of a split header name
                    del self.buf[:max(0, len(self.buf) - len("content-length:"))]
                    return
                del self.buf[:m.start()]
                self.skipping = False
            if self.body_length is not None:
                # A frame header inside a body: the body was shorter than announced (JSON
                # cannot hold it: its strings escape line breaks). Read again from there.
                end = min(len(self.buf), self.body_length)
                m = _FRAME_START.search(self.buf, max(0, self.scanned - self.max_header), end)
                self.scanned = end
                if m is not None:
                    del self.buf[:m.start()]
                    self.body_length, self.scanned = None, 0
                    yield FrameError(PARSE_ERROR, "message shorter than its Content-Length")
                    continue
                if len(self.buf) < self.body_length:
                    return
                self.scanned = 0
                body = bytes(self.buf[:self.body_length])
                del self.buf[:self.body_length]
                self.body_length = None
                yield body
                continue
            blank = _BLANK.search(self.buf, 0, self.max_header + 4)
            if blank is None:
                if len(self.buf) > self.max_header:
                    self.buf[:1] = b""       # the header's start is junk: look beyond it
                    self.skipping = True
                    yield FrameError(INVALID_REQUEST, f"header longer than {self.max_header} "
                                                      f"bytes without an empty line")
                    continue
                return
            block = bytes(self.buf[:blank.start()])
            del self.buf[:blank.end()]
            yield from self._header(block)

    def _header(self, block: bytes):
        lengths = list(_LENGTH.finditer(block))
        if not lengths:
            self.skipping = True
            yield FrameError(INVALID_REQUEST, "header without Content-Length")
            return
        last = lengths[-1]
        junk = block[:last.start()].strip()
        if junk and not all(_HEADER_LINE.fullmatch(line.strip())
                            for line in junk.splitlines() if line.strip()):
            yield FrameError(INVALID_REQUEST, "junk before a header skipped")
        value = last.group(1).strip()
        if not re.fullmatch(rb"[0-9]{1,20}", value):
            self.skipping = True
            shown = value[:40].decode("ascii", "replace")
            yield FrameError(INVALID_REQUEST, f"Content-Length is not a length: {shown!r}")
            return
        n = int(value)
        if n > self.max_body:
            self.skipping = True
            yield FrameError(INVALID_REQUEST, f"message of {n} bytes refused (the limit is "
                                              f"{self.max_body})")
            return
        if n == 0:
            yield FrameError(INVALID_REQUEST, "empty message (Content-Length: 0)")
            return
        self.body_length = n


def dispatch(protocol, body: bytes) -> None:
    """Parse one body and hand it to pygls' protocol; answer what cannot be handled."""
    try:
        message = json.loads(body, object_hook=protocol.structure_message)
    except (ValueError, RecursionError) as exc:   # JSONDecodeError, UnicodeDecodeError
        send_error(protocol, PARSE_ERROR, f"not JSON: {type(exc).__name__}: {exc}"[:200])
        return
    except Exception as exc:  # noqa: BLE001 - pygls refused it (already logged by pygls)
        log.warning("message not handled: %s: %s", type(exc).__name__, exc)
        return
    if message is None or isinstance(message, (dict, list, str, int, float)):
        # JSON, but no JSON-RPC message (pygls structures only objects with "jsonrpc")
        send_error(protocol, INVALID_REQUEST, "not a JSON-RPC message")
        return
    try:
        protocol.handle_message(message)
    except Exception:  # noqa: BLE001 - as pygls: logged, the server carries on
        log.exception("unable to handle message")


def send_error(protocol, code: int, message: str) -> None:
    log.warning("bad frame from the client: %s", message)
    protocol.answer_error(None, ResponseError(code=code, message=message))


PIPE_CAPACITY = 1 << 20          # bytes; Linux allows up to /proc/sys/fs/pipe-max-size (1 MB)


def widen_pipe(stream) -> None:
    """Raise the capacity of the pipe behind ``stream`` (Linux; elsewhere, or for anything
    but a pipe, nothing happens)."""
    try:
        import fcntl   # POSIX only
        fd = stream.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return
        setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
        for size in (PIPE_CAPACITY, PIPE_CAPACITY // 4):
            if setsize is None:
                return
            try:
                fcntl.fcntl(fd, setsize, size)
                return
            except OSError:    # over the system's limit: try smaller
                continue
    except (ImportError, AttributeError, OSError, ValueError):
        return


def watchable(stdin) -> int | None:
    """``stdin``'s file descriptor if it is a pipe or a socket (what an event loop can watch;
    on Windows its loop watches sockets only, so never there)."""
    if os.name != "posix":
        return None
    try:
        fd = stdin.fileno()
        mode = os.fstat(fd).st_mode
    except (AttributeError, OSError, ValueError):
        return None
    return fd if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else None


async def serve_stdio(server, stdin, stop_event) -> None:
    """The server's read loop on stdio (replaces pygls.io_.run_async)."""
    framer = Framer()

    def received(data: bytes) -> None:
        framer.feed(data)
        for event in framer.events():
            if isinstance(event, FrameError):
                send_error(server.protocol, event.code, event.message)
            else:
                dispatch(server.protocol, event)

    fd = watchable(stdin)
    if fd is not None and await _watch(fd, received, stop_event):
        return
    loop = asyncio.get_running_loop()
    read = getattr(stdin, "read1", None) or stdin.read
    while not stop_event.is_set():
        data = await loop.run_in_executor(server.thread_pool, read, CHUNK)
        if not data:
            break
        received(data)


async def _watch(fd: int, received, stop_event) -> bool:
    """Read ``fd`` whenever the event loop sees bytes on it, until its end or ``stop_event``;
    False if this loop cannot watch it (then nothing was read)."""
    loop = asyncio.get_running_loop()
    ended = loop.create_future()

    def readable() -> None:
        try:
            data = os.read(fd, CHUNK)   # ready: returns what is there, without waiting
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            log.warning("stdin: %s", exc)
            data = b""
        if data:
            try:
                received(data)
            except Exception as exc:  # noqa: BLE001 - ends the loop, as it would the thread's
                if not ended.done():
                    ended.set_exception(exc)
                return
        if (not data or stop_event.is_set()) and not ended.done():
            ended.set_result(None)

    try:
        loop.add_reader(fd, readable)
    except (NotImplementedError, OSError, ValueError):   # Windows' proactor loop, …
        return False
    try:
        await ended
    finally:
        loop.remove_reader(fd)
    return True
