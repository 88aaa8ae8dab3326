"""Which gilint configuration applies to an open document (no pygls here).

Preferred: ``gilint.packs`` (finds and merges the nearest ``gilint.toml`` and the packs it
names) through ``config_for_path(path)``. Until that module lands, the server falls back to the
command line's interim support: the nearest ``gilint.toml`` above the file, overlaid on the
national pack (``gilint.cli._overlay_config_file``: ``[rules.CODE]`` and ``[report]``). Neither
available → ``Config.default()``.

``resolve`` raises ``ConfigError`` (or whatever a pack loader raises) for a broken file; the
server then keeps the document's last good configuration and tells the user once.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path

from gilint.config import Config

CONFIG_NAME = "gilint.toml"
_PACKS_ENTRY_POINTS = ("config_for_path", "config_for_file")


def _packs_entry():
    try:
        packs = importlib.import_module("gilint.packs")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("gilint"):
            return None
        raise
    for name in _PACKS_ENTRY_POINTS:
        fn = getattr(packs, name, None)
        if callable(fn):
            return fn
    return None


def nearest_config_file(path: str | os.PathLike) -> Path | None:
    p = Path(path).resolve()
    for d in [p.parent, *p.parent.parents]:
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


class ConfigResolver:
    """Resolves (and memoises, until ``clear()``) the configuration for file paths."""

    def __init__(self):
        self._by_dir: dict[str, Config] = {}

    def clear(self) -> None:
        self._by_dir.clear()

    def resolve(self, path: str | None) -> Config:
        if not path:
            return Config.default()
        key = os.path.dirname(os.path.abspath(path))
        hit = self._by_dir.get(key)
        if hit is not None:
            return hit
        config = self._load(path)
        self._by_dir[key] = config
        return config

    @staticmethod
    def _load(path: str) -> Config:
        entry = _packs_entry()
        if entry is not None:
            config = entry(path)
            return config if isinstance(config, Config) else Config.default()
        file = nearest_config_file(path)
        if file is None:
            return Config.default()
        from gilint import cli  # stdlib-only at import time
        overlay = getattr(cli, "_overlay_config_file", None)
        if overlay is None:
            return Config.default()
        return overlay(Config.default(), str(file))
