"""``--fix`` never overwrites a save made while it ran (issue 13, item 1).

A real concurrent modification: while gilint fixes the file (between reading it and writing
it back), a second process saves the file as an editor would. gilint must leave the user's
save in place, say so in one line and exit 2; without a concurrent save it writes as before.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from conftest import TESTS
from gilint.cli import main
from gilint.engine import Analyzer
from gilint.fixes import FileChanged, Snapshot, write_atomic

SEED = TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"
USER_SAVE = "用户在编辑器里保存的新内容\n".encode("utf-8")


def _save_from_another_process(path, data: bytes, keep_mtime_ns: int | None = None) -> None:
    code = ("import os, sys; p = sys.argv[1]; open(p, 'wb').write(bytes.fromhex(sys.argv[2]))\n"
            "if sys.argv[3] != '-': os.utime(p, ns=(int(sys.argv[3]), int(sys.argv[3])))")
    subprocess.run([sys.executable, "-c", code, str(path), data.hex(),
                    str(keep_mtime_ns) if keep_mtime_ns is not None else "-"], check=True)


@pytest.fixture
def save_during_fix(monkeypatch):
    """Arrange for a second process to write ``data`` to ``path`` at the first re-lint of a
    fixed text, i.e. after gilint read the file and before it writes it back."""
    def arrange(path, data: bytes, keep_mtime: bool = False):
        real, calls = Analyzer.lint, []

        def lint(self, text):
            calls.append(1)
            if len(calls) == 2:
                before = os.stat(path).st_mtime_ns if keep_mtime else None
                _save_from_another_process(path, data, before)
            return real(self, text)
        monkeypatch.setattr(Analyzer, "lint", lint)
        return calls
    return arrange


def test_fix_keeps_a_save_made_while_it_ran(tmp_path, capsys, save_during_fix):
    f = tmp_path / "report.txt"
    f.write_bytes(SEED.read_bytes())
    calls = save_during_fix(f, USER_SAVE)
    code = main(["check", "--fix", "--no-cache", str(f)])
    out, err = capsys.readouterr()
    assert len(calls) >= 2                       # the save did happen between read and write
    assert f.read_bytes() == USER_SAVE           # the user's save is kept
    assert code == 2
    lines = [line for line in err.splitlines() if "changed since" in line]
    assert lines == [f"{f}: error: the file changed since gilint read it (saved elsewhere?); "
                     f"not fixed: run gilint again"]
    assert "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]   # no temporary file left


def test_fix_keeps_a_same_size_save_with_the_old_mtime(tmp_path, capsys, save_during_fix):
    """Same size, mtime set back to what it was: only the bytes tell; they are compared."""
    data = SEED.read_bytes()
    f = tmp_path / "report.txt"
    f.write_bytes(data)
    other = data.replace("根据".encode(), "依据".encode(), 1)
    assert len(other) == len(data) and other != data
    save_during_fix(f, other, keep_mtime=True)
    assert main(["check", "--fix", "--no-cache", str(f)]) == 2
    assert f.read_bytes() == other


def test_fix_without_a_concurrent_save_still_writes(tmp_path, capsys):
    f = tmp_path / "report.txt"
    data = SEED.read_bytes()
    f.write_bytes(data)
    os.chmod(f, 0o640)
    assert main(["check", "--fix", "--no-cache", str(f)]) in (0, 1)
    assert f.read_bytes() != data
    assert stat.S_IMODE(f.stat().st_mode) == 0o640


def test_docx_fix_keeps_a_save_made_while_it_ran(tmp_path, capsys, save_during_fix):
    pytest.importorskip("docx", reason="python-docx not installed (pip install 'gilint[formats]')")
    from formats.builders import build_docx
    f = tmp_path / "report.docx"
    f.write_bytes(build_docx(SEED.read_text(encoding="utf-8")))
    calls = save_during_fix(f, b"PK-not-what-gilint-read")
    code = main(["check", "--fix", "--no-cache", str(f)])
    _out, err = capsys.readouterr()
    assert len(calls) >= 2
    assert f.read_bytes() == b"PK-not-what-gilint-read"
    assert code == 2 and "changed since gilint read it" in err


def test_write_atomic_with_a_snapshot(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"old")
    with open(f, "rb") as h:
        snap = Snapshot.of(os.fstat(h.fileno()), h.read())
    f.write_bytes(b"new by user")
    with pytest.raises(FileChanged):
        write_atomic(str(f), b"fixed", snap)
    assert f.read_bytes() == b"new by user"
    with open(f, "rb") as h:
        snap = Snapshot.of(os.fstat(h.fileno()), h.read())
    write_atomic(str(f), b"fixed", snap)
    assert f.read_bytes() == b"fixed"
