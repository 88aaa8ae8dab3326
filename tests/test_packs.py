"""Packs: finding, loading, validating and merging gilint.toml chains; config show; errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gilint.config import Config, config_from_pack_data, national_pack_dir
from gilint.packs import (config_for_path, default_config, find_config_file, key_positions, load_config,
                          national_pack_file, show_config)
from gilint.tomlload import ConfigError, load_toml

ROOT = Path(__file__).resolve().parent.parent
GILINT = [sys.executable, "-m", "gilint"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def chain(tmp_path):
    """province → county → project, each in its own folder."""
    prov = write(tmp_path / "province" / "pack.toml", """
        name = "province"
        prefix = "PV"
        extends = ["national"]

        [report]
        deadline = "02-20"

        [rules.GI501]
        min_phrase = 5
        doubled_words = ["审核", "审查"]

        [rules.GI306]
        severity = "info"

        [rules.PV101]
        kind = "forbidden"
        phrases = ["等等", "云云"]
        severity = "warning"

        [rules.PV102]
        kind = "substitution"
        swap = { "截止目前" = "截至目前", "其它" = "其他" }
        """)
    county = write(tmp_path / "county" / "pack.toml", """
        name = "county"
        prefix = "CT"
        extends = ["../province"]

        [report]
        deadline = { township = "01-31" }

        [rules.GI501]
        extend-doubled_words = ["落实"]

        [rules.PV101]
        phrases = ["诸如此类"]
        severity = "error"

        [rules.PV102.swap]
        "登陆网站" = "登录网站"

        [rules.CT101]
        kind = "required"
        section = 1
        scope = "headings"
        headings = ["主动公开"]
        """)
    project = write(tmp_path / "project" / "gilint.toml", """
        extends = ["../county/pack.toml"]

        [report]
        level = "township"

        [rules.GI501]
        extend-doubled_words = ["部署"]
        """)
    return prov, county, project


# -- merging -------------------------------------------------------------------------------------
def test_chain_order_and_national_root(chain):
    prov, county, project = chain
    c = load_config(project)
    assert [n for n, _ in c.packs] == ["national", "province", "county", "project"]
    assert Path(c.packs[0][1]) == national_pack_file()
    assert len(c.templates) == len(default_config().templates)


def test_later_wins_tables_merge_lists_replace_or_extend(chain):
    prov, county, project = chain
    c = load_config(project)
    # scalar: later wins; untouched keys stay
    assert c.rule("GI306").severity == "info"
    assert c.params("GI306")["units"] == default_config().params("GI306")["units"]
    assert c.params("GI501")["min_phrase"] == 5
    # list replaced by the province, then extended by county and project, in order
    assert c.params("GI501")["doubled_words"] == ["审核", "审查", "落实", "部署"]
    # list replaced by the county
    assert c.params("PV101")["phrases"] == ["诸如此类"]
    assert c.rule("PV101").severity == "error"
    # table merged key by key
    assert c.params("PV102")["swap"] == {"截止目前": "截至目前", "其它": "其他", "登陆网站": "登录网站"}
    # a deadline string under a table becomes its default
    assert c.report.deadline == {"default": "02-20", "township": "01-31"}
    assert c.report.level == "township"


def test_origins_name_file_and_line(chain):
    prov, county, project = chain
    c = load_config(project)
    o = c.origins
    assert o["rules.GI501.min_phrase"] == f"{prov}:{line_of(prov, 'min_phrase')}"
    assert o["rules.GI501.doubled_words"] == " + ".join([
        f"{prov}:{line_of(prov, 'doubled_words')}",
        f"{county}:{line_of(county, 'extend-doubled_words')}",
        f"{project}:{line_of(project, 'extend-doubled_words')}"])
    assert o["rules.PV101.phrases"] == f"{county}:{line_of(county, '诸如此类')}"
    assert o["rules.PV102.swap.登陆网站"] == f"{county}:{line_of(county, '登陆网站')}"
    assert o["rules.PV102.swap.其它"] == f"{prov}:{line_of(prov, '其它')}"
    assert o["report.deadline.default"] == f"{prov}:{line_of(prov, 'deadline')}"
    assert o["report.deadline.township"] == f"{county}:{line_of(county, 'township')}"
    assert o["report.level"] == f"{project}:{line_of(project, 'level')}"
    assert o["rules.GI306.units"] == "gilint rule GI306 (the rule's default)"   # declared by the rule
    assert o["rules.GI403.enabled"].startswith(f"{county}:{line_of(county, 'township')}")
    assert "set by report.deadline" in o["rules.GI403.enabled"]


def test_deadline_enables_gi403_unless_the_pack_says_otherwise(tmp_path):
    base = write(tmp_path / "a.toml", '[report]\ndeadline = "01-31"\n')
    assert load_config(base).rule("GI403").enabled is True
    assert default_config().rule("GI403").enabled is None   # the rule's default: on (article 49)
    same = write(tmp_path / "b.toml", '[report]\ndeadline = "01-31"\n[rules.GI403]\nenabled = false\n')
    assert load_config(same).rule("GI403").enabled is False
    later = write(tmp_path / "c.toml", 'extends = ["a.toml"]\n[rules.GI403]\nenabled = false\n')
    assert load_config(later).rule("GI403").enabled is False
    param = write(tmp_path / "d.toml", '[rules.GI403]\ndeadline = { township = "02-20" }\n')
    assert load_config(param).rule("GI403").enabled is True


def test_table_over_string_and_string_over_table(tmp_path):
    write(tmp_path / "a.toml", '[report]\ndeadline = { township = "02-20", county-department = "01-31" }\n')
    b = write(tmp_path / "b.toml", 'extends = ["a.toml"]\n[report]\ndeadline = "03-31"\n')
    assert load_config(b).report.deadline == "03-31"


def test_diamond_loads_a_shared_pack_once(tmp_path):
    write(tmp_path / "p.toml", 'prefix = "PV"\n[rules.PV101]\nkind = "forbidden"\nphrases = ["等等"]\n')
    write(tmp_path / "a.toml", 'extends = ["p.toml"]\n')
    write(tmp_path / "b.toml", 'extends = ["./p.toml"]\n[rules.PV101]\nseverity = "info"\n')
    top = write(tmp_path / "top.toml", 'extends = ["a.toml", "b.toml", "national"]\n')
    c = load_config(top)
    assert [n for n, _ in c.packs] == ["national", "p", "a", "b", "top"]
    assert [r.code for r in c.declared] == ["PV101"]
    assert c.rule("PV101").severity == "info"


def test_national_pack_is_a_pack_like_any_other():
    c = default_config()
    assert [n for n, _ in c.packs] == ["national"]
    d = national_pack_dir()
    old = config_from_pack_data(load_toml(d / "pack.toml"), d)
    from gilint.checks.registry import all_rules
    defaults = {code: {k: o.default for k, o in cls.options.items() if o.default is not None}
                for code, cls in all_rules().items()}
    # what the pack file says, over each rule's own defaults
    assert {k: (v.enabled, v.severity, v.params) for k, v in c.rules.items()} == \
           {k: (old.rule(k).enabled, old.rule(k).severity, {**defaults.get(k, {}), **old.params(k)})
            for k in set(old.rules) | {k for k, d in defaults.items() if d}}
    assert [t.name for t in c.templates] == [t.name for t in old.templates]
    assert c.origins["templates"].startswith(str(d / "pack.toml"))
    assert c.origins["rules.GI206.superseded"] == "gilint rule GI206 (the rule's default)"


def test_cli_like_overrides_come_last(chain):
    prov, county, project = chain
    c = load_config(project, overrides={"report": {"level": "county-department"},
                                        "rules": {"GI501": {"min_phrase": 8}}})
    assert c.report.level == "county-department" and c.params("GI501")["min_phrase"] == 8
    assert c.origins["report.level"].startswith("<command line>")


def test_cache_follows_file_changes(tmp_path):
    f = write(tmp_path / "gilint.toml", "[rules.GI501]\nmin_phrase = 5\n")
    assert load_config(f).params("GI501")["min_phrase"] == 5
    assert load_config(f) is load_config(f)
    f.write_text("[rules.GI501]\nmin_phrase = 66\n", encoding="utf-8")
    os.utime(f, ns=(1, 1))
    assert load_config(f).params("GI501")["min_phrase"] == 66


# -- finding the configuration of a file ------------------------------------------------------------
def test_nearest_config_file(tmp_path):
    top = write(tmp_path / "gilint.toml", "[rules.GI501]\nmin_phrase = 5\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config_file(sub / "r.txt") == top
    py = write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config_file(sub / "r.txt") == top          # no [tool.gilint]: keep looking
    py.write_text("[tool.gilint]\nextends = ['national']\n[tool.gilint.rules.GI501]\nmin_phrase = 7\n",
                  encoding="utf-8")
    assert find_config_file(sub / "r.txt") == py
    c = config_for_path(sub / "r.txt")
    assert c.params("GI501")["min_phrase"] == 7
    assert c.origins["rules.GI501.min_phrase"] == f"{py}:4"
    near = write(tmp_path / "a" / "gilint.toml", "[rules.GI501]\nmin_phrase = 9\n")
    assert find_config_file(sub / "r.txt") == near          # gilint.toml wins in one folder
    assert config_for_path(sub / "r.txt", config_file=top).params("GI501")["min_phrase"] == 5


def test_no_config_file_means_national(tmp_path):
    c = config_for_path(tmp_path / "r.txt")
    if find_config_file(tmp_path) is None:
        assert c is default_config() or c.packs == default_config().packs


# -- errors: file:line:col ----------------------------------------------------------------------------
def err(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as e:
        load_config(path)
    return e.value


def test_extends_cycle(tmp_path):
    a = write(tmp_path / "a" / "pack.toml", 'extends = ["../b/pack.toml"]\n')
    write(tmp_path / "b" / "pack.toml", '# b\nextends = ["../a"]\n')
    e = err(a)
    assert "extends cycle" in e.message and str(e).startswith(f"{tmp_path / 'b' / 'pack.toml'}:2:")
    self_ = write(tmp_path / "self.toml", 'extends = ["self.toml"]\n')
    assert "extends cycle" in err(self_).message


def test_missing_pack(tmp_path):
    f = tmp_path / "gilint.toml"
    f.write_text('\n\nextends = ["national", "../nowhere/pack.toml"]\n', encoding="utf-8")
    e = err(f)
    assert (e.line, e.column) == (3, 24) and "pack not found" in e.message
    g = write(tmp_path / "g.toml", 'extends = ["nationl"]\n')
    e = err(g)
    assert "no installed pack named 'nationl'" in e.message and "did you mean 'national'" in e.message
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "absent.toml")


@pytest.mark.parametrize("text, line, col, words", [
    ("[rules\n", 1, None, "invalid TOML"),
    ('name = "x"\nextend = ["national"]\n', 2, 1, "unknown key `extend`"),
    ('[report]\nlevle = "township"\n', 2, 1, "unknown key `levle` in report"),
    ('[report]\nlevel = "village"\n', 2, 1, "report.level"),
    ('[report]\ndeadline = "1-31"\n', 2, 1, "MM-DD"),
    ('[report]\ndeadline = { townsip = "01-31" }\n', 2, 1, "unknown level"),
    ('[report]\nyear = "2020"\n', 2, 1, "must be an integer"),
    ("[rules.GI999]\nenabled = true\n", 1, 8, "unknown rule code GI999"),
    ("[rules.GI501]\nenabled = 'yes'\n", 2, 1, "must be true or false"),
    ("[rules.GI501]\nseverity = 'fatal'\n", 2, 1, "severity"),
    ("[rules.GI501]\nmin_phrase = '5'\n", 2, 1, "must be an integer or a number"),
    ("[rules.GI501]\nmin-phrase = 5\n", 2, 1, "did you mean `min_phrase`"),
    ("[rules.GI501]\nextend-min_phrase = [5]\n", 2, 1, "cannot be extended"),
    ("[rules.GI502]\npatterns = 'x'\n", 2, 1, "must be an array"),
    ("rules.GI501.min_phrase = 'x'\n", 1, 1, "rules.GI501.min_phrase"),
    ('prefix = "GI"\n', 1, 1, "belongs to the national catalogue"),
    ('prefix = "qx"\n', 1, 1, "capital letters"),
    ('prefix = "QX"\n[rules.GI501]\nkind = "forbidden"\n', 3, 1, "rule of the national catalogue"),
    ('prefix = "QX"\n[rules.GI901]\nkind = "forbidden"\nphrases = ["x"]\n', 2, 8, "GI codes belong"),
    ('prefix = "QX"\n[rules.ZZ101]\nkind = "forbidden"\nphrases = ["x"]\n', 2, 8, "prefix QX"),
    ('[rules.QX101]\nkind = "forbidden"\nphrases = ["x"]\n', 1, 8, "must name its prefix"),
    ('prefix = "QX"\n[rules.QX1]\nkind = "forbidden"\n', 2, 8, "three digits"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbiden"\n', 3, 1, "unknown kind 'forbiden'"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\nphrase = ["x"]\n', 4, 1, "unknown option `phrase`"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\n', 2, 8, "needs `phrases` or `patterns`"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\nphrases = ["x"]\nmessage = "{matc}"\n', 5, 1,
     "unknown placeholder {matc}"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\npatterns = ["(unclosed"]\n', 4, 1,
     "invalid regular expression"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\nphrases = ["x"]\nscope = "body"\n', 5, 1,
     "unknown scope 'body'"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\nphrases = ["x"]\nsection = 9\n', 5, 1,
     "section number"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "range"\ntable = "section3"\nrow = "neww"\nmax = 1\n', 5, 1,
     "no row 'neww'"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "range"\nsection = 3\ncolumn = "合计"\nmax = 1\n', 5, 1,
     "no column '合计'"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "deadline"\ndeadline = "13-01"\n', 4, 1, "no such date"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "deadline"\npattern = "\\\\d+"\n', 4, 1, "named groups"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "substitution"\nswap = ["a"]\n', 4, 1, "swap"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "os:system"\n', 3, 1, "unknown plugin kind 'os:system'"),
    ('prefix = "QX"\n[rules.QX101]\nkind = "forbidden"\nphrases = ["x"]\nname = "Bad Name"\n', 5, 1,
     "kebab-case"),
    ("templates = ['nope.toml']\n", 1, 14, "template not found"),
])
def test_errors_have_file_line_col(tmp_path, text, line, col, words):
    f = write(tmp_path / "gilint.toml", text)
    e = err(f)
    assert words in e.message, e
    assert str(e).startswith(f"{f}:{e.line}:{e.column}: ")
    assert e.line == line, e
    if col is not None:
        assert e.column == col, e


def test_errors_in_a_later_pack_point_at_that_pack(tmp_path):
    write(tmp_path / "p.toml", 'prefix = "PV"\n[rules.PV101]\nkind = "forbidden"\nphrases = ["x"]\n')
    c = write(tmp_path / "c.toml", 'prefix = "CT"\nextends = ["p.toml"]\n\n[rules.PV101]\n'
                                   'patterns = ["(bad"]\n')
    e = err(c)
    assert (Path(e.path), e.line) == (c, 5) and "PV101" in e.message
    r = write(tmp_path / "r.toml", 'prefix = "CT"\nextends = ["p.toml"]\n[rules.PV101]\nkind = "required"\n')
    e = err(r)
    assert "already declared by" in e.message and e.line == 4
    u = write(tmp_path / "u.toml", 'extends = ["p.toml"]\n[rules.PV102]\nseverity = "info"\n')
    assert "unknown rule code PV102" in err(u).message


# -- the TOML key scanner -------------------------------------------------------------------------------
def test_key_positions():
    text = textwrap.dedent('''\
        name = "x"  # comment = 1
        patterns = [
          'a = b',
          """multi
        fake = 1
        """,
        ]
        [report]
        deadline = { township = "02-20", "county-department" = '01-31' }
        [rules."GI501"]
        min_phrase = 5
        rules.GI502.patterns = []
        [[arr]]
        k = 1
        ''')
    pos = key_positions(text)
    assert pos[("name",)] == (1, 1)
    assert pos[("patterns",)] == (2, 1)
    assert ("fake",) not in pos and ("a",) not in pos
    assert pos[("report",)] == (8, 2)
    assert pos[("report", "deadline")] == (9, 1)
    assert pos[("report", "deadline", "township")] == (9, 14)
    assert pos[("report", "deadline", "county-department")] == (9, 34)
    assert pos[("rules", "GI501", "min_phrase")] == (11, 1)
    assert pos[("rules", "GI501", "rules", "GI502", "patterns")] == (12, 1)
    assert pos[("arr", "k")] == (14, 1)


# -- gilint config show ------------------------------------------------------------------------------------
def test_show_config_text_and_json(chain):
    prov, county, project = chain
    c = load_config(project)
    out = show_config(c, "draft.txt", str(project))
    assert "# Effective configuration for draft.txt" in out
    assert "1. national" in out and "4. project" in out
    lines = out.splitlines()
    mp = next(x for x in lines if x.startswith("min_phrase = 5"))
    assert mp.endswith(f"# {prov}:{line_of(prov, 'min_phrase')}")
    dw = next(x for x in lines if x.startswith("doubled_words = "))
    assert f"{county}:" in dw and f"{project}:" in dw
    assert any(x.startswith('swap."登陆网站" = "登录网站"') and f"{county}:" in x for x in lines)
    assert any(x.startswith("enabled = true") and "set by report.deadline" in x for x in lines)
    assert "[rules.CT101]" in out and "<national>/pack.toml:" in out
    data = json.loads(show_config(c, "draft.txt", str(project), fmt="json"))
    vals = {v["key"]: v for v in data["values"]}
    assert vals["report.level"]["value"] == "township"
    assert vals["report.level"]["origin"] == f"{project}:{line_of(project, 'level')}"
    assert [p["name"] for p in data["packs"]] == ["national", "province", "county", "project"]
    assert {d["code"] for d in data["declared"]} == {"PV101", "PV102", "CT101"}


def run_cli(*args, cwd=None):
    return subprocess.run(GILINT + list(args), capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_cli_config_show_and_check_use_the_nearest_config(chain, tmp_path):
    prov, county, project = chain
    draft = project.parent / "draft.txt"
    draft.write_text("某镇2021年政府信息公开工作年度报告\n一、总体情况\n截止目前，各项工作等等。\n",
                     encoding="utf-8")
    r = run_cli("config", "show", str(draft))
    assert r.returncode == 0, r.stderr
    assert f"Configuration file: {project}" in r.stdout and "4. project" in r.stdout
    r = run_cli("check", "--format", "json", str(draft))
    codes = {d["code"] for d in json.loads(r.stdout)}
    assert {"PV102", "CT101"} <= codes, r.stdout       # 等等 replaced by the county's list
    assert "PV101" not in codes
    r = run_cli("check", "--format", "json", "--ignore", "PV,CT", str(draft))
    assert not {d["code"] for d in json.loads(r.stdout)} & {"PV102", "CT101"}
    r = run_cli("check", "--format", "json", "--config", str(prov), str(draft))
    assert "PV101" in {d["code"] for d in json.loads(r.stdout)}


def test_cli_errors_exit_2_with_one_line(tmp_path):
    bad = write(tmp_path / "gilint.toml", '[rules.GI501]\nmin_phrase = "x"\n')
    draft = tmp_path / "d.txt"
    draft.write_text("某镇2021年政府信息公开工作年度报告\n一、总体情况\n内容。\n", encoding="utf-8")
    r = run_cli("check", str(draft))
    assert r.returncode == 2 and f"{bad}:2:1: " in r.stderr
    r = run_cli("config", "show", str(draft))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and f"{bad}:2:1: " in r.stderr
    r = run_cli("check", "--config", str(bad), str(draft))
    assert r.returncode == 2 and f"{bad}:2:1: " in r.stderr


# -- the JSON Schema ----------------------------------------------------------------------------------------
def test_schema_is_shipped_and_up_to_date():
    from gilint.schema import build_schema, load_schema, schema_path
    assert schema_path().is_file() and schema_path().parent.name == "schema"
    assert load_schema() == json.loads(json.dumps(build_schema(), ensure_ascii=False)), \
        "run: python -m gilint.schema"


def test_schema_agrees_with_the_validation_in_code():
    from gilint.checks.registry import all_rules
    from gilint.checks.declarative import BUILTIN_KINDS, COMMON_KEYS
    from gilint.checks.kinds.base import SCOPES
    from gilint.packs import REPORT_KEYS, TOP_KEYS
    from gilint.schema import load_schema
    s = load_schema()
    assert set(s["properties"]) == set(TOP_KEYS)
    assert set(s["properties"]["report"]["properties"]) == set(REPORT_KEYS)
    assert set(s["properties"]["rules"]["properties"]) == set(all_rules())
    decl = next(iter(s["properties"]["rules"]["patternProperties"].values()))
    assert set(COMMON_KEYS) <= set(decl["properties"])
    assert decl["properties"]["kind"]["anyOf"][0]["enum"] == list(BUILTIN_KINDS)
    assert decl["properties"]["scope"]["oneOf"][0]["enum"] == list(SCOPES)


def test_example_packs_validate_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from gilint.schema import load_schema
    schema = load_schema()
    for f in sorted((ROOT / "examples" / "packs").rglob("*.toml")) + [national_pack_file()]:
        jsonschema.validate(load_toml(f), schema)


# -- options are declared by the rules (Option(type, default, doc)) ----------------------------
def test_rule_options_are_the_schema_the_validation_and_the_docs(tmp_path, capsys):
    from gilint.checks.registry import all_rules
    from gilint.cli import main
    from gilint.schema import build_schema
    rules = build_schema()["properties"]["rules"]["properties"]
    declared = {code: cls.options for code, cls in all_rules().items() if cls.options}
    assert {"GI206", "GI306", "GI403", "GI501", "GI502", "GI504"} <= set(declared)
    for code, options in declared.items():
        for k, opt in options.items():
            prop = rules[code]["properties"][k]
            assert prop.get("default") == opt.default or opt.default is None, (code, k)
            assert prop["description"] == opt.doc
    assert main(["rule", "GI501"]) == 0
    out = capsys.readouterr().out
    assert "| `min_phrase` | integer | `4` |" in out and "| `doubled_words` | array |" in out
    bad = tmp_path / "gilint.toml"
    bad.write_text('[rules.GI501]\nmin_phrase = "four"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="min_phrase"):
        config_for_path(None, config_file=bad)


def test_gi206_superseded_is_read(tmp_path):
    """GI206's `superseded` option is what it looks for (any bracket style, spaces allowed)."""
    from gilint.engine import lint
    text = ("柳泉镇2022年政府信息公开工作年度报告\n\n一、总体情况\n"
            "根据《格式》（国办公开办函[2016] 9号）编制本报告。\n")
    found = [f for f in lint(text) if f.code == "GI206"]
    assert found == []                                  # not the default's reference
    pack = tmp_path / "gilint.toml"
    pack.write_text('[rules.GI206]\nsuperseded = "国办公开办函〔2016〕9号"\n', encoding="utf-8")
    config = config_for_path(None, config_file=pack)
    found = [f for f in lint(text, config) if f.code == "GI206"]
    assert [text[f.start:f.end] for f in found] == ["国办公开办函[2016] 9号"]
    assert found[0].fix.edits[0].new_text == "国办公开办函〔2021〕30号"
