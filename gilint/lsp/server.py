"""The gilint language server (pygls 2.1): protocol ↔ engine, nothing else.

- Incremental sync; one ``Analyzer`` per open document, kept across edits, so re-analysis after
  a keystroke reuses the sections the edit did not touch.
- Diagnostics: pulled (``textDocument/diagnostic``) when the client can, else pushed after a
  debounce (``run: onType``) or on save (``run: onSave``); pushed results carry the document
  version, stale ones are dropped, a closed document is cleared. GI002 (not a report) and
  suppressed findings are not shown. Each diagnostic's ``data`` holds its fix relative to the
  finding's start (``gilint.lsp.fixes``): nothing in a diagnostic depends on the document
  version, so one whose range, message and fix an edit did not change is the same object again,
  and its JSON is cached (``gilint.lsp.wire``): after a keystroke only the diagnostics it
  changed are converted and serialised anew. A pull whose ``previousResultId`` names a report
  showing the very same diagnostics is answered 'unchanged', whatever the version.
- Code actions: a quick fix per fixable diagnostic (safe ones preferred), built from its
  ``data`` without re-linting but only while the current analysis still has that fix at the
  diagnostic's range (a stale diagnostic gets none; one echoed with its columns in other units,
  as older clients do, is matched by its ``data`` on its line); fix all of one code,
  ``source.fixAll.gilint`` (safe fixes), and in Markdown a ``gilint-disable-next-line`` comment.
- Hover: the rule's documentation. Commands ``gilint.fixAll`` and ``gilint.ruleDoc``.
- Configuration: the nearest ``gilint.toml`` (see ``gilint.lsp.configs``), reloaded when one
  of the files it was built from changes on disk (a stat signature compared before each
  analysis, ``gilint.lsp.freshness``: no client need watch files), when a watched ``*.toml``
  changes or the client's settings change; a broken file keeps the last good
  configuration and is reported once with ``window/showMessage``. Editor settings
  (``gilint.lsp.settings``) come from initializationOptions and ``workspace/configuration``,
  asked for each document's URI: in a multi-root workspace each folder may set its own.

Nothing is ever written to stdout except protocol messages: logging goes to stderr and, for
gilint's own warnings (a rule that failed), to ``window/logMessage``.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import operator
import sys
import time
from dataclasses import dataclass, field
from threading import Event
from typing import Optional

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import default_converter
from pygls.uris import to_fs_path

from gilint import __version__
from gilint.baseline import cached_baseline
from gilint.checks.registry import all_rules
from gilint.config import Config
from gilint.engine import Analyzer, find_rule, rule_doc
from gilint.findings import Edit, Finding, Fix
import gilint.lsp.wire as wire
from gilint.grouping import group, related
from gilint.i18n import gettext as _, log_message, set_language
from gilint.lsp.configs import ConfigResolver
from gilint.fixes import edits_of, fix_text, pass_edits
from gilint.lsp.document import GilintTextDocument, GilintWorkspace, to_range
from gilint.lsp.framing import serve_stdio, widen_pipe
from gilint.lsp.pygls_adapter import AdaptedProtocol
from gilint.lsp.fixes import fix_from_data, fix_to_data, is_markdown, suppression_edit
from gilint.lsp.settings import Settings
from gilint.lsp.text import columns_in_any_unit
from gilint.packs import default_config
from gilint.tomlload import ConfigError

log = logging.getLogger("gilint.lsp")

SOURCE = "gilint"
FIX_ALL_KIND = "source.fixAll.gilint"
CMD_FIX_ALL = "gilint.fixAll"
CMD_RULE_DOC = "gilint.ruleDoc"
SEVERITY = {"error": types.DiagnosticSeverity.Error,
            "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
LANGUAGES = {"plaintext", "markdown", "text", "txt"}
SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd")
HIDDEN_CODES = {code for code, rule in all_rules().items() if getattr(rule, "hidden_in_editor", False)}
# Garbage collection: with a 1 MB report open, the analyzer's caches hold ~10^5 objects and a
# full collection takes ~60 ms; with the default thresholds one ran every ~20 keystrokes (the
# p95 latency). The server collects young objects less often and does the full collections when
# the user has stopped typing (IDLE_GC_SECONDS after the last change).
GC_THRESHOLDS = (10_000, 50, 100)
# Seconds to wait for the client's settings (didOpen waits for a document's own before its
# first diagnostics; a client that never answers must not keep them back).
CONFIGURATION_TIMEOUT = 2.0
IDLE_GC_SECONDS = 5.0


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


@dataclass
class DocState:
    """What the server keeps for one open document."""
    uri: str
    path: Optional[str]
    config: Config
    analyzer: Analyzer
    # the last analysis: document version, text, server generation it was made for
    version: Optional[int] = None
    text: Optional[str] = None
    generation: int = -1
    raw: list = field(default_factory=list)           # everything the engine reported
    findings: list = field(default_factory=list)      # shown findings (filtered)
    diagnostics: list = field(default_factory=list)   # the same, as LSP diagnostics
    keyed: dict = field(default_factory=dict)          # diagnostic key → Diagnostic (to_diagnostics)
    same: dict = field(default_factory=dict)           # id(finding) → (finding, key, Diagnostic)
    task: Optional[asyncio.Task] = None                # pending debounced publication
    published_version: Optional[int] = None
    reported: Optional[tuple] = None                   # (result id, diagnostics) last pulled in full
    lint_ms: float = 0.0
    positions: dict = field(default_factory=dict)      # offset → (line, character), last analysis
    # the client's settings for this document (a folder may have its own); ``epoch`` counts
    # their changes, ``ready`` is the pending request for them after didOpen
    settings: Settings = field(default_factory=Settings)
    epoch: int = 0
    analysed_epoch: int = -1
    ready: Optional[asyncio.Future] = None


# -- conversions -------------------------------------------------------------------------
def to_diagnostics(doc: GilintTextDocument, findings: list[Finding], previous: dict,
                   memo: dict, same: dict | None = None,
                   last: list | None = None) -> tuple[list[types.Diagnostic], dict, dict]:
    """The LSP diagnostics of ``findings``, the map key → diagnostic and the map id(finding) →
    (finding, key, diagnostic) for the next call. The key is everything a diagnostic shows
    (code, severity, message, client range, fix relative to the start): a finding whose key is
    in ``previous`` gets that very object again, and so does, without its key being made, the
    very Finding object of an earlier call (``same``: the engine gives a line's findings again
    where the line did not move) if ``memo`` still has its offsets at the same positions.
    ``memo`` maps offsets to the client positions still valid; it learns the others. The two
    maps are those given, kept from call to call: a keystroke adds what it made and drops what
    it did not show again (no key of a diagnostic shown again is hashed anew). The diagnostics are
    a ``wire.Diagnostics`` list: ``last`` (the last call's) itself where they are the very same
    objects (its JSON is then written again as it is)."""
    same = {} if same is None else same
    reused = [None] * len(findings)
    todo = set()
    for i, f in enumerate(findings):
        folded = f.extra.get("related") if f.extra else None   # (related(f), without a copy)
        if folded:
            todo.update(o for g in (f, *folded) for o in (g.start, g.end))
            continue
        hit = same.get(id(f))
        if (hit is not None and hit[0] is f                       # and where it was (its key's)
                and memo.get(f.start) == hit[1][3] and memo.get(f.end) == hit[1][4]):
            reused[i] = hit
        elif f.start not in memo or f.end not in memo:
            todo.update((f.start, f.end))
    todo = list(todo.difference(memo))
    memo.update(zip(todo, doc.line_map.positions(doc.position_codec, todo)))
    if None in reused:
        i = reused.index(None)
        while True:
            f = findings[i]
            start, end = memo[f.start], memo[f.end]
            folded = f.extra.get("related") if f.extra else None
            folded = tuple((g.code, g.message, memo[g.start], memo[g.end]) for g in folded) if folded else ()
            key = (f.code, f.severity, f.message, start, end, _relative_fix(f), folded)
            d = previous.get(key)
            if d is None:
                fix = f.fix.shifted(-f.start) if f.fix else None
                d = previous[key] = types.Diagnostic(
                    range=to_range(start, end), message=f.message, code=f.code, source=SOURCE,
                    severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
                    data=fix_to_data(fix) if fix else None,
                    related_information=[types.DiagnosticRelatedInformation(
                        location=types.Location(uri=doc.uri, range=to_range(a, b)),
                        message=f"{code} {message}") for code, message, a, b in folded] or None)
            reused[i] = same[id(f)] = (f, key, d)
            try:
                i = reused.index(None, i + 1)
            except ValueError:
                break
    out = list(map(_DIAGNOSTIC, reused))
    live = set(map(id, reused))
    if len(same) > len(live):   # (diagnostics no longer shown are forgotten, and so is their JSON)
        stale = [hit for hit in same.values() if id(hit) not in live]
        same = {id(hit[0]): hit for hit in reused}
        shown = set(map(id, out))   # (a stale finding's diagnostic may be shown for another)
        for _, key, d in stale:
            if id(d) not in shown and previous.get(key) is d:
                del previous[key]
    if type(last) is wire.Diagnostics and len(last) == len(out) and all(map(operator.is_, last, out)):
        return last, previous, same
    return wire.Diagnostics(out), previous, same


_DIAGNOSTIC = operator.itemgetter(2)


def _relative_fix(f: Finding) -> Optional[tuple]:
    """The finding's fix relative to its start, as plain tuples (a key: cheaper to make than
    the shifted Fix, which only a new diagnostic needs)."""
    fix = f.fix
    if fix is None:
        return None
    s = f.start
    return tuple([(e.start - s, e.end - s, e.new_text) for e in fix.edits]), fix.safe, fix.description


def rule_markdown(code: str, configs=()) -> Optional[str]:
    """A rule's documentation (``gilint.engine.find_rule`` / ``rule_doc``): a national rule, or
    one the packs of ``configs`` declare (with the severity the first of them gives it)."""
    configs = list(configs)
    cls = find_rule(code, configs)
    if cls is None:
        return None
    return rule_doc(cls, next(iter(configs), None), markdown_header=False)


def echoed_in_other_units(doc: GilintTextDocument, findings: list[Finding],
                          d: types.Diagnostic) -> Optional[Fix]:
    """The fix of the finding ``d`` stands for when its range cannot be trusted: an older client
    echoes a diagnostic with byte (or other) columns instead of the negotiated ones. ``d`` is
    matched by its ``data`` — code and the fix relative to the finding's start — on the same
    line (lines are the same in every encoding), with its start column that of the finding in
    one of the LSP encodings; a diagnostic an edit moved gets none. The fix comes from the
    current analysis, never from ``d``'s range."""
    relative = fix_from_data(d.data, 0)
    if relative is None:
        return None
    line, character, code = d.range.start.line, d.range.start.character, str(d.code)
    for f in findings:
        if f.code != code or f.fix is None or f.fix.shifted(-f.start) != relative:
            continue
        f_line, _ = doc.line_map.line_col(f.start)
        if f_line == line:
            line_start = doc.line_map.line_bounds(line)[0]
            if character in columns_in_any_unit(doc.line_map.text[line_start:f.start]):
                return f.fix
    return None


