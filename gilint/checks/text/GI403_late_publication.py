from __future__ import annotations

import datetime as dt

import regex

from gilint.checks.base import Option, Rule
from gilint.checks.kinds.deadline import DEADLINE_SCHEMA, due_date


# GI403 is off unless a pack sets a deadline: compiled on first use.
SIGN_DATE = r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$"


class LatePublication(Rule):
    """The signing date is after the deadline that applies to this body.

    ## What it does
    Compares the date under the signature with the publication deadline set by the pack
    (`[report] deadline = "01-31"`, or per level: `deadline = { township = "02-20" }`).
    Off where no deadline is set.

    ## Why
    Article 49: departments of governments at county level and above publish by 1月31日; a
    local government's own report by 3月31日; township and 街道 deadlines are set locally.

    ## Basis
    《政府信息公开条例》第四十九条; the province's or city's implementing rules.

    ## Example
    Signed `2021年2月4日` under a 1月31日 deadline.

    ## Use instead
    Publish by the deadline.
    """
    code, name, severity = "GI403", "late-publication", "warning"
    options = {"deadline": Option((str, dict), None, "publication deadline \"MM-DD\" of the year after the report year, or a table by body level (also [report] deadline)", DEADLINE_SCHEMA)}
    enabled_by_default = False

    def check(self):
        r = self.ctx.report
        due = due_date(self.ctx.config.report.deadline or self.params["deadline"], r.level, r.year)
        if due is None or not r.closing:
            return
        sp = r.closing[-1]
        m = regex.match(SIGN_DATE, sp.text)
        if not m:
            return
        try:
            signed = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return
        if signed > due:
            self.report(sp.start + m.start(1), sp.start + m.end(3) + 1,
                        f"落款日期{signed.year}年{signed.month}月{signed.day}日晚于公开期限{due.year}年{due.month}月{due.day}日")
