"""Per-analyzer memos: a piece of text → what a reader or a rule made of it.

The language server keeps one ``Analyzer`` per open document; its memos map the text of a
line (or of a paragraph, or of a chunk of sentences) to its reading or to the findings in it,
with offsets relative to that text. Re-analysing an edited document then reads and checks only
the lines it has not seen, however large the document. A memo is a plain ``dict`` (a hit is one
C-level lookup); ``remember`` stores a miss and keeps the memo bounded.
"""
from __future__ import annotations

from itertools import compress

LIMIT = 50_000   # entries per memo; a full memo is emptied (documents rarely have more lines)


def remember(memo: dict, key, value):
    """Store ``value`` under ``key`` and return it."""
    if len(memo) >= LIMIT:
        memo.clear()
    memo[key] = value
    return value


def lookup_all(memo: dict, keys: list, compute) -> list:
    """``memo[key]`` for every key, ``compute(key)`` remembered where it is missing. The hits are
    looked up in one C-level pass; values must not be None."""
    found = list(map(memo.get, keys))
    if None in found:
        for i in [i for i, v in enumerate(found) if v is None]:
            found[i] = remember(memo, keys[i], compute(keys[i]))
    return found


def truthy_indices(values: list) -> list[int]:
    """The indices of the values that are true (in C: most of a document's lines have none)."""
    return list(compress(range(len(values)), values))
