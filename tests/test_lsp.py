"""End-to-end tests of ``gilint lsp`` (pytest-lsp): the server runs as a subprocess and is
driven over stdio with the client capabilities of VS Code (UTF-16 positions, push diagnostics)
and Neovim 0.11 (UTF-8 positions, pull diagnostics).

Positions are checked against an independent conversion (encode the line prefix) of the
engine's own findings, so the server must agree with ``gilint.lint`` to the code unit.
"""
from __future__ import annotations

import asyncio
import os
import re
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

import attrs  # noqa: E402
import pytest_lsp  # noqa: E402
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

from gilint import lint  # noqa: E402
from gilint.fixes import apply_edits, apply_fixes, fix_text  # noqa: E402

from conftest import SEEDS  # noqa: E402
SEED_FILES = sorted(SEEDS.glob("*.txt"))
pytestmark = [pytest.mark.asyncio]

PROFILES = {"vscode": "visual-studio-code@v1.65.2", "neovim": "neovim@v0.11.0"}
UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}
TIMEOUT = 10


def seed(name: str) -> str:
    return next(p for p in SEED_FILES if p.name.startswith(name)).read_text(encoding="utf-8")


# -- an independent model of the client's text ------------------------------------------
def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def n_units(s: str, enc: str) -> int:
    return len(s.encode(enc if enc == "utf-8" else enc + "-le")) // UNIT[enc]


def to_pos(text: str, offset: int, enc: str) -> tuple[int, int]:
    starts = line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return line, n_units(text[starts[line]:offset], enc)


def to_offset(text: str, pos: types.Position, enc: str) -> int:
    starts = line_starts(text)
    if pos.line >= len(starts):
        return len(text)
    start = starts[pos.line]
    end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = text[start:end].rstrip("\r\n")
    count = 0
    for i, ch in enumerate(line):
        if count >= pos.character:
            return start + i
        count += n_units(ch, enc)
    return start + len(line)


def apply_text_edits(text: str, edits, enc: str) -> str:
    spans = sorted(((to_offset(text, e.range.start, enc), to_offset(text, e.range.end, enc), e.new_text)
                    for e in edits), key=lambda x: (x[0], x[1]))
    out, pos = [], 0
    for a, b, new in spans:
        assert a >= pos, "overlapping edits"
        out += [text[pos:a], new]
        pos = b
    return "".join(out + [text[pos:]])


def edits_for(edit: types.WorkspaceEdit, uri: str):
    if edit.document_changes:
        return [e for dc in edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    return list((edit.changes or {}).get(uri, []))


class Doc:
    """The client's copy of an open document."""

    def __init__(self, client: "Client", uri: str, text: str, language: str = "plaintext"):
        self.client, self.uri, self.text, self.version = client, uri, text, 1
        client.docs[uri] = self
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))

    @property
    def enc(self) -> str:
        return self.client.encoding

    def replace(self, start: int, end: int, new: str) -> None:
        """Edit ``text[start:end]`` as an editor would: one incremental didChange."""
        rng = types.Range(start=types.Position(*to_pos(self.text, start, self.enc)),
                          end=types.Position(*to_pos(self.text, end, self.enc)))
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)]))

    def apply(self, edit: types.WorkspaceEdit) -> None:
        new = apply_text_edits(self.text, edits_for(edit, self.uri), self.enc)
        self.text = new
        self.version += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))

    def close(self) -> None:
        self.client.docs.pop(self.uri, None)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            types.TextDocumentIdentifier(uri=self.uri)))

    async def diagnostics(self) -> list[types.Diagnostic]:
        """The diagnostics for the current version: pulled, or the push for this version."""
        c = self.client
        if c.pull:
            report = await asyncio.wait_for(c.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=self.uri))), TIMEOUT)
            return list(report.items)
        return await c.pushed(self.uri, self.version)

    def expected(self, config=None, severities=("error", "warning", "info")):
        """What the engine reports, converted by this test's own position arithmetic."""
        out = []
        for f in lint(self.text, config):
            if f.code == "GI002" or f.suppressed or f.severity not in severities:
                continue
            out.append((f.code, to_pos(self.text, f.start, self.enc), to_pos(self.text, f.end, self.enc), f.message))
        return sorted(out)


