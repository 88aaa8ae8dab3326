from __future__ import annotations

from functools import lru_cache

import regex

from gilint.checks.base import Option, Rule
from gilint.findings import Edit, Fix


_BRACKETED = regex.compile(r"^(?P<issuer>.*?)\s*[〔\[（(【]\s*(?P<year>\d{4})\s*[〕\]）)】]\s*(?P<number>\d+)\s*号$")


@lru_cache(maxsize=16)
def reference_pattern(reference: str):
    """(pattern, what every match begins with) for a document reference such as
    国办公开办函〔2019〕60号: any bracket style, spaces allowed around the year and number;
    another shape is matched as written."""
    ref = regex.sub(r"\s+", "", reference)
    m = _BRACKETED.match(ref)
    if not m or not m["issuer"]:
        return regex.compile(regex.escape(ref)), regex.compile(regex.escape(ref))
    issuer = regex.escape(m["issuer"])
    source = (issuer + r"\s*[〔\[（(【]\s*" + m["year"] + r"\s*[〕\]）)】]\s*" + m["number"] + r"\s*号")
    return regex.compile(source), regex.compile(issuer)


class SupersededReference(Rule):
    """A report for 2021 or later cites the superseded 国办公开办函〔2019〕60号.

    ## What it does
    Reports a citation of 国办公开办函〔2019〕60号 (any bracket style) in a report for 2021 or
    later.

    ## Why
    From report year 2021 the format is fixed by 国办公开办函〔2021〕30号; citing 60号 usually
    means last year's text was copied.

    ## Basis
    国办公开办函〔2021〕30号 (2021-09-26).

    ## Example
    `根据……《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）`

    ## Use instead
    `（国办公开办函〔2021〕30号）`

    ## Fix
    Replaces the reference (safe).
    """
    code, name, severity, fix = "GI206", "superseded-reference", "warning", "safe"
    options = {
        "superseded": Option(str, '国办公开办函〔2019〕60号', "the superseded reference (any bracket style, spaces allowed, matches)"),
        "replacement": Option(str, '国办公开办函〔2021〕30号', "what the fix writes instead"),
        "applies_from_year": Option(int, 2021, "report years from which the reference is superseded"),
    }

    def check(self):
        r = self.ctx.report
        if r.year is None or r.year < int(self.params["applies_from_year"]):
            return
        new = self.params["replacement"]
        pattern, begins = reference_pattern(self.params["superseded"])
        for at, m in self.sentence_matches(pattern, begins):
            a, b = at + m.start(), at + m.end()
            self.report(a, b, f"{r.year}年度报告引用了已被替代的“{m.group(0)}”，应为“{new}”",
                        Fix((Edit(a, b, new),), safe=True, description=f"改为“{new}”"))