def kind_wanted(kind: str, only) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)


# -- logging to the client -----------------------------------------------------------------
class _ClientLogHandler(logging.Handler):
    """Forwards gilint's warnings (e.g. "rule GI… failed and was skipped") to
    window/logMessage, each distinct message once."""

    def __init__(self, server: "GilintServer"):
        super().__init__(logging.WARNING)
        self.server = server
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = log_message(record)   # in the client's language where gilint's own
            if msg in self.seen or self.server.protocol.writer is None:
                return
            self.seen.add(msg)
            kind = types.MessageType.Error if record.levelno >= logging.ERROR else types.MessageType.Warning
            self.server.window_log_message(types.LogMessageParams(type=kind, message=f"gilint: {msg}"))
        except Exception:  # never let logging take the server down
            pass


_ANSWERED = object()


class GilintProtocol(AdaptedProtocol):
    """pygls 2.1 does not answer a request whose params do not deserialise (it shows "Error in
    server" to the user and the client waits forever); JSON-RPC requires an error response.
    Nor does it keep the lifecycle: a request before ``initialize`` gets -32002, a second
    ``initialize`` (which in pygls would replace the workspace and lose the open documents)
    and a request after ``shutdown`` get -32600; notifications before ``initialize`` other
    than ``exit`` are dropped (LSP 3.17, "initialize")."""

    _initialize_seen = False

    def _out_of_order(self, method: str):
        """(code, message) for a message that must not be handled now, else None."""
        if method == types.INITIALIZE and self._initialize_seen:
            return -32600, "initialize was already received"
        if not self._initialize_seen and method not in (types.INITIALIZE, types.EXIT):
            return -32002, "the server is not initialized yet"
        if self.shutting_down and method != types.EXIT:
            return -32600, "the server is shutting down"
        return None

    def structure_message(self, data):
        if isinstance(data, dict) and "jsonrpc" in data and isinstance(data.get("method"), str):
            refused = self._out_of_order(data["method"])
            if refused is not None:
                if "id" in data:
                    log.info("%s refused: %s", data["method"], refused[1])
                    code, message = refused
                    self.answer_error(data["id"], types.ResponseError(code=code, message=message))
                return _ANSWERED     # (a notification: dropped)
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "jsonrpc" in data and "id" in data and "method" in data:
                log.warning("malformed %s request: %s", data.get("method"), exc)
                self.answer_error(data["id"], exc.to_response_error())
                return _ANSWERED
            raise

    def handle_message(self, message):
        if message is _ANSWERED:
            return None
        if getattr(message, "method", None) == types.INITIALIZE:
            self._initialize_seen = True
        return super().handle_message(message)

    def dumps(self, message, ensure_ascii: bool = False) -> str:
        """A message's JSON, the diagnostics' JSON from the server's cache."""
        cache = getattr(self.server, "diagnostic_json", None)
        if cache is None:
            return super().dumps(message, ensure_ascii)
        return wire.dumps(message, self.serialize, cache, ensure_ascii)

    @property
    def workspace(self) -> GilintWorkspace:
        """pygls' workspace (made by its ``initialize``) as a ``GilintWorkspace``: the same
        folders and position encoding, documents with LSP line breaks and O(edit) changes."""
        base = super().workspace
        if self._ours is None or self._ours[0] is not base:
            self._ours = (base, GilintWorkspace.replacing(base))
        return self._ours[1]

    _ours: Optional[tuple] = None


