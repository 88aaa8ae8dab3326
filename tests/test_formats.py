"""Reading .docx, HTML and PDF reports (gilint.read.formats), locating findings in them,
fixing .docx in place, and splitting crawler-flattened table rows.

The .docx files and HTML pages are built here from the seeds' text (tests/formats/builders.py:
headings in heading styles, tables with vertically merged label cells and horizontally merged
header cells, site chrome around the HTML) and must give the same findings as the text: the
same multiset of codes (positions differ). The real PDFs (tests/cases/real/raw, copies of
../shared/cases/real/raw) must give the findings tests/cases/real/expect.toml lists for their
text versions, and no other error.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import TESTS, load_expect

docx = pytest.importorskip("docx", reason="python-docx not installed (pip install 'gilint[formats]')")
pytest.importorskip("pdfplumber", reason="pdfplumber not installed (pip install 'gilint[formats]')")
pytest.importorskip("lxml", reason="lxml not installed")

from formats.builders import auto_numbering, build_docx, build_html  # noqa: E402

from gilint import lint  # noqa: E402
from gilint.cli import main  # noqa: E402
from gilint.fixes import fix_text  # noqa: E402
from gilint.read.decode import InputError  # noqa: E402
from gilint.read.formats import Reader, read_document, reader_for, register, readers  # noqa: E402
from gilint.read.formats.flattened import readings, split_flattened  # noqa: E402

SEEDS = TESTS / "cases" / "seeds"
REAL = TESTS / "cases" / "real"
RAW = REAL / "raw"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def codes(findings) -> Counter:
    return Counter(f.code for f in findings if not f.suppressed)


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


_DOCX: dict[str, bytes] = {}


def seed_docx(name: str) -> bytes:
    if name not in _DOCX:
        _DOCX[name] = build_docx(seed_text(name))
    return _DOCX[name]


# ---------------------------------------------------------------------------- .docx
@pytest.mark.parametrize("name", SEED_NAMES)
def test_docx_same_codes_as_text(name):
    doc = read_document("report.docx", seed_docx(name))
    assert doc.format == "docx"
    assert codes(lint(doc.text)) == codes(lint(seed_text(name)))


def test_docx_has_real_merged_cells():
    """The built tables merge cells as Word does: vMerge below 三、本年度办理结果 and the group
    cells, gridSpan for the header cells; the reader renders them as the Word export does."""
    name = "000_a5e157a962f88d8f.txt"
    d = docx.Document(io.BytesIO(seed_docx(name)))
    body = d.element.body
    vmerge = body.findall(f".//{W}vMerge")
    spans = {int(g.get(f"{W}val")) for g in body.findall(f".//{W}gridSpan")}
    assert len(vmerge) > 30 and {5, 7} <= spans
    restart = [v for v in vmerge if v.get(f"{W}val") == "restart"]
    first_texts = {"".join(t.text for t in v.getparent().getparent().iter(f"{W}t")) for v in restart}
    assert "三、本年度办理结果" in first_texts      # its paragraphs: 三 / 、 / 本 / 年 …
    assert {"（三）不予公开", "（四）无法提供", "（五）不予处理"} <= first_texts
    # The cells layout of a Word export, byte for byte.
    assert read_document("r.docx", seed_docx(name)).text == seed_text(name)
    assert [p.style.name for p in d.paragraphs if p.style.name.startswith("Heading")]


def test_docx_locations_json_sarif_text(capsys, tmp_path):
    f = tmp_path / "柳泉镇.docx"
    f.write_bytes(seed_docx("003_74cc16f0ef581249.txt"))
    code, out, _ = run(capsys, "check", "--format", "json", str(f))
    data = json.loads(out)
    gi202 = next(d for d in data if d["code"] == "GI202")
    loc = gi202["location"]
    assert loc["kind"] == "docx-table-cell" and loc["table"] == 2     # 二's table is table 1
    assert loc["quote"] == "2.其他法律法规禁止公开"
    assert loc["index"] == f"表2行{loc['row']}列{loc['column']}"
    # a place Word shows: the table by its section's heading, the row by its labels
    assert loc["label"] == "表“收到和处理政府信息公开申请情况” 行“(三)不予公开 2.其他法律法规禁止公开”"
    para = next(d for d in data if d["location"]["kind"] == "docx-paragraph")
    assert para["location"]["paragraph"] >= 1 and para["location"]["index"].startswith("段")
    assert para["location"]["label"].startswith("段“")
    code, out, _ = run(capsys, "check", "--format", "sarif", str(f))
    result = next(r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "GI202")
    logical = result["locations"][0]["logicalLocations"][0]
    assert logical["name"] == loc["label"] and logical["properties"]["table"] == 2
    assert result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == loc["quote"]
    code, out, _ = run(capsys, "check", str(f))
    assert f"{f}:{loc['label']}: GI202 [error]" in out


FIXED_CODES = ("GI104", "GI202", "GI401", "GI501", "GI502")


@pytest.mark.parametrize("name", ["000_a5e157a962f88d8f.txt", "003_74cc16f0ef581249.txt",
                                  "004_08cfca133e237b55.txt", "002_4e23321f02cf36ab.txt"])
def test_docx_fix_in_place(capsys, tmp_path, name):
    """--fix rewrites the runs: the file opens, keeps its styles, tables and run formatting,
    reads exactly as the text fixed by the same fixes, and the fixed codes are gone."""
    f = tmp_path / "report.docx"
    data = seed_docx(name)
    f.write_bytes(data)
    before = read_document("r.docx", data)
    want = fix_text(before.text)
    assert want.fixed_count > 0
    code, out, err = run(capsys, "check", "--fix", str(f))
    assert "not applied" not in err, err
    assert "fixed" in out
    new = f.read_bytes()
    assert new != data
    d0, d1 = docx.Document(io.BytesIO(data)), docx.Document(io.BytesIO(new))
    assert [p.style.name for p in d0.paragraphs] == [p.style.name for p in d1.paragraphs]
    assert len(d0.tables) == len(d1.tables)
    assert [len(t.rows) for t in d0.tables] == [len(t.rows) for t in d1.tables]
    assert sum(1 for p in d0.paragraphs for r in p.runs if r.bold) == \
        sum(1 for p in d1.paragraphs for r in p.runs if r.bold)
    after = read_document("r.docx", new)
    assert after.text == want.text
    left = lint(after.text)
    assert codes(left) == codes(want.remaining_findings)
    fixed = {(f.code, f.message) for batch in want.applied for f in batch}
    assert fixed and not fixed & {(f.code, f.message) for f in left}
    assert {c for c, _m in fixed} <= set(FIXED_CODES)
    with zipfile.ZipFile(io.BytesIO(new)) as z:
        assert z.testzip() is None


def test_docx_fix_across_runs(tmp_path, capsys):
    """An edit spanning runs: the new text goes into the first run, the others are trimmed;
    their formatting stays."""
    text = seed_text("003_74cc16f0ef581249.txt")
    data = build_docx(text)
    d = docx.Document(io.BytesIO(data))
    cell = next(c for t in d.tables for r in t.rows for c in r.cells if c.text == "2.其他法律法规禁止公开")
    p = cell.paragraphs[0]
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    a = p.add_run("2.其他法律")
    a.bold = True
    b = p.add_run("法规禁止公开")
    b.italic = True
    out = io.BytesIO()
    d.save(out)
    f = tmp_path / "runs.docx"
    f.write_bytes(out.getvalue())
    run(capsys, "check", "--fix", str(f))
    d2 = docx.Document(str(f))
    cell = next(c for t in d2.tables for r in t.rows for c in r.cells if "其他法律" in c.text and "禁止" in c.text)
    runs = cell.paragraphs[0].runs
    assert cell.text == "2.其他法律行政法规禁止公开"
    assert runs[0].bold and runs[0].text == "2.其他法律行政法规禁止公开"
    assert len(runs) == 2 and runs[1].text == "" and runs[1].italic


def test_docx_unmappable_fixes_are_said_and_not_applied(tmp_path, capsys):
    """Inserting a missing section heading adds a paragraph: not written, said plainly."""
    text = seed_text("000_a5e157a962f88d8f.txt").replace("六、其他需要报告的事项", "其他需要报告的事项")
    f = tmp_path / "r.docx"
    f.write_bytes(build_docx(text, split_runs=False))
    before = read_document("r.docx", f.read_bytes()).text
    code, out, err = run(capsys, "check", "--fix", "--unsafe-fixes", str(f))
    assert code == 1
    assert "not applied" in err and "cannot be written into the .docx safely" in err
    assert len(err.splitlines()) == 1
    after = read_document("r.docx", f.read_bytes()).text
    # the safe GI501 fix went in; no heading was invented
    assert "其他需要报告的事项" in after and "六、其他需要报告的事项" not in after
    assert after != before


def test_docx_diff_and_stdin(tmp_path, capsys, monkeypatch):
    data = seed_docx("003_74cc16f0ef581249.txt")
    f = tmp_path / "r.docx"
    f.write_bytes(data)
    code, out, err = run(capsys, "check", "--diff", str(f))
    assert code == 1 and "+\t\t2.其他法律行政法规禁止公开" not in out and "+\t2.其他法律行政法规禁止公开" in out
    assert f.read_bytes() == data
    p = subprocess.run([sys.executable, "-m", "gilint", "check", "--fix", "-", "--stdin-filename", "r.docx"],
                       input=data, capture_output=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    assert read_document("r.docx", p.stdout).text == fix_text(read_document("r.docx", data).text).text


def test_corrupted_docx(tmp_path):
    f = tmp_path / "broken.docx"
    f.write_bytes(seed_docx("000_a5e157a962f88d8f.txt")[:5000])   # a truncated zip
    p = subprocess.run([sys.executable, "-m", "gilint", "check", str(f)], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{f}: error: corrupted .docx"), p.stderr
    z = tmp_path / "other.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    z.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="not a .docx"):
        read_document(str(z), z.read_bytes())


def test_docx_auto_numbering():
    """Word's automatic numbering of headings is part of the text the rules see."""
    d = docx.Document()
    numbered = auto_numbering(d)
    d.add_paragraph("某镇2023年政府信息公开工作年度报告")
    numbered("总体情况", 0)
    numbered("主动公开", 1)
    numbered("依申请公开", 1)
    numbered("主动公开政府信息情况", 0)
    out = io.BytesIO()
    d.save(out)
    text = read_document("n.docx", out.getvalue()).text
    assert text.splitlines()[1:5] == ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况"]


