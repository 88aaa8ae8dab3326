"""One report → what the audit stores about it (runs in worker processes).

Reads the file the way ``gilint check`` does (any input format, through
``gilint.read.formats``), lints it with the engine's ``Analyzer`` (its findings are the
single-report findings of the audit) and takes from the ``Report`` model: identity, sections,
every table cell with its position, and the fingerprints of its prose for GI603. Returns a
plain picklable dict; never raises (an unreadable file is a record with ``error``).
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
import os

from gilint.audit import shingles
from gilint.audit.identify import from_report
from gilint.tomlload import ConfigError
from gilint.textpos import LineIndex
from gilint.read.structure import DATE_LINE
from gilint.read.formats import read_document
from gilint.read.decode import InputError, decode_bytes
from gilint.packs import config_for_path
from gilint.output import locate
from gilint.engine import Analyzer
from gilint.config import ReportSettings
from gilint.record import replace
from gilint.i18n import current, gettext as _, set_language

# Sections whose prose GI603 compares (一 总体情况, 五 问题及改进, 六 其他事项).
PROSE_SECTIONS = (1, 5, 6)
MAX_BYTES = 20 * 1024 * 1024

_ANALYZERS: dict = {}
_SETTINGS: dict = {}


def init_worker(settings: dict) -> None:
    """Pool initializer: the audit's settings (config file, manifest overrides, stock phrases)."""
    _SETTINGS.clear()
    _SETTINGS.update(settings)
    if settings.get("lang"):   # a spawned worker does not inherit the command's language
        set_language(settings["lang"])


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _config(path: str, override):
    base = config_for_path(path, config_file=_SETTINGS.get("config_file"))
    if override:
        body, year, level = override
        rep = base.report
        base = replace(base, report=ReportSettings(
            level or rep.level, body or rep.body, year or rep.year, rep.deadline))
    return base


def _analyzer(config):
    key = config.fingerprint()
    a = _ANALYZERS.get(key)
    if a is None:
        if len(_ANALYZERS) > 16:
            _ANALYZERS.clear()
        a = _ANALYZERS[key] = Analyzer(config)
    return a


def read_one(job) -> dict:
    """``job`` = (path, known content hash or None, manifest override or None)."""
    path, known, override = job
    rec = {"path": path, "status": "ok", "error": None}
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ValueError(_("file too large ({size} MB)").format(size=size // 1048576))
        with open(path, "rb") as f:
            data = f.read()
        rec["sha"] = content_hash(data)
        if known == rec["sha"]:
            rec["status"] = "unchanged"
            return rec
        _read(rec, path, data, override)
    except Exception as exc:  # noqa: BLE001 - listed as unreadable, one line
        if isinstance(exc, OSError):
            msg = _("cannot read: {reason}").format(reason=exc.strerror or exc)
        else:
            msg = " ".join(str(exc).split())[:300] or type(exc).__name__
            if isinstance(exc, ConfigError):
                msg = _("configuration: {message}").format(message=msg)
        rec.update(status="error", error=msg, error_zh=msg if current() == "zh" else _in_chinese(job, msg))
    return rec


def _in_chinese(job, msg: str) -> str:
    """The reason a file is unreadable in Chinese, for the dashboard (Chinese whatever the
    command's language): the same read again, in Chinese (unreadable files are few)."""
    lang = current()
    set_language("zh")
    try:
        again = read_one(job)
    finally:
        set_language(lang)
    return again.get("error_zh") or msg


def _read(rec: dict, path: str, data: bytes, override) -> None:
    try:
        decoded = read_document(path, data) or decode_bytes(data, path)
    except InputError as exc:
        raise ValueError(" ".join(str(exc).split())) from None
    config = _config(path, override)
    analyzer = _analyzer(config)
    text = decoded.text
    findings = analyzer.lint(text)
    report = analyzer.report
    index = LineIndex(text)
    diags = locate(path, text, findings, index)
    if hasattr(decoded, "annotate"):
        decoded.annotate(diags)
    ident = from_report(report)
    tpl = report.table_template
    rec.update(
        body=ident.body, year=ident.year, level=ident.level,
        title=report.title.text if report.title else None,
        template=tpl.name if tpl is not None else None,
        signed=_signed(report),
        chars=len(text),
        findings=[d.to_json() for d in diags],
        sections=_sections(report, index),
        cells=list(_cells(report, tpl, index)),
        prose=_prose(report),
    )


def _signed(report) -> str | None:
    for sp in reversed(report.closing or []):
        m = DATE_LINE.match(sp.text)
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _sections(report, index) -> list[tuple]:
    out = []
    for s in report.sections:
        line = index.position(s.start)[0] + 1
        prose = "\n".join(p.text.strip() for p in s.paragraphs)
        out.append((s.number, s.heading.text.strip(), s.start, s.end, line, prose))
    return out


def _db_number(v):
    """A cell's exact value (int or Decimal, as the rules read it) as SQLite can store it: an
    integer that fits in 64 bits, a float for a fraction, else its digits as text."""
    if isinstance(v, Decimal):
        v = int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, int) and not -2 ** 63 <= v < 2 ** 63:
        return str(v)
    return v


def _cells(report, tpl, index):
    """(kind, table_no, item, row_no, key, label, col_no, col_label, text, start, end, line, column)."""
    from gilint.checks.cells import parse_number   # the value the rules use (start-up: workers import lazily)
    s4_cols = [f"{g}/{c}" for g in (tpl.s4_groups if tpl else ()) for c in (tpl.s4_columns if tpl else ())]
    for t_no, table in enumerate(t for s in report.sections for t in s.tables):
        if table.kind == "section2":
            groups = [(st.item.text.strip(), [c.text.strip() for c in st.header[1:]], st.rows)
                      for st in table.subtables]
        else:
            cols = list(tpl.s3_columns) if (tpl and table.kind == "section3") else s4_cols
            groups = [(None, cols, table.rows)]
        r_no = 0
        for item, cols, rows in groups:
            for row in rows:
                for c_no, cell in enumerate(row.values):
                    line, col = index.position(cell.start)
                    yield (table.kind, t_no, item, r_no, row.key,
                           " ".join(row.label.text.split()) if row.label is not None else None,
                           c_no, cols[c_no] if c_no < len(cols) else None, cell.text,
                           _db_number(parse_number(cell.text)), cell.start, cell.end, line + 1, col + 1)
                r_no += 1


def _prose(report) -> list[tuple]:
    """(section number, sentence hash, fingerprints) for the prose GI603 compares; stock
    phrases (the pack's list) are left out here already."""
    stock = _SETTINGS.get("stock", ())
    out = []
    for s in report.sections:
        if s.number not in PROSE_SECTIONS:
            continue
        for sent in shingles.sentences("\n".join(p.text for p in s.paragraphs)):
            if shingles.is_stock(sent, stock):
                continue
            out.append((s.number, shingles.sentence_hash(sent), shingles.fingerprints(sent)))
    return out
