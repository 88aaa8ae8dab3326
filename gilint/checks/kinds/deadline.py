from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    import datetime as dt
    from typing import Any

import regex

from gilint.checks.kinds.base import Kind, KindError, opt_str
from gilint.config import BODY_LEVELS
from gilint.regexsafe import compile_pattern
from gilint.tomlload import ConfigError
from gilint.i18n import gettext as _


_MMDD = {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
         "description": "MM-DD of the year after the report year"}
# The JSON Schema of a deadline (GI403's option, [report] deadline, the deadline kind's).
DEADLINE_SCHEMA = {
    "description": "Publication deadline for GI403: \"MM-DD\", or a table by body level with "
                   "an optional default. Setting it enables GI403 (unless the same pack sets "
                   "[rules.GI403] enabled).",
    "oneOf": [_MMDD, {"type": "object", "additionalProperties": False,
                      "properties": {k: _MMDD for k in BODY_LEVELS + ("default",)}}],
}


def parse_mmdd(value: Any, key: str = "deadline") -> tuple[int, int]:
    if not isinstance(value, str) or not regex.fullmatch(r"\d{2}-\d{2}", value):
        raise KindError(_("`{key}` must be a date \"MM-DD\" (e.g. \"01-31\"); got {value!r}").format(key=key, value=value), key)
    mm, dd = int(value[:2]), int(value[3:])
    import datetime as dt  # start-up: only where a deadline is set
    try:
        dt.date(2024, mm, dd)          # a leap year: 02-29 is allowed
    except ValueError:
        raise KindError(_("`{key}`: no such date {value!r}").format(key=key, value=value), key) from None
    return mm, dd


def check_deadline_value(value: Any, key: str = "deadline") -> None:
    """A deadline is "MM-DD" or a table {level or "default": "MM-DD"}."""
    if isinstance(value, dict):
        for level, v in value.items():
            if level not in BODY_LEVELS + ("default",):
                raise KindError(_("`{key}`: unknown level {level!r} (one of {v0}, default)").format(key=key, level=level, v0=', '.join(BODY_LEVELS)), key)
            parse_mmdd(v, key)
    else:
        parse_mmdd(value, key)


def deadline_for(value: Any, level: str | None) -> str | None:
    if isinstance(value, dict):
        return value.get(level or "", value.get("default"))
    return value


def due_date(value: Any, level: str | None, year: int | None) -> dt.date | None:
    """The last day to publish a report of ``year`` by a body of ``level``, for a deadline
    ``value`` ("MM-DD" of the next year, or a table by level); None if none applies."""
    deadline = deadline_for(value, level)
    if not deadline or year is None:
        return None
    try:
        mm, dd = parse_mmdd(deadline)
        import datetime as dt  # start-up: only where a deadline is set
        return dt.date(year + 1, mm, dd)
    except (KindError, ValueError):
        return None


DATE = r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"


class Deadline(Kind):
    """A date written in the scope (by default: the signing date, the last date in the lines
    after section 六) must not be later than ``deadline`` ("MM-DD", or a table by body level
    with an optional ``default``) of the year after the report year. Without ``deadline`` the
    ``[report] deadline`` applies. ``which`` picks the ``last`` (default), ``first`` or ``all``
    dates in the scope; ``pattern`` is a regular expression with the groups ``year``,
    ``month`` and ``day`` for dates written otherwise."""
    doc_zh = """范围内写的日期（默认：落款日期，即第六部分之后各行中的最后一个日期）不得晚于报告年度次年的 ``deadline``（"MM-DD"，或按机关层级的对照表，可带 ``default``）。没有 ``deadline`` 时适用 ``[report] deadline``。``which`` 选择范围内 ``last``（默认）、``first`` 或 ``all`` 日期；``pattern`` 是带 ``year``、``month``、``day`` 分组的正则表达式，用于其他写法的日期。

    依据：《中华人民共和国政府信息公开条例》第四十九条（县级以上人民政府部门1月31日前，本级政府年度报告3月31日前；乡镇、街道由地方规定）。
    """
    name = "deadline"
    options = ("deadline", "which", "pattern")
    placeholders = ("deadline", "date")
    default_message = "日期“{match}”晚于期限{deadline}"
    default_scope = "closing"

    def __init__(self, opts):
        super().__init__(opts)
        self.deadline = opts.get("deadline")
        if self.deadline is not None:
            check_deadline_value(self.deadline)
        self.which = opt_str(opts, "which", "last", ("last", "first", "all"))
        src = opt_str(opts, "pattern", DATE)
        try:
            self.pat = compile_pattern(src)
        except ConfigError as exc:
            raise KindError(exc.message.split(": ", 1)[-1], "pattern") from None
        if not {"year", "month", "day"} <= set(self.pat.groupindex):
            raise KindError(_("`pattern` needs the named groups (?P<year>…), (?P<month>…) and (?P<day>…)"), "pattern")

    def check(self, rule):
        r = rule.ctx.report
        due = due_date(self.deadline if self.deadline is not None else rule.ctx.config.report.deadline,
                       r.level, r.year)
        if due is None:
            return
        spans = [(a, m) for a, _b, m, _ in self.matches(rule, [("", self.pat)])]
        if self.which == "last":
            spans = spans[-1:]
        elif self.which == "first":
            spans = spans[:1]
        import datetime as dt  # start-up: only where a deadline is set
        for a, m in spans:
            try:
                d = dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            except ValueError:
                continue
            if d > due:
                rule.report(a, a + len(m.group(0)),
                            self.say(match=m.group(0), date=f"{d.year}年{d.month}月{d.day}日",
                                     deadline=f"{due.year}年{due.month}月{due.day}日"))
