"""Files gilint keeps for itself between runs: where they go, and sealed with a checksum.

The result cache (gilint.cache) and the stored parse of TOML files (gilint.tomlload) use these.
A stored file is read back only if its checksum holds; a broken or unwritable store makes gilint
slower, never different.
"""
from __future__ import annotations

import os
import sys

from gilint.hashes import checksum

_SUM = 16


def user_cache_dir() -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(base, "gilint", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/gilint")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gilint")


def seal(magic: bytes, payload: bytes) -> bytes:
    """A stored file's bytes: ``payload`` behind ``magic`` and its checksum."""
    return magic + checksum(payload, _SUM) + payload


def unseal(magic: bytes, blob: bytes) -> bytes | None:
    """The payload of a stored file, or None if it is not one or its checksum is wrong."""
    head = len(magic) + _SUM
    if len(blob) < head or blob[:len(magic)] != magic:
        return None
    payload = blob[head:]
    if checksum(payload, _SUM) != blob[len(magic):head]:
        return None
    return payload


def write(folder: str, file: str, blob: bytes) -> None:
    """Write ``file`` (inside ``folder``) atomically; the folder is made a cache folder (ignored
    by git, tagged for backup tools) when first created. Raises OSError."""
    if not os.path.isdir(folder):
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8") as f:
            f.write("# Created by gilint automatically.\n*\n")
        with open(os.path.join(folder, "CACHEDIR.TAG"), "w", encoding="utf-8") as f:
            f.write("Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by gilint.\n")
    os.makedirs(os.path.dirname(file), exist_ok=True)
    tmp = f"{file}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, file)
