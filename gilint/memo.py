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

from bisect import bisect_left
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


def common_affixes(old: str, new: str, guess: tuple[int, int] | None = None) -> tuple[int, int]:
    """Lengths of the longest common prefix and of the longest common suffix of two texts (or
    two lists) that do not overlap in either; compared block by block (C-level slices), not
    item by item, so that a keystroke in a 1 MB text costs microseconds. ``guess``: the likely
    answer (the editor types on where it typed last: the same affixes, or moved by a
    character), tried first: if right, one comparison of each affix finds it."""
    n = min(len(old), len(new))
    prefix = _common_run(lambda a, b: old[a:b] == new[a:b], n, guess and guess[0])
    lo, hi_old, hi_new = prefix, len(old), len(new)
    suffix = _common_run(lambda a, b: old[hi_old - b:hi_old - a] == new[hi_new - b:hi_new - a], n - lo,
                         guess and guess[1])
    return prefix, suffix


def common_prefix(old, new) -> int:
    """The length of the longest common prefix of two texts or lists (see ``common_affixes``)."""
    return _common_run(lambda a, b: old[a:b] == new[a:b], min(len(old), len(new)))


def _common_run(same, limit: int, guess: int | None = None) -> int:
    """The largest k ≤ limit with same(0, k), for a predicate same(a, b) (“positions a..b agree”)
    that holds for every range below the first difference; ``guess``, a likely k, is tried first."""
    k, step = 0, 256
    if guess and 0 < guess <= limit and same(0, guess):
        if guess == limit or not same(guess, guess + 1):
            return guess
        k = guess                         # (more agree: galloping on from there)
    while k < limit:                      # galloping: blocks that double while they agree
        b = min(limit, k + step)
        if not same(k, b):
            break
        k, step = b, step * 2
    else:
        return limit
    hi = min(limit, k + step)             # the first difference lies in [k, hi)
    while hi - k > 1:
        mid = (k + hi) // 2
        if same(k, mid):
            k = mid
        else:
            hi = mid
    return k


def lookup_again(memo: dict, keys: list, compute, last: tuple | None) -> tuple[list, list[int], tuple]:
    """``lookup_all(memo, keys, compute)``, the ``truthy_indices`` of its values, and what to pass
    as ``last`` next time, for keys most likely those of the last call (``last``: what it
    returned third; None: none) with a few changed, such as the lines of an edited document:
    the values of the first and last keys equal to that call's are that call's (a value is a
    function of its key), and so are their truthy indices; only the keys in between are looked
    up. The keys are compared in C, most of them the very same objects: a keystroke in a
    document of thousands of lines costs a few lookups, not thousands."""
    if last is None:
        head, tail, last = 0, 0, ((), [], [], None)
    else:   # (most likely the keys changed where they did last time)
        head, tail = common_affixes(last[0], keys, last[3])
    old, n = len(last[0]), len(keys)
    mid = lookup_all(memo, keys[head:n - tail], compute)
    values = last[1][:head] + mid + last[1][old - tail:]
    where, moved = last[2], n - old
    after = where[bisect_left(where, old - tail):]
    where = (where[:bisect_left(where, head)] + [head + i for i in truthy_indices(mid)]
             + ([i + moved for i in after] if moved else after))
    return values, where, (keys[:], values, where, (head, tail))   # (a copy: the caller's list may change)


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

    def discard(self, key) -> None:
        """Forget ``key``'s entry, if any."""
        old = self._data.pop(key, None)
        if old is not None:
            self._total -= old[1]

    def put(self, key, value, size: int) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self._total -= old[1]
        self._data[key] = (value, size)
        self._total += size
        while len(self._data) > self.entries or (self._total > self.size and len(self._data) > 1):
            _, (_, gone) = self._data.popitem(last=False)
            self._total -= gone
