"""Has a configuration file changed on disk? (no pygls here)

Not every client tells the server: Neovim 0.11 turns file watching off on Linux, Helix and
eglot watch nothing by default, so ``workspace/didChangeWatchedFiles`` may never come. The server
therefore keeps, for each folder's configuration, the stat signature (mtime_ns, size, inode —
None for a missing file) of every file it depends on, and compares it before analysing:

- the configuration candidates (``gilint.toml``, ``pyproject.toml``) in the document's folder and
  each folder above it, up to the one whose file was found (to the root if none was): a new
  ``gilint.toml`` nearer the document, or a deleted one, changes which file applies;
- every pack of the ``extends`` chain (the national pack and installed packs included);
- the waiver file named by ``baseline = "…"``;
- for a broken configuration, the file the error points at; and since it may depend on a file
  no signature can name (a pack an ``extends`` names that does not exist yet), the resolver
  also tries it again, at most once a second (``gilint.lsp.configs.RETRY_BROKEN``).

A dozen ``os.stat`` calls, a few microseconds each: cheap enough for every analysis. A file
rewritten within the filesystem's timestamp granularity at the same size and inode is missed.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

CANDIDATES = ("gilint.toml", "pyproject.toml")


def stat_key(path: str) -> Optional[tuple[int, int, int]]:
    try:
        s = os.stat(path)
    except OSError:
        return None
    return (s.st_mtime_ns, s.st_size, s.st_ino)


def candidate_files(folder: str, found: Optional[Path]) -> list[str]:
    """The configuration candidates from ``folder`` up to ``found``'s folder (or the root)."""
    stop = str(found.parent) if found is not None else None
    out, here = [], os.path.abspath(folder)
    while True:
        out.extend(os.path.join(here, name) for name in CANDIDATES)
        parent = os.path.dirname(here)
        if here == stop or parent == here:
            return out
        here = parent


def config_files(config) -> list[str]:
    """The files a built configuration was read from: its packs and its waiver file."""
    files = [str(path) for _name, path in getattr(config, "packs", ())]
    if getattr(config, "baseline", None):
        files.append(str(config.baseline))
    return files


def error_files(exc: BaseException) -> list[str]:
    path = getattr(exc, "path", None)
    return [str(path)] if path else []


class Signature:
    """The stat signature of a set of files, taken now; ``changed()`` stats them again."""

    __slots__ = ("files", "keys")

    def __init__(self, files: Iterable[str]):
        self.files = tuple(dict.fromkeys(files))
        self.keys = tuple(stat_key(f) for f in self.files)

    def changed(self) -> bool:
        return any(stat_key(f) != k for f, k in zip(self.files, self.keys))
