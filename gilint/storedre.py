"""Compiled patterns stored between runs, as Python stores compiled modules.

Both pattern compilers are written in Python and slow: the ``regex`` module takes about 0.3 ms
a pattern, the standard ``re`` up to 2 ms for a class of Han characters (its charset
optimiser walks the whole Basic Multilingual Plane). A one-file ``gilint check`` compiles some
seventy patterns (its own and the pack's), a third of its time. So what a compile produces —
the matching engine's code, handed to the engine's constructor — is stored in the user cache
folder (keyed by the Python version; a ``regex`` pattern by ``regex``'s too) and read back
with ``marshal``; a pattern seen before is rebuilt by the constructor from the very arguments
a compile produced, without parsing:

- ``regex``: what pickle keeps of a pattern (``copyreg``: the constructor and its arguments);
  unpickling gives the same. (``regex`` orders a few parts of a pattern's code by string
  hashes, so two processes may compile one pattern to code differing in that order only.)
- ``re``: the arguments ``re.compile`` passes to ``_sre.compile`` (the pattern, flags, code and
  groups), stored only when the pattern they rebuild compares equal to ``re.compile``'s
  (``re`` patterns compare by their code).

A store that is missing, damaged or of another Python or ``regex`` makes gilint slower, never
different. Locale-dependent and bytes patterns are never stored.
"""
from __future__ import annotations

import marshal
import os
import re
import sys

from gilint import stored
from gilint.hashes import digest

_MAGIC = b"GIR\x02"
# A store grown beyond this (many packs' patterns: a test suite's) keeps only what the process
# that finds it so used (reading it costs about 3 µs a pattern).
_MAX_ENTRIES = 512
# An inline flag group that may set LOCALE: (?L), (?iL), (?L:…)
_INLINE_FLAGS = "(?"
_RE = "re"                   # the first item of an ``re`` pattern's key

_known: dict | None = None    # key → the constructor's arguments; loaded on first use
_new: dict = {}               # compiled in this process, not in the store yet
_used: set = set()            # keys of the store's entries this process used
_build = None                 # the constructor pickle would call (regex's, from copyreg)


def _file() -> str:
    import _sre  # (built in; imported by re)
    key = digest(f"{sys.version} {_sre.MAGIC} {marshal.version} {sys.implementation.cache_tag}".encode())
    return os.path.join(stored.user_cache_dir(), "patterns", key)


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


def _remember(key, args) -> None:
    if not _new:
        import atexit  # start-up: only when a pattern was compiled that the store lacks
        atexit.register(save)
    _new[key] = args


# -- regex ---------------------------------------------------------------------------------------
def _constructor(regex):
    """The function pickle rebuilds a ``regex`` pattern with (registered with copyreg by regex)."""
    global _build
    if _build is None:
        import copyreg  # start-up: (already imported by the interpreter; named here, where used)
        _build = copyreg.dispatch_table[regex.Pattern]
    return _build


def compile(source: str, flags: int = 0):  # noqa: A001 - the same call as regex.compile
    """``regex.compile(source, flags)``, rebuilt from the store when it was compiled before."""
    import regex  # start-up: a module with only re patterns (the cached CLI's) never imports regex
    known = _known if _known is not None else _load()
    # (a RegexFlag is an int marshal cannot keep)
    key = ("regex", regex.__version__, int(regex.DEFAULT_VERSION), source, int(flags))
    entry = known.get(key)
    if entry is not None:
        try:
            pattern = _rebuild(regex, entry)
            _used.add(key)
            return pattern
        except Exception:  # noqa: BLE001 - a store of another build: compiled as without it
            known.pop(key, None)
    pattern = regex.compile(source, flags)
    if type(source) is str and not (pattern.flags & regex.LOCALE) and not _may_set_locale(source):
        make, made_args = _constructor(regex)(pattern)
        name = f"{make.__module__}.{make.__qualname__}"
        if name == _REGEX_CONSTRUCTOR:   # (another regex release may pickle otherwise: not stored)
            _remember(key, (name, made_args))
    return pattern


_REGEX_CONSTRUCTOR = "regex._regex.compile"   # the only one a stored entry may name


def _rebuild(regex, entry):
    name, args = entry
    if name != _REGEX_CONSTRUCTOR:   # (the store names no other function: nothing else is called)
        raise TypeError(name)
    pattern = sys.modules["regex._regex"].compile(*args)
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


# -- re --------------------------------------------------------------------------------------------
def compile_re(source: str, flags: int = 0):
    """``re.compile(source, flags)``, rebuilt from the store when it was compiled before."""
    known = _known if _known is not None else _load()
    key = (_RE, source, int(flags))
    args = known.get(key)
    if args is not None:
        try:
            import _sre  # (built in; imported by re)
            pattern = _sre.compile(*args)
            if type(pattern) is re.Pattern:
                _used.add(key)
                return pattern
        except Exception:  # noqa: BLE001 - a store of another build: compiled as without it
            pass
        known.pop(key, None)
    pattern = re.compile(source, flags)
    if type(source) is str and not (int(flags) & (re.DEBUG | re.LOCALE)):
        args = _re_arguments(source, int(flags), pattern)
        if args is not None:
            _remember(key, args)
    return pattern


def _re_arguments(source: str, flags: int, pattern):
    """What ``re.compile`` hands ``_sre.compile`` for ``source`` (its own steps, Python 3.10–
    3.13), or None unless the pattern they make is ``pattern`` (compared by code)."""
    import _sre  # (built in; imported by re)
    try:
        try:
            from re import _compiler, _parser  # start-up: only for a pattern the store lacks (3.11+)
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_compile as _compiler  # start-up: (as above)
            import sre_parse as _parser  # start-up: (as above)
        p = _parser.parse(source, flags)
        code = _compiler._code(p, flags)
        groupindex = dict(p.state.groupdict)
        indexgroup = [None] * p.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        args = (source, int(flags | p.state.flags), [int(c) for c in code],   # (opcodes are int subclasses)
                int(p.state.groups - 1), groupindex, tuple(indexgroup))
        return args if _sre.compile(*args) == pattern else None
    except Exception:  # noqa: BLE001 - another Python's compiler: not stored
        return None


def save() -> None:
    """Add the patterns compiled in this process to the store (at exit; atomic, best effort)."""
    if not _new:
        return
    merged = dict(_known or {})
    if len(merged) + len(_new) > _MAX_ENTRIES:
        merged = {key: merged[key] for key in _used if key in merged}
    merged.update(_new)
    _new.clear()
    try:
        stored.write(stored.user_cache_dir(), _file(), stored.seal(_MAGIC, marshal.dumps(merged)))
    except (OSError, ValueError):   # ValueError: an argument marshal cannot keep
        pass