# ---------------------------------------------------------------------------- HTML
@pytest.mark.parametrize("name", SEED_NAMES)
def test_html_same_codes_as_text(name):
    doc = read_document("report.html", build_html(seed_text(name)))
    assert doc.format == "html"
    assert codes(lint(doc.text)) == codes(lint(seed_text(name)))


def test_html_gbk_page_without_suffix_and_chrome_ignored(capsys, tmp_path):
    text = seed_text("000_a5e157a962f88d8f.txt")
    data = build_html(text, encoding="gb2312")
    doc = read_document("-", data)           # sniffed, charset from <meta>
    first = doc.text.splitlines()[0]
    assert first == text.splitlines()[0]
    for chrome in ("首页", "当前位置", "索引号", "ICP", "网站地图", "console", "相关链接", "_hmt", "分享到"):
        assert chrome not in doc.text
    assert codes(lint(doc.text)) == codes(lint(text))
    f = tmp_path / "page.shtml"
    f.write_bytes(data)
    code, out, err = run(capsys, "check", "--format", "json", "--fix", str(f))
    assert code == 1
    assert err.strip() == f"{f}: fixes are not applied to .pdf/.html: read-only formats"
    assert f.read_bytes() == data
    d = json.loads(out)
    loc = next(x["location"] for x in d if x["code"] == "GI501")
    assert loc["kind"] == "html-text" and loc["path"].startswith("/html/body/") and "根据上级" in loc["quote"]


