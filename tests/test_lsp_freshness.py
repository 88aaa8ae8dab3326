"""Configuration freshness without the client's help (pytest-lsp; ``gilint.lsp.freshness``).

The clients here are Neovim 0.11 on Linux as it is: no ``workspace/didChangeWatchedFiles``
(neither the capability nor a single event) and no ``workspace/diagnostic/refresh``. A changed
``gilint.toml``, pack of the ``extends`` chain, nearer ``gilint.toml`` or waiver file must still be
seen on the next analysis: the next pull, or the push after the next edit.
"""
from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import client_capabilities  # noqa: E402

from test_lsp import (PROFILES, SERVER, TIMEOUT, Client, Doc, finish, make_client,  # noqa: E402
                      seed, write)

pytestmark = pytest.mark.asyncio


async def start_unwatched(client: Client, profile: str, root: Path) -> None:
    """Initialise with ``profile``'s capabilities minus file watching and diagnostic refresh."""
    caps = client_capabilities(PROFILES[profile])
    caps.workspace.did_change_watched_files = types.DidChangeWatchedFilesClientCapabilities(
        dynamic_registration=False)
    caps.workspace.diagnostics = None
    result = await client.initialize_session(types.InitializeParams(
        capabilities=caps, initialization_options={"debounce": 10}, root_uri=root.as_uri()))
    client.encoding = str(result.capabilities.position_encoding or "utf-16")
    client.pull = result.capabilities.diagnostic_provider is not None


@contextlib.asynccontextmanager
async def report_open(profile: str, folder: Path, gilint_toml: str):
    """A server for an unwatched ``profile`` client with seed 000 open as ``folder/report.txt``
    beside a gilint.toml of ``gilint_toml``: yields (client, document)."""
    report = folder / "report.txt"
    report.write_text(seed("000"), encoding="utf-8")
    write(folder / "gilint.toml", gilint_toml)
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start_unwatched(client, profile, folder)
        yield client, Doc(client, report.as_uri(), seed("000"))
    finally:
        await finish(client)


def codes(diags) -> list[tuple[str, types.DiagnosticSeverity]]:
    return sorted((str(d.code), d.severity) for d in diags)


WARNING, ERROR = types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Error


@pytest.mark.parametrize("profile", sorted(PROFILES))
async def test_changed_configuration_files_are_seen_without_watched_file_events(profile, tmp_path: Path):
    from gilint.cli import main
    county = tmp_path / "county"
    county.mkdir()
    report, other = county / "report.txt", county / "other.txt"
    for f in (report, other):
        f.write_text(seed("000"), encoding="utf-8")             # one GI501 (a warning)
    client = make_client()
    await client.start_io(*SERVER)
    try:
        await start_unwatched(client, profile, tmp_path)
        doc = Doc(client, report.as_uri(), seed("000"))
        second = Doc(client, other.as_uri(), seed("000"))
        assert codes(await doc.diagnostics()) == [("GI501", WARNING)]
        assert codes(await second.diagnostics()) == [("GI501", WARNING)]

        async def next_analysis(d: Doc = doc):
            """The diagnostics of ``d``'s next analysis: pulled as it is, or pushed after an
            edit that leaves the text as it was (only the version moves on)."""
            if not client.pull:
                d.replace(0, 1, d.text[0])
            return await d.diagnostics()

        # A gilint.toml above the documents that extends a pack: both files count.
        write(tmp_path / "gilint.toml", 'extends = ["packs/county.toml"]\n')
        (tmp_path / "packs").mkdir()
        write(tmp_path / "packs" / "county.toml", '[rules.GI501]\nseverity = "error"\n')
        n = len(client.published)
        assert codes(await next_analysis()) == [("GI501", ERROR)]
        if not client.pull:   # the other open document is pushed again without an edit of its own
            assert codes(await client.pushed(second.uri, 1, since=n)) == [("GI501", ERROR)]
        else:
            assert codes(await second.diagnostics()) == [("GI501", ERROR)]

        write(tmp_path / "packs" / "county.toml", "[rules.GI501]\nenabled = false\n")   # the pack
        assert codes(await next_analysis()) == []

        # A gilint.toml nearer the documents now applies (the national pack alone) ...
        write(county / "gilint.toml", "[report]\n")
        assert codes(await next_analysis()) == [("GI501", WARNING)]
        # ... with a waiver file that accepts the finding, then one that accepts nothing.
        assert main(["baseline", str(report), "--reason", "经县政务公开办同意",
                     "-o", str(county / "waivers.toml")]) == 0
        write(county / "gilint.toml", 'baseline = "waivers.toml"\n')
        assert codes(await next_analysis()) == []
        waivers = (county / "waivers.toml").read_text(encoding="utf-8")
        assert 'path = "report.txt"' in waivers
        write(county / "waivers.toml", waivers.replace('path = "report.txt"', 'path = "other.txt"'))
        assert codes(await next_analysis()) == [("GI501", WARNING)]
        assert codes(await next_analysis(second)) == []

        # A broken file keeps the last good configuration and is reported once.
        write(county / "gilint.toml", "[rules.GI501\nenabled = \n")
        assert codes(await next_analysis()) == [("GI501", WARNING)]
        assert codes(await next_analysis()) == [("GI501", WARNING)]
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert len(errors) == 1 and "gilint.toml" in errors[0].message, errors
        # Removing it: the gilint.toml above applies again.
        (county / "gilint.toml").unlink()
        assert codes(await next_analysis()) == []
    finally:
        await finish(client)


