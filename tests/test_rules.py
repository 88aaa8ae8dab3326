"""Per-rule fixtures as data (tests/rules/GIxxx.toml), SQLFluff style.

Each file holds ``[[case]]`` tables:

    name     = "what the case shows"
    layout   = "cells" | "tabs" | "markdown" | "columns"
    text     = "…"                         # the whole text, or:
    base     = "_base_2021_markdown.txt"   # a clean base report beside the fixtures …
    replace  = [["old", "new"], …]         # … mutated (each old must occur exactly once)
    replace_re = [['(?s)regex', "new"], …] # … or by regular expressions (exactly one match each)
    expect   = ["GI202"]                   # codes that must be reported (suppressed ones are not)
    forbid   = ["GI202"]                   # codes that must not ("*": no finding at all)
    fixed    = "…"                         # text after applying all safe fixes of the file's code
    fixed_replace = [["old", "new"], …]    # … or: the fixed text is the base with these replacements
    fixed_unsafe / fixed_unsafe_replace    # the same with unsafe fixes applied as well
    [case.config]                          # optional: report = {deadline = "01-31", …},
                                           #           rules = {GI403 = {enabled = true}}
    xfail    = "reason"                    # the rule misbehaves here (strict xfail)
    xfail_crlf = "reason"                  # … only when the same case is run with CRLF line ends

Every case also runs with CRLF line ends: the same codes must be reported, and the fixed text
must be the expected one with CRLF line ends.

Bases (``_base_*.txt``) must lint clean; tests/rules/make_bases.py regenerates the synthetic
ones.
"""
from __future__ import annotations

import re
import tomllib

import pytest

from conftest import TESTS, apply_edits
from gilint import lint
from gilint.packs import default_config
from gilint.checks.registry import all_rules
from gilint.config import Config, ReportSettings, RuleConfig
from gilint.record import replace   # (a Config is a record)

RULES_DIR = TESTS / "rules"
LAYOUTS = {"cells", "tabs", "markdown", "columns", "crawl"}
CASE_KEYS = {"name", "layout", "text", "base", "replace", "replace_re", "expect", "forbid", "fixed", "fixed_replace",
             "fixed_unsafe", "fixed_unsafe_replace", "config", "xfail", "xfail_crlf"}


def read_base(name: str) -> str:
    # newline="" keeps the bytes' line endings (the fixtures may test CRLF).
    with open(RULES_DIR / name, encoding="utf-8", newline="") as f:
        return f.read()


def replace_once(text: str, pairs, where: str) -> str:
    for old, new in pairs:
        n = text.count(old)
        assert n == 1, f"{where}: {old!r} occurs {n} times (must be exactly once)"
        text = text.replace(old, new)
    return text


def replace_re_once(text: str, pairs, where: str) -> str:
    for pattern, new in pairs:
        n = len(re.findall(pattern, text))
        assert n == 1, f"{where}: /{pattern}/ matches {n} times (must be exactly once)"
        text = re.sub(pattern, new, text)  # new may use \1 back-references
    return text


