"""The corpus as the cross-document rules see it: reports grouped by body into series.

Built from the audit database (``reports`` of status ok with a body and a year), so the rules
never hold every report in memory: they ask for the cells of the few reports they compare.
"""
from __future__ import annotations

from dataclasses import dataclass

from gilint.templates import norm


@dataclass(frozen=True)
class Rep:
    id: int
    path: str
    body: str
    year: int
    level: str | None
    parent: str | None
    template: str | None


class Corpus:
    def __init__(self, con, manifest=None, units: dict | None = None):
        self.con = con
        self.manifest = manifest
        self.reports: dict[int, Rep] = {}
        self.series: dict[str, dict[int, list[Rep]]] = {}
        q = ("SELECT id, path, body, year, level, parent, template FROM reports "
             "WHERE status='ok' AND body IS NOT NULL AND year IS NOT NULL ORDER BY body, year, path")
        for row in con.execute(q):
            r = Rep(*row)
            self.reports[r.id] = r
            self.series.setdefault(r.body, {}).setdefault(r.year, []).append(r)
        self.units = units or {}

    def report(self, body: str, year: int) -> Rep | None:
        """The body's report for a year (the first by path where a year has two files)."""
        got = self.series.get(body, {}).get(year)
        return got[0] if got else None

    def consecutive(self):
        """(report of year N−1, report of year N) for each body: consecutive years only, never
        across a gap."""
        for body, years in self.series.items():
            for y in sorted(years):
                if y - 1 in years:
                    yield years[y - 1][0], years[y][0]

    def rows(self, report_id: int, kind: str, keys: tuple = ()) -> dict[str, list[tuple]]:
        """row key (section 三/四) or ``item|label`` (section 二) → the row's cells, as
        (col_no, col_label, value, text, line, column, start, end), in column order; only the
        rows of ``keys`` (row keys) if given."""
        out: dict[str, list[tuple]] = {}
        only = f" AND row_key IN ({','.join('?' * len(keys))})" if keys else ""
        q = ('SELECT row_key, item, row_label, col_no, col_label, value, text, line, "column", '
             f'start, "end" FROM cells WHERE report_id=? AND kind=?{only} ORDER BY table_no, row_no, col_no')
        for key, item, label, *rest in self.con.execute(q, (report_id, kind, *keys)):
            k = key if kind != "section2" else f"{norm(item or '')}|{norm(key or label or '')}"
            if k is None:
                continue
            cells = out.setdefault(k, [])
            if len(cells) == rest[0]:   # the first table's row wins over a repeated one
                cells.append(tuple(rest))
        return out