async def test_an_unchanged_configuration_costs_no_reanalysis(tmp_path: Path):
    """Without a change on disk a pull for an unchanged document is answered 'unchanged'."""
    async with report_open("neovim", tmp_path, "[report]\n") as (client, doc):
        ident = types.TextDocumentIdentifier(uri=doc.uri)
        first = await asyncio.wait_for(client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=ident)), TIMEOUT)
        again = await asyncio.wait_for(client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=ident, previous_result_id=first.result_id)), TIMEOUT)
        assert again.kind == "unchanged"
        write(tmp_path / "gilint.toml", "[rules.GI501]\nenabled = false\n")
        third = await asyncio.wait_for(client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=ident, previous_result_id=first.result_id)), TIMEOUT)
        assert third.kind == "full" and list(third.items) == []


@pytest.mark.parametrize("profile", sorted(PROFILES))
async def test_a_pack_created_after_the_gilint_toml_naming_it(profile, tmp_path: Path):
    """``extends`` names a pack that does not exist yet: an error (once), the national pack
    meanwhile; once the pack is written, a later analysis uses it, gilint.toml untouched."""
    from gilint.lsp.configs import RETRY_BROKEN
    async with report_open(profile, tmp_path, 'extends = ["packs/county.toml"]\n') as (client, doc):
        assert codes(await doc.diagnostics()) == [("GI501", WARNING)]
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert len(errors) == 1 and "packs/county.toml" in errors[0].message, errors
        (tmp_path / "packs").mkdir()
        write(tmp_path / "packs" / "county.toml", "[rules.GI501]\nenabled = false\n")
        await asyncio.sleep(RETRY_BROKEN + 0.1)
        if not client.pull:
            doc.replace(0, 1, doc.text[0])
        assert codes(await doc.diagnostics()) == []
        assert len([m for m in client.messages if m.type == types.MessageType.Error]) == 1


async def test_a_pull_is_unchanged_while_edits_change_no_diagnostic(tmp_path: Path):
    """A pull naming the last report (``previousResultId``, as VS Code and Neovim send it) is
    answered 'unchanged' after edits that leave every diagnostic as it was, at any version;
    an edit that moves one gets the full report again."""
    async with report_open("neovim", tmp_path, "[report]\n") as (client, doc):
        ident = types.TextDocumentIdentifier(uri=doc.uri)

        async def pull(previous=None):
            return await asyncio.wait_for(client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=ident, previous_result_id=previous)), TIMEOUT)

        first = await pull()
        assert first.kind == "full" and codes(first.items) == [("GI501", WARNING)]
        at = doc.text.index("\n六、其他需要报告的事项")    # a paragraph's end, far below it
        doc.replace(at, at, "县")
        second = await pull(first.result_id)
        assert second.kind == "unchanged" and second.result_id == first.result_id
        line = doc.text.index("\n", doc.text.index("\n") + 1)   # a line more above it
        doc.replace(line, line, "\n")
        third = await pull(first.result_id)
        assert third.kind == "full" and third.result_id != first.result_id
        assert [(d.code, d.range.start.line) for d in third.items] == \
               [(d.code, d.range.start.line + 1) for d in first.items]
        assert (await pull(third.result_id)).kind == "unchanged"
        assert (await pull(first.result_id)).kind == "full"     # an older report: all again
        again = await pull()                                     # no report: all again
        assert again.kind == "full" and again.items == third.items