def got(diags) -> list:
    return sorted((str(d.code), (d.range.start.line, d.range.start.character),
                   (d.range.end.line, d.range.end.character), d.message) for d in diags)


class Client(LanguageClient):
    encoding = "utf-16"
    pull = False

    def setup(self):
        self.docs: dict[str, Doc] = {}
        self.published: list[types.PublishDiagnosticsParams] = []
        self.applied_edits: list[types.WorkspaceEdit] = []
        self.changed = asyncio.Event()

    async def pushed(self, uri: str, version: int | None, timeout: float = TIMEOUT, since: int = 0):
        """The diagnostics of the latest push for ``uri`` at ``version`` (any version if None)
        among the pushes received from index ``since`` on, waiting for it if need be."""
        async def wait():
            while True:
                for p in reversed(self.published[since:]):
                    if p.uri == uri and (version is None or p.version == version):
                        return list(p.diagnostics)
                self.changed.clear()
                await self.changed.wait()
        return await asyncio.wait_for(wait(), timeout)


def _publish(client: Client, params: types.PublishDiagnosticsParams):
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.changed.set()


def _apply_edit(client: Client, params: types.ApplyWorkspaceEditParams):
    client.applied_edits.append(params.edit)
    for uri, doc in list(client.docs.items()):
        if edits_for(params.edit, uri):
            doc.apply(params.edit)
    return types.ApplyWorkspaceEditResult(applied=True)


def _register(client: Client, params):
    return None


def make_client(**handlers) -> Client:
    """A client with the test's handlers; ``handlers`` replace the default ones by method."""
    client = Client(converter_factory=default_converter)
    client.setup()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    features.update(handlers)
    register_lsp_features(client, features)
    client.feature(types.WORKSPACE_APPLY_EDIT)(_apply_edit)
    client.feature(types.CLIENT_REGISTER_CAPABILITY)(_register)
    return client


SERVER = [sys.executable, "-m", "gilint", "lsp"]


async def start(lsp_client: Client, profile: str, init_options=None, root: Path | None = None,
                locale: str | None = "zh-cn"):
    caps = client_capabilities(PROFILES[profile])
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, initialization_options=init_options or {"debounce": 10},
        root_uri=root.as_uri() if root else None, locale=locale))   # zh-cn: VS Code in Chinese
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")
    lsp_client.pull = result.capabilities.diagnostic_provider is not None
    return result


@pytest_lsp.fixture(params=sorted(PROFILES), config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: Client, request):
    await start(lsp_client, request.param)
    yield
    await lsp_client.shutdown_session()


# -- the tests -------------------------------------------------------------------------------
async def test_profiles_negotiate_encoding_and_diagnostic_model(client: Client):
    if client.pull:
        assert client.encoding == "utf-8"           # Neovim 0.11 prefers UTF-8 and pulls
    else:
        assert client.encoding == "utf-16"          # VS Code: UTF-16, pushed diagnostics


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
async def test_seed_diagnostics_match_the_engine(client: Client, path: Path):
    doc = Doc(client, path.with_suffix(".txt").as_uri(), path.read_text(encoding="utf-8"))
    diags = await doc.diagnostics()
    assert got(diags) == doc.expected()
    # data: the finding's fix relative to its start (nothing about the version or the offsets)
    data = {}
    for f in lint(doc.text):
        key = (f.code, to_pos(doc.text, f.start, doc.enc), to_pos(doc.text, f.end, doc.enc), f.message)
        data.setdefault(key, []).append(f.fix and {"fix": {
            "edits": [[e.start - f.start, e.end - f.start, e.new_text] for e in f.fix.edits],
            "safe": f.fix.safe, "description": f.fix.description}})
    for d in diags:
        assert d.source == "gilint" and re.fullmatch(r"GI\d{3}", str(d.code))
        assert d.data in data[got([d])[0]]


