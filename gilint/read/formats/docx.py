"""Word .docx → canonical text (python-docx), and fixes written back into the runs.

Rendering (what the engine reads):
- each body paragraph is one line (a soft line break starts another line); Word's automatic
  numbering is rendered in front of the text (一、 （一） 1. …), since the numbering of a heading
  is part of what the rules check; a tab is a blank; hidden text, deleted revisions, text
  boxes and the fallback copies of alternate content are left out;
- each table row is one cell per line, ``\\t<cell text>``, the cell's further paragraphs on the
  following lines, an empty line between rows (the Word-export "cells" layout). A horizontally
  merged cell (gridSpan) is one cell; the cells a vertically merged cell covers below its first
  row are empty cells (as Word exports them), so a row's cells keep their columns.

The source map records for every piece of text its paragraph (1-based among the body's
paragraphs) or its table, row, grid column and cell (1-based), and which ``w:t`` nodes hold
which characters, so that a fix can be written back: the edited characters are replaced in
their runs (new text in the first run of the range, the others trimmed), every other run, its
formatting, the paragraphs and the tables are left as they are. An edit that crosses a
paragraph or cell boundary, touches rendered-only text (numbering, tabs, breaks) or inserts a
line break cannot be written safely and is not applied (the CLI says so). After the edits, the
document is rendered again and must read exactly as the fixed text, or nothing is written.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from gilint.i18n import gettext as _
from gilint.read.formats import Reader, register
from gilint.read.formats.base import Document, InputError, Segment, TextBuilder, library_error, need

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


MAX_UNPACKED = 256 * 1024 * 1024     # a zip bomb is refused before python-docx unpacks it
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # a compound file: encrypted .docx, or a .doc


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Subtrees whose text is not part of the visible paragraph.
_SKIP = {w("pPr"), w("rPr"), w("del"), w("moveFrom"), w("txbxContent"), w("instrText"),
         w("delText"), w("footnoteReference"), w("endnoteReference"), w("commentReference"),
         f"{{{MC}}}Fallback", w("tblPr"), w("trPr"), w("tcPr"), w("tblGrid"), w("sectPr")}


@dataclass
class Piece:
    """One paragraph's text in the canonical text: ``nodes`` are (offset in the piece, w:t
    element, length) for the editable characters."""
    start: int
    end: int
    p: object
    nodes: list = field(default_factory=list)


# ---------------------------------------------------------------------------- numbering
_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Word's automatic paragraph numbering, as far as reports use it: direct or style numPr,
    numFmt + lvlText per level, start values, counters per list that reset deeper levels."""

    def __init__(self, numbering_el, styles_el):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # numId → ilvl → (start, fmt, text)
        self.style_num: dict[str, tuple[str, int | None]] = {}
        self.style_based: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_el is not None:
            abstract = {}
            for an in numbering_el.findall(w("abstractNum")):
                lv = {}
                for lvl in an.findall(w("lvl")):
                    ilvl = int(lvl.get(w("ilvl"), "0"))
                    start = lvl.find(w("start"))
                    fmt = lvl.find(w("numFmt"))
                    text = lvl.find(w("lvlText"))
                    lv[ilvl] = (int(start.get(w("val"), "1")) if start is not None else 1,
                                fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                                text.get(w("val"), "") if text is not None else "")
                abstract[an.get(w("abstractNumId"))] = lv
            for num in numbering_el.findall(w("num")):
                ref = num.find(w("abstractNumId"))
                lv = dict(abstract.get(ref.get(w("val")) if ref is not None else None, {}))
                for ov in num.findall(w("lvlOverride")):
                    so = ov.find(w("startOverride"))
                    il = int(ov.get(w("ilvl"), "0"))
                    if so is not None and il in lv:
                        s, f, t = lv[il]
                        lv[il] = (int(so.get(w("val"), "1")), f, t)
                self.levels[num.get(w("numId"))] = lv
        if styles_el is not None:
            for st in styles_el.findall(w("style")):
                sid = st.get(w("styleId"))
                based = st.find(w("basedOn"))
                if based is not None:
                    self.style_based[sid] = based.get(w("val"))
                num_pr = st.find(f"{w('pPr')}/{w('numPr')}")
                if num_pr is not None:
                    nid = num_pr.find(w("numId"))
                    il = num_pr.find(w("ilvl"))
                    if nid is not None:
                        self.style_num[sid] = (nid.get(w("val")),
                                               int(il.get(w("val"))) if il is not None else None)

    def _style_numpr(self, sid: str | None):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.style_num:
                return self.style_num[sid]
            sid = self.style_based.get(sid)
        return None

    def label(self, p) -> str:
        ppr = p.find(w("pPr"))
        num_id, ilvl = None, None
        sid = None
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            sid = ps.get(w("val")) if ps is not None else None
            num_pr = ppr.find(w("numPr"))
            if num_pr is not None:
                nid = num_pr.find(w("numId"))
                il = num_pr.find(w("ilvl"))
                num_id = nid.get(w("val")) if nid is not None else None
                ilvl = int(il.get(w("val"))) if il is not None else None
        if num_id is None:
            st = self._style_numpr(sid)
            if st is None:
                return ""
            num_id, sil = st
            ilvl = ilvl if ilvl is not None else sil
        ilvl = ilvl or 0
        if num_id in (None, "0") or num_id not in self.levels or ilvl not in self.levels[num_id]:
            return ""
        lv = self.levels[num_id]
        cnt = self.counters.setdefault(num_id, {})
        start, fmt, text = lv[ilvl]
        cnt[ilvl] = cnt[ilvl] + 1 if ilvl in cnt else start
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        if fmt == "bullet" or not text:
            return ""
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                s, f, _lvl_text = lv.get(k, (1, "decimal", ""))
                out = out.replace(f"%{k + 1}", format_number(cnt.get(k, s), f))
        return out


