"""PDF → canonical text (pdfplumber): text lines, and table cells where the PDF draws tables.

Per page, top to bottom:
- tables found from the ruling lines (pdfplumber's "lines" strategy) are read cell by cell on
  their grid: a cell spanning columns is one cell, the rows below the first row of a cell
  spanning rows hold an empty cell in its place (as Word exports merged cells), text that
  lies in the table but in no detected cell (a border the PDF does not draw) is put in the grid
  position it falls in. Rows are rendered in the Word-export "cells" layout.
- Word processors (WPS in particular) draw boxes or shading around ordinary paragraphs, which
  a table finder takes for one-column tables: a row whose only cell spans the whole table is
  read as text lines, unless it is a table caption (第二十条第（一）项, 信息内容 …) among rows
  of the table.
- the rest of the page is read as text lines (page numbers kept: the engine knows them).

Source map: the page (1-based), and for table cells the table on that page, row and column.
PDFs are read-only: fixes are never written back.
"""
from __future__ import annotations

import io
import re

from gilint.i18n import gettext as _
from gilint.read.formats import Reader, register
from gilint.read.formats.base import Document, InputError, TextBuilder, clean_cell_line, library_error, need
from gilint.lazyre import lazy

CAPTION = lazy(re, r"第二十条|信息内容|申请人情况|本列数据|行政复议|行政诉讼|[（(][一二三四五六七八九十]+[)）]项")
PROSE = lazy(re, r"[。；;，,]")
EPS = 2.0


def _center(o):
    return (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2


def _in(bbox, x, y) -> bool:
    return bbox[0] - EPS <= x <= bbox[2] + EPS and bbox[1] - EPS <= y <= bbox[3] + EPS


def _text_of(chars) -> str:
    """Chars (one grid position) → text: lines by position, reading order."""
    lines: list[list] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) <= 3:
            lines[-1].append(c)
        else:
            lines.append([c])
    return "\n".join("".join(c["text"] for c in sorted(ln, key=lambda c: c["x0"])) for ln in lines)


class PdfTable:
    """One pdfplumber table → rows of (kind, top, cells or text)."""

    def __init__(self, table, page_chars):
        self.t = table
        self.rows = table.rows
        self.cols = table.columns
        texts = table.extract()
        self.cells = table.cells
        x0, top, x1, bottom = table.bbox
        # The grid: columns start where cells start (a column's own bbox spans its widest cell).
        xs = [c.bbox[0] for c in self.cols] + [x1]
        ys = [r.bbox[1] for r in self.rows] + [bottom]
        # Text in the table that no detected cell holds.
        orphans: dict[tuple[int, int], list] = {}
        for c in page_chars:
            cx, cy = _center(c)
            if not _in(table.bbox, cx, cy) or any(_in(b, cx, cy) for b in self.cells):
                continue
            i = next((k for k in range(len(ys) - 1) if ys[k] - EPS <= cy <= ys[k + 1] + EPS), None)
            j = next((k for k in range(len(xs) - 1) if xs[k] - EPS <= cx <= xs[k + 1] + EPS), None)
            if i is not None and j is not None:
                orphans.setdefault((i, j), []).append(c)
        self.out = []      # (kind, top, payload): ("row", top, [(col, text)]) | ("text", top, text)
        for i, row in enumerate(self.rows):
            rtop = row.bbox[1]
            cells = []
            origins = 0
            for j, bbox in enumerate(row.cells):
                if bbox is not None:
                    cells.append((j, (texts[i][j] or "") if i < len(texts) and j < len(texts[i]) else "", bbox))
                    origins += 1
                    continue
                if j + 1 >= len(xs) or i + 1 >= len(ys):
                    continue
                cy = (ys[i] + ys[i + 1]) / 2
                cx = (xs[j] + xs[j + 1]) / 2
                cover = next((b for b in self.cells if _in(b, cx, cy)), None)
                if cover is None:
                    text = _text_of(orphans.get((i, j), []))
                    cells.append((j, text, None))
                    if text.strip():
                        origins += 1
                elif cover[1] < rtop - EPS and abs(cover[0] - xs[j]) <= EPS:
                    cells.append((j, "", None))       # below the first row of a merged cell
                # else: covered by a cell spanning columns in this row (or further right)
            full = origins <= 1 and len([c for c in cells if c[2] is not None or c[1].strip()]) <= 1 and (
                len(self.cols) == 1 or any(b is not None and b[0] <= x0 + EPS and b[2] >= x1 - EPS
                                           for _j, _t, b in cells))
            only = " ".join(t for _j, t, _b in cells if t.strip())
            if full:
                if not only.strip():
                    continue
                if CAPTION.search(only) and not PROSE.search(only) and len(only) <= 40:
                    self.out.append(("row", rtop, [(j, t) for j, t, _b in cells if t.strip()]))
                else:
                    for k, ln in enumerate(only.split("\n")):
                        self.out.append(("text", rtop + k * 0.01, ln))
            else:
                self.out.append(("row", rtop, [(j, t) for j, t, _b in cells]))


