"""gilint audit over generated multi-year series: exactly the injected GI6xx defects, none on
clean series (across the 2020 → 2021 template change), a sound database whose cells are what
the engine's Report model reads, re-reading only changed files, unreadable files listed."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.audit.gen_series import build

GILINT = [sys.executable, "-m", "gilint"]


def audit(corpus: Path, out: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([*GILINT, "audit", str(corpus), "--manifest", str(corpus / "manifest.csv"),
                           "-o", str(out), "-j", "2", *extra], capture_output=True, text=True, timeout=300)


def cross_findings(out: Path, corpus: Path) -> set:
    found = json.loads((out / "findings.json").read_text(encoding="utf-8"))

    def rel(p):
        return os.path.relpath(p, corpus).replace(os.sep, "/") if p else None
    return {(f["code"], rel(f["path"]), rel(f["related_path"])) for f in found if f["code"].startswith("GI6")}


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("series")
    expected = build(corpus, defects=True)
    out = tmp_path_factory.mktemp("out")
    r = audit(corpus, out)
    return corpus, out, expected, r


def test_finds_exactly_the_injected_defects(injected):
    corpus, out, expected, r = injected
    assert r.returncode == 1, r.stderr
    assert cross_findings(out, corpus) == set(expected)
    assert len(expected) == 9 and {c for c, _, _ in expected} == {"GI601", "GI602", "GI603", "GI604", "GI605"}
    # the generated reports are clean for the single-report rules
    found = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert [f for f in found if not f["code"].startswith("GI6")] == []


def test_findings_contract(injected):
    corpus, out, _, _ = injected
    found = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    for f in found:
        assert {"path", "code", "name", "severity", "message", "line", "column", "end_line",
                "end_column", "fix", "related_path"} <= set(f)
    gap = [f for f in found if f["code"] == "GI605"]
    assert gap and all(f["path"] == str(corpus / "manifest.csv") and f["body"] and f["year"] for f in gap)
    assert {(f["body"], f["year"]) for f in gap} == {("东坝镇人民政府", 2020), ("白沙镇人民政府", 2025)}
    share = [f for f in found if f["code"] == "GI603"]
    assert all(f["share"] >= 0.5 for f in share)
    csv_lines = (out / "findings.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv_lines) == len(found) + 1


def test_clean_series_have_no_findings(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    assert build(corpus, defects=False) == []
    r = audit(corpus, out)
    assert r.returncode == 0, r.stderr
    assert json.loads((out / "findings.json").read_text(encoding="utf-8")) == []
    con = sqlite3.connect(out / "audit.sqlite")
    # consecutive years across the template change were compared: 2020 → 2021 pairs exist
    pairs = con.execute("SELECT COUNT(*) FROM series a JOIN series b ON a.body=b.body AND b.year=a.year+1 "
                        "JOIN reports ra ON ra.id=a.report_id JOIN reports rb ON rb.id=b.report_id "
                        "WHERE ra.template='2019' AND rb.template='2021'").fetchone()[0]
    assert pairs == 8


def test_database_integrity_and_cells_as_read(injected):
    from gilint.engine import Analyzer
    from gilint.read.decode import decode_bytes
    _, out, _, _ = injected
    con = sqlite3.connect(out / "audit.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reports = con.execute("SELECT id, path FROM reports WHERE status='ok'").fetchall()
    assert len(reports) == 54
    for rid, path in reports:
        a = Analyzer()
        a.lint(decode_bytes(Path(path).read_bytes(), path).text)
        model = [(t.kind, c.text, c.start, c.end) for s in a.report.sections for t in s.tables
                 for row in ([r for st in t.subtables for r in st.rows] if t.kind == "section2" else t.rows)
                 for c in row.values]
        stored = con.execute('SELECT kind, text, start, "end" FROM cells WHERE report_id=? '
                             "ORDER BY table_no, row_no, col_no", (rid,)).fetchall()
        assert stored == model, path
        assert len(model) > 150


def test_rerun_reads_only_changed_files(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    build(corpus, defects=False, n_townships=2)
    assert audit(corpus, out).returncode == 0
    con = sqlite3.connect(out / "audit.sqlite")
    before = dict(con.execute("SELECT path, id FROM reports"))
    con.close()
    changed = next(p for p in before if p.endswith("2022.txt"))
    text = Path(changed).read_text(encoding="utf-8")
    Path(changed).write_text(text.replace("本年度未收取信息处理费。", "本年度未收取信息处理费，无其他事项。"),
                             encoding="utf-8")
    gone = next(p for p in before if p.endswith("2023.md") or p.endswith("2023.txt"))
    os.remove(gone)
    r = audit(corpus, out)
    con = sqlite3.connect(out / "audit.sqlite")
    after = dict(con.execute("SELECT path, id FROM reports"))
    assert gone not in after and changed in after
    assert after[changed] != before[changed]
    assert {p: i for p, i in after.items() if p != changed} == \
        {p: i for p, i in before.items() if p not in (changed, gone)}
    # the removed year is now a gap
    assert r.returncode == 1
    codes = [f["code"] for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))]
    assert codes == ["GI605"]   # and no GI601/GI602 across the gap


def test_unreadable_files_are_listed_not_dropped(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    build(corpus, defects=False, n_townships=1)
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    r = audit(corpus, out)
    assert r.returncode == 2
    assert "broken.txt: error:" in r.stderr and "Traceback" not in r.stderr
    listed = json.loads((out / "unreadable.json").read_text(encoding="utf-8"))
    assert [os.path.basename(x["path"]) for x in listed] == ["broken.txt"]
    con = sqlite3.connect(out / "audit.sqlite")
    assert con.execute("SELECT status FROM reports WHERE path LIKE '%broken.txt'").fetchone() == ("error",)
    assert "broken.txt" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ("path,year\na.txt,2020\n", "header lacks body"),
    ("path,body,year\na.txt,某镇,二〇二〇\n", "year must be four digits"),
    ("path,body,year,level\na.txt,某镇,2020,village\n", "level must be one of"),
    ("path,body,year\n,某镇,\n", "needs body and year"),
])
def test_bad_manifest_is_one_line_exit_2(tmp_path, content, message):
    corpus = tmp_path / "c"
    build(corpus, defects=False, n_townships=1)
    (corpus / "manifest.csv").write_text(content, encoding="utf-8")
    r = audit(corpus, tmp_path / "o")
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_pack_overrides_severity_and_threshold(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    build(corpus, defects=True)
    cfg = tmp_path / "gilint.toml"
    cfg.write_text('[rules.GI601]\nseverity = "error"\n[rules.GI603]\nthreshold = 0.99\n'
                   '[rules.GI605]\nenabled = false\n', encoding="utf-8")
    assert audit(corpus, out, "--config", str(cfg)).returncode == 1
    found = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["severity"] for f in found if f["code"] == "GI601"} == {"error"}
    assert not [f for f in found if f["code"] == "GI605"]
    # only the verbatim cross-body copy (100 %) stays above 99 %
    assert len([f for f in found if f["code"] == "GI603"]) == 2


def test_rule_docs_and_listing():
    r = subprocess.run([*GILINT, "rule", "GI603"], capture_output=True, text=True)
    assert r.returncode == 0 and "threshold" in r.stdout and "Severity: warning" in r.stdout
    r = subprocess.run([*GILINT, "rules", "--format", "json"], capture_output=True, text=True)
    codes = {x["code"]: x for x in json.loads(r.stdout)}
    assert codes["GI602"]["severity"] == "info" and codes["GI605"]["enabled"]


def test_engine_never_runs_corpus_rules():
    from gilint import lint
    from gilint.checks.registry import iter_rules
    from gilint.packs import default_config
    from gilint.config import Config
    assert not [r for r in iter_rules(default_config()) if r.code.startswith("GI6")]
    base = Path(__file__).resolve().parent.parent / "rules" / "_base_2021_cells.txt"
    assert lint(base.read_text(encoding="utf-8")) == []


def test_units_from_a_pack(tmp_path):
    corpus, out = tmp_path / "c", tmp_path / "o"
    build(corpus, defects=True)
    rows = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (corpus / "manifest.csv").write_text("\n".join(r for r in rows if "县人民政府" not in r) + "\n", encoding="utf-8")
    assert audit(corpus, out).returncode == 1
    assert not [f for f in json.loads((out / "findings.json").read_text(encoding="utf-8")) if f["code"] == "GI604"]
    cfg = tmp_path / "gilint.toml"
    cfg.write_text('[rules.GI604.units]\n"青石县人民政府" = ["青石县教育局", "青石县民政局"]\n', encoding="utf-8")
    assert audit(corpus, out, "--config", str(cfg)).returncode == 1
    found = [f for f in json.loads((out / "findings.json").read_text(encoding="utf-8")) if f["code"] == "GI604"]
    assert [(Path(f["path"]).parent.name, Path(f["related_path"]).parent.name) for f in found] == \
        [("青石县人民政府", "青石县教育局")]


def test_near_misses_are_real(tmp_path):
    """The clean series hold what would fire without the rules' exclusions: boilerplate shared
    by every body (GI603 fires when it is not removed) and 2020 → 2021 stocks that do not add up
    (GI602 would fire across the template change)."""
    corpus, out = tmp_path / "c", tmp_path / "o"
    build(corpus, defects=False)
    cfg = tmp_path / "gilint.toml"
    cfg.write_text("[rules.GI603]\nboilerplate_bodies = 1000\n", encoding="utf-8")
    assert audit(corpus, out, "--config", str(cfg)).returncode == 1
    found = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["code"] for f in found} == {"GI603"} and len(found) >= 10
    con = sqlite3.connect(out / "audit.sqlite")
    q = ("SELECT a.value, b.value FROM cells a JOIN reports ra ON ra.id=a.report_id "
         "JOIN reports rb ON rb.body=ra.body AND rb.year=ra.year+1 JOIN cells b ON b.report_id=rb.id "
         "WHERE ra.year=2020 AND a.kind='section2' AND b.kind='section2' AND a.row_no=1 AND b.row_no=1 "
         "AND a.col_no=2 AND b.col_no=2")
    pairs = con.execute(q).fetchall()
    assert len(pairs) == 8 and any(x != y for x, y in pairs)


def test_progress_bar_only_on_a_terminal(tmp_path):
    import pty
    corpus = tmp_path / "c"
    build(corpus, defects=False, n_townships=1)
    r = audit(corpus, tmp_path / "o1")
    assert "\r[" not in r.stderr and "audit done: " in r.stderr
    master, slave = pty.openpty()
    p = subprocess.run([*GILINT, "audit", str(corpus), "-o", str(tmp_path / "o2"), "-j", "2"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, timeout=300)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:   # EIO: the other side is closed
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert p.returncode == 0
    text = data.decode("utf-8", "replace")
    assert "\r[" in text and f"{len(list(corpus.rglob('*.txt')) + list(corpus.rglob('*.md')))}/" in text


def test_messages_follow_the_language(tmp_path):
    """The command's own lines (summary, an unreadable file, a broken manifest) follow --lang;
    the dashboard stays Chinese."""
    corpus = tmp_path / "c"
    build(corpus, defects=False, n_townships=1)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    zh = audit(corpus, tmp_path / "zh", "--lang", "zh")
    en = audit(corpus, tmp_path / "en", "--lang", "en")
    assert zh.returncode == en.returncode == 2        # the unreadable file
    assert "审计完成：" in zh.stderr and "1份无法读取" in zh.stderr and "broken.txt：错误：" in zh.stderr
    assert "audit done: " in en.stderr and "1 unreadable" in en.stderr and "broken.txt: error: " in en.stderr
    assert "审计" not in en.stderr and "audit done" not in zh.stderr
    for out in ("zh", "en"):
        index = (tmp_path / out / "index.html").read_text(encoding="utf-8")
        assert "政府信息公开工作年度报告审计" in index
        # an unreadable file's reason too, whatever --lang: no "无法读取：binary file …"
        assert "无法读取：二进制文件" in index and "binary file" not in index, out
    listed = json.loads((tmp_path / "en" / "unreadable.json").read_text(encoding="utf-8"))
    assert listed[0]["error"].startswith("binary file")   # the exports follow --lang
    (corpus / "manifest.csv").write_text("path,year\na.txt,2020\n", encoding="utf-8")
    zh = audit(corpus, tmp_path / "zh", "--lang", "zh")
    assert zh.returncode == 2 and "清单表头缺少 body" in zh.stderr and len(zh.stderr.strip().splitlines()) == 1


def test_standard_input_is_refused(tmp_path):
    r = subprocess.run([*GILINT, "audit", "-", "-o", str(tmp_path / "o")], input="x", capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2 and "not standard input" in r.stderr and "Traceback" not in r.stderr
