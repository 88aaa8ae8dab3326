"""Python plugins: a package installed from tests/plugin_pkg adds a check kind (entry-point
group gilint.checks) and a pack (gilint.packs) that TOML packs use by name.

The package is installed offline (pip --no-index --no-deps --no-build-isolation, setuptools
from the venv) into a temporary --target folder that is put on sys.path; importlib.metadata
finds its entry points there.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gilint import lint
from gilint.packs import load_config
from gilint.tomlload import ConfigError
from test_packs_kinds import BASE

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = Path(__file__).resolve().parent / "plugin_pkg"


@pytest.fixture(scope="module")
def plugin(tmp_path_factory):
    src = tmp_path_factory.mktemp("src") / "plugin_pkg"
    shutil.copytree(PLUGIN, src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path_factory.mktemp("site")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                        "--no-build-isolation", "--disable-pip-version-check", "--target",
                        str(target), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("gilint_demo_plugin")]:
        del sys.modules[name]


def pack(tmp_path, body: str, name="gilint.toml"):
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    return load_config(f)


WORD_COUNT = '''prefix = "QX"
[rules.QX901]
kind = "demo:word-count"
section = 5
scope = "paragraphs"
min = {min}
message = "第五部分只有{{count}}字，少于{{min}}字"
'''


def test_plugin_kind_fires_and_not(plugin, tmp_path):
    c = pack(tmp_path, WORD_COUNT.format(min=100))
    [f] = [f for f in lint(BASE, c)]
    assert f.code == "QX901" and f.name == "demo-word-count" and f.severity == "warning"
    assert f.message.startswith("第五部分只有") and BASE[f.start:f.end] == "五、存在的主要问题及改进情况"
    assert type(c.declared[0].impl).__module__ == "gilint_demo_plugin"
    c = pack(tmp_path, WORD_COUNT.format(min=10), "b.toml")
    assert lint(BASE, c) == []


def test_plugin_options_are_validated(plugin, tmp_path):
    with pytest.raises(ConfigError) as e:
        pack(tmp_path, WORD_COUNT.format(min=-1))
    assert "QX901" in e.value.message and "whole number" in e.value.message and e.value.line == 6
    with pytest.raises(ConfigError, match="unknown option `minimum`"):
        pack(tmp_path, WORD_COUNT.format(min=1) + "minimum = 3\n", "c.toml")


def test_installed_pack_by_name(plugin, tmp_path):
    c = pack(tmp_path, 'extends = ["demo"]\n[rules.DM101]\nseverity = "error"\n')
    assert [n for n, _ in c.packs][:2] == ["national", "demo"]
    assert Path(c.packs[1][1]).is_relative_to(plugin)
    [f] = lint(BASE, c)
    assert (f.code, f.severity) == ("DM101", "error")
    assert c.origins["rules.DM101.min"].startswith(str(plugin))


def test_plugin_through_the_cli(plugin, tmp_path):
    (tmp_path / "gilint.toml").write_text('extends = ["demo"]\n', encoding="utf-8")
    (tmp_path / "draft.txt").write_text(BASE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(ROOT)])}
    r = subprocess.run([sys.executable, "-m", "gilint", "check", "--format", "json",
                        str(tmp_path / "draft.txt")], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and [d["code"] for d in json.loads(r.stdout)] == ["DM101"], r.stderr
    r = subprocess.run([sys.executable, "-m", "gilint", "config", "show", str(tmp_path / "draft.txt")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0 and "[rules.DM101]" in r.stdout and 'kind = "demo:word-count"' in r.stdout
    # without the plugin installed: a configuration error, exit 2
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-m", "gilint", "check", str(tmp_path / "draft.txt")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and "no installed pack named 'demo'" in r.stderr


def test_packs_never_import_what_they_name(tmp_path, monkeypatch):
    """Only installed entry points are loaded: a module on sys.path named by a pack is not."""
    marker = tmp_path / "imported"
    (tmp_path / "evil_mod.py").write_text(f"open({str(marker)!r}, 'w').write('x')\nclass K:\n"
                                          "    def check(self, rule): pass\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for body, words in [('prefix = "QX"\n[rules.QX101]\nkind = "evil_mod:K"\n', "unknown plugin kind"),
                        ('prefix = "QX"\n[rules.QX101]\nkind = "evil_mod"\n', "unknown kind"),
                        ('extends = ["evil_mod"]\n', "no installed pack named"),
                        ('extends = ["evil_mod.py"]\n', "no installed pack named"),
                        ('extends = ["./evil_mod.py"]\n', "invalid TOML")]:      # read, not run
        with pytest.raises(ConfigError, match=words):
            pack(tmp_path, body)
    assert not marker.exists() and "evil_mod" not in sys.modules
