"""Regression on the case corpora: the five seed reports and the real reports.

tests/cases/seeds and tests/cases/real are committed copies of ../shared/cases/{seeds,real}
so that a fresh clone tests the same texts; when ../shared is present the copies are compared
with it (refresh them with cp if the shared cases changed on purpose).

- seeds: 100 % recall of expect.toml and no finding outside expect + allow (the semantics of
  ../shared/tools/conformance.py: code equal, line within [lo-1, hi+1]); also through the CLI
  with conformance.py itself when both are available.
- real: every catalogue defect INDEX.tsv describes (tests/cases/real/expect.toml) is found, and
  no other finding has error severity (warnings and info allowed unless forbidden / strict).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL, SEEDS, TESTS, lint_lines, load_expect, score, shared
SEED_EXPECT = load_expect(SEEDS / "expect.toml")
REAL_EXPECT = load_expect(REAL / "expect.toml")


@pytest.mark.parametrize("name", sorted(SEED_EXPECT))
def test_seed(name):
    misses, false = score(lint_lines(SEEDS / name), SEED_EXPECT[name])
    assert not misses and not false, f"{name}: missed {misses}; false positives {false}"


def _real_params():
    for name, entry in sorted(REAL_EXPECT.items()):
        reason = entry["checked"].get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", list(_real_params()))
def test_real(name):
    entry = REAL_EXPECT[name]
    sev = ("error", "warning", "info") if entry["checked"].get("strict") else ("error",)
    misses, false = score(lint_lines(REAL / name), entry, sev)
    assert not misses and not false, f"{name}: missed {misses}; unexpected {false}"


def test_every_real_case_is_checked():
    index = (REAL / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]
    files = {line.split("\t", 1)[0] for line in index if line.strip()}
    assert files == set(REAL_EXPECT) == {p.name for p in REAL.glob("*.txt")}


@pytest.mark.parametrize("kind", ["seeds", "real"])
def test_copies_match_shared(kind):
    src = shared("cases", kind)
    names = sorted(p.name for p in src.iterdir() if p.is_file() and p.suffix in (".txt", ".tsv", ".toml"))
    if kind == "real":
        names = [n for n in names if n != "expect.toml"]  # ours is written here, not copied
    for n in names:
        assert (TESTS / "cases" / kind / n).read_bytes() == (src / n).read_bytes(), \
            f"tests/cases/{kind}/{n} differs from {src / n}: refresh the copy"


def _gilint_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("gilint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "gilint"]


def _cli_has_json() -> bool:
    try:
        p = subprocess.run(_gilint_cmd() + ["check", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0 and "--format" in p.stdout and "json" in p.stdout


@pytest.mark.parametrize("where", ["shared", "copy"])
def test_seeds_conformance_cli(where):
    tool = shared("tools", "conformance.py")
    if not _cli_has_json():
        pytest.skip("`gilint check --format json` is not available (gilint/cli.py)")
    cases = shared("cases", "seeds") if where == "shared" else SEEDS
    cmd = " ".join(_gilint_cmd() + ["check", "--format", "json"])
    p = subprocess.run([sys.executable, str(tool), str(cases), "--cmd", cmd, "--show"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "recall" in p.stdout.splitlines()[-1]
