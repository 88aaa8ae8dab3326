"""gilint annotate: Word comments on a copy of a .docx, checked on real documents (python-docx
builds them from the seeds; python-docx and LibreOffice reopen the annotated copies)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from formats.builders import auto_numbering, build_docx  # noqa: E402

from gilint.cli import main  # noqa: E402
from gilint.read.formats import read_document  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SEEDS = sorted((HERE / "cases" / "seeds").glob("*.txt"))


def q(tag):
    return f"{{{W}}}{tag}"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def numbered_docx() -> bytes:
    """Headings numbered by Word (一、 （一） from numbering.xml: text no run holds), the
    second section's heading worded wrongly, the title without 年度."""
    import docx
    d = docx.Document()
    numbered = auto_numbering(d)
    d.add_paragraph("某镇2023年政府信息公开工作报告")
    numbered("总体情况", 0)
    d.add_paragraph("2023年，某镇认真贯彻落实《中华人民共和国政府信息公开条例》，统计期限自2023年1月1日至2023年12月30日。")
    numbered("主动公开", 1)
    numbered("主动公开政府信息情况况", 0)
    d.add_paragraph("本年度主动公开政府信息120条。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def fixtures():
    """(name, .docx bytes): each seed as Word writes it (runs split, the second bold), and one
    with a run per paragraph."""
    out = [(p.stem[:3], build_docx(p.read_text(encoding="utf-8"))) for p in SEEDS]
    for p in sorted((HERE / "cases" / "real").glob("*.txt")):   # XML cannot hold control chars
        text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", p.read_text(encoding="utf-8"))
        out.append((p.stem[:3], build_docx(text)))
    out.append(("numbered", numbered_docx()))
    out.append(("003-onerun", build_docx((HERE / "cases/seeds/003_74cc16f0ef581249.txt")
                                         .read_text(encoding="utf-8"), split_runs=False)))
    return out


FIXTURES = fixtures()
IDS = [n for n, _ in FIXTURES]


def document_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def comments_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        root = etree.fromstring(z.read("word/comments.xml"))
    return [(c.get(q("id")), c.get(q("author")), "\n".join("".join(t.text or "" for t in p.iter(q("t")))
                                                          for p in c.iter(q("p"))))
            for c in root.iter(q("comment"))]


def anchored_text(root) -> dict[str, str]:
    """comment id → the text between its range start and end (paragraph breaks as \\n)."""
    open_ids: list[str] = []
    text: dict[str, list[str]] = {}
    for el in root.iter():
        if el.tag == q("commentRangeStart"):
            open_ids.append(el.get(q("id")))
            text[el.get(q("id"))] = []
        elif el.tag == q("commentRangeEnd"):
            open_ids.remove(el.get(q("id")))
        elif el.tag in (q("t"), q("delText")) and el.text:
            for i in open_ids:
                text[i].append(el.text)
        elif el.tag == q("p"):
            for i in open_ids:
                text[i].append("\n")
    return {k: "".join(v) for k, v in text.items()}


def squash(s: str) -> str:
    return "".join(s.split())


def normalised(root) -> bytes:
    """document.xml without comment range markers and reference runs, adjacent runs of equal
    formatting merged, empty runs dropped: what must equal the original's."""
    root = etree.fromstring(etree.tostring(root))
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(root.iter(q(tag))):
            el.getparent().remove(el)
    for ref in list(root.iter(q("commentReference"))):
        ref.getparent().getparent().remove(ref.getparent())
    for parent in list(root.iter()):
        prev = None
        for r in list(parent):
            if r.tag != q("r"):
                prev = None
                continue
            kids = [c for c in r if c.tag != q("rPr")]
            if not kids:
                parent.remove(r)
                continue
            rpr = r.find(q("rPr"))
            key = etree.tostring(rpr) if rpr is not None else b""
            if prev is not None and prev[1] == key and all(c.tag == q("t") for c in kids) \
                    and prev[0][-1].tag == q("t"):
                last = prev[0][-1]
                last.text = (last.text or "") + "".join(c.text or "" for c in kids)
                parent.remove(r)
                continue
            prev = (r, key)
    for t in root.iter(q("t")):
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n")


def findings_json(capsys, path) -> list[dict]:
    _code, out, _err = run(capsys, "check", "--no-cache", "--format", "json", str(path))
    return [d for d in json.loads(out) if d["suppressed"] is None]


@pytest.mark.parametrize("name,data", FIXTURES, ids=IDS)
def test_one_comment_per_finding_on_its_text(capsys, tmp_path, name, data):
    check_annotated(capsys, tmp_path, name, data)


def test_word_numbering_fixture(capsys, tmp_path):
    found = check_annotated(capsys, tmp_path, "numbered", numbered_docx())
    assert {"GI101", "GI107"} <= {f["code"] for f in found}


def check_annotated(capsys, tmp_path, name, data):
    src = tmp_path / f"{name}.docx"
    src.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    found = findings_json(capsys, src)
    assert found, "every seed has findings"
    code, _out, err = run(capsys, "annotate", str(src))
    out = tmp_path / f"{name}.gilint.docx"
    assert code == 1 and out.exists(), err
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before      # original untouched
    annotated = out.read_bytes()

    import docx
    d = docx.Document(str(out))                                         # python-docx reopens it
    ours = [c for c in d.comments if c.author == "gilint"]
    assert len(ours) == len(found)
    # each comment says its finding's message and code, and sits on text holding its span
    comments = {cid: text for cid, author, text in comments_xml(annotated) if author == "gilint"}
    anchors = anchored_text(document_xml(annotated))
    doc = read_document(str(src), data)
    # the document's own characters: Word's automatic numbering (一、) is in no run
    text = list(doc.text)
    for seg in doc.segments:
        if seg.loc.get("numbering"):
            text[seg.start:seg.end] = [""] * (seg.end - seg.start)
    by_message = Counter((f["message"], f["code"]) for f in found)
    seen = Counter()
    for cid, body in comments.items():
        message, codeline = body.split("\n")[:2]
        code_ = codeline.split()[0]
        seen[(message, code_)] += 1
        assert codeline.startswith(f"{code_} ") and "（" in codeline
    assert seen == by_message
    for f in found:
        cid = next(c for c, body in comments.items()
                   if body.startswith(f["message"] + "\n" + f["code"] + " ")
                   and squash("".join(text[f["start"]:f["end"]])) in squash(anchors[c]))
        assert cid in anchors
    # outside the anchors the document is the same, apart from markers and run splits
    assert normalised(document_xml(annotated)) == normalised(document_xml(data))
    return found


def test_reannotating_replaces_earlier_comments(capsys, tmp_path):
    name, data = FIXTURES[3]
    src = tmp_path / "r.docx"
    src.write_bytes(data)
    run(capsys, "annotate", str(src), "-o", str(tmp_path / "once.docx"))
    run(capsys, "annotate", str(tmp_path / "once.docx"), "-o", str(tmp_path / "twice.docx"))
    once = comments_xml((tmp_path / "once.docx").read_bytes())
    twice = comments_xml((tmp_path / "twice.docx").read_bytes())
    assert len(once) == len(twice) == len(findings_json(capsys, src)) > 0
    assert [c[2] for c in once] == [c[2] for c in twice]
    root = document_xml((tmp_path / "twice.docx").read_bytes())
    assert len(list(root.iter(q("commentRangeStart")))) == len(twice)
    assert len(list(root.iter(q("commentReference")))) == len(twice)
    # another reviewer's comment is kept
    import docx
    d = docx.Document(str(tmp_path / "once.docx"))
    d.add_comment(next(p for p in d.paragraphs if p.runs).runs[0], text="请核对标题", author="审核人")
    d.save(str(tmp_path / "mixed.docx"))
    run(capsys, "annotate", str(tmp_path / "mixed.docx"), "-o", str(tmp_path / "again.docx"))
    again = comments_xml((tmp_path / "again.docx").read_bytes())
    assert [c[1] for c in again].count("审核人") == 1
    assert [c[1] for c in again].count("gilint") == len(once)


def accept_all(data: bytes) -> bytes:
    """What Word's 接受所有修订 does to w:ins / w:del."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist()}
    root = etree.fromstring(items["word/document.xml"])
    for d in list(root.iter(q("del"))):
        d.getparent().remove(d)
    for ins in list(root.iter(q("ins"))):
        for ch in list(ins):
            ins.addprevious(ch)
        ins.getparent().remove(ins)
    items["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in items.items():
            z.writestr(k, v)
    return out.getvalue()


@pytest.mark.parametrize("name,data", FIXTURES, ids=IDS)
def test_track_changes_accepted_equal_check_fix(capsys, tmp_path, name, data):
    src, fixed = tmp_path / "r.docx", tmp_path / "fixed.docx"
    src.write_bytes(data)
    fixed.write_bytes(data)
    run(capsys, "check", "--no-cache", "--fix", str(fixed))
    code, _out, err = run(capsys, "annotate", "--track-changes", str(src), "-o", str(tmp_path / "tc.docx"))
    assert code in (0, 1), err
    tracked = (tmp_path / "tc.docx").read_bytes()
    root = document_xml(tracked)
    changes = list(root.iter(q("ins"))) + list(root.iter(q("del")))
    assert all(c.get(q("author")) == "gilint" for c in changes)
    want = read_document("f.docx", fixed.read_bytes()).text
    assert (want != read_document("r.docx", data).text) == bool(changes)
    accepted = accept_all(tracked)
    assert read_document("a.docx", accepted).text == want
    import docx
    assert "\n".join(p.text for p in docx.Document(io.BytesIO(accepted)).paragraphs) == \
        "\n".join(p.text for p in docx.Document(io.BytesIO(fixed.read_bytes())).paragraphs)


def test_text_and_markdown_get_nothing_written(capsys, tmp_path):
    for suffix in (".txt", ".md"):
        f = tmp_path / f"r{suffix}"
        shutil.copy(SEEDS[0], f)
        code, out, err = run(capsys, "annotate", str(f))
        assert code == 2 and "--format html" in err and "Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [p.name for p in tmp_path.iterdir() if not p.name.endswith(".gilint.docx")])
    assert not list(tmp_path.glob("*.gilint*"))


def test_messages_follow_the_language(capsys, tmp_path):
    """What annotate says on stderr follows --lang; the Word comments stay Chinese."""
    f = tmp_path / "r.txt"
    shutil.copy(SEEDS[0], f)
    code, _out, err = run(capsys, "annotate", str(f), "--lang", "zh")
    assert code == 2 and "错误：annotate 只向 .docx 写入 Word 批注；文本或 Markdown 报告不会写入" in err
    src = tmp_path / "r.docx"
    src.write_bytes(FIXTURES[3][1])
    done = {}
    for lang in ("zh", "en"):
        code, _out, err = run(capsys, "annotate", str(src), "-o", str(tmp_path / f"{lang}.docx"),
                              "--track-changes", "--lang", lang)
        done[lang] = err.strip().splitlines()[-1]
    assert code == 1
    assert "条批注（gilint）" in done["zh"] and "处安全修正以修订显示" in done["zh"], done
    assert "comments (gilint); " in done["en"] and "tracked change" in done["en"], done
    assert comments_xml((tmp_path / "zh.docx").read_bytes()) == comments_xml((tmp_path / "en.docx").read_bytes())


def test_select_ignore_and_fail_level(capsys, tmp_path):
    src = tmp_path / "r.docx"
    src.write_bytes(FIXTURES[3][1])
    code, _o, _e = run(capsys, "annotate", "--select", "GI202", str(src), "-o", str(tmp_path / "s.docx"))
    assert code == 1
    assert [c[2].split("\n")[1].split()[0] for c in comments_xml((tmp_path / "s.docx").read_bytes())] == ["GI202"]
    code, _o, _e = run(capsys, "annotate", "--ignore", "GI2", "--fail-level", "error", str(src),
                       "-o", str(tmp_path / "i.docx"))
    codes = {c[2].split("\n")[1].split()[0] for c in comments_xml((tmp_path / "i.docx").read_bytes())}
    assert codes and not any(c.startswith("GI2") for c in codes)
    assert code == 0   # what is left is warnings only
    code, _o, err = run(capsys, "annotate", str(src), "-o", str(src))
    assert code == 2 and "original" in err


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_libreoffice_opens_annotated_copies_and_prints_the_comments(capsys, tmp_path):
    exe = soffice()
    assert exe, "LibreOffice is installed by scripts/setup-review.sh (run by scripts/test.sh)"
    names = []
    for name, data in FIXTURES:
        src = tmp_path / f"{name}.docx"
        src.write_bytes(data)
        run(capsys, "annotate", "--track-changes", str(src))
        names.append(tmp_path / f"{name}.gilint.docx")
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                    "--outdir", str(tmp_path / "pdf"), *map(str, names)],
                   check=True, capture_output=True, timeout=300, env=env)
    import pdfplumber
    from pdfminer.pdftypes import resolve1
    for annotated in names:
        pdf_path = tmp_path / "pdf" / (annotated.stem + ".pdf")
        assert pdf_path.exists(), f"LibreOffice could not open {annotated.name}"
        want = [body for _i, author, body in comments_xml(annotated.read_bytes()) if author == "gilint"]
        notes = []
        with pdfplumber.open(pdf_path) as pdf:
            text = "".join(p.extract_text() or "" for p in pdf.pages)
            for page in pdf.pages:
                for a in resolve1(page.page_obj.attrs.get("Annots")) or []:
                    c = resolve1(a).get("Contents")
                    if c:
                        notes.append(c.decode("utf-16") if c[:2] == b"\xfe\xff" else c.decode("latin-1"))
        assert "政府信息公开" in squash(text)
        assert sorted(notes) == sorted(want) and want
    # and pdftotext (poppler) reads the document's text from the same PDF
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(tmp_path / "pdf" / (names[0].stem + ".pdf")), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert "总体情况" in out
