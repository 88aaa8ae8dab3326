"""Start-up work a one-file `gilint check --no-cache` does not repeat or does not do at all:
regular expressions compiled on first use (gilint.lazyre), TOML files' data stored like .pyc
files (gilint.tomlload) — with the same results as without them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import regex

from gilint.lazyre import lazy
from gilint.tomlload import loads_toml

TESTS = Path(__file__).resolve().parent
SEED = TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"   # one GI501 finding


def test_a_lazy_pattern_matches_as_the_compiled_one_and_binds_its_methods():
    p = lazy(regex, r"(?P<y>\d{4})\s*年", regex.M)
    assert "search" not in vars(p)                     # nothing compiled yet
    text = "本报告\n2021 年度，2022年"
    m = p.search(text)
    assert m.group("y") == "2021" and m.re is p.compiled()
    assert vars(p)["search"] == p.compiled().search    # bound once: no indirection after
    assert [x.group("y") for x in p.finditer(text)] == ["2021", "2022"]
    assert p.sub("X", text) == regex.compile(r"(?P<y>\d{4})\s*年", regex.M).sub("X", text)
    assert p.pattern == r"(?P<y>\d{4})\s*年" and p.groupindex == {"y": 1}


def _python(code: str, env: dict) -> str:
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       encoding="utf-8", env=env)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def test_importing_the_rules_and_reader_compiles_no_regular_expression(tmp_path):
    """Module-level patterns are written with gilint.lazyre.lazy (compiled where first used)."""
    code = ("import os, re, sys, regex\n"
            "n = []\n"
            "for lib in (regex, re):\n"
            "    orig = lib.compile\n"
            "    def counting(*a, _orig=orig, **k):\n"
            "        f = sys._getframe(1)\n"
            "        if os.sep + 'gilint' + os.sep in f.f_code.co_filename and f.f_code.co_name == '<module>':\n"
            "            n.append(a[0])\n"
            "        return _orig(*a, **k)\n"
            "    lib.compile = counting\n"
            "import gilint.checks.registry, gilint.read.structure, gilint.engine, gilint.packs\n"
            "print(n)\n")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    assert _python(code, env) == "[]"


def test_toml_data_is_stored_and_read_back_without_tomllib(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("GILINT_CACHE_DIR", None)
    run = ("import sys, subprocess\n"
           "from gilint.packs import default_config\n"
           "c = default_config()\n"
           "print(len(c.templates), sorted(c.rules), 'tomllib' in sys.modules)\n")
    first = _python(run, env)
    assert first.endswith("True")                      # parsed, then stored
    stored = list((tmp_path / "gilint" / "toml").rglob("*"))
    assert any(f.is_file() for f in stored)
    second = _python(run, env)
    assert second.endswith("False") and second[:-5] == first[:-4]   # same data, no tomllib

    # a damaged entry is parsed again, never trusted
    for f in (x for x in stored if x.is_file()):
        data = bytearray(f.read_bytes())
        data[-1] ^= 0xFF
        f.write_bytes(bytes(data))
    assert _python(run, env) == first


def test_toml_with_dates_is_parsed_every_time_and_stays_exact(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = 'when = 2021-01-18\nname = "x"\n[t]\nn = 1.5\n'
    one = loads_toml(text, tmp_path / "a.toml")
    two = loads_toml(text, tmp_path / "a.toml")
    assert one == two and str(one["when"]) == "2021-01-18" and one["t"] == {"n": 1.5}
    assert not (tmp_path / "gilint" / "toml").exists() or \
        not any(f.is_file() for f in (tmp_path / "gilint" / "toml").rglob("*"))


def test_one_file_check_gives_the_same_findings_with_the_stored_data(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("GILINT_CACHE_DIR", None)
    cmd = [sys.executable, "-m", "gilint", "check", "--no-cache", str(SEED)]
    first = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    second = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    assert first.returncode == second.returncode == 1
    assert "GI501" in first.stdout and first.stdout == second.stdout


def test_one_file_check_imports_only_what_it_uses(tmp_path):
    """A one-file `gilint check --no-cache` of an ordinary report: no dataclasses (gilint.record),
    no logging (gilint.log: only once something fails), no inspect (only for documentation),
    json, copy, difflib, decimal or datetime (imported where a rare case needs them), and no
    pattern compiled a second time (gilint.storedre). The first run parses the TOML files too."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("GILINT_CACHE_DIR", None)
    code = ("import sys, io, contextlib, regex, re\n"
            "compiled = []\n"
            "for lib in (regex, re):\n"
            "    orig = lib.compile\n"
            "    def counting(p, flags=0, *a, _orig=orig, **k):\n"
            "        if 'gilint' in sys._getframe(1).f_code.co_filename:\n"
            "            compiled.append(p)\n"
            "        return _orig(p, flags, *a, **k)\n"
            "    lib.compile = counting\n"
            "from gilint.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main(['check', '--no-cache', {str(SEED)!r}])\n"
            "heavy = ('dataclasses', 'logging', 'inspect', 'json', 'copy', 'difflib', 'decimal', 'datetime', 'typing')\n"
            "print(rc, sorted(m for m in heavy if m in sys.modules), len(compiled))\n")
    first = _python(code, env).split(" ", 1)
    second = _python(code, env).split(" ", 1)
    assert first[0] == second[0] == "1"                      # the GI501 finding
    assert int(first[1].split()[-1]) > 40      # compiled (and TOML parsed), then stored
    assert second[1] == "[] 0"                 # none of those modules; every pattern read back
