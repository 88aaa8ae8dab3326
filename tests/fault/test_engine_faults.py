"""Mutated reports through the engine: no exception escapes, no rule is skipped by an
exception (``Analyzer.last_failures``), ≤ 1 s of CPU per input of ≤ 20 KB, findings well
formed, and re-analysis after an edit equals a fresh analysis."""
from __future__ import annotations

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


def test_mutated_reports_through_the_engine(figures, progress):
    rng = random.Random(SEED)
    config = default_config()
    bases = corpus()
    editor = {i: Analyzer(config) for i in range(len(bases))}   # one per document, as the server
    for i, base in enumerate(bases):
        editor[i].lint(base)
    n = escaped = skipped = slow = malformed = incremental_checked = incremental_diff = 0
    worst, failures = 0.0, []
    for n in range(1, BUDGET["engine"] + 1):
        if n % 5000 == 0:       # figures so far, for a long run stopped before its end
            progress(engine_inputs_so_far=n - 1, escaped=escaped, rules_skipped=skipped,
                     over_1s_at_20kb=slow, malformed=malformed, worst_cpu_seconds=round(worst, 3),
                     incremental_differs=incremental_diff)
        which = rng.randrange(len(bases))
        text, ops = mutate(rng, bases[which])
        analyzer = Analyzer(config, cache_size=0)
        t0 = time.process_time()
        try:
            found = analyzer.lint(text)
        except Exception as exc:  # noqa: BLE001 - what the campaign counts
            escaped += 1
            failures.append(f"escaped {type(exc).__name__}: {exc} after {ops}")
            continue
        spent = time.process_time() - t0
        worst = max(worst, spent)
        if spent > LIMIT_SECONDS and len(text.encode("utf-8")) <= LIMIT_BYTES:
            slow += 1
            failures.append(f"{spent:.2f} s after {ops}")
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
    figures.update(engine_inputs=n, escaped=escaped, rules_skipped=skipped,
                   over_1s_at_20kb=slow, malformed=malformed, worst_cpu_seconds=round(worst, 3),
                   incremental_checked=incremental_checked, incremental_differs=incremental_diff)
    assert failures == [], failures[:20]