def load_fixtures():
    out = []
    for path in sorted(RULES_DIR.glob("GI*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        code = data.get("code", path.stem)
        assert code == path.stem, f"{path.name}: code {code} does not match the file name"
        for i, case in enumerate(data.get("case", [])):
            out.append((code, i, case))
    return out


FIXTURES = load_fixtures()


def case_text(code, case) -> str:
    where = f"{code}/{case.get('name')}"
    if "text" in case:
        assert "base" not in case, where
        return case["text"]
    text = replace_once(read_base(case["base"]), case.get("replace", []), where)
    return replace_re_once(text, case.get("replace_re", []), where)


def expected_fixed(code, case, key):
    where = f"{code}/{case.get('name')}"
    if key in case:
        return case[key]
    if key + "_replace" in case:
        assert "base" in case, f"{where}: {key}_replace needs a base"
        return replace_once(read_base(case["base"]), case[key + "_replace"], where + " (fixed)")
    return None


def case_config(case) -> Config | None:
    spec = case.get("config")
    if not spec:
        return None
    cfg = default_config()
    if "report" in spec:
        cfg = replace(cfg, report=ReportSettings(**spec["report"]))
    if "rules" in spec:
        rules = dict(cfg.rules)
        for code, v in spec["rules"].items():
            old = cfg.rule(code)
            params = {**old.params, **{k: x for k, x in v.items() if k not in ("enabled", "severity")}}
            rules[code] = RuleConfig(v.get("enabled", old.enabled), v.get("severity", old.severity), params)
        cfg = replace(cfg, rules=rules)
    return cfg


def params(crlf=False):
    for code, i, case in FIXTURES:
        reason = case.get("xfail") or (crlf and case.get("xfail_crlf"))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(code, case, id=f"{code}-{i}-{case.get('layout', '?')}", marks=marks)


def _show(findings, text):
    from gilint.textpos import LineIndex
    li = LineIndex(text)
    return "\n".join(f"  {li.position(f.start)[0] + 1}: {f.code} {f.message}" for f in findings) or "  (none)"


@pytest.mark.parametrize("code,case", list(params()))
def test_rule_case(code, case):
    check_case(code, case, crlf=False)


@pytest.mark.parametrize("code,case", list(params(crlf=True)))
def test_rule_case_crlf(code, case):
    check_case(code, case, crlf=True)


def check_case(code, case, crlf):
    text = case_text(code, case)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    findings = lint(text, case_config(case))
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f"{f.code} span outside the text"
    findings = [f for f in findings if not f.suppressed]  # reported = not suppressed
    got = {f.code for f in findings}
    name = case.get("name")
    missing = [c for c in case.get("expect", []) if c not in got]
    assert not missing, f"{name}: expected {missing}, got:\n{_show(findings, text)}"
    forbid = case.get("forbid", [])
    if "*" in forbid:
        assert not findings, f"{name}: expected no finding, got:\n{_show(findings, text)}"
    bad = [c for c in forbid if c in got]
    assert not bad, f"{name}: must not report {bad}, got:\n{_show(findings, text)}"
    for key, with_unsafe in (("fixed", False), ("fixed_unsafe", True)):
        want = expected_fixed(code, case, key)
        if want is None:
            continue
        if crlf:
            want = want.replace("\r\n", "\n").replace("\n", "\r\n")
        edits = [e for f in findings if f.code == code and f.fix and (f.fix.safe or with_unsafe)
                 for e in f.fix.edits]
        assert edits, f"{name}: {code} offers no {'' if with_unsafe else 'safe '}fix here"
        assert apply_edits(text, edits) == want, f"{name}: {key} text differs"


def test_bases_lint_clean():
    bases = sorted(RULES_DIR.glob("_base_*.txt"))
    assert len(bases) >= 4
    for p in bases:
        text = read_base(p.name)
        findings = lint(text)
        assert not findings, f"{p.name} is not clean:\n{_show(findings, text)}"


def test_fixture_files_are_well_formed():
    for code, i, case in FIXTURES:
        where = f"{code}.toml case {i}"
        assert set(case) <= CASE_KEYS, f"{where}: unknown keys {set(case) - CASE_KEYS}"
        assert case.get("name"), where
        assert case.get("layout") in LAYOUTS, f"{where}: layout {case.get('layout')!r}"
        assert ("text" in case) != ("base" in case), f"{where}: text or base"
        assert case.get("expect") or case.get("forbid"), f"{where}: expect or forbid"
        for c in case.get("expect", []) + case.get("forbid", []):
            assert c == "*" or c in all_rules(), f"{where}: unknown code {c}"


@pytest.mark.parametrize("code", sorted(c for c, r in all_rules().items() if r.scope != "corpus"))
def test_every_rule_has_fixtures(code):
    """Every code: a case that fires and a near miss that must not, in two layouts or more;
    a safe-fixable code also pins its fixed text. (The corpus rules GI6xx have theirs as
    generated series: tests/audit/.)"""
    cases = [c for k, _, c in FIXTURES if k == code]
    fires = [c for c in cases if code in c.get("expect", [])]
    near = [c for c in cases if code in c.get("forbid", []) or "*" in c.get("forbid", [])]
    assert fires, f"{code}: no case where it fires"
    assert near, f"{code}: no near miss"
    assert len({c["layout"] for c in fires}) >= 2, f"{code}: fires in fewer than two layouts"
    assert len({c["layout"] for c in near}) >= 2, f"{code}: near misses in fewer than two layouts"
    if all_rules()[code].fix == "safe":
        assert any("fixed" in c or "fixed_replace" in c for c in fires), f"{code}: no fixed text"
