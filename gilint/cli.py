"""The ``gilint`` command: check / rules / rule / lsp.

Start-up matters (the command runs once per file in editors' save hooks and pre-commit), so
this module imports only the standard library at import time; the engine, the formatters'
JSON/SARIF writers, charset-normalizer and the language server are imported where needed.

Exit status: 0 nothing at or above ``--fail-level``; 1 findings; 2 usage, configuration or
input errors (2 wins over 1). Every problem with one input is one line on stderr, never a
traceback; the other inputs are still checked.
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from pathlib import Path

import gilint

from gilint.i18n import LANGUAGES, gettext as _, log_message, ngettext
from gilint.record import Fresh, Record, replace

# Inputs larger than this are refused with a clear message (a real report is 5–20 KB; the
# decoder's own hard limit is 64 MB). Override with GILINT_MAX_FILE_SIZE (bytes).
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
PROGRESS_THRESHOLD = 20
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _version() -> str:
    return gilint.__version__


# -- arguments -----------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    _checking = False
    _unused = False     # a subcommand this run does not parse: its options are not built

    def error(self, message):  # one short line plus the usage, exit 2 (argparse's contract)
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")

    def add_argument(self, *args, **kwargs):
        if self._unused:
            return None
        # argparse formats each new argument's metavar to check it (and a subcommand's prog
        # from a usage without arguments), with a formatter that asks the terminal for its
        # width and imports shutil: neither result depends on the width.
        self._checking = True
        try:
            return super().add_argument(*args, **kwargs)
        finally:
            self._checking = False

    def add_subparsers(self, **kwargs):
        self._checking = True
        try:
            return super().add_subparsers(**kwargs)
        finally:
            self._checking = False

    def _get_formatter(self):
        if self._checking:
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


class _UnusedParser(_Parser):
    """A subcommand this run does not parse with (another one was asked for): it only stands in
    the list of commands, so nothing of it is built — argparse's own set-up of a parser (its
    registry of actions, its help option) is skipped, its options and subcommands ignored."""
    _unused = True

    def __init__(self, **kwargs):   # noqa: D107 - see the class
        self.prog = kwargs.get("prog")

    def add_subparsers(self, **kwargs):
        return _UnusedSubcommands()


class _UnusedSubcommands:
    """The subcommands of an unused parser (``gilint config show`` while checking)."""

    def add_parser(self, name, **kwargs):
        return _UnusedParser(prog=name)


def _subparser_class(command: str | None):
    """With ``command`` (the first argument), only that subcommand's parser gets its options:
    the others are listed by ``gilint --help`` but never parse anything in this run."""
    if command is None:
        return _Parser

    def make(**kwargs):
        prog = kwargs.get("prog") or ""
        return (_Parser if prog.split(" ")[-1:] == [command] else _UnusedParser)(**kwargs)
    return make


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    p = _Parser(prog="gilint",
                description=_("Compliance linter for 政府信息公开工作年度报告 (annual government "
                            "information disclosure reports)."))
    p.add_argument("--version", action="version", version=f"gilint {_version()}",
                   help=_("show program's version number and exit"))
    _lang_option(p)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_subparser_class(command))

    c = sub.add_parser("check", help=_("check reports (files, directories, or - for stdin)"),
                       description=_("Check reports. Directories are searched recursively for "
                                   "*.txt and *.md; - reads standard input."))
    _lang_option(c)
    c.add_argument("paths", nargs="*", metavar="PATH", help=_("files, directories, or - (default: .)"))
    c.add_argument("--format", choices=("text", "json", "sarif", "github", "html"), default="text",
                   help=_("output format (default: text; html: a review page, with -o review.html)"))
    c.add_argument("--select", metavar="CODES", action="append", default=[],
                   help=_("comma-separated codes or prefixes to enable exclusively (GI2 = GI2xx)"))
    c.add_argument("--ignore", metavar="CODES", action="append", default=[],
                   help=_("comma-separated codes or prefixes to disable"))
    c.add_argument("--jobs", "-j", type=_nonneg_int, default=1, metavar="N",
                   help=_("check files in N processes (0 = one per CPU; default 1)"))
    c.add_argument("--quiet", "-q", action="store_true",
                   help=_("print findings only: no summary, no progress"))
    c.add_argument("--statistics", action="store_true",
                   help=_("print the number of findings per rule instead of each finding"))
    c.add_argument("--stdin-filename", metavar="NAME",
                   help=_("the name to report for standard input (and to find its configuration)"))
    c.add_argument("--fail-level", choices=("error", "warning", "info"), default="info",
                   help=_("lowest severity that makes the exit status 1 (default: info)"))
    c.add_argument("--exit-zero", action="store_true",
                   help=_("exit 0 even when there are findings (input errors still exit 2)"))
    c.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    c.add_argument("--output-file", "-o", metavar="FILE", help=_("write the report to FILE"))
    c.add_argument("--no-color", action="store_true", help=_("never colour the text output"))
    c.add_argument("--verbose", "-v", action="store_true",
                   help=_("show tracebacks for internal errors (for bug reports)"))
    c.add_argument("--fix", action="store_true",
                   help=_("apply safe fixes (one right answer) to the files; - writes the fixed "
                        "text to standard output"))
    c.add_argument("--unsafe-fixes", action="store_true",
                   help=_("with --fix or --diff, also apply unsafe fixes (guesses)"))
    c.add_argument("--diff", action="store_true",
                   help=_("print the fixes as a unified diff and write nothing (exit 1 if any)"))
    c.add_argument("--exit-non-zero-on-fix", action="store_true",
                   help=_("exit 1 if any fix was applied, even if nothing remains"))
    c.add_argument("--baseline", metavar="FILE",
                   help=_("a waiver file (gilint baseline): report only findings it does not list"))
    c.add_argument("--errors-as-findings", action="store_true",
                   help=_("with --format json: also report each input that could not be checked "
                        "as a GI000 input-error finding (exit status still 2)"))
    c.add_argument("--no-cache", action="store_true",
                   help=_("neither read nor write the result cache (.gilint_cache; also "
                        "GILINT_NO_CACHE=1)"))

    r = sub.add_parser("rules", help=_("list the rules in effect here: the national ones and those "
                                     "the packs of the nearest gilint.toml declare"))
    r.add_argument("--format", choices=("text", "json"), default="text")
    _lang_option(r)
    r.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    d = sub.add_parser("rule", help=_("print a rule's documentation"))
    _lang_option(d)
    d.add_argument("code", metavar="CODE", help=_("rule code (GI501, QH101) or name (repeated-text)"))
    d.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    b = sub.add_parser("baseline", help=_("record the current findings in a waiver file"),
                       description=_("Write a waiver file with a fingerprint and a reason for "
                                   "every current finding; gilint check --baseline FILE then "
                                   "reports only new ones. Reasons already in FILE are kept."))
    _lang_option(b)
    b.add_argument("paths", nargs="*", metavar="PATH", help=_("files or directories (default: .)"))
    b.add_argument("--reason", metavar="TEXT", help=_("why these findings are accepted (required "
                                                    "for findings FILE has no reason for)"))
    b.add_argument("--output", "-o", metavar="FILE",
                   help=_("the waiver file (default: gilint-baseline.toml)"))
    b.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    b.add_argument("--select", metavar="CODES", action="append", default=[])
    b.add_argument("--ignore", metavar="CODES", action="append", default=[])
    g = sub.add_parser("config", help=_("show the effective configuration (gilint config show [FILE])"))
    gsub = g.add_subparsers(dest="config_command", metavar="SUBCOMMAND", parser_class=_Parser)
    gs = gsub.add_parser("show", help=_("print the effective configuration for FILE with the origin "
                                      "of every value"))
    _lang_option(g)
    _lang_option(gs)
    gs.add_argument("file", nargs="?", metavar="FILE", help=_("a report or folder (default: .)"))
    gs.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    gs.add_argument("--format", choices=("text", "json"), default="text")
    a = sub.add_parser("audit", help=_("audit a corpus across reports and years (GI6xx), with a "
                                     "database and a dashboard (docs/audit.md)"))
    _lang_option(a)
    a.add_argument("paths", nargs="*", metavar="PATH", help=_("files or directories (default: .)"))
    a.add_argument("--output", "-o", metavar="DIR", required=True,
                   help=_("folder for findings.json/.csv, audit.sqlite and the dashboard index.html"))
    a.add_argument("--manifest", metavar="CSV", help=_("path,body,year,level,parent per report "
                                                     "(paths relative to the CSV)"))
    a.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    a.add_argument("--jobs", "-j", type=_nonneg_int, default=0, metavar="N",
                   help=_("read files in N processes (0 = one per CPU; default 0)"))
    a.add_argument("--fail-level", choices=("error", "warning", "info"), default="info",
                   help=_("lowest severity that makes the exit status 1 (default: info)"))
    a.add_argument("--no-dashboard", action="store_true", help=_("do not write the HTML dashboard"))
    a.add_argument("--quiet", "-q", action="store_true", help=_("no progress bar and no summary"))
    a = sub.add_parser("annotate", help=_("write a copy of a .docx with a Word comment on each finding"),
                       description=_("Write a copy of a Word report with a comment (批注, author "
                                   "gilint) on the text of each finding; the original is not "
                                   "modified. Earlier gilint comments in the input are replaced."))
    _lang_option(a)
    a.add_argument("path", metavar="FILE", help=_("a .docx report"))
    a.add_argument("--output", "-o", metavar="FILE", help=_("the annotated copy (default: "
                                                           "FILE.gilint.docx beside FILE)"))
    a.add_argument("--track-changes", action="store_true",
                   help=_("also write each safe fix as a tracked change (author gilint)"))
    a.add_argument("--select", metavar="CODES", action="append", default=[])
    a.add_argument("--ignore", metavar="CODES", action="append", default=[])
    a.add_argument("--fail-level", choices=("error", "warning", "info"), default="info")
    a.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    s = sub.add_parser("show", help=_("print the report as gilint read it (sections, tables as grids)"))
    _lang_option(s)
    s.add_argument("path", metavar="FILE", help=_("a report (.txt, .md, .docx, .html, .pdf)"))
    s.add_argument("--section", metavar="N", help=_("only this section (三 or 3)"))
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--config", metavar="FILE", help=_("use this gilint.toml instead of searching"))
    sub.add_parser("lsp", help=_("start the language server on stdio (needs gilint[lsp])"),
                   add_help=False)
    return p


def _lang_option(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, metavar="zh|en",
                        help=_("language of messages and documentation: zh (中文) or en "
                               "(default: GILINT_LANG, else the locale)"))


def _choose_language(argv: list[str]) -> None:
    """``--lang`` (wherever it stands), else GILINT_LANG / the locale (gilint.i18n); argparse's
    own messages (usage, errors) from gilint's catalogue."""
    from gilint import i18n   # start-up: gettext only once the command line is read
    lang = None
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    i18n.set_language(lang if lang in LANGUAGES else None)
    argparse._ = i18n.gettext


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named on the command line (after options such as ``--lang zh``), else
    the first argument (``--help``, ``--version``: no subcommand is built)."""
    value_of = False
    for a in argv:
        if value_of or a == "--":
            value_of = False
            continue
        if a.startswith("-"):
            value_of = a == "--lang"
            continue
        return a
    return argv[0] if argv else None


def _build_parser_once(command: str | None) -> argparse.ArgumentParser:
    """build_parser, with argparse's messages translated once each: gettext looks for
    catalogues on disk on every call, and each parser asks for the same few messages."""
    translate, memo = argparse._, {}

    def once(message):
        if message not in memo:
            memo[message] = translate(message)
        return memo[message]
    argparse._ = once
    try:
        return build_parser(command)
    finally:
        argparse._ = translate


def _nonneg_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {value!r}").format(value=value)) from None
    if n < 0:
        raise argparse.ArgumentTypeError(_("must be 0 or more"))
    return n


def parse_codes(values: list[str]) -> frozenset[str]:
    """``["GI1,GI501", "gi3"]`` → ``{"GI1", "GI501", "GI3"}``; raises ValueError."""
    out = set()
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not re.fullmatch(r"[A-Z][A-Z0-9_-]*", code):
                raise ValueError(_("not a rule code or prefix: {code!r}").format(code=part.strip()))
            out.add(code)
    return frozenset(out)


# -- per-file work (runs in worker processes with --jobs) ------------------------------------
class CheckOptions(Record):
    """What a worker needs to check a file; picklable; never changed once made."""
    FIELDS = {
        "select": None,                    # frozenset | None
        "ignore": frozenset(),
        "config_file": None,
        "stdin_filename": None,
        "max_bytes": DEFAULT_MAX_FILE_BYTES,
        "verbose": False,
        "fix": None,                       # "safe" / "unsafe": --fix or --diff (gilint.fixes)
        "diff": False,
        "baseline": None,                  # waiver file (gilint.baseline)
        "cache_dir": None,                 # the result cache's folder (gilint.cache); None: no cache
        "positions": True,                 # False: --statistics prints no line/column (none worked out)
    }


class FileResult(Record):
    """What checking one input gave (crosses process boundaries with --jobs)."""
    FIELDS = {
        "path": ...,
        "diagnostics": Fresh(list),
        "errors": Fresh(list),             # one-line messages for stderr
        "checked": False,
        "notes": Fresh(list),              # stderr lines that are not errors
        "fixed": 0,                        # findings fixed (--fix / --diff)
        "diff": "",                        # --diff
        "output": None,                    # bytes: --fix on standard input, the text
    }

    def __init__(self, path: str, diagnostics: list | None = None, errors: list | None = None,
                 checked: bool = False, notes: list | None = None, fixed: int = 0, diff: str = "",
                 output: bytes | None = None):
        # (one per file checked: not the generic Record.__init__)
        self.path = path
        self.diagnostics = [] if diagnostics is None else diagnostics
        self.errors = [] if errors is None else errors
        self.checked = checked
        self.notes = [] if notes is None else notes
        self.fixed = fixed
        self.diff = diff
        self.output = output


_CONFIGS: dict = {}
_RULE_FAILURES: list[str] = []
# One run's configuration files by folder: [the run's options, {folder: file or None},
# {folder of a file read: its configuration}]. A run over a folder tree looks upwards for the
# file once per folder, not once per input (the result cache's record of that walk,
# gilint.cache.begin, is made once per folder as well), and builds each folder's configuration
# once (not a look at the pack files' dates per input).
_RUN_CONFIG_FILES: list = [None, {}, {}]


def _run_state(opts: CheckOptions) -> list:
    """This run's ``_RUN_CONFIG_FILES`` (emptied when a new run begins)."""
    if _RUN_CONFIG_FILES[0] is not opts:
        _RUN_CONFIG_FILES[:] = [opts, {}, {}]
    return _RUN_CONFIG_FILES


