"""Bad inputs through ``gilint check``: each gives its exit status, one line per problem on
stderr, never a traceback nor an "internal error", and never blocks."""
from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fault.mutate import TESTS
from gilint.cli import main

SEED = (TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt").read_bytes()
TEXT = SEED.decode("utf-8")


def _files(tmp):
    """name → (how to make it, extra arguments, expected exit status)."""
    def write(name, data):
        def make():
            p = tmp / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
            return [str(p)]
        return make

    def fifo():
        p = tmp / "pipe.txt"
        os.mkfifo(p)
        return [str(p)]

    def folder_with_fifo():
        (tmp / "d").mkdir()
        os.mkfifo(tmp / "d" / "p.txt")
        (tmp / "d" / "ok.txt").write_bytes(SEED)
        return [str(tmp / "d")]

    def symlink_loop():
        (tmp / "a.txt").symlink_to(tmp / "b.txt")
        (tmp / "b.txt").symlink_to(tmp / "a.txt")
        return [str(tmp / "a.txt")]

    def empty_dir():
        (tmp / "e").mkdir()
        return [str(tmp / "e")]

    def pack(body, name="gilint.toml"):
        def make():
            (tmp / "p").mkdir(exist_ok=True)
            (tmp / "p" / name).write_text(body, encoding="utf-8")
            (tmp / "p" / "r.txt").write_bytes(SEED)
            return [str(tmp / "p" / "r.txt")]
        return make

    def pack_bytes(data):
        def make():
            argv = pack("")()
            (tmp / "p" / "gilint.toml").write_bytes(data)
            return argv
        return make

    def deep_chain():
        (tmp / "c").mkdir()
        for i in range(300):
            (tmp / "c" / f"p{i}.toml").write_text(f'extends = ["p{i + 1}.toml"]\n', encoding="utf-8")
        (tmp / "c" / "p300.toml").write_text("", encoding="utf-8")
        (tmp / "c" / "r.txt").write_bytes(SEED)
        return ["--config", str(tmp / "c" / "p0.toml"), str(tmp / "c" / "r.txt")]

    def out_to(target):
        def make():
            (tmp / "r.txt").write_bytes(SEED)
            (tmp / "isdir").mkdir(exist_ok=True)
            return ["-o", str(tmp / target), str(tmp / "r.txt")]
        return make

    rnd = bytes((i * 7919) % 256 for i in range(3000))
    return {
        "good": (write("g.txt", SEED), 1),
        "empty": (write("e.txt", b""), 2),
        "blank": (write("b.txt", b" \r\n\t\n"), 2),
        "zip": (write("z.txt", b"PK\x03\x04" + rnd), 2),
        "pdf header in .txt": (write("x.txt", b"%PDF-1.7\n" + rnd), 2),
        "NUL bytes": (write("n.txt", b"abc\x00" * 500), 2),
        "random bytes": (write("r.txt", rnd), 2),
        "utf-16 BOM": (write("u16.txt", TEXT.encode("utf-16")), 1),
        "utf-16-le no BOM": (write("u16le.txt", TEXT.encode("utf-16-le")), 1),
        "utf-16-be no BOM": (write("u16be.txt", TEXT.encode("utf-16-be")), 1),
        "utf-8 BOM": (write("bom.txt", codecs.BOM_UTF8 + SEED), 1),
        "gb18030": (write("gb.txt", TEXT.encode("gb18030")), 1),
        "latin-1": (write("l1.txt", ("Año de la información pública.\n" * 40).encode("latin-1")), 2),
        "one huge line": (write("h.txt", ("九" * 400_000).encode()), 1),
        "truncated utf-8": (write("t.txt", SEED[:-1] + "字".encode()[:2]), 2),
        "named FIFO": (fifo, 2),
        "FIFO in a folder": (folder_with_fifo, 2),
        "symlink loop": (symlink_loop, 2),
        "folder without reports": (empty_dir, 2),
        "missing path": (lambda: [str(tmp / "nope.txt")], 2),
        "TOML syntax error": (pack("[report\nlevel = 1\n"), 2),
        "unknown key": (pack("[report]\nlevle = \"county\"\n"), 2),
        "extends cycle": (pack('extends = ["gilint.toml"]\n'), 2),
        "extends missing": (pack('extends = ["nope.toml"]\n'), 2),
        "extends 300 deep": (deep_chain, 2),
        "bad regex": (pack('[rules.GI502]\nextend-patterns = ["(?<=a+)b", "x{2,1}"]\n'), 2),
        "pack not UTF-8": (pack_bytes(b"\xff\xfe[x"), 2),
        "-o into a missing folder": (out_to("nodir/out.txt"), 2),
        "-o onto a folder": (out_to("isdir"), 2),
        "--select GI999": (lambda: write("s.txt", SEED)() + ["--select", "GI999"], 2),
        "--select garbage": (lambda: write("s2.txt", SEED)() + ["--select", "GI5;rm"], 2),
        "--config missing": (lambda: ["--config", str(tmp / "none.toml"), *write("c.txt", SEED)()], 2),
    }


CASES = sorted(_files(Path("unused")))   # the closures run only in the test


@pytest.mark.parametrize("case", CASES)
def test_bad_input_matrix(case, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make, want = _files(tmp_path)[case]
    if "FIFO" in case and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    argv = make()
    with_fmt = ["check", "--no-cache", "--format", "json", "--errors-as-findings", *argv]
    try:
        code = main(with_fmt)
    except SystemExit as exc:        # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == want, (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert all(line.strip() for line in lines), err
    if want == 2 and case not in ("--select garbage",):
        assert lines, "an error without a message"


def test_stdin_cases_in_a_subprocess():
    """Standard input, as a pipe: empty, binary, UTF-16, a report."""
    for data, want in ((b"", 2), (b"PK\x03\x04\x00\x00", 2), (TEXT.encode("utf-16"), 1), (SEED, 1)):
        p = subprocess.run([sys.executable, "-m", "gilint", "check", "-"], input=data,
                           capture_output=True, timeout=120)
        assert p.returncode == want and b"Traceback" not in p.stderr, p.stderr