def test_html_rowspan_colspan_grid():
    page = """<html><body><p>x</p><table>
    <tr><td rowspan="3" colspan="2">A</td><td colspan="2">B</td><td rowspan="2">C</td></tr>
    <tr><td>b1</td><td>b2</td></tr>
    <tr><td>1</td><td>2</td><td>3</td></tr>
    <tr><td colspan="2">D</td><td>4</td><td>5</td><td>6</td></tr>
    </table><p>y</p></body></html>""".encode()
    doc = read_document("t.html", page)
    assert doc.text == "x\n\tA\n\tB\n\tC\n\n\t\n\tb1\n\tb2\n\t\n\n\t\n\t1\n\t2\n\t3\n\n\tD\n\t4\n\t5\n\t6\n\n\ny\n"
    cell = doc.locate(doc.text.index("b2"), doc.text.index("b2") + 2)
    assert (cell["table"], cell["row"], cell["column"], cell["label"]) == (1, 2, 4, "表1行2列4")


# ---------------------------------------------------------------------------- PDF
REAL_EXPECT = load_expect(REAL / "expect.toml")
PDFS = sorted(p.name for p in RAW.glob("*.pdf"))


@pytest.mark.parametrize("name", PDFS)
def test_real_pdf_findings(name):
    doc = read_document(name, (RAW / name).read_bytes())
    assert doc.format == "pdf"
    entry = REAL_EXPECT[name.replace(".pdf", ".txt")]
    found = [f for f in lint(doc.text) if not f.suppressed]
    got = codes(found)
    for e in entry["expect"]:
        assert got[e["code"]] >= e.get("count", 1), (e, got)
    for e in entry["forbid"]:
        assert not got[e["code"]], (e, got)
    allowed = {e["code"] for e in entry["expect"] + entry["allow"]}
    severities = ("error", "warning", "info") if entry["checked"].get("strict") else ("error",)
    extra = [(f.code, f.message) for f in found if f.severity in severities and f.code not in allowed]
    assert not extra, extra
    # same codes as the pdftotext version, at error severity
    text = (REAL / name.replace(".pdf", ".txt")).read_text(encoding="utf-8")
    errors = Counter(f.code for f in lint(text) if f.severity == "error" and not f.suppressed)
    assert Counter(f.code for f in found if f.severity == "error") == errors


