"""bench/text_rules_report.py: per text rule, the findings and their share on marked lines."""
from __future__ import annotations

import importlib.util

from conftest import TESTS

SPEC = importlib.util.spec_from_file_location("text_rules_report", TESTS.parent / "bench" / "text_rules_report.py")
report = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(report)


def test_seed_rows_count_expected_and_unmarked_findings():
    rows, n = report.folder_rows(TESTS / "cases" / "seeds")
    assert n == 5
    # seed 000's 根据上级…部署 twice (GI501), seed 002's 12月28日 (GI401) and its 工作报告 title (GI107)
    for code in ("GI501", "GI401", "GI107"):
        assert rows[code]["expected"] >= 1, (code, rows[code])
        assert rows[code]["missed"] == 0, (code, rows[code])
    assert all(row["unmarked"] == 0 for row in rows.values()), {c: r for c, r in rows.items() if r["unmarked"]}


def test_unmarked_finding_counted(tmp_path):
    base = (TESTS / "rules" / "_base_2021_cells.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(base.replace("（一）主动公开。", "（一）主动公开。关于关于本年度，"), encoding="utf-8")
    (tmp_path / "expect.toml").write_text('[[checked]]\nfile = "a.txt"\n', encoding="utf-8")
    rows, _ = report.folder_rows(tmp_path)
    assert rows["GI501"]["unmarked"] == 1 and rows["GI501"]["expected"] == 0


def test_missing_folder_is_a_usage_error(capsys, tmp_path):
    assert report.main([str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
