"""pygls' workspace documents, with LSP line breaks and O(edit) incremental changes.

pygls 2.1 applies an incremental change by splitting the whole text with ``str.splitlines``
(which also breaks at form feeds and U+2028 — wrong for LSP, and pdftotext output is full of
form feeds) and re-joining every line: ~15 ms per keystroke on a 1 MB report. These subclasses
keep a ``LineMap`` per document instead and splice the change in.
"""
from __future__ import annotations

from typing import Optional, Sequence

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace
from pygls.workspace.position_codec import ServerTextPosition

from gilint.lsp.text import LineMap


def to_range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    """The range between two client positions given as ``(line, character)``."""
    return types.Range(start=types.Position(line=start[0], character=start[1]),
                       end=types.Position(line=end[0], character=end[1]))


class GilintTextDocument(TextDocument):
    _map: Optional[LineMap] = None
    # The lowest offset changed since the last take_dirty(): positions of offsets below it
    # are what they were (the server reuses them instead of recomputing).
    _dirty_from: int = 0

    @property
    def line_map(self) -> LineMap:
        source = self.source
        m = self._map
        if m is None or m.text is not source:
            m = self._map = LineMap(source)
        return m

    # -- changes -------------------------------------------------------------------------
    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        m = self.line_map
        codec = self.position_codec
        r = change.range
        a = m.offset(codec, r.start.line, r.start.character)
        b = m.offset(codec, r.end.line, r.end.character)
        if b < a:
            a, b = b, a
        self._source = m.replace(a, b, change.text)
        self._dirty_from = min(self._dirty_from, a)

    def _apply_full_change(self, change) -> None:
        super()._apply_full_change(change)
        self._dirty_from = 0

    def take_dirty(self) -> int:
        """The lowest offset changed since the last call (0 the first time)."""
        d, self._dirty_from = self._dirty_from, len(self.source)
        return d

    # -- pygls API, made consistent with LSP line breaks ------------------------------------
    @property
    def lines(self) -> Sequence[str]:
        return tuple(self.line_map.lines())

    def offset_at_position(self, client_position: types.Position) -> int:
        return self.line_map.offset(self.position_codec, client_position.line,
                                    client_position.character)

    def offset_at_server_position(self, server_position: ServerTextPosition) -> int:
        m = self.line_map
        if server_position.line >= m.line_count():
            return len(m.text)
        start, end = m.line_bounds(server_position.line)
        return min(start + server_position.character, end)

    def server_position_at_offset(self, offset: int) -> ServerTextPosition:
        line, col = self.line_map.line_col(offset)
        return ServerTextPosition(line, col)

    def client_position_at_offset(self, offset: int) -> types.Position:
        line, character = self.line_map.position(self.position_codec, offset)
        return types.Position(line=line, character=character)

    # -- gilint helpers ------------------------------------------------------------------
    def range_of(self, start: int, end: int) -> types.Range:
        """The client range of code-point offsets ``[start, end)``."""
        m, codec = self.line_map, self.position_codec
        s = m.position(codec, start)
        return to_range(s, s if end == start else m.position(codec, end))

    def offsets_of(self, r: types.Range) -> tuple[int, int]:
        a = self.offset_at_position(r.start)
        b = self.offset_at_position(r.end)
        return (a, b) if a <= b else (b, a)


class GilintWorkspace(Workspace):
    def _create_text_document(self, doc_uri: str, source: Optional[str] = None,
                              version: Optional[int] = None,
                              language_id: Optional[str] = None) -> TextDocument:
        return GilintTextDocument(doc_uri, source=source, version=version,
                                  language_id=language_id, sync_kind=self._sync_kind,
                                  position_codec=self.position_codec)

    @classmethod
    def replacing(cls, ws: Workspace) -> "GilintWorkspace":
        """A GilintWorkspace with the settings of a fresh pygls one (made during initialize,
        before any document is open)."""
        new = cls(ws.root_uri, ws._sync_kind, list(ws.folders.values()), ws.position_encoding)
        for uri, doc in ws.text_documents.items():  # normally none
            new._text_documents[uri] = new._create_text_document(
                doc.uri, doc.source, doc.version, doc.language_id)
        return new
