"""Sum up a fault campaign's figures (the JSON lines GILINT_FAULT_REPORT collects):
``python tests/fault/summary.py FILE [--seconds N]``. Exit status 1 if any figure that must be
0 is not, or if a part is missing."""
from __future__ import annotations

import argparse
import json
import sys

MUST_BE_ZERO = {   # figure → what it means, by part
    "escaped": "escaped exceptions", "rules_skipped": "rules skipped by an exception",
    "over_1s_cpu": "inputs over 1 s of CPU at ≤ 20 KB", "malformed": "malformed findings",
    "incremental_differs": "incremental ≠ full", "refused_but_changed": "refused documents changed",
    "pass_mismatch": "fix passes ≠ their edits", "not_idempotent": "fixes not idempotent",
    "made_worse": "fixes that made a document unreadable", "server_deaths": "server deaths",
    "hangs": "server hangs", "not_converged": "fixes that did not settle",
}
INVARIANTS = ("malformed", "incremental_differs", "refused_but_changed", "pass_mismatch",
              "not_idempotent", "made_worse")


def _span(values) -> str:
    values = sorted(values)
    return f"{values[0]}–{values[-1]}" if values else "unknown"


def summarise(rows: list[dict]) -> tuple[list[str], bool]:
    final = [r for r in rows if not r.get("progress")]
    parts: dict[str, list[dict]] = {}
    for r in final:
        parts.setdefault(r["part"], []).append(r)
    total = lambda key: sum(r.get(key, 0) for r in final if isinstance(r.get(key, 0), int))  # noqa: E731
    engine = parts.get("test_mutated_reports_through_the_engine", [])
    lines = [
        f"engine inputs: {total('engine_inputs')} ({len(engine)} seeds: "
        f"{', '.join(str(r['seed']) for r in engine)})",
        f"fix inputs: {total('fix_inputs')} ({total('fixed_inputs')} changed, {total('refused')} refused as"
        f" unreadable, {total('not_converged')} not settled within the pass limit)",
        f"server scenarios: {total('server_scenarios')}",
        f"escaped exceptions: {total('escaped')}",
        f"rules skipped: {total('rules_skipped')}",
        f"inputs over 1 s at ≤ 20 KB: {total('over_1s_cpu')} by CPU time, {total('over_1s_wall')} by wall time"
        f" (worst {max((r.get('worst_cpu_seconds', 0) for r in engine), default=0)} s CPU, "
        f"{max((r.get('worst_wall_seconds', 0) for r in engine), default=0)} s wall)",
        f"1-minute load average during the engine runs: {_span(x for r in engine for x in r.get('load_average', []))}",
        f"invariant violations: {sum(total(k) for k in INVARIANTS)}",
        f"server deaths: {total('server_deaths')}, hangs: {total('hangs')}",
    ]
    lines += [f"  not settled: {x}" for r in final for x in r.get("not_converged_examples", [])]
    caches = parts.get("test_an_editor_analyzer_stays_bounded_over_a_long_session", [])
    if caches:
        lines.append(f"editor analyzer after {caches[0]['documents']} documents holds "
                     f"{caches[0]['held_objects']} objects (memos aside)")
    missing = [p for p in ("test_mutated_reports_through_the_engine", "test_mutated_reports_through_the_fix_path",
                           "test_malformed_framing_and_mutated_documents") if p not in parts]
    if missing:
        lines.append(f"missing parts (failed before their figures, or not run): {missing}")
    bad = bool(missing) or any(total(k) for k in MUST_BE_ZERO)
    return lines, not bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--seconds", type=int)
    args = ap.parse_args(argv)
    with open(args.report, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    lines, ok = summarise(rows)
    if args.seconds is not None:
        lines.append(f"total run time: {args.seconds} s")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
