"""Published HTML pages → canonical text (lxml.html).

Why lxml: python-docx already depends on it (no new dependency), it is maintained, fast (libxml2)
and forgiving with the hand-edited, GBK-encoded, badly nested markup of government CMS pages;
html5lib would add a pure-Python parser ten times slower for no gain on these pages.

What is read:
- the text of the report: scripts, styles, forms, hidden elements, comments and the page's
  head are dropped; when the page has the report's section headings (一、总体情况 …), only
  the smallest element holding them all is read (site navigation, breadcrumbs, related links
  and footers around it are left out; navigation-like elements inside it too), with the
  report's title in front if the page shows it outside that element;
- block elements (p, div, h1–h6, li, br …) end lines; whitespace is collapsed as a browser
  does (&nbsp; included), full-width spaces are kept inside a line;
- tables with two or more columns are data tables, rendered as the Word-export "cells" layout
  (``\\t<cell>`` per cell, an empty line between rows) on the grid that rowspan/colspan define:
  a cell spanning columns is one cell; below the first row of a cell spanning rows, its place
  is an empty cell (as Word exports merged cells); layout tables (a table holding tables, or one
  column) are read as blocks.

Source map: every line or cell records its element path (``/html/body/div[2]/table/tr[5]/td[1]``)
and, in a table, the table (1-based among the data tables read), row and grid column.
"""
from __future__ import annotations

import re

from gilint.i18n import gettext as _
from gilint.read.formats import Reader, register
from gilint.read.formats.base import Document, InputError, TextBuilder, clean_cell_line, need
from gilint.lazyre import lazy

DROP_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "embed",
             "svg", "math", "canvas", "form", "select", "button", "input", "textarea", "audio",
             "video", "map", "title", "meta", "link"}
CHROME_TAGS = {"nav", "aside", "footer"}
CHROME_WORDS = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb",
                "crumbs", "share", "sharebox", "bdsharebuttonbox", "toolbar", "footer", "copyright",
                "sidebar", "topbar", "skip", "dqwz", "position", "location", "related", "xgwz"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
              "section", "article", "main", "header", "footer", "blockquote", "pre", "center",
              "address", "figure", "figcaption", "table", "caption", "tr", "td", "th", "hr",
              "fieldset", "details", "summary", "body", "html", "tbody", "thead", "tfoot", "font"}
BLOCK_TAGS.discard("font")
CONTAINERS = {"div", "body", "td", "th", "article", "section", "main", "center", "html", "li", "blockquote"}
SECTION_HEADING = lazy(re,
    r"^#*[（(]?[一二三四五六][、.．，,]?\s*[)）]?.{0,8}(总体情况|主动公开|收到和处理|行政复议|行政诉讼|"
    r"存在的主要问题|改进情况|其他需要报告)")
TITLE = lazy(re, r"(政府信息公开|政务公开|信息公开).{0,12}(年度)?报告")
_WS = lazy(re, r"[ \t\n\r\f\u00a0\u200b]+")
_CHARSET = lazy(re, rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)