def _base_config(opts: CheckOptions, path: str | None):
    """The configuration before command-line overrides: ``--config FILE``, else the nearest
    gilint.toml / pyproject.toml [tool.gilint] above ``path`` (the current folder for standard
    input without --stdin-filename), else the national pack (gilint.packs; cached there)."""
    from gilint.packs import config_search_start, find_config_file, load_config  # start-up: packs load the rules (cached runs skip them)
    if opts.config_file is not None:
        return load_config(opts.config_file)
    folder = config_search_start(path)
    files = _run_state(opts)[1]
    if folder not in files:
        files[folder] = find_config_file(path)
    return load_config(files[folder])


def config_for(path: str | None, opts: CheckOptions, read: bool = False):
    """The effective configuration for one file: its pack configuration plus --select/--ignore.
    ``path`` is the file's path (None for standard input without --stdin-filename); ``read``:
    it is a file just read, whose folder's configuration is then worked out once per run."""
    if read:
        built, folder = _run_state(opts)[2], os.path.dirname(path)
        cfg = built.get(folder)
        if cfg is None:
            cfg = built[folder] = config_for(path, opts)
        return cfg
    base = _base_config(opts, path)
    key = (id(base), opts.select, opts.ignore)
    hit = _CONFIGS.get(key)
    # The entry keeps ``base`` alive, so its id cannot be reused by another config.
    cfg = hit[1] if hit is not None and hit[0] is base else None
    if cfg is None:
        changes = {}
        if opts.select is not None:
            changes["select"] = opts.select
        if opts.ignore:
            changes["ignore"] = frozenset(base.ignore) | opts.ignore
        cfg = replace(base, **changes) if changes else base
        _CONFIGS[key] = (base, cfg)
    return cfg


