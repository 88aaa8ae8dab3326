"""Rules that packs declare in TOML: check kinds are code, rules are data (Vale-like).

A pack declares a rule in its ``[rules]`` table with a code in its own prefix and a ``kind``::

    prefix = "QH"

    [rules.QH101]
    kind = "forbidden"
    name = "vague-etc"
    message = "公文中不宜使用“{match}”"
    severity = "warning"
    scope = "paragraphs"
    phrases = ["等等"]

:mod:`gilint.packs` merges the packs and then builds, for every declared code, a subclass of
:class:`gilint.checks.base.Rule` (:func:`build_rule`) whose check is an instance of the kind
class. So a declared rule is enabled, selected, ignored, given a severity and isolated from
failures exactly like a national rule. The engine runs ``config.declared``.

Built-in kinds: ``forbidden``, ``substitution``, ``required``, ``range``, ``deadline``. Installed
packages add kinds through the ``gilint.checks`` entry-point group; their names contain a colon
(``kind = "demo:word-count"``). A kind class is constructed with the rule's merged options (a
dict: the rule's table after merging, ``extend-`` keys applied) and raises :class:`KindError`
(or ``ValueError``) for a bad option; its ``check(rule)`` reports through ``rule.report``.
Nothing a pack names is imported or evaluated except installed entry points.

Regular expressions are compiled with the ``regex`` module and run under the timeout of
:mod:`gilint.regexsafe`: a catastrophic pattern raises a configuration error naming the rule.
"""
from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import regex

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix
from gilint.regexsafe import compile_pattern, finditer_timeout
from gilint.templates import norm
from gilint.tomlload import ConfigError

