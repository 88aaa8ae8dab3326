"""Mutated reports through the fix path (``fix_text``, as ``--fix`` and the server use it):
no exception, no rule skipped, a refused document untouched, each pass exactly its edits
(non-overlapping, nothing else changed), a converged result idempotent, never worse (no
GI001/GI002 introduced)."""
from __future__ import annotations

import random

from fault.conftest import BUDGET, SEED
from fault.mutate import corpus, mutate
from gilint.packs import default_config
from gilint.engine import Analyzer
from gilint.fixes import apply_edits, fix_text, refusal


def test_mutated_reports_through_the_fix_path(figures, progress):
    rng = random.Random(SEED + 1)
    config = default_config()
    bases = corpus()
    counts = dict(fix_inputs=0, escaped=0, rules_skipped=0, refused_but_changed=0,
                  pass_mismatch=0, not_idempotent=0, made_worse=0, fixed_inputs=0, refused=0,
                  not_converged=0)
    failures = []
    # Inputs whose fixes did not settle within MAX_PASSES (once: unsafe GI302 and GI303 fixes
    # setting one total cell to two sums in turn; the fix loop now stops such a cycle): a failure.
    unsettled: list[str] = []
    for _ in range(BUDGET["fix"]):
        if counts["fix_inputs"] and counts["fix_inputs"] % 250 == 0:   # figures so far
            progress(**{("fix_inputs_so_far" if k == "fix_inputs" else k): v for k, v in counts.items()})
        counts["fix_inputs"] += 1
        text, ops = mutate(rng, rng.choice(bases))
        analyzer = Analyzer(config, cache_size=0)
        skipped = []

        def lint(t):
            found = analyzer.lint(t)
            skipped.extend(analyzer.last_failures)
            return found
        unsafe = rng.random() < 0.5
        try:
            first = lint(text)
            result = fix_text(text, unsafe=unsafe, lint=lint, findings=first)
            again = fix_text(result.text, unsafe=unsafe, lint=lint) if result.converged else None
        except Exception as exc:  # noqa: BLE001
            counts["escaped"] += 1
            failures.append(f"escaped {type(exc).__name__}: {exc} after {ops}")
            continue
        if skipped:
            counts["rules_skipped"] += 1
            failures.append(f"skipped {sorted(set(skipped))} after {ops}")
        if refusal(first):
            counts["refused"] += 1
            if result.text != text:
                counts["refused_but_changed"] += 1
                failures.append(f"refused document changed after {ops}")
            continue
        counts["fixed_inputs"] += result.changed
        counts["not_converged"] += not result.converged
        if not result.converged and len(unsettled) < 5:
            unsettled.append(f"input {counts['fix_inputs'] - 1} (unsafe={unsafe}) after {ops}: "
                             f"pass {result.passes} still applied {sorted({f.code for f in result.applied[-1]})}")
        current = text
        try:
            for applied in result.applied:
                current = apply_edits(current, [e for f in applied for e in f.fix.edits])
        except ValueError as exc:   # overlapping edits in one pass
            current = None
            failures.append(f"{exc} after {ops}")
        if current != result.text:
            counts["pass_mismatch"] += 1
            failures.append(f"result ≠ its edits after {ops}")
        if again is not None and again.changed:
            counts["not_idempotent"] += 1
            failures.append(f"a second fix changed it again after {ops}")
        if result.changed and refusal(result.remaining_findings):
            counts["made_worse"] += 1
            failures.append(f"fixing made it unreadable after {ops}")
    figures.update(counts, not_converged_examples=unsettled)
    assert failures == [] and unsettled == [], (failures + unsettled)[:20]
