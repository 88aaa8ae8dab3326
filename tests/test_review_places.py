"""Findings in a .docx name a place Word shows (the table by its section heading, the row and
column by their labels), in text, JSON and SARIF."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from formats.builders import build_docx  # noqa: E402

from gilint.cli import main  # noqa: E402
from gilint.engine import Analyzer  # noqa: E402

SEED = HERE / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def with_cells_changed(text: str) -> str:
    """（七）总计's 自然人 cell and 复议后起诉's 总计 (section 四) set wrong."""
    a = Analyzer()
    a.lint(text)
    total = a.report.section(3).tables[0].row("total").values[0]
    review = a.report.section(4).tables[0].rows[0].values[-1]
    edits = sorted([(total, "9"), (review, "7")], key=lambda e: -e[0].start)
    for cell, new in edits:
        text = text[:cell.start] + new + text[cell.end:]
    return text


def test_table_cells_named_by_their_labels(capsys, tmp_path):
    f = tmp_path / "r.docx"
    f.write_bytes(build_docx(with_cells_changed(SEED.read_text(encoding="utf-8"))))
    _code, out, _ = run(capsys, "check", "--no-cache", "--format", "json", str(f))
    found = json.loads(out)
    gi303 = next(d for d in found if d["code"] == "GI303")
    assert gi303["location"]["label"] == \
        "表“收到和处理政府信息公开申请情况” 行“（七）总计” 列“自然人”"
    assert gi303["location"]["index"].startswith("表2行")
    gi305 = next(d for d in found if d["code"] == "GI305")
    assert gi305["location"]["label"] == \
        "表“政府信息公开行政复议、行政诉讼情况” 列“行政复议 总计”"   # 四's one data row has no label
    _code, out, _ = run(capsys, "check", "--no-cache", str(f))
    assert f"{f}:表“收到和处理政府信息公开申请情况” 行“（七）总计” 列“自然人”: GI303 [error]" in out
    _code, out, _ = run(capsys, "check", "--no-cache", "--format", "sarif", str(f))
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "GI303")
    assert result["locations"][0]["logicalLocations"][0]["name"] == gi303["location"]["label"]


def test_paragraphs_named_by_their_first_words(capsys, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("一、总体情况", "1、总体情况", 1)
    f = tmp_path / "r.docx"
    f.write_bytes(build_docx(text))
    _code, out, _ = run(capsys, "check", "--no-cache", "--format", "json", str(f))
    gi104 = next(d for d in json.loads(out) if d["code"] == "GI104")
    assert gi104["location"]["label"] == "段“1、总体情况”"
    assert gi104["location"]["index"] == f"段{gi104['location']['paragraph']}"
