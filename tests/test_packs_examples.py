"""The example packs (examples/packs): the seeds under county settings give exactly the national
findings plus the county's, and the national-only run is unchanged (conformance)."""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEEDS, shared
from gilint import lint
from gilint.packs import default_config
from gilint.config import Config
from gilint.packs import config_for_path, load_config
from gilint.textpos import LineIndex

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "examples" / "packs"

# (code, 1-based line, severity) → count, beyond the national findings.
EXTRA = {
    "huangzhong": {
        "000_a5e157a962f88d8f.txt": {("QH201", 2): 4},                # 平台建设 is covered
        "001_5b3a022b866a733a.txt": {("QH201", 4): 5},
        "002_4e23321f02cf36ab.txt": {("QH201", 3): 5, ("HZ101", 8): 2,  # 600余条, 300余次
                                     ("GI403", 407): 1},               # signed 2021年2月4日 > 1月31日
        "003_74cc16f0ef581249.txt": {("QH201", 5): 5},
        "004_08cfca133e237b55.txt": {("QH201", 5): 5, ("QH102", 11): 1},   # 截止到 → 截至
    },
    "datong": {
        "000_a5e157a962f88d8f.txt": {("QH201", 2): 4},
        "001_5b3a022b866a733a.txt": {("QH201", 4): 5},
        "002_4e23321f02cf36ab.txt": {("QH201", 3): 5, ("DT101", 407): 1},  # 2月4日: after 1月25日
        "003_74cc16f0ef581249.txt": {("QH201", 5): 5},                     # but before 2月20日
        "004_08cfca133e237b55.txt": {("QH201", 5): 5, ("QH102", 11): 1},
    },
}
SEVERITY = {"huangzhong": {"QH201": "warning", "HZ101": "info", "GI403": "warning", "QH102": "warning"},
            "datong": {"QH201": "info", "DT101": "info", "QH102": "warning"}}


def key(f, text):
    return (f.code, f.start, f.end, f.message, f.severity)


@pytest.mark.parametrize("county", sorted(EXTRA))
def test_seeds_under_county_packs(county):
    config = load_config(PACKS / county / "pack.toml")
    for name, want in EXTRA[county].items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        national = {key(f, text) for f in lint(text, default_config())}
        local = lint(text, config)
        assert national <= {key(f, text) for f in local}, name      # nothing national is lost
        lines = LineIndex(text)
        extra = [f for f in local if key(f, text) not in national]
        got = Counter((f.code, lines.position(f.start)[0] + 1) for f in extra)
        assert got == Counter(want), (county, name, got)
        for f in extra:
            assert f.severity == SEVERITY[county][f.code]


def test_gi403_on_the_township_report_signed_after_the_county_deadline():
    text = (SEEDS / "002_4e23321f02cf36ab.txt").read_text(encoding="utf-8")
    [f] = [f for f in lint(text, load_config(PACKS / "huangzhong" / "pack.toml")) if f.code == "GI403"]
    assert text[f.start:f.end] == "2021年2月4日" and "2021年1月31日" in f.message
    assert not [f for f in lint(text, load_config(PACKS / "qinghai" / "pack.toml")) if f.code == "GI403"]


def test_example_chain_and_merge():
    c = config_for_path(PACKS / "shangxinzhuang" / "drafts" / "2020_shangxinzhuang.txt")
    assert [n for n, _ in c.packs] == ["national", "qinghai", "huangzhong", "shangxinzhuang"]
    assert c.report.deadline == {"township": "01-31", "county-department": "01-31",
                                 "county-government": "03-31"}
    assert c.params("QH102")["swap"]["登陆网站"] == "登录网站" and "截止到" in c.params("QH102")["swap"]
    assert c.rule("QH201").severity == "warning" and c.report.level == "township"
    d = config_for_path(PACKS / "qiaotou" / "drafts" / "2020_qiaotou.txt")
    assert [n for n, _ in d.packs] == ["national", "qinghai", "datong", "qiaotou"]
    assert d.params("QH101")["phrases"] == ["等等", "诸如此类"] and d.rule("QH101").severity == "error"
    assert d.report.deadline["township"] == "02-20"


@pytest.mark.parametrize("folder, want", [
    ("shangxinzhuang", {"QH201": 1, "QH102": 2, "QH101": 1, "HZ101": 2, "GI403": 1}),
    ("qiaotou", {"QH201": 5, "QH101": 1, "QH102": 1, "DT101": 1, "DT102": 1}),
])
def test_example_drafts_show_their_packs_findings(folder, want):
    [draft] = (PACKS / folder / "drafts").glob("*.txt")
    text = draft.read_text(encoding="utf-8")
    found = lint(text, config_for_path(draft))
    local = Counter(f.code for f in found if not f.code.startswith("GI") or f.code == "GI403")
    assert local == Counter(want)
    by_code = {f.code: f for f in found}
    if folder == "qiaotou":
        assert by_code["QH101"].severity == "error" and text[by_code["QH101"].start:by_code["QH101"].end] == "诸如此类"
        assert text[by_code["DT102"].start:by_code["DT102"].end] == "6800"
        assert "GI403" not in by_code                       # 2月10日 is within the province's 2月20日
    else:
        subst = sorted(text[f.start:f.end] for f in found if f.code == "QH102")
        assert subst == ["截止目前", "登陆网站"]


def test_national_only_conformance_unchanged(tmp_path):
    conformance = shared("tools", "conformance.py")
    cmd = f"{sys.executable} -m gilint check --format json"
    r = subprocess.run([sys.executable, str(conformance), str(SEEDS), "--cmd", cmd], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stdout + r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert "= 100.0%, false positives 0 " in last, last


def test_rules_and_rule_show_the_rules_the_packs_declare(capsys):
    from gilint.cli import main
    qiaotou = str(PACKS / "qiaotou" / "gilint.toml")
    assert main(["rules", "--config", qiaotou]) == 0
    listing = {ln.split()[0]: ln for ln in capsys.readouterr().out.splitlines()[1:]}
    assert "GI501" in listing and listing["QH101"].endswith("[qinghai]") and listing["DT101"].endswith("[datong]")
    assert listing["DT101"].split()[2] == "info"
    assert main(["rule", "qh101", "--config", qiaotou]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("# QH101 ") and "Declared by the pack qinghai" in doc and "kind `forbidden`" in doc
    assert "\n    " not in doc.split("## What it does", 1)[1].split("\n\n", 1)[0]   # dedented
    assert main(["rule", "QH101"]) == 2            # not declared where no pack is in effect
    assert "unknown rule" in capsys.readouterr().err


def test_selecting_a_packs_own_rule_is_not_warned_about(capsys):
    from gilint.cli import main
    qiaotou = PACKS / "qiaotou"
    draft = str(qiaotou / "drafts" / "2020_qiaotou.txt")
    config = str(qiaotou / "gilint.toml")
    assert main(["check", "--no-cache", "--config", config, "--select", "QH101", draft]) == 1
    out, err = capsys.readouterr()
    assert "QH101" in out and "warning" not in err
    main(["check", "--no-cache", "--config", config, "--select", "ZZ9", draft])
    assert "--select ZZ9 matches no rule" in capsys.readouterr().err
