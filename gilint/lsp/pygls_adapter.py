"""The one place gilint uses pygls' private names (pygls 2.1.1; pyproject pins >=2.1,<2.2):
each is here because pygls 2.1 has no public way to do it. Check them when the pin moves.

- ``_send_data``: pygls writes every message with ``json.dumps(message,
  default=self._serialize_message)`` inside ``JsonRPCProtocol._send_data``, with no public hook
  for the serialisation; gilint writes the cached JSON of the diagnostics an edit did not change
  (``gilint.lsp.wire``). ``AdaptedProtocol._send_data`` is pygls 2.1's own, ``self.dumps`` in
  place of its ``json.dumps`` (it reads ``_include_headers`` as pygls' does); ``serialize``
  is pygls' ``_serialize_message``. One difference: the JSON is written as UTF-8 text, not
  with every Chinese character escaped as ``\\uXXXX`` (pygls' ``json.dumps`` default): the
  same JSON values in ~25 % fewer bytes (the LSP base protocol's content is UTF-8;
  Content-Length counts the encoded bytes). A string UTF-8 cannot encode (a lone surrogate a
  client sent as ``"\\ud800"``) makes that message be written escaped, exactly as pygls does.
- ``answer_error``: a JSON-RPC error response to a message pygls could not structure or must not
  handle (``_send_response``: pygls answers only the requests it dispatches).
- ``shutting_down``: pygls' ``_shutdown`` flag, set by its ``shutdown`` handler.
- ``server``: the server a protocol belongs to (``_server``; pygls has no public attribute).

Everything else of the server uses pygls' public API (features, commands, ``workspace``,
``converter_factory``, ``report_server_error``, ``set_writer``, ``shutdown``, ``thread_pool``,
``TextDocument.apply_change``).
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging

from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("gilint.lsp")


class AdaptedProtocol(LanguageServerProtocol):
    """pygls' protocol with a public ``dumps`` hook and the private names gilint needs."""

    @property
    def server(self):
        """The server this protocol belongs to (pygls' ``_server``)."""
        return self._server

    @property
    def shutting_down(self) -> bool:
        return bool(self._shutdown)

    def serialize(self, value):
        """pygls' ``default=`` for ``json.dumps`` (cattrs for attrs classes)."""
        return self._serialize_message(value)

    def dumps(self, message, ensure_ascii: bool = False) -> str:
        """A message's JSON text (subclasses may write it faster, never differently): UTF-8
        text, or with ``ensure_ascii`` every non-ASCII character escaped (pygls' own)."""
        return json.dumps(message, default=self.serialize, ensure_ascii=ensure_ascii)

    def frame(self, message) -> bytes:
        """The bytes written for ``message``: its JSON in UTF-8, behind the base protocol's
        header when the transport wants one (Content-Length counts the body's bytes)."""
        try:
            body = self.dumps(message).encode("utf-8")
        except UnicodeEncodeError:     # a lone surrogate: escaped, as pygls writes it
            body = self.dumps(message, ensure_ascii=True).encode("ascii")
        if not self._include_headers:
            return body
        return (f"Content-Length: {len(body)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n").encode("ascii") + body

    def answer_error(self, msg_id, error: types.ResponseError) -> None:
        """Answer ``msg_id`` (None: a message without one) with a JSON-RPC error."""
        self._send_response(msg_id, error=error)

    def _send_data(self, data):
        # pygls 2.1.1's _send_data, with ``self.frame`` for its ``json.dumps(data, default=…)``
        # and header.
        if not data:
            return
        if self.writer is None:
            log.error("Unable to send data, no available transport!")
            return
        try:
            res = self.writer.write(self.frame(data))
            if inspect.isawaitable(res):
                asyncio.ensure_future(res)
        except BrokenPipeError:
            log.exception("Error sending data. BrokenPipeError")
            raise
        except Exception as error:
            log.exception("Error sending data")
            try:
                self._server.report_server_error(error, JsonRpcInternalError)
            except Exception:  # noqa: BLE001 - as pygls: never report an error about reporting
                log.warning("Failed to report error")
