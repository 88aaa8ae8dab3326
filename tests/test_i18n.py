"""Chinese first (issue 15): the catalogue is complete and compiled, every rule and check kind
has Chinese documentation, and the CLI speaks the language of the locale / GILINT_LANG / --lang.

Snapshots live in tests/snapshots/i18n/; after a deliberate change of wording regenerate them
with ``GILINT_UPDATE_SNAPSHOTS=1 pytest tests/test_i18n.py``."""
from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gilint import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "gilint/locale/zh_CN/LC_MESSAGES/gilint.po"
MO = PO.with_suffix(".mo")
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "i18n"
REPORT = Path(__file__).resolve().parent / "cases"
HEADINGS_ZH = ("作用", "原因", "依据", "示例", "正确写法", "修复")


def _po():
    from babel.messages.pofile import read_po
    with open(PO, "rb") as f:
        return read_po(f)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def _ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (tuple, list)) else [message.id]


# -- the catalogue -----------------------------------------------------------------------------
def test_every_message_id_of_the_code_is_in_the_catalogue_and_translated(tmp_path):
    """Extract afresh from gilint/ (as scripts/i18n.sh does): an id the .po lacks, or one
    without a Chinese translation, fails."""
    pot = tmp_path / "gilint.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
                    "-k", "lgettext:2", "--no-location", "-o", str(pot), str(ROOT / "gilint")],
                   check=True, capture_output=True)
    from babel.messages.pofile import read_po
    with open(pot, "rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert len(wanted) > 80   # the CLI alone has more: an extraction that finds nothing fails
    catalogue = {(_ids(m)[0]): m for m in _po() if m.id}
    missing = sorted(wanted - set(catalogue))
    assert not missing, f"not in the .po (run bash scripts/i18n.sh): {missing}"
    untranslated = sorted(i for i in wanted if not all(_strings(catalogue[i])) or catalogue[i].fuzzy)
    assert not untranslated, f"no Chinese translation: {untranslated}"


def test_translations_keep_the_placeholders():
    for m in _po():
        if not m.id:
            continue
        for s in _strings(m):
            for pattern in (r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}", r"%\(\w+\)\w|%s"):
                assert sorted(set(re.findall(pattern, s))) == sorted(set(re.findall(pattern, _ids(m)[0]))), \
                    (m.id, s)


def test_compiled_catalogue_matches_the_po():
    """The committed .mo (what the wheel ships) says what the .po says."""
    with open(MO, "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    expected = {}
    for m in _po():
        if not m.id:
            continue
        if isinstance(m.id, (tuple, list)):
            for n, s in enumerate(_strings(m)):
                expected[(m.id[0], n)] = s
        else:
            expected[m.id] = m.string
    got = {k: v for k, v in compiled.items() if k != ""}
    assert got == expected, "run bash scripts/i18n.sh compile"


def test_the_wheel_ships_the_compiled_catalogue():
    import tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = data["tool"]["setuptools"]["package-data"]["gilint"]
    assert any(PO.with_suffix(".mo").relative_to(ROOT / "gilint").match(g) for g in globs)


# -- rule documentation ----------------------------------------------------------------------------
def test_every_rule_has_chinese_documentation_with_its_headings():
    from gilint.checks.registry import all_rules
    rules = all_rules()
    assert len(rules) >= 30
    for code, cls in rules.items():
        zh = cls.documentation("zh")
        assert zh != cls.documentation("en"), f"{code} has no Chinese documentation (doc_zh)"
        assert re.search(r"[\u4e00-\u9fff]", zh.split("\n", 1)[0]), f"{code}: summary not Chinese"
        sections = dict(re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", zh, re.M | re.S))
        for h in HEADINGS_ZH:
            assert sections.get(h, "").strip(), f"{code}: section {h} missing or empty"
        basis = sections["依据"]
        assert re.search(r"《[^》]+》|国办公开办函〔20\d\d〕\d+号", basis), f"{code}: 依据 cites no text"
        assert "## What it does" not in zh


def test_every_rule_option_is_documented_in_chinese():
    """`gilint rule` and the hover list a rule's options with their docs: in Chinese too (the
    docs are extracted from Option(type, default, doc) into the catalogue)."""
    from gilint.checks.registry import all_rules
    from gilint.engine import rule_doc
    from gilint.i18n import set_language
    with_options = {c: r for c, r in all_rules().items() if getattr(r, "options", None)}
    assert len(with_options) >= 5
    set_language("zh")   # (conftest puts the environment's language back after the test)
    for code, cls in with_options.items():
        doc = rule_doc(cls)
        assert "## 选项" in doc and "| 选项 | 类型 | 默认值 |" in doc, code
        for name, opt in cls.options.items():
            row = next(line for line in doc.splitlines() if line.startswith(f"| `{name}` |"))
            assert opt.doc not in row and re.search(r"[\u4e00-\u9fff]", row), (code, name, row)


def test_every_check_kind_has_chinese_documentation():
    from gilint.checks.declarative import BUILTIN_KINDS, kind_class
    for kind in BUILTIN_KINDS:
        cls = kind_class(kind)
        assert re.search(r"[\u4e00-\u9fff]{4}", cls.doc_zh or ""), f"kind {kind}: no doc_zh"


def test_a_declared_rule_documents_itself_in_chinese():
    from gilint.checks.declarative import build_rule
    rule = build_rule("QH101", {"kind": "forbidden", "phrases": ["政务公开网"]}, pack="qinghai")
    assert "由规则包 qinghai" in rule.documentation("zh") and "## 作用" in rule.documentation("zh")
    assert "Declared by the pack qinghai" in rule.documentation("en")


# -- language choice -------------------------------------------------------------------------------
@pytest.mark.parametrize("env, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "C.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh"),
    ({"LC_MESSAGES": "zh_CN", "LANG": "C"}, "zh"), ({"LC_ALL": "C", "LANG": "zh_CN"}, "en"),
    ({"GILINT_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"), ({"GILINT_LANG": "zh", "LANG": "C"}, "zh"),
    ({"LC_ALL": "", "LANG": "zh_CN.GB18030"}, "zh"),
])
def test_language_from_the_environment(env, lang):
    assert i18n.language_from_env(env) == lang


@pytest.mark.parametrize("tag, lang", [("zh-cn", "zh"), ("zh-CN", "zh"), ("zh", "zh"),
                                       ("en", "en"), ("de", "en"), ("", None), (None, None)])
def test_language_of_a_client_locale(tag, lang):
    assert i18n.language_of(tag) == lang


# -- the CLI in both languages (snapshots) -----------------------------------------------------
def _gilint(*argv, lang_env: dict, cwd=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("GILINT_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(lang_env, COLUMNS="100", NO_COLOR="1", GILINT_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "gilint", *argv], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=cwd or ROOT)


def _snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("GILINT_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name} (GILINT_UPDATE_SNAPSHOTS=1 writes it)"
    assert text == path.read_text(encoding="utf-8")


LOCALES = {"zh": {"LANG": "zh_CN.UTF-8"}, "en": {"LANG": "C.UTF-8"}}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _cjk_share(text: str) -> float:
    """The share of Chinese characters among the letters of ``text`` (codes and names aside)."""
    letters = [c for c in text if c.isalpha()]
    return sum(bool(CJK.match(c)) for c in letters) / max(1, len(letters))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help(lang):
    p = _gilint("--help", lang_env=LOCALES[lang])
    assert p.returncode == 0
    _snapshot(f"help.{lang}.txt", p.stdout)
    if lang == "zh":
        assert p.stdout.startswith("用法：") and "检查报告" in p.stdout
    else:
        assert p.stdout.startswith("usage: ") and "check reports" in p.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rule_documentation(lang):
    p = _gilint("rule", "GI302", lang_env=LOCALES[lang])
    assert p.returncode == 0
    _snapshot(f"rule-GI302.{lang}.txt", p.stdout)
    if lang == "zh":
        assert "## 作用" in p.stdout and "级别：错误。修复：不安全。" in p.stdout
    else:
        assert "## What it does" in p.stdout and "Severity: error. Fix: unsafe." in p.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_line_and_input_error(lang, tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text("XX镇2023年政府信息公开工作报告\n\n一、总体情况\n\n本年度……\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    p = _gilint("check", "报告.txt", "empty.txt", "missing.txt", lang_env=LOCALES[lang], cwd=tmp_path)
    assert p.returncode == 2
    summary = p.stdout.splitlines()[-1]
    _snapshot(f"check.{lang}.txt", f"{p.stdout}---- stderr\n{p.stderr}")
    if lang == "zh":
        assert summary.startswith("发现") and "个问题" in summary
        assert "empty.txt：错误：文件是空的" in p.stderr
        assert "missing.txt：错误：文件或目录不存在" in p.stderr
    else:
        assert summary.startswith("Found") and "findings" in summary
        assert "empty.txt: error: file is empty" in p.stderr
        assert "missing.txt: error: no such file or directory" in p.stderr


def test_lang_option_wins_over_the_locale():
    zh = _gilint("check", "--lang", "zh", "missing.txt", lang_env=LOCALES["en"])
    en = _gilint("rule", "GI302", "--lang", "en", lang_env=LOCALES["zh"])
    assert "错误：文件或目录不存在" in zh.stderr
    assert "## What it does" in en.stdout
    bad = _gilint("check", "--jobs", "x", lang_env=LOCALES["zh"])   # argparse's own errors too
    assert bad.returncode == 2 and "错误：" in bad.stderr and "不是数字" in bad.stderr


def test_rules_listing_follows_the_language():
    zh = _gilint("rules", lang_env=LOCALES["zh"]).stdout.splitlines()
    en = _gilint("rules", lang_env=LOCALES["en"]).stdout.splitlines()
    assert zh[0].split() == ["编号", "名称", "级别", "修复", "说明"]
    assert en[0].split() == ["code", "name", "severity", "fix", "summary"]
    gi302 = next(line for line in zh if line.startswith("GI302"))
    assert "第三部分" in gi302


def test_input_errors_are_split_from_their_path_in_both_languages(tmp_path):
    """`--errors-as-findings`: the GI000 message is the reason alone, whatever the language the
    "path: error: reason" line was written in; a broken gilint.toml is said once, not per file."""
    import json
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    for lang in ("zh", "en"):
        r = _gilint("check", "--format", "json", "--errors-as-findings", str(tmp_path / "bin.txt"),
                    lang_env=LOCALES[lang])
        [gi000] = json.loads(r.stdout)
        assert gi000["code"] == "GI000" and gi000["path"] == str(tmp_path / "bin.txt")
        assert "bin.txt" not in gi000["message"] and bool(CJK.search(gi000["message"])) == (lang == "zh")
    project = tmp_path / "p"
    project.mkdir()
    (project / "gilint.toml").write_text("[rules\n", encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (project / name).write_text("报告\n", encoding="utf-8")
    for lang in ("zh", "en"):
        r = _gilint("check", "a.txt", "b.txt", lang_env=LOCALES[lang], cwd=project)
        lines = [ln for ln in r.stderr.splitlines() if "gilint.toml" in ln]
        assert r.returncode == 2 and len(lines) == 1, (lang, r.stderr)
        assert lines[0].startswith("gilint：错误：配置：" if lang == "zh" else "gilint: error: configuration: ")


def _columns(line: str) -> list[int]:
    """The terminal column where each of the first five fields starts (CJK characters two wide)."""
    import unicodedata
    cols = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:m.start()])
            for m in re.finditer(r"\S+", line)]
    return cols[:5]


def test_rules_listing_columns_line_up_in_chinese():
    """The Chinese headings are two columns wide a character: the table pads by display width, so
    every field of every row starts under its heading (a terminal shows them aligned)."""
    for lang in ("zh", "en"):
        lines = _gilint("rules", lang_env=LOCALES[lang]).stdout.splitlines()
        starts = {tuple(_columns(line)) for line in lines}
        assert len(lines) > 30 and len(starts) == 1, (lang, sorted(starts), lines[:2])


# -- the VS Code extension's own catalogues ----------------------------------------------------------
EXT = ROOT / "vscode-extension"


def test_every_vscode_setting_and_command_title_has_chinese():
    import json
    en = json.loads((EXT / "package.nls.json").read_text(encoding="utf-8"))
    zh = json.loads((EXT / "package.nls.zh-cn.json").read_text(encoding="utf-8"))
    used = set(re.findall(r'"%([^%"]+)%"', (EXT / "package.json").read_text(encoding="utf-8")))
    assert used and used <= set(en), sorted(used - set(en))
    missing = sorted(k for k in en if not CJK.search(zh.get(k, "")))
    assert not missing, f"package.nls.zh-cn.json lacks: {missing}"


def test_every_vscode_message_has_chinese():
    """Every ``vscode.l10n.t('…')`` of the extension's sources is in l10n/bundle.l10n.zh-cn.json."""
    import json
    bundle = json.loads((EXT / "l10n/bundle.l10n.zh-cn.json").read_text(encoding="utf-8"))
    literal = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\$]|\\.)*`)"""
    used = set()
    for src in (EXT / "src").glob("*.ts"):
        for m in re.finditer(r"l10n\.t\(\s*" + literal, src.read_text(encoding="utf-8")):
            used.add(json.loads('"' + m.group(1)[1:-1].replace('\\\'', "'").replace('"', '\\"') + '"'))
    assert len(used) > 10
    missing = sorted(u for u in used if not CJK.search(bundle.get(u, "")))
    assert not missing, f"l10n/bundle.l10n.zh-cn.json lacks: {missing}"


# -- the last English-only strings: readers' errors, --fix notes, option types (issue 15) ---------
def _docx(path: Path, paragraphs) -> Path:
    import docx
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_corrupt_or_protected_docx_is_said_in_the_language(lang, tmp_path):
    """A Word file cut short in transfer, and one saved with a password (an OLE2 compound file,
    not a zip: its first 8 bytes are the OLE2 signature), each one line in the CLI's language."""
    whole = _docx(tmp_path / "whole.docx", ["XX镇2023年政府信息公开工作年度报告", "一、总体情况"]).read_bytes()
    (tmp_path / "cut.docx").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    p = _gilint("check", "--lang", lang, "cut.docx", "locked.docx", lang_env=LOCALES["en"], cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    cut, locked = (next(ln for ln in p.stderr.splitlines() if ln.startswith(n)) for n in ("cut", "locked"))
    if lang == "zh":
        assert cut.startswith("cut.docx：错误：.docx 文件已损坏"), cut
        assert locked.startswith("locked.docx：错误：该 .docx 设有密码保护"), locked
    else:
        assert cut.startswith("cut.docx: error: corrupted .docx"), cut
        assert locked.startswith("locked.docx: error: the .docx is password-protected"), locked
    assert (_cjk_share(p.stderr) > 0.3) == (lang == "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_fix_is_said_in_the_language(lang, tmp_path):
    """`--fix` on a file that is no annual report (GI002) refuses to touch it, and says why."""
    memo = tmp_path / "纪要.txt"
    memo.write_text("会议纪要\n\n今天开会，研究了三件事。\n", encoding="utf-8")
    before = memo.read_bytes()
    p = _gilint("check", "--fix", "--lang", lang, memo.name, lang_env=LOCALES["zh"], cwd=tmp_path)
    assert memo.read_bytes() == before and "GI002" in p.stdout
    note = next(ln for ln in p.stderr.splitlines() if ln.startswith(memo.name))
    if lang == "zh":
        assert note == "纪要.txt：未修复：文件未被识别为年度报告（GI002）；请先手工更正", note
    else:
        assert note == ("纪要.txt: not fixed: the file is not recognised as an annual report (GI002); "
                        "correct it by hand first"), note
    # a web page is read, never rewritten: --diff says so once
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + "".join(f"<p>{ln}</p>" for ln in (
        REPORT / "real" / "008_hongzequ_2023.txt").read_text(encoding="utf-8").splitlines() if ln.strip())
        + "</body></html>", encoding="utf-8")
    p = _gilint("check", "--diff", "--lang", lang, page.name, lang_env=LOCALES["zh"], cwd=tmp_path)
    notes = [ln for ln in p.stderr.splitlines() if ln.startswith("page.html")]
    assert notes == (["page.html：.pdf/.html 为只读格式，不应用修复"] if lang == "zh" else
                     ["page.html: fixes are not applied to .pdf/.html: read-only formats"]), p.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_option_types_in_the_language(lang):
    """`gilint rule` lists a rule's options with their TOML type: GI403's deadline is a string or
    a table, one cell of the Markdown table (no bare "|" inside it)."""
    p = _gilint("rule", "GI403", "--lang", lang, lang_env=LOCALES["zh" if lang == "en" else "en"])
    assert p.returncode == 0
    row = next(ln for ln in p.stdout.splitlines() if ln.startswith("| `deadline` |"))
    assert row.count(" | ") == 3, row
    assert row.split(" | ")[1] == ("字符串或表" if lang == "zh" else "string or table"), row
    types = {ln.split(" | ")[1] for code in ("GI206", "GI501", "GI603", "GI604")
             for ln in _gilint("rule", code, "--lang", lang, lang_env={}).stdout.splitlines()
             if ln.startswith("| `")}
    assert types and all(bool(CJK.search(t)) == (lang == "zh") for t in types), types


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_language_server_options_in_the_language(lang):
    """`gilint lsp --help` (on stderr: stdout is the protocol's) and its usage errors."""
    h = _gilint("lsp", "--help", lang_env={"GILINT_LANG": lang})
    bad = _gilint("lsp", "--tcp", "nohost", lang_env={"GILINT_LANG": lang})
    assert h.returncode == 0 and h.stdout == "" and bad.returncode == 2
    if lang == "zh":
        assert "gilint 语言服务器" in h.stderr and "改为监听 TCP 端口" in h.stderr
        assert bad.stderr.splitlines()[-1] == "gilint lsp：错误：--tcp：应为 主机:端口，实际为 'nohost'"
    else:
        assert "The gilint language server" in h.stderr and "listen on a TCP port" in h.stderr
        assert bad.stderr.splitlines()[-1] == "gilint lsp: error: --tcp: expected HOST:PORT, got 'nohost'"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failing_rule_and_a_fifo_are_said_in_the_language(lang, tmp_path, capsys, monkeypatch):
    """The engine's "rule … failed and was skipped" (a log record the CLI turns into an
    internal error of the file) and the refusal of a named pipe follow --lang."""
    from gilint import cli
    from gilint.checks.registry import all_rules
    monkeypatch.setenv("GILINT_NO_CACHE", "1")

    def boom(self, section=None):
        raise RuntimeError("boom")
    monkeypatch.setattr(all_rules()["GI501"], "run", boom)
    from gilint.engine import Analyzer   # a fresh engine (one that failed says it once)
    monkeypatch.setattr(cli, "_analyzer", Analyzer)
    report = tmp_path / "r.txt"
    # (a line of its own per language: the engine remembers a section's findings by its text)
    report.write_bytes((REPORT / "real" / "008_hongzequ_2023.txt").read_bytes() + f"\n{lang}\n".encode())
    argv = ["check", "--lang", lang, str(report)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        argv.append(str(tmp_path / "pipe.txt"))
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    if lang == "zh":
        assert f"{report}：内部错误：规则 GI501 运行出错，已跳过 (RuntimeError: boom)" in err, err
        assert not hasattr(os, "mkfifo") or "pipe.txt：错误：不是普通文件：命名管道（FIFO）" in err, err
    else:
        assert f"{report}: internal error: rule GI501 failed and was skipped (RuntimeError: boom)" in err, err
        assert not hasattr(os, "mkfifo") or "pipe.txt: error: not a regular file: a FIFO (named pipe)" in err, err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_docx_fix_word_cannot_take_is_said_in_the_language(lang, tmp_path):
    """A report without its section 六: GI101's fix inserts the heading as a new line, which a
    .docx cannot take in its runs (a new paragraph would be needed): the fix is not written,
    and the note with its reason follows the language."""
    lines = [ln.strip() for ln in (REPORT / "real" / "008_hongzequ_2023.txt").read_text(encoding="utf-8")
             .splitlines() if ln.strip() and "六、其他需要报告的事项" not in ln]
    doc = _docx(tmp_path / "缺六.docx", lines)
    p = _gilint("check", "--fix", "--unsafe-fixes", "--lang", lang, doc.name, lang_env={}, cwd=tmp_path)
    note = next(ln for ln in p.stderr.splitlines() if ln.startswith(doc.name) and "GI101" in ln)
    if lang == "zh":
        assert note == ("缺六.docx：GI101 的修复未应用：该修改会新增一行或一个单元格"
                        "（无法安全写入 .docx，请在 Word 中修改）"), note
    else:
        assert note == ("缺六.docx: fixes for GI101 not applied: it adds a line or a cell "
                        "(cannot be written into the .docx safely; edit it in Word)"), note
    import docx   # other fixes may be written; GI101's heading is not
    assert not any("其他需要报告" in para.text for para in docx.Document(str(doc)).paragraphs)
