"""``gilint show FILE``: the report as gilint read it — title, year, the template the tables
follow, the body's level, each section with its heading line and how the heading was matched,
each table as a grid with its row and column labels, and for a table gilint could not read
(GI001) the reasons, with the rows they name marked in the grid. ``--format json`` gives the
same, with the model itself (``gilint.review.modeljson``: it decodes to an equal Report)."""
from __future__ import annotations

import json
import sys

from gilint.engine import Analyzer
from gilint.i18n import N_, gettext as _
from gilint.read.decode import InputError, decode_bytes
from gilint.read.formats import read_document
from gilint.review.grids import grids, render_text
from gilint.review.modeljson import encode

NUMERALS = "一二三四五六"
# How a section heading was matched, and the body's level (translated when shown).
HOW = {"exact": N_("as in the template"), "variant": N_("a wording the template allows"),
       "runon": N_("heading followed by text on its line"), "fuzzy": N_("near match")}
LEVELS = {"township": N_("township or subdistrict"), "county-government": N_("county government"),
          "county-department": N_("county department"), "city": N_("city with districts"),
          "province": N_("province"), "state-council-department": N_("State Council department")}


def read(path: str, data: bytes):
    """(text, document or None) of an input, as gilint check reads it."""
    doc = read_document(path, data)
    return (doc.text if doc is not None else decode_bytes(data, path).text), doc


def section_number(value: str | None) -> int | None:
    if not value:
        return None
    v = value.strip().rstrip("、.．")
    if v in NUMERALS:
        return NUMERALS.index(v) + 1
    if v.isdigit() and 1 <= int(v) <= 6:
        return int(v)
    raise ValueError(_("--section: not a section of the template (一…六 or 1…6): {value!r}").format(value=value))


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def describe(report, config, findings, text: str) -> dict:
    """The readable part of ``gilint show --format json``."""
    template = config.template_for_year(report.year)
    tt = report.table_template or template
    matches = {m.heading.start: m for m in report.section_matches}
    sections = []
    for s in report.sections:
        m = matches.get(s.heading.start)
        tables = []
        for t in s.tables:
            gi001 = [f for f in findings if f.code == "GI001" and t.start <= f.start < t.end]
            tables.append({
                "kind": t.kind, "layout": t.layout, "start": t.start, "end": t.end,
                "line": line_of(text, t.start), "readable": t.readable, "problems": t.problems,
                "gi001": [f.message for f in gi001],
                "grids": [{"title": g.title, "columns": g.columns,
                           "rows": [{"label": label, "cells": [c.text if c is not None else None
                                                               for c in cells],
                                     "key": row.key if row is not None else None}
                                    for label, cells, row in g.rows],
                           "problems": g.problems}
                          for g in grids(t, tt)],
            })
        sections.append({
            "number": s.number, "heading": s.heading.text, "line": line_of(text, s.start),
            "matched": m.how if m else None, "canonical": m.canonical if m else None,
            "tables": tables, "subheadings": [h.text for h in s.subheadings],
            "paragraphs": len(s.paragraphs),
        })
    return {
        "title": report.title.text if report.title else None,
        "year": report.year, "body": report.body, "level": report.level,
        "template": template.name if template else None,
        "table_template": tt.name if tt else None,
        "markdown": report.markdown, "sections": sections,
    }


def _marks(table, findings) -> dict:
    """Cells a finding names → "!" (shown after the cell's text in the grid)."""
    marks = {}
    cells = [c for r in table.rows for c in r.values] + \
        [c for st in table.subtables for r in st.rows for c in r.values]
    for f in findings:
        for c in cells:
            if c.start <= f.start < max(c.end, c.start + 1) or (f.start <= c.start and c.end <= f.end
                                                                 and f.end - f.start < 200):
                marks[(c.start, c.end)] = "!"
    return marks


def render(info: dict, report, findings, text: str, only: int | None, path: str, config) -> str:
    tt = report.table_template or config.template_for_year(report.year)
    unknown = _("(not recognised)")
    level = _(LEVELS[info["level"]]) if info["level"] in LEVELS else info["level"] or _("(not inferred)")
    level_from = (_(" (configured)") if config.report.level
                  else _(" (inferred from the body's name)") if info["level"] else "")
    out = [f"{path}",
           _("Title: {title}").format(title=" ".join((info["title"] or unknown).split())),
           _("Year: {year}  Template: {template} (tables as in {table_template})").format(
               year=info["year"] or unknown, template=info["template"] or "—",
               table_template=info["table_template"] or "—"),
           _("Body: {body}  Level: {level}").format(body=info["body"] or unknown, level=level) + level_from,
           ""]
    for s, sd in zip(report.sections, info["sections"]):
        if only is not None and s.number != only:
            continue
        how = _(HOW[sd["matched"]]) if sd["matched"] in HOW else sd["matched"] or _("not matched")
        if sd["canonical"] and sd["matched"] != "exact":
            how = _("{how}: {canonical}").format(how=how, canonical=sd["canonical"])
        out.append(_("line {line}  {heading}  [{how}]  paragraphs {paragraphs}").format(
            line=sd["line"], heading=sd["heading"], how=how, paragraphs=sd["paragraphs"]))
        for t, td in zip(s.tables, sd["tables"]):
            state = _("readable") if t.readable else _("unreadable (GI001)")
            out.append("  " + _("table  from line {line}  {layout} layout  {state}").format(
                line=td["line"], layout=t.layout, state=state))
            for g in grids(t, tt):
                if g.title:
                    out.append(f"  {g.title}")
                out.append("\n".join("  " + ln for ln in render_text(g, _marks(t, findings)).split("\n")))
            for p in t.problems:
                out.append(f"  ✗ {p}")
            for m in td["gi001"]:
                out.append(f"  GI001 {m}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main(args, data: bytes, config) -> int:
    try:
        only = section_number(args.section)
        text, _doc = read(args.path, data)
    except (ValueError, InputError) as exc:
        sys.stderr.write(_("{path}: error: {message}").format(path=args.path, message=" ".join(str(exc).split())) + "\n")
        return 2
    analyzer = Analyzer(config, cache_size=0)
    findings = [f for f in analyzer.lint(text) if f.suppressed is None]
    report = analyzer.report
    info = describe(report, config, findings, text)
    if args.format == "json":
        info = dict(info, path=args.path, model=encode(report))
        if only is not None:
            info["sections"] = [s for s in info["sections"] if s["number"] == only]
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(info, report, findings, text, only, args.path, config))
    return 0


__all__ = ["describe", "main", "section_number"]
