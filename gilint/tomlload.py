"""TOML loading with errors that name the file, line and column."""
from __future__ import annotations

import sys
from pathlib import Path

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
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from None
    return loads_toml(data.decode("utf-8-sig", errors="replace"), path)


def loads_toml(text: str, path: str | Path | None = None) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        col = getattr(exc, "colno", None) or 1
        msg = getattr(exc, "msg", None) or str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {msg}", path, line, col) from None
