"""Compiled ``regex`` patterns stored between runs, as Python stores compiled modules.

The ``regex`` module parses and compiles a pattern in Python, about 0.3 ms a pattern: a one-file
``gilint check`` compiles some sixty (its own and the pack's), a third of its time. A compiled
pattern is what pickle keeps of it (``copyreg``: the constructor and its arguments — the
pattern's code for the matching engine); those arguments are stored in the user cache folder
under the ``regex`` version and read back with ``marshal``, so a pattern seen before is rebuilt
by the constructor from the very arguments its first compile produced, without parsing: what
unpickling it would give (``regex`` orders a few parts of a pattern's code by string hashes, so
two processes may compile one pattern to code that differs in that order only). A store that is missing,
damaged or of another ``regex`` makes gilint slower, never different. Locale-dependent patterns
are never stored (their code depends on the locale at compile time).
"""
from __future__ import annotations

import marshal
import os
import sys

import regex

from gilint import stored
from gilint.hashes import digest

_MAGIC = b"GIR\x01"
_MAX_ENTRIES = 4096          # a store grown beyond this (many packs' patterns) starts again
# An inline flag group that may set LOCALE: (?L), (?iL), (?L:…)
_INLINE_FLAGS = "(?"

_known: dict | None = None    # (source, flags) → the constructor's arguments; loaded on first use
_new: dict = {}               # compiled in this process, not in the store yet
_build = None                 # the constructor pickle would call (regex's, from copyreg)


def _file() -> str:
    key = digest(f"{regex.__version__} {regex.DEFAULT_VERSION} {sys.version_info[:2]} "
                 f"{marshal.version} {sys.implementation.name}".encode())
    return os.path.join(stored.user_cache_dir(), "regex", key)


def _load() -> dict:
    global _known
    _known = {}
    try:
        with open(_file(), "rb") as f:
            payload = stored.unseal(_MAGIC, f.read())
        if payload is not None:
            known = marshal.loads(payload)
            if type(known) is dict:
                _known = known
    except (OSError, ValueError, EOFError, TypeError):
        pass   # compiled again, and stored at exit
    return _known


def _constructor():
    """The function pickle rebuilds a ``regex`` pattern with (registered with copyreg by regex)."""
    global _build
    if _build is None:
        import copyreg  # start-up: (already imported by the interpreter; named here, where used)
        _build = copyreg.dispatch_table[regex.Pattern]
    return _build


def compile(source: str, flags: int = 0):  # noqa: A001 - the same call as regex.compile
    """``regex.compile(source, flags)``, rebuilt from the store when it was compiled before."""
    known = _known if _known is not None else _load()
    key = (source, int(flags))   # (a RegexFlag is an int marshal cannot keep)
    args = known.get(key)
    if args is not None:
        try:
            return _rebuild(args)
        except Exception:  # noqa: BLE001 - a store of another build: compiled as without it
            known.pop(key, None)
    pattern = regex.compile(source, flags)
    if type(source) is str and not (pattern.flags & regex.LOCALE) and not _may_set_locale(source):
        make, made_args = _constructor()(pattern)
        if not _new:
            import atexit  # start-up: only when a pattern was compiled that the store lacks
            atexit.register(save)
        _new[key] = (f"{make.__module__}.{make.__qualname__}", made_args)
    return pattern


def _rebuild(entry):
    name, args = entry
    module, _, qualname = name.rpartition(".")
    make = getattr(sys.modules[module], qualname)
    pattern = make(*args)
    if type(pattern) is not regex.Pattern:
        raise TypeError(name)
    return pattern


def _may_set_locale(source: str) -> bool:
    """Whether an inline flag group in ``source`` may name LOCALE (``(?L)``, ``(?aL:…)``):
    conservative, any ``(?`` followed by letters holding ``L``."""
    i = source.find(_INLINE_FLAGS)
    while i >= 0:
        j = i + 2
        while j < len(source) and (source[j].isalpha() or source[j] == "-"):
            if source[j] == "L":
                return True
            j += 1
        i = source.find(_INLINE_FLAGS, i + 2)
    return False


def save() -> None:
    """Add the patterns compiled in this process to the store (at exit; atomic, best effort)."""
    if not _new:
        return
    merged = dict(_known or {})
    if len(merged) + len(_new) > _MAX_ENTRIES:
        merged = {}
    merged.update(_new)
    _new.clear()
    try:
        stored.write(stored.user_cache_dir(), _file(), stored.seal(_MAGIC, marshal.dumps(merged)))
    except (OSError, ValueError):   # ValueError: an argument marshal cannot keep
        pass
