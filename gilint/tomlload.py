"""TOML loading with errors that name the file, line and column.

What a TOML file parses to is stored (like a .pyc file) in the user cache folder, keyed by the
hash of its text: the national pack and its templates are read by every ``gilint check``, with
or without ``--no-cache`` (which is about results), and importing tomllib and parsing them
costs more than reading the stored data. Only data that ``marshal`` keeps exactly (no dates)
is stored; a stored file whose checksum fails is parsed again.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
from pathlib import Path

from gilint import stored
from gilint.hashes import digest
from gilint.i18n import gettext as _

_MAGIC = b"GIT\x01"


class ConfigError(Exception):
    """A configuration or pack problem; ``str()`` is ``file:line:col: message``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int = 1, column: int = 1):
        self.message, self.path, self.line, self.column = message, path, line, column
        where = f"{path}:{line}:{column}: " if path else ""
        super().__init__(where + message)


def load_toml(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(_("cannot read: {v0}").format(v0=exc.strerror or exc), path) from None
    return loads_toml(data.decode("utf-8-sig", errors="replace"), path)


def loads_toml(text: str, path: str | Path | None = None) -> dict:
    """The data of a TOML text; ``path`` (the file it was read from, for errors) also lets the
    result be stored and read back next time (see above)."""
    entry = _entry(text) if path is not None else None
    if entry is not None:
        try:
            with open(entry, "rb") as f:
                payload = stored.unseal(_MAGIC, f.read())
            if payload is not None:
                return marshal.loads(payload)
        except (OSError, ValueError, EOFError, TypeError):
            pass   # parsed again below
    data = _parse(text, path)
    if entry is not None:
        try:
            stored.write(stored.user_cache_dir(), entry, stored.seal(_MAGIC, marshal.dumps(data)))
        except (OSError, ValueError):   # ValueError: a date, which marshal cannot keep
            pass
    return data


def _entry(text: str) -> str:
    key = digest(f"{marshal.version} {sys.version_info[:2]}\n{text}".encode("utf-8", "surrogatepass"))
    return os.path.join(stored.user_cache_dir(), "toml", key[:2], key)


def _parse(text: str, path: str | Path | None) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib   # start-up: only for a TOML text not stored yet
    else:  # pragma: no cover
        import tomli as tomllib   # start-up: (as above; Python 3.10)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg, line, col = _position(exc, text)
        raise ConfigError(_("invalid TOML: {msg}").format(msg=msg), path, line, col) from None


def _position(exc, text: str) -> tuple[str, int, int]:
    """(message, line, column) of a TOML error. Python 3.14's tomllib has ``lineno``/``colno``;
    before it (tomllib 3.11–3.13, tomli on 3.10) only the message says where: "… (at line 4,
    column 7)" or "… (at end of document)"."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    msg = getattr(exc, "msg", None) or str(exc)
    m = re.search(r" \(at line (\d+), column (\d+)\)$", msg)
    if m:
        msg, line, col = msg[:m.start()], line or int(m.group(1)), col or int(m.group(2))
    elif msg.endswith(" (at end of document)"):
        msg = msg[:-len(" (at end of document)")]
        lines = text.splitlines() or [""]
        line, col = line or len(lines), col or len(lines[-1]) + 1
    return msg, line or 1, col or 1


def toml_str(s: str) -> str:
    """``s`` as a TOML string: a literal string where that avoids doubling backslashes (regexes),
    else a basic string with every special character escaped."""
    if "\\" in s and "'" not in s and not any(ord(c) < 0x20 or ord(c) == 0x7f for c in s):
        return f"'{s}'"
    out = []
    for ch in s:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
