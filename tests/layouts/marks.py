"""Recompute the xfail marks of tests/test_layout_invariance.py from what fails today.

    python tests/layouts/marks.py          # runs the file unmarked, rewrites its XFAIL_* tables

Every test is run without marks (GILINT_LAYOUT_XFAIL=0); each failing one gets a strict xfail
whose reason is what it got wrong (the first missing and extra findings of its failing example).
Run it after a reader change, read the diff: a line gone is a layout or defect now read right.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
FILE = TESTS / "test_layout_invariance.py"
TABLES = {"test_every_layout_gives_the_models_findings": "XFAIL_LAYOUTS",
          "test_clean_report_has_no_finding": "XFAIL_CLEAN",
          "test_page_furniture_is_not_content": "XFAIL_FURNITURE"}
HEADER = re.compile(r"^_{3,} (test_\w+)\[([^\]]+)\] _{3,}$")
FOUND = re.compile(r"^E\s+(missing|extra) (\{.*\})$")


def failures(output: str) -> dict[tuple[str, str], str]:
    """(test, parameter) → reason, from pytest's failure sections."""
    out: dict[tuple[str, str], str] = {}
    current = None
    for line in output.splitlines():
        m = HEADER.match(line)
        if m:
            current = (m.group(1), m.group(2))
            out[current] = ""
            continue
        m = FOUND.match(line)
        if current and m and m.group(2) != "{}" and m.group(1) not in out[current]:
            words = m.group(2)[:110] + ("…}" if len(m.group(2)) > 110 else "")
            out[current] += ("; " if out[current] else "") + f"{m.group(1)} {words}"
    return {k: v or "fails on today's reader" for k, v in out.items()}


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def table(name: str, rows: dict[str, str]) -> str:
    body = "".join(f"    {_q(k)}: {_q(v)},\n" for k, v in rows.items())
    return f"{name}: dict[str, str] = {{\n{body}}}\n"


def pairs_table(pairs: dict[str, list[str]], all_defects: list[str]) -> str:
    lines = ["XFAIL_PAIRS: dict[str, set] = {\n"]
    for layout, names in pairs.items():
        names = sorted(names)
        if len(names) * 2 > len(all_defects):
            rest = sorted(set(all_defects) - set(names))
            value = "set(DEFECTS)" + (" - {" + ", ".join(_q(x) for x in rest) + "}" if rest else "")
        else:
            prefix = f"    {_q(layout)}: {{"
            wrapped = textwrap.wrap(", ".join(_q(x) for x in names), 100 - len(prefix), break_long_words=False)
            value = "{" + ("\n" + " " * len(prefix)).join(wrapped) + "}"
        lines.append(f"    {_q(layout)}: {value},\n")
    lines.append("}\n")
    return "".join(lines)


def main() -> int:
    sys.path.insert(0, str(TESTS))
    from layouts.defects import DEFECTS
    from layouts.render import LAYOUTS
    env = dict(os.environ, GILINT_LAYOUT_XFAIL="0")
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--tb=short",
                          str(FILE)], capture_output=True, text=True, env=env, cwd=TESTS.parent)
    failed = failures(run.stdout)
    text = FILE.read_text(encoding="utf-8")
    for test, name in TABLES.items():
        rows = {lay: why for lay in LAYOUTS for (t, p), why in failed.items() if t == test and p == lay}
        text = re.sub(rf"^{name}: dict\[str, str\] = \{{\n.*?^\}}\n", lambda _m: table(name, rows), text,
                      count=1, flags=re.S | re.M)
    pairs: dict[str, list[str]] = {}
    for (t, p), _why in failed.items():
        if t == "test_each_defect_in_each_layout":
            layout, defect = p.split("-", 1)
            pairs.setdefault(layout, []).append(defect)
    pairs = {lay: pairs[lay] for lay in LAYOUTS if lay in pairs}
    text = re.sub(r"^XFAIL_PAIRS: dict\[str, set\] = \{\n.*?^\}\n", lambda _m: pairs_table(pairs, sorted(DEFECTS)),
                  text, count=1, flags=re.S | re.M)
    FILE.write_text(text, encoding="utf-8")
    print(f"{len(failed)} tests fail today; marks written to {FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
