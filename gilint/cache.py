"""The result cache of ``gilint check`` (like ruff's ``.ruff_cache``): one entry per input file.

A one-file ``gilint check`` spends most of its time importing the engine, compiling its regular
expressions and loading the national pack; the check itself takes a few milliseconds. Editors'
save hooks and pre-commit run it again and again on files that did not change, so the findings
of a file are kept and served again, without importing the engine, as long as nothing that can
change them has changed.

Where: ``.gilint_cache/`` in the project root — the nearest folder, from the current one up,
holding a gilint.toml, a pyproject.toml or a .git — else the user cache folder
(``$XDG_CACHE_HOME/gilint``, ``~/Library/Caches/gilint``, ``%LOCALAPPDATA%\\gilint\\Cache``).
``GILINT_CACHE_DIR`` names another folder; ``--no-cache`` or ``GILINT_NO_CACHE=1`` turn it off.

An entry is served only if all of these are as they were when it was written:

- gilint's version and its code (size and mtime of every file of the package), the Python
  version and environment, the installed regex and charset-normalizer;
- the file's bytes (hash), its path (as given and absolute) and the options that change
  findings (--select, --ignore, --config, --baseline);
- which configuration file applies: the folders that ``gilint.packs.find_config_file`` looks at
  are looked at again (gilint.toml present? each pyproject.toml on the way re-hashed);
- the configuration itself: every file it was built from — the national pack, each pack in the
  extends chain, the templates and what they extend — re-hashed, and every decision about which
  file a reference names (a folder's pack.toml or gilint.toml, a symlink's target) made again;
- the waiver file (--baseline), re-hashed.

Configurations with installed packs (``extends = ["name"]``) or plugin check kinds are never
cached: their code lives outside these files. ``--fix``, ``--diff`` and standard input bypass
the cache; only inputs whose check succeeded without internal errors are stored: plain text,
and documents (.docx, HTML, PDF) read by gilint's own readers, whose entries also record the
libraries the reader read them with (READER_LIBRARIES: a new pdfplumber may read a PDF
differently; gilint's own reader code is in every key, as above). A hit on a document reads
neither the document nor those libraries.
A broken or unwritable cache is ignored: it can make gilint slower, never different (every
entry carries a checksum of its contents; one that does not match is a miss).

A hit imports only os, sys, marshal and blake2.
"""
from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

import gilint  # gilint.__version__ read when used (tests change it)
from gilint import stored
from gilint.hashes import digest

DIR_NAME = ".gilint_cache"
FORMAT = 2                     # of the entries; part of every key
# An entry file: MAGIC, the 16-byte blake2b of the rest, then the marshalled entry. A flipped
# bit anywhere (disk, copy, a crash mid-write on a file system without atomic rename) makes
# the checksum differ and the entry a miss; marshal alone would read many such entries as
# other, valid-looking diagnostics.
MAGIC = b"GIC\x02"
_ROOT_MARKERS = ("gilint.toml", "pyproject.toml", ".git")
_CONFIG_FILE, _PYPROJECT, _PACK_FILE = "gilint.toml", "pyproject.toml", "pack.toml"



def seal(payload: bytes) -> bytes:
    """An entry file's bytes: ``payload`` behind MAGIC and its checksum."""
    return stored.seal(MAGIC, payload)


def unseal(blob: bytes) -> bytes | None:
    """The payload of an entry file, or None if it is not one or its checksum is wrong."""
    return stored.unseal(MAGIC, blob)


