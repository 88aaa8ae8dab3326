"""Table text that has lost its rows: a stream of cells, grouped into rows at the row labels.

Some layouts keep the cells of a table in order but not its rows: one cell per line between
pipes (``|规章|`` ``|0|``), or a page crawled into one line with the cells separated by single
spaces or by nothing at all (``规章000行政规范性文件3310``). Such text is cut into a stream of
cells (``tokens``) and the stream is grouped into rows (``rows_from_stream``): a row is a run
of label cells — the last of them, or the longest run of them that makes a template label, is the
row's label; those before it are header or group cells — followed by its run of values. A label
with its digits run together is a row of its own; the section readers split the digits only
where the template's identities leave one reading (``gilint.read.formats.flattened``).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from gilint.memo import owned_memo, recall
from gilint.model import Cell
from gilint.read.cells import PhysRow, is_value
from gilint.read.lines import Line, is_page_number
from gilint.templates import Template, norm
from gilint.lazyre import lazy

_BLANK_RUN = lazy(regex, r"[ \t\u3000\u00a0]+")
# Cells are apart by spaces or tabs; full-width and no-break spaces pad a cell's text.
_ONE_BLANK = lazy(regex, r"[ \t]")
_ALIGNED = lazy(regex, r"[ \t]{3,}")
_UNPADDED = lazy(regex, r"[^\u3000\u00a0]+")
_BLANKS = " \t\u3000\u00a0"
# A note under a table (注：…。), not a cell.
NOTE = lazy(regex, r"(?:^|(?<=[\s\d元）)/／—－-]))注[:：][^。]*(?:。|$)")
_GLUED_NOTE = lazy(regex, r"注[:：][^。]*(?:。|$)")
# A unit written after a figure, ending the piece or followed by another figure.
_UNIT = lazy(regex, r"万元|元|(?:件|条|个|项|次)(?=$|\d)")   # (no label starts with 元)
_NOT_LABEL = set("0123456789.．,，%％)）")   # and a closing bracket: 本年(2024)制发件数


def _digit_label_cuts(part: str):
    """Where a run of digits ends and a label begins (not at a decimal point); a list number
    glued to its label (…00001.属于国家秘密) goes with the label."""
    for i in range(1, len(part)):
        if part[i - 1].isdigit() and _UNIT.match(part, i):
            continue   # 35元, 1.2万元: a figure with its unit is one cell
        if not part[i - 1].isdigit() or part[i] in _NOT_LABEL or part[i] == "、":
            if part[i] in ".．、" and part[i - 1].isdigit() and (i + 1 == len(part) or not part[i + 1].isdigit()) \
                    and i >= 2 and part[i - 2].isdigit():
                yield i - 1   # (a list number at the end of the piece: its label follows a blank)
            continue
        yield i


def anchors(tpl: Template) -> tuple[str, ...]:
    """The template's labels that start a cell, longest first: row labels, group labels, the
    第二十条 items, column and header words (glued text is cut before them)."""
    cached = tpl.__dict__.get("_stream_anchors")
    if cached is None:
        words = {r.label for r in tpl.s3_rows} | {r.group for r in tpl.s3_rows if r.group}
        words |= {"（六）其他处理", tpl.s2_header_first, tpl.s3_identity_note}
        for st in tpl.s2_subtables:
            words |= {st.item, *st.columns, *st.rows}
        words |= {*tpl.s3_columns, *tpl.s3_header_words, *tpl.s4_group_headers, *tpl.s4_columns}
        words |= {w.replace("（", "(").replace("）", ")") for w in words if w}   # half-width brackets too
        words |= {regex.sub(r"^(\d)\.", r"\1" + mark, w) for w in words if w for mark in ("、", "．")}  # 1、 1．
        cached = tpl.__dict__["_stream_anchors"] = tuple(sorted({w for w in words if w}, key=len, reverse=True))
    return cached


def is_pipe_cell(stripped: str) -> bool:
    """A line (stripped of blanks) of one cell between pipes: ``|规章|``."""
    return stripped.strip("|").count("|") == 0


def stream_from_counts(pipes: int, one_cell_pipes: int, many: bool) -> bool:
    """Whether table lines have lost their rows: one cell per line between pipes (of the lines,
    ``pipes`` start with a pipe and ``one_cell_pipes`` of those hold one cell), or (``many``)
    a line without tab or pipe holding more than one row (numbers followed by more labels) or a
    label with its digits run together (``many_rows``)."""
    return pipes >= 4 and one_cell_pipes >= 0.8 * pipes or many


_VALUE_THEN_LABEL = lazy(regex, r"(?:^|[ \u3000\u00a0])\d(?:[\d,，]*\d)?(?:[.．]\d+)?[ \u3000\u00a0]+[^\d\s|\-－—–/／~～+]")
_LABEL_THEN_VALUE = lazy(regex, r"[^\d\s|][ \u3000\u00a0]+\d+(?:[ \u3000\u00a0]+\d+){3}")
_GLUED = lazy(regex, r"[^\d\s.．,，%％()（）/／:：]\d+(?:[.．]\d+)?(?=[^\d\s.．,，%％]|$)")


def many_rows(text: str) -> bool:
    """More than one table row in this line (cells separated by blanks or by nothing)."""
    if len(text) < 12:
        return False
    return _many_rows_cached(text) if len(text) <= 256 else _many_rows(text)


def _many_rows(text: str) -> bool:
    if _ALIGNED.search(text.strip()):
        return False   # space-aligned columns (pdftotext) keep their rows, one per line
    text = NOTE.sub("", text)
    blanks = len(_BLANK_RUN.findall(text.strip()))
    if blanks >= 3 and (_VALUE_THEN_LABEL.search(text) or blanks >= 6 and _LABEL_THEN_VALUE.search(text)):
        return True   # rows, or labels then figures, apart by single blanks
    if "。" in text:
        return False
    glued = len(_GLUED.findall(text))
    return glued >= 2 or glued == 1 and not _BLANK_RUN.search(text.strip())


# A table's lines are looked at twice (its region, then whether its rows are lost), and
# rows recur from one report to the next: memoised for lines of usual length.
_many_rows_cached = lru_cache(maxsize=8192)(_many_rows)


def tokens(lines: list[Line], tpl: Template) -> list[Cell]:
    """The cells of lines that have lost their rows, in order."""
    out: list[Cell] = []
    words = anchors(tpl)
    memo = owned_memo(_LINE_TOKENS, words)   # lines recur (headers, rows of zeros): cut once
    for ln in lines:
        text = ln.text
        rel = memo.get(text)
        if rel is None:
            rel = _line_tokens(text, words)
            if len(text) <= 256:
                if len(memo) >= 8192:
                    memo.clear()
                memo[text] = rel
        if rel:
            at = ln.start
            out.extend([Cell(t, a + at, b + at) for t, a, b in rel])
    return out


_LINE_TOKENS: dict = {}   # id(words) → (words, {line: its cells, relative to it})


def _line_tokens(text: str, words: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """The cells of one line of such a table, as (text, start, end) relative to the line."""
    if not text.strip() or is_page_number(text):
        return ()
    s = text.strip()
    if s.startswith("|"):
        lead = text.index("|")
        inner = s.strip("|")
        a = lead + (len(s) - len(s.lstrip("|")) if inner else 1)
        rest = inner.lstrip(" \u3000\u00a0\t")
        a += len(inner) - len(rest)
        rest = rest.rstrip(" \u3000\u00a0\t")
        return ((rest, a, a + len(rest)),)   # a blank cell stays, empty
    out: list[tuple[str, int, int]] = []
    notes = [m.span() for m in NOTE.finditer(text)]
    notes += [m.span() for m in _GLUED_NOTE.finditer(text)   # right after a label cell
              if not any(a <= m.start() < b for a, b in notes)
              and any(text.endswith(w, 0, m.start()) for w in words)]
    # Cells apart by one blank; two blanks in a row hold a blank cell between them (unless
    # the text is space-aligned: runs of three or more blanks).
    single = not _ALIGNED.search(text.strip())
    lead = len(text) - len(text.lstrip(_BLANKS))
    end = len(text.rstrip(_BLANKS))
    pos = lead
    for part in (_ONE_BLANK if single else _BLANK_RUN).split(text[lead:end]):
        at = pos
        pos += len(part) + 1 if single else 0
        if not single:
            at = text.find(part, at)
            pos = at + len(part)
        if any(a <= at < b for a, b in notes):
            continue
        note = next(((a, b) for a, b in notes if at < a < at + len(part)), None)
        if note is not None:   # a note glued to the cell before it (…7399700元注：…)
            part = part[:note[0] - at]
        if not part:   # two blanks in a row: a blank cell
            out.append(("", at - 1, at - 1))   # at the blank before it
            continue
        pieces = [(m.start(), m.group()) for m in _UNPADDED.finditer(part)]
        if not pieces:   # full-width padding only: a blank cell
            out.append(("", at, at))
        for i, piece in pieces:   # figures padded with full-width spaces: the padding parts cells
            out.extend(_cut_glued(piece, at + i, words))
    return tuple(out)


def _cut_glued(part: str, at: int, words: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """A blank-free piece of text cut where digits end and a label begins, and between template
    labels written one after the other (总计一、本年新收…): a label is looked for only at the
    start of the piece, after digits, or right after another label — never inside a label's
    own words (…不计其他情形 holds the column name 其他). (text, start, end) triples, ``at``
    where the piece starts."""
    # pieces recur (0, 规章, a row label with its figures): cut once per template's words
    pieces = _cut(part, words) if len(part) > 256 else recall(_CUTS, words, part, lambda p: _cut(p, words), 8192)
    return [(t, at + a, at + b) for t, a, b in pieces]


_CUTS: dict = {}   # id(words) → (words, {piece: its cuts})


def _cut(part: str, words: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """``_cut_glued`` of a piece at offset 0, as (text, start, end) triples."""
    at = 0
    cuts = {0, len(part)}
    cuts.update(_digit_label_cuts(part))
    # a numbered row label right after a template word (…法律服务机构其他一、本年收…: its wording edited)
    cuts.update(m.start() for m in _NUMBERED.finditer(part, 1)
                if any(part.endswith(w, 0, m.start()) for w in words))
    if len(part) > 6:
        at_label = set(cuts)
        i = 0
        while i < len(part):
            w = next((w for w in words if part.startswith(w, i)), None) if i in at_label else None
            if w is None:
                i += 1
                continue
            cuts.add(i)
            end = i + len(w)
            if end < len(part) and (not part[end].isdigit() or _LIST_START.match(part, end)):
                cuts.add(end)
                at_label.add(end)
            i = end
    points = sorted(cuts)
    cells = []
    for a, b in zip(points, points[1:]):
        piece = part[a:b]
        if not piece:
            continue
        m = _GLUED_CELL.search(piece)
        if not (m and m.start() > 0) and not piece[-1:].isdigit() and len(piece) > 6:
            m = _END.search(piece)
        if m and m.start() > 0:   # header words left before a row label (and its figures)
            head = piece[:m.start() + 1]
            w = next((w for w in words if head.endswith(w) and len(w) < len(head) and w in _row_words(words)), None)
            if w is not None:
                cut = len(head) - len(w)
                cells.append((piece[:cut], at + a, at + a + cut))
                a, piece = a + cut, piece[cut:]
            else:   # an edited header word, then the next header words and the row label (…件数规章)
                seq = _anchor_suffix(head, words)
                if len(seq) >= 2:
                    for x, y in zip([0] + seq, seq):
                        cells.append((piece[x:y], at + a + x, at + a + y))
                    a, piece = a + seq[-1], piece[seq[-1]:]
        cells.append((piece, at + a, at + b))
    return tuple(cells)


def _anchor_suffix(head: str, words: tuple[str, ...]) -> list[int]:
    """Where the template words that end ``head`` begin, first to last (each the longest word
    ending there; something that is no such word is left before them)."""
    cuts, j = [], len(head)
    while j > 0:
        w = next((w for w in words if len(w) < j and head.endswith(w, 0, j)), None)
        if w is None:
            break
        j -= len(w)
        cuts.append(j)
    return cuts[::-1]


def _row_words(words: tuple[str, ...]) -> frozenset:
    """The anchors that are row labels (they carry figures): those with a list number."""
    got = _ROW_WORDS.get(words)
    if got is None:
        got = _ROW_WORDS[words] = frozenset(w for w in words if _ROW_LABEL.match(w) or len(w) >= 4)
    return got


_ROW_WORDS: dict = {}
_NUMBERED = lazy(regex, r"[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]")
_ROW_LABEL = lazy(regex, r"^(?:[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]|\d[.．、])")


def rows_from_stream(cells: list[Cell], tpl: Template, grid: bool = False) -> list[PhysRow]:
    """The stream grouped into rows at its labels (see the module's docstring). ``grid``: the
    cells are a full grid written out (one cell per line between pipes), where merged label
    cells are written as blank cells before their row's label."""
    labels = _label_set(tpl)
    rows: list[PhysRow] = []
    run: list[Cell] = []
    values: list[Cell] = []

    def flush():
        nonlocal run, values
        if not run and not values:
            return
        if run and values:
            k = _label_length(run, labels)
            head, label = run[:-k], run[-k:]
            if head:
                rows.append(PhysRow(head, head[0].start, head[-1].end, "stream"))
            joined = label[0] if k == 1 else Cell("".join(c.text for c in label), label[0].start, label[-1].end)
            row = [joined, *values]
        elif run and len(run) > 1 and _unify(run[-1].text) in labels:   # a row label, its cells blank
            rows.append(PhysRow(run[:-1], run[0].start, run[-2].end, "stream"))
            row = run[-1:]
        else:
            row = run or values
        rows.append(PhysRow(row, row[0].start, row[-1].end, "stream"))
        run, values = [], []

    for i, c in enumerate(cells):
        if not c.text and not values and (i + 1 == len(cells) or cells[i + 1].text and not is_value(cells[i + 1].text)) \
                and not (run and _row_width(run, labels, tpl)):
            continue   # blanks between two labels: no cell there (after a row label: its blank cells)
        if not c.text or is_value(c.text):
            values.append(c)
            continue
        if values:
            if grid:   # blanks just before a label are its row's merged label columns
                width = _row_width(run, labels, tpl) if run else None   # but not its own blank cells
                while values and not values[-1].text and len(values) > max(1, width or 0):
                    values.pop()
            flush()
        if _GLUED_CELL.search(c.text):     # a label with its digits: a row of its own
            if run and _LIST_NUMBER.match(run[-1].text):   # 2. 其他法律…270000027
                num = run.pop()
                c = Cell(num.text + " " * (c.start - num.end) + c.text, num.start, c.end)
            flush()   # (a row label before it: a row of its own, its cells blank)
            rows.append(PhysRow([c], c.start, c.end, "stream"))
            continue
        if run and not values and _unify(run[-1].text) in labels and _unify(c.text) in _word_set(tpl):
            flush()   # a row label, no figures, then the template's next word: its cells are blank
        run.append(c)
    flush()
    return rows


_LIST_NUMBER = lazy(regex, r"^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,2}[）)])$")
_END = lazy(regex, r".$")
_GLUED_CELL = lazy(regex, r"[^\d\s.．,，]\d+(?:[.．]\d+)?(?:万元|元)?$")


def _label_set(tpl: Template) -> set[str]:
    cached = tpl.__dict__.get("_stream_labels")
    if cached is None:
        words = {r.label for r in tpl.s3_rows} | {r for st in tpl.s2_subtables for r in st.rows}
        cached = tpl.__dict__["_stream_labels"] = {_unify(w) for w in words}
    return cached


def _row_width(run: list[Cell], labels: set[str], tpl: Template) -> int | None:
    """How many value cells the template gives the row whose label ends ``run`` (None if the
    label is not the template's, or its rows differ in width)."""
    widths = tpl.__dict__.get("_stream_widths")
    if widths is None:
        pairs = [(_unify(r.label), len(tpl.s3_columns)) for r in tpl.s3_rows]
        pairs += [(_unify(r), len(st.columns)) for st in tpl.s2_subtables for r in st.rows]
        widths = {}
        for label, n in pairs:
            widths[label] = n if widths.get(label, n) == n else None
        tpl.__dict__["_stream_widths"] = widths
    k = _label_length(run, labels)
    return widths.get(_unify("".join(c.text for c in run[-k:])))


def _word_set(tpl: Template) -> set[str]:
    cached = tpl.__dict__.get("_stream_words")
    if cached is None:
        cached = tpl.__dict__["_stream_words"] = {_unify(w) for w in anchors(tpl)}
    return cached


def _unify(label: str) -> str:
    """A label compared whatever its list mark (1. 1、 1．) and brackets' width."""
    return _unify_cached(label) if len(label) <= 256 else _unified(label)


def _unified(label: str) -> str:
    return _LIST_MARK.sub(r"\1.", norm(label))


_unify_cached = lru_cache(maxsize=8192)(_unified)   # (labels recur)


_LIST_START = lazy(regex, r"\d{1,2}[.．、](?!\d)")
_LIST_MARK = lazy(regex, r"^(\d{1,2})[、．]")


def _label_length(run: list[Cell], labels: set[str]) -> int:
    """How many of the run's last cells make the row's label: the longest suffix (up to four
    cells) that is a template label, else the last cell."""
    for k in range(min(4, len(run)), 1, -1):
        if _unify("".join(c.text for c in run[-k:])) in labels:
            return k
    return 1
