"""pygls' workspace documents, with LSP line breaks and O(edit) incremental changes.

pygls 2.1 applies an incremental change by splitting the whole text with ``str.splitlines``
(which also breaks at form feeds and U+2028 — wrong for LSP, and pdftotext output is full of
form feeds) and re-joining every line: ~15 ms per keystroke on a 1 MB report. These subclasses
keep a ``LineMap`` per document instead and splice the change in. They override pygls' public
methods only (``TextDocument.apply_change`` and ``source``, the workspace's text-document
methods); the server's protocol serves a ``GilintWorkspace`` as its ``workspace``.
"""
from __future__ import annotations

import bisect
from typing import Optional, Sequence
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace
from pygls.workspace.position_codec import ServerTextPosition

from gilint.lsp.text import LineMap


def to_range(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    """The range between two client positions given as ``(line, character)``."""
    return types.Range(start=types.Position(line=start[0], character=start[1]),
                       end=types.Position(line=end[0], character=end[1]))


_WHOLE = ("whole",)   # changes since the last carry(): the whole text replaced


class GilintTextDocument(TextDocument):
    _map: Optional[LineMap] = None
    # The changes since the last carry(), for the positions the server reuses: None (none),
    # _WHOLE, or (lo, hi, delta, lines): every change lies in [lo, hi) of the text now,
    # text[hi:] is the text of then from hi - delta on, ``lines`` lines more than then.
    _changes: Optional[tuple] = _WHOLE

    def __init__(self, uri: str, source: Optional[str] = None, *args, **kwargs):
        super().__init__(uri, source, *args, **kwargs)
        self._text = source   # None: read from disk on first use (pygls' source does)

    @property
    def source(self) -> str:
        if self._text is None:
            self._text = TextDocument.source.fget(self)
        return self._text

    @property
    def line_map(self) -> LineMap:
        source = self.source
        m = self._map
        if m is None or m.text is not source:
            m = self._map = LineMap(source)
        return m

    # -- changes -------------------------------------------------------------------------
    def apply_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        """An incremental change spliced in (the server asks for incremental sync), a whole
        text replaced."""
        if not isinstance(change, types.TextDocumentContentChangePartial):
            self._text = change.text
            self._changes = _WHOLE
            return
        m = self.line_map
        codec = self.position_codec
        r = change.range
        a = m.offset(codec, r.start.line, r.start.character)
        b = m.offset(codec, r.end.line, r.end.character)
        if b < a:
            a, b = b, a
        n_lines = len(m.starts)
        self._text = m.replace(a, b, change.text)
        self._changes = _merged(self._changes, a, b, len(change.text), len(m.starts) - n_lines)

    def carry(self, positions: dict) -> dict:
        """Of ``positions`` (offset → client ``(line, character)`` in the text of the last
        call), those still valid, keyed by their offsets now: the offsets before the first
        change since, and those on lines that start after the last one (moved by the
        changes' length and line count; their columns count from an unchanged line start).
        The changes are forgotten: the next call starts from this text."""
        changes, self._changes = self._changes, None
        if changes is None:
            return positions
        if changes is _WHOLE or not positions:
            return {}
        lo, hi, delta, lines = changes
        starts = self.line_map.starts
        i = bisect.bisect_right(starts, hi)   # the first line starting after the changes
        after = starts[i] - delta if i < len(starts) else float("inf")   # (then)
        later = [o for o in positions if o >= lo]
        if 2 * len(later) > len(positions):
            return {o if o < lo else o + delta: p if o < lo else (p[0] + lines, p[1])
                    for o, p in positions.items() if o < lo or o >= after}
        # (an edit near the end: the positions before it copied in C, the others moved)
        kept = positions.copy()
        moved = [(o + delta, kept.pop(o)) for o in later]
        kept.update((o, (p[0] + lines, p[1])) for o, p in moved if o - delta >= after)
        return kept

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


def _merged(changes: Optional[tuple], a: int, b: int, n: int, lines: int) -> tuple:
    """``changes`` (see GilintTextDocument._changes) and then ``text[a:b]`` replaced by ``n``
    characters, adding ``lines`` lines."""
    delta = n - (b - a)
    if changes is _WHOLE:
        return _WHOLE
    if changes is None:
        return a, a + n, delta, lines
    lo, hi, total, count = changes
    if hi >= b:            # the earlier changes' end moves with this one
        hi += delta
    elif hi > a:           # ... or lies inside it
        hi = a + n
    return min(lo, a), max(hi, a + n), total + delta, count + lines


SYNC_KIND = types.TextDocumentSyncKind.Incremental   # what the server asks for


class GilintWorkspace(Workspace):
    """pygls' workspace with ``GilintTextDocument``s, kept in a dict of its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open: dict[str, GilintTextDocument] = {}

    def _new(self, uri: str, source=None, version=None, language_id=None) -> GilintTextDocument:
        return GilintTextDocument(uri, source=source, version=version, language_id=language_id,
                                  sync_kind=SYNC_KIND, position_codec=self.position_codec)

    @property
    def text_documents(self):
        return self._open

    def get_text_document(self, doc_uri: str) -> GilintTextDocument:
        """An open document, else one read from disk (as pygls)."""
        return self._open.get(unquote(doc_uri)) or self._new(doc_uri)

    def put_text_document(self, text_document: types.TextDocumentItem, notebook_uri=None):
        doc = text_document
        self._open[unquote(doc.uri)] = self._new(doc.uri, doc.text, doc.version, doc.language_id)

    def remove_text_document(self, doc_uri: str):
        self._open.pop(unquote(doc_uri), None)

    def update_text_document(self, text_doc: types.VersionedTextDocumentIdentifier,
                             change: types.TextDocumentContentChangeEvent):
        doc = self._open[unquote(text_doc.uri)]
        doc.apply_change(change)
        doc.version = text_doc.version

    @classmethod
    def replacing(cls, ws: Workspace) -> "GilintWorkspace":
        """A GilintWorkspace with the folders and position encoding of pygls' (made by its
        ``initialize``, before any document is open), and its documents, if any."""
        new = cls(ws.root_uri, SYNC_KIND, list(ws.folders.values()), ws.position_encoding)
        for uri, doc in ws.text_documents.items():  # normally none
            new._open[uri] = new._new(doc.uri, doc.source, doc.version, doc.language_id)
        return new
