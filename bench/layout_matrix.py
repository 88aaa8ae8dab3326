"""Layout × rule matrix (issue 12): how well gilint reads the same reports in every layout.

    python bench/layout_matrix.py [--reports 300] [--seed 0] [--max-defects 3] [--layouts a,b]
                                  [--explain LAYOUT] [--exit-code]

Generates N reports (tests/layouts: seeded, deterministic; a quarter built on the figures of a
seed or real case; benign variation and up to --max-defects catalogue defects each), renders
each in every layout, lints it (gilint.lint; the HTML page through gilint's HTML reader) and
compares the findings, as (code, section, row), with the ones the model says a correct linter
reports. Prints per layout and rule: recall (found / expected, %) and false positives per 20
reports; a cell under 95 % recall or over 1 FP per 20 reports is flagged with '!'. Also per
layout: the share of reports whose findings are exactly right, and the most frequent misses
and false positives. ``--exit-code`` exits 1 when a cell is flagged.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from layouts.findings import found, judge  # noqa: E402
from layouts.generate import make_case  # noqa: E402
from layouts.render import LAYOUTS  # noqa: E402

MIN_RECALL = 0.95
MAX_FP_PER_20 = 1.0


def run(n: int, seed: int, max_defects: int, layouts, explain: str | None = None) -> dict:
    exp_n = defaultdict(Counter)     # layout → code → expected findings
    hit_n = defaultdict(Counter)     # layout → code → found among them
    fp_n = defaultdict(Counter)      # layout → code → findings not expected
    exact = Counter()
    misses = defaultdict(Counter)
    extras = defaultdict(Counter)
    defects = Counter()
    for i in range(n):
        case = make_case(seed * 1_000_003 + i, max_defects)
        defects.update(case.model.defects)
        expected = case.model.expected()
        for layout in layouts:
            # (in the crawl without separators, what a GI001 excuses is not expected)
            applies, missing, extra = judge(expected, found(case.render(layout)), layout, case.model.allowed)
            for k, v in applies.items():
                exp_n[layout][k[0]] += v
            for k, v in missing.items():
                misses[layout][k] += v
            for k, v in extra.items():
                fp_n[layout][k[0]] += v
                extras[layout][k] += v
            for k, v in applies.items():
                hit_n[layout][k[0]] += v - missing.get(k, 0)
            exact[layout] += not missing and not extra
            if layout == explain and (missing or extra):
                print(f"{case}: missing {dict(missing)} extra {dict(extra)}")
    return dict(exp=exp_n, hit=hit_n, fp=fp_n, exact=exact, misses=misses, extras=extras, defects=defects)


def table(res: dict, n: int, layouts) -> tuple[str, int]:
    codes = sorted({c for lay in layouts for c in (*res["exp"][lay], *res["fp"][lay])})
    head = f"{'layout':<12} {'exact':>6} " + " ".join(f"{c:>11}" for c in codes)
    lines = [head, "-" * len(head)]
    flagged = 0
    for lay in layouts:
        cells = []
        for c in codes:
            e, h, fp = res["exp"][lay][c], res["hit"][lay][c], res["fp"][lay][c]
            rec = h / e if e else None
            fp20 = fp * 20 / n
            bad = (rec is not None and rec < MIN_RECALL) or fp20 > MAX_FP_PER_20
            flagged += bad
            r = f"{100 * rec:.0f}" if rec is not None else "-"
            cells.append(f"{('!' if bad else ' ')}{r:>4}/{fp20:<5.2f}".rjust(11))
        lines.append(f"{lay:<12} {100 * res['exact'][lay] / n:5.0f}% " + " ".join(cells))
    lines.append("")
    lines.append("cells: recall % / false positives per 20 reports; '!' = recall < 95 % or > 1 FP per 20")
    lines.append("expected findings per rule (each layout): " + ", ".join(
        f"{c} {res['exp'][layouts[0]][c]}" for c in codes if res["exp"][layouts[0]][c]))
    return "\n".join(lines), flagged


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-defects", type=int, default=3)
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    ap.add_argument("--top", type=int, default=4, help="most frequent misses/false positives shown per layout")
    ap.add_argument("--explain", metavar="LAYOUT", help="print each report this layout gets wrong")
    ap.add_argument("--exit-code", action="store_true", help="exit 1 when a cell is flagged")
    a = ap.parse_args(argv)
    layouts = [x for x in a.layouts.split(",") if x]
    unknown = set(layouts) - set(LAYOUTS)
    if unknown:
        ap.error(f"unknown layout(s): {', '.join(sorted(unknown))} (known: {', '.join(LAYOUTS)})")
    t0 = time.perf_counter()
    res = run(a.reports, a.seed, a.max_defects, layouts, a.explain)
    text, flagged = table(res, a.reports, layouts)
    print(f"{a.reports} reports × {len(layouts)} layouts, seed {a.seed}, up to {a.max_defects} defects each "
          f"({time.perf_counter() - t0:.0f} s)")
    print("defects injected: " + ", ".join(f"{k} {v}" for k, v in sorted(res["defects"].items())))
    print()
    print(text)
    print()
    for lay in layouts:
        m = ", ".join(f"{k} ×{v}" for k, v in res["misses"][lay].most_common(a.top))
        x = ", ".join(f"{k} ×{v}" for k, v in res["extras"][lay].most_common(a.top))
        if m or x:
            print(f"{lay}: missed {m or '-'}; false {x or '-'}")
    print(f"\nflagged cells: {flagged}")
    return 1 if (a.exit_code and flagged) else 0


if __name__ == "__main__":
    sys.exit(main())
