"""``gilint annotate 报告.docx``: a copy of the document with a Word comment (批注) on the exact
text of each finding, and with ``--track-changes`` each safe fix as a tracked change.

- The comment is anchored on runs (python-docx ≥ 1.2, ``Document.add_comment``): a run in which
  a finding starts or ends is split there, both halves keeping the run's formatting (``w:rPr``);
  a finding over several paragraphs or cells is anchored from its first character to its last;
  a finding on text Word generates (automatic numbering) is anchored on its paragraph's runs,
  one on an empty cell on an empty run put there. Author ``gilint``; the text is the message,
  the rule code and name, and one line of why (``gilint.review.explain``).
- Re-annotating an annotated copy first removes the earlier gilint comments (their range markers
  and reference runs) and rejects earlier gilint tracked changes, so nothing is duplicated.
- ``--track-changes``: the fixed text is the one ``gilint check --fix`` writes (the same fix loop,
  ``gilint.writers.fix_docx_for_cli`` run as for ``--diff``); each changed stretch
  of a paragraph becomes ``w:del`` (the old runs, split where needed) and ``w:ins`` (a run with
  the first deleted run's formatting), author gilint. Accepting all changes gives that text.
- The result is read back before anything is written: it must render as the document did
  (with tracked changes: as the fixed document); the original file is never written.
"""
from __future__ import annotations

import bisect
import copy
import datetime as dt
import difflib
import io
import os
import sys
import types

from gilint.read.formats.docx import XML_SPACE, open_docx, paragraph_chars, render_docx, w
from gilint.docxfix import Unmappable, map_edit
from gilint.writers import fix_docx_for_cli
from gilint.findings import SEVERITY_RANK
from gilint.fixes import write_atomic
from gilint.i18n import gettext as _, ngettext
from gilint.read.decode import InputError
from gilint.read.formats import reader_for
from gilint.review.explain import why

AUTHOR, INITIALS = "gilint", "GL"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class AnnotateError(Exception):
    """The document cannot be annotated safely (one line)."""


def comment_text(f, rule_class=None) -> str:
    """What the comment says: the message; the code, name and severity; one line of why."""
    lines = [f.message, f"{f.code} {f.name}（{SEVERITY_ZH.get(f.severity, f.severity)}）"]
    reason = why(f.code, rule_class)
    if reason:
        lines.append(reason)
    return "\n".join(lines)


# ---------------------------------------------------------------------------- earlier gilint marks
def _comments_root(package):
    for rel in package.part.rels.values():
        if not rel.is_external and rel.reltype == RT_COMMENTS:
            return rel.target_part.element
    return None


def remove_gilint_marks(package) -> int:
    """Remove the comments gilint wrote before (and their anchors) and reject gilint's tracked
    changes; returns the number of marks removed."""
    body = package.element.body
    root = _comments_root(package)
    ids = set()
    if root is not None:
        for c in list(root.findall(w("comment"))):
            if c.get(w("author")) == AUTHOR:
                ids.add(c.get(w("id")))
                root.remove(c)
    if ids:
        for tag in ("commentRangeStart", "commentRangeEnd"):
            for el in list(body.iter(w(tag))):
                if el.get(w("id")) in ids:
                    el.getparent().remove(el)
        for ref in list(body.iter(w("commentReference"))):
            if ref.get(w("id")) in ids:
                r = ref.getparent()
                if r.tag == w("r") and all(c.tag in (w("rPr"), w("commentReference")) for c in r):
                    r.getparent().remove(r)
                else:
                    r.remove(ref)
    changes = 0
    for ins in list(body.iter(w("ins"))):
        if ins.get(w("author")) == AUTHOR:
            ins.getparent().remove(ins)
            changes += 1
    for d in list(body.iter(w("del"))):
        if d.get(w("author")) == AUTHOR:
            changes += 1
            for t in d.iter(w("delText")):
                t.tag = w("t")
            for ch in list(d):
                d.addprevious(ch)
            d.getparent().remove(d)
    return len(ids) + changes


