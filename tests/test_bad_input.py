"""Inputs that are not clean UTF-8 reports: one-line messages, exit codes, never a traceback.

Runs the CLI as a subprocess (``python -m gilint check …``), as a user or CI would.
"""
from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS

SEED = SEEDS / "000_a5e157a962f88d8f.txt"


def gilint(*argv, env=None, input=None):
    p = subprocess.run([sys.executable, "-m", "gilint", "check", *map(str, argv)],
                       capture_output=True, input=input, timeout=300,
                       env={**os.environ, **(env or {})})
    p.err = p.stderr.decode("utf-8", "replace")
    p.out = p.stdout.decode("utf-8", "replace")
    assert "Traceback" not in p.err, p.err
    return p


def one_line_error(p, path, *fragments):
    assert p.returncode == 2, (p.returncode, p.err)
    lines = p.err.splitlines()
    assert len(lines) == 1, p.err
    assert lines[0].startswith(f"{path}: error: "), lines[0]
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]


def positions(out: str):
    return [(d["code"], d["severity"], d["line"], d["column"], d["end_line"], d["end_column"])
            for d in json.loads(out)]


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    one_line_error(gilint(f), f, "empty")
    f.write_bytes(b"  \r\n\n ")
    one_line_error(gilint(f), f, "empty")


def test_binary_file(tmp_path):
    f = tmp_path / "report.txt"
    f.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)   # a .docx renamed to .txt
    one_line_error(gilint(f), f, "binary")
    f.write_bytes(b"abc\x00def" * 100)
    one_line_error(gilint(f), f, "binary")


def test_undecodable_bytes(tmp_path):
    # High bytes with 0xFF sprinkled in: valid as neither UTF-8 nor GB18030.
    rnd = random.Random(7)
    data = bytes(rnd.choice([rnd.randrange(0x80, 0x100), 0xFF]) for _ in range(4000))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    f = tmp_path / "garbage.txt"
    f.write_bytes(data)
    one_line_error(gilint(f), f)


def test_gb18030_gives_the_same_findings_as_utf8(tmp_path):
    f = tmp_path / "gb.txt"
    f.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    ref = gilint("--format", "json", SEED)
    got = gilint("--format", "json", f)
    assert got.returncode == ref.returncode == 1 and got.err == ""
    assert positions(got.out) == positions(ref.out)
    assert any(p[0] == "GI501" and p[2] == 4 for p in positions(got.out))


def test_bom_and_crlf_give_the_same_findings_at_the_same_positions(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    f = tmp_path / "bom-crlf.txt"
    f.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    ref = gilint("--format", "json", SEED)
    got = gilint("--format", "json", f)
    assert got.returncode == ref.returncode and got.err == ""
    assert positions(got.out) == positions(ref.out)
    # the fix edits address the CRLF text itself
    crlf = text.replace("\n", "\r\n")
    for d in json.loads(got.out):
        for e in (d["fix"] or {}).get("edits", []):
            assert 0 <= e["start"] <= e["end"] <= len(crlf)


def test_huge_file_is_refused_with_a_clear_message(tmp_path):
    f = tmp_path / "huge.txt"
    line = ("根据上级关于推进政务公开的工作部署，我镇认真做好政府信息公开工作。" * 4 + "\n").encode("utf-8")
    with open(f, "wb") as fh:
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert f.stat().st_size > 50 * 1024 * 1024
    msg = one_line_error(gilint(f), f, "too large", "50 MB", "20 MB")
    assert "GILINT_MAX_FILE_SIZE" in msg


def test_size_limit_is_configurable_and_applies_to_stdin(tmp_path):
    p = gilint(SEED, env={"GILINT_MAX_FILE_SIZE": "1000"})
    one_line_error(p, SEED, "too large")
    p = gilint("-", env={"GILINT_MAX_FILE_SIZE": "1000"}, input=SEED.read_bytes())
    one_line_error(p, "-", "too large")


def test_directory_without_reports(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "scan.png").write_bytes(b"\x89PNG")
    p = gilint(tmp_path)
    one_line_error(p, tmp_path, f"no report files (.txt, .md, .docx, .html, .pdf) found under {tmp_path}")
    assert p.out == ""


def test_missing_path(tmp_path):
    f = tmp_path / "nope.txt"
    one_line_error(gilint(f), f, "no such file or directory")


def test_json_is_still_an_array_when_nothing_could_be_read(tmp_path):
    f = tmp_path / "nope.txt"
    p = gilint("--format", "json", f)
    assert p.returncode == 2 and json.loads(p.out) == []


def test_bad_files_do_not_stop_the_good_ones(tmp_path):
    empty = tmp_path / "a.txt"
    empty.write_bytes(b"")
    p = gilint("--format", "json", empty, SEED, tmp_path / "missing.txt")
    assert p.returncode == 2
    assert len(p.err.splitlines()) == 2
    assert any(d["code"] == "GI501" for d in json.loads(p.out))


def test_internal_error_is_one_line(tmp_path, capsys, monkeypatch):
    from gilint import cli

    class Broken:
        def lint(self, text):
            raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "_analyzer", lambda config: Broken())
    f = tmp_path / "r.txt"
    f.write_text("洄水镇2020年政府信息公开工作年度报告\n", encoding="utf-8")
    code = cli.main(["check", str(f)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"{f}: internal error: RuntimeError: boom second line\n"