def disabled_by_env() -> bool:
    return os.environ.get("GILINT_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


# -- where ------------------------------------------------------------------------------------
def cache_dir(cwd: str | None = None) -> str:
    """The cache folder for a run started in ``cwd`` (the current folder)."""
    env = os.environ.get("GILINT_CACHE_DIR")
    if env:
        return os.path.abspath(env)
    folder = os.path.abspath(cwd or os.getcwd())
    while True:
        if any(os.path.exists(os.path.join(folder, m)) for m in _ROOT_MARKERS):
            return os.path.join(folder, DIR_NAME)
        parent = os.path.dirname(folder)
        if parent == folder:
            return stored.user_cache_dir()
        folder = parent


# -- keys -------------------------------------------------------------------------------------
_SALT: list[str] = []


def _stamp(path: str) -> str:
    try:
        s = os.stat(path)
    except OSError:
        return f"{path}:-"
    return f"{path}:{s.st_size}:{s.st_mtime_ns}"


def salt() -> str:
    """What the whole installation contributes to every key (computed once per process)."""
    if not _SALT:
        package = os.path.dirname(os.path.abspath(__file__))
        parts = [f"gilint {gilint.__version__}", f"format {FORMAT}", sys.version, sys.prefix,
                 getattr(sys.implementation, "cache_tag", "") or ""]
        # The code itself: a checkout (or an edited installation) changes without a new version.
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".toml", ".json")):
                    parts.append(_stamp(os.path.join(folder, name)))
        for mod in ("regex", "charset_normalizer"):   # their behaviour is part of the findings
            for entry in sys.path:
                init = os.path.join(entry or ".", mod, "__init__.py")
                if os.path.isfile(init):
                    parts.append(_stamp(init))
                    break
        _SALT.append(digest("\n".join(parts).encode("utf-8", "surrogateescape")))
    return _SALT[0]


def _options(opts) -> str:
    def absolute(p):
        return os.path.abspath(p) if p else None
    return repr((sorted(opts.select) if opts.select is not None else None, sorted(opts.ignore),
                 absolute(opts.config_file), absolute(opts.baseline)))


def _entry_file(folder: str, path: str, display: str, opts) -> tuple[str, str]:
    """(entry file, key) for one input and the options of this run."""
    key = "\0".join((salt(), os.path.abspath(path), display, _options(opts)))
    return os.path.join(folder, gilint.__version__, digest(key.encode("utf-8", "surrogateescape"))), key


# -- what a document's reading depends on (beyond gilint's own code) -------------------------------
# The libraries each built-in reader (gilint.read.formats, by Document.format) reads with.
READER_LIBRARIES = {"docx": ("docx", "lxml"), "html": ("lxml",),
                    "pdf": ("pdfplumber", "pdfminer", "pypdfium2")}


def library_stamp(module: str) -> str:
    """The installed package ``module`` as a stamp of its __init__.py (found the way the
    import system would, without importing it); "-" if it is not installed."""
    for entry in sys.path:
        init = os.path.join(entry or ".", module, "__init__.py")
        if os.path.isfile(init):
            return _stamp(init)
    return "-"


def reader_libraries(document) -> list[tuple[str, str]] | None:
    """(module, stamp) of the libraries ``document`` was read with; [] for plain text; None if
    a reader of unknown code read it (a plugin: never cached)."""
    fmt = getattr(document, "format", None)
    if fmt is None:
        return []
    if fmt not in READER_LIBRARIES or not type(document).__module__.startswith("gilint."):
        return None
    return [(m, library_stamp(m)) for m in READER_LIBRARIES[fmt]]


# -- what the configuration depends on ----------------------------------------------------------
def _folders(path: str) -> list[str]:
    """The folders ``find_config_file(path)`` looks at, in order, for a file ``path`` — as
    ``Path(path).absolute().parent`` and its parents name them (".." is kept, "." dropped)."""
    p = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)
    if os.name == "nt":  # pragma: no cover - pathlib's rules for drives and UNC paths
        start = Path(p).parent
        return [str(f) for f in (start, *start.parents)]
    root = "//" if p.startswith("//") and not p.startswith("///") else "/"
    parts = [x for x in p.split("/") if x and x != "."][:-1]
    out = []
    while True:
        out.append(root + "/".join(parts))
        if not parts:
            return out
        parts.pop()


def _read_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return digest(f.read())
    except OSError:
        return None


# Hashes of configuration files, reused while the file's (mtime, size) stay the same — the very
# test gilint.packs.load_config uses to reuse a configuration it loaded, so the two agree on
# when a file changed (a run over many files looks at the same few files for each of them).
_HASHES: dict[str, tuple[tuple, str | None]] = {}


def _file_hash(path: str) -> str | None:
    try:
        s = os.stat(path)
    except OSError:
        return None
    stamp = (s.st_mtime_ns, s.st_size)
    hit = _HASHES.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    h = _read_hash(path)
    _HASHES[path] = (stamp, h)
    return h


