"""gilint installed as a user installs it: the wheel, built from this checkout, in a fresh
virtual environment outside the repository (nothing of the checkout on sys.path), then the
commands a user runs: ``gilint check`` on a seed, ``gilint lsp`` driven by pytest-lsp,
``gilint rule GI302`` and ``gilint --version``.

Building the wheel needs the ``build`` package (test extra); installing it needs PyPI (or a
mirror) for gilint's dependencies, as the README's install command does.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities
from pytest_lsp.client import make_test_lsp_client

from conftest import TESTS

ROOT = TESTS.parent
SEED = next((TESTS / "cases" / "seeds").glob("003_*.txt"))   # GI202 on line 42
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


class Installed:
    def __init__(self, base: Path):
        self.base = base
        self.venv = base / "venv"
        self.bin = self.venv / ("Scripts" if os.name == "nt" else "bin")
        self.work = base / "reports"     # where the user runs gilint: outside the repository
        self.env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
        self.env.update(GILINT_CACHE_DIR=str(base / "cache"), NO_COLOR="1", PYTHONUTF8="1")

    def run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.bin / "gilint"), *args], cwd=self.work, env=self.env,
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("install")
    assert ROOT not in base.parents and base != ROOT
    # The wheel, with the build frontend the release uses, from a copy of the sources.
    src = base / "src"
    for name in ("gilint", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(base / "dist"),
                        str(src)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    (wheel,) = (base / "dist").glob("gilint-*.whl")
    assert wheel.name == f"gilint-{VERSION}-py3-none-any.whl"
    inst = Installed(base)
    inst.work.mkdir()
    shutil.copy(SEED, inst.work / "柳泉镇2021.txt")
    r = subprocess.run([sys.executable, "-m", "venv", str(inst.venv)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(inst.bin / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        f"{wheel}[lsp]"], cwd=inst.work, env=inst.env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return inst


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    r = subprocess.run([str(installed.bin / "python"), "-c", "import gilint, regex; print(gilint.__file__)"],
                       cwd=installed.work, env=installed.env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    where = Path(r.stdout.strip())
    assert installed.venv in where.parents and ROOT not in where.parents
    r = installed.run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"gilint {VERSION}", r.stdout + r.stderr


def test_installed_gilint_check_on_a_seed(installed):
    r = installed.run("check", "柳泉镇2021.txt")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "柳泉镇2021.txt:42:3: GI202 [error] 行标签应为“2.其他法律行政法规禁止公开”" in r.stdout
    assert r.stderr == ""
    r = installed.run("check", "--format", "json", "柳泉镇2021.txt")
    assert '"code": "GI202"' in r.stdout


def test_installed_gilint_rule_gi302(installed):
    r = installed.run("rule", "GI302")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# GI302 row-total") and "总计" in r.stdout


@pytest.mark.asyncio
async def test_installed_gilint_lsp_through_pytest_lsp(installed):
    client = make_test_lsp_client()   # records publishDiagnostics in client.diagnostics
    await client.start_io(str(installed.bin / "gilint"), "lsp", cwd=str(installed.work), env=installed.env)
    try:
        result = await asyncio.wait_for(client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code@v1.65.2"),
            root_uri=installed.work.as_uri(), initialization_options={"debounce": 10})), 60)
        assert result.server_info.name == "gilint"
        uri = (installed.work / "柳泉镇2021.txt").as_uri()
        text = (installed.work / "柳泉镇2021.txt").read_text(encoding="utf-8")
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        for _ in range(300):
            if client.diagnostics.get(uri):
                break
            await asyncio.sleep(0.1)
        diags = client.diagnostics.get(uri) or []
        gi202 = [d for d in diags if d.code == "GI202"]
        assert gi202 and gi202[0].range.start.line == 41 and gi202[0].source == "gilint", diags
        hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=gi202[0].range.start)), 30)
        assert hover is not None and "GI202" in str(hover.contents)
    finally:
        await asyncio.wait_for(client.shutdown_session(), 30)