_ANALYZER_OF: dict = {}   # id(config) → (config, its Analyzer): no fingerprint per file


def _analyzer(config):
    hit = _ANALYZER_OF.get(id(config))
    if hit is not None and hit[0] is config:   # (the entry keeps ``config``: its id is not reused)
        return hit[1]
    from gilint.engine import analyzer_for  # start-up: the engine only when a file is linted
    if len(_ANALYZER_OF) > 64:
        _ANALYZER_OF.clear()
    analyzer = analyzer_for(config)
    _ANALYZER_OF[id(config)] = (config, analyzer)
    return analyzer


def _install_log_handler(verbose: bool = False) -> None:
    """Turn the engine's 'rule failed' log records into one-line messages (no traceback), once
    something is logged (gilint.log: logging is imported only then)."""
    if not _LOG_HANDLER_ASKED:
        _LOG_HANDLER_ASKED.append(verbose)
        from gilint.log import when_logging  # start-up: only once a file is read (a cached run never needs it)
        when_logging(lambda log: _collect_log(log, verbose))


_LOG_HANDLER_ASKED: list = []


def _collect_log(log, verbose: bool) -> None:
    import logging  # start-up: (gilint.log calls this once logging is in use)
    if getattr(log, "_gilint_cli", False):
        return

    class Collect(logging.Handler):
        def emit(self, record):
            msg = log_message(record)   # the engine's N_() log message, in the user's language
            if record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                msg += f" ({type(exc).__name__}: {_one_line(str(exc))})"
            _RULE_FAILURES.append(msg)

    log._gilint_cli = True
    log.propagate = False
    log.addHandler(Collect(logging.ERROR))
    if verbose:
        h = logging.StreamHandler(sys.stderr)
        h.setLevel(logging.ERROR)
        log.addHandler(h)


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 300 else s[:297] + "…"


def read_input(path: str, opts: CheckOptions) -> bytes:
    """Read a file or standard input, refusing what is over the size limit (OSError/InputError)."""
    return read_input_snapshot(path, opts)[0]


