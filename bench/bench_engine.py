"""Benchmarks for the engine and the CLI. Prints figures; asserts nothing about time.

    python bench/bench_engine.py [--repeats 15] [--corpus 1000] [--jobs 2] [--cli-runs 15]
                                 [--no-scaling] [--only PART]

1. Warm in-process lint CPU time per report on the seeds and real cases (median over repeats;
   a fresh ``lint`` each time, so the Analyzer's section cache does not help), the same for a
   document never seen before ("fresh": gilint's per-label and per-line memos emptied before
   each lint), and the cached re-lint of an unchanged text (what the language server does on
   each keystroke).
2. Per input format: read + lint, files per second (seeds as text/.docx/HTML, real PDFs).
3. In ONE run on the same generated corpus of N reports (bench/gen_reports.py): ``gilint check
   --jobs 1 --no-cache``, ``--jobs J --no-cache``, the result cache written and read, the
   floor (bench/floor.py: read, decode, NFKC, 20 regex passes) and autocorrect-py (the
   ``bench`` extra; skipped with a message if absent): CPU ms per report and the ratios.
4. Size scaling, 1 KB … 5 MB: one-shot lint beside the floor on the same text (ms per MB).
5. One-file ``gilint check`` beside ``python -c "import regex"``: with the result cache (the
   file unchanged since the last run), with ``--no-cache`` (import, configuration and lint),
   and a PDF re-checked unchanged beside the text file; the commands run in turns, each with
   the data gilint stores between runs (TOML, compiled patterns) in place, and for information
   ``--no-cache`` on a first run, before anything is stored.

Every part prints the machine's load average: absolute figures are noisy on a shared machine,
the ratios (measured in the same run) are what to compare.
Targets: ≤ 3 ms per 10 KB report warm; corpus ≤ 1.0 × the floor and ≤ 1.0 × autocorrect-py;
one file ≤ 2.2 × the floor without the cache, ≤ 1.3 × with it; a cached PDF ≤ 1.3 × a text file.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_reports import shared_cases  # noqa: E402
from machine import load_average  # noqa: E402

SHARED = shared_cases()
DIRS = {"seeds": SHARED / "seeds", "real": SHARED / "real"}
TARGET_MS_PER_10KB = 3.0
TARGET_CLI_RATIO = 1.3          # one file, the result cache hit, × python -c "import regex"
TARGET_UNCACHED_RATIO = 2.2     # one file, --no-cache, × python -c "import regex"
TARGET_PDF_RATIO = 1.3          # a PDF from the result cache × a text file from it


def gilint_cmd() -> list[str]:
    script = Path(sys.executable).with_name("gilint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gilint"]


def bench_in_process(repeats: int) -> None:
    from gilint import Analyzer, default_config, lint
    from gilint.read.decode import decode_bytes
    config = default_config()
    print(f"== warm in-process lint, CPU ms (median of {repeats}; target ≤ {TARGET_MS_PER_10KB} ms per 10 KB); "
          f"{load_average()}")
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
                t = time.process_time()
                lint(text, config)
                times.append((time.process_time() - t) * 1000)
            fresh = []
            for _ in range(repeats):
                _forget_memos()
                t = time.process_time()
                lint(text, config)
                fresh.append((time.process_time() - t) * 1000)
            a = Analyzer(config)
            a.lint(text)
            cached = []
            for _ in range(repeats):
                t = time.process_time()
                a.lint(text)
                cached.append((time.process_time() - t) * 1000)
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
            if (isinstance(obj, functools._lru_cache_wrapper) or type(obj).__name__ in ("_Similarity", "TextMemo", "ShapeMemo")) \
                    and not any(w in attr for w in ("pattern", "load", "compile")):
                obj.cache_clear()
    getattr(sys.modules.get("gilint.checks.cells"), "_NUMBERS", {}).clear()   # (cell text → number)
    for module, attr in (("gilint.read.headings", "_NORMED"), ("gilint.read.outline", "_SHARED"),
                         ("gilint.read.stream", "_CUTS"), ("gilint.read.stream", "_LINE_TOKENS"),
                         ("gilint.read.tables", "_S3_EXACT"), ("gilint.read.tables", "_S3_CLOSEST")):   # per template: (template, …, {text: reading})
        for entry in getattr(sys.modules.get(module), attr, {}).values():
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


AUTOCORRECT = """\
import sys
import autocorrect_py
n = 0
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    n += len(autocorrect_py.lint_for(text, path).lines)
print(n)
"""


def _has_autocorrect() -> bool:
    import importlib.util
    return importlib.util.find_spec("autocorrect_py") is not None


def _cpu_run(cmd: list[str], env=None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall s, CPU s of the process and every process it waited for, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p


def bench_pdf_paths() -> None:
    """gilint's PDF reader (pdfplumber: text lines and table cells on their ruling lines, with
    a source map) beside pypdfium2's plain text of the same PDFs: CPU ms per file, and whether
    linting each text finds the same codes (the candidate for a faster PDF text path)."""
    try:
        import pypdfium2
        from gilint.read.formats import read_document
    except ImportError as exc:
        print(f"\n== PDF text paths: skipped ({exc}; pip install 'gilint[formats]')")
        return
    from collections import Counter

    from gilint import default_config, lint
    config = default_config()
    print(f"\n== PDF text paths (CPU ms per file): gilint's reader (pdfplumber) vs pypdfium2 "
          f"plain text; {load_average()}")
    for p in sorted((SHARED / "real" / "raw").glob("*.pdf")):
        data = p.read_bytes()
        t = time.process_time()
        doc = read_document(p.name, data)
        plumber = time.process_time() - t
        t = time.process_time()
        pdf = pypdfium2.PdfDocument(data)
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        pdfium = time.process_time() - t
        a = Counter(f.code for f in lint(doc.text, config))
        b = Counter(f.code for f in lint(text.replace("\r\n", "\n"), config))
        print(f"{p.name:28} pdfplumber {plumber * 1000:6.0f}  pypdfium2 {pdfium * 1000:5.0f}  "
              f"({plumber / max(pdfium, 1e-6):4.0f}× faster)  same codes: {'yes' if a == b else 'NO'}"
              + ("" if a == b else f" ({dict(a)} vs {dict(b)})"))
    print("(pypdfium2's text has no table grid and no source map: 表/行/列 places are lost)")


def bench_corpus(n: int, jobs: int) -> None:
    """gilint, the floor (bench/floor.py) and autocorrect-py on the same generated corpus, in
    one run: CPU ms per report (interpreter start-up included for each: one process each) and
    the ratios. CPU, not wall time: the machine may be shared."""
    from gen_reports import generate
    tmp = Path(tempfile.mkdtemp(prefix="gilint-bench-"))
    try:
        t = time.perf_counter()
        paths = generate(tmp / "corpus", n)
        names = [str(p) for p in paths]
        size = sum(p.stat().st_size for p in paths)
        print(f"\n== corpus: {len(paths)} generated reports, {size / 1024 / 1024:.1f} MB "
              f"(generated in {time.perf_counter() - t:.1f} s); {load_average()}")
        env = _cached_env(str(tmp / ".pyc"), str(tmp / ".gilint-cache"))
        _cpu_run(gilint_cmd() + ["check", "--quiet", "--no-cache", names[0]], env)  # bytecode
        runs = [(f"gilint check --jobs {j} --no-cache",
                 gilint_cmd() + ["check", "--quiet", "--statistics", "--jobs", str(j), "--no-cache",
                                 str(tmp / "corpus")]) for j in sorted({1, jobs})]
        runs += [(f"gilint check --jobs {jobs}, result cache written",
                  gilint_cmd() + ["check", "--quiet", "--jobs", str(jobs), str(tmp / "corpus")]),
                 (f"gilint check --jobs {jobs}, result cache read",
                  gilint_cmd() + ["check", "--quiet", "--jobs", str(jobs), str(tmp / "corpus")])]
        runs.append(("floor: read, decode, NFKC, 20 regex passes",
                     [sys.executable, str(HERE / "floor.py"), *names]))
        if _has_autocorrect():
            runs.append(("autocorrect-py (lint_for)", [sys.executable, "-c", AUTOCORRECT, *names]))
        else:
            print("autocorrect-py: skipped, not installed (pip install 'gilint[bench]')")
        cpu_ms: dict[str, float] = {}
        stats = None
        print(f"{'':52} {'wall s':>7} {'CPU s':>7} {'CPU ms/report':>13} {'files/s':>8}")
        for label, cmd in runs:
            wall, cpu, p = _cpu_run(cmd, env)
            if p.returncode not in (0, 1):
                print(f"{label}: failed (exit {p.returncode}): {p.stderr.strip()[-500:]}")
                continue
            if stats is None and "--statistics" in cmd:
                stats = p.stdout
            cpu_ms[label] = cpu * 1000 / len(paths)
            print(f"{label:52} {wall:7.2f} {cpu:7.2f} {cpu_ms[label]:13.2f} {len(paths) / wall:8.0f}")
        one = cpu_ms.get("gilint check --jobs 1 --no-cache")
        floor = cpu_ms.get("floor: read, decode, NFKC, 20 regex passes")
        other = cpu_ms.get("autocorrect-py (lint_for)")
        if one and floor:
            print(f"ratio gilint --jobs 1 --no-cache / floor: {one / floor:.2f} (target ≤ 1.0: "
                  f"{'met' if one <= floor else 'MISSED'})")
        if one and other:
            print(f"ratio gilint --jobs 1 --no-cache / autocorrect-py: {one / other:.2f} (target ≤ 1.0: "
                  f"{'met' if one <= other else 'MISSED'})")
        top = (stats or "").splitlines()[:8]
        if top:
            print("most frequent findings:", "; ".join(" ".join(l.split("\t")) for l in top))
        print(f"(after the corpus: {load_average()})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_scaling(sizes_kb=(1, 10, 100, 1000, 5000), repeats: int = 3) -> None:
    """In-process one-shot lint of one report grown to each size (section 一's paragraphs
    repeated, each copy's lines distinct) beside the floor on the same text, gilint's memos
    emptied before each lint (as in a new process): ms per MB must stay flat (linear)."""
    from floor import floor_text
    from gen_reports import grow
    from gilint import default_config, lint
    seed = next(iter(sorted(DIRS["seeds"].glob("*.txt"))), None)
    if seed is None:
        print("no seed for the size scaling")
        return
    config = default_config()
    base = seed.read_text(encoding="utf-8")
    lint(base, config)
    print(f"\n== size scaling: one-shot lint vs the floor, best of {repeats}; {load_average()}")
    print(f"{'KB':>6} {'lint ms':>9} {'floor ms':>9} {'ratio':>6} {'lint ms/MB':>10}")
    for kb in sizes_kb:
        text = grow(base, kb * 1024, distinct=True)
        lt, ft = [], []
        for _ in range(repeats):
            _forget_memos()
            t = time.process_time()
            lint(text, config)
            lt.append(time.process_time() - t)
            t = time.process_time()
            floor_text(text)
            ft.append(time.process_time() - t)
        size_mb = len(text.encode("utf-8")) / 2**20
        lm, fm = min(lt) * 1000, min(ft) * 1000
        print(f"{size_mb * 1024:6.0f} {lm:9.1f} {fm:9.1f} {lm / max(fm, 1e-6):6.2f} {lm / size_mb:10.1f}")


def _times(cmd: list[str], runs: int, env=None) -> tuple[float, float]:
    """Median (wall ms, CPU ms) of ``runs`` runs of ``cmd``."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, _p = _cpu_run(cmd, env)
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
    return statistics.median(walls), statistics.median(cpus)


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


def _interleaved_times(cmds: dict, runs: int, env=None) -> dict:
    """``_times`` of each command, run in turns (one run of each per round), so that a change
    in the machine's load during the measurement weighs on every command alike."""
    walls: dict = {name: [] for name in cmds}
    cpus: dict = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            wall, cpu, _p = _cpu_run(cmd, env)
            walls[name].append(wall * 1000)
            cpus[name].append(cpu * 1000)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in cmds}