def render_pdf(data: bytes) -> Document:
    pdfplumber = need("pdfplumber", "pdfplumber")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer's errors on a broken file
        raise InputError(_("cannot read the PDF ({error})").format(error=library_error(exc))) from None
    tb = TextBuilder()
    try:
        with pdf:
            for pno, page in enumerate(pdf.pages, 1):
                _page(tb, page, pno)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(_("cannot read the PDF ({error})").format(error=library_error(exc))) from None
    text = tb.text()
    if not text.strip():
        raise InputError(_("the PDF has no text layer (a scanned image?); gilint does not OCR"))
    return Document(text, "pdf", tb.segments, meta={"pages": pno if text else 0})


def _page(tb: TextBuilder, page, pno: int) -> None:
    page = page.dedupe_chars()
    tables = page.find_tables()
    chars = page.chars
    items = []
    boxes = [t.bbox for t in tables]

    def outside(o):
        if o.get("object_type") != "char":
            return True
        x, y = _center(o)
        return not any(_in(b, x, y) for b in boxes)

    rest = page.filter(outside) if boxes else page
    for ln in rest.extract_text_lines():
        if ln["text"].strip():
            items.append((ln["top"], 0, "text", ln["text"].strip(), None))
    for k, t in enumerate(tables, 1):
        for kind, top, payload in PdfTable(t, chars).out:
            items.append((top, k, kind, payload, k))
    items.sort(key=lambda it: (it[0], it[1]))
    prev_table = None
    nline = 0
    for top, _k, kind, payload, table_no in items:
        if kind == "text":
            if prev_table is not None:
                tb.newline(2)
                prev_table = None
            nline += 1
            tb.add(payload.replace("\t", " "), {"kind": "pdf-text", "page": pno, "line": nline,
                                                "label": f"第{pno}页"})
            tb.newline()
            continue
        if prev_table is not None or (tb.pos and not tb.ends_with("\n\n")):
            tb.newline()              # the empty line between rows (and after text)
        prev_table = table_no
        row_no = sum(1 for it in items if it[2] == "row" and it[4] == table_no and it[0] <= top)
        for j, cell in payload:
            tb.add("\t")
            lines = [clean_cell_line(x) for x in cell.split("\n")]
            tb.add("\n".join(x for x in lines if x),
                   {"kind": "pdf-table-cell", "page": pno, "table": table_no, "row": row_no,
                    "column": j + 1, "label": f"第{pno}页表{table_no}行{row_no}列{j + 1}"})
            tb.newline()
    if prev_table is not None:
        tb.newline(2)


@register
class PdfReader(Reader):
    name = "pdf"
    suffixes = (".pdf",)
    binary = True

    def sniff(self, data: bytes) -> bool:
        return data[:1024].lstrip().startswith(b"%PDF")

    def read(self, data: bytes, name: str) -> Document:
        return render_pdf(data)
