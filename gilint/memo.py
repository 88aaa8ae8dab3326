"""Per-analyzer memos and caches: a piece of text → what a reader or a rule made of it.

The language server keeps one ``Analyzer`` per open document; its memos map the text of a
line (or of a paragraph, or of a chunk of sentences) to its reading or to the findings in it,
with offsets relative to that text. Re-analysing an edited document then reads and checks only
the lines it has not seen, however large the document. A memo is a plain ``dict`` (a hit is one
C-level lookup); ``remember`` stores a miss, ``trim`` empties memos that have grown far beyond
the document (each keystroke adds a version of one line).

``SizedCache`` holds bigger things (a section's model, keyed by the section's text) and is
bounded by their total size as well as their number: one version per keystroke of a 1 MB
report's sections must not pile up.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import compress

LIMIT = 200_000       # entries per memo at most, whatever the document (a safety net; see trim)
SLACK = 10_000        # entries a memo may hold beyond twice the document's lines
SLACK_CHARS = 1_000_000


class Memo(dict):
    """A memo: a ``dict`` (lookups stay C-level) that counts the characters of its text keys."""
    __slots__ = ("chars",)

    def __init__(self):
        super().__init__()
        self.chars = 0


def trim(memos, lines: int, chars: int) -> None:
    """Empty the memos that have outgrown the document (``lines`` lines, ``chars`` characters):
    more than twice its lines plus SLACK entries, or keys (texts) more than four times its length
    plus SLACK_CHARS — typing in a 50,000-character line makes a version of it per keystroke.
    They refill from the next lint on."""
    for memo in memos:
        if len(memo) > 2 * lines + SLACK or getattr(memo, "chars", 0) > 4 * chars + SLACK_CHARS:
            memo.clear()
            if isinstance(memo, Memo):
                memo.chars = 0


def remember(memo: dict, key, value):
    """Store ``value`` under ``key`` and return it."""
    if len(memo) >= LIMIT:
        memo.clear()
        if isinstance(memo, Memo):
            memo.chars = 0
    if isinstance(memo, Memo):
        if type(key) is str:
            memo.chars += len(key)
        elif type(key) is tuple:   # a text as its pieces (gilint.checks.matching)
            memo.chars += sum(len(k) for k in key if type(k) is str)
    memo[key] = value
    return value


def lookup_all(memo: dict, keys: list, compute) -> list:
    """``memo[key]`` for every key, ``compute(key)`` remembered where it is missing. The hits are
    looked up in one C-level pass; values must not be None."""
    found = list(map(memo.get, keys))
    if None in found:
        i = found.index(None)   # the misses found in C too (an edit makes one or two)
        while True:
            key = keys[i]
            value = memo.get(key)   # (a key missing twice in ``keys`` is computed once)
            found[i] = value if value is not None else remember(memo, key, compute(key))
            try:
                i = found.index(None, i + 1)
            except ValueError:
                return found
    return found


def owned_memo(memos: dict, owner) -> dict:
    """The memo of ``owner`` in ``memos`` (see ``recall``)."""
    entry = memos.get(id(owner))
    if entry is None or entry[0] is not owner:
        entry = memos[id(owner)] = (owner, {})
    return entry[1]


def recall(memos: dict, owner, key, compute, size: int):
    """``compute(key)``, memoised for the process per ``owner`` (a template, a template's word
    list: objects that live as long as the process) in ``memos``: {id(owner): (owner, {key:
    value})}; an owner's memo is emptied once it holds ``size`` entries."""
    memo = owned_memo(memos, owner)
    got = memo.get(key)
    if got is None:
        if len(memo) >= size:
            memo.clear()
        got = memo[key] = compute(key)
    return got


def truthy_indices(values: list) -> list[int]:
    """The indices of the values that are true (in C: most of a document's lines have none)."""
    return list(compress(range(len(values)), values))


class SizedCache:
    """A least-recently-used cache bounded by its number of entries and by the total ``size``
    given with them (the length of the text an entry stands for)."""

    def __init__(self, entries: int, size: int):
        self.entries, self.size = entries, size
        self._data: OrderedDict = OrderedDict()   # key → (value, size)
        self._total = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def total(self) -> int:
        """The sum of the entries' sizes."""
        return self._total

    def get(self, key):
        hit = self._data.get(key)
        if hit is None:
            return None
        self._data.move_to_end(key)
        return hit[0]

    def put(self, key, value, size: int) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self._total -= old[1]
        self._data[key] = (value, size)
        self._total += size
        while len(self._data) > self.entries or (self._total > self.size and len(self._data) > 1):
            _, (_, gone) = self._data.popitem(last=False)
            self._total -= gone