class GilintServer(LanguageServer):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("protocol_cls", GilintProtocol)
        # The cattrs converter of the protocol (pygls' converter_factory): gilint.lsp.wire
        # hooks the diagnostics' conversion into it.
        self.converter = (kwargs.pop("converter_factory", None) or default_converter)()
        kwargs["converter_factory"] = lambda: self.converter
        super().__init__("gilint", __version__, *args,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental, **kwargs)
        self.settings = Settings()
        self.docs: dict[str, DocState] = {}
        self.pull = False
        self.generation = 0
        self.resolver = ConfigResolver()
        self._config_errors: set[str] = set()
        self._reloading = False
        self._idle_gc: Optional[asyncio.TimerHandle] = None
        self.diagnostic_json = wire.DiagnosticJson(self.converter)
        self.report_ids = itertools.count()    # pull result ids never repeat within a server

    def start_io(self, stdin=None, stdout=None):
        """pygls' stdio server, its frame reader replaced by gilint.lsp.framing (which answers
        and skips a malformed frame instead of dying or waiting)."""
        self.stdio_stop = Event()
        stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
        for pipe in (stdin, stdout):
            widen_pipe(pipe)
        self.protocol.set_writer(StdoutWriter(stdout))
        try:
            asyncio.run(serve_stdio(self, stdin, self.stdio_stop))
        except BrokenPipeError:
            log.error("connection to the client lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    stdio_stop: Optional[Event] = None

    def shutdown(self):
        """pygls' shutdown, and the end of gilint's stdio read loop."""
        if self.stdio_stop is not None:
            self.stdio_stop.set()
        super().shutdown()

    def collect_when_idle(self) -> None:
        """(Re)start the countdown to a full garbage collection."""
        if self._idle_gc is not None:
            self._idle_gc.cancel()
        self._idle_gc = asyncio.get_running_loop().call_later(IDLE_GC_SECONDS, gc.collect)

    # -- capabilities --------------------------------------------------------------------
    def client_has(self, dotted: str) -> bool:
        return bool(get_capability(self.client_capabilities, dotted, False))

    # -- documents -----------------------------------------------------------------------
    @staticmethod
    def wants(uri: str, language_id: Optional[str]) -> bool:
        if language_id and language_id.lower() in LANGUAGES:
            return True
        return uri.lower().split("?")[0].endswith(SUFFIXES)

    def open_state(self, doc: GilintTextDocument) -> DocState:
        path = to_fs_path(doc.uri)
        config = self.config_for(path, None)
        state = DocState(doc.uri, path, config, Analyzer(config), settings=self.settings)
        self.docs[doc.uri] = state
        return state

    def set_settings(self, state: DocState, settings: Settings) -> bool:
        """Give a document new settings; True if they changed (its diagnostics must be redone)."""
        if settings == state.settings:
            return False
        state.settings, state.epoch = settings, state.epoch + 1
        return True

    def config_for(self, path: Optional[str], previous: Optional[Config]) -> Config:
        try:
            return self.resolver.resolve(path)
        except Exception as exc:  # ConfigError, or anything a pack loader raises
            self.config_error(exc, previous is not None)
            return previous if previous is not None else default_config()

    def config_error(self, exc: Exception, keeping: bool, instead: Optional[str] = None) -> None:
        """Show a configuration problem once; ``instead`` says what the server does meanwhile
        (default: the last good configuration, or the national pack)."""
        msg = str(exc) or exc.__class__.__name__
        log.warning("configuration error: %s", msg)
        if msg in self._config_errors:
            return
        self._config_errors.add(msg)
        keep = instead or (_("keeping the last valid configuration") if keeping
                           else _("using the national pack's defaults"))
        self.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Error,
            message=_("gilint configuration error ({keep}): {message}").format(keep=keep, message=msg)))

    def document(self, uri: str) -> Optional[GilintTextDocument]:
        if uri not in self.docs:
            return None
        doc = self.workspace.get_text_document(uri)
        return doc if isinstance(doc, GilintTextDocument) else None

    # -- analysis ------------------------------------------------------------------------
    def analyse(self, state: DocState, doc: GilintTextDocument) -> DocState:
        """Bring ``state`` up to date with ``doc`` (no-op if it already is)."""
        text = doc.source
        if (state.text is text and state.version == doc.version
                and state.generation == self.generation and state.analysed_epoch == state.epoch):
            return state
        t0 = time.perf_counter()
        try:
            findings = state.analyzer.run(text, self.waivers(state), state.path).findings
        except Exception:   # the Analyzer isolates rules; this is the reader or the engine itself
            log.exception("gilint failed to analyse %s; no diagnostics for this version", state.uri)
            state.analyzer = Analyzer(state.config)   # its caches may hold a half-built state
            findings = []
        shown = [f for f in findings
                 if f.code not in HIDDEN_CODES and not f.suppressed
                 and f.severity in state.settings.severities]
        shown = group(shown, state.analyzer.report)
        state.raw, state.findings = findings, shown
        # Positions the edits since the last analysis did not move (or moved whole lines).
        memo = doc.carry(state.positions)
        state.diagnostics, state.keyed, state.same = to_diagnostics(doc, shown, state.keyed, memo, state.same,
                                                                    state.diagnostics)
        if len(memo) > 4 * len(shown) + 256:   # positions of findings long gone: keep the used
            memo = {o: memo[o] for f in shown for g in (f, *related(f)) for o in (g.start, g.end)}
        state.positions = memo
        state.text, state.version, state.generation = text, doc.version, self.generation
        state.analysed_epoch = state.epoch
        state.lint_ms = (time.perf_counter() - t0) * 1000
        log.debug("analysed %s v%s in %.1f ms: %d diagnostics", state.uri, doc.version,
                  state.lint_ms, len(shown))
        return state

    def waivers(self, state: DocState):
        """The waiver file (``baseline = "…"`` in gilint.toml) the engine applies, as in
        ``gilint check``; a missing or broken waiver file is reported once."""
        if not state.config.baseline or not state.path:
            return None
        try:
            return cached_baseline(state.config.baseline)
        except ConfigError as exc:
            self.config_error(exc, True, instead=_("not applying the waiver file"))
            return None

    def current(self, uri: str, publishing: bool = False
                ) -> tuple[Optional[DocState], Optional[GilintTextDocument]]:
        """The document's state analysed for its current text and configuration files (when
        ``publishing``, the caller pushes its diagnostics itself)."""
        state = self.docs.get(uri)
        doc = self.document(uri) if state else None
        if state is None or doc is None:
            return None, None
        self.freshen(state, publishing)
        return self.analyse(state, doc), doc

    def freshen(self, state: DocState, publishing: bool) -> None:
        """Reload every document's configuration if a file ``state``'s came from changed on
        disk (``gilint.lsp.freshness``): the client may watch no files at all."""
        if self._reloading or not self.resolver.stale(state.path):
            return
        log.info("configuration files changed on disk: reloading")
        self.reload(skip=state.uri if publishing else None)

    # -- push model ----------------------------------------------------------------------
    def publish(self, uri: str) -> None:
        state, doc = self.current(uri, publishing=True)
        if state is None or doc is None:
            return
        if state.version != doc.version:   # the document moved on meanwhile: drop
            return
        state.published_version = doc.version
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=state.diagnostics, version=doc.version))

    def schedule(self, uri: str, delay_ms: Optional[int] = None) -> None:
        state = self.docs.get(uri)
        if state is None:
            return
        if state.task is not None:
            state.task.cancel()
        delay = (state.settings.debounce_ms if delay_ms is None else delay_ms) / 1000
        state.task = asyncio.get_running_loop().create_task(self._publish_later(uri, delay))

    async def _publish_later(self, uri: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            self.publish(uri)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("publishing diagnostics for %s failed", uri)

    def clear(self, uri: str) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    # -- configuration -------------------------------------------------------------------
    async def fetch_settings(self) -> list[DocState]:
        """The client's ``gilint`` settings: the global ones, and those of each open document
        (a multi-root workspace's folders may set their own); the documents whose settings
        changed."""
        if not self.client_has("workspace.configuration"):
            return []
        states = list(self.docs.values())
        values = await self._configuration([None] + [s.uri for s in states])
        if not values:
            return []
        self.settings = Settings.from_value(values[0], self.settings)
        return [s for s, v in zip(states, values[1:]) if self.set_settings(s, Settings.from_value(v, self.settings))]

    async def fetch_document_settings(self, state: DocState) -> bool:
        """One document's settings (after didOpen); True if they differ from the global ones."""
        if not self.client_has("workspace.configuration"):
            return False
        values = await self._configuration([state.uri])
        return bool(values) and self.set_settings(state, Settings.from_value(values[0], self.settings))

    async def _configuration(self, scopes: list[Optional[str]]) -> list:
        """The client's ``gilint`` settings for each scope (None: global); [] if it fails or
        does not answer within CONFIGURATION_TIMEOUT (the documents keep what they have)."""
        request = self.workspace_configuration_async(types.ConfigurationParams(
            items=[types.ConfigurationItem(scope_uri=u, section="gilint") for u in scopes]))
        try:   # shielded: a reply after the timeout still finds its request (pygls would fail)
            values = await asyncio.wait_for(asyncio.shield(request), CONFIGURATION_TIMEOUT)
        except Exception as exc:   # an error response, or asyncio.TimeoutError
            log.warning("workspace/configuration failed: %s", exc or type(exc).__name__)
            return []
        return list(values or [])

    def reload(self, skip: Optional[str] = None) -> None:
        """Re-resolve every open document's configuration and refresh its diagnostics (but
        push none for ``skip``, whose caller does). A broken file keeps the document's last
        good configuration (reported once)."""
        self._reloading = True     # no freshness check while the documents are pushed again
        try:
            self._reload(skip)
        finally:
            self._reloading = False

    def _reload(self, skip: Optional[str]) -> None:
        self.resolver.clear()
        failed = False
        for state in self.docs.values():
            try:
                config = self.resolver.resolve(state.path)
            except Exception as exc:
                failed = True
                self.config_error(exc, True)
                continue
            if config.fingerprint() != state.config.fingerprint():
                state.analyzer = Analyzer(config)
            state.config = config   # the same rules keep their analyzer, not a stale waiver file
        if not failed:
            self._config_errors.clear()   # the next breakage is reported again
        self.refresh(skip)

    def refresh(self, skip: Optional[str] = None) -> None:
        self.generation += 1
        if self.pull:
            if self.client_has("workspace.diagnostics.refresh_support"):
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.docs):
            if uri != skip:
                self.publish(uri)

    # -- edits ---------------------------------------------------------------------------
    @staticmethod
    def fix_edits(state: DocState, fix: Fix) -> list[Edit]:
        """One fix's edits as a pass of the fix loop would apply it (gilint.fixes)."""
        return edits_of(fix, state.text or "")

    @staticmethod
    def bulk_edits(state: DocState, findings: list[Finding]) -> list[Edit]:
        """The edits of one pass of safe fixes over ``findings`` (the fix loop's, as
        ``gilint check --fix``); none for a document gilint refuses to fix (GI001/GI002)."""
        return pass_edits(state.text or "", findings, state.raw)

    def workspace_edit(self, doc: GilintTextDocument, edits: list[Edit]) -> types.WorkspaceEdit:
        text_edits = [types.TextEdit(range=doc.range_of(e.start, e.end), new_text=e.new_text)
                      for e in edits]
        if self.client_has("workspace.workspace_edit.document_changes"):
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                edits=text_edits)])
        return types.WorkspaceEdit(changes={doc.uri: text_edits})


