"""One finding per cause (issue 13, item 9): cascades folded under a root, none lost; the one
cell whose change restores every identity of the table named, with an unsafe fix."""
from __future__ import annotations

import json
from collections import Counter

from conftest import TESTS
from gilint.cli import main
from gilint.engine import Analyzer
from gilint.fixes import fix_text
from gilint.grouping import group, related

BASE = (TESTS / "rules" / "_base_2021_markdown.txt").read_text(encoding="utf-8")
NEW = "一、本年新收政府信息公开申请数量\t\t\t5\t1\t0\t0\t0\t0\t6"
TOTAL = "\t（七）总计\t\t5\t1\t0\t0\t0\t0\t6"


def analysed(text):
    a = Analyzer(cache_size=0)
    return a.lint(text), a.report


def flat(findings):
    return Counter((f.code, f.start, f.end) for r in findings for f in (r, *related(r)))


def test_one_wrong_cell_is_one_finding_naming_the_cell_and_the_value(tmp_path, capsys):
    wrong = BASE.replace(NEW, NEW.replace("\t5\t1", "\t6\t1", 1))
    found, report = analysed(wrong)
    assert sorted(f.code for f in found) == ["GI302", "GI304"]
    (root,) = group(found, report)
    assert [f.code for f in related(root)] == ["GI304"]
    assert "只需将“一、本年新收政府信息公开申请数量”行“自然人”列改为5，表中全部勾稽关系即成立" in root.message
    assert not root.fix.safe and [e.new_text for e in root.fix.edits] == ["5"]
    fixed = wrong[:root.fix.edits[0].start] + "5" + wrong[root.fix.edits[0].end:]
    assert fixed == BASE                                     # that one cell restores them all
    f = tmp_path / "r.txt"
    f.write_text(wrong, encoding="utf-8")
    assert main(["check", "--no-cache", "--format", "json", str(f)]) == 1
    shown, folded = json.loads(capsys.readouterr().out)     # all findings (the contract)
    assert shown["code"] == "GI302" and [r["code"] for r in shown["related"]] == ["GI304"]
    assert shown["fix"]["edits"][0]["new_text"] == "5"
    assert folded["code"] == "GI304" and folded["related_to"] == {
        "code": "GI302", "line": shown["line"], "column": shown["column"]}
    assert main(["check", "--no-cache", str(f)]) == 1
    assert capsys.readouterr().out.count("GI30") == 2        # text: one line, the other named
    assert main(["check", "--no-cache", "--format", "sarif", str(f)]) == 1
    (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["message"]["text"][:5] for r in result["relatedLocations"]] == ["GI304"]
    assert fix_text(wrong, unsafe=True).text != BASE         # each rule alone: the sums
    assert main(["check", "--no-cache", "--fix", "--unsafe-fixes", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == BASE             # grouped: the one cell


def test_findings_on_one_cell_fold_under_the_most_severe():
    wrong = BASE.replace(TOTAL, TOTAL[:-1] + "7")            # （七）总计's 总计: row and column
    found, report = analysed(wrong)
    assert Counter(f.code for f in found) == Counter({"GI302": 1, "GI303": 1, "GI304": 1})
    grouped = group(found, report)
    assert len(grouped) == 1 and flat(grouped) == flat(found)


def test_a_run_of_blank_cells_is_one_finding():
    lines = BASE.split("\n")
    rows = [i for i, line in enumerate(lines) if line.count("\t") >= 8 and line.rstrip().endswith(("0", "1"))
            and ("不予公开" in line or line.lstrip("\t").startswith(tuple("12345678")))]
    assert len(rows) >= 6
    for i in rows:                         # the six applicant columns left blank in each row
        head, *cells = lines[i].split("\t")
        lines[i] = "\t".join([head, *cells[:-7], "", "", "", "", "", "", cells[-1]])
    blank = "\n".join(lines)
    found, report = analysed(blank)
    gi301 = [f for f in found if f.code == "GI301"]
    assert len(gi301) >= 6
    grouped = group(found, report)
    assert len([f for f in grouped if f.code == "GI301"]) < len(gi301)
    assert flat(grouped) == flat(found)                     # nothing lost


def test_grouping_never_loses_a_finding_on_any_case():
    for p in sorted((TESTS / "cases").glob("*/*.txt")) + sorted((TESTS / "rules").glob("_base_*.txt")):
        found, report = analysed(p.read_text(encoding="utf-8"))
        assert flat(group(found, report)) == flat(found), p.name


def test_the_server_shows_folded_findings_as_related_information():
    import pytest
    pytest.importorskip("pygls")
    from pygls.workspace.position_codec import PositionCodec

    from gilint.packs import default_config
    from gilint.lsp.document import GilintTextDocument
    from gilint.lsp.server import DocState, GilintServer
    wrong = BASE.replace(TOTAL, TOTAL[:-1] + "7")
    ls = GilintServer()
    doc = GilintTextDocument("file:///r.md", wrong, version=1, position_codec=PositionCodec("utf-16"))
    state = DocState("file:///r.md", None, default_config(), Analyzer())
    ls.analyse(state, doc)
    (d,) = [d for d in state.diagnostics if d.code in ("GI302", "GI303", "GI304")]
    assert sorted(r.message.split()[0] for r in d.related_information) == ["GI303", "GI304"]
    assert all(r.location.uri == "file:///r.md" for r in d.related_information)


def test_the_real_report_with_a_run_of_blank_cells_reads_as_one_gi301():
    """tests/cases/real/015: 25 rows with the same blank columns (one with a quoted label)."""
    found, report = analysed((TESTS / "cases" / "real" / "015_shuyang_fgj_2023.txt").read_text(encoding="utf-8"))
    grouped = group(found, report)
    (root,) = [f for f in grouped if f.code == "GI301"]
    assert len(related(root)) == len([f for f in found if f.code == "GI301"]) - 1 >= 20
    assert flat(grouped) == flat(found)