# ---------------------------------------------------------------------------- runs
def _nodes(piece):
    """The piece's (offset in the document text, w:t, length), read from its paragraph now
    (runs split earlier are seen)."""
    _text, nodes = paragraph_chars(piece.p)
    base = piece.start + getattr(piece, "prefix", 0)
    return [(base + o, t, n) for o, t, n in nodes]


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def split_run(t, k: int):
    """Split the run holding ``w:t`` ``t`` before its ``k``-th character; both runs keep the
    run's properties. Returns (run ending at the split or None, run starting there or None)."""
    r = t.getparent()
    if r.tag != w("r"):
        raise AnnotateError(_("text outside a run"))
    kids = [c for c in r if c.tag != w("rPr")]
    i = kids.index(t)
    text = t.text or ""
    if i == 0 and k == 0:
        return None, r
    if i == len(kids) - 1 and k == len(text):
        return r, None
    new = copy.deepcopy(r)
    for c in list(new):
        if c.tag != w("rPr"):
            new.remove(c)
    if k == 0:
        move = kids[i:]
    elif k == len(text):
        move = kids[i + 1:]
    else:
        t2 = copy.deepcopy(t)
        _set_text(t2, text[k:])
        _set_text(t, text[:k])
        move = [t2] + kids[i + 1:]
    for c in move:
        new.append(c)
    r.addnext(new)
    return r, new


def _node_at(nodes, x: int, end: bool):
    """The node holding character ``x`` (``end``: the node whose text ends at or after ``x``)."""
    for o, t, n in nodes:
        if (o < x <= o + n) if end else (o <= x < o + n):
            return o, t, n
    return None


class Pieces:
    """The rendered pieces (paragraphs and cell paragraphs) by offset."""

    def __init__(self, pieces):
        self.pieces = pieces
        self.starts = [p.start for p in pieces]

    def around(self, s: int, e: int):
        """Pieces overlapping [s, e) that hold editable text, in order."""
        i = max(0, bisect.bisect_right(self.starts, s) - 1)
        out = []
        while i < len(self.pieces) and self.pieces[i].start <= max(e - 1, s):
            p = self.pieces[i]
            if p.end > s or (p.start == p.end == s):
                out.append(p)
            i += 1
        return out

    def before(self, x: int):
        """The last piece starting before ``x`` (e.g. the label of a row of merged cells)."""
        i = bisect.bisect_right(self.starts, x) - 1
        return self.pieces[i] if i >= 0 else None

    def containing(self, x: int):
        i = bisect.bisect_right(self.starts, x) - 1
        while i >= 0:
            p = self.pieces[i]
            if p.start <= x <= p.end:
                return p
            i -= 1
        return None


def anchor_runs(pieces: Pieces, s: int, e: int):
    """(first run, last run) holding the text [s, e), runs split at s and e. Zero-width spans
    take the character after (or before) them; text Word generates takes its paragraph."""
    e = max(e, s + 1)
    spans, around = [], pieces.around(s, e)
    for p in around:
        nodes = _nodes(p)
        if nodes:
            spans.append((p, nodes))
    if not spans:          # empty cells or paragraphs (or only numbering): an empty run there
        p = around[0] if around else pieces.containing(s) or pieces.before(s)
        if p is None:
            return None
        from docx.oxml import OxmlElement  # optional: python-docx (the formats extra)
        r = OxmlElement("w:r")
        p.p.append(r)
        return r, r
    (p0, n0), (p1, n1) = spans[0], spans[-1]
    a = max(s, n0[0][0])
    b = min(e, n1[-1][0] + n1[-1][2])
    if len(spans) == 1 and not any(o < b and a < o + n for o, _t, n in n0):
        a, b = n0[0][0], n0[-1][0] + n0[-1][2]        # generated text only: the paragraph
    if not any(o <= a < o + n for o, _t, n in n0):    # starts in generated text
        a = next(o for o, _t, n in n0 if o + n > a)
    if not any(o < b <= o + n for o, _t, n in n1):    # ends in generated text
        b = max(o + n for o, _t, n in n1 if o < b)
    return split_range(p0, a, p1, b)


def split_range(p0, a: int, p1, b: int):
    """Split runs so that a run starts at ``a`` (in piece p0) and one ends at ``b`` (in p1);
    returns (first run, last run) of the range."""
    o, t, _n = _node_at(_nodes(p1), b, end=True)
    split_run(t, b - o)                       # the end first: the start's node keeps its offset
    o, t, _n = _node_at(_nodes(p0), a, end=False)
    _before, first = split_run(t, a - o)
    o, t, _n = _node_at(_nodes(p1), b, end=True)      # the start's split may have moved it
    return first, t.getparent()