async def test_gi202_on_line_42_of_003_and_its_quick_fix(client: Client):
    doc = Doc(client, "file:///seeds/003.txt", seed("003"))
    diags = await doc.diagnostics()
    (d,) = [d for d in diags if d.code == "GI202"]
    assert d.range.start.line == 41 and d.severity == types.DiagnosticSeverity.Error
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix])))
    (fix,) = [a for a in actions if a.is_preferred]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.diagnostics[0].code == "GI202"
    before = doc.text
    doc.apply(fix.edit)
    lines = before.splitlines(keepends=True)
    lines[41] = lines[41].replace("2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开")
    assert doc.text == "".join(lines)
    assert "GI202" not in [d.code for d in await doc.diagnostics()]
    # plain text: no suppression comment on offer
    assert not [a for a in actions if a.title.startswith("在此处禁用")]


async def test_quick_fix_only_while_the_diagnostic_is_current(client: Client):
    """The fix a diagnostic carries is offered only if the current analysis has it at the
    diagnostic's range: a diagnostic an edit made stale gets no (wrong) edit."""
    doc = Doc(client, "file:///seeds/003-stale.txt", seed("003"))
    (old,) = [d for d in await doc.diagnostics() if d.code == "GI202"]

    async def quick_fixes(d: types.Diagnostic) -> list[types.CodeAction]:
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
            context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix])))
        return [a for a in actions or [] if a.diagnostics]

    i = doc.text.index("2.其他法律法规禁止公开")
    doc.replace(i, i, "  ")                  # the finding moves two characters right
    (new,) = [d for d in await doc.diagnostics() if d.code == "GI202"]
    assert new.range != old.range and new.data == old.data
    assert await quick_fixes(old) == []      # its fix would now replace "  2.其他法律法规禁止"
    wrong = {"fix": {**new.data["fix"], "edits": [[0, 2, "X"]]}}
    assert await quick_fixes(attrs.evolve(new, data=wrong)) == []
    assert await quick_fixes(attrs.evolve(new, data=None)) == []
    (action,) = await quick_fixes(new)
    (f,) = [f for f in lint(doc.text) if f.code == "GI202"]
    want = apply_edits(doc.text, f.fix.edits)
    doc.apply(action.edit)
    assert doc.text == want


async def test_positions_after_cjk_emoji_and_extension_b(client: Client):
    text = seed("004")
    at = text.index("[bookmark: _GoBack]")
    prefix = "😀𠀀汉字"
    text = text[:at] + prefix + text[at:]
    doc = Doc(client, "file:///seeds/004-astral.txt", text)
    diags = await doc.diagnostics()
    assert got(diags) == doc.expected()
    (d,) = [d for d in diags if d.code == "GI502"]
    line, col = to_pos(text, at, doc.enc)
    extra = {"utf-16": 2 + 2 + 1 + 1, "utf-8": 4 + 4 + 3 + 3}[doc.enc]
    assert (d.range.start.line, d.range.start.character) == (line, col + extra)
    assert d.range.end.character - d.range.start.character == len("[bookmark: _GoBack]")


async def test_crlf_and_form_feeds_follow_lsp_lines(client: Client):
    text = seed("003").replace("\n", "\r\n")
    text = text.replace("（一）", "\f（一）", 1)           # a pdftotext page break
    doc = Doc(client, "file:///seeds/003-crlf.txt", text)
    assert got(await doc.diagnostics()) == doc.expected()
    # an edit after the form feed lands where the client meant it
    i = doc.text.index("2.其他法律法规禁止公开")
    doc.replace(i, i, "X")
    doc.replace(i, i + 1, "")
    assert got(await doc.diagnostics()) == doc.expected()


async def test_typing_creates_a_defect(client: Client):
    doc = Doc(client, "file:///seeds/000.txt", seed("000"))
    await doc.diagnostics()
    at = doc.text.index("\n", doc.text.index("一、总体情况")) + 1
    for ch in "[bookmark: _GoBack]":
        doc.replace(at, at, ch)
        at += 1
    diags = await doc.diagnostics()
    assert "GI502" in [d.code for d in diags]
    assert got(diags) == doc.expected()
    # and delete it again, character by character from the end
    for _ in range(len("[bookmark: _GoBack]")):
        doc.replace(at - 1, at, "")
        at -= 1
    diags = await doc.diagnostics()
    assert "GI502" not in [d.code for d in diags]
    assert got(diags) == doc.expected()


