"""Which gilint configuration applies to an open document (no pygls here).

The nearest ``gilint.toml`` (or ``pyproject.toml`` with ``[tool.gilint]``) and the packs it names,
merged — the same lookup as ``gilint check`` (``gilint.packs``). The resolver memoises the outcome
per folder, a broken configuration's ``ConfigError`` included, with the stat signature of the
files it came from (``gilint.lsp.freshness``): ``stale(path)`` tells the server a file changed on
disk, whether or not the client watches files; ``clear()`` forgets everything (the server then
resolves every open document again). ``resolve`` raises ``ConfigError`` for a broken file; the
server then keeps the document's last good configuration and says so once.
"""
from __future__ import annotations

import os
import time
from typing import Optional, Union

from gilint.config import Config
from gilint.packs import default_config, find_config_file, load_config
from gilint.lsp.freshness import Signature, candidate_files, config_files, error_files


def _load(path: str) -> tuple[Union[Config, Exception], Signature]:
    """The configuration for the file ``path`` (or the exception loading it raised), and the
    signature of the files it depends on."""
    folder = os.path.dirname(path)
    found = None
    try:
        found = find_config_file(path)
        outcome: Union[Config, Exception] = load_config(found)
        depends = config_files(outcome)
    except Exception as exc:     # ConfigError, or anything a pack loader raises
        outcome, depends = exc, error_files(exc) + ([str(found)] if found else [])
    return outcome, Signature(candidate_files(folder, found) + depends)


# A broken configuration may depend on a file its signature cannot name (a pack an ``extends``
# names that does not exist yet): it is tried again at most this often (seconds).
RETRY_BROKEN = 1.0


class ConfigResolver:
    """Resolves (and memoises per folder, until ``clear()``) the configuration for file paths."""

    def __init__(self):
        self._by_dir: dict[str, tuple[Union[Config, Exception], Signature, float]] = {}

    def clear(self) -> None:
        self._by_dir.clear()

    def resolve(self, path: Optional[str]) -> Config:
        if not path:
            return default_config()
        path = os.path.abspath(path)
        key = os.path.dirname(path)
        hit = self._by_dir.get(key)
        if hit is None:
            hit = self._by_dir[key] = (*_load(path), time.monotonic())
        if isinstance(hit[0], Exception):
            raise hit[0].with_traceback(None)
        return hit[0]

    def files(self, path: Optional[str]) -> tuple[str, ...]:
        """The files the configuration of ``path``'s folder depends on (once resolved)."""
        hit = self._by_dir.get(os.path.dirname(os.path.abspath(path))) if path else None
        return hit[1].files if hit else ()

    def stale(self, path: Optional[str]) -> bool:
        """True if a file the configuration of ``path``'s folder was built from (or failed to
        build from) changed since it was resolved, or if it failed and loads now (tried again
        at most every RETRY_BROKEN seconds)."""
        if not path:
            return False
        key = os.path.dirname(os.path.abspath(path))
        hit = self._by_dir.get(key)
        if hit is None:
            return False
        if hit[1].changed():
            return True
        if not isinstance(hit[0], Exception) or time.monotonic() - hit[2] < RETRY_BROKEN:
            return False
        del self._by_dir[key]
        try:
            self.resolve(path)
        except Exception as exc:   # still broken (memoised again, with the time of this try)
            return str(exc) != str(hit[0])      # broken otherwise: say so
        return True