ENTRY_POINT_GROUP = "gilint.checks"
SEVERITIES = ("error", "warning", "info")
SCOPES = ("text", "title", "preamble", "headings", "paragraphs", "cells", "closing", "section")
# Scopes that `section = N` narrows down.
SECTION_SCOPES = ("headings", "paragraphs", "cells", "section")
# Keys every declared rule may have, whatever its kind.
COMMON_KEYS = ("kind", "name", "message", "severity", "enabled", "description", "scope", "section")
CODE = r"^([A-Z]{2,4})(\d{3})$"              # (sources: compiled when a pack declares rules)
NAME = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class KindError(ValueError):
    """A bad option of a declared rule; ``key`` names the option (for the error's position)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


# -- helpers for kinds (built-in and plugins) --------------------------------------------------
def format_message(template: str, values: dict[str, Any]) -> str:
    """``{name}`` → values[name]; ``{{``/``}}`` → braces; unknown names stay as written.
    (Not str.format: a pack's message must not reach attributes of the values.)"""
    def sub(m):
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        key = m.group(1)
        return str(values[key]) if key in values else m.group(0)
    return regex.sub(r"\{\{|\}\}|\{([A-Za-z_]\w*)\}", sub, template)


def placeholders(template: str) -> set[str]:
    return set(regex.findall(r"(?<!\{)\{([A-Za-z_]\w*)\}", template))


def _str_list(opts: dict, key: str, required: bool = False) -> list[str]:
    v = opts.get(key)
    if v is None:
        if required:
            raise KindError(f"missing `{key}`", key)
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise KindError(f"`{key}` must be a list of non-empty strings", key)
    return list(v)


def _bool(opts: dict, key: str, default: bool) -> bool:
    v = opts.get(key, default)
    if not isinstance(v, bool):
        raise KindError(f"`{key}` must be true or false", key)
    return v


def _str(opts: dict, key: str, default: str | None = None, choices=None) -> str | None:
    v = opts.get(key, default)
    if v is not None and not isinstance(v, str):
        raise KindError(f"`{key}` must be a string", key)
    if choices and v is not None and v not in choices:
        raise KindError(f"`{key}` must be one of {', '.join(choices)}; got {v!r}", key)
    return v


def parse_mmdd(value: Any, key: str = "deadline") -> tuple[int, int]:
    if not isinstance(value, str) or not regex.fullmatch(r"\d{2}-\d{2}", value):
        raise KindError(f"`{key}` must be a date \"MM-DD\" (e.g. \"01-31\"); got {value!r}", key)
    mm, dd = int(value[:2]), int(value[3:])
    try:
        dt.date(2024, mm, dd)          # a leap year: 02-29 is allowed
    except ValueError:
        raise KindError(f"`{key}`: no such date {value!r}", key) from None
    return mm, dd


def check_deadline_value(value: Any, key: str = "deadline") -> None:
    """A deadline is "MM-DD" or a table {level or "default": "MM-DD"}."""
    from gilint.config import BODY_LEVELS
    if isinstance(value, dict):
        for level, v in value.items():
            if level not in BODY_LEVELS + ("default",):
                raise KindError(f"`{key}`: unknown level {level!r} (one of "
                                f"{', '.join(BODY_LEVELS)}, default)", key)
            parse_mmdd(v, key)
    else:
        parse_mmdd(value, key)


def deadline_for(value: Any, level: str | None) -> str | None:
    if isinstance(value, dict):
        return value.get(level or "", value.get("default"))
    return value


class Scope:
    """Where a rule looks: a list of scope names, optionally narrowed to sections."""

    def __init__(self, opts: dict, default: str = "text"):
        raw = opts.get("scope", None)
        sec = opts.get("section")
        if raw is None:
            raw = "section" if sec is not None else default
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise KindError("`scope` must be a scope name or a list of them", "scope")
        for n in names:
            if n not in SCOPES:
                raise KindError(f"unknown scope {n!r} (one of {', '.join(SCOPES)})", "scope")
        if sec is None:
            self.sections = None
            if "section" in names:
                raise KindError("scope \"section\" needs `section = N` (1–6)", "section")
        else:
            secs = [sec] if isinstance(sec, int) and not isinstance(sec, bool) else sec
            if (not isinstance(secs, list) or not secs
                    or not all(isinstance(s, int) and not isinstance(s, bool) and 1 <= s <= 6 for s in secs)):
                raise KindError("`section` must be a section number 1–6 or a list of them", "section")
            bad = [n for n in names if n not in SECTION_SCOPES]
            if bad:
                raise KindError(f"`section` narrows only the scopes {', '.join(SECTION_SCOPES)}; "
                                f"not {bad[0]!r}", "section")
            self.sections = tuple(secs)
        self.names = tuple(names)

    def __str__(self):
        s = "+".join(self.names)
        return s + (f" of section {','.join(map(str, self.sections))}" if self.sections else "")

    def sections_of(self, report):
        if self.sections is None:
            return list(report.sections)
        return [s for s in report.sections if s.number in self.sections]

    def spans(self, report, text: str) -> list[tuple[int, int]]:
        """The (start, end) ranges of the text in scope, in order, without duplicates."""
        out: list[tuple[int, int]] = []
        secs = self.sections_of(report)
        for name in self.names:
            if name == "text":
                out.append((0, len(text)))
            elif name == "title" and report.title is not None:
                out.append((report.title.start, report.title.end))
            elif name == "preamble":
                out += [(p.start, p.end) for p in report.preamble]
            elif name == "closing":
                out += [(p.start, p.end) for p in report.closing]
            elif name == "headings":
                for s in secs:
                    out += [(h.start, h.end) for h in [s.heading] + list(s.subheadings)]
            elif name == "paragraphs":
                if self.sections is None:
                    out += [(p.start, p.end) for p in report.preamble]
                for s in secs:
                    out += [(p.start, p.end) for p in s.paragraphs]
            elif name == "cells":
                for s in secs:
                    for t in s.tables:
                        out += [(c.start, c.end) for c in table_cells(t)]
            elif name == "section":
                out += [(s.start, s.end) for s in secs]
        seen, uniq = set(), []
        for sp in sorted(out):
            if sp not in seen and sp[1] > sp[0]:
                seen.add(sp)
                uniq.append(sp)
        return uniq

    def anchor(self, report, text: str) -> list[tuple[int, int]]:
        """Where to report something missing from the scope: each section's heading when the
        scope names sections (missing sections are GI101's business), else the title."""
        if self.sections is not None:
            return [(s.heading.start, s.heading.end) for s in self.sections_of(report)]
        if report.title is not None:
            return [(report.title.start, report.title.end)]
        first = regex.search(r"\S[^\n]*", text)
        return [(first.start(), first.end())] if first else [(0, 0)]


def table_cells(table):
    cells = list(table.header)
    for st in table.subtables:
        cells += [st.item] + list(st.header)
    for row in table.rows:
        cells += ([row.group] if row.group is not None else []) + \
                 ([row.label] if row.label is not None else []) + list(row.values)
    return [c for c in cells if c is not None]


# -- kinds ------------------------------------------------------------------------------------
class Kind:
    """Base class of check kinds. Subclasses set ``name``, ``options`` (the kind's own keys),
    ``placeholders`` (message fields besides ``match``) and ``default_message``; ``__init__``
    validates the options (raise KindError), ``check(rule)`` reports findings."""
    name = ""
    options: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    default_message = "{match}"
    default_scope = "text"
    needs_template = False         # skip on reports out of the templates' years (GI003)

    def __init__(self, opts: dict):
        self.opts = opts
        self.message = _str(opts, "message", self.default_message)
        self.scope = Scope(opts, self.default_scope)
        unknown = placeholders(self.message) - set(self.placeholders) - {"match"}
        if unknown:
            raise KindError(f"unknown placeholder {{{sorted(unknown)[0]}}} in `message` (available: "
                            f"{', '.join('{' + p + '}' for p in ('match',) + self.placeholders)})",
                            "message")

    def check(self, rule: "DeclaredRule") -> None:
        raise NotImplementedError

    @property
    def fix_safety(self) -> str:
        """"safe", "unsafe" or "none": what the rule's fixes are (for `gilint rules`/docs)."""
        return "none"

    # helpers
    def say(self, **values) -> str:
        return format_message(self.message, values)

    @staticmethod
    def _patterns(literal: list[str], patterns: list[str], ignore_case: bool,
                  key_regex: str = "patterns"):
        flags = regex.IGNORECASE if ignore_case else 0
        out = []
        for p in literal:
            out.append((p, compile_pattern(regex.escape(p), "", flags)))
        for p in patterns:
            try:
                out.append((p, compile_pattern(p, "", flags)))
            except ConfigError as exc:
                raise KindError(exc.message.split(": ", 1)[-1], key_regex) from None
        return out

    def matches(self, rule, pats):
        """Every (match, pattern source) in scope, in order, overlapping matches dropped."""
        text, found = rule.ctx.text, []
        for a, b in self.scope.spans(rule.ctx.report, text):
            sub = text[a:b]
            for src, pat in pats:
                for m in finditer_timeout(pat, sub, 0, len(sub), rule.code):
                    if m.end() > m.start():
                        found.append((a + m.start(), a + m.end(), m, src))
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out, last = [], -1
        for f in found:
            if f[0] >= last:
                out.append(f)
                last = f[1]
        return out


class Forbidden(Kind):
    """Phrases (literal) or patterns (regular expressions) that must not appear in the scope.
    ``replace`` gives a fix that replaces the match (``""`` deletes it); ``safe`` (default false)
    says whether the fix may be applied without review."""
    name = "forbidden"
    options = ("phrases", "patterns", "ignore-case", "replace", "safe")
    default_message = "不应使用“{match}”"

    def __init__(self, opts):
        super().__init__(opts)
        self.phrases = _str_list(opts, "phrases")
        self.patterns = _str_list(opts, "patterns")
        if not self.phrases and not self.patterns:
            raise KindError("a forbidden rule needs `phrases` or `patterns`", "phrases")
        self.replace = _str(opts, "replace")
        self.safe = _bool(opts, "safe", False)
        self.ignore_case = _bool(opts, "ignore-case", False)
        self.pats = self._patterns(self.phrases, self.patterns, self.ignore_case)

    @property
    def fix_safety(self):
        return "none" if self.replace is None else ("safe" if self.safe else "unsafe")

    def check(self, rule):
        for a, b, m, _ in self.matches(rule, self.pats):
            fix = None
            if self.replace is not None:
                new = m.expand(self.replace) if self.patterns else self.replace
                fix = Fix((Edit(a, b, new),), safe=self.safe,
                          description=f"改为“{new}”" if new else "删除")
            rule.report(a, b, self.say(match=m.group(0)), fix)


class Substitution(Kind):
    """Wrong → right terms (``swap`` table). The fix replaces the wrong term with the right one
    (safe unless ``safe = false``). A match that is already part of the right term (网站 inside
    门户网站 for 网站 → 门户网站) is not reported. With ``regex = true`` the keys are regular
    expressions and the right terms may refer to groups (``\\1``)."""
    name = "substitution"
    options = ("swap", "regex", "ignore-case", "safe")
    placeholders = ("expected",)
    default_message = "应为“{expected}”，而非“{match}”"

    def __init__(self, opts):
        super().__init__(opts)
        swap = opts.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise KindError("a substitution rule needs `swap = { \"wrong\" = \"right\", … }`", "swap")
        for k, v in swap.items():
            if not isinstance(v, str) or not k:
                raise KindError(f"`swap`: the right term for {k!r} must be a string", "swap")
        self.swap = dict(swap)
        self.is_regex = _bool(opts, "regex", False)
        self.safe = _bool(opts, "safe", True)
        ignore_case = _bool(opts, "ignore-case", False)
        keys = list(self.swap)
        self.pats = self._patterns([] if self.is_regex else keys, keys if self.is_regex else [],
                                   ignore_case, key_regex="swap")

    @property
    def fix_safety(self):
        return "safe" if self.safe else "unsafe"

    def check(self, rule):
        text = rule.ctx.text
        for a, b, m, src in self.matches(rule, self.pats):
            right = m.expand(self.swap[src]) if self.is_regex else self.swap[src]
            if right == m.group(0) or self._already_right(text, a, m.group(0), right):
                continue
            rule.report(a, b, self.say(match=m.group(0), expected=right),
                        Fix((Edit(a, b, right),), safe=self.safe, description=f"改为“{right}”"))

    @staticmethod
    def _already_right(text, a, wrong, right) -> bool:
        k = right.find(wrong)
        while k >= 0:
            if a - k >= 0 and text[a - k:a - k + len(right)] == right:
                return True
            k = right.find(wrong, k + 1)
        return False


class Required(Kind):
    """Phrases, patterns or sub-headings that must appear in the scope. ``mode = "all"``
    (default) reports each missing item; ``"any"`` reports once when none is there.
    ``headings`` are looked for in the sub-headings （一）… of the scope's sections (the heading
    up to its first 。 counts). ``insert`` gives an unsafe fix that appends that text as a new
    line at the end of the scope."""
    name = "required"
    options = ("phrases", "patterns", "headings", "mode", "insert", "safe")
    placeholders = ("expected", "scope")
    default_message = "{scope}缺少“{expected}”"
    default_scope = "text"

    def __init__(self, opts):
        super().__init__(opts)
        self.phrases = _str_list(opts, "phrases")
        self.patterns = _str_list(opts, "patterns")
        self.headings = _str_list(opts, "headings")
        if not (self.phrases or self.patterns or self.headings):
            raise KindError("a required rule needs `phrases`, `patterns` or `headings`", "phrases")
        self.mode = _str(opts, "mode", "all", ("all", "any"))
        self.insert = _str(opts, "insert")
        self.safe = _bool(opts, "safe", False)
        self.pats = self._patterns([], self.patterns, False)

    @property
    def fix_safety(self):
        return "none" if self.insert is None else ("safe" if self.safe else "unsafe")

    def _scope_name(self, rule, section) -> str:
        if section is not None:
            tpl = rule.ctx.template or rule.ctx.table_template
            sdef = next((d for d in tpl.sections if d.number == section.number), None) if tpl else None
            return f"“{sdef.heading if sdef else section.heading.text.strip()}”"
        return {"title": "标题", "preamble": "导语", "closing": "落款"}.get(self.scope.names[0], "报告")

    def check(self, rule):
        report, text = rule.ctx.report, rule.ctx.text
        if self.scope.sections is not None:
            groups = [([s], s) for s in self.scope.sections_of(report)]
        else:
            groups = [(None, None)]
        for secs, section in groups:
            if secs is None:
                spans = self.scope.spans(report, text)
                heads = [h for s in report.sections for h in s.subheadings]
                anchor = self.scope.anchor(report, text)
            else:
                one = Scope({"scope": list(self.scope.names), "section": section.number})
                spans = one.spans(report, text)
                heads = list(section.subheadings)
                anchor = [(section.heading.start, section.heading.end)]
            if not anchor:
                continue
            body = "\n".join(text[a:b] for a, b in spans)
            nbody = norm(body)
            head_texts = [norm(regex.split(r"[。；;]", h.text, maxsplit=1)[0]) for h in heads]
            missing = []
            for p in self.phrases:
                if norm(p) not in nbody:
                    missing.append(p)
            for src, pat in self.pats:
                if not finditer_timeout(pat, body, 0, len(body), rule.code):
                    missing.append(src)
            for h in self.headings:
                if not any(norm(h) in t for t in head_texts):
                    missing.append(h)
            total = len(self.phrases) + len(self.pats) + len(self.headings)
            if self.mode == "any":
                missing = ["”或“".join(missing)] if len(missing) == total else []
            a, b = anchor[0]
            for item in missing:
                fix = None
                if self.insert is not None and spans:
                    end = spans[-1][1]
                    while end > 0 and text[end - 1] in " \t\r\n\u3000":
                        end -= 1
                    new = "\n" + format_message(self.insert, {"expected": item})
                    fix = Fix((Edit(end, end, new),), safe=self.safe, description=f"补充“{new.strip()}”")
                rule.report(a, b, self.say(match=text[a:b].strip(), expected=item,
                                           scope=self._scope_name(rule, section)), fix)


class Range(Kind):
    """A number in a table cell must lie within ``min``…``max`` (inclusive). The cell is found
    by ``table`` (``section2``/``section3``/``section4``, or ``section = 2``/``3``/``4``),
    ``row`` (a template row key such as ``new`` or a row label such as 行政许可; a list; all
    rows if omitted) and ``column`` (a column label such as 总计 or 处理决定数量 — a label
    contained in the template's column counts — or its 1-based number; all if omitted). Cells
    that are not plain numbers are GI301's business and are skipped."""
    name = "range"
    options = ("table", "row", "column", "min", "max")
    placeholders = ("value", "min", "max", "row", "column", "range")
    default_message = "“{row}”行“{column}”列为{value}，超出范围{range}"
    needs_template = True

    TABLES = {2: "section2", 3: "section3", 4: "section4"}

    def __init__(self, opts):
        o = dict(opts)
        sec = o.pop("section", None)            # `section` picks the table here, not a scope
        table = o.get("table")
        if table is None and sec is not None:
            if sec not in self.TABLES:
                raise KindError("`section` of a range rule must be 2, 3 or 4 (the sections with "
                                "tables)", "section")
            table = self.TABLES[sec]
        o["scope"] = "text"
        super().__init__(o)
        if table not in self.TABLES.values():
            raise KindError("a range rule needs `table = \"section2\"|\"section3\"|\"section4\"` "
                            "(or `section = 2|3|4`)", "table")
        self.table = table
        self.rows = _str_list(opts, "row")
        col = opts.get("column")
        cols = [] if col is None else (col if isinstance(col, list) else [col])
        for c in cols:
            if not ((isinstance(c, str) and c) or (isinstance(c, int) and not isinstance(c, bool) and c >= 1)):
                raise KindError("`column` must be a column label, a 1-based column number, or a "
                                "list of them", "column")
        self.columns = cols
        self.min, self.max = opts.get("min"), opts.get("max")
        for k in ("min", "max"):
            v = opts.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise KindError(f"`{k}` must be a number", k)
        if self.min is None and self.max is None:
            raise KindError("a range rule needs `min`, `max` or both", "max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise KindError("`min` is greater than `max`", "min")

    def validate_against(self, templates) -> None:
        """Row and column names must exist in at least one template (typos are errors)."""
        if not templates:
            return
        row_names, col_names = set(), set()
        for t in templates:
            if self.table == "section3":
                row_names |= {r.key for r in t.s3_rows} | {norm(r.label) for r in t.s3_rows}
                col_names |= {norm(c) for c in t.s3_columns}
            elif self.table == "section2":
                for st in t.s2_subtables:
                    row_names |= {norm(r) for r in st.rows}
                    col_names |= {norm(c) for c in st.columns}
            else:
                row_names |= {norm(g) for g in t.s4_groups}
                col_names |= {norm(c) for c in t.s4_columns}
        for r in self.rows:
            if r not in row_names and not any(norm(r) in n for n in row_names):
                raise KindError(f"`row`: no row {r!r} in the {self.table} table of any template", "row")
        for c in self.columns:
            if isinstance(c, str) and not any(norm(c) in n for n in col_names):
                raise KindError(f"`column`: no column {c!r} in the {self.table} table of any template",
                                "column")

    def _row_ok(self, row, label: str) -> bool:
        if not self.rows:
            return True
        for r in self.rows:
            if row.key == r or norm(r) == label or (len(norm(r)) >= 2 and norm(r) in label):
                return True
        return False

    def _col_ok(self, index: int, name: str) -> bool:
        if not self.columns:
            return True
        for c in self.columns:
            if isinstance(c, int):
                if c == index + 1:
                    return True
            elif norm(c) == norm(name) or norm(c) in norm(name):
                return True
        return False

    def check(self, rule):
        from gilint.checks.tables import cell_kinds, parse_number
        tpl = rule.ctx.table_template
        if tpl is None:
            return
        lo = "" if self.min is None else _num(self.min)
        hi = "" if self.max is None else _num(self.max)
        rng = f"{lo}–{hi}" if lo and hi else (f"≥{lo}" if lo else f"≤{hi}")
        for t in rule.ctx.report.tables(self.table):
            index: dict[int, int] = {}
            for row, cell, _kind, col in cell_kinds(t, tpl):
                i = index[id(row)] = index.get(id(row), -1) + 1
                label = norm(row.label.text) if row.label is not None else (row.key or "")
                if not self._row_ok(row, label) or not self._col_ok(i, col):
                    continue
                v = parse_number(cell.text)
                if v is None:
                    continue
                if (self.min is not None and v < self.min) or (self.max is not None and v > self.max):
                    shown = regex.sub(r"\s+", "", row.label.text) if row.label is not None else row.key
                    rule.report(cell.start, cell.end,
                                self.say(match=cell.text.strip(), value=_num(v), min=lo, max=hi,
                                         row=shown, column=col, range=rng))


def _num(v) -> str:
    return str(int(v)) if float(v) == int(v) else f"{v:g}"


DATE = r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"


class Deadline(Kind):
    """A date written in the scope (by default: the signing date, the last date in the lines
    after section 六) must not be later than ``deadline`` ("MM-DD", or a table by body level
    with an optional ``default``) of the year after the report year. Without ``deadline`` the
    ``[report] deadline`` applies. ``which`` picks the ``last`` (default), ``first`` or ``all``
    dates in the scope; ``pattern`` is a regular expression with the groups ``year``,
    ``month`` and ``day`` for dates written otherwise."""
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
        self.which = _str(opts, "which", "last", ("last", "first", "all"))
        src = _str(opts, "pattern", DATE)
        try:
            self.pat = compile_pattern(src)
        except ConfigError as exc:
            raise KindError(exc.message.split(": ", 1)[-1], "pattern") from None
        if not {"year", "month", "day"} <= set(self.pat.groupindex):
            raise KindError("`pattern` needs the named groups (?P<year>…), (?P<month>…) and "
                            "(?P<day>…)", "pattern")

    def check(self, rule):
        r = rule.ctx.report
        deadline = deadline_for(self.deadline if self.deadline is not None
                                else rule.ctx.config.report.deadline, r.level)
        if not deadline or r.year is None:
            return
        try:
            mm, dd = parse_mmdd(deadline)
            due = dt.date(r.year + 1, mm, dd)
        except (KindError, ValueError):
            return
        spans = [(a, m) for a, _b, m, _ in self.matches(rule, [("", self.pat)])]
        if self.which == "last":
            spans = spans[-1:]
        elif self.which == "first":
            spans = spans[:1]
        for a, m in spans:
            try:
                d = dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
            except ValueError:
                continue
            if d > due:
                rule.report(a, a + len(m.group(0)),
                            self.say(match=m.group(0), date=f"{d.year}年{d.month}月{d.day}日",
                                     deadline=f"{due.year}年{due.month}月{due.day}日"))


BUILTIN_KINDS: dict[str, type] = {k.name: k for k in (Forbidden, Substitution, Required, Range, Deadline)}


# -- plugins ------------------------------------------------------------------------------------
def plugin_kinds() -> dict[str, Any]:
    """Installed check kinds: entry points of the ``gilint.checks`` group (name → EntryPoint).
    Nothing is imported here; a kind's class is loaded only when a pack uses it."""
    from importlib.metadata import entry_points
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def kind_class(name: str):
    """The class of a kind by name; raises KindError for an unknown one."""
    if name in BUILTIN_KINDS:
        return BUILTIN_KINDS[name]
    if ":" not in name:
        raise KindError(f"unknown kind {name!r} (built-in kinds: {', '.join(BUILTIN_KINDS)}; "
                        f"plugin kinds are named \"plugin:kind\")", "kind")
    eps = plugin_kinds()
    ep = eps.get(name)
    if ep is None:
        have = ", ".join(sorted(eps)) or "none installed"
        raise KindError(f"unknown plugin kind {name!r}: no installed package provides it in the "
                        f"`{ENTRY_POINT_GROUP}` entry-point group (installed: {have})", "kind")
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin is a configuration problem
        raise KindError(f"plugin kind {name!r} ({ep.value}) cannot be loaded: "
                        f"{type(exc).__name__}: {exc}", "kind") from None
    if not callable(cls) or not callable(getattr(cls, "check", None)):
        raise KindError(f"plugin kind {name!r} ({ep.value}) is not a check kind class (it needs "
                        f"a check(rule) method)", "kind")
    return cls


# -- declared rules -----------------------------------------------------------------------------
class DeclaredRule(Rule):
    """A rule declared by a pack; ``impl`` is the configured kind instance."""
    scope = "document"
    impl: Any = None
    kind: str = ""
    pack: str = ""
    origin: str = ""
    where: Any = None          # gilint.packs.Where of the declaration

    def check(self):
        try:
            self.impl.check(self)
        except ConfigError as exc:   # e.g. a pattern that timed out: name the rule and its pack
            w = self.where
            msg = exc.message if exc.message.startswith(self.code) else f"{self.code}: {exc.message}"
            if w is None:
                raise ConfigError(msg) from None
            raise ConfigError(f"rules.{msg}", w.path, w.line, w.column) from None

    # a plugin may use these
    @property
    def text(self) -> str:
        return self.ctx.text

    @property
    def scope_spans(self) -> list[tuple[int, int]]:
        sc = getattr(self.impl, "scope", None)
        if isinstance(sc, Scope):
            return sc.spans(self.ctx.report, self.ctx.text)
        return [(0, len(self.ctx.text))]


def build_rule(code: str, spec: dict, pack: str = "", where=None, templates=()) -> type[DeclaredRule]:
    """A Rule subclass for a declared rule from its merged table; raises KindError."""
    kind = spec.get("kind")
    if not isinstance(kind, str):
        raise KindError("`kind` must be a string", "kind")
    cls = kind_class(kind)
    severity = spec.get("severity", "warning")
    if severity not in SEVERITIES:
        raise KindError(f"`severity` must be one of {', '.join(SEVERITIES)}", "severity")
    name = spec.get("name", kind.replace(":", "-"))
    if not isinstance(name, str) or not regex.match(NAME, name):
        raise KindError("`name` must be kebab-case (lower-case words joined by -)", "name")
    desc = spec.get("description", "")
    if not isinstance(desc, str):
        raise KindError("`description` must be a string", "description")
    if isinstance(cls, type) and issubclass(cls, Kind) and (kind in BUILTIN_KINDS or cls.options):
        allowed = set(COMMON_KEYS) | set(cls.options)
        for k in spec:
            if k not in allowed:
                raise KindError(f"unknown option `{k}` for a {kind} rule (options: "
                                f"{', '.join(cls.options)}; common: {', '.join(COMMON_KEYS)})", k)
    opts = {k: v for k, v in spec.items() if k not in ("enabled", "severity")}
    try:
        impl = cls(opts)
    except KindError:
        raise
    except (ValueError, TypeError) as exc:
        raise KindError(str(exc)) from None
    if hasattr(impl, "validate_against"):
        impl.validate_against(templates)
    kind_doc = inspect.cleandoc(cls.__doc__ or "")
    origin = str(where) if where is not None else ""
    doc = (f"{desc or name}\n\nDeclared by the pack {pack or '?'} ({origin}), kind `{kind}`.\n\n"
           f"## What it does\n{kind_doc}\n")
    return type(f"Declared{code}", (DeclaredRule,), {
        "code": code, "name": name, "severity": severity, "impl": impl, "kind": kind,
        "pack": pack, "origin": origin, "where": where, "__doc__": doc, "fix": getattr(impl, "fix_safety", "none"),
        "needs_template": bool(getattr(impl, "needs_template", False)),
        "__module__": __name__,
    })


def declared_rules(config) -> list[type[Rule]]:
    """The declared rules of a configuration that are enabled and selected (for the engine)."""
    from gilint.checks.base import is_enabled
    return [r for r in getattr(config, "declared", ()) if is_enabled(r, config)]
