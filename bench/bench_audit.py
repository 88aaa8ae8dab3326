"""gilint audit on generated corpora of 1,000 and 10,000 text reports: files/s and peak memory.

    python bench/bench_audit.py [--sizes 1000,10000] [--jobs 2]

The corpora are clean 7-year township series in four layouts (tests/audit/gen_series.py).
Each size is audited twice: a first run (every file read, database and dashboard written) and
a re-run on the unchanged corpus (content hashes only). Peak memory is the largest resident
set of the audit's processes (main and workers). Target (issue 21): 10,000 reports in ≤ 60 s
on 2 cores.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.audit.gen_series import build_many  # noqa: E402


def run(corpus: Path, out: Path, jobs: int) -> tuple[float, int, float]:
    """(wall seconds, peak resident MB of any of its processes, CPU seconds of all of them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "gilint", "audit", str(corpus), "-o", str(out),
                        "-j", str(jobs), "-q"], capture_output=True, text=True)
    took = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"gilint audit failed ({r.returncode}): {r.stderr.strip()[:500]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return took, after.ru_maxrss // 1024, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    print(f"gilint audit, {args.jobs} worker(s), {os.cpu_count()} CPU(s) on this machine")
    for n in (int(x) for x in args.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix="bench_audit_"))
        try:
            files = build_many(tmp / "corpus", n)
            first, rss, cpu = run(tmp / "corpus", tmp / "out", args.jobs)
            again, rss2, cpu2 = run(tmp / "corpus", tmp / "out", args.jobs)
            db_mb = (tmp / "out" / "audit.sqlite").stat().st_size / 1e6
            load = os.getloadavg()[0]
            # CPU seconds do not depend on what else runs on the machine; wall time does
            print(f"{files:6d} reports: first run {first:6.1f} s = {files / first:6.0f} files/s "
                  f"({cpu:.0f} CPU s, {1000 * cpu / files:.1f} ms/report; on {args.jobs} idle cores "
                  f"≈ {cpu / args.jobs:.0f} s); re-run (unchanged) {again:5.1f} s = {files / again:6.0f} "
                  f"files/s ({cpu2:.0f} CPU s); peak memory {max(rss, rss2)} MB per process; "
                  f"database {db_mb:.0f} MB; load average {load:.1f}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