async def test_fix_all_code_action_and_command(client: Client):
    text = seed("001")                                   # four GI104 with safe fixes
    doc = Doc(client, "file:///seeds/001.txt", text)
    diags = await doc.diagnostics()
    want = apply_fixes(text, lint(text))[0]            # one pass of safe fixes, as the CLI
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=diags[0].range,
        context=types.CodeActionContext(diagnostics=diags, only=[types.CodeActionKind.SourceFixAll])))
    assert [a.kind for a in actions] == ["source.fixAll.gilint"]
    doc.apply(actions[0].edit)
    assert doc.text == want
    assert not [f for f in lint(doc.text) if f.fix and f.fix.safe]

    # the same through the command (the server asks the client to apply the edit)
    doc2 = Doc(client, "file:///seeds/001-b.txt", text)
    await doc2.diagnostics()
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="gilint.fixAll", arguments=[{"uri": doc2.uri, "version": doc2.version}]))
    assert result == {"applied": True, "fixes": 4}
    assert doc2.text == fix_text(text).text == want


async def test_fix_all_of_one_code_offered_with_the_quick_fix(client: Client):
    doc = Doc(client, "file:///seeds/001-c.txt", seed("001"))
    diags = await doc.diagnostics()
    d = diags[0]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    titles = [a.title for a in actions]
    assert "修复本文件中所有 GI104" in titles
    assert any(a.kind == "source.fixAll.gilint" for a in actions)   # no `only`: offered too
    everything = next(a for a in actions if a.title == "修复本文件中所有 GI104")
    doc.apply(everything.edit)
    assert not [x for x in await doc.diagnostics() if x.code == "GI104"]


async def test_markdown_suppression_comment(client: Client):
    doc = Doc(client, "file:///seeds/003.md", seed("003"), language="markdown")
    diags = await doc.diagnostics()
    (d,) = [d for d in diags if d.code == "GI202"]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    (sup,) = [a for a in actions if a.title == "在此处禁用 GI202"]
    before = doc.text.splitlines(keepends=True)
    doc.apply(sup.edit)
    after = doc.text.splitlines(keepends=True)
    assert after[41] == "<!-- gilint-disable-next-line GI202 理由： -->\n"
    assert after[:41] + after[42:] == before
    # the engine takes it: without a reason the comment itself is reported, with one GI202 goes
    codes = [d.code for d in await doc.diagnostics()]
    assert "GI202" not in codes or "GI005" in codes
    i = doc.text.index("理由： -->") + len("理由：")
    doc.replace(i, i, "经县政务公开办同意")
    codes = [d.code for d in await doc.diagnostics()]
    assert "GI202" not in codes and "GI005" not in codes


async def test_hover_shows_rule_documentation(client: Client):
    from gilint.checks.registry import all_rules
    doc = Doc(client, "file:///seeds/003-hover.txt", seed("003"))
    (d,) = [d for d in await doc.diagnostics() if d.code == "GI202"]
    h = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=d.range.start))
    assert h.contents.kind == types.MarkupKind.Markdown
    assert all_rules()["GI202"].documentation("zh").strip()[:200] in h.contents.value
    assert h.range == d.range
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc.uri), position=types.Position(0, 0)))
    assert nothing is None
    text = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="gilint.ruleDoc", arguments=["GI202"]))
    assert all_rules()["GI202"].documentation("zh").strip() in text


@pytest.mark.parametrize("locale", ["zh-cn", "en"])
async def test_hover_speaks_the_clients_language(locale: str):
    """The documentation, severity and fix in the hover follow the client's ``locale``
    (VS Code sends its display language); the finding's own message is Chinese in both."""
    from gilint.checks.registry import all_rules
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode", locale=locale)
        doc = Doc(client, "file:///seeds/003-hover.txt", seed("003"))
        (d,) = [d for d in await doc.diagnostics() if d.code == "GI202"]
        assert re.search(r"[\u4e00-\u9fff]", d.message)
        h = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=d.range.start)), TIMEOUT)
        md = h.contents.value
        if locale == "zh-cn":
            assert "\n\n**GI202** `row-label` · 错误 · 修复：安全\n\n" in md
            assert "## 作用" in md and "## 依据" in md and "## What it does" not in md
            assert all_rules()["GI202"].documentation("zh") in md
        else:
            assert "\n\n**GI202** `row-label` · error · fix: safe\n\n" in md
            assert "## What it does" in md and "## 作用" not in md
            assert all_rules()["GI202"].documentation("en") in md
    finally:
        await finish(client)


