"""Mutated reports through the engine: no exception escapes, no rule is skipped by an
exception (``Analyzer.last_failures``), ≤ 1 s of CPU per input of ≤ 20 KB, findings well
formed, and re-analysis after an edit equals a fresh analysis.

Each input is timed by the lint's own cost: the CPU time of this thread (``time.thread_time``;
other engineers' processes on a shared machine do not count), wall time beside it. The test's
own long-lived heap (an editor Analyzer per base report, whose caches fill over a long run) is
collected and frozen (``gc.freeze``) outside the timed part, so that a garbage-collection pass
during an input scans what that input made, not the test's editors."""
from __future__ import annotations

import gc
import os
import random
import time

from fault.conftest import BUDGET, LIMIT_BYTES, LIMIT_SECONDS, SEED
from fault.mutate import corpus, mutate
from gilint.packs import default_config
from gilint.engine import Analyzer


def _well_formed(text, findings) -> str | None:
    keys = [f.sort_key() for f in findings]
    if keys != sorted(keys):
        return "not sorted"
    for f in findings:
        if not 0 <= f.start <= f.end <= len(text):
            return f"{f.code} range {f.start}..{f.end} outside the text"
        if f.fix is not None and not all(0 <= e.start <= e.end <= len(text) for e in f.fix.edits):
            return f"{f.code} fix edit outside the text"
    return None


def _shape(findings):
    return [(f.code, f.start, f.end, f.message, f.severity, f.suppressed,
             f.fix.edits if f.fix else None) for f in findings]


FREEZE_EVERY = 100         # inputs between freezes of what the editors added (a cheap young collection)
UNFREEZE_EVERY = 5_000     # inputs between full collections (frozen garbage is reclaimed)


def _settle_heap(full: bool) -> None:
    """Collect, then freeze what survives: the editors' caches leave the collector's view.
    ``full``: first unfreeze, so that the frozen garbage (evicted cache entries) is reclaimed."""
    if full:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


def _load() -> float:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else -1.0


def test_mutated_reports_through_the_engine(figures, progress):
    rng = random.Random(SEED)
    config = default_config()
    bases = corpus()
    editor = {i: Analyzer(config) for i in range(len(bases))}   # one per document, as the server
    for i, base in enumerate(bases):
        editor[i].lint(base)
    n = escaped = skipped = slow = slow_wall = malformed = incremental_checked = incremental_diff = 0
    worst = worst_wall = 0.0
    failures, load = [], [_load()]
    started = time.perf_counter()
    _settle_heap(full=False)
    try:
        for n in range(1, BUDGET["engine"] + 1):
            if n % FREEZE_EVERY == 0:
                _settle_heap(full=n % UNFREEZE_EVERY == 0)
            if n % 5000 == 0:       # figures so far, for a long run stopped before its end
                load.append(_load())
                progress(engine_inputs_so_far=n - 1, escaped=escaped, rules_skipped=skipped,
                         over_1s_cpu=slow, over_1s_wall=slow_wall, malformed=malformed,
                         worst_cpu_seconds=round(worst, 3), worst_wall_seconds=round(worst_wall, 3),
                         incremental_differs=incremental_diff, load_average=load[-1])
            which = rng.randrange(len(bases))
            text, ops = mutate(rng, bases[which])
            analyzer = Analyzer(config, cache_size=0)
            t0, w0 = time.thread_time(), time.perf_counter()
            try:
                found = analyzer.lint(text)
            except Exception as exc:  # noqa: BLE001 - what the campaign counts
                escaped += 1
                failures.append(f"escaped {type(exc).__name__}: {exc} after {ops}")
                continue
            spent, wall = time.thread_time() - t0, time.perf_counter() - w0
            worst, worst_wall = max(worst, spent), max(worst_wall, wall)
            small = len(text.encode("utf-8")) <= LIMIT_BYTES
            if wall > LIMIT_SECONDS and small:
                slow_wall += 1     # reported, not failed: the machine's load is in it
            if spent > LIMIT_SECONDS and small:
                slow += 1
                failures.append(f"{spent:.2f} s CPU ({wall:.2f} s wall, load {_load()}) after {ops}")
            if analyzer.last_failures:
                skipped += 1
                failures.append(f"skipped {analyzer.last_failures} after {ops}")
            why = _well_formed(text, found)
            if why:
                malformed += 1
                failures.append(f"{why} after {ops}")
            if n % 10 == 0:   # the editor's path: the last text of this document, then this one
                incremental_checked += 1
                if _shape(editor[which].lint(text)) != _shape(found):
                    incremental_diff += 1
                    failures.append(f"incremental ≠ full after {ops}")
                editor[which].lint(bases[which])
    finally:
        gc.unfreeze()
    load.append(_load())
    figures.update(engine_inputs=n, escaped=escaped, rules_skipped=skipped,
                   over_1s_cpu=slow, over_1s_wall=slow_wall, malformed=malformed,
                   worst_cpu_seconds=round(worst, 3), worst_wall_seconds=round(worst_wall, 3),
                   incremental_checked=incremental_checked, incremental_differs=incremental_diff,
                   load_average=load, seconds=round(time.perf_counter() - started, 1))
    assert failures == [], failures[:20]