def read_input_snapshot(path: str, opts: CheckOptions):
    """``read_input`` and, for a file, the ``gilint.fixes.Snapshot`` of what was read (None
    for standard input): ``--fix`` replaces the file only if it is still that."""
    from gilint.read.decode import InputError  # start-up: decoding only for files read
    if path == "-":
        data = sys.stdin.buffer.read(opts.max_bytes + 1)
        if len(data) > opts.max_bytes:
            raise InputError(_too_large(None, opts.max_bytes))
        return data, None
    from gilint.discover import not_regular   # start-up: only for files read
    # Opened without blocking, then looked at: a FIFO put where a file was is refused, not
    # waited on (for a regular file O_NONBLOCK changes nothing).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:   # (read from the descriptor: no file object, no buffer of its own)
        before = os.fstat(fd)
        why = not_regular(before)
        if why:
            raise InputError(why)
        if before.st_size > opts.max_bytes:
            raise InputError(_too_large(before.st_size, opts.max_bytes))
        data = _read_up_to(fd, before.st_size, opts.max_bytes)
    finally:
        os.close(fd)
    if not opts.fix:
        return data, None
    from gilint.fixes import Snapshot   # start-up: only with --fix
    return data, Snapshot.of(before, data)


def _read_up_to(fd: int, size: int, limit: int) -> bytes:
    """``limit + 1`` bytes at most of the open file ``fd``, whose size was ``size`` when looked
    at: asked for that size (and one byte to see the end), as a read of ``limit + 1`` bytes
    first allocates them all (20 MB: three times the CPU of reading a report); read on up to
    the limit if it grew."""
    want = min(size, limit) + 1
    data = _read_fd(fd, want)
    if len(data) == want and want <= limit:
        data += _read_fd(fd, limit + 1 - want)
    return data


def _read_fd(fd: int, n: int) -> bytes:
    """``n`` bytes of ``fd``, fewer only at its end (a read may return less than asked)."""
    data = os.read(fd, n)
    while data and len(data) < n:
        more = os.read(fd, n - len(data))
        if not more:
            break
        data += more
    return data


