"""Quick fixes for a client that echoes a diagnostic's range in other units (pytest-lsp).

An older client (Neovim before 0.10 rebuilt diagnostics from its byte columns) sends back, in
``codeAction``, a diagnostic whose columns are not the negotiated ones. The server matches it by
its ``data`` (code and fix) on the same line, at the finding's start counted in some LSP
encoding, and offers the current analysis's fix; a diagnostic matching no finding gets none.
"""
from __future__ import annotations

import asyncio

import attrs
import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402

from gilint import lint  # noqa: E402
from gilint.fixes import apply_edits  # noqa: E402
from test_lsp import TIMEOUT, Client, Doc, client, seed, to_pos  # noqa: E402,F401  (client: a fixture)

pytestmark = pytest.mark.asyncio


def at(d: types.Diagnostic, start: tuple[int, int], end: tuple[int, int]) -> types.Diagnostic:
    return attrs.evolve(d, range=types.Range(start=types.Position(*start), end=types.Position(*end)))


async def quick_fixes(client: Client, doc: Doc, d: types.Diagnostic) -> list[types.CodeAction]:
    actions = await asyncio.wait_for(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix]))), TIMEOUT)
    return [a for a in actions or [] if a.diagnostics]


@pytest.mark.parametrize("name, code", [("000", "GI501"), ("002", "GI401")])
async def test_a_range_echoed_in_other_units_still_gets_its_quick_fix(client: Client, name, code):
    doc = Doc(client, f"file:///seeds/{name}-echoed.txt", seed(name))
    (d,) = [d for d in await doc.diagnostics() if d.code == code]
    (f,) = [f for f in lint(doc.text) if f.code == code]
    want = apply_edits(doc.text, f.fix.edits)
    other = "utf-16" if doc.enc == "utf-8" else "utf-8"     # bytes for a UTF-16 client, and back
    start, end = to_pos(doc.text, f.start, other), to_pos(doc.text, f.end, other)
    assert start != (d.range.start.line, d.range.start.character)    # the line has CJK before it
    echo = at(d, start, end)

    # Not the finding: the same data on the next line, or at a column no encoding gives.
    assert await quick_fixes(client, doc, at(d, (start[0] + 1, start[1]), (end[0] + 1, end[1]))) == []
    assert await quick_fixes(client, doc, at(d, (start[0], start[1] + 1), end)) == []
    assert await quick_fixes(client, doc, attrs.evolve(echo, data=None)) == []
    assert await quick_fixes(client, doc, attrs.evolve(echo, code="GI999")) == []

    (action,) = await quick_fixes(client, doc, echo)
    assert action.title.startswith(code) and action.is_preferred
    doc.apply(action.edit)
    assert doc.text == want
