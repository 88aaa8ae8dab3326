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
from gilint.cli import _read_up_to

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


def _read_file(path, data: bytes, size: int, limit: int) -> bytes:
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        return _read_up_to(fd, size, limit)
    finally:
        os.close(fd)


def test_a_file_that_grew_after_its_size_was_looked_at_is_read_up_to_the_limit(tmp_path):
    # gilint check reads as many bytes as the file had (and one more, to see its end): where
    # it grew meanwhile it reads on, up to the limit and one byte more (then refused as too large)
    data, f = bytes(range(100)), tmp_path / "r.txt"
    assert _read_file(f, data, 100, 1000) == data
    assert _read_file(f, data, 10, 1000) == data        # grew from 10 to 100 bytes
    assert _read_file(f, data, 10, 50) == data[:51]     # grew beyond the limit
    assert _read_file(f, data, 200, 50) == data[:51]    # was beyond it
    assert _read_file(f, data[:5], 10, 1000) == data[:5]   # shrank


def test_a_read_that_returns_less_than_asked_reads_on(tmp_path, monkeypatch):
    # (a read(2) may return fewer bytes than asked before the end: a network file system)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    data, f = bytes(range(100)), tmp_path / "r.txt"
    assert _read_file(f, data, 100, 1000) == data
    assert _read_file(f, data, 10, 50) == data[:51]


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


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_named_fifo_is_refused_not_waited_on(tmp_path):
    """Issue 13 item 4: a FIFO named on the command line is refused in one line, at once."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    p = gilint(fifo)     # the old code blocked forever here (the timeout turns that into a failure)
    one_line_error(p, fifo, "not a regular file", "FIFO")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_found_while_walking_is_refused_and_the_rest_checked(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("会议通知\n明天开会。\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    p = gilint("--format", "json", tmp_path)
    assert p.returncode == 2
    assert p.err.splitlines() == [f"{tmp_path / 'b.txt'}: error: not a regular file: a FIFO "
                                  f"(named pipe); gilint checks regular files only"]
    assert {d["path"] for d in json.loads(p.out)} == {str(good)}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_read_input_refuses_a_fifo_put_in_place_of_a_file(tmp_path):
    """Between discovery and reading, a file replaced by a FIFO: refused, never blocking."""
    from gilint.cli import CheckOptions, check_file
    fifo = tmp_path / "r.txt"
    os.mkfifo(fifo)
    result = check_file(str(fifo), CheckOptions())
    assert result.errors == [f"{fifo}: error: not a regular file: a FIFO (named pipe); "
                             f"gilint checks regular files only"]


# -- issue 13, item 8: messages -----------------------------------------------------------------
LOCAL_SEED = Path(__file__).resolve().parent / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"


def test_output_file_in_a_missing_folder_or_onto_a_folder(tmp_path):
    f = tmp_path / "r.txt"
    f.write_bytes(LOCAL_SEED.read_bytes())
    missing = tmp_path / "nope" / "out.json"
    p = gilint("--no-cache", "-o", missing, f)
    one_line_error(p, missing, "cannot write the report", "no such folder")
    p = gilint("--no-cache", "-o", tmp_path, f)
    one_line_error(p, tmp_path, "cannot write the report", "it is a folder")


def test_extends_chain_2000_deep_is_a_configuration_error(tmp_path):
    for i in range(2000):
        (tmp_path / f"p{i}.toml").write_text(f'extends = ["p{i + 1}.toml"]\n' if i < 1999 else
                                             '[report]\nlevel = "township"\n', encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_bytes(LOCAL_SEED.read_bytes())
    p = gilint("--no-cache", "--config", tmp_path / "p0.toml", f)
    assert p.returncode == 2 and len(p.err.splitlines()) == 1, p.err
    assert "extends chain deeper than 64 packs" in p.err and "RecursionError" not in p.err


def test_template_extends_chain_2000_deep_is_a_configuration_error(tmp_path):
    from gilint.templates import load_template
    from gilint.tomlload import ConfigError
    for i in range(2000):
        (tmp_path / f"t{i}.toml").write_text(f'extends = "t{i + 1}.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="template extends chain deeper than 64"):
        load_template(tmp_path / "t0.toml")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_read_and_fixed_in_place(tmp_path, codec):
    text = LOCAL_SEED.read_text(encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_bytes(text.encode("utf-8"))
    f = tmp_path / "r.txt"
    f.write_bytes(text.encode(codec))
    want = gilint("--no-cache", "--format", "json", ref)
    got = gilint("--no-cache", "--format", "json", f)
    assert got.returncode == want.returncode == 1, got.err
    assert positions(got.out) == positions(want.out) != []
    assert gilint("--no-cache", "--fix", f).returncode in (0, 1)
    fixed = f.read_bytes()
    assert fixed.startswith(codecs.BOM_UTF16_LE) == (codec == "utf-16")   # BOM kept, or none
    gilint("--no-cache", "--fix", ref)
    assert fixed.decode(codec) == ref.read_text(encoding="utf-8")


def test_latin1_bytes_are_not_read_as_gb18030(tmp_path):
    f = tmp_path / "informe.txt"
    f.write_bytes(("Informe anual de la administración pública, año 2023: acceso a la "
                   "información.\n" * 20).encode("latin-1"))
    one_line_error(gilint(f), f, "cannot determine the text encoding")


def test_unknown_national_code_in_select_is_a_usage_error(tmp_path):
    f = tmp_path / "r.txt"
    f.write_bytes(LOCAL_SEED.read_bytes())
    for option in ("--select", "--ignore"):
        p = gilint("--no-cache", option, "GI999", f)
        assert p.returncode == 2 and p.err.splitlines() == [
            f"gilint: error: {option} GI999: no national rule has this code or prefix "
            f"(gilint rules lists them)"]
    assert gilint("--no-cache", "--select", "GI5", f).returncode == 1     # a real prefix


def test_toml_syntax_error_at_its_line_and_column(tmp_path):
    """tomllib before Python 3.14 (and tomli) only says where in its message."""
    from gilint.tomlload import ConfigError, loads_toml
    with pytest.raises(ConfigError) as e:
        loads_toml('[report]\nlevel = "township"\nfoo = [1,\n  2,,]\n', "pack.toml")
    assert (e.value.line, e.value.column) == (4, 5) and str(e.value).startswith("pack.toml:4:5: ")
    with pytest.raises(ConfigError) as e:
        loads_toml('[report]\nlevel = "town', "pack.toml")
    assert e.value.line == 2 and e.value.column > 1


def test_bad_regex_in_extend_patterns_has_file_and_line(tmp_path):
    (tmp_path / "gilint.toml").write_text('[rules.GI502]\nextend-patterns = [\n  "ok",\n  "bad(",\n]\n',
                                          encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_bytes(LOCAL_SEED.read_bytes())
    p = gilint("--no-cache", f)
    assert p.returncode == 2
    assert f"{tmp_path / 'gilint.toml'}:4:3: `extend-patterns`: invalid regular expression 'bad('" in p.err


# -- issue 13, item 10: batch runs ---------------------------------------------------------------
def _batch(tmp_path):
    (tmp_path / "good.txt").write_bytes(LOCAL_SEED.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "zip.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    return tmp_path


def test_errors_as_findings_puts_unreadable_inputs_into_json(tmp_path):
    folder = _batch(tmp_path)
    p = gilint("--no-cache", "--format", "json", "--errors-as-findings", folder)
    assert p.returncode == 2
    found = json.loads(p.out)
    errors = {(d["path"], d["code"], d["name"], d["severity"]) for d in found if d["code"] == "GI000"}
    assert errors == {(str(folder / "empty.txt"), "GI000", "input-error", "error"),
                      (str(folder / "zip.txt"), "GI000", "input-error", "error")}
    assert any(d["code"] == "GI501" and d["path"] == str(folder / "good.txt") for d in found)
    assert next(d for d in found if d["path"].endswith("empty.txt"))["message"] == "file is empty"
    # without the option the array has findings only (the contract), errors on stderr
    p = gilint("--no-cache", "--format", "json", folder)
    assert p.returncode == 2 and all(d["code"] != "GI000" for d in json.loads(p.out))
    assert len(p.err.splitlines()) == 2
    p = gilint("--no-cache", "--errors-as-findings", folder)
    assert p.returncode == 2 and "goes with --format json" in p.err


def test_sarif_has_tool_execution_notifications_for_input_errors(tmp_path):
    folder = _batch(tmp_path)
    p = gilint("--no-cache", "--format", "sarif", folder)
    (invocation,) = json.loads(p.out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert sorted(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
                  for n in notes) == ["empty.txt", "zip.txt"]
    assert {n["level"] for n in notes} == {"error"} and all(n["message"]["text"] for n in notes)
    clean = gilint("--no-cache", "--format", "sarif", folder / "good.txt")
    (invocation,) = json.loads(clean.out)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_a_pack_error_is_printed_once_per_run(tmp_path):
    (tmp_path / "gilint.toml").write_text('[rules.GI502]\nextend-patterns = ["bad("]\n', encoding="utf-8")
    for i in range(30):
        (tmp_path / f"r{i:02}.txt").write_bytes(LOCAL_SEED.read_bytes())
    p = gilint("--no-cache", "--format", "json", "--errors-as-findings", tmp_path)
    assert p.returncode == 2
    assert p.err.splitlines() == [f"gilint: error: configuration: {tmp_path / 'gilint.toml'}:2:20: "
                                  f"`extend-patterns`: invalid regular expression 'bad(': missing ) "
                                  f"at position 4"]
    assert len([d for d in json.loads(p.out) if d["code"] == "GI000"]) == 30   # each file said
