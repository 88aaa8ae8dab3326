from __future__ import annotations

import regex

from gilint.checks.base import Option, Rule
from gilint.checks.kinds.deadline import DEADLINE_SCHEMA
from gilint.lazyre import lazy


SIGN_DATE = r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$"
_SIGN_DATE = lazy(regex, SIGN_DATE)


class LatePublication(Rule):
    """The signing date is after the deadline that applies to this body.

    ## What it does
    Compares the date under the signature with the publication deadline that applies to the
    issuing body: the pack's (`[report] deadline = "01-31"`, or per level:
    `deadline = { township = "02-20" }`), else the national defaults of article 49 — a
    department of a government at county level and above (county, city and provincial
    departments, State Council departments) by 1月31日, a government's own report (its name ends
    in 人民政府, or a county-level government) by 3月31日. Townships and 街道 have no national
    deadline: only a pack sets theirs. Nothing is reported where no deadline applies or the
    body's level is unknown.

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
    doc_zh = """落款日期晚于本机关适用的公布期限。

    ## 作用
    将落款下的日期与发布机关适用的公布期限比较：规则包中设置的期限（`[report] deadline = "01-31"`，或按层级：`deadline = { township = "02-20" }`），没有设置时用《条例》第四十九条的全国默认期限——县级以上人民政府部门（县、市、省级部门，国务院部门）1月31日前，本级政府的年度报告（名称以“人民政府”结尾，或县级人民政府）3月31日前。乡镇、街道没有全国统一期限：只有规则包能设置。没有适用期限或机关层级不明时不报告。

    ## 原因
    《条例》第四十九条：县级以上人民政府部门应当在每年1月31日前公布本部门上一年度的年度报告；县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前公布本级政府的年度报告；乡镇、街道的期限由地方规定。

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条；所在省、市的实施规定。

    ## 示例
    期限为1月31日，落款为 `2021年2月4日`。

    ## 正确写法
    在期限内公布。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI403", "late-publication", "warning"
    options = {"deadline": Option((str, dict), None, "publication deadline \"MM-DD\" of the year after the report year, or a table by body level (also [report] deadline)", DEADLINE_SCHEMA)}

    def check(self):
        r = self.ctx.report
        deadline = self.ctx.config.report.deadline or self.params["deadline"]
        if isinstance(deadline, dict):
            deadline = deadline.get(r.level or "", deadline.get("default"))
        basis = ""
        if not deadline:
            deadline, basis = national_deadline(r.level, r.body)
        if not deadline or r.year is None or not r.closing:
            return
        sp = r.closing[-1]
        m = _SIGN_DATE.match(sp.text)
        if not m:
            return
        import datetime as dt  # start-up: only for a report with a signing date and a deadline
        try:
            signed = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            mm, dd = (int(x) for x in str(deadline).split("-"))
            due = dt.date(r.year + 1, mm, dd)
        except ValueError:
            return
        if signed > due:
            self.report(sp.start + m.start(1), sp.start + m.end(3) + 1,
                        f"落款日期{signed.year}年{signed.month}月{signed.day}日晚于公开期限{due.year}年{due.month}月{due.day}日{basis}")


GOVERNMENT = lazy(regex, r"人民政府$")
_BRACKETS_AND_BLANKS = lazy(regex, r"[（(].*?[)）]|\s")


def national_deadline(level: str | None, body: str | None) -> tuple[str | None, str]:
    """条例 art. 49's deadline for a body ("MM-DD", why) — (None, "") for 乡镇/街道 (set by
    packs) and unknown bodies."""
    if level in (None, "township"):
        return None, ""
    name = _BRACKETS_AND_BLANKS.sub("", body or "")
    if level == "county-government" or (level in ("city", "province") and GOVERNMENT.search(name)):
        return "03-31", "（条例第四十九条：本级人民政府年度报告3月31日前公布）"
    return "01-31", "（条例第四十九条：县级以上人民政府部门1月31日前公布）"
