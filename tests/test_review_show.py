"""gilint show: the report as gilint read it, on every seed (text and .docx) and the real cases."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from formats.builders import build_docx  # noqa: E402

from gilint.cli import main  # noqa: E402
from gilint.engine import Analyzer  # noqa: E402
from gilint.review.modeljson import decode  # noqa: E402

SEEDS = sorted((HERE / "cases" / "seeds").glob("*.txt"))
REAL = sorted((HERE / "cases" / "real").glob("*.txt"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def grid_rows(block: str) -> list[str]:
    return [ln.strip() for ln in block.split("\n") if ln.strip().startswith("| ")]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_show_prints_the_three_tables_as_grids(capsys, path):
    code, out, err = run(capsys, "show", str(path), "--lang", "zh")
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    a = Analyzer()
    a.lint(text)
    for number in (2, 3, 4):
        section = a.report.section(number)
        code, part, _ = run(capsys, "show", str(path), "--section", "一二三四"[number - 1], "--lang", "zh")
        assert section.heading.text in part and "表格" in part
        rows = grid_rows(part)
        for t in section.tables:
            for r in t.rows:
                # every row label as read, and its figures, in one grid line
                label = "".join(r.label.text.split())[:6]
                line = next(ln for ln in rows if label in ln)
                cells = [c.strip().rstrip("!") for c in line.strip("|").split("|")[1:]]
                assert cells[:len(r.values)] == [" ".join(v.text.split())[:len(cells[i])].rstrip("…")
                                                 if len(v.text) <= 10 else cells[i]
                                                 for i, v in enumerate(r.values)]
    assert "标题：" in out and "年度：" in out and "层级：" in out
    # the labels follow the language; what was read (headings, cells) is the report's own text
    code, en, _ = run(capsys, "show", str(path), "--lang", "en")
    assert "Title: " in en and "Year: " in en and "Level: " in en and "标题：" not in en
    assert grid_rows(en) == grid_rows(out)


@pytest.mark.parametrize("path", SEEDS + REAL, ids=lambda p: p.stem[:3])
def test_show_json_round_trips_the_model(capsys, path):
    code, out, _ = run(capsys, "show", "--format", "json", str(path))
    data = json.loads(out)
    a = Analyzer()
    a.lint(path.read_text(encoding="utf-8"))
    assert decode(data["model"]) == a.report
    assert [s["number"] for s in data["sections"]] == [s.number for s in a.report.sections]
    assert all(s["matched"] in ("exact", "variant", "runon", "fuzzy") for s in data["sections"]
               if s["number"])
    s3 = next(s for s in data["sections"] if s["number"] == 3)
    assert s3["tables"] and s3["tables"][0]["grids"][0]["rows"]


def test_show_docx_and_gi001_reasons(capsys, tmp_path):
    f = tmp_path / "r.docx"
    f.write_bytes(build_docx(SEEDS[3].read_text(encoding="utf-8")))
    code, out, _ = run(capsys, "show", str(f), "--section", "3")
    assert code == 0 and "收到和处理政府信息公开申请情况" in out and grid_rows(out)
    # a 三 row whose cells ran together with no single reading: unreadable, the reason said
    text = SEEDS[3].read_text(encoding="utf-8")
    a = Analyzer()
    a.lint(text)
    row = a.report.section(3).tables[0].rows[0]
    line_start = text.rfind("\n", 0, row.start) + 1
    line_end = text.index("\n", row.end) if "\n" in text[row.end:] else len(text)
    bad = text[:line_start] + "一、本年新收政府信息公开申请数量2000000121" + text[line_end:]
    g = tmp_path / "bad.txt"
    g.write_text(bad, encoding="utf-8")
    code, out, _ = run(capsys, "show", str(g), "--section", "三", "--lang", "zh")
    assert "无法读出（GI001）" in out and "✗" in out and "GI001" in out
    code, out, _ = run(capsys, "show", "--format", "json", str(g))
    t3 = next(s for s in json.loads(out)["sections"] if s["number"] == 3)["tables"][0]
    assert not t3["readable"] and t3["problems"] and t3["gi001"]


def test_show_bad_section_and_input(capsys, tmp_path):
    code, _out, err = run(capsys, "show", str(SEEDS[0]), "--section", "九")
    assert code == 2 and "--section" in err
    f = tmp_path / "x.docx"
    f.write_bytes(b"PK\x03\x04broken")
    code, _out, err = run(capsys, "show", str(f))
    assert code == 2 and "corrupted" in err and "Traceback" not in err


def test_gi001_reason_points_at_its_row(capsys, tmp_path):
    lines = SEEDS[3].read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    lines[i] += "\t5"                                   # one cell too many in that row
    g = tmp_path / "extra.txt"
    g.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "show", str(g), "--section", "三", "--lang", "zh")
    assert "无法读出（GI001）" in out
    flagged = [ln for ln in grid_rows(out) if ln.startswith("| ✗ ")]
    assert len(flagged) == 1 and "一、本年新收政府信息公开申请数量" in flagged[0]
    assert any("一、本年新收政府信息公开申请数量" in ln and "✗" in ln
               for ln in out.split("\n") if not ln.strip().startswith("|"))
