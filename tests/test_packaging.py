"""What ``pip install gilint`` ships: every Python package under gilint/ and the national pack.

pyproject.toml lists the packages explicitly (the national pack is mapped from rules/ to
gilint._rules); an editable install, which the test suite and the VS Code e2e use, would not
notice a package missing from that list, so it is checked here against the source tree.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_gilint_is_listed_in_pyproject():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    in_tree = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "gilint").rglob("__init__.py")}
    assert in_tree - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert setuptools["package-dir"]["gilint._rules"] == "rules"
    assert (ROOT / "rules" / "national" / "pack.toml").is_file()
    assert {"gilint._rules", "gilint._rules.national"} <= listed


def test_the_wheel_holds_the_server_the_national_pack_and_the_schema(tmp_path):
    import shutil
    import subprocess
    import sys
    import zipfile
    src = tmp_path / "src"   # a copy: building in place would leave build/ in the checkout
    for name in ("gilint", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                        "-w", str(tmp_path), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (wheel,) = tmp_path.glob("gilint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("gilint/lsp/server.py", "gilint/lsp/wire.py", "gilint/memo.py", "gilint/read/formats/docx.py",
                 "gilint/checks/tables/GI202_row_label.py", "gilint/checks/kinds/range.py",
                 "gilint/_rules/national/pack.toml", "gilint/_rules/national/template-2021.toml",
                 "gilint/schema/gilint.schema.json"):
        assert name in names, name