def _first_run_times(cmd: list[str], runs: int, env: dict) -> tuple[float, float]:
    """``_times`` with an empty user cache folder for each run: nothing gilint stores between
    runs (TOML data, compiled patterns) is there yet."""
    walls, cpus = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="gilint-user-") as user:
            wall, cpu, _p = _cpu_run(cmd, dict(env, XDG_CACHE_HOME=user))
        walls.append(wall * 1000)
        cpus.append(cpu * 1000)
    return statistics.median(walls), statistics.median(cpus)


def bench_startup(runs: int) -> None:
    """One-file ``gilint check`` beside ``python -c "import regex"``: with the result cache
    (the file unchanged since the last run), without it, and a PDF re-checked unchanged
    (served from the cache) beside the text file's figure. Wall and CPU medians; the ratios
    are of CPU (the machine may be shared), wall ratios beside them. Also, for information,
    ``--no-cache`` on a first run (an empty user cache folder: the TOML files parsed, the
    patterns compiled and stored)."""
    seed = next(iter(sorted(DIRS["seeds"].glob("*.txt"))), None)
    if seed is None:
        print("no seed to time the one-file CLI")
        return
    pdf = next(iter(sorted((SHARED / "real" / "raw").glob("*.pdf"))), None)
    floor_cmd = [sys.executable, "-c", "import regex"]
    cmds = {"floor": floor_cmd,
            "version": gilint_cmd() + ["--version"],
            "cached": gilint_cmd() + ["check", str(seed)],
            "uncached": gilint_cmd() + ["check", "--no-cache", str(seed)]}
    if pdf is not None:
        cmds["pdf cached"] = gilint_cmd() + ["check", str(pdf)]
    print(f"\n== one-file CLI (median of {runs} runs, in turns; targets: --no-cache ≤ {TARGET_UNCACHED_RATIO} × "
          f"floor, result cache ≤ {TARGET_CLI_RATIO} × floor, PDF from the cache ≤ "
          f"{TARGET_PDF_RATIO} × the text file); {load_average()}")
    with tempfile.TemporaryDirectory(prefix="gilint-pyc-") as cache:
        env = _cached_env(cache, os.path.join(cache, "results"))
        env["XDG_CACHE_HOME"] = os.path.join(cache, "user")   # stored TOML data and patterns
        for cmd in cmds.values():
            _times(cmd, 2, env)                      # warm OS, bytecode, stored data and result caches
        got = _interleaved_times(cmds, runs, env)
        got["first run"] = _first_run_times(cmds["uncached"], max(3, runs // 3), env)
    floor_wall, floor_cpu = got["floor"]

    def row(label: str, name: str, base=(floor_wall, floor_cpu), target=None) -> None:
        wall, cpu = got[name]
        verdict = f"  target ≤ {target}: {'met' if cpu / base[1] <= target else 'MISSED'}" if target else ""
        print(f"  {label:46} wall {wall:7.1f} ms  CPU {cpu:7.1f} ms  ratio CPU {cpu / base[1]:5.2f} "
              f"(wall {wall / base[0]:5.2f}){verdict}")

    floor_label = "python -c 'import regex' (floor)"
    print(f"  {floor_label:46} wall {floor_wall:7.1f} ms  CPU {floor_cpu:7.1f} ms")
    row("gilint --version", "version")
    row(f"gilint check {seed.name} (result cache)", "cached", target=TARGET_CLI_RATIO)
    row(f"gilint check --no-cache {seed.name}", "uncached", target=TARGET_UNCACHED_RATIO)
    row("  … a first run (nothing stored yet)", "first run")
    if pdf is not None:
        row(f"gilint check {pdf.name} (result cache)", "pdf cached")
        row("  … beside the text file from the cache", "pdf cached", base=got["cached"],
            target=TARGET_PDF_RATIO)
    print(f"  (after: {load_average()}; profile: python -X importtime -m gilint check FILE 2>&1 "
          f"| sort -t'|' -k2 -n)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--corpus", type=int, default=1000, help="generated reports (0 to skip)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cli-runs", type=int, default=15)
    ap.add_argument("--no-scaling", dest="scaling", action="store_false",
                    help="skip the size scaling (1 KB … 5 MB)")
    ap.add_argument("--only", choices=("in-process", "formats", "corpus", "scaling", "startup"),
                    help="run one part only")
    a = ap.parse_args(argv)
    parts = {"in-process": lambda: bench_in_process(a.repeats),
             "formats": lambda: (bench_formats(3), bench_pdf_paths()),
             "corpus": lambda: a.corpus and bench_corpus(a.corpus, a.jobs),
             "scaling": lambda: a.scaling and bench_scaling(),
             "startup": lambda: a.cli_runs and bench_startup(a.cli_runs)}
    print(f"gilint bench, {load_average()}")
    for name, part in parts.items():
        if a.only in (None, name):
            part()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