def decode_html(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    tried = []
    m = _CHARSET.search(data[:8192])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        tried.append("gb18030" if enc in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else enc)
    for enc in tried + ["utf-8", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _tokens(el) -> set[str]:
    words = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return set(re.split(r"[^a-z0-9]+", words)) - {""}


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style


def _short_text(el, limit: int = 80) -> str | None:
    t = _WS.sub("", el.text_content())
    return t if len(t) <= limit else None


class HtmlRenderer:
    def __init__(self, root, tree):
        self.tree = tree
        self.tb = TextBuilder()
        self.line: list[tuple[str, object]] = []
        self.n_tab = 0
        self.n_line = 0

    # -- lines ------------------------------------------------------------------------------
    def text(self, s: str | None, el) -> None:
        if s:
            s = _WS.sub(" ", s)
            if s.strip(" ") or self.line:
                self.line.append((s, el))

    def flush(self) -> None:
        if not self.line:
            return
        parts = self.line
        self.line = []
        joined = "".join(s for s, _ in parts)
        body = joined.strip(" \u3000")
        if not body:
            return
        self.n_line += 1
        el = next((e for s, e in parts if s.strip()), parts[0][1])
        self.tb.add(body.replace("\t", " "), {"kind": "html-text", "line": self.n_line,
                                               "path": self.tree.getpath(el), "label": f"段{self.n_line}"})
        self.tb.newline()

    # -- walking ----------------------------------------------------------------------------
    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
        elif tag == "table" and self._data_table(el):
            self.flush()
            self.table(el)
        elif tag:
            block = tag in BLOCK_TAGS
            if block:
                self.flush()
            self.text(el.text, el)
            for ch in el:
                self.walk(ch)
                self.text(ch.tail, el)
            if block:
                self.flush()

    def _rows(self, table):
        return [tr for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]

    def _data_table(self, table) -> bool:
        if table.xpath(".//table"):
            return False
        rows = self._rows(table)
        width = max((sum(_span(td, "colspan") for td in tr if td.tag in ("td", "th")) for tr in rows),
                    default=0)
        return width >= 2

    def table(self, table) -> None:
        self.n_tab += 1
        ti = self.n_tab
        rows = self._rows(table)
        occupied: dict[tuple[int, int], tuple[int, int]] = {}   # (row, col) → (origin col, colspan)
        first = True
        for r, tr in enumerate(rows):
            cells = [td for td in tr if td.tag in ("td", "th")]
            emitted = []
            c, k = 0, 0
            last_occ = max((cc for (rr, cc) in occupied if rr == r), default=-1)
            while k < len(cells) or c <= last_occ:
                if (r, c) in occupied:
                    origin, span = occupied[(r, c)]
                    emitted.append((None, c))     # the lower part of a cell spanning rows
                    c = origin + span
                    continue
                if k >= len(cells):
                    c += 1
                    continue
                td = cells[k]
                k += 1
                cs = min(_span(td, "colspan"), 1000)
                rs = _span(td, "rowspan", len(rows) - r)
                rs = min(rs, len(rows) - r)
                emitted.append((td, c))
                for dr in range(1, rs):
                    for dc in range(cs):
                        occupied[(r + dr, c + dc)] = (c, cs)
                c += cs
            if not emitted:
                continue
            if not first:
                self.tb.newline()
            first = False
            for td, col in emitted:
                self.tb.add("\t")
                if td is not None:
                    loc = {"kind": "html-table-cell", "table": ti, "row": r + 1, "column": col + 1,
                           "path": self.tree.getpath(td), "label": f"表{ti}行{r + 1}列{col + 1}"}
                    sub = HtmlRenderer(td, self.tree)
                    sub.walk_children(td)
                    lines = [clean_cell_line(ln) for ln in sub.tb.text().split("\n")]
                    self.tb.add("\n".join(ln for ln in lines if ln), loc)
                self.tb.newline()
        self.tb.newline(2)

    def walk_children(self, el) -> None:
        self.text(el.text, el)
        for ch in el:
            self.walk(ch)
            self.text(ch.tail, el)
        self.flush()


def _span(td, attr: str, zero: int = 1) -> int:
    try:
        v = int(str(td.get(attr, "1")).strip() or "1")
    except ValueError:
        return 1
    return zero if v == 0 else max(1, v)


def _lca(elements):
    paths = []
    for el in elements:
        chain = [el] + list(el.iterancestors())
        paths.append(list(reversed(chain)))
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def section_headings(body) -> list:
    """Innermost elements whose short text is a report section heading (一、总体情况 …)."""
    heads = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("table", "tr", "tbody"):
            continue
        t = _short_text(el, 40)
        if t and SECTION_HEADING.match(t) and \
                not any(isinstance(ch.tag, str) and _short_text(ch, 40) == t for ch in el):
            heads.append(el)
    return heads


def _is_title(el) -> bool:
    t = _short_text(el, 60)
    return bool(t) and bool(TITLE.search(t)) and ">" not in t and "当前位置" not in t and \
        not any(isinstance(ch.tag, str) and _short_text(ch, 60) == t for ch in el)


def content_root(body, heads):
    """The smallest element holding the report's section headings, and the title element if the
    page shows the title only outside it."""
    if len(heads) < 2:
        return body, None
    root = _lca(heads)
    if root is None:
        return body, None
    # Headings written as <strong> inside one <p>: read the block that holds that paragraph.
    while root.tag not in CONTAINERS and root.getparent() is not None:
        root = root.getparent()
    first = heads[0]
    for el in root.iter():          # a title among root's lines before section 一: read with root
        if el is first:
            break
        if isinstance(el.tag, str) and _is_title(el):
            return root, None
    title = None
    for el in body.iter():
        if el is root:
            break
        if isinstance(el.tag, str) and _is_title(el) and not any(a is root for a in el.iterancestors()):
            title = el
    return root, title


def _drop_chrome(root, keep) -> None:
    for el in list(root.iter()):
        if el is root or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in CHROME_TAGS or el.get("role") in ("navigation", "banner", "contentinfo") \
                or (_tokens(el) & CHROME_WORDS):
            if any(k is el or any(a is el for a in k.iterancestors()) for k in keep):
                continue
            el.drop_tree()


def render_html(data: bytes) -> Document:
    lxml_html = need("lxml.html", "lxml")
    from lxml import etree  # optional: lxml (the formats extra), as need() above
    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(_("cannot parse the HTML page ({error})").format(error=exc)) from None
    for el in list(doc.iter()):       # comments are skipped when walking (their tails kept)
        if el.getparent() is not None and isinstance(el.tag, str) and (el.tag in DROP_TAGS or _hidden(el)):
            el.drop_tree()
    body = doc.find("body")
    if body is None:
        body = doc
    heads = section_headings(body)
    _drop_chrome(body, heads)
    root, title = content_root(body, heads)
    tree = doc.getroottree()
    r = HtmlRenderer(root, tree)
    if title is not None:
        r.walk(title)
        r.flush()
    r.walk(root)
    r.flush()
    out = r.tb.text()
    if not out.strip():
        raise InputError(_("the HTML page has no text"))
    return Document(out, "html", r.tb.segments)


@register
class HtmlReader(Reader):
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")
    binary = False

    def sniff(self, data: bytes) -> bool:
        head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:8192].lower() \
            or head.startswith((b"<head", b"<body", b"<meta"))

    def read(self, data: bytes, name: str) -> Document:
        return render_html(data)