server_instance: Optional[GilintServer] = None


def create_server() -> GilintServer:
    ls = GilintServer()
    handler = _ClientLogHandler(ls)
    gl = logging.getLogger("gilint")
    gl.addHandler(handler)

    # -- lifecycle -----------------------------------------------------------------------
    @ls.feature(types.INITIALIZE)
    def initialize(ls: GilintServer, params: types.InitializeParams):
        set_language(params.locale or None)   # the client's UI language, else the environment
        ls.settings = Settings.from_value(params.initialization_options or {}, ls.settings)
        ls.pull = get_capability(params.capabilities, "text_document.diagnostic") is not None
        if ls.pull:
            ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, types.DiagnosticOptions(
                identifier="gilint", inter_file_dependencies=False,
                workspace_diagnostics=False))(document_diagnostic)
        log.info("gilint %s: %s diagnostics, position encoding %s", __version__,
                 "pull" if ls.pull else "push", ls.workspace.position_encoding)

    @ls.feature(types.INITIALIZED)
    async def initialized(ls: GilintServer, params: types.InitializedParams):
        registrations = []
        if ls.client_has("workspace.did_change_watched_files.dynamic_registration"):
            registrations.append(types.Registration(
                id="gilint-watch-toml", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern="**/gilint.toml"),
                    types.FileSystemWatcher(glob_pattern="**/*.toml")])))
        if ls.client_has("workspace.did_change_configuration.dynamic_registration"):
            registrations.append(types.Registration(
                id="gilint-configuration", method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options={"section": "gilint"}))
        if registrations:
            try:
                await ls.client_register_capability_async(
                    types.RegistrationParams(registrations=registrations))
            except Exception as exc:
                log.info("client/registerCapability failed: %s", exc)
        if await ls.fetch_settings():
            ls.refresh()

    # -- document sync -------------------------------------------------------------------
    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: GilintServer, params: types.DidOpenTextDocumentParams):
        item = params.text_document
        if not ls.wants(item.uri, item.language_id):
            return
        doc = ls.workspace.get_text_document(item.uri)
        state = ls.open_state(doc)
        state.ready = asyncio.ensure_future(ls.fetch_document_settings(state))
        await state.ready    # a pull that comes meanwhile waits for it too (document_diagnostic)
        if not ls.pull and ls.docs.get(item.uri) is state:
            ls.publish(item.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GilintServer, params: types.DidChangeTextDocumentParams):
        uri = params.text_document.uri
        if uri not in ls.docs:
            return
        ls.collect_when_idle()
        if ls.pull:
            return
        if ls.docs[uri].settings.run == "onType":
            ls.schedule(uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: GilintServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if uri in ls.docs and not ls.pull:
            ls.schedule(uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GilintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        state = ls.docs.pop(uri, None)
        if state is None:
            return
        if state.task is not None:
            state.task.cancel()
        if not ls.pull:
            ls.clear(uri)

    # -- pull diagnostics (registered in initialize when the client supports them) -------
    async def document_diagnostic(ls: GilintServer, params: types.DocumentDiagnosticParams):
        pending = ls.docs.get(params.text_document.uri)
        if pending is not None and pending.ready is not None:
            await asyncio.shield(pending.ready)   # the document's own settings, asked at didOpen
        state, _doc = ls.current(params.text_document.uri)
        if state is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        # 'unchanged' whenever the client's last report shows exactly these diagnostics (the
        # very objects: to_diagnostics reuses a diagnostic nothing it shows changed), at any
        # version: most keystrokes move none, and the report stays a few bytes.
        reported = state.reported
        if (reported is not None and params.previous_result_id == reported[0]
                and len(reported[1]) == len(state.diagnostics)
                and all(map(operator.is_, reported[1], state.diagnostics))):
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=reported[0])
        result_id = f"{state.version}.{state.generation}.{state.epoch}.{next(ls.report_ids)}"
        state.reported = (result_id, state.diagnostics)
        return types.RelatedFullDocumentDiagnosticReport(items=state.diagnostics, result_id=result_id)

    # -- code actions --------------------------------------------------------------------
    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False))
    def code_action(ls: GilintServer, params: types.CodeActionParams):
        state, doc = ls.current(params.text_document.uri)
        if state is None or doc is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        ours = [d for d in params.context.diagnostics if d.source == SOURCE and d.code]
        fixable = {(f.code, f.start, f.end, f.fix) for f in state.findings if f.fix}

        def fix_of(d: types.Diagnostic) -> Optional[Fix]:
            """The fix carried on ``d``, if the current analysis has a finding of ``d``'s code
            at ``d``'s range with that very fix (or ``d`` names one with its range counted in
            other units, see ``echoed_in_other_units``); else ``d`` is stale and gets none."""
            start, end = doc.offsets_of(d.range)
            fix = fix_from_data(d.data, start)
            if (str(d.code), start, end, fix) in fixable:
                return fix
            return echoed_in_other_units(doc, state.findings, d)

        if kind_wanted(types.CodeActionKind.QuickFix, only):
            codes_seen: list[str] = []
            for d in ours:
                fix = fix_of(d)
                code = str(d.code)
                edits = ls.fix_edits(state, fix) if fix is not None else []
                if edits:
                    title = f"{code}: {fix.description or _('fix')}" + ("" if fix.safe else _(" (needs review)"))
                    actions.append(types.CodeAction(
                        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                        is_preferred=fix.safe or None, edit=ls.workspace_edit(doc, edits)))
                if code not in codes_seen:
                    codes_seen.append(code)
            for code in codes_seen:
                same = [f for f in state.findings if f.code == code and f.fix and f.fix.safe]
                if len(same) < 2:
                    continue
                edits = ls.bulk_edits(state, same)
                if edits:
                    actions.append(types.CodeAction(
                        title=_("Fix all {code} in this file").format(code=code), kind=types.CodeActionKind.QuickFix,
                        edit=ls.workspace_edit(doc, edits)))
            if is_markdown(doc.language_id, doc.uri):
                done: set[tuple[str, int]] = set()
                for d in ours:
                    code = str(d.code)
                    start = doc.offsets_of(d.range)[0]
                    line = doc.line_map.line_col(start)[0]
                    if (code, line) in done:
                        continue
                    done.add((code, line))
                    edit = suppression_edit(doc.line_map, start, code)
                    if edit.start == edit.end and not edit.new_text:
                        continue
                    actions.append(types.CodeAction(
                        title=_("Disable {code} here").format(code=code), kind=types.CodeActionKind.QuickFix,
                        diagnostics=[d], edit=ls.workspace_edit(doc, [edit])))
        if kind_wanted(FIX_ALL_KIND, only):
            edits = ls.bulk_edits(state, state.findings)
            if edits:
                actions.append(types.CodeAction(
                    title=_("gilint: fix all safely fixable problems in this file"), kind=FIX_ALL_KIND,
                    edit=ls.workspace_edit(doc, edits)))
        return actions or None

    # -- hover ---------------------------------------------------------------------------
    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: GilintServer, params: types.HoverParams):
        state, doc = ls.current(params.text_document.uri)
        if state is None or doc is None:
            return None
        off = doc.offset_at_position(params.position)
        hits = [f for f in state.findings if f.start <= off < f.end or f.start == off == f.end]
        if not hits:
            return None
        parts, seen = [], set()
        for f in hits:
            if f.code in seen:
                continue
            seen.add(f.code)
            doc_md = rule_markdown(f.code, [state.config]) or f"**{f.code}**\n"
            parts.append(f"{f.message}\n\n{doc_md}")
        formats = get_capability(ls.client_capabilities, "text_document.hover.content_format", None)
        kind = (types.MarkupKind.Markdown if not formats or types.MarkupKind.Markdown in formats
                else types.MarkupKind.PlainText)
        first = hits[0]
        return types.Hover(contents=types.MarkupContent(kind=kind, value="\n\n---\n\n".join(parts)),
                           range=doc.range_of(first.start, first.end))

    # -- configuration changes ---------------------------------------------------------------
    @ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: GilintServer, params: types.DidChangeConfigurationParams):
        if ls.client_has("workspace.configuration"):
            await ls.fetch_settings()
        else:   # the settings come with the notification, the same for every document
            ls.settings = Settings.from_value(params.settings, ls.settings)
            for state in ls.docs.values():
                ls.set_settings(state, ls.settings)
        ls.reload()

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: GilintServer, params: types.DidChangeWatchedFilesParams):
        if any(c.uri.lower().endswith(".toml") for c in params.changes):
            ls.reload()

    # -- commands ------------------------------------------------------------------------
    @ls.command(CMD_FIX_ALL)
    async def fix_all(ls: GilintServer, *args):
        """Apply every safe fix, as ``gilint check --fix`` would (passes until nothing
        changes), through workspace/applyEdit."""
        uri = _uri_argument(args)
        state, doc = ls.current(uri)
        if state is None or doc is None:
            raise JsonRpcInvalidParams(_("{command}: document not open: {uri}").format(command=CMD_FIX_ALL, uri=uri))
        text = state.text or ""
        result = fix_text(text, analyzer=state.analyzer, findings=state.raw)
        if result.refused:
            return {"applied": False, "fixes": 0, "refused": result.refused}
        if not result.changed:
            return {"applied": False, "fixes": 0}
        if result.passes == 1:
            edits = sorted((e for f in result.applied[0] for e in f.fix.edits),
                           key=lambda e: (e.start, e.end))
        else:   # later passes edit the text of earlier ones: send the changed span
            edits = [_span_edit(text, result.text)]
        reply = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(
            edit=ls.workspace_edit(doc, edits), label="gilint: 修复所有可安全修复的问题"))
        return {"applied": bool(reply and reply.applied), "fixes": result.fixed_count}

    @ls.command(CMD_RULE_DOC)
    def rule_doc(ls: GilintServer, *args):
        code = args[0] if args else None
        if isinstance(code, dict):
            code = code.get("code")
        if not isinstance(code, str) or not code.strip():
            raise JsonRpcInvalidParams(_("{command}: expected a rule code").format(command=CMD_RULE_DOC))
        md = rule_markdown(code.strip(), [s.config for s in ls.docs.values()])
        if md is None:
            raise JsonRpcInvalidParams(_("{command}: unknown rule {code!r}").format(command=CMD_RULE_DOC, code=code))
        return md

    global server_instance
    server_instance = ls
    return ls