def _too_large(size: int | None, limit: int) -> str:
    mb = 1024 * 1024
    have = _("{size:.0f} MB; ").format(size=size / mb) if size is not None else ""
    return _("file too large ({have}gilint checks files up to {limit} MB; set "
             "GILINT_MAX_FILE_SIZE to change the limit)").format(have=have, limit=limit // mb)


def check_file(path: str, opts: CheckOptions, data: bytes | None = None) -> FileResult:
    """Read, decode and lint one file; never raises."""
    display = (opts.stdin_filename or "-") if path == "-" else path
    result = FileResult(display)
    try:
        token = None
        if opts.cache_dir and path != "-" and not opts.fix:   # gilint.cache; a hit imports no engine
            from gilint import cache  # start-up: only when the result cache is on
            try:
                if data is None and os.path.isfile(path) and os.path.getsize(path) <= opts.max_bytes:
                    with open(path, "rb") as f:
                        data = _read_up_to(f.fileno(), os.fstat(f.fileno()).st_size, opts.max_bytes)
                    data = data if len(data) <= opts.max_bytes else None
            except OSError:
                pass   # reported below, as without the cache
            if data is not None:
                if _from_cache(result, cache.lookup(opts.cache_dir, path, display, opts, data)):
                    return result
                token = cache.begin(path, opts)
        from gilint.read.decode import InputError, decode_bytes  # start-up: decoding only for files read
        _install_log_handler(opts.verbose)
        snapshot = None
        try:
            if data is None:
                data, snapshot = read_input_snapshot(path, opts)
            from gilint.read.formats import read_document   # .docx/.html/.pdf → text + source map
            decoded = read_document(display, data) or decode_bytes(data, display)
        except InputError as exc:
            result.errors.append(_("{path}: error: {message}").format(path=display, message=_one_line(str(exc))))
            return result
        except OSError as exc:
            result.errors.append(_("{path}: error: cannot read: {reason}").format(path=display, reason=exc.strerror or exc))
            return result
        config_path = (opts.stdin_filename if path == "-" else path)
        config = config_for(config_path, opts, read=path != "-")
        from gilint.output import locate, unplaced  # start-up: only when there is something to print
        del _RULE_FAILURES[:]
        analyzer, text = _analyzer(config), decoded.text
        waivers = opts.baseline or config.baseline   # --baseline wins over gilint.toml's
        if waivers:
            from gilint.baseline import cached_baseline  # start-up: only with a waiver file
            waivers = cached_baseline(waivers)
            key = config_path or display

            def found(t):
                return analyzer.run(t, waivers, key).findings
        else:
            found = analyzer.lint   # (suppressions applied by Analyzer.run)
        from gilint.grouping import group   # one finding per cause, the rest related

        findings = group(found(text), analyzer.report)
        if opts.fix:
            def lint(t):   # (--unsafe-fixes then takes the one cell that restores a table)
                return group(found(t), analyzer.report)
            from gilint.writers import fixer_for  # start-up: only with --fix/--diff
            fixer = fixer_for(decoded)   # text, a .docx (into its runs) or a read-only format
            text, findings = fixer(result, path, decoded, data, lint, findings,
                                   opts.fix == "unsafe", opts.diff, snapshot=snapshot)
        model = analyzer.report   # (its lines are the text's, unless --fix changed the text)
        result.diagnostics = (locate(display, text, findings,
                                     line_starts=model.lines[0] if model.text is text else None)
                              if opts.positions or hasattr(decoded, "annotate")
                              else unplaced(display, findings))
        if hasattr(decoded, "annotate"):   # a document's own places: 表3行5列1, 第2页 …
            decoded.annotate(result.diagnostics)
            if getattr(decoded, "format", None) == "docx":   # places Word shows (gilint.review)
                from gilint.review.places import word_places   # start-up: only for a .docx
                word_places(decoded, analyzer.report, result.diagnostics)
        if _RULE_FAILURES:
            result.errors += [_("{path}: internal error: {message}").format(path=display, message=m)
                              for m in _RULE_FAILURES]
            del _RULE_FAILURES[:]
        result.checked = True
        if token is not None and not result.errors and not result.notes:
            cache.store(token, opts.cache_dir, path, display, opts, data, config, result.diagnostics,
                        decoded)
    except Exception as exc:  # noqa: BLE001 - one line per file, never a traceback
        from gilint.tomlload import ConfigError  # start-up: tomllib only when a configuration is read
        if isinstance(exc, ConfigError):
            result.errors.append(_("{path}: error: configuration: {message}").format(
                path=display, message=_one_line(str(exc))))
        else:
            if opts.verbose:
                import traceback  # only with --verbose, after an internal error
                traceback.print_exc()
            result.errors.append(_("{path}: internal error: {message}").format(
                path=display, message=f"{type(exc).__name__}: {_one_line(str(exc))}"))
    return result


def _from_cache(result: FileResult, hit: list[dict] | None) -> bool:
    """Fill ``result`` from a cache hit (gilint.cache.lookup); False if there is none."""
    if hit is None:
        return False
    from gilint.output import Diagnostic  # start-up: only when there is something to print
    try:
        result.diagnostics = [Diagnostic(path=result.path, **d) for d in hit]
    except TypeError:   # an entry of another shape: checked as without the cache
        result.diagnostics = []
        return False
    result.checked = True
    return True


def _check_many(paths: list[str], opts: CheckOptions):
    results = list(_collector_after_first((check_file(p, opts) for p in paths), len(paths)))
    if "gilint.storedre" in sys.modules:   # a --jobs worker ends without atexit: store its patterns now
        sys.modules["gilint.storedre"].save()
    return results


def _run_checks(files: list[str], opts: CheckOptions, jobs: int, progress):
    """Yield FileResults in the order of ``files``."""
    stdin = [p for p in files if p == "-"]
    rest = [p for p in files if p != "-"]
    for p in stdin:
        yield check_file(p, opts)
        progress.step()
    if jobs > 1 and len(rest) > 1:
        from concurrent.futures import ProcessPoolExecutor  # start-up: only with --jobs > 1
        jobs = min(jobs, len(rest))
        # Chunks amortise the inter-process traffic; small enough to keep workers balanced.
        size = max(1, min(32, len(rest) // (jobs * 4)))
        chunks = [rest[i:i + size] for i in range(0, len(rest), size)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for batch in pool.map(_check_many, chunks, [opts] * len(chunks)):
                for r in batch:
                    yield r
                    progress.step()
    else:
        for p in rest:
            yield check_file(p, opts)
            progress.step()


# The collector's thresholds for a run over many files, as the language server's: a lint makes
# thousands of short-lived acyclic objects (cells, spans), which the default threshold (700)
# would scan for cycles a few times a file; reference counting frees them.
MANY_FILES_GC_THRESHOLDS = (10_000, 50, 100)
FULL_COLLECTION_EVERY = 1000   # files (a collection of everything: ~70 ms)
# Files whose check's objects were frozen in this process, and full collections made since.
_FROZEN_FILES = [0, 0]


def _collector_after_first(results, total: int):
    """``results``, with Python's cyclic garbage collector off until the first one: start-up
    (imports, the configuration, the first lint) makes tens of thousands of objects that live
    as long as the run, and the collector would scan them again and again while they are made
    (a twentieth of a one-file check). From the second file on it runs, with the thresholds of
    ``MANY_FILES_GC_THRESHOLDS``, and what each file's check leaves alive is frozen (never
    scanned again): the models and memo entries the Analyzer's caches keep for the next files
    (a collection moved tens of thousands of them on, 3–20 ms each time, ~6 % of a corpus
    run's CPU; and restoring the default thresholds at the end scanned them all once more,
    ~60 ms). Freezing does not keep anything alive: what the caches drop is freed by reference
    counting (a lint's objects are acyclic); what a reader may leave in cycles (a few objects
    per HTML page) is collected with everything every ``FULL_COLLECTION_EVERY`` files, before the
    next of the ``total`` files is checked (a run that ends there exits without collecting)."""
    import gc  # (built in) start-up: named where used
    was_on = gc.isenabled()
    thresholds = gc.get_threshold()
    gc.disable()
    try:
        if was_on and total:
            _collect_if_due(gc)          # due at the end of a --jobs worker's last batch
        for i, result in enumerate(results):
            if was_on:
                _FROZEN_FILES[0] += 1    # (counted across a --jobs worker's batches)
                gc.freeze()
                if i == 0:
                    gc.set_threshold(*MANY_FILES_GC_THRESHOLDS)
                    gc.enable()
            yield result
            if was_on and i + 1 < total:
                _collect_if_due(gc)      # before the next file's check
    finally:
        gc.set_threshold(*thresholds)
        if was_on:
            gc.enable()


def _collect_if_due(gc) -> None:
    """A full collection, if ``FULL_COLLECTION_EVERY`` more files were checked since the last."""
    if _FROZEN_FILES[0] // FULL_COLLECTION_EVERY > _FROZEN_FILES[1]:
        _FROZEN_FILES[1] = _FROZEN_FILES[0] // FULL_COLLECTION_EVERY
        gc.unfreeze()
        gc.collect()


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.enabled = total, 0, enabled
        self.width = 30

    def step(self) -> None:
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % max(1, self.total // 200) == 0):
            filled = self.width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
                             + _("{done}/{total} files").format(done=self.done, total=self.total))
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


# -- commands --------------------------------------------------------------------------------
def _codes_or_error(args):
    """(--select, --ignore) as code sets, or None after one line on stderr."""
    try:
        return (parse_codes(args.select) if args.select else None), parse_codes(args.ignore)
    except ValueError as exc:
        sys.stderr.write(_("gilint: error: {message}").format(message=exc) + "\n")
        return None


def cmd_check(args) -> int:
    status = EXIT_OK
    err = sys.stderr

    input_errors: list[tuple[str, str]] = []   # (path, message) for GI000 and SARIF
    config_errors: set[str] = set()

    def fail(message: str, path: str | None = None) -> None:
        nonlocal status
        status = EXIT_ERROR
        where, text = _split_error(message, path)
        input_errors.append((where, text))
        if text.startswith(("configuration: ", _configuration_prefix())):   # one pack error, however many files it stops
            if text in config_errors:
                return
            config_errors.add(text)
            message = _("gilint: error: {message}").format(message=text)
        err.write(message + "\n")

    if args.errors_as_findings and args.format != "json":
        err.write(_("gilint: error: --errors-as-findings goes with --format json (SARIF has its "
                    "toolExecutionNotifications)") + "\n")
        return EXIT_ERROR
    codes = _codes_or_error(args)
    if codes is None:
        return EXIT_ERROR
    select, ignore = codes
    if args.config and not os.path.isfile(args.config):
        err.write(_("{path}: error: configuration file not found").format(path=args.config) + "\n")
        return EXIT_ERROR
    max_bytes = DEFAULT_MAX_FILE_BYTES
    if os.environ.get("GILINT_MAX_FILE_SIZE"):
        try:
            max_bytes = int(os.environ["GILINT_MAX_FILE_SIZE"])
        except ValueError:
            err.write(_("gilint: error: GILINT_MAX_FILE_SIZE must be a number of bytes") + "\n")
            return EXIT_ERROR
    if args.output_file and _unwritable(args.output_file):   # said before any work is done
        err.write(_("{path}: error: cannot write the report: {reason}").format(
            path=args.output_file, reason=_unwritable(args.output_file)) + "\n")
        return EXIT_ERROR
    fix = ("unsafe" if args.unsafe_fixes else "safe") if (args.fix or args.diff) else None
    if args.baseline:
        from gilint.baseline import cached_baseline  # start-up: only with a waiver file
        try:
            cached_baseline(args.baseline)
        except Exception as exc:  # noqa: BLE001 - ConfigError, OSError
            err.write(_("gilint: error: waiver file: {message}").format(message=_one_line(str(exc))) + "\n")
            return EXIT_ERROR
    cache_dir = None
    if not (args.no_cache or fix):   # findings of unchanged files are served again (gilint.cache)
        from gilint import cache  # start-up: only when the result cache is on
        cache_dir = None if cache.disabled_by_env() else cache.cache_dir()
    opts = CheckOptions(select=select, ignore=ignore, config_file=args.config,
                        stdin_filename=args.stdin_filename, max_bytes=max_bytes,
                        verbose=args.verbose, fix=fix, diff=args.diff, baseline=args.baseline,
                        cache_dir=cache_dir,
                        # counts only: nothing is stored in the result cache, written or fixed
                        positions=not (args.statistics and cache_dir is None and not fix))
    if args.config:
        try:
            _base_config(opts, None)
        except Exception as exc:  # noqa: BLE001
            err.write(_("gilint: error: configuration: {message}").format(message=_one_line(str(exc))) + "\n")
            return EXIT_ERROR
    if select or ignore:
        unknown = _unknown_national_codes(select, ignore)
        if unknown:
            err.write(unknown + "\n")
            return EXIT_ERROR
    _warn_unknown_codes(select, ignore, args.config)

    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    from gilint.discover import discover  # start-up: only for `check` on paths
    found = discover(paths)
    for message in found.errors:
        fail(message)

    jobs = args.jobs or (os.cpu_count() or 1)
    progress = _Progress(len(found.files), len(found.files) > PROGRESS_THRESHOLD
                         and not args.quiet and err.isatty())
    diagnostics, checked, failed, seen = [], 0, len(found.errors), set()
    fixed, diffs, stdin_output = 0, [], None
    try:
        for result in _collector_after_first(_run_checks(found.files, opts, jobs, progress),
                                            len(found.files)):
            for message in result.errors:
                if message not in seen:
                    seen.add(message)
                    progress.close()
                    fail(message, result.path)
            for message in result.notes:
                progress.close()
                err.write(message + "\n")
            checked += result.checked
            failed += not result.checked
            diagnostics += result.diagnostics
            fixed += result.fixed
            diffs += [result.diff] if result.diff else []
            stdin_output = result.output if result.output is not None else stdin_output
    finally:
        progress.close()

    from gilint import output  # start-up: only when there is something to print
    if opts.positions:   # (counts need no order)
        output.sort_diagnostics(diagnostics)
    if args.diff:   # like ruff: the diff on stdout, a count on stderr; exit 1 if any change
        output.write(sys.stdout, "".join(diffs))
        err.write((ngettext("Would fix {n} finding.", "Would fix {n} findings.", fixed).format(n=fixed)
                   if fixed else _("No fixes available.")) + "\n")
        return status if status != EXIT_OK else (EXIT_FINDINGS if diffs else EXIT_OK)
    if stdin_output is not None:   # --fix -: the text on stdout, the report on stderr
        sys.stdout.buffer.write(stdin_output)
        sys.stdout.flush()
    try:
        out = (open(args.output_file, "w", encoding="utf-8") if args.output_file
               else sys.stderr if stdin_output is not None else sys.stdout)
    except OSError as exc:
        err.write(_("{path}: error: cannot write the report: {reason}").format(
            path=args.output_file, reason=exc.strerror or exc) + "\n")
        return EXIT_ERROR
    try:
        if args.statistics:
            output.write(out, output.format_statistics(diagnostics,
                                                       "json" if args.format == "json" else "text"))
        elif args.format == "json":
            if args.errors_as_findings:
                diagnostics = output.sort_diagnostics(
                    diagnostics + [output.input_error(p, m) for p, m in input_errors])
            output.write(out, output.format_json(diagnostics))
        elif args.format == "sarif":
            output.write(out, output.format_sarif(diagnostics, _rules_for_sarif(), _version(),
                                                  input_errors))
        elif args.format == "github":
            output.write(out, output.format_github(diagnostics))
        elif args.format == "html":   # the review page (gilint.review.html_page)
            from gilint.review.html_page import build, reading   # start-up: only for --format html
            output.write(out, build(diagnostics, found.files,
                                    lambda p: reading(p, read_input(p, opts), config_for(p, opts)),
                                    _rules_for_sarif(), _version()))
        else:
            summary = None if args.quiet else output.summarize(diagnostics, checked, failed)
            if summary is not None:
                summary.fixed = fixed
            color = output.use_color(out, args.no_color) and not args.output_file
            output.write(out, output.format_text(diagnostics, summary, color))
    finally:
        if out not in (sys.stdout, sys.stderr):
            out.close()

    if status == EXIT_OK and not args.exit_zero and output.fails(diagnostics, args.fail_level):
        status = EXIT_FINDINGS
    if status == EXIT_OK and args.exit_non_zero_on_fix and fixed:
        status = EXIT_FINDINGS
    return status


def _between(template: str) -> str:
    """What stands between {path} and {message} in ``template`` as the user reads it."""
    return _(template).format(path="\0", message="\0").split("\0")[1]


def _configuration_prefix() -> str:
    """The "configuration: " of "path: error: configuration: …" as the user reads it."""
    return _between("{path}: error: configuration: {message}").removeprefix(_between("{path}: error: {message}"))


def _split_error(message: str, path: str | None) -> tuple[str, str]:
    """("path", "what") of a one-line error "path: error: what" (or "…: internal error: …", which
    keeps its "internal error: "), in English or in the language in use ("path：错误：what")."""
    error = _between("{path}: error: {message}")
    internal = _between("{path}: internal error: {message}")
    said = internal.lstrip(": ：")
    for marker, keep in ((": error: ", ""), (error, ""), (": internal error: ", said), (internal, said)):
        head, sep, tail = message.partition(marker)
        if sep and (path is None or head == path):
            return head, keep + tail
    return path or "gilint", message


def _unwritable(path: str) -> str | None:
    """Why ``-o PATH`` cannot be written (None if it looks writable)."""
    if os.path.isdir(path):
        return _("it is a folder")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        return _("no such folder: {folder}").format(folder=os.path.dirname(path) or parent)
    return None


def _rules_for_sarif() -> dict:
    from gilint.checks.registry import all_rules  # start-up: the rules only for the commands that list them
    return all_rules()


def _unknown_national_codes(select, ignore) -> str | None:
    """The error for a --select/--ignore code in the national namespace (GI, which no pack may
    use) that matches no national rule: a typo that would let CI pass silently (as ruff, exit 2)."""
    from gilint.checks.registry import all_rules  # start-up: the rules only when a GI code is given
    from gilint.output import INPUT_ERROR  # start-up: (as above)
    codes = [*all_rules(), INPUT_ERROR[0]]
    for option, values in (("--select", select or ()), ("--ignore", ignore)):
        for v in sorted(values):
            if v.startswith("GI") and not any(c.startswith(v) for c in codes):
                return _("gilint: error: {option} {code}: no national rule has this code or prefix "
                         "(gilint rules lists them)").format(option=option, code=v)
    return None


def _warn_unknown_codes(select, ignore, config_file: str | None = None) -> None:
    """Warn about --select/--ignore codes that match no rule: neither a national one nor one the
    packs in effect here (the current folder's gilint.toml, or --config) declare (a pack in
    effect for other files may declare it)."""
    if not select and not ignore:   # nothing to warn about: do not import the rules
        return
    try:
        _config, rules = _rules_here(config_file)
        codes = list(rules)
    except Exception:  # noqa: BLE001 - the check itself will report a broken install or pack
        return
    for option, values in (("--select", select or ()), ("--ignore", ignore)):
        for v in sorted(values):
            if not any(c.startswith(v) for c in codes):
                sys.stderr.write(_("gilint: warning: {option} {code} matches no rule (national or "
                                   "declared by the packs in effect here)").format(option=option, code=v)
                                 + "\n")


def _rules_here(config_file: str | None):
    """(configuration, {code: rule class}) for the current folder: the national rules and the
    rules declared by the packs of the nearest gilint.toml (or ``--config``)."""
    from gilint.checks.registry import all_rules  # start-up: the rules only for the commands that list them
    from gilint.packs import config_for_path  # start-up: packs load the rules (cached runs skip them)
    config = config_for_path(None, config_file=config_file)
    return config, {**all_rules(), **{r.code: r for r in getattr(config, "declared", ())}}


def _rules_or_error(config_file: str | None):
    """``_rules_here``, or None after one line on stderr for a broken configuration."""
    from gilint.tomlload import ConfigError  # start-up: tomllib only when a configuration is read
    try:
        return _rules_here(config_file)
    except ConfigError as exc:
        sys.stderr.write(_("gilint: error: configuration: {message}").format(message=_one_line(str(exc))) + "\n")
        return None


def cmd_rules(args) -> int:
    found = _rules_or_error(args.config)
    if found is None:
        return EXIT_ERROR
    from gilint.checks.registry import is_enabled  # start-up: the rules only for the commands that list them
    config, rules = found
    rows = [{"code": c, "name": r.name, "severity": config.rule(c).severity or r.severity,
             "enabled": is_enabled(r, config), "fix": getattr(r, "fix", "none"),
             "pack": getattr(r, "pack", None) or "national", "summary": r.summary()}
            for c, r in rules.items()]
    if args.format == "json":
        import json  # start-up: json only for --format json
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    from gilint.termwidth import pad, width  # start-up: only for the listing
    head = (_("code"), _("name"), _("severity"), _("fix"), _("summary"))
    table = [(r["code"], r["name"], r["severity"] if r["enabled"] else "off", r["fix"],
              r["summary"] + ("" if r["pack"] == "national" else f"  [{r['pack']}]"))
             for r in rows]   # the severity in effect here; "off" for a rule the packs disable
    # Columns padded by display width: a CJK heading or name takes two columns a character.
    widths = [max(width(row[i]) for row in (head, *table)) for i in range(len(head) - 1)]
    lines = ["  ".join([*(pad(cell, w) for cell, w in zip(row, widths)), row[-1]]) for row in (head, *table)]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def cmd_rule(args) -> int:
    key = args.code.strip()
    found = _rules_or_error(args.config)
    if found is None:
        return EXIT_ERROR
    from gilint.engine import find_rule, rule_doc  # start-up: the engine only for this command
    config, _rules = found
    cls = find_rule(key, [config])
    if cls is None:
        sys.stderr.write(_("gilint: error: unknown rule {code!r} (see `gilint rules`)").format(code=key) + "\n")
        return EXIT_ERROR
    sys.stdout.write(rule_doc(cls, config))
    return EXIT_OK


def cmd_review(args) -> int:
    """gilint annotate / show: the file read and its configuration here, the work in
    gilint.review (annotate.main / show.main)."""
    from gilint.read.decode import InputError  # start-up: decoding only for annotate/show
    try:
        select = parse_codes(args.select) if getattr(args, "select", None) else None
        ignore = parse_codes(getattr(args, "ignore", []))
    except ValueError as exc:
        sys.stderr.write(_("gilint: error: {message}").format(message=exc) + "\n")
        return EXIT_ERROR
    opts = CheckOptions(select=select, ignore=ignore, config_file=args.config)
    try:
        data = read_input(args.path, opts)
        config = config_for(args.path, opts)
    except (InputError, OSError) as exc:
        sys.stderr.write((_("{path}: error: cannot read: {reason}").format(path=args.path, reason=exc.strerror or exc)
                          if isinstance(exc, OSError) else
                          _("{path}: error: {message}").format(path=args.path, message=_one_line(str(exc)))) + "\n")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a broken configuration
        sys.stderr.write(_("gilint: error: configuration: {message}").format(message=_one_line(str(exc))) + "\n")
        return EXIT_ERROR
    _install_log_handler()
    if args.command == "annotate":
        from gilint.review.annotate import main   # start-up: only for gilint annotate
        return main(args, data, _analyzer(config).lint, _rules_for_sarif())
    from gilint.review.show import main   # start-up: only for gilint show
    return main(args, data, config)


def cmd_lsp(argv: list[str]) -> int:
    try:
        mod = importlib.import_module("gilint.lsp")
    except ModuleNotFoundError as exc:
        missing = exc.name or "gilint.lsp"
        if missing.startswith("gilint"):
            sys.stderr.write(_("gilint: error: the language server is not part of this installation "
                               "(gilint.lsp is missing)") + "\n")
        else:
            sys.stderr.write(_("gilint: error: the language server needs {module}; install it "
                               "with: pip install 'gilint[lsp]'").format(module=missing) + "\n")
        return EXIT_ERROR
    entry = getattr(mod, "main", None)
    if entry is None:
        sys.stderr.write(_("gilint: error: gilint.lsp has no main() entry point") + "\n")
        return EXIT_ERROR
    rc = entry(argv)
    return rc if isinstance(rc, int) else EXIT_OK


# -- gilint baseline ------------------------------------------------------------------------
def _configured_target(config_file: str | None) -> str | None:
    """The waiver file the configuration here names (``baseline = "…"``), if any."""
    from gilint.packs import config_for_path  # start-up: packs only for this command
    from gilint.tomlload import ConfigError  # start-up (as above)
    try:
        return config_for_path(None, config_file=config_file).baseline
    except ConfigError:
        return None   # reported when the files are checked


def cmd_baseline(args) -> int:
    """``gilint baseline [PATHS] [--reason TEXT] [-o FILE]``: record the current findings."""
    from gilint.baseline import BASELINE_FILE, Baseline, Waiver, dumps, load_baseline, waivers_for  # start-up
    from gilint.engine import analyzer_for  # start-up: the engine only for this command
    from gilint.fixes import write_atomic  # start-up (as above)
    from gilint.read.decode import InputError, decode_bytes  # start-up (as above)
    from gilint.read.formats import read_document  # start-up: .docx/.html/.pdf as in `check`
    from gilint.discover import discover  # start-up (as above)
    from gilint.tomlload import ConfigError  # start-up (as above)
    err = sys.stderr
    target = Path(args.output or _configured_target(args.config) or BASELINE_FILE)
    reason = (args.reason or "").strip()
    old: dict[tuple[str, str, str], str] = {}
    kept: list[Waiver] = []
    if target.exists():
        try:
            prev = load_baseline(target)
        except ConfigError as exc:
            err.write(_("gilint: error: {message}").format(message=exc) + "\n")
            return EXIT_ERROR
        old = {(w.path, w.code, w.fingerprint): w.reason for w in prev.waivers}
        kept = prev.waivers
    codes = _codes_or_error(args)
    if codes is None:
        return EXIT_ERROR
    select, ignore = codes
    opts = CheckOptions(select=select, ignore=ignore, config_file=args.config)
    found = discover(args.paths or ["."])
    status = EXIT_OK
    for message in found.errors:
        err.write(message + "\n")
        status = EXIT_ERROR
    base = Baseline(target)
    checked: set[str] = set()
    new: list[Waiver] = []
    for path in found.files:
        if path == "-":
            err.write(_("gilint: error: gilint baseline needs files, not standard input") + "\n")
            status = EXIT_ERROR
            continue
        try:
            data = read_input(path, opts)
            decoded = read_document(path, data) or decode_bytes(data, path)
            config = config_for(path, opts)
        except (InputError, OSError, ConfigError) as exc:
            err.write(_("{path}: error: {message}").format(
                path=path, message=_one_line(str(getattr(exc, "strerror", None) or exc))) + "\n")
            status = EXIT_ERROR
            continue
        key = base.key(path)
        checked.add(key)
        findings = analyzer_for(config).lint(decoded.text)
        new += waivers_for(key, decoded.text, findings)
    missing = 0
    for w in new:
        w.reason = old.get((w.path, w.code, w.fingerprint)) or reason
        missing += not w.reason
    if missing:
        err.write(_("gilint: error: {n} finding(s) have no recorded reason; give one with --reason TEXT "
                    "(e.g. --reason \"经县政务公开办同意\"); {target} was not written").format(
            n=missing, target=target) + "\n")
        return EXIT_ERROR
    waivers = [w for w in kept if w.path not in checked] + new
    added = sum((w.path, w.code, w.fingerprint) not in old for w in new)
    write_atomic(str(target), dumps(waivers).encode("utf-8"))
    err.write(_("Wrote {waivers} waiver(s) ({added} new, {files} file(s) checked) to {target}.").format(
        waivers=len(waivers), added=added, files=len(checked), target=target) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        _choose_language(argv)
        if argv and argv[0] == "lsp":   # the server parses its own options
            return cmd_lsp(argv[1:])
        parser = _build_parser_once(_command_in(argv))
        args = parser.parse_args(argv)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "rule":
            return cmd_rule(args)
        if args.command == "audit":
            from gilint.audit.run import AuditOptions, main as audit  # start-up: only for `gilint audit`
            return audit(AuditOptions(args.paths, args.output, args.manifest, args.config,
                                      args.jobs, args.fail_level, not args.no_dashboard, args.quiet,
                                      _Progress))
        if args.command in ("annotate", "show"):
            return cmd_review(args)
        if args.command == "baseline":
            return cmd_baseline(args)
        if args.command == "config" and args.config_command == "show":
            from gilint.packs import main_show  # start-up: only for `gilint config`
            return main_show(args.file or ".", args.config, args.format)
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(_("gilint: interrupted") + "\n")
        return 130
    except BrokenPipeError:
        # The reader went away (gilint check … | head): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_FINDINGS
    except Exception as exc:  # noqa: BLE001 - never a traceback
        if os.environ.get("GILINT_DEBUG"):
            raise
        sys.stderr.write(_("gilint: internal error: {message}").format(
            message=f"{type(exc).__name__}: {_one_line(str(exc))}") + "\n")
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
