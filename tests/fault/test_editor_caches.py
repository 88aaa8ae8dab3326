"""An editor's Analyzer over a long session (the language server keeps one per open document,
for as long as it is open): whatever number of different texts it is given, its memos stay
within the bounds ``gilint.memo.trim`` keeps them to, its section caches within their entries
and sizes, and what it holds as a whole stops growing once they are full.

The texts are the largest in-repo report with every line changed each time (a marker appended),
so that each lint adds a version of every line, paragraph and section: the fastest way to fill
every cache a real session fills one keystroke at a time."""
from __future__ import annotations

import gc
import sys

from fault.conftest import LONG
from fault.mutate import corpus
from gilint import memo
from gilint.engine import Analyzer
from gilint.packs import default_config

# Half of them must fill every sized cache: the section findings' takes the longest, one entry
# per rule and section with tables (tables_only rules skip the others), ~21 a document here.
DOCUMENTS = 600 if LONG else 440
SAMPLES = 3                 # points of the second half where what the editor holds is counted


def _held_objects(analyzer: Analyzer, shared) -> tuple[int, int]:
    """(objects, bytes) reachable from what ``analyzer`` keeps between lints, not counting
    what its configuration (templates, packs) holds (shared, not accumulated), nor what only
    its memos hold (bounded above, and emptied now and then: they would blur the count)."""
    stop = {id(o) for o in _reachable([shared])} | {id(m) for m in _memos(analyzer).values()}
    found = _reachable([analyzer.__dict__], stop)
    return len(found), sum(sys.getsizeof(o) for o in found)


def _reachable(roots, stop=frozenset()):
    seen: dict[int, object] = {}
    stack = list(roots)
    while stack:
        o = stack.pop()
        if id(o) in seen or id(o) in stop or isinstance(o, (type, type(sys))):
            continue
        seen[id(o)] = o
        stack.extend(gc.get_referents(o))
    return list(seen.values())


def _memos(analyzer: Analyzer) -> dict:
    reader = analyzer._reader
    return {**analyzer._memos, "heading_memo": reader.heading_memo, "line_memo": reader.line_memo}


def _sized_caches(analyzer: Analyzer) -> dict:
    return {"sections": analyzer._reader._cache, "section findings": analyzer._rule_cache}


def test_an_editor_analyzer_stays_bounded_over_a_long_session(figures):
    config = default_config()
    base = max(corpus(), key=len)
    analyzer = Analyzer(config)              # as the server makes one per document
    problems, held = [], []
    for k in range(1, DOCUMENTS + 1):
        text = "\n".join(f"{line}{k}" if line.strip() else line for line in base.split("\n"))
        analyzer.lint(text)
        lines, chars = len(analyzer.report.lines[0]), len(text)
        # trim() leaves at most 2 × lines + SLACK entries before a lint, and keys of at most
        # 4 × chars + SLACK_CHARS characters; one lint adds at most a key per line (or per
        # paragraph, or chunk) of this text.
        for name, m in _memos(analyzer).items():
            if len(m) > min(memo.LIMIT, 3 * lines + memo.SLACK + 1):
                problems.append(f"document {k}: memo {name} has {len(m)} entries ({lines} lines)")
            if getattr(m, "chars", 0) > 5 * chars + memo.SLACK_CHARS:
                problems.append(f"document {k}: memo {name} keys hold {m.chars} characters")
        for name, cache in _sized_caches(analyzer).items():
            if len(cache) > cache.entries or (cache.total > cache.size and len(cache) > 1):
                problems.append(f"document {k}: {name} cache {len(cache)} entries, {cache.total} size")
        if k > DOCUMENTS // 2 and (DOCUMENTS - k) % (DOCUMENTS // 2 // SAMPLES) == 0:
            if not held:   # the premise: by half the session every sized cache is full
                full = {name: len(c) >= c.entries or c.total * 2 >= c.size
                        for name, c in _sized_caches(analyzer).items()}
                assert all(full.values()), f"the caches did not fill in {k} documents: {full}"
            held.append(_held_objects(analyzer, config))
    assert problems == [], problems[:10]
    objects = [o for o, _ in held]
    figures.update(documents=DOCUMENTS, held_objects=objects, held_bytes=[b for _, b in held])
    # full caches: what one more document adds, one evicted entry takes away
    assert max(objects) - objects[0] <= 0.005 * objects[0], held
