"""Formatters, tested on hand-made findings (no engine involved)."""
from __future__ import annotations

import json

import pytest

from gilint.findings import Edit, Finding, Fix
from gilint.output import (Diagnostic, artifact_uri, fails, format_github, format_json,
                           format_statistics, format_text, locate, sarif_log, summarize,
                           summary_line)

TEXT = "标题2020年\r\n一、总体情况\r\n根据上级，根据上级，我镇\n第四行\rlast"
#        line 1 (0..8)  line 2        line 3                  line 4   line 5


def finding(code="GI501", start=0, end=1, severity="warning", fix=None, suppressed=None,
            name="repeated-text", message="msg"):
    return Finding(code, name, severity, message, start, end, fix, suppressed)


def test_locate_lines_and_code_point_columns_across_newline_styles():
    start = TEXT.index("根据上级，根据上级") + len("根据上级，")
    end = start + len("根据上级，")
    (d,) = locate("a.txt", TEXT, [finding(start=start, end=end)])
    assert (d.line, d.column, d.end_line, d.end_column) == (3, 6, 3, 11)
    assert (d.start, d.end) == (start, end)
    last = TEXT.index("last")
    (d,) = locate("a.txt", TEXT, [finding(start=last, end=len(TEXT))])
    assert (d.line, d.column, d.end_line, d.end_column) == (5, 1, 5, 5)


def test_locate_end_after_line_break_is_next_line_column_1():
    end = TEXT.index("一")
    (d,) = locate("a.txt", TEXT, [finding(start=0, end=end)])
    assert (d.line, d.column, d.end_line, d.end_column) == (1, 1, 2, 1)


def test_locate_makes_the_diagnostic_a_hand_would_make_with_related_findings():
    text = TEXT.replace("\r\n", "\n").replace("\r", "\n")   # only LF: placed by counting breaks
    s = text.index("第四行")
    root = finding(start=s, end=s + 3)
    root.extra["related"] = [finding(code="GI302", start=0, end=2)]
    (d,) = locate("a.txt", text, [root])
    related = Diagnostic("a.txt", "GI302", "repeated-text", "warning", "msg", 1, 1, 1, 3, 0, 2)
    want = Diagnostic("a.txt", "GI501", "repeated-text", "warning", "msg", 4, 1, 4, 4, s, s + 3,
                      related=[related.to_json()])
    assert d == want and list(vars(d).items()) == list(vars(want).items())


def test_locate_fix_edits():
    s = TEXT.index("第四行")
    fix = Fix((Edit(s, s + 3, "第4行"),), safe=False, description="renumber")
    (d,) = locate("a.txt", TEXT, [finding(start=s, end=s + 3, fix=fix)])
    assert d.fix == {"applicability": "unsafe", "description": "renumber", "edits": [
        {"line": 4, "column": 1, "end_line": 4, "end_column": 4, "start": s, "end": s + 3,
         "new_text": "第4行"}]}


def diags():
    return [
        Diagnostic("b.txt", "GI101", "missing-section", "error", "no 五", 9, 1, 9, 3, 50, 52),
        Diagnostic("a.txt", "GI501", "repeated-text", "warning", "twice", 4, 15, 4, 20, 30, 35,
                   fix={"applicability": "safe", "description": "delete", "edits": [
                       {"line": 4, "column": 15, "end_line": 4, "end_column": 20, "start": 30,
                        "end": 35, "new_text": ""}]}),
        Diagnostic("a.txt", "GI002", "not-a-report", "info", "hm", 1, 1, 1, 2, 0, 1),
        Diagnostic("a.txt", "GI504", "placeholder", "error", "XX镇", 2, 1, 2, 3, 5, 7,
                   suppressed="waived in gilint.toml"),
    ]


def test_text_format_and_summary():
    ds = sorted(diags(), key=Diagnostic.sort_key)
    out = format_text(ds, summarize(ds, files=2))
    lines = out.splitlines()
    assert lines[0] == "a.txt:1:1: GI002 [info] hm"
    assert lines[1] == "a.txt:4:15: GI501 [warning] twice"
    assert lines[2] == "b.txt:9:1: GI101 [error] no 五"
    assert "XX镇" not in out  # suppressed findings are not shown
    assert lines[-1] == ("Found 3 findings (1 error, 1 warning, 1 info) in 2 files. "
                         "(1 suppressed finding not shown)")
    assert "\x1b[" not in out


def test_text_quiet_and_colour():
    ds = diags()[:1]
    assert format_text(ds, None) == "b.txt:9:1: GI101 [error] no 五\n"
    assert "\x1b[" in format_text(ds, None, color=True)


def test_summary_all_passed():
    assert summary_line(summarize([], files=3)) == "All checks passed."


def test_fail_level():
    ds = diags()
    assert fails(ds, "info") and fails(ds, "warning") and fails(ds, "error")
    only_warning = [d for d in ds if d.severity == "warning"]
    assert fails(only_warning, "warning") and not fails(only_warning, "error")
    suppressed_only = [d for d in ds if d.suppressed]
    assert not fails(suppressed_only, "info")


