"""The gilint command line: check (formats, selection, exit codes, stdin, jobs), rules, rule."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL, SEEDS
from gilint.cli import main, parse_codes

SEED = SEEDS / "000_a5e157a962f88d8f.txt"     # expect: GI501 on line 4 (a warning)



def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, "check", "--format", "json", *argv)
    return code, json.loads(out), err


def cli(*argv, input=None, env=None):
    return subprocess.run([sys.executable, "-m", "gilint", *argv], input=input,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


# -- formats on a real seed ----------------------------------------------------------------
def test_text_format(capsys):
    code, out, err = run(capsys, "check", str(SEED))
    lines = out.splitlines()
    hit = [l for l in lines if " GI501 [warning] " in l]
    assert hit and hit[0].startswith(f"{SEED}:4:")
    assert lines[-1].startswith("Found ") and lines[-1].endswith(" in 1 file.")
    assert code == 1 and "Traceback" not in err
    assert "\x1b[" not in out  # not a terminal


def test_json_format(capsys):
    code, data, _ = run_json(capsys, str(SEED))
    assert code == 1
    d = next(d for d in data if d["code"] == "GI501")
    assert d["path"] == str(SEED) and d["line"] == 4 and d["severity"] == "warning"
    assert d["name"] == "repeated-text" and d["end_line"] >= d["line"]
    assert d["suppressed"] is None
    # columns are code points: the finding's text is where line/column say it is
    text = SEED.read_text(encoding="utf-8")
    line = text.splitlines()[d["line"] - 1]
    start = sum(len(l) + 1 for l in text.split("\n")[:d["line"] - 1])
    assert text[d["start"]:d["end"]] == line[d["column"] - 1:d["end_column"] - 1] or d["end_line"] != d["line"]
    assert text[start:start + len(line)] == line
    keys = ("path", "code", "name", "severity", "message", "line", "column", "end_line",
            "end_column", "fix", "suppressed")
    assert all(k in x for x in data for k in keys)
    assert data == sorted(data, key=lambda x: (x["line"], x["column"]))


def test_sarif_format(capsys):
    from test_output import validate_sarif
    code, out, _ = run(capsys, "check", "--format", "sarif", str(SEED))
    log = json.loads(out)
    validate_sarif(log)
    driver = log["runs"][0]["tool"]["driver"]
    from gilint.checks.registry import all_rules
    assert [r["id"] for r in driver["rules"]][:len(all_rules())] == list(all_rules())
    results = log["runs"][0]["results"]
    r = next(r for r in results if r["ruleId"] == "GI501")
    assert r["level"] == "warning"
    assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert code == 1


def test_github_format(capsys):
    code, out, _ = run(capsys, "check", "--format", "github", str(SEED))
    line = next(l for l in out.splitlines() if "title=GI501" in l)
    assert line.startswith(f"::warning file={SEED},line=4,col=")
    assert ",endLine=" in line and ",endColumn=" in line
    assert code == 1


def test_quiet_and_statistics(capsys):
    _, full, _ = run(capsys, "check", str(SEED))
    _, quiet, _ = run(capsys, "check", "--quiet", str(SEED))
    assert quiet.splitlines() == full.splitlines()[:-1]
    code, stats, _ = run(capsys, "check", "--statistics", str(SEED))
    rows = [l.split("\t") for l in stats.splitlines()]
    assert ["1", "GI501"] == rows[[r[1] for r in rows].index("GI501")][:2]
    assert code == 1
    _, stats_json, _ = run(capsys, "check", "--statistics", "--format", "json", str(SEED))
    assert any(r["code"] == "GI501" for r in json.loads(stats_json))


def test_statistics_without_positions_count_as_the_findings(capsys):
    """--statistics without the result cache counts findings without locating them: the same
    counts (fixable, suppressed left out) and exit code as the located findings give."""
    code_json, found, _ = run_json(capsys, "--no-cache", str(SEEDS))
    for fmt in ("text", "json"):
        code, stats, _ = run(capsys, "check", "--no-cache", "--statistics", "--format", fmt, str(SEEDS))
        rows = json.loads(stats) if fmt == "json" else [
            {"code": r[1], "count": int(r[0]), "fixable": r[2].startswith("[*]")}
            for r in (l.split("\t") for l in stats.splitlines())]
        open_ = [d for d in found if d["suppressed"] is None and "related_to" not in d]
        assert {r["code"]: r["count"] for r in rows} == {
            c: sum(d["code"] == c for d in open_) for c in {d["code"] for d in open_}}
        assert {r["code"] for r in rows if r["fixable"]} == {d["code"] for d in open_ if d["fix"]}
        assert code == code_json == 1


# -- selection and exit codes -------------------------------------------------------------
def test_select_and_ignore(capsys):
    _, everything, _ = run_json(capsys, str(SEEDS))
    _, only5, _ = run_json(capsys, "--select", "GI5", str(SEEDS))
    assert only5 and all(d["code"].startswith("GI5") for d in only5)
    assert only5 == [d for d in everything if d["code"].startswith("GI5")]
    _, no501, _ = run_json(capsys, "--ignore", "GI501", str(SEEDS))
    assert no501 == [d for d in everything if d["code"] != "GI501"]
    _, two, _ = run_json(capsys, "--select", "gi501, GI502", "--select", "GI503", str(SEEDS))
    assert {d["code"] for d in two} <= {"GI501", "GI502", "GI503"} and two


def test_exit_codes_and_fail_level(capsys):
    # only GI501 (a warning) on this seed
    assert run(capsys, "check", "--select", "GI501", str(SEED))[0] == 1
    assert run(capsys, "check", "--select", "GI501", "--fail-level", "warning", str(SEED))[0] == 1
    assert run(capsys, "check", "--select", "GI501", "--fail-level", "error", str(SEED))[0] == 0
    assert run(capsys, "check", "--select", "GI501", "--exit-zero", str(SEED))[0] == 0
    code, out, _ = run(capsys, "check", "--select", "GI101", str(SEED))
    assert code == 0 and out.strip() == "All checks passed."
    # a national code that does not exist is a typo, not "nothing to report" (as ruff: exit 2)
    code, out, err = run(capsys, "check", "--select", "GI599", str(SEED))
    assert code == 2 and out == "" and "--select GI599: no national rule" in err
    # 2 wins over 1
    code, out, err = run(capsys, "check", str(SEED), "/nonexistent/x.txt")
    assert code == 2 and "GI501" in out
    assert err.strip() == "/nonexistent/x.txt: error: no such file or directory"


def test_bad_select_is_a_usage_error(capsys):
    code, out, err = run(capsys, "check", "--select", "GI5;rm", ".")
    assert code == 2 and err.count("\n") == 1 and "not a rule code" in err


def test_parse_codes():
    assert parse_codes(["GI1,gi501", " GI3 ,"]) == {"GI1", "GI501", "GI3"}


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", "--format", "xml", "x"])
    assert e.value.code == 2
    assert run(capsys)[0] == 2  # no command


# -- stdin, jobs, discovery -----------------------------------------------------------------
def test_stdin_with_filename():
    data = SEED.read_bytes()
    p = cli("check", "--format", "json", "--stdin-filename", "报告/x.txt", "-", input=data)
    assert p.returncode == 1, p.stderr
    found = json.loads(p.stdout)
    assert found and {d["path"] for d in found} == {"报告/x.txt"}
    ref = cli("check", "--format", "json", str(SEED))
    strip = lambda ds: [{k: v for k, v in d.items() if k != "path"} for d in ds]
    assert strip(found) == strip(json.loads(ref.stdout))
    p = cli("check", "--stdin-filename", "y.txt", input=data)  # no paths: stdin
    assert p.stdout.decode().startswith("y.txt:")
    p = cli("check", "-", input=data)
    assert p.stdout.decode().startswith("-:")


def test_jobs_2_same_output_as_jobs_1(capsys, tmp_path):
    paths = [str(SEEDS), str(REAL)] if REAL.exists() else [str(SEEDS)]
    c1, out1, _ = run(capsys, "check", "--format", "json", "--jobs", "1", *paths)
    c2, out2, _ = run(capsys, "check", "--format", "json", "--jobs", "2", *paths)
    assert out1 == out2 and c1 == c2
    t1 = run(capsys, "check", "-j", "1", *paths)[1]
    t0 = run(capsys, "check", "-j", "0", *paths)[1]
    assert t1 == t0


def test_directory_discovery(capsys, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "node_modules").mkdir()
    shutil.copy(SEED, tmp_path / "b" / "r.txt")
    shutil.copy(SEED, tmp_path / "a.md")
    shutil.copy(SEED, tmp_path / ".hidden" / "h.txt")
    shutil.copy(SEED, tmp_path / "node_modules" / "n.txt")
    shutil.copy(SEED, tmp_path / "notes.docx.bak")
    code, data, _ = run_json(capsys, "--select", "GI501", str(tmp_path))
    assert [d["path"] for d in data] == [str(tmp_path / "a.md"), str(tmp_path / "b" / "r.txt")]
    # an explicitly named file is checked whatever its extension; duplicates collapse
    code, data, _ = run_json(capsys, "--select", "GI501", str(tmp_path / "notes.docx.bak"),
                             str(tmp_path / "a.md"), str(tmp_path / "a.md"))
    assert [Path(d["path"]).name for d in data] == ["a.md", "notes.docx.bak"]


def test_empty_directory(capsys, tmp_path):
    (tmp_path / "x.png").write_bytes(b"\x89PNG")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert err == f"{tmp_path}: error: no report files (.txt, .md, .docx, .html, .pdf) found under {tmp_path}\n"


def test_no_progress_bar_when_not_a_tty(tmp_path):
    for i in range(25):
        shutil.copy(SEED, tmp_path / f"r{i:02}.txt")
    p = cli("check", "--select", "GI501", "--jobs", "2", str(tmp_path))
    assert p.returncode == 1 and p.stderr == b""
    assert p.stdout.decode().splitlines()[-1] == "Found 25 findings (0 errors, 25 warnings, 0 info) in 25 files."


def test_colour(capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, "check", str(SEED))[1]
    assert "\x1b[" not in run(capsys, "check", "--no-color", str(SEED))[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", str(SEED))[1]


def test_output_file(capsys, tmp_path):
    out_file = tmp_path / "out.sarif"
    code, out, _ = run(capsys, "check", "--format", "sarif", "-o", str(out_file), str(SEED))
    assert out == "" and json.loads(out_file.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_config_file_missing(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--config", str(tmp_path / "nope.toml"), str(tmp_path))
    assert code == 2 and err.strip().endswith("configuration file not found")


def test_config_file_overrides_severity(capsys, tmp_path):
    cfg = tmp_path / "gilint.toml"
    cfg.write_text('[rules.GI501]\nseverity = "error"\n', encoding="utf-8")
    code, data, _ = run_json(capsys, "--config", str(cfg), "--select", "GI501", str(SEED))
    assert data and all(d["severity"] == "error" for d in data)
    cfg.write_text("[rules\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--config", str(cfg), str(SEED))
    assert code == 2 and err.count("\n") == 1 and f"{cfg}:1:" in err


# -- rules, rule, version, lsp ---------------------------------------------------------------
def test_rules_listing(capsys, tmp_path, monkeypatch):
    from gilint.checks.registry import all_rules
    monkeypatch.chdir(tmp_path)                   # no gilint.toml here: the national pack
    code, out, _ = run(capsys, "rules")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["code", "name", "severity", "fix"]
    for (c, cls), line in zip(all_rules().items(), lines[1:]):
        shown = cls.severity if cls.enabled_by_default else "off"
        assert line.split()[:4] == [c, cls.name, shown, cls.fix]
    code, out, _ = run(capsys, "rules", "--format", "json")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == list(all_rules())
    # GI403 is on with article 49's national defaults
    assert {r["pack"] for r in rows} == {"national"} and next(r for r in rows if r["code"] == "GI403")["enabled"]
    # a project's gilint.toml changes what is in effect
    (tmp_path / "gilint.toml").write_text('[rules.GI501]\nseverity = "error"\n[rules.GI403]\nenabled = false\n',
                                          encoding="utf-8")
    code, out, _ = run(capsys, "rules")
    row = {ln.split()[0]: ln.split()[2] for ln in out.splitlines()[1:]}
    assert code == 0 and row["GI501"] == "error" and row["GI403"] == "off"
    (tmp_path / "gilint.toml").write_text("[rules\n", encoding="utf-8")
    code, out, err = run(capsys, "rules")
    assert code == 2 and out == "" and err.count("\n") == 1 and "gilint.toml:1:" in err


def test_rule_documentation(capsys):
    from gilint.checks.registry import all_rules
    code, cls = next(iter(all_rules().items()))
    rc, out, _ = run(capsys, "rule", code.lower())
    assert rc == 0 and out.startswith(f"# {code} {cls.name}\n") and cls.documentation() in out
    rc, out2, _ = run(capsys, "rule", cls.name)
    assert out2 == out
    rc, out, err = run(capsys, "rule", "GI999")
    assert rc == 2 and out == "" and err.count("\n") == 1 and "unknown rule" in err


def test_version():
    from gilint import __version__
    p = cli("--version")
    assert p.returncode == 0 and p.stdout.decode().strip() == f"gilint {__version__}"


def test_lsp_missing_module(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "gilint.lsp", None)
    code, _, err = run(capsys, "lsp")
    assert code == 2 and err.count("\n") == 1 and "language server" in err


def test_import_is_light():
    code = ("import sys, gilint.cli; heavy = {'pygls', 'lsprotocol', 'charset_normalizer', "
            "'concurrent.futures', 'multiprocessing', 'gilint.lsp'} & set(sys.modules); print(sorted(heavy))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_progress_bar_on_a_tty(tmp_path):
    import pty
    for i in range(25):
        shutil.copy(SEED, tmp_path / f"r{i:02}.txt")
    master, slave = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "gilint", "check", "--select", "GI501", str(tmp_path)],
                           stdout=subprocess.PIPE, stderr=slave, timeout=120)
    finally:
        os.close(slave)
    err = b""
    try:
        while chunk := os.read(master, 65536):
            err += chunk
    except OSError:
        pass
    os.close(master)
    assert b"25/25 files" in err and err.endswith(b"\r\x1b[K")
    assert p.stdout.decode().count(" GI501 ") == 25
    # --quiet: no progress bar
    master, slave = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "gilint", "check", "-q", "--select", "GI501", str(tmp_path)],
                       stdout=subprocess.PIPE, stderr=slave, timeout=120)
    finally:
        os.close(slave)
    os.set_blocking(master, False)
    try:
        assert os.read(master, 65536) == b""
    except (BlockingIOError, OSError):
        pass
    os.close(master)
