"""The result cache of `gilint check` (gilint.cache): hits serve the same output without the
engine, and nothing that can change findings is ever served stale — the file, the configuration
(every pack in the extends chain, templates, which config file applies), the options, the
waiver file, gilint's version."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gilint import cache, cli

TESTS = Path(__file__).resolve().parent
SEED = TESTS / "cases" / "seeds" / "000_a5e157a962f88d8f.txt"   # one GI501 finding
NATIONAL = TESTS.parent / "rules" / "national"

RUN = ("import sys\n"
       "from gilint.cli import main\n"
       "rc = main(sys.argv[1:])\n"
       "sys.stderr.write('\\nENGINE=%d\\n' % ('gilint.engine' in sys.modules))\n"
       "sys.exit(rc)\n")


def env_without_cache_settings(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("GILINT_NO_CACHE", "GILINT_CACHE_DIR")}
    env.update(extra)
    return env


def gilint(cwd, *args, env=None):
    """(exit status, stdout, stderr, whether the engine ran) of `gilint ARGS` in ``cwd``."""
    p = subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, capture_output=True,
                       text=True, encoding="utf-8", env=env or env_without_cache_settings())
    err, _, marker = p.stderr.rstrip().rpartition("\n")
    assert marker.startswith("ENGINE="), p.stderr
    return p.returncode, p.stdout, err, marker == "ENGINE=1"


@pytest.fixture
def project(tmp_path):
    """A project (a .git folder marks its root) with a gilint.toml and one report in reports/."""
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "reports").mkdir()
    shutil.copy(SEED, root / "reports" / "r.txt")
    (root / "gilint.toml").write_text("[report]\nlevel = \"township\"\n", encoding="utf-8")
    return root


def codes(stdout: str) -> list[str]:
    return [d["code"] for d in json.loads(stdout)]


def check(root, *args, env=None):
    return gilint(root, "check", "--format", "json", *args, "reports/r.txt", env=env)


def test_hit_serves_the_same_output_without_the_engine(project):
    first = check(project)
    assert first[3] and codes(first[1]) == ["GI501"]
    second = check(project)
    assert not second[3], "a hit must not import the engine"
    assert second[:3] == first[:3]
    assert (project / ".gilint_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    # every output format from a hit equals the uncached one
    for fmt in ("text", "json", "sarif", "github"):
        for extra in ((), ("--statistics",), ("--quiet",)):
            cached = gilint(project, "check", "--format", fmt, *extra, "reports/r.txt")
            fresh = gilint(project, "check", "--no-cache", "--format", fmt, *extra, "reports/r.txt")
            assert cached[:3] == fresh[:3]


def test_hit_does_not_import_regex(project):
    """Nor dataclasses or typing (gilint.record): each costs a cached run about what regex does."""
    check(project)
    code = ("import sys\nfrom gilint.cli import main\nmain(['check', '-q', 'reports/r.txt'])\n"
            "print(sorted(m for m in sys.modules if m in ('regex', 'tomllib', 'logging', 'dataclasses', 'typing') "
            "or m.startswith(('gilint.checks', 'gilint.read.structure', 'gilint.packs'))))")
    p = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                       env=env_without_cache_settings())
    assert p.stdout.strip().splitlines()[-1] == "[]"


def test_changed_file_is_checked_again(project):
    check(project)
    report = project / "reports" / "r.txt"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("根据上级关于推进政务公开的工作部署，根据上级关于推进政务公开的工作部署，",
                                   "根据上级关于推进政务公开的工作部署，"), encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and codes(out) == [] and rc == 0
    assert not check(project)[3]


def test_changed_configuration_is_used(project):
    check(project)
    (project / "gilint.toml").write_text("[report]\nlevel = \"township\"\n\n[rules.GI501]\nenabled = false\n",
                                         encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and codes(out) == []


def test_changed_pack_in_the_extends_chain_is_used(project):
    packs = project / "packs"
    packs.mkdir()
    (packs / "province.toml").write_text("name = \"province\"\n", encoding="utf-8")
    (packs / "county.toml").write_text("name = \"county\"\nextends = [\"./province.toml\"]\n",
                                       encoding="utf-8")
    (project / "gilint.toml").write_text("extends = [\"packs/county.toml\"]\n", encoding="utf-8")
    assert codes(check(project)[1]) == ["GI501"]
    assert not check(project)[3]
    (packs / "province.toml").write_text("name = \"province\"\n\n[rules.GI501]\nseverity = \"error\"\n",
                                         encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and [d["severity"] for d in json.loads(out)] == ["error"]
    assert not check(project)[3]


def test_folder_reference_resolved_again(project):
    county = project / "packs" / "county"
    county.mkdir(parents=True)
    (county / "gilint.toml").write_text("name = \"county\"\n", encoding="utf-8")
    (project / "gilint.toml").write_text("extends = [\"packs/county\"]\n", encoding="utf-8")
    check(project)
    assert not check(project)[3]
    # a pack.toml in that folder now wins over its gilint.toml
    (county / "pack.toml").write_text("name = \"county\"\n\n[rules.GI501]\nenabled = false\n",
                                      encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and codes(out) == []


def test_changed_template_is_used(project):
    (project / "tpl").mkdir()
    own = project / "tpl" / "template-2021.toml"
    own.write_text(f"extends = {json.dumps(str(NATIONAL / 'template-2021.toml'))}\n", encoding="utf-8")
    (project / "gilint.toml").write_text(
        f"templates = [{json.dumps(str(NATIONAL / 'template-2019.toml'))}, \"tpl/template-2021.toml\"]\n",
        encoding="utf-8")
    first = check(project)
    assert first[3] and not check(project)[3]
    own.write_text(own.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    again = check(project)
    assert again[3] and again[:3] == first[:3]


def test_new_configuration_file_nearer_the_report(project):
    check(project)
    (project / "reports" / "gilint.toml").write_text("[rules.GI501]\nenabled = false\n", encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and codes(out) == []
    (project / "reports" / "gilint.toml").unlink()
    rc, out, _, engine = check(project)   # the first entry was overwritten: checked again
    assert engine and codes(out) == ["GI501"]


def test_pyproject_on_the_way_is_looked_at_again(project):
    pyproject = project / "reports" / "pyproject.toml"
    pyproject.write_text("[project]\nname = \"x\"\n", encoding="utf-8")   # no [tool.gilint]: skipped
    assert codes(check(project)[1]) == ["GI501"]
    assert not check(project)[3]
    pyproject.write_text("[project]\nname = \"x\"\n\n[tool.gilint.rules.GI501]\nenabled = false\n",
                         encoding="utf-8")
    rc, out, _, engine = check(project)
    assert engine and codes(out) == []


def test_options_that_change_findings_are_part_of_the_key(project):
    assert codes(check(project)[1]) == ["GI501"]
    rc, out, _, engine = check(project, "--ignore", "GI5")
    assert engine and codes(out) == []
    assert not check(project, "--ignore", "GI5")[3]
    rc, out, _, engine = check(project, "--select", "GI1")
    assert engine and codes(out) == []
    assert codes(check(project)[1]) == ["GI501"] and not check(project)[3]
    other = project / "other.toml"
    other.write_text("[rules.GI501]\nseverity = \"info\"\n", encoding="utf-8")
    rc, out, _, engine = check(project, "--config", "other.toml")
    assert engine and [d["severity"] for d in json.loads(out)] == ["info"]


def test_changed_waiver_file_is_used(project):
    rc, out, err, _ = gilint(project, "baseline", "--reason", "accepted", "-o", "waivers.toml",
                             "reports/r.txt")
    assert rc == 0, err
    rc, out, _, engine = check(project, "--baseline", "waivers.toml")
    assert engine and [d["suppressed"] for d in json.loads(out)] == ["accepted"]
    assert not check(project, "--baseline", "waivers.toml")[3]
    (project / "waivers.toml").write_text("version = 1\n", encoding="utf-8")
    rc, out, _, engine = check(project, "--baseline", "waivers.toml")
    assert engine and [d["suppressed"] for d in json.loads(out)] == [None]


def test_another_version_does_not_read_the_entries(project, monkeypatch):
    monkeypatch.chdir(project)
    monkeypatch.delenv("GILINT_NO_CACHE", raising=False)
    monkeypatch.delenv("GILINT_CACHE_DIR", raising=False)
    opts = cli.CheckOptions(cache_dir=cache.cache_dir())
    monkeypatch.setattr(cache, "_SALT", [])
    first = cli.check_file("reports/r.txt", opts)
    data = (project / "reports" / "r.txt").read_bytes()
    assert first.checked and cache.lookup(opts.cache_dir, "reports/r.txt", "reports/r.txt", opts, data)
    import gilint
    monkeypatch.setattr(gilint, "__version__", gilint.__version__ + ".post1")
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.lookup(opts.cache_dir, "reports/r.txt", "reports/r.txt", opts, data) is None


def test_salt_follows_the_code(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "_SALT", [])
    before = cache.salt()
    stamp = cache._stamp
    monkeypatch.setattr(cache, "_stamp", lambda p: stamp(p) + ("!" if p.endswith("engine.py") else ""))
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.salt() != before


def test_no_cache_flag_and_environment(project):
    check(project, "--no-cache")
    assert not (project / ".gilint_cache").exists()
    check(project, env=env_without_cache_settings(GILINT_NO_CACHE="1"))
    assert not (project / ".gilint_cache").exists()
    check(project)
    assert check(project, "--no-cache")[3]
    assert check(project, env=env_without_cache_settings(GILINT_NO_CACHE="1"))[3]


def test_fix_and_standard_input_bypass_the_cache(project):
    rc, out, err, engine = gilint(project, "check", "--fix", "reports/r.txt")
    assert engine and not (project / ".gilint_cache").exists()
    text = SEED.read_bytes()
    p = subprocess.run([sys.executable, "-c", RUN, "check", "-"], cwd=project, input=text,
                       capture_output=True, env=env_without_cache_settings())
    assert p.stderr.rstrip().endswith(b"ENGINE=1") and not (project / ".gilint_cache").exists()


def test_corrupt_entries_are_misses(project):
    first = check(project)
    for f in (project / ".gilint_cache").rglob("*"):
        if f.is_file() and f.name not in (".gitignore", "CACHEDIR.TAG"):
            f.write_bytes(b"\x00garbage")
    again = check(project)
    assert again[3] and again[:3] == first[:3]


def test_where_the_cache_lives(tmp_path, monkeypatch):
    monkeypatch.delenv("GILINT_CACHE_DIR", raising=False)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("", encoding="utf-8")
    assert cache.cache_dir(str(deep)) == str(tmp_path / "a" / ".gilint_cache")
    (deep / "gilint.toml").write_text("", encoding="utf-8")
    assert cache.cache_dir(str(deep)) == str(deep / ".gilint_cache")
    monkeypatch.setenv("GILINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache.cache_dir(str(deep)) == str(tmp_path / "elsewhere")
    monkeypatch.delenv("GILINT_CACHE_DIR")
    monkeypatch.setattr(cache.os.path, "exists", lambda p: False)   # no project root anywhere
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform not in ("win32", "darwin"):
        assert cache.cache_dir(str(deep)) == str(tmp_path / "xdg" / "gilint")


def test_dependencies_cover_every_file_the_configuration_reads(monkeypatch):
    """Drift guard: every file read while loading a configuration (the example county pack,
    three packs deep, and the national pack with its templates) is re-hashed on a hit."""
    from gilint import packs, templates
    config_file = TESTS.parent / "examples" / "packs" / "qiaotou" / "gilint.toml"
    read: set[str] = set()
    original = Path.read_bytes

    def recording(self):
        read.add(os.path.realpath(self))
        return original(self)
    monkeypatch.setattr(Path, "read_bytes", recording)
    monkeypatch.setattr(packs, "_CACHE", {})
    templates.load_templates.cache_clear()
    config = packs.load_config(config_file)
    monkeypatch.setattr(Path, "read_bytes", original)
    monkeypatch.setattr(cache, "_DEPENDENCIES", {})
    files, checks = cache._dependencies(str(config_file))
    covered = set(files) | {p for t in config.templates for p, _h in t.files}
    assert len(read) >= 7 and read <= {os.path.realpath(p) for p in covered}
    # each template's hash is the hash of the bytes it was parsed from
    for t in config.templates:
        for p, h in t.files:
            assert h == cache.digest(Path(p).read_bytes())


def test_configurations_with_installed_packs_or_plugin_kinds_are_not_cached(project, monkeypatch):
    from gilint import packs
    installed = project / "site" / "demo" / "pack.toml"
    installed.parent.mkdir(parents=True)
    installed.write_text("name = \"demo\"\n", encoding="utf-8")
    monkeypatch.setattr(packs, "installed_packs", lambda: {"gilint-demo": object()})
    monkeypatch.setattr(packs, "_installed_pack_file", lambda ep: installed)
    (project / "gilint.toml").write_text("extends = [\"gilint-demo\"]\n", encoding="utf-8")
    with pytest.raises(cache._Uncacheable):
        cache._find_dependencies(str(project / "gilint.toml"))
    assert cache.begin(str(project / "reports" / "r.txt"), cli.CheckOptions()) is None
    (project / "gilint.toml").write_text(
        "prefix = \"XX\"\n\n[rules.XX101]\nkind = \"demo:word-count\"\n", encoding="utf-8")
    with pytest.raises(cache._Uncacheable):
        cache._find_dependencies(str(project / "gilint.toml"))


def test_a_bit_flipped_anywhere_in_an_entry_never_changes_the_output(project, monkeypatch, capsys):
    """Issue 13 item 7: every fourth byte of an entry, one bit flipped (a different bit by
    position; every bit of the header), truncated, or grown: the output is what a fresh check gives.
    Without the checksum a flip in a message or a line number was served as it was."""
    for name in ("GILINT_NO_CACHE", "GILINT_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(project)
    def run(*extra):
        code = cli.main(["check", *extra, "--format", "json", "reports/r.txt"])
        return code, capsys.readouterr()

    fresh = run("--no-cache")
    assert run() == fresh                       # written
    (entry,) = [f for f in (project / ".gilint_cache").rglob("*")
                if f.is_file() and f.name not in (".gitignore", "CACHEDIR.TAG")]
    good = entry.read_bytes()
    assert run() == fresh                       # served
    header = len(cache.MAGIC) + 16
    trials = [(i, 1 << (i // 4 % 8)) for i in range(header, len(good), 4)]   # ~300 payload bytes
    trials += [(i, 1 << b) for i in range(header) for b in range(8)]
    changed = []
    for i, bit in trials:
        entry.write_bytes(good[:i] + bytes([good[i] ^ bit]) + good[i + 1:])
        if run() != fresh:
            changed.append(i)
    for blob in (good[:len(good) // 2], good[:header], good + b"\0", b""):
        entry.write_bytes(blob)
        if run() != fresh:
            changed.append(blob[:8])
    assert changed == []