def _look(folder: str, hash_file=_read_hash) -> tuple[str, bool, str | None]:
    """What find_config_file sees in one folder: (folder, gilint.toml?, pyproject.toml's hash)."""
    if os.path.isfile(os.path.join(folder, _CONFIG_FILE)):
        return folder, True, None
    pyproject = os.path.join(folder, _PYPROJECT)
    return folder, False, hash_file(pyproject) if os.path.isfile(pyproject) else None


# One run's walks by folder: [the run's options, {first folder: _walk_for's answer}, the
# configurations whose path decisions were made again in this run] (the CLI looks the
# configuration file up once per folder of a run too: the two agree). A decision changed
# later in the run is caught by the next run's lookup: a miss, never a wrong hit.
_RUN_WALKS: list = [None, {}, set()]


def _walk_for(path: str):
    """(the observations behind find_config_file(path), the file it finds), or None if they
    cannot be reproduced (then nothing is stored)."""
    folders = _folders(path)
    start = Path(path).absolute()
    start = start if start.is_dir() else start.parent
    if folders != [str(f) for f in (start, *start.parents)]:
        return None
    walks = _RUN_WALKS[1]
    if folders[0] not in walks:
        walks[folders[0]] = _walk(path, folders)
    return walks[folders[0]]


def _walk(path: str, folders: list[str]):
    from gilint.packs import find_config_file, has_tool_gilint  # start-up: packs import regex
    seen, found = [], None
    for folder in folders:
        look = _look(folder, _file_hash)
        seen.append(look)
        if look[1]:
            found = os.path.join(folder, _CONFIG_FILE)
            break
        if look[2] is not None and has_tool_gilint(Path(folder) / _PYPROJECT):
            found = os.path.join(folder, _PYPROJECT)
            break
    actual = find_config_file(path)
    if (str(actual) if actual is not None else None) != found:
        return None
    return seen, found


class _Uncacheable(Exception):
    pass


_DEPENDENCIES: dict = {}


def _dependencies(config_file: str | None):
    """(pack files with their hashes, path decisions) that the configuration of
    ``config_file`` (None: the national pack alone) is built from (its templates record their
    own: gilint.templates.Template.files). Reused while all of them are unchanged."""
    key = os.path.abspath(config_file) if config_file is not None else None
    hit = _DEPENDENCIES.get(key)
    if isinstance(hit, _Uncacheable):   # (for the rest of this run: never cached, never stale)
        raise hit
    if hit is not None and all(_file_hash(p) == h for p, h in hit[0].items()) \
            and (key in _RUN_WALKS[2] or _checks_hold(hit[1])):
        _RUN_WALKS[2].add(key)
        return hit
    try:
        _DEPENDENCIES[key] = found = _find_dependencies(config_file)
    except _Uncacheable as exc:
        _DEPENDENCIES[key] = exc
        raise
    return found


def _find_dependencies(config_file: str | None):
    """Mirrors the lookups of gilint.packs.load_chain/resolve_ref/validate_layer. Raises
    _Uncacheable for configurations whose behaviour lives outside files."""

    from gilint import packs  # start-up: packs import regex, needed only on a cache miss
    files: dict[str, str | None] = {}
    checks: list[tuple[str, str, object]] = []

    def dep(p, h) -> None:
        if h is None:
            raise _Uncacheable(f"cannot read {p}")
        files[str(p)] = h

    for layer in packs.load_chain(Path(config_file) if config_file is not None else None):
        dep(layer.path, _file_hash(str(layer.path)))
        checks.append(("real", str(layer.path), os.path.realpath(layer.path)))
        for ref in packs.extends_list(layer):
            if ref == "national":
                continue
            if not packs.looks_like_path(ref):
                raise _Uncacheable(f"installed pack {ref!r}")
            p = Path(os.path.normpath(layer.path.parent / ref))
            checks.append(("dir", str(p), p.is_dir()))
            if p.is_dir():
                for name in (packs.PACK_FILE, packs.CONFIG_FILE):
                    checks.append(("file", str(p / name), (p / name).is_file()))
        rules = layer.data.get("rules")
        for spec in rules.values() if isinstance(rules, dict) else ():
            if isinstance(spec, dict) and ":" in str(spec.get("kind", "")):
                raise _Uncacheable("plugin check kind")
        for key in ("templates", "extend-templates"):   # which file each template ref names
            refs = layer.data.get(key)
            for t in refs if isinstance(refs, list) else ():
                p = layer.path.parent / str(t)
                checks.append(("real", str(p), os.path.realpath(p)))
    return files, checks