def add_comments(package, findings, rules: dict) -> int:
    from docx.text.run import Run  # optional: python-docx (the formats extra)
    pieces = Pieces(render_docx(package, b"").pieces)
    n = 0
    for f in findings:
        runs = anchor_runs(pieces, f.start, f.end)
        if runs is None:
            continue
        first, last = runs
        package.add_comment([Run(first, package._body), Run(last, package._body)],
                            text=comment_text(f, rules.get(f.code)), author=AUTHOR,
                            initials=INITIALS)
        n += 1
    return n


# ---------------------------------------------------------------------------- tracked changes
def fixed_text(doc, lint, findings, name: str = "document") -> tuple[str, list[str]]:
    """The text ``gilint check --fix`` gives this document (its .docx fix loop, as --diff runs
    it: nothing written), and the notes it made."""
    result = types.SimpleNamespace(path=name, notes=[], output=None, fixed=0, diff="")
    text, _after = fix_docx_for_cli(doc, result, "annotate", lint, findings, False, True)
    return text, result.notes


def hunks(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, new text) per changed stretch; fixes written into a .docx never add or
    remove a line, so lines correspond one to one."""
    a, b = old.split("\n"), new.split("\n")
    if len(a) != len(b):
        raise AnnotateError(_("the fixed document has other lines"))
    out, pos = [], 0
    for la, lb in zip(a, b):
        if la != lb:
            sm = difflib.SequenceMatcher(None, la, lb, autojunk=False)
            for op, i1, i2, j1, j2 in sm.get_opcodes():
                if op != "equal":
                    out.append((pos + i1, pos + i2, lb[j1:j2]))
        pos += len(la) + 1
    return out


def _next_id(package) -> int:
    ids = [0]
    for root in (package.element, _comments_root(package)):
        if root is None:
            continue
        for el in root.iter():
            v = el.get(w("id")) if isinstance(el.tag, str) else None
            if v is not None and v.lstrip("-").isdigit():
                ids.append(int(v))
    return max(ids) + 1


def add_tracked_changes(package, changes, when: str) -> int:
    """Write ``changes`` (start, end, new text: offsets into the document's text) as w:del/w:ins."""
    from docx.oxml import OxmlElement  # optional: python-docx (the formats extra)
    rendered = render_docx(package, b"")
    next_id = _next_id(package)
    done = 0

    def mark(tag):
        nonlocal next_id
        el = OxmlElement(f"w:{tag}")
        el.set(w("id"), str(next_id))
        el.set(w("author"), AUTHOR)
        el.set(w("date"), when)
        next_id += 1
        return el

    for s, e, new in sorted(changes, reverse=True):   # the last first: earlier offsets hold
        try:
            piece, _ls, _le = map_edit(rendered.pieces, s, e, new)
        except Unmappable:
            raise AnnotateError(_("a fix cannot be written as a tracked change at {offset}").format(offset=s)) from None
        nodes = _nodes(piece)
        before = after = None
        if e > s:
            first, last = split_range(piece, s, piece, e)
            runs, r = [], first
            while r is not None:
                if r.tag == w("r"):
                    runs.append(r)
                if r is last:
                    break
                r = r.getnext()
            if not runs or runs[-1] is not last:
                raise AnnotateError(_("a fix spans runs of different parents at {offset}").format(offset=s))
            style = runs[0].find(w("rPr"))
            for r in runs:
                d = mark("del")
                r.addprevious(d)
                d.append(r)
                for t in r.iter(w("t")):
                    t.tag = w("delText")
            after = runs[-1].getparent()
        elif nodes:
            hit = _node_at(nodes, s, end=True) or _node_at(nodes, s, end=False)
            o, t, _n = hit
            left, right = split_run(t, s - o)
            after, before = left, right
            style = (left if left is not None else right).find(w("rPr"))
        else:
            style = piece.p.find(f"{w('pPr')}/{w('rPr')}")
        if new:
            ins = mark("ins")
            r = OxmlElement("w:r")
            if style is not None:
                r.append(copy.deepcopy(style))
            t = OxmlElement("w:t")
            _set_text(t, new)
            r.append(t)
            ins.append(r)
            if after is not None:
                after.addnext(ins)
            elif before is not None:
                before.addprevious(ins)
            else:
                piece.p.append(ins)
        done += 1
    return done


# ---------------------------------------------------------------------------- the whole
def annotate_docx(data: bytes, lint, rules: dict, *, track_changes: bool = False, now=None,
                  name: str = "document"):
    """``data``: a .docx; ``lint``: text → findings (the check's configuration); ``rules``:
    code → rule class. Returns (annotated bytes, findings commented, notes for stderr).
    Raises AnnotateError when the result would not read back as it must."""
    package = open_docx(data)
    if remove_gilint_marks(package):
        out = io.BytesIO()           # an annotated copy: start again from the document itself
        package.save(out)
        data = out.getvalue()
        package = open_docx(data)
    doc = render_docx(package, data)
    findings = [f for f in lint(doc.text) if f.suppressed is None]
    notes: list[str] = []
    want, changes = doc.text, []
    if track_changes:
        fixed, fix_notes = fixed_text(render_docx(open_docx(data), data), lint, findings, name)
        notes += fix_notes
        if fixed != doc.text:
            changes, want = hunks(doc.text, fixed), fixed
    add_comments(package, findings, rules)
    if changes:
        when = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
        add_tracked_changes(package, changes, when)
    out = io.BytesIO()
    package.save(out)
    result = out.getvalue()
    check = render_docx(open_docx(result), result)
    if check.text != want:
        raise AnnotateError(_("the annotated copy would not read as the document"))
    return result, findings, notes, len(changes)


def default_output(path: str) -> str:
    """报告.docx → 报告.gilint.docx (an annotated copy 报告.gilint.docx → itself is refused)."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.gilint{ext or '.docx'}"


__all__ = ["AUTHOR", "AnnotateError", "annotate_docx", "comment_text", "hunks",
           "remove_gilint_marks", "split_run"]


def main(args, data: bytes, lint, rules: dict) -> int:
    """``gilint annotate`` once the CLI has read the file and its configuration: 0 no finding
    at or above --fail-level, 1 findings, 2 the input is not a .docx or cannot be annotated."""

    path, err = args.path, sys.stderr
    reader = reader_for(path, data)
    if reader is None or reader.name != "docx":
        kind = (_("a text or Markdown report") if reader is None
                else _("a .{format} document").format(format=reader.name))
        err.write(_("{path}: error: annotate writes Word comments into a .docx only; {kind} gets "
                    "nothing written. Use: gilint check --format html -o review.html {path}").format(
            path=path, kind=kind) + "\n")
        return 2
    if path == "-" and not args.output:
        err.write(_("-: error: name the annotated copy with -o when the .docx comes on standard input") + "\n")
        return 2
    out = args.output or default_output(path)
    if os.path.exists(out) and os.path.realpath(out) == os.path.realpath(path):
        err.write(_("{path}: error: the annotated copy would replace the original; name another "
                    "file with -o").format(path=path) + "\n")
        return 2
    try:
        annotated, findings, notes, changes = annotate_docx(data, lint, rules, name=path,
                                                   track_changes=args.track_changes)
    except InputError as exc:
        err.write(_("{path}: error: {message}").format(path=path, message=" ".join(str(exc).split())) + "\n")
        return 2
    except AnnotateError as exc:
        err.write(_("{path}: error: not annotated: {message}").format(path=path, message=exc) + "\n")
        return 2
    for n in notes:
        err.write(n + "\n")
    write_atomic(out, annotated)
    done = ngettext("{out}: {n} comment (gilint)", "{out}: {n} comments (gilint)", len(findings))
    if changes:
        done += ngettext("; {changes} safe fix shown as a tracked change",
                         "; {changes} safe fixes shown as tracked changes", changes)
    err.write(done.format(out=out, n=len(findings), changes=changes) + "\n")
    floor = SEVERITY_RANK[args.fail_level]
    return 1 if any(SEVERITY_RANK.get(f.severity, 2) >= floor for f in findings) else 0
