"""Inline suppressions (Markdown HTML comments) with their reasons; GI004 and GI005."""
from __future__ import annotations

import json

import pytest

from gilint.checks.registry import all_rules
from gilint.packs import default_config
from gilint.cli import main
from gilint.config import Config
from gilint.engine import Analyzer, lint
from gilint.fixes import apply_fixes
from gilint.record import replace   # (a Config is a record)
from gilint.suppress import parse_directives
from test_fix import SEEDS

REASON = "经县政务公开办同意"
ROW = "\t\t2.其他法律法规禁止公开"          # seed 003: GI202 on this row (line 42)



@pytest.fixture
def seed003():
    return next(p for p in SEEDS if p.name.startswith("003")).read_text(encoding="utf-8")


def insert_before(text: str, anchor: str, line: str) -> str:
    i = text.index(anchor)
    return text[:i] + line + "\n" + text[i:]


def codes(findings, suppressed=False):
    return [f.code for f in findings if (f.suppressed is not None) == suppressed]


def test_codes_are_registered_and_documented():
    rules = all_rules()
    assert rules["GI004"].name == "unused-suppression" and rules["GI004"].severity == "warning"
    assert rules["GI005"].name == "invalid-suppression"
    for code in ("GI004", "GI005"):
        doc = rules[code].documentation()
        for heading in ("## What it does", "## Why", "## Basis", "## Example", "## Use instead"):
            assert heading in doc


def test_parse_directives():
    text = ("<!-- gilint-disable GI202, GI203 理由：经同意 -->\n"
            "<!--gilint-disable-next-line gi104，GI501、GI502 reason: ok-->\n"
            "<!-- gilint-enable GI202 -->\n"
            "<!-- gilint-disable-file GI104 -->\n"
            "<!-- gilint-disable-line GI104 理由：x -->\n")
    d = parse_directives(text)
    assert [(x.kind, x.codes, x.reason) for x in d] == [
        ("disable", ("GI202", "GI203"), "经同意"),
        ("disable-next-line", ("GI104", "GI501", "GI502"), "ok"),
        ("enable", ("GI202",), ""),
        ("disable-file", ("GI104",), ""),
        ("disable-line", (), ""),
    ]
    assert [bool(x.problems) for x in d] == [False, False, False, True, True]


def test_next_line_suppresses_with_reason(seed003):
    assert "GI202" in codes(lint(seed003))
    text = insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI202 理由：{REASON} -->")
    found = lint(text)
    assert "GI202" not in codes(found) and codes(found, suppressed=True) == ["GI202"]
    assert [f.suppressed for f in found if f.code == "GI202"] == [REASON]
    assert not [f for f in found if f.code in ("GI004", "GI005")]
    # the line after the next is not covered
    text = insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI202 理由：{REASON} -->\n")
    found = lint(text)
    assert "GI202" in codes(found) and "GI004" in codes(found)


def test_range_and_file(seed003):
    text = insert_before(seed003, "## 三、", f"<!-- gilint-disable GI202 理由：{REASON} -->")
    text = insert_before(text, "#### 四、", "<!-- gilint-enable GI202 -->")
    assert codes(lint(text), suppressed=True) == ["GI202"]
    # enabled again before the row: the range covers nothing
    text = insert_before(seed003, "## 三、", f"<!-- gilint-disable GI202 理由：{REASON} -->")
    text = insert_before(text, "(四) 无法提供", "<!-- gilint-enable -->")
    text = insert_before(text, "(一) 予以公开", "<!-- gilint-enable GI202 -->")
    found = lint(text)
    assert "GI202" in codes(found) and "GI004" in codes(found)
    # unterminated range runs to the end; one comment, several codes
    text = f"<!-- gilint-disable-file GI104,GI202 理由：{REASON} -->\n" + seed003
    found = lint(text)
    assert sorted(codes(found, suppressed=True)) == ["GI104"] * 3 + ["GI202"]
    assert codes(found) == []


def test_missing_reason_and_unknown_code(seed003):
    text = insert_before(seed003, ROW, "<!-- gilint-disable-next-line GI202 -->")
    found = lint(text)
    assert "GI202" in codes(found)                         # no reason: nothing suppressed
    bad = [f for f in found if f.code == "GI005"]
    assert len(bad) == 1 and "理由" in bad[0].message and bad[0].severity == "warning"
    text = insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI2O2,GI999 理由：{REASON} -->")
    found = lint(text)
    msgs = [f.message for f in found if f.code == "GI005"]
    assert any("GI999" in m for m in msgs)
    text = insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI004 理由：{REASON} -->")
    assert "GI005" in codes(lint(text))


def test_unused_suppression_only_for_rules_that_ran(seed003):
    text = f"<!-- gilint-disable-file GI501 理由：{REASON} -->\n" + seed003
    found = lint(text)
    unused = [f for f in found if f.code == "GI004"]
    assert len(unused) == 1 and unused[0].start == 0 and "GI501" in unused[0].message
    # not selected: not judged
    cfg = default_config()
    only = replace(cfg, select=frozenset({"GI2", "GI004"}))
    assert "GI004" not in codes(Analyzer(only).lint(text))
    # the unsafe fix deletes the comment line
    new, applied = apply_fixes(text, found, unsafe=True)
    assert [f.code for f in applied if f.code == "GI004"] == ["GI004"] and new.startswith("\n\n# 柳泉镇")
    assert apply_fixes(text, found)[1] == [f for f in apply_fixes(text, found)[1] if f.code != "GI004"]
    # partly used: the fix removes only the unused code
    text = insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI202,GI501 理由：{REASON} -->")
    found = lint(text)
    (f,) = [f for f in found if f.code == "GI004"]
    new, _ = apply_fixes(text, [f], unsafe=True)
    assert f"<!-- gilint-disable-next-line GI202 理由：{REASON} -->" in new


def test_cli_text_and_json(tmp_path, capsys, seed003):
    path = tmp_path / "draft.md"
    path.write_text(insert_before(seed003, ROW, f"<!-- gilint-disable-next-line GI202 理由：{REASON} -->"),
                    encoding="utf-8")
    code = main(["check", "--select", "GI2,GI0", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0 and "GI202" not in out
    assert out.strip() == "All checks passed. (1 suppressed finding not shown)"
    code = main(["check", "--format", "json", str(path)])
    rows = json.loads(capsys.readouterr()[0])
    (row,) = [r for r in rows if r["code"] == "GI202"]
    assert row["suppressed"] == REASON and row["line"] == 43
    assert all(r["suppressed"] is None for r in rows if r["code"] != "GI202")
    # suppressed findings are not fixed
    main(["check", "--fix", "-q", str(path)])
    capsys.readouterr()
    assert "2.其他法律法规禁止公开" in path.read_text(encoding="utf-8")
