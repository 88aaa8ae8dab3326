"""Report models from the seeds and real cases (tests/cases/seeds, tests/cases/real): their
body, year and table figures as gilint's own reader reads them, on the model's clean
paragraphs. A cell that is not a plain number there becomes 0 (its defect is the case's own,
checked by test_seeds/test_rules; here defects are injected), and the figures keep whatever
identity they break in the published report (the model then expects that finding).
"""
from __future__ import annotations

import random
from pathlib import Path

from gilint.config import Config
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


def from_case(path: Path, seed: int = 0) -> ReportModel | None:
    """A clean model carrying the case's body, year and figures (None if it has no year)."""
    report = build_report(path.read_text(encoding="utf-8"), Config.default())
    if report.year is None or Config.default().template_for_year(report.year) is None:
        return None
    m = build(random.Random(seed), year=report.year, body=report.body or None)
    if report.body:
        m.title = f"{report.body}{report.year}年政府信息公开工作年度报告"
        m.signing = [report.body if i == 0 else t for i, t in enumerate(m.signing)]
    for t in report.tables("section3"):
        for row in t.rows:
            vals = _cells(row.values, 7) if row.key in m.s3 else None
            if vals:
                m.s3[row.key] = vals
    for t in report.tables("section4"):
        for k, row in enumerate(t.rows[:3]):
            vals = _cells(row.values, 5)
            if vals:
                m.s4[k] = vals
    for t in report.tables("section2"):
        read = {r.key: r for r in t.rows}
        for st in m.s2:
            for i, (canon, label, vals) in enumerate(st.rows):
                row = read.get(canon)
                got = _cells(row.values, len(vals)) if row is not None else None
                if got:
                    if canon in m.tpl.rule_making_rows and report.level in ("township", "county-government",
                                                                           "county-department"):
                        got = ["0"] * len(got)       # GI503 only where a defect puts it
                    st.rows[i] = (canon, label, got)
    return m