def _checks_hold(checks) -> bool:
    for kind, p, value in checks:
        if kind == "real":
            if os.path.realpath(p) != value:
                return False
        elif kind == "dir":
            if os.path.isdir(p) != value:
                return False
        elif os.path.isfile(p) != value:
            return False
    return True


# -- the entry points ---------------------------------------------------------------------------
def lookup(folder: str, path: str, display: str, opts, data: bytes) -> list[dict] | None:
    """The cached diagnostics (dicts of gilint.output.Diagnostic without ``path``) of the input
    ``path`` whose bytes are ``data``, or None."""
    try:
        entry_file, key = _entry_file(folder, path, display, opts)
        with open(entry_file, "rb") as f:
            payload = unseal(f.read())
        if payload is None:
            return None
        entry = marshal.loads(payload)
        if not isinstance(entry, dict) or entry.get("key") != key or entry.get("data") != digest(data):
            return None
        walk = entry["walk"]
        if walk is not None:
            folders = _folders(path)
            if len(folders) < len(walk) or any(_look(f) != tuple(w) for f, w in zip(folders, walk)):
                return None
        for p, h in entry["files"]:
            if _read_hash(p) != h:
                return None
        if not _checks_hold(entry["checks"]):
            return None
        if any(library_stamp(m) != stamp for m, stamp in entry.get("libraries", ())):
            return None
        diagnostics = entry["diagnostics"]
        return diagnostics if isinstance(diagnostics, list) else None
    except Exception:  # noqa: BLE001 - a missing, corrupt or unreadable entry is a miss
        return None


def begin(path: str, opts):
    """Before the configuration of a missed input is loaded: what it will be built from, so
    that a file changed while the input is checked can never be recorded with findings made
    from its earlier content. None if the input cannot be cached."""
    try:
        walk = None
        config_file = opts.config_file
        if _RUN_WALKS[0] is not opts:
            _RUN_WALKS[:] = [opts, {}, set()]
        if config_file is None:
            found = _walk_for(path)
            if found is None:
                return None
            walk, config_file = found
        files, checks = _dependencies(config_file)
        files = dict(files)
        if opts.baseline:
            h = _read_hash(os.path.abspath(opts.baseline))
            if h is None:
                return None
            files[os.path.abspath(opts.baseline)] = h
        return walk, files, checks
    except Exception:  # noqa: BLE001 - e.g. a broken pack: reported by the check, not cached
        return None


def store(token, folder: str, path: str, display: str, opts, data: bytes, config,
          diagnostics, document=None) -> bool:
    """Record the diagnostics of a checked input (``token`` from ``begin``; ``document`` what
    it was read as: gilint.read.decode.Decoded or a format reader's Document); False (and
    nothing written) if it cannot be cached. Never raises."""
    try:
        libraries = reader_libraries(document)
        if token is None or libraries is None:
            return False
        walk, files, checks = token
        files = dict(files)
        for t in config.templates:   # the bytes each template was parsed from, as loaded
            if not getattr(t, "files", ()):
                return False
            files.update(t.files)
        if any(":" in (getattr(r, "kind", "") or "") for r in config.declared):
            return False
        if getattr(config, "baseline", None) and not opts.baseline:
            return False   # a waiver file named by the configuration: not known to be covered
        entry_file, key = _entry_file(folder, path, display, opts)
        rows = []
        for d in diagnostics:
            row = dict(vars(d))
            row.pop("path", None)
            rows.append(row)
        blob = seal(marshal.dumps({"key": key, "data": digest(data), "walk": walk,
                                   "files": sorted(files.items()), "checks": checks,
                                   "libraries": libraries, "diagnostics": rows}))
        stored.write(folder, entry_file, blob)
        return True
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache
        return False
