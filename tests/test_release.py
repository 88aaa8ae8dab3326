"""scripts/release.sh: refuses a version that is not the same everywhere, and builds dist/.

The build test runs the real script (python -m build, Node 24 and vsce from the npm registry,
installed into vscode-extension/.e2e-cache as the VS Code e2e does) into a temporary dist folder,
for one vsce target (linux-x64; the script's default is every target) and the universal .vsix.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

from conftest import TESTS

ROOT = TESTS.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
PYTHON = ROOT / ".venv" / "bin" / "python"


def release(*args: str, root: Path = ROOT, env_extra: dict | None = None, timeout: int = 1500):
    import os
    env = {**os.environ, "PYTHON": str(PYTHON) if PYTHON.exists() else shutil.which("python3"), **(env_extra or {})}
    return subprocess.run(["bash", str(root / "scripts" / "release.sh"), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


def newest_release(changelog: Path) -> str:
    m = re.search(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def test_one_version_everywhere():
    import gilint
    package = json.loads((ROOT / "vscode-extension" / "package.json").read_text(encoding="utf-8"))
    assert gilint.__version__ == VERSION
    assert package["version"] == VERSION
    assert newest_release(ROOT / "CHANGELOG.md") == VERSION
    assert newest_release(ROOT / "vscode-extension" / "CHANGELOG.md") == VERSION


def test_release_refuses_another_version(tmp_path):
    other = "9.8.7"
    r = release(other, env_extra={"GILINT_DIST_DIR": str(tmp_path / "dist")})
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"pyproject.toml has version {VERSION}, not {other}" in r.stderr
    assert f"vscode-extension/package.json has version {VERSION}, not {other}" in r.stderr
    assert "version mismatch" in r.stderr
    assert not (tmp_path / "dist").exists()          # nothing built
    r = release("1.2", env_extra={"GILINT_DIST_DIR": str(tmp_path / "dist")})
    assert r.returncode == 2 and "MAJOR.MINOR.PATCH" in r.stderr


def test_release_refuses_a_mismatch_between_the_files(tmp_path):
    """A copy of the checkout's versioned files in which only package.json lags behind."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "gilint", copy / "gilint", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "CHANGELOG.md", "scripts/release.sh", "scripts/extension-tools.sh",
                 "vscode-extension/CHANGELOG.md", "vscode-extension/package.json"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, copy / name)
    package = copy / "vscode-extension" / "package.json"
    package.write_text(package.read_text(encoding="utf-8").replace(f'"version": "{VERSION}"', '"version": "0.0.1"', 1),
                       encoding="utf-8")
    r = release(VERSION, root=copy)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"vscode-extension/package.json has version 0.0.1, not {VERSION}" in r.stderr
    assert "pyproject.toml has version" not in r.stderr   # the others agree
    assert not (copy / "dist").exists()


def test_release_builds_the_wheel_sdist_vsix_and_checksums(tmp_path):
    dist = tmp_path / "dist"
    r = release(VERSION, env_extra={"GILINT_DIST_DIR": str(dist), "GILINT_VSIX_TARGETS": "linux-x64"})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    wheel = dist / f"gilint-{VERSION}-py3-none-any.whl"
    vsix = dist / f"gilint-vscode-{VERSION}-linux-x64.vsix"
    universal = dist / f"gilint-vscode-{VERSION}.vsix"
    expected = {wheel.name, f"gilint-{VERSION}.tar.gz", vsix.name, universal.name, "SHA256SUMS"}
    assert {p.name for p in dist.iterdir()} == expected
    # the checksums verify, and cover every other file
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert {line.split()[1] for line in (dist / "SHA256SUMS").read_text().splitlines()} == expected - {"SHA256SUMS"}
    # the wheel: the package, its server and the national pack
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"gilint/lsp/server.py", "gilint/_rules/national/pack.toml"} <= names
    # the platform .vsix: the bundled gilint of this version, its pure-Python dependencies and
    # regex compiled for linux-x64; the universal one without regex
    with zipfile.ZipFile(vsix) as z:
        files = set(z.namelist())
        manifest = z.read("extension.vsixmanifest").decode()
        package = json.loads(z.read("extension/package.json"))
        init = z.read("extension/bundled/libs/gilint/__init__.py").decode()
    assert package["version"] == VERSION and f'__version__ = "{VERSION}"' in init
    assert 'TargetPlatform="linux-x64"' in manifest
    assert {"extension/bundled/tool/run_gilint.py", "extension/dist/extension.js",
            "extension/bundled/libs/pygls/__init__.py", "extension/bundled/libs/lsprotocol/types.py"} <= files
    compiled = {n.split("/")[3] for n in files if re.match(r"extension/bundled/platform/cp3\d+/regex/_regex\..*x86_64.*\.so$", n)}
    assert {"cp311", "cp312", "cp313"} <= compiled, compiled
    with zipfile.ZipFile(universal) as z:
        files = set(z.namelist())
        assert "TargetPlatform" not in z.read("extension.vsixmanifest").decode()
    assert "extension/bundled/libs/gilint/__init__.py" in files
    assert not any(n.startswith("extension/bundled/platform/") for n in files)
