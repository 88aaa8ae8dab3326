"""TOML loading with errors that name the file, line and column."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from gilint.i18n import gettext as _

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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
