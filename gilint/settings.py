"""What the reader needs to read a report (the core layer): the templates and the report
settings. ``gilint.config.Config`` carries them (``Config.reading``) with everything else of a
configuration; the read layer sees only this."""
from __future__ import annotations

from gilint.record import Fresh, FrozenRecord, Record
from gilint.templates import Template


class ReportSettings(Record):
    FIELDS = {"level": None,          # one of BODY_LEVELS; inferred from the body's name if None
              "body": None,           # issuing body's name
              "year": None,           # report year; inferred from the title if None
              # Publication deadline for GI403 as "MM-DD" of the year after the report year, or
              # a table {level: "MM-DD"}.
              "deadline": None}


class ReadSettings(FrozenRecord):
    FIELDS = {"templates": (),                  # tuple[Template, ...]
              "report": Fresh(ReportSettings)}

    def __init__(self, templates: tuple = (), report: ReportSettings | None = None):
        d = self.__dict__   # (frozen: fields set once, here; made on every lint)
        d["templates"] = templates
        d["report"] = ReportSettings() if report is None else report

    def template_for_year(self, year: int | None) -> Template | None:
        if year is None:
            return None
        # asked twice per lint (the reader, the engine) of the Analyzer's one ReadSettings:
        # kept per year (the templates are fixed once made)
        known = self.__dict__.setdefault("_by_year", {})
        if year not in known:
            known[year] = next((t for t in self.templates if t.covers(year)), None)
        return known[year]