async def test_not_a_report_is_silent_and_close_clears(client: Client):
    doc = Doc(client, "file:///notes/todo.txt", "买菜\n给老王回电话\n")
    assert await doc.diagnostics() == []
    rep = Doc(client, "file:///seeds/000-close.txt", seed("000"))
    assert await rep.diagnostics()
    n = len(client.published)
    rep.close()
    if client.pull:
        assert await rep.diagnostics() == []
    else:
        assert await client.pushed(rep.uri, None, since=n) == []


async def test_settings_change_filters_severities(client: Client):
    doc = Doc(client, "file:///seeds/002.txt", seed("002"))
    assert {d.severity for d in await doc.diagnostics()} >= {types.DiagnosticSeverity.Error,
                                                              types.DiagnosticSeverity.Warning}
    client.set_configuration({"severities": ["error"]}, section="gilint")
    n = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    if client.pull:
        await asyncio.sleep(0.3)
        diags = await doc.diagnostics()
    else:
        async def next_push():
            while not [p for p in client.published[n:] if p.uri == doc.uri]:
                client.changed.clear()
                await client.changed.wait()
            return list([p for p in client.published[n:] if p.uri == doc.uri][-1].diagnostics)
        diags = await asyncio.wait_for(next_push(), TIMEOUT)
    assert diags and {d.severity for d in diags} == {types.DiagnosticSeverity.Error}
    assert got(diags) == doc.expected(severities=("error",))


async def test_errors_are_json_rpc_errors_and_the_server_survives(client: Client):
    from pygls.exceptions import JsonRpcInvalidParams, JsonRpcMethodNotFound
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command="gilint.ruleDoc", arguments=[]))
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command="gilint.ruleDoc", arguments=["GI999"]))
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("gilint/noSuchMethod", {})
    doc = Doc(client, "file:///seeds/003-alive.txt", seed("003"))
    assert got(await doc.diagnostics()) == doc.expected()


# -- configuration files (one profile each; they start their own servers) --------------------
async def finish(client: Client) -> None:
    """Shut the server down politely, or kill it (``stop()`` alone waits for it forever)."""
    try:
        if client.error is None:
            await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    except Exception:
        pass
    if client._server is not None and client._server.returncode is None:
        client._server.kill()
    await client.stop()


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize("profile", sorted(PROFILES))
async def test_gilint_toml_reload_and_broken_config(profile, tmp_path: Path):
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, profile, root=tmp_path)
        report = tmp_path / "report.txt"
        report.write_text(seed("000"), encoding="utf-8")
        toml = tmp_path / "gilint.toml"
        doc = Doc(client, report.as_uri(), seed("000"))
        assert [d.code for d in await doc.diagnostics()] == ["GI501"]

        async def changed_then_diagnostics():
            n = len(client.published)
            client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
                types.FileEvent(uri=toml.as_uri(), type=types.FileChangeType.Changed)]))
            if client.pull:
                await asyncio.sleep(0.3)
                return await doc.diagnostics()
            while not [p for p in client.published[n:] if p.uri == doc.uri]:
                client.changed.clear()
                await asyncio.wait_for(client.changed.wait(), TIMEOUT)
            return list([p for p in client.published[n:] if p.uri == doc.uri][-1].diagnostics)

        write(toml, """
            [rules.GI501]
            enabled = false
        """)
        assert await changed_then_diagnostics() == []
        write(toml, "[rules.GI501\nenabled = \n")                 # broken: keep the last good one
        assert await changed_then_diagnostics() == []
        assert await changed_then_diagnostics() == []            # reported once, not twice
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert len(errors) == 1 and "gilint.toml" in errors[0].message
        toml.unlink()
        assert [d.code for d in await changed_then_diagnostics()] == ["GI501"]
    finally:
        await finish(client)


