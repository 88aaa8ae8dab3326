"""Who wrote a report and for which year: from the report itself, or from a manifest CSV.

The report's own statement comes first from the title (``<机关名称><年份>年…年度报告``, read by
the engine), then from the signing block (the body's name above the date), then from the
preamble's first line. A manifest (``path,body,year,level,parent``; paths relative to the CSV)
overrides all of it and can also declare reports that should exist (an empty path) and which
units a government's summary report covers (``parent``).
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field

import regex

from gilint.config import BODY_LEVELS
from gilint.i18n import gettext as _
from gilint.read.structure import DATE_LINE, infer_level
from gilint.templates import norm

# A line that names a body: ends like an office does (as the reader's title logic expects).
BODY_LINE = regex.compile(r"(政府|局|委员会|委|办公室|办公厅|办|中心|街道|街道办事处|镇|乡|处|院|署|部|厅)$")
MANIFEST_COLUMNS = ("path", "body", "year", "level", "parent")


class ManifestError(Exception):
    """A manifest that cannot be used: str() is "file:line: message"."""


def body_key(name: str | None) -> str | None:
    """The name a series is keyed on: NFKC, whitespace removed (labels are compared so)."""
    k = norm(name or "")
    return k or None


@dataclass
class Identity:
    body: str | None
    year: int | None
    level: str | None
    parent: str | None = None
    source: str = "report"       # "report" | "manifest"


def from_report(report) -> Identity:
    """The body and year a report states (the engine's ``Report``)."""
    body = report.body
    if not body:   # the signing block: the line above the date, or a lone name line
        lines = [p.text.strip() for p in (report.closing or [])]
        tail = [p.text.strip() for p in (report.sections[-1].paragraphs[-4:] if report.sections else [])]
        for t in reversed(tail + lines):
            if t and not DATE_LINE.match(t) and len(t) <= 30 and BODY_LINE.search(norm(t)):
                body = t
                break
    if not body and report.preamble:
        first = norm(report.preamble[0].text)
        if len(first) <= 30 and BODY_LINE.search(first):
            body = first
    body = body_key(body)
    return Identity(body, report.year, report.level or infer_level(body))


@dataclass
class ManifestRow:
    line: int
    path: str | None          # absolute, normalised; None: an expected report not supplied
    body: str | None
    year: int | None
    level: str | None
    parent: str | None


@dataclass
class Manifest:
    file: str
    rows: list[ManifestRow] = field(default_factory=list)
    by_path: dict[str, ManifestRow] = field(default_factory=dict)

    def for_path(self, path: str) -> ManifestRow | None:
        return self.by_path.get(_key(path))

    def expected(self) -> list[ManifestRow]:
        return [r for r in self.rows if r.path is None]

    def units(self) -> dict[str, set[str]]:
        """government body → the bodies the manifest names as its units."""
        out: dict[str, set[str]] = {}
        for r in self.rows:
            if r.parent and r.body:
                out.setdefault(r.parent, set()).add(r.body)
        return out

    def levels(self) -> dict[str, str]:
        return {r.body: r.level for r in self.rows if r.body and r.level}


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def load_manifest(file: str) -> Manifest:
    """Read a manifest CSV (UTF-8, with or without BOM; header line required)."""
    try:
        with open(file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(_("{file}: cannot read manifest: {reason}").format(
            file=file, reason=getattr(exc, "strerror", None) or exc)) from None
    if not rows:
        raise ManifestError(_("{file}:1: empty manifest (expected the header {header})").format(
            file=file, header=",".join(MANIFEST_COLUMNS)))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("path", "body", "year") if c not in header]
    if missing:
        raise ManifestError(_("{file}:1: manifest header lacks {missing} (expected {header})").format(
            file=file, missing=", ".join(missing), header=",".join(MANIFEST_COLUMNS)))
    col = {c: header.index(c) for c in MANIFEST_COLUMNS if c in header}
    base = os.path.dirname(os.path.abspath(file))
    out = Manifest(file)
    for n, row in enumerate(rows[1:], 2):
        if not any(x.strip() for x in row):
            continue

        def get(name):
            i = col.get(name)
            return row[i].strip() if i is not None and i < len(row) and row[i].strip() else None
        year = get("year")
        if year is not None and not (year.isdigit() and len(year) == 4):
            raise ManifestError(_("{file}:{line}: year must be four digits, not {year!r}").format(
                file=file, line=n, year=year))
        level = get("level")
        if level is not None and level not in BODY_LEVELS:
            raise ManifestError(_("{file}:{line}: level must be one of {levels}, not {level!r}").format(
                file=file, line=n, levels=", ".join(BODY_LEVELS), level=level))
        path = get("path")
        if path is None and (get("body") is None or year is None):
            raise ManifestError(_("{file}:{line}: a line without a path declares an expected report "
                                  "and needs body and year").format(file=file, line=n))
        r = ManifestRow(n, _key(os.path.join(base, path)) if path else None, body_key(get("body")),
                        int(year) if year else None, level, body_key(get("parent")))
        out.rows.append(r)
        if r.path is not None:
            if r.path in out.by_path:
                raise ManifestError(_("{file}:{line}: {path} is listed twice (first on line {first})").format(
                    file=file, line=n, path=path, first=out.by_path[r.path].line))
            out.by_path[r.path] = r
    return out