def test_pdf_locations(capsys):
    f = RAW / "008_hongzequ_2023.pdf"
    code, out, err = run(capsys, "check", "--format", "json", str(f))
    d = {x["code"]: x for x in json.loads(out)}
    loc = d["GI202"]["location"]
    assert loc["kind"] == "pdf-table-cell" and loc["page"] == 3 and loc["quote"] == "2.其他法律行政止公开"
    assert loc["label"].startswith("第3页表")
    assert d["GI305"]["location"]["page"] == 4


def test_pdf_errors(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%garbage\n")
    with pytest.raises(InputError, match="PDF"):
        read_document(str(bad), bad.read_bytes())


# ---------------------------------------------------------------------------- registry
def test_reader_choice():
    d = seed_docx("000_a5e157a962f88d8f.txt")
    assert reader_for("a.docx", d).name == "docx"
    assert reader_for("a.txt", d).name == "docx"          # magic bytes win for binary formats
    assert reader_for("-", d).name == "docx"
    assert reader_for("a.pdf", b"%PDF-1.7\n").name == "pdf"
    assert reader_for("a.html", b"<p>x</p>").name == "html"  # by suffix
    assert reader_for("-", b"<!DOCTYPE html><html><body>x</body></html>").name == "html"
    assert reader_for("a.txt", b"<!DOCTYPE html><html></html>") is None   # .txt is text
    assert reader_for("-", b"<!-- gilint-disable-file GI501 reason -->\n# title") is None
    assert reader_for("a.md", "一、总体情况".encode()) is None
    assert read_document("a.txt", "一、总体情况".encode()) is None


def test_plugin_reader(tmp_path):
    from gilint.read.formats.base import Document

    @register
    class Odt(Reader):
        name = "test-odt"
        suffixes = (".fodt",)
        binary = False

        def read(self, data, name):
            return Document(data.decode("utf-8"), "fodt")

    try:
        doc = read_document("x.fodt", "一、总体情况\n".encode())
        assert doc.format == "fodt" and doc.locate(0, 1) is None
    finally:
        import gilint.read.formats as formats
        formats._READERS[:] = [r for r in formats._READERS if r.name != "test-odt"]
    assert "test-odt" not in [r.name for r in readers()]


# ---------------------------------------------------------------------------- flattened rows
def test_readings():
    assert readings("12100000121", 7) == [["121", "0", "0", "0", "0", "0", "121"]]
    assert readings("0000000", 7) == [["0"] * 7]
    assert readings("2000000121", 7) == []                         # no reading
    assert len(readings("11000002", 7)) == 0
    assert len(readings("1010000011", 7)) == 0
    assert readings("000011011", 7) == [["0", "0", "0", "0", "1", "10", "11"],
                                        ["0", "0", "0", "0", "11", "0", "11"]]   # ambiguous
    assert len(readings("1" * 40, 7)) <= 2                          # bounded search


def _brute_readings(digits: str, n: int) -> list[list[str]]:
    """Every reading, by trying every set of cut points (for short runs only)."""
    from itertools import combinations
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        parts = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)))]
        if all(p == "0" or p[0] != "0" for p in parts) and sum(map(int, parts[:-1])) == int(parts[-1]):
            out.append(parts)
    return out


def test_readings_agree_with_trying_every_cut():
    import random
    rnd = random.Random(7)
    for _ in range(300):
        values = [rnd.choice([0, 0, 1, rnd.randint(0, 99), rnd.randint(0, 9999)]) for _ in range(rnd.randint(2, 6))]
        digits = "".join(map(str, values)) + str(sum(values))
        n = len(values) + 1
        want = _brute_readings(digits, n)
        got = readings(digits, n, limit=10 ** 6)
        assert sorted(got) == sorted(want), digits


