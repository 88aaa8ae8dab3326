"""Messages on the wire: the server's JSON, with each diagnostic's JSON made once.

pygls writes a message as ``json.dumps(message, default=protocol._serialize_message)``: cattrs
turns the whole message into dicts, ``json`` encodes the whole tree. With a few hundred
diagnostics that is ~5 ms after every keystroke, though the server reuses the Diagnostic
objects an edit did not change (``to_diagnostics``). ``DiagnosticJson`` keeps, per Diagnostic
object, cattrs' dict and its JSON text (UTF-8 text, not ASCII-escaped: see
``gilint.lsp.pygls_adapter``); ``dumps`` writes a message's JSON with the values pygls would
write, the cached text of each diagnostic spliced in. The server's list of a document's
diagnostics (``Diagnostics``, which ``to_diagnostics`` gives again as it is while every
diagnostic is the same object) keeps cattrs' output and JSON text of the whole list: a
keystroke that changes no diagnostic writes that text again.

Keyed by identity, so a Diagnostic must not be mutated once made (the server never does), nor
the dict returned. Only weak references are kept: an entry goes when its Diagnostic does
(replaced by a re-analysis, or its document closed).
"""
from __future__ import annotations

import json
import uuid
import weakref
from collections.abc import Sequence

from lsprotocol import types


class _Ref(weakref.ref):
    """A weak reference that remembers its cache key (the id of a referent now gone)."""
    __slots__ = ("key",)


class Diagnostics(list):
    """The server's diagnostics of one analysis (``to_diagnostics``), never changed once made:
    cattrs' output for the list is kept with it (``DiagnosticJson.unstructure_list``)."""
    __slots__ = ("unstructured",)


class _Unstructured(list):
    """cattrs' output for a list of diagnostics (the dicts of DiagnosticJson), with the list's
    JSON text once made (``DiagnosticJson.list_text``)."""
    __slots__ = ("text",)


class DiagnosticJson:
    """The converter's unstructure hook for ``types.Diagnostic`` (cattrs' own output, made once
    per Diagnostic object) and the JSON text of that output; and for a list of diagnostics (a
    ``Diagnostics`` list: its output and JSON text made once, reused while the server publishes
    or answers the same list)."""

    def __init__(self, converter):
        self._unstructure = converter.get_unstructure_hook(types.Diagnostic)
        self._cache: dict[int, list] = {}            # id → [ref, dict, json text or None]
        self._by_dict: dict[int, list] = {}          # id of the dict → the same entry
        converter.register_unstructure_hook(types.Diagnostic, self)
        converter.register_unstructure_hook_func(_is_diagnostic_list, self.unstructure_list)
        converter.register_unstructure_hook(Diagnostics, self.unstructure_list)   # (by its own type)

    def unstructure_list(self, items) -> list:
        """cattrs' output for a sequence of diagnostics (the output of each, in a list)."""
        made = getattr(items, "unstructured", None)
        if made is None:
            made = _Unstructured(map(self, items))
            made.text = None
            if type(items) is Diagnostics:
                items.unstructured = made
        return made

    def list_text(self, made: list) -> str | None:
        """The JSON text of a list this hook returned (made on first use), else None."""
        if type(made) is not _Unstructured:
            return None
        if made.text is None:
            texts = [self.text_of(x) for x in made]
            if None in texts:
                return None
            made.text = "[" + ", ".join(texts) + "]"
        return made.text

    def __len__(self) -> int:
        return len(self._cache)

    def __call__(self, d: types.Diagnostic) -> dict:
        hit = self._cache.get(id(d))
        if hit is not None and hit[0]() is d:
            return hit[1]
        out = self._unstructure(d)
        ref = _Ref(d, self._forget)
        ref.key = id(d)
        entry = self._cache[ref.key] = [ref, out, None]
        self._by_dict[id(out)] = entry
        return out

    def text_of(self, item) -> str | None:
        """The JSON text of a dict this hook returned (made on first use), else None."""
        entry = self._by_dict.get(id(item))
        if entry is None or entry[1] is not item:
            return None
        if entry[2] is None:
            entry[2] = json.dumps(item, ensure_ascii=False)
        return entry[2]

    def _forget(self, ref: _Ref) -> None:
        entry = self._cache.get(ref.key)
        if entry is not None and entry[0] is ref:
            del self._cache[ref.key]
            self._by_dict.pop(id(entry[1]), None)


def _is_diagnostic_list(t) -> bool:
    """Whether cattrs unstructures ``t`` as a sequence of diagnostics (lsprotocol's
    ``Sequence[Diagnostic]`` fields: publishDiagnostics, pull reports)."""
    return getattr(t, "__origin__", None) in (Sequence, list) and getattr(t, "__args__", None) == (types.Diagnostic,)


def dumps(message, serialize, diagnostics: DiagnosticJson, ensure_ascii: bool = False) -> str:
    """``json.dumps(message, default=serialize, ensure_ascii=False)``, with every list of
    diagnostics in the message's ``params`` or ``result`` (publishDiagnostics, a pull report)
    written from the cached JSON texts (``ensure_ascii``: escaped, nothing from the cache)."""
    tree = serialize(message) if hasattr(message, "__attrs_attrs__") else message
    if ensure_ascii or not isinstance(tree, dict):
        return json.dumps(tree, default=serialize, ensure_ascii=ensure_ascii)
    spliced: dict[str, str] = {}
    tree = dict(tree)
    for part in ("params", "result"):
        body = tree.get(part)
        if not isinstance(body, dict):
            continue
        body = tree[part] = dict(body)
        for key, value in body.items():
            if type(value) is _Unstructured and value:   # (a list of diagnostics: its text kept)
                joined = diagnostics.list_text(value)
            elif type(value) is list and value:
                texts = [diagnostics.text_of(x) for x in value]
                joined = None if None in texts else "[" + ", ".join(texts) + "]"
            else:
                continue
            if joined is not None:
                token = f"gilint-{uuid.uuid4().hex}"   # a string no document can collide with
                spliced[json.dumps(token)] = joined
                body[key] = token
    text = json.dumps(tree, default=serialize, ensure_ascii=False)
    for token, value in spliced.items():
        text = text.replace(token, value, 1)
    return text
