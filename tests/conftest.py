"""Shared test helpers (kept minimal: other test modules may add their own fixtures here)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# The suite asserts English messages unless a test asks for another language (tests/test_i18n.py
# sets the locale itself): a developer's zh_CN locale must not change what the tests see.
os.environ["GILINT_LANG"] = "en"

TESTS = Path(__file__).resolve().parent
# The case corpora, in-repo copies of ../shared/cases (test_seeds checks that they match).
SEEDS = TESTS / "cases" / "seeds"
REAL = TESTS / "cases" / "real"
# The shared material sits beside the checkout (../shared), in CI as in a worktree.
SHARED = Path(os.environ.get("GILINT_SHARED") or TESTS.parent.parent / "shared")
MISSING = "missing shared material: "


@pytest.fixture(autouse=True)
def _language_of_the_environment():
    """Each test starts and ends in the environment's language: a test that runs the CLI in
    this process with --lang zh leaves gilint speaking Chinese, which must not reach the next."""
    from gilint import i18n
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def shared(*parts: str) -> Path:
    """A file or folder of ../shared; the test is skipped if it is not there, and the run then
    fails (pytest_sessionfinish below): a test never goes quietly missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(MISSING + str(path))
    return path


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if any test was skipped because shared material was missing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    missing = [r for r in reporter.stats.get("skipped", []) if MISSING in str(r.longrepr)]
    if missing and exitstatus == 0:
        reporter.write_line(f"{len(missing)} test(s) skipped for missing shared material "
                            f"({SHARED}): failing the run", red=True)
        session.exitstatus = 1

# CI draws the same hypothesis examples on every run (a red CI is then reproducible and a green
# one means something); locally each run explores new examples (`GILINT_HYPOTHESIS=ci` to replay).
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true" or os.environ.get("GILINT_HYPOTHESIS") == "ci":
    settings.load_profile("ci")


def apply_edits(text: str, edits) -> str:
    """Apply Edit objects (start, end, new_text) in reverse order of start. Overlapping edits
    are an error: a fix whose edits collide cannot be applied mechanically."""
    out = text
    last = None
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        assert 0 <= e.start <= e.end <= len(text), f"edit outside the text: {e}"
        assert last is None or e.end <= last, f"overlapping edits: {e} and one starting at {last}"
        out = out[:e.start] + e.new_text + out[e.end:]
        last = e.start
    return out


# -- expected findings of case corpora (the format of ../shared/tools/conformance.py) ------
def load_expect(path):
    """expect.toml → {file: {"checked": {...}, "expect": [...], "allow": [...], "forbid": [...]}}.
    Extensions that conformance.py ignores: ``count`` on an expect (at least that many
    findings), ``[[forbid]]`` (a finding that must not be reported at any severity),
    ``strict``/``xfail`` on a ``[[checked]]`` entry."""
    import tomllib
    with open(path, "rb") as f:
        spec = tomllib.load(f)
    out = {}
    for c in spec.get("checked", []):
        out[c["file"]] = {"checked": c, "expect": [], "allow": [], "forbid": []}
    for kind in ("expect", "allow", "forbid"):
        for e in spec.get(kind, []):
            assert e["file"] in out, f"{path}: {kind} for a file not checked: {e['file']}"
            out[e["file"]][kind].append(e)
    return out


def near(finding_line: int, code: str, e: dict) -> bool:
    """conformance.py's matching: same code, line within [lo-1, hi+1] (1-based)."""
    if code != e["code"]:
        return False
    if "lines" not in e:
        return True
    lo, hi = e["lines"]
    return lo - 1 <= finding_line <= hi + 1


def lint_lines(path):
    """Lint a case file in process: [(line, code, severity, message)], 1-based lines."""
    from gilint import lint
    from gilint.textpos import LineIndex
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    li = LineIndex(text)
    return [(li.position(f.start)[0] + 1, f.code, f.severity, f.message) for f in lint(text) if not f.suppressed]


def score(found, entry, severities=("error", "warning", "info")):
    """(misses, false positives) of one file's findings against its expect entry; a finding
    counts as false only at the given severities."""
    misses = []
    for e in entry["expect"]:
        n = sum(1 for line, code, _, _ in found if near(line, code, e))
        if n < e.get("count", 1):
            misses.append(f"{e['code']} lines {e.get('lines', 'any')} (×{e.get('count', 1)}, found {n})")
    false = []
    for line, code, sev, msg in found:
        if any(near(line, code, e) for e in entry["forbid"]):
            false.append(f"{line}: {code} {msg[:100]} (forbidden)")
        elif sev in severities and not any(near(line, code, e) for e in entry["expect"] + entry["allow"]):
            false.append(f"{line}: {code} {sev} {msg[:100]}")
    return misses, false
