"""Benchmarks for the engine and the CLI. Prints figures; asserts nothing about time.

    python bench/bench_engine.py [--repeats 15] [--corpus 1000] [--jobs 2] [--cli-runs 15]

1. Warm in-process lint time per report on the seeds and real cases (median over repeats;
   a fresh ``lint`` each time, so the Analyzer's section cache does not help), the same for a
   document never seen before ("fresh": gilint's per-label and per-line memos emptied before
   each lint), and the cached re-lint of an unchanged text (what the language server does on
   each keystroke).
2. A generated corpus of N reports (bench/gen_reports.py) checked by ``gilint check --jobs J``
   without the result cache: files per second; then the same corpus twice with the cache
   (written, then read).
3. Wall time of a one-file ``gilint check`` beside ``python -c "import regex"`` (the floor):
   as an editor or pre-commit runs it (the file unchanged since the last run: a result-cache
   hit), and with ``--no-cache`` (import, configuration and lint every time).

Targets: ≤ 3 ms per 10 KB report warm; one-file CLI ≤ 1.5 × the floor.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARED = Path(os.environ.get("GILINT_SHARED", "/work/shared")) / "cases"
DIRS = {"seeds": SHARED / "seeds", "real": SHARED / "real"}
TARGET_MS_PER_10KB = 3.0
TARGET_CLI_RATIO = 1.5


def gilint_cmd() -> list[str]:
    script = Path(sys.executable).with_name("gilint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gilint"]


def bench_in_process(repeats: int) -> None:
    from gilint import Analyzer, default_config, lint
    from gilint.read.decode import decode_bytes
    config = default_config()
    print(f"== warm in-process lint (median of {repeats}; target ≤ {TARGET_MS_PER_10KB} ms per 10 KB)")
    print(f"{'file':32} {'KB':>6} {'findings':>8} {'ms':>8} {'ms/10KB':>8} {'fresh ms':>8} "
          f"{'cached ms':>9}")
    per10, fresh10 = [], []
    for group, d in DIRS.items():
        for p in sorted(d.glob("*.txt")):
            text = decode_bytes(p.read_bytes(), str(p)).text
            kb = len(text.encode("utf-8")) / 1024
            n = len(lint(text, config))            # warm-up: imports, regexes, templates
            times = []
            for _ in range(repeats):
                t = time.perf_counter()
                lint(text, config)
                times.append((time.perf_counter() - t) * 1000)
            fresh = []
            for _ in range(repeats):
                _forget_memos()
                t = time.perf_counter()
                lint(text, config)
                fresh.append((time.perf_counter() - t) * 1000)
            a = Analyzer(config)
            a.lint(text)
            cached = []
            for _ in range(repeats):
                t = time.perf_counter()
                a.lint(text)
                cached.append((time.perf_counter() - t) * 1000)
            ms = statistics.median(times)
            per10.append(ms / kb * 10)
            fresh10.append(statistics.median(fresh) / kb * 10)
            print(f"{group + '/' + p.name:32} {kb:6.1f} {n:8d} {ms:8.2f} {ms / kb * 10:8.2f} "
                  f"{statistics.median(fresh):8.2f} {statistics.median(cached):9.2f}")
    if per10:
        med = statistics.median(per10)
        print(f"median {med:.2f} ms per 10 KB, worst {max(per10):.2f} "
              f"({'within' if med <= TARGET_MS_PER_10KB else 'over'} the {TARGET_MS_PER_10KB} ms target); "
              f"fresh documents: median {statistics.median(fresh10):.2f} ms per 10 KB")


def _forget_memos() -> None:
    """Empty gilint's memos of labels, cells, lines and heading titles (not its compiled
    patterns or loaded templates), as for a document never seen before."""
    import functools
    for name, mod in list(sys.modules.items()):
        if not name.startswith("gilint"):
            continue
        for attr, obj in list(vars(mod).items()):
            if (isinstance(obj, functools._lru_cache_wrapper) or type(obj).__name__ == "_Similarity") \
                    and not any(w in attr for w in ("pattern", "load", "compile")):
                obj.cache_clear()
    headings = sys.modules.get("gilint.read.headings")
    for entry in getattr(headings, "_NORMED", {}).values():
        if isinstance(entry, tuple) and isinstance(entry[-1], dict):
            entry[-1].clear()


def bench_formats(repeats: int) -> None:
    """Files per second, read + lint, per input format: the seeds as plain text, as .docx and
    as HTML pages (built by tests/formats/builders.py), and the real PDFs (gilint.read.formats)."""
    try:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from formats.builders import build_docx, build_html
        from gilint.read.formats import read_document
    except ImportError as exc:
        print(f"\n== formats: skipped ({exc}; pip install 'gilint[formats]')")
        return
    from gilint import default_config, lint
    from gilint.read.decode import decode_bytes
    config = default_config()
    seeds = sorted(DIRS["seeds"].glob("*.txt"))
    texts = [p.read_bytes() for p in seeds]
    inputs = {"text": [(p.name, b) for p, b in zip(seeds, texts)],
              "docx": [(p.stem + ".docx", build_docx(b.decode("utf-8"))) for p, b in zip(seeds, texts)],
              "html": [(p.stem + ".html", build_html(b.decode("utf-8"))) for p, b in zip(seeds, texts)],
              "pdf": [(p.name, p.read_bytes()) for p in sorted((SHARED / "real" / "raw").glob("*.pdf"))]}
    print(f"\n== formats: read + lint, files/s (best of {repeats}; seeds as text/.docx/HTML, real PDFs)")
    print(f"{'format':8} {'files':>5} {'KB/file':>8} {'files/s':>8} {'read ms/file':>12}")
    for fmt, items in inputs.items():
        if not items:
            continue
        best, best_read = None, None
        for _ in range(max(1, repeats)):
            t = time.perf_counter()
            read = 0.0
            for name, data in items:
                r = time.perf_counter()
                doc = read_document(name, data) if fmt != "text" else None
                text = doc.text if doc is not None else decode_bytes(data, name).text
                read += time.perf_counter() - r
                lint(text, config)
            dt = time.perf_counter() - t
            if best is None or dt < best:
                best, best_read = dt, read
        kb = sum(len(d) for _n, d in items) / len(items) / 1024
        print(f"{fmt:8} {len(items):5d} {kb:8.1f} {len(items) / best:8.1f} {best_read / len(items) * 1000:12.1f}")


def bench_corpus(n: int, jobs: int) -> None:
    from gen_reports import generate
    tmp = Path(tempfile.mkdtemp(prefix="gilint-bench-"))
    try:
        t = time.perf_counter()
        paths = generate(tmp, n)
        size = sum(p.stat().st_size for p in paths)
        print(f"\n== corpus: {len(paths)} generated reports, {size / 1024 / 1024:.1f} MB "
              f"(generated in {time.perf_counter() - t:.1f} s)")
        env = _cached_env(str(tmp / ".pyc"), str(tmp / ".gilint-cache"))
        runs = [(f"--jobs {j} --no-cache", ["--jobs", str(j), "--no-cache"]) for j in sorted({1, jobs})]
        runs += [(f"--jobs {jobs}, result cache written", ["--jobs", str(jobs)]),
                 (f"--jobs {jobs}, result cache read", ["--jobs", str(jobs)])]
        for label, opts in runs:
            t = time.perf_counter()
            p = subprocess.run(gilint_cmd() + ["check", "--quiet", "--statistics", *opts, str(tmp)],
                               capture_output=True, text=True, env=env)
            dt = time.perf_counter() - t
            if p.returncode not in (0, 1):
                print(f"gilint check failed (exit {p.returncode}): {p.stderr.strip()[-500:]}")
                continue
            print(f"gilint check {label}: {dt:.2f} s, {len(paths) / dt:.0f} files/s, "
                  f"{size / 1024 / 1024 / dt:.2f} MB/s")
        top = [line for line in p.stdout.splitlines()][:8]
        if top:
            print("most frequent findings:", "; ".join(" ".join(l.split("\t")) for l in top))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _wall(cmd: list[str], runs: int, env=None) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _cached_env(cache_dir: str, result_cache: str | None = None) -> dict:
    """An environment where Python keeps bytecode caches (as an installed package has them),
    written under ``cache_dir`` rather than into the source tree; gilint's result cache in
    ``result_cache`` (not the project's .gilint_cache)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("GILINT_NO_CACHE", None)
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    if result_cache:
        env["GILINT_CACHE_DIR"] = result_cache
    return env


def bench_startup(runs: int) -> None:
    seed = next(iter(sorted(DIRS["seeds"].glob("*.txt"))), None)
    if seed is None:
        print("no seed to time the one-file CLI")
        return
    floor_cmd = [sys.executable, "-c", "import regex"]
    check_cmd = gilint_cmd() + ["check", str(seed)]
    uncached_cmd = gilint_cmd() + ["check", "--no-cache", str(seed)]
    version_cmd = gilint_cmd() + ["--version"]
    print(f"\n== one-file CLI (median of {runs} runs; target ≤ {TARGET_CLI_RATIO} × floor)")
    with tempfile.TemporaryDirectory(prefix="gilint-pyc-") as cache:
        variants = [("with bytecode caches", _cached_env(cache, os.path.join(cache, "results")))]
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            env = dict(os.environ, GILINT_CACHE_DIR=os.path.join(cache, "results-nopyc"))
            env.pop("GILINT_NO_CACHE", None)
            variants.append(("PYTHONDONTWRITEBYTECODE=1 (as in this shell)", env))
        for label, env in variants:
            for cmd in (floor_cmd, check_cmd, uncached_cmd, version_cmd):
                _wall(cmd, 2, env)                      # warm OS, bytecode and result caches
            floor = _wall(floor_cmd, runs, env)
            one = _wall(check_cmd, runs, env)
            uncached = _wall(uncached_cmd, runs, env)
            version = _wall(version_cmd, runs, env)
            ratio = one / floor
            print(f"[{label}]")
            print(f"  python -c 'import regex' (floor): {floor:7.1f} ms")
            print(f"  gilint --version:                 {version:7.1f} ms")
            print(f"  gilint check {seed.name}: {one:7.1f} ms  ratio {ratio:.2f} "
                  f"({'within' if ratio <= TARGET_CLI_RATIO else 'over'} target; file unchanged: "
                  f"result cache)")
            print(f"  gilint check --no-cache (import, configuration, lint): {uncached:7.1f} ms  "
                  f"ratio {uncached / floor:.2f}")
    print("  (profile: python -X importtime -m gilint check FILE 2>&1 | sort -t'|' -k2 -n)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--corpus", type=int, default=1000, help="generated reports (0 to skip)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cli-runs", type=int, default=15)
    a = ap.parse_args(argv)
    bench_in_process(a.repeats)
    bench_formats(3)
    if a.corpus:
        bench_corpus(a.corpus, a.jobs)
    if a.cli_runs:
        bench_startup(a.cli_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