def _span_edit(old: str, new: str) -> Edit:
    """One edit turning ``old`` into ``new``: the span between their common prefix and
    suffix."""
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    return Edit(a, len(old) - b, new[a:len(new) - b])


def _uri_argument(args) -> str:
    """``gilint.fixAll`` takes the document as ``"uri"``, ``{"uri": …}`` (what the VS Code
    extension sends, with the version) or ``{"textDocument": {"uri": …}}``."""
    a = args[0] if args else None
    if isinstance(a, dict):
        a = a.get("uri") or (a.get("textDocument") or {}).get("uri")
    if not isinstance(a, str) or not a:
        raise JsonRpcInvalidParams(_("{command}: expected the document URI").format(command=CMD_FIX_ALL))
    return a


# -- entry point ---------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def print_help(self, file=None):          # never on stdout: it may be the protocol stream
        super().print_help(file or sys.stderr)

    def print_usage(self, file=None):
        super().print_usage(file or sys.stderr)

    def error(self, message):   # as gilint's own parser: "gilint lsp：错误：…" in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = _Parser(prog="gilint lsp", description=_("The gilint language server (stdio by default)."))
    p.add_argument("--stdio", action="store_true", help=_("talk over stdin/stdout (the default)"))
    p.add_argument("--tcp", metavar="HOST:PORT", help=_("listen on a TCP port instead (for debugging)"))
    p.add_argument("--log-level", default="WARNING",
                   choices=("DEBUG", "INFO", "WARNING", "ERROR"), type=str.upper,
                   help=_("stderr log level (default WARNING)"))
    p.add_argument("--log-file", metavar="FILE", help=_("also log to FILE"))
    args = p.parse_args(sys.argv[1:] if argv is None else argv)

    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    logging.basicConfig(level=getattr(logging, args.log_level), handlers=handlers,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)

    tune_gc()
    ls = create_server()
    if args.tcp:
        host, _sep, port = args.tcp.rpartition(":")
        try:
            port_n = int(port)
        except ValueError:
            p.error(_("--tcp: expected HOST:PORT, got {value!r}").format(value=args.tcp))
        ls.start_tcp(host or "127.0.0.1", port_n)
        return 0
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr   # a stray print() must not corrupt the protocol stream
    ls.start_io(stdin, stdout)
    return 0