# ---------------------------------------------------------------------------- rendering
def _hidden(run) -> bool:
    rpr = run.find(w("rPr"))
    if rpr is None:
        return False
    v = rpr.find(w("vanish"))
    return v is not None and v.get(w("val"), "true") not in ("0", "false", "off")


def paragraph_chars(p):
    """(text, nodes) of a paragraph: nodes are (offset, w:t element, length)."""
    parts: list[str] = []
    nodes = []
    pos = 0

    def walk(el):
        nonlocal pos
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == w("r"):
                if _hidden(ch):
                    continue
                walk(ch)
            elif tag == w("t"):
                t = ch.text or ""
                if t:
                    nodes.append((pos, ch, len(t)))
                    parts.append(t)
                    pos += len(t)
            elif tag == w("tab") or tag == w("ptab"):
                parts.append(" ")
                pos += 1
            elif tag in (w("br"), w("cr")):
                if ch.get(w("type")) not in ("page", "column"):
                    parts.append("\n")
                    pos += 1
            elif tag == w("noBreakHyphen"):
                parts.append("-")
                pos += 1
            elif tag == w("p"):       # a paragraph nested in content controls: not expected
                continue
            else:
                walk(ch)

    walk(p)
    return "".join(parts), nodes


class Renderer:
    def __init__(self, doc):
        self.doc = doc
        numbering_el = styles_el = None
        for rel in doc.part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == RT_NUMBERING:
                numbering_el = rel.target_part.element
            elif rel.reltype == RT_STYLES:
                styles_el = rel.target_part.element
        self.numbering = Numbering(numbering_el, styles_el)
        self.style_names = {}
        if styles_el is not None:
            for st in styles_el.findall(w("style")):
                name = st.find(w("name"))
                self.style_names[st.get(w("styleId"))] = name.get(w("val")) if name is not None else ""
        self.tb = TextBuilder()
        self.pieces: list[Piece] = []
        self.n_par = 0
        self.n_tab = 0

    def render(self):
        self._block(self.doc.element.body)
        return self.tb.text()

    def _block(self, el):
        for ch in el:
            if ch.tag == w("p"):
                self._body_paragraph(ch)
            elif ch.tag == w("tbl"):
                self._table(ch)
            elif ch.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                self._block(ch.find(w("sdtContent")) if ch.tag == w("sdt") and ch.find(w("sdtContent")) is not None else ch)

    def _style(self, p) -> str:
        ps = p.find(f"{w('pPr')}/{w('pStyle')}")
        return self.style_names.get(ps.get(w("val")), ps.get(w("val"))) if ps is not None else ""

    def _add_paragraph(self, p, loc, in_cell: bool) -> None:
        prefix = self.numbering.label(p)
        text, nodes = paragraph_chars(p)
        if in_cell:
            text = text.replace("\t", " ")
        if prefix:
            self.tb.add(prefix, dict(loc, numbering=True))
        a, b = self.tb.pos, self.tb.pos + len(text)
        self.tb.add(text, loc)
        self.pieces.append(Piece(a - len(prefix), b, p, [(o + len(prefix), t, n) for o, t, n in nodes]))
        self.pieces[-1].prefix = len(prefix)  # type: ignore[attr-defined]

    def _body_paragraph(self, p) -> None:
        self.n_par += 1
        style = self._style(p)
        loc = {"kind": "docx-paragraph", "paragraph": self.n_par, "label": f"段{self.n_par}"}
        if style:
            loc["style"] = style
        self._add_paragraph(p, loc, False)
        self.tb.newline()

    def _table(self, tbl) -> None:
        self.n_tab += 1
        ti = self.n_tab
        rows = [tr for tr in _children(tbl, "tr")]
        first = True
        for ri, tr in enumerate(rows, 1):
            cells = list(_children(tr, "tc"))
            if not cells:
                continue
            if not first:
                self.tb.newline()          # the empty line between rows
            first = False
            col = _grid_before(tr)
            for ci, tc in enumerate(cells, 1):
                span, vmerge = _tc_props(tc)
                loc = {"kind": "docx-table-cell", "table": ti, "row": ri, "column": col + 1,
                       "cell": ci, "label": f"表{ti}行{ri}列{col + 1}"}
                self.tb.add("\t")
                if vmerge != "continue":
                    self._cell_content(tc, loc)
                self.tb.newline()
                col += span
        self.tb.newline(2)

    def _cell_content(self, tc, loc) -> None:
        wrote = False
        for p in _cell_paragraphs(tc):
            text, _runs = paragraph_chars(p)
            if not text.strip() and not self.numbering.label(p):
                continue
            if wrote:
                self.tb.newline()
            self._add_paragraph(p, loc, True)
            wrote = True
        if not wrote:   # an empty cell: a fix may still fill it (a run in its first paragraph)
            first = next(iter(_cell_paragraphs(tc)), None)
            if first is not None:
                self.pieces.append(Piece(self.tb.pos, self.tb.pos, first, []))