BROKEN_RULE = '''
from gilint.checks.base import Rule
from gilint.checks.registry import register

@register
class Exploding(Rule):
    """A rule that always fails (test only)."""
    code, name, severity, scope = "GI999", "exploding", "error", "section"

    def check_section(self, section):
        raise RuntimeError("boom")
'''


async def test_a_failing_rule_is_logged_once_and_skipped(tmp_path: Path):
    (tmp_path / "exploding_rule.py").write_text(BROKEN_RULE, encoding="utf-8")
    client = make_client()
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    await client.start_io(sys.executable, "-c",
                          "import exploding_rule, sys; from gilint.lsp import main; sys.exit(main([]))",
                          env=env)
    try:
        await start(client, "vscode")
        docs = [Doc(client, f"file:///seeds/{i}.txt", seed("001")) for i in range(2)]
        for doc in docs:
            assert got(await doc.diagnostics()) == doc.expected()
        docs[0].replace(0, 0, "x")
        assert got(await docs[0].diagnostics()) == docs[0].expected()
        logged = [m for m in client.log_messages if "GI999" in m.message]
        assert len(logged) == 1 and logged[0].type == types.MessageType.Error
    finally:
        await finish(client)


async def test_malformed_request_gets_a_json_rpc_error_over_raw_stdio():
    """A request whose params do not fit the protocol is answered with -32602 (pygls alone
    would leave it unanswered); the server carries on."""
    import json
    p = await asyncio.create_subprocess_exec(*SERVER, stdin=asyncio.subprocess.PIPE,
                                             stdout=asyncio.subprocess.PIPE)

    def send(obj):
        body = json.dumps(obj).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def recv(want_id):
        while True:
            length = None
            while True:
                line = await p.stdout.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(await p.stdout.readexactly(length))
            if msg.get("id") == want_id:
                return msg

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        assert "result" in await asyncio.wait_for(recv(1), TIMEOUT)
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
              "params": {"textDocument": 5, "position": {"line": "a"}}})
        assert (await asyncio.wait_for(recv(2), TIMEOUT))["error"]["code"] == -32602
        send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": "file:///x.txt"}, "position": {"line": 0, "character": 0}}})
        assert (await asyncio.wait_for(recv(3), TIMEOUT)) == {"jsonrpc": "2.0", "id": 3, "result": None}
        send({"jsonrpc": "2.0", "id": 4, "method": "shutdown"})
        await asyncio.wait_for(recv(4), TIMEOUT)
        send({"jsonrpc": "2.0", "method": "exit"})
        assert await asyncio.wait_for(p.wait(), TIMEOUT) == 0
    finally:
        if p.returncode is None:
            p.kill()
            await p.wait()


async def test_push_debounce_coalesces_and_on_save_waits_for_save():
    """VS Code profile (push): a burst of keystrokes within the debounce gives one push, for
    the last version; with run=onSave nothing is pushed until didSave."""
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode", init_options={"debounce": 300})
        doc = Doc(client, "file:///seeds/000-burst.txt", seed("000"))
        await client.pushed(doc.uri, 1)                  # opening is not debounced
        n = len(client.published)
        at = doc.text.index("\n") + 1
        for ch in "[bookmark: _GoBack]":
            doc.replace(at, at, ch)
            at += 1
        assert "GI502" in [d.code for d in await client.pushed(doc.uri, doc.version)]
        await asyncio.sleep(0.4)
        assert [p.version for p in client.published[n:] if p.uri == doc.uri] == [doc.version]
    finally:
        await finish(client)

    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode", init_options={"run": "onSave", "debounce": 0})
        doc = Doc(client, "file:///seeds/000-save.txt", seed("000"))
        await client.pushed(doc.uri, 1)
        n = len(client.published)
        at = doc.text.index("\n") + 1
        doc.replace(at, at, "[bookmark: _GoBack]")
        await asyncio.sleep(0.3)
        assert not [p for p in client.published[n:] if p.uri == doc.uri]
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri)))
        assert got(await client.pushed(doc.uri, doc.version)) == doc.expected()
    finally:
        await finish(client)