def test_json_format_sorted_with_required_keys():
    ds = sorted(diags(), key=Diagnostic.sort_key)
    data = json.loads(format_json(ds))
    assert [(d["path"], d["line"]) for d in data] == [("a.txt", 1), ("a.txt", 2), ("a.txt", 4),
                                                      ("b.txt", 9)]
    for d in data:
        for key in ("path", "code", "name", "severity", "message", "line", "column", "end_line",
                    "end_column", "fix", "suppressed"):
            assert key in d
    assert data[1]["suppressed"] == "waived in gilint.toml"
    assert data[2]["fix"]["applicability"] == "safe"
    assert data[2]["fix"]["edits"][0]["new_text"] == ""


def test_github_format_levels_and_escaping():
    ds = diags()
    ds[0].message = "a,b:c\nd%"
    out = format_github(ds).splitlines()
    assert out[0] == ("::error file=b.txt,line=9,col=1,endLine=9,endColumn=3,title=GI101::"
                      "GI101 (missing-section) a,b:c%0Ad%25")
    assert out[1].startswith("::warning file=a.txt,line=4,col=15,endLine=4,endColumn=20,title=GI501::")
    assert out[2].startswith("::notice ")
    assert len(out) == 3  # the suppressed one is not annotated


def test_statistics():
    out = format_statistics(diags())
    assert out.splitlines() == ["1\tGI002\tnot-a-report", "1\tGI101\tmissing-section",
                                "1\tGI501\t[*] repeated-text"]
    rows = json.loads(format_statistics(diags(), "json"))
    assert {r["code"]: r["count"] for r in rows} == {"GI002": 1, "GI101": 1, "GI501": 1}


def test_artifact_uri():
    assert artifact_uri("./报告/a b.txt") == "%E6%8A%A5%E5%91%8A/a%20b.txt"
    assert artifact_uri("/tmp/x.txt") == "file:///tmp/x.txt"
    assert artifact_uri("-") == "stdin"


# -- SARIF: a hand-written check of the 2.1.0 schema's required properties -------------------
class FakeRule:
    def __init__(self, code, name, severity, fix="none"):
        self.code, self.name, self.severity, self.fix = code, name, severity, fix

    def documentation(self):
        return f"Reports {self.name}.\n\n## Why\nBecause."

    def summary(self):
        return f"Reports {self.name}."


RULES = {c: FakeRule(c, n, s, f) for c, n, s, f in [
    ("GI002", "not-a-report", "info", "none"), ("GI101", "missing-section", "error", "unsafe"),
    ("GI501", "repeated-text", "warning", "safe"), ("GI504", "placeholder", "error", "none")]}


def validate_sarif(log: dict) -> None:
    """The required properties of SARIF 2.1.0 (sarif-schema-2.1.0.json) for what we emit."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] and isinstance(driver["name"], str)
        ids = []
        for rule in driver.get("rules", []):
            assert isinstance(rule["id"], str)
            ids.append(rule["id"])
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    assert isinstance(rule[key]["text"], str)
            if "defaultConfiguration" in rule:
                assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        assert run.get("columnKind", "unicodeCodePoints") in ("unicodeCodePoints", "utf16CodeUnits")
        for result in run["results"]:
            assert isinstance(result["message"]["text"], str)          # message is required
            assert result["level"] in ("none", "note", "warning", "error")
            assert ids[result["ruleIndex"]] == result["ruleId"]
            for loc in result["locations"]:
                phys = loc["physicalLocation"]
                assert isinstance(phys["artifactLocation"]["uri"], str)
                region = phys["region"]
                assert region["startLine"] >= 1 and region["startColumn"] >= 1
                assert (region["endLine"], region["endColumn"]) >= (region["startLine"],
                                                                    region["startColumn"])
            for fix in result.get("fixes", []):
                assert fix["artifactChanges"]                           # required, minItems 1
                for change in fix["artifactChanges"]:
                    assert "artifactLocation" in change and change["replacements"]
                    for rep in change["replacements"]:
                        assert "deletedRegion" in rep                   # required
            for sup in result.get("suppressions", []):
                assert sup["kind"] in ("inSource", "external")          # required


def test_sarif_structure():
    log = sarif_log(sorted(diags(), key=Diagnostic.sort_key), RULES, "9.9")
    validate_sarif(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["version"] == "9.9" and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["GI002", "GI101", "GI501", "GI504"]
    assert driver["rules"][2]["defaultConfiguration"]["level"] == "warning"
    assert driver["rules"][0]["defaultConfiguration"]["level"] == "note"
    assert "Because." in driver["rules"][1]["fullDescription"]["text"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["GI002"]["level"] == "note"
    assert by_rule["GI504"]["suppressions"][0]["justification"] == "waived in gilint.toml"
    region = by_rule["GI501"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (4, 15, 4, 20)
    rep = by_rule["GI501"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert rep["insertedContent"]["text"] == "" and rep["deletedRegion"]["startColumn"] == 15


def test_sarif_code_without_rule_class_gets_a_descriptor():
    d = Diagnostic("a.txt", "XJ001", "county-rule", "warning", "m", 1, 1, 1, 2, 0, 1)
    log = sarif_log([d], RULES, "1")
    validate_sarif(log)
    assert log["runs"][0]["tool"]["driver"]["rules"][-1]["id"] == "XJ001"


@pytest.mark.parametrize("severity", ["error", "warning", "info"])
def test_summary_counts_each_severity(severity):
    d = Diagnostic("a.txt", "GI1", "x", severity, "m", 1, 1, 1, 1, 0, 0)
    s = summarize([d], 1)
    assert (s.errors, s.warnings, s.infos) == (severity == "error", severity == "warning",
                                               severity == "info")