def _children(el, tag):
    """Direct children ``tag`` of ``el``, looking through content controls and custom XML."""
    for ch in el:
        if ch.tag == w(tag):
            yield ch
        elif ch.tag in (w("sdt"), w("customXml")):
            inner = ch.find(w("sdtContent")) if ch.tag == w("sdt") else ch
            if inner is not None:
                yield from _children(inner, tag)


def _cell_paragraphs(tc):
    for ch in tc:
        if ch.tag == w("p"):
            yield ch
        elif ch.tag == w("tbl"):            # a nested table: its cells as the cell's paragraphs
            for tr in _children(ch, "tr"):
                for inner in _children(tr, "tc"):
                    yield from _cell_paragraphs(inner)
        elif ch.tag in (w("sdt"), w("customXml")):
            inner = ch.find(w("sdtContent")) if ch.tag == w("sdt") else ch
            if inner is not None:
                yield from _cell_paragraphs(inner)


def _tc_props(tc) -> tuple[int, str | None]:
    pr = tc.find(w("tcPr"))
    span, vmerge = 1, None
    if pr is not None:
        gs = pr.find(w("gridSpan"))
        if gs is not None:
            try:
                span = max(1, int(gs.get(w("val"), "1")))
            except ValueError:
                span = 1
        vm = pr.find(w("vMerge"))
        if vm is not None:
            vmerge = "restart" if vm.get(w("val")) == "restart" else "continue"
    return span, vmerge


def _grid_before(tr) -> int:
    gb = tr.find(f"{w('trPr')}/{w('gridBefore')}")
    try:
        return int(gb.get(w("val"), "0")) if gb is not None else 0
    except ValueError:
        return 0


# ---------------------------------------------------------------------------- the document
def open_docx(data: bytes):
    docx = need("docx", "python-docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
                raise InputError(_("zip archive without word/document.xml: not a .docx document"))
            unpacked = sum(i.file_size for i in z.infolist())
            if unpacked > MAX_UNPACKED:
                raise InputError(_("the .docx unpacks to {size} MB (the limit is {limit} MB)").format(
                    size=unpacked // (1024 * 1024), limit=MAX_UNPACKED // (1024 * 1024)))
            bad = z.testzip()
            if bad is not None:
                raise InputError(_("corrupted .docx: bad data in {member}").format(member=bad))
        return docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        if data.startswith(OLE2_MAGIC):   # Word saves a password-protected .docx as an OLE2 file
            raise InputError(_("the .docx is password-protected (or a Word 97–2003 document): save "
                               "it in Word without a password, as .docx")) from None
        raise InputError(_("corrupted .docx (truncated or not a zip archive: {error})").format(
            error=exc)) from None
    except Exception as exc:  # noqa: BLE001 - python-docx / lxml errors on a broken package
        raise InputError(_("corrupted .docx ({error})").format(error=library_error(exc))) from None


class DocxDocument(Document):
    def __init__(self, text, segments, pieces, data: bytes):
        super().__init__(text, "docx", segments)
        self.pieces = pieces
        self.data = data


def render_docx(doc, data: bytes) -> DocxDocument:
    r = Renderer(doc)
    text = r.render()
    segs: list[Segment] = r.tb.segments
    return DocxDocument(text, segs, r.pieces, data)


@register
class DocxReader(Reader):
    name = "docx"
    suffixes = (".docx", ".docm", ".dotx")
    binary = True

    def sniff(self, data: bytes) -> bool:
        return data.startswith(b"PK\x03\x04")

    def read(self, data: bytes, name: str) -> DocxDocument:
        return render_docx(open_docx(data), data)
