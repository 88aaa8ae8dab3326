"""Waiver files: gilint baseline, gilint check --baseline; fingerprints that survive edits."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gilint.baseline import fingerprints, load_baseline
from gilint.cli import main
from gilint.engine import lint
from gilint.tomlload import ConfigError
from test_fix import SEEDS

REASON = "经县政务公开办同意"


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder with seed 003 (GI202 + 3×GI104) and seed 000 (GI501), as the cwd."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    for prefix, name in (("003", "a.md"), ("000", "b.txt")):
        shutil.copy(next(p for p in SEEDS if p.name.startswith(prefix)), tmp_path / "reports" / name)
    return tmp_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fingerprints_ignore_position_but_not_text():
    text = "标题\n重复重复\n其他\n重复重复\n"
    from gilint.findings import Finding
    f1 = Finding("GI501", "x", "warning", "m", 5, 7)
    f2 = Finding("GI501", "x", "warning", "m", 13, 15)
    (a, fa), (b, fb) = fingerprints(text, [f1, f2])
    assert fa != fb                                  # same text, told apart by occurrence
    moved = "新的一行\n\n" + text
    (_, ga), (_, gb) = fingerprints(moved, [f1.shifted(6), f2.shifted(6)])
    assert (ga, gb) == (fa, fb)
    changed = text.replace("标题\n重复重复", "标题\n重复重复了")
    assert fingerprints(changed, [f1])[0][1] != fa


def test_baseline_round_trip(work, capsys):
    code, _, err = run(capsys, "baseline", "reports")
    assert code == 2 and "--reason" in err and not (work / "gilint-baseline.toml").exists()
    code, _, err = run(capsys, "baseline", "reports", "--reason", REASON)
    assert code == 0 and "Wrote 5 waiver(s)" in err
    b = load_baseline(work / "gilint-baseline.toml")
    assert sorted(w.code for w in b.waivers) == ["GI104"] * 3 + ["GI202", "GI501"]
    assert {w.path for w in b.waivers} == {"reports/a.md", "reports/b.txt"}
    assert all(w.reason == REASON and w.message for w in b.waivers)

    code, out, _ = run(capsys, "check", "--baseline", "gilint-baseline.toml", "reports")
    assert code == 0 and out.strip() == "All checks passed. (5 suppressed findings not shown)"
    code, out, _ = run(capsys, "check", "--baseline", "gilint-baseline.toml", "--format", "json",
                       "reports")
    rows = json.loads(out)
    assert len(rows) == 5 and all(r["suppressed"] == REASON for r in rows)


def test_waiver_survives_inserted_lines_and_new_findings_show(work, capsys):
    run(capsys, "baseline", "reports", "--reason", REASON)
    path = work / "reports" / "a.md"
    text = path.read_text(encoding="utf-8")
    # lines inserted above every finding, and a new defect
    text = text.replace("## 一、总体情况", "补充说明一行。\n\n另一行。\n\n## 一、总体情况", 1)
    text = text.replace("#### 五、存在的主要问题及改进情况",
                        "#### 五、存在的主要问题及改进情况\n\n审核审核工作。", 1)
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "--baseline", "gilint-baseline.toml", "--format", "json",
                       str(path))
    rows = json.loads(out)
    assert sorted(r["code"] for r in rows if r["suppressed"]) == ["GI104"] * 3 + ["GI202"]
    new = [r for r in rows if not r["suppressed"]]
    assert [r["code"] for r in new] == ["GI501"] and code == 1


def test_stale_waiver_reported_and_regeneration_keeps_reasons(work, capsys):
    run(capsys, "baseline", "reports", "--reason", REASON)
    path = work / "reports" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2.其他法律法规禁止公开",
                                                             "2.其他法律行政法规禁止公开"),
                    encoding="utf-8")
    code, out, _ = run(capsys, "check", "--baseline", "gilint-baseline.toml", str(path))
    assert code == 1 and f"{path}:1:1: GI004 [warning]" in out and "GI202" in out
    # with the GI202 waiver stale and a new finding, regeneration keeps the old reasons
    b = work / "reports" / "b.txt"
    b.write_text(b.read_text(encoding="utf-8").replace("一、总体情况", "1、总体情况", 1), encoding="utf-8")
    code, _, err = run(capsys, "baseline", "reports")
    assert code == 2 and "1 finding(s) have no recorded reason" in err
    code, _, err = run(capsys, "baseline", "reports", "--reason", "新理由")
    assert code == 0
    reasons = sorted((w.code, w.reason) for w in load_baseline("gilint-baseline.toml").waivers)
    assert reasons == sorted([("GI104", REASON)] * 3 + [("GI104", "新理由"), ("GI501", REASON)])
    code, out, _ = run(capsys, "check", "--baseline", "gilint-baseline.toml", "reports")
    assert code == 0


def test_baseline_with_stdin_fix_and_bad_files(work, capsys):
    run(capsys, "baseline", "reports/b.txt", "--reason", REASON, "-o", "w.toml")
    data = (work / "reports" / "b.txt").read_bytes()
    r = subprocess.run([sys.executable, "-m", "gilint", "check", "--baseline", "w.toml",
                        "--stdin-filename", "reports/b.txt", "--fix", "-"], input=data,
                       capture_output=True, cwd=work, timeout=120)
    assert r.returncode == 0 and r.stdout == data          # waived: not fixed
    # a waiver without a reason, a broken file, a missing file: usage errors
    (work / "bad.toml").write_text('version = 1\n[[waiver]]\npath = "x"\ncode = "GI501"\n'
                                   'fingerprint = "00"\nreason = ""\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no reason"):
        load_baseline(work / "bad.toml")
    for f in ("bad.toml", "missing.toml"):
        code, _, err = run(capsys, "check", "--baseline", f, "reports")
        assert code == 2 and "waiver file" in err
    (work / "broken.toml").write_text("[[waiver]\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--baseline", "broken.toml", "reports")
    assert code == 2 and "broken.toml:1:" in err


def test_waived_path_relative_to_waiver_file(work, capsys):
    """The waiver file records paths relative to its own folder, whatever the cwd."""
    run(capsys, "baseline", "reports", "--reason", REASON, "-o", "reports/waivers.toml")
    assert {w.path for w in load_baseline(work / "reports" / "waivers.toml").waivers} == {"a.md", "b.txt"}
    os.chdir(work / "reports")
    code, out, _ = run(capsys, "check", "--baseline", "waivers.toml", "a.md", "b.txt")
    assert code == 0
    assert lint((work / "reports" / "a.md").read_text(encoding="utf-8"))   # findings still there


def test_a_waiver_file_named_in_gilint_toml(work, capsys):
    """``baseline = "…"`` in gilint.toml (relative to it): `gilint baseline` writes there,
    `gilint check` honours it, `--baseline` wins, a missing file is an error."""
    (work / "gilint.toml").write_text('baseline = "waivers/accepted.toml"\n', encoding="utf-8")
    (work / "waivers").mkdir()
    code, _, err = run(capsys, "check", "--no-cache", "reports")
    assert code == 2 and "waiver file not found" in err and "accepted.toml" in err
    code, _, err = run(capsys, "baseline", "reports", "--reason", REASON)
    assert code == 0 and (work / "waivers" / "accepted.toml").is_file()
    assert not (work / "gilint-baseline.toml").exists()
    code, out, _ = run(capsys, "check", "reports")
    assert code == 0 and "GI202" not in out
    code, out, _ = run(capsys, "check", "--format", "json", "reports")
    assert {d["suppressed"] for d in json.loads(out)} == {REASON}
    (work / "other.toml").write_text("version = 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--baseline", "other.toml", "reports")
    assert code == 1 and "GI202" in out
    code, out, _ = run(capsys, "config", "show", "reports/a.md")
    assert "baseline" in out and "accepted.toml" in out and "gilint.toml:1" in out
    (work / "gilint.toml").write_text("baseline = 1\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "reports")
    assert code == 2 and "gilint.toml:1:" in err and "baseline" in err


def test_a_waiver_on_a_table_cell_survives_an_edit_of_another_cell_of_its_row():
    """Issue 13, item 10: the fingerprint keys on the cell and its row's label, not the line."""
    from conftest import TESTS
    from gilint import Analyzer, lint
    from gilint.baseline import Baseline, Waiver
    base = (TESTS / "rules" / "_base_2021_markdown.txt").read_text(encoding="utf-8")
    row = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t1\t0\t0\t0\t0\t0\t1"
    wrong = base.replace(row, row[:-1] + "3")                       # total 3 for 1
    (f,) = [f for f in lint(wrong) if f.code == "GI302"]
    (_, fp), = fingerprints(wrong, [f])
    waivers = Baseline(Path("w.toml"), [Waiver("r.txt", "GI302", fp, "县政务公开办同意")])
    assert [g.suppressed for g in Analyzer().run(wrong, waivers, "r.txt").findings if g.code == "GI302"] == \
        ["县政务公开办同意"]
    # another cell of the same row corrected: still 3 for 2, the same accepted cell
    edited = wrong.replace(row[:-1] + "3", row.replace("\t\t1\t0", "\t\t1\t1", 1)[:-1] + "3")
    assert edited != wrong
    after = Analyzer().run(edited, waivers, "r.txt").findings
    assert [g.suppressed for g in after if g.code == "GI302"] == ["县政务公开办同意"]
    assert not [g for g in after if g.code == "GI004"]               # the waiver is used
    # the accepted cell itself changed: a new finding
    changed = wrong.replace(row[:-1] + "3", row[:-1] + "4")
    assert [g.suppressed for g in Analyzer().run(changed, waivers, "r.txt").findings
            if g.code == "GI302"] == [None]


def test_waivers_with_whole_line_fingerprints_still_match():
    from gilint import default_config
    from gilint.baseline import Baseline, Waiver
    from gilint.findings import Finding
    text = "标题\n重复重复\n其他\n"
    f = Finding("GI501", "x", "warning", "m", 5, 7)
    (_, old), = fingerprints(text, [f], legacy=True)
    (_, new), = fingerprints(text, [f])
    assert old != new
    b = Baseline(Path("w.toml"), [Waiver("r.txt", "GI501", old, "同意")])
    assert [g.suppressed for g in b.apply("r.txt", text, [f], default_config(), frozenset({"GI501"}))] == ["同意"]