async def test_each_folder_may_have_its_own_settings(client: Client):
    """VS Code resolves settings per resource (a folder's .vscode/settings.json): the server asks
    for each document's own and filters its diagnostics with them."""
    client.set_configuration({"severities": ["error", "warning", "info"]}, section="gilint")
    client.set_configuration({"severities": ["error"]}, section="gilint", scope_uri="file:///strict/")
    loose = Doc(client, "file:///loose/002.txt", seed("002"))
    strict = Doc(client, "file:///strict/002.txt", seed("002"))
    assert got(await loose.diagnostics()) == loose.expected()
    assert {d.severity for d in await loose.diagnostics()} >= {types.DiagnosticSeverity.Warning}
    assert got(await strict.diagnostics()) == strict.expected(severities=("error",))
    # a change of the folder's settings reaches its documents only
    client.set_configuration({"severities": ["warning"]}, section="gilint", scope_uri="file:///strict/")
    n = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    if client.pull:
        await asyncio.sleep(0.3)
    else:
        await client.pushed(strict.uri, None, since=n)
    assert got(await strict.diagnostics()) == strict.expected(severities=("warning",))
    assert got(await loose.diagnostics()) == loose.expected()


async def test_a_packs_own_rule_is_reported_hovered_and_documented(tmp_path: Path):
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode", root=tmp_path, locale="en")
        write(tmp_path / "gilint.toml", """
            prefix = "XQ"

            [rules.XQ101]
            kind = "forbidden"
            name = "vague-etc"
            description = "列举之后用“等”，公文中不用“等等”。"
            message = "“等等”改为“等”"
            phrases = ["等等"]
            severity = "error"
        """)
        text = seed("000").replace("。", "等等。", 1)
        report = tmp_path / "report.txt"
        report.write_text(text, encoding="utf-8")
        doc = Doc(client, report.as_uri(), text)
        diags = [d for d in await doc.diagnostics() if d.code == "XQ101"]
        assert len(diags) == 1 and diags[0].severity == types.DiagnosticSeverity.Error
        hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.uri), position=diags[0].range.start)), TIMEOUT)
        assert "**XQ101** `vague-etc` · error" in hover.contents.value
        assert "kind `forbidden`" in hover.contents.value
        md = await asyncio.wait_for(client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="gilint.ruleDoc", arguments=["XQ101"])), TIMEOUT)
        assert md.startswith("**XQ101** `vague-etc` · error") and "列举之后用“等”" in md
    finally:
        await finish(client)


async def test_a_waiver_file_named_in_gilint_toml_hides_what_it_accepts(tmp_path: Path):
    from gilint.cli import main
    report = tmp_path / "report.txt"
    report.write_text(seed("000"), encoding="utf-8")             # one GI501
    assert main(["baseline", str(report), "--reason", "经县政务公开办同意", "-o",
                 str(tmp_path / "waivers.toml")]) == 0
    write(tmp_path / "gilint.toml", 'baseline = "waivers.toml"\n')
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode", root=tmp_path)
        doc = Doc(client, report.as_uri(), seed("000"))
        assert await doc.diagnostics() == []                     # as `gilint check` says
        at = doc.text.index("。") + 1
        doc.replace(at, at, "加强政务公开，加强政务公开。")            # a new finding is shown
        assert [d.code for d in await doc.diagnostics()] == ["GI501"]
    finally:
        await finish(client)


async def test_a_client_that_never_answers_for_settings_does_not_hold_back_diagnostics():
    release = asyncio.Event()

    async def too_late(params):       # answers (no settings) only when released
        await release.wait()
        return [None] * len(params.items)

    client = make_client(**{types.WORKSPACE_CONFIGURATION: too_late})
    await client.start_io(*SERVER)
    try:
        await start(client, "vscode")
        doc = Doc(client, "file:///seeds/000.txt", seed("000"))
        assert got(await doc.diagnostics()) == doc.expected()      # after the server's timeout
        release.set()                     # the reply comes at last: the server takes it quietly
        await asyncio.sleep(0.5)
        assert not [m for m in client.messages if m.type == types.MessageType.Error]
    finally:
        release.set()
        await asyncio.sleep(0.1)
        await finish(client)
