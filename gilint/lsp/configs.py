"""Which gilint configuration applies to an open document (no pygls here).

``gilint.packs.config_for_path(path)`` finds and merges the nearest ``gilint.toml`` (or
``pyproject.toml`` with ``[tool.gilint]``) and the packs it names — the same lookup as
``gilint check``. The resolver memoises per folder until ``clear()`` (the server clears it when a
watched ``*.toml`` or the client's settings change). ``resolve`` raises ``ConfigError`` for a
broken file; the server then keeps the document's last good configuration and says so once.
"""
from __future__ import annotations

import os

from gilint.config import Config


def _config_for_path(path: str) -> Config:
    try:
        from gilint.packs import config_for_path
    except ImportError:          # an installation without pack support: the national pack
        return Config.default()
    return config_for_path(path)


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
        if hit is None:
            hit = self._by_dir[key] = _config_for_path(path)
        return hit