def test_readings_of_sixty_digits_complete():
    """Issue 13 (3): a label run together with 50 digits took 8 s, 60 digits 50 s (a search
    exponential in the digits). The meet-in-the-middle search is polynomial; figures in
    bench: ~0.1 s for the worst 60-digit runs tried. Here: these runs complete, with the right
    answer (none of them can be cut so that the last cell is the sum of the others)."""
    import random
    rnd = random.Random(60)
    for digits in ("1" * 60, "9" * 60, "10" * 30, "123456789" * 6 + "123456",
                   "".join(rnd.choice("0123456789") for _ in range(60))):
        assert readings(digits, 7) == []
    # a real row hidden in 60 digits is still found, and only it
    values = [123456789, 987654321, 555555555, 100000001, 202020202, 313131313]
    digits = "".join(map(str, values)) + str(sum(values))
    assert len(digits) == 64 and readings(digits, 7) == [[*map(str, values), str(sum(values))]]


def _flatten_section3(text: str) -> str:
    """Seed 003's section 三 table as a crawler leaves it: each row's cells run together."""
    out = []
    in3 = False
    for line in text.split("\n"):
        if line.startswith("## 三、"):
            in3 = True
        elif line.startswith("####"):
            in3 = False
        if in3 and "\t" in line:
            cells = [c for c in line.split("\t") if c.strip()]
            values = [c for c in cells if c.strip().isdigit()][-7:]   # (七)总计 has one extra
            line = "".join([c for c in cells if not c.strip().isdigit()] + values)
        out.append(line)
    return "\n".join(out)


def test_flattened_section3_rows_are_split():
    text = seed_text("003_74cc16f0ef581249.txt")
    flat = _flatten_section3(text)
    assert "一、本年新收政府信息公开申请数量0000000" in flat
    from gilint.engine import Analyzer
    a = Analyzer()
    found = a.lint(flat)
    t = a.report.section(3).tables[0]
    assert t.readable, t.problems
    row = t.row("new")
    assert [v.text for v in row.values] == ["0"] * 7
    assert flat[row.values[3].start:row.values[3].end] == "0"
    assert "GI001" not in codes(found)
    # one reading: 本年新收 121 = 121; a wrong total has no reading: GI001, nothing computed
    ok = flat.replace("一、本年新收政府信息公开申请数量0000000", "一、本年新收政府信息公开申请数量12100000121")
    a.lint(ok)
    assert [v.text for v in a.report.section(3).tables[0].row("new").values] == \
        ["121", "0", "0", "0", "0", "0", "121"]
    bad = flat.replace("一、本年新收政府信息公开申请数量0000000", "一、本年新收政府信息公开申请数量2000000121")
    f = [x for x in lint(bad) if x.code == "GI001"]
    assert f and "无法唯一拆分" in f[0].message
    assert not [x for x in lint(bad) if x.code.startswith("GI30")]
    two = flat.replace("一、本年新收政府信息公开申请数量0000000", "一、本年新收政府信息公开申请数量000011011")
    assert any("多种拆分" in x.message for x in lint(two) if x.code == "GI001")


def test_flattened_split_cell_offsets():
    from gilint.model import Cell
    src = "xx一、本年新收政府信息公开申请数量12100000121"
    label = Cell(src[2:], 2, len(src))
    new_label, cells, problem = split_flattened(label, 7)
    assert problem is None and new_label.text == "一、本年新收政府信息公开申请数量"
    assert [src[c.start:c.end] for c in cells] == [c.text for c in cells] == ["121", "0", "0", "0", "0", "0", "121"]
    assert split_flattened(Cell("自然人", 0, 3), 7) is None
    assert split_flattened(Cell("电话0517", 0, 6), 7) is None


def test_directory_search_finds_documents(capsys, tmp_path):
    """`gilint check DIR` picks up .docx (and .html/.pdf) beside .txt/.md; Word lock files not."""
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "004.docx").write_bytes(seed_docx("004_08cfca133e237b55.txt"))
    (tmp_path / "drafts" / "~$004.docx").write_bytes(b"lock")
    code, out, err = run(capsys, "check", "--format", "json", "--select", "GI503", str(tmp_path))
    assert err == ""
    found = json.loads(out)
    assert [Path(d["path"]).name for d in found] == ["004.docx"]
    assert [d["code"] for d in found] == ["GI503"]
