"""How the rules that read prose fare on a folder of report texts.

    python bench/text_rules_report.py [DIR ...]        (default: tests/cases/seeds tests/cases/real)

For each folder: every report text in it or below (*.txt, *.md) is linted with the national pack, and
for each text rule the script prints its findings and how many of them fall on lines a reviewer
marked in the folder's expect.toml (the format of ../shared/tools/conformance.py):

    rule     findings  expected  allowed  unmarked  marked%   missed
    GI501           1         1        0         0   100.0%        0

- expected: on an [[expect]] entry of the same code (its lines, one line of slack);
- allowed:  on an [[allow]] entry of the same code (a finding the reviewer accepts);
- unmarked: in a [[checked]] file but on no entry — a false positive by the file's contract;
  findings in files the expect.toml does not list as checked are counted under findings only;
- marked%:  (expected + allowed) / findings, over the checked files;
- missed:   [[expect]] entries of the code with no finding.

Prints figures only; asserts nothing. Exit status 0, or 2 for a folder that does not exist.
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from pathlib import Path

from gilint import lint
from gilint.checks.document import GI002_not_a_report, GI107_title, GI108_report_name
from gilint.checks.text import RULES as TEXT_FAMILY
from gilint.read.decode import InputError, decode_bytes
from gilint.textpos import LineIndex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "tests" / "cases" / "seeds", ROOT / "tests" / "cases" / "real"]
# The rules that read the prose: the text family, and the document rules that read the title,
# the preamble and the opening.
TEXT_RULES = sorted({r.code for r in TEXT_FAMILY} | {GI002_not_a_report.NotAReport.code,
                                                      GI107_title.Title.code, GI108_report_name.ReportName.code})


def load_expect(folder: Path) -> dict:
    path = folder / "expect.toml"
    if not path.exists():
        return {"checked": set(), "expect": [], "allow": []}
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return {"checked": {c["file"] for c in data.get("checked", [])},
            "expect": data.get("expect", []), "allow": data.get("allow", [])}


def on_entry(file: str, code: str, line: int, entries: list) -> dict | None:
    for e in entries:
        if e["file"] == file and e["code"] == code:
            lo, hi = e.get("lines", (line, line))
            if lo - 1 <= line <= hi + 1:
                return e
    return None


def folder_rows(folder: Path) -> tuple[dict, int]:
    marks = load_expect(folder)
    rows = {code: Counter() for code in TEXT_RULES}
    hit_expect = set()
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
    for path in files:
        try:
            text = decode_bytes(path.read_bytes(), path.name).text
        except InputError as e:
            print(f"{path}: {e}", file=sys.stderr)
            continue
        lines = LineIndex(text)
        name = path.relative_to(folder).as_posix()   # as expect.toml names it
        checked = name in marks["checked"]
        for f in lint(text):
            if f.code not in rows or f.suppressed:
                continue
            row = rows[f.code]
            row["findings"] += 1
            if not checked:
                continue
            row["checked"] += 1
            line = lines.position(f.start)[0] + 1
            e = on_entry(name, f.code, line, marks["expect"])
            if e is not None:
                row["expected"] += 1
                hit_expect.add(id(e))
            elif on_entry(name, f.code, line, marks["allow"]) is not None:
                row["allowed"] += 1
            else:
                row["unmarked"] += 1
    for e in marks["expect"]:
        if e["code"] in rows and id(e) not in hit_expect:
            rows[e["code"]]["missed"] += 1
    return rows, len(files)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    a = ap.parse_args(argv)
    for folder in a.dirs:
        if not folder.is_dir():
            print(f"error: {folder}: not a folder", file=sys.stderr)
            return 2
    for folder in a.dirs:
        rows, n = folder_rows(folder)
        print(f"\n{folder} ({n} texts)")
        print(f"{'rule':<8}{'findings':>9}{'expected':>10}{'allowed':>9}{'unmarked':>10}{'marked%':>9}{'missed':>8}")
        total = Counter()
        for code, row in rows.items():
            total.update(row)
            share = f"{100 * (row['expected'] + row['allowed']) / row['checked']:.1f}%" if row["checked"] else "–"
            print(f"{code:<8}{row['findings']:>9}{row['expected']:>10}{row['allowed']:>9}{row['unmarked']:>10}"
                  f"{share:>9}{row['missed']:>8}")
        share = f"{100 * (total['expected'] + total['allowed']) / total['checked']:.1f}%" if total["checked"] else "–"
        print(f"{'all':<8}{total['findings']:>9}{total['expected']:>10}{total['allowed']:>9}{total['unmarked']:>10}"
              f"{share:>9}{total['missed']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
