"""The fault suite (issue 13): ``pytest -m fault``. A short run by default (the whole suite in
well under a minute); ``GILINT_FAULT_LONG=1`` runs the campaign (≥ 100,000 engine inputs,
≥ 2,000 fix inputs, 200 framing scenarios). ``GILINT_FAULT_SEED`` changes the inputs;
``GILINT_FAULT_REPORT=FILE`` appends each part's figures to FILE as JSON lines.
``bash tests/fault/long_run.sh`` runs the long campaign as 4 seeds × 25,000 engine inputs in
niced parallel lanes and sums up the figures (tests/fault/summary.py)."""
from __future__ import annotations

import json
import os

import pytest

LONG = os.environ.get("GILINT_FAULT_LONG", "") not in ("", "0")
SEED = int(os.environ.get("GILINT_FAULT_SEED", "13"))
BUDGET = {"engine": 100_000 if LONG else 1_200, "fix": 2_000 if LONG else 40,
          "server": 200 if LONG else 12}
# GILINT_FAULT_ENGINE=N (and _FIX, _SERVER) set a part's count, e.g. to share a long run
# between processes with different seeds.
BUDGET.update({k: int(os.environ[f"GILINT_FAULT_{k.upper()}"]) for k in BUDGET
               if os.environ.get(f"GILINT_FAULT_{k.upper()}")})
LIMIT_SECONDS, LIMIT_BYTES = 1.0, 20 * 1024


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/fault/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.fault)


@pytest.fixture
def figures(request):
    """A dict the test fills; printed (pytest -s) and appended to GILINT_FAULT_REPORT."""
    out: dict = {"part": request.node.name, "long": LONG, "seed": SEED}
    yield out
    line = json.dumps(out, ensure_ascii=False)
    print(f"\nfault figures: {line}")
    target = os.environ.get("GILINT_FAULT_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as f:
            f.write(line + "\n")


@pytest.fixture
def progress(request):
    """``progress(**figures)``: the figures so far, appended to GILINT_FAULT_REPORT (if set)."""
    def write(**so_far):
        target = os.environ.get("GILINT_FAULT_REPORT")
        if target:
            line = {"part": request.node.name, "progress": True, "seed": SEED, **so_far}
            with open(target, "a", encoding="utf-8") as f:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return write
