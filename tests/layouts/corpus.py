"""Report models from the seeds and real cases (tests/cases/seeds, tests/cases/real): their
body, year and table figures as gilint's own reader reads them, on the model's clean
paragraphs. A cell that is not a plain number there becomes 0 (its defect is the case's own,
checked by test_seeds/test_rules; here defects are injected), and the figures keep whatever
identity they break in the published report (the model then expects that finding).
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from gilint.packs import default_config
from gilint.read.structure import build_report
from layouts.model import ReportModel, build, is_number

CASES = Path(__file__).resolve().parent.parent / "cases"


def case_files() -> list[Path]:
    return sorted((CASES / "seeds").glob("*.txt")) + sorted((CASES / "real").glob("*.txt"))


def _cells(cells, n: int) -> list[str] | None:
    texts = [c.text.strip() for c in cells]
    if len(texts) != n:
        return None
    return [t if is_number(t) and not t.startswith("-") else "0" for t in texts]


@lru_cache(maxsize=None)
def _figures(path: Path):
    """(year, body, level, section 三 by key, section 四 by group, section 二 by row label) as
    gilint reads the case; None without a year of a template."""
    report = build_report(path.read_text(encoding="utf-8"), default_config().reading)
    if report.year is None or default_config().template_for_year(report.year) is None:
        return None
    s3 = {row.key: row.values for t in report.tables("section3") for row in t.rows if row.key}
    s4 = [row.values for t in report.tables("section4") for row in t.rows][:3]
    s2 = {row.key: row.values for t in report.tables("section2") for row in t.rows}
    return report.year, report.body, report.level, s3, s4, s2


def from_case(path: Path, seed: int = 0) -> ReportModel | None:
    """A clean model carrying the case's body, year and figures (None if it has no year)."""
    figures = _figures(path)
    if figures is None:
        return None
    year, body, level, s3, s4, s2 = figures
    m = build(random.Random(seed), year=year, body=body or None)
    if body:
        m.title = f"{body}{year}年政府信息公开工作年度报告"
        m.signing = [body if i == 0 else t for i, t in enumerate(m.signing)]
    for key, cells in s3.items():
        vals = _cells(cells, 7) if key in m.s3 else None
        if vals:
            m.s3[key] = vals
    for k, cells in enumerate(s4):
        vals = _cells(cells, 5)
        if vals:
            m.s4[k] = vals
    for st in m.s2:
        for i, (canon, label, vals) in enumerate(st.rows):
            got = _cells(s2[canon], len(vals)) if canon in s2 else None
            if got:
                if canon in m.tpl.rule_making_rows and level in ("township", "county-government",
                                                                "county-department"):
                    got = ["0"] * len(got)       # GI503 only where a defect puts it
                st.rows[i] = (canon, label, got)
    return m
