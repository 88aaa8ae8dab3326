"""What every check kind shares: the Kind base class, KindError, option readers, Scope (where a kind looks)."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Any

import regex

from gilint.regexsafe import compile_pattern, finditer_timeout
from gilint.tomlload import ConfigError
from gilint.i18n import gettext as _


SCOPES = ("text", "title", "preamble", "headings", "paragraphs", "cells", "closing", "section")

# Scopes that `section = N` narrows down.
SECTION_SCOPES = ("headings", "paragraphs", "cells", "section")


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


def opt_str_list(opts: dict, key: str, required: bool = False) -> list[str]:
    v = opts.get(key)
    if v is None:
        if required:
            raise KindError(_("missing `{key}`").format(key=key), key)
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        raise KindError(_("`{key}` must be a list of non-empty strings").format(key=key), key)
    return list(v)


def opt_bool(opts: dict, key: str, default: bool) -> bool:
    v = opts.get(key, default)
    if not isinstance(v, bool):
        raise KindError(_("`{key}` must be true or false").format(key=key), key)
    return v


def opt_str(opts: dict, key: str, default: str | None = None, choices=None) -> str | None:
    v = opts.get(key, default)
    if v is not None and not isinstance(v, str):
        raise KindError(_("`{key}` must be a string").format(key=key), key)
    if choices and v is not None and v not in choices:
        raise KindError(_("`{key}` must be one of {v0}; got {v!r}").format(key=key, v0=', '.join(choices), v=v), key)
    return v


class Scope:
    """Where a rule looks: a list of scope names, optionally narrowed to sections."""

    def __init__(self, opts: dict, default: str = "text"):
        raw = opts.get("scope", None)
        sec = opts.get("section")
        if raw is None:
            raw = "section" if sec is not None else default
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise KindError(_("`scope` must be a scope name or a list of them"), "scope")
        for n in names:
            if n not in SCOPES:
                raise KindError(_("unknown scope {n!r} (one of {v0})").format(n=n, v0=', '.join(SCOPES)), "scope")
        if sec is None:
            self.sections = None
            if "section" in names:
                raise KindError(_('scope "section" needs `section = N` (1–6)'), "section")
        else:
            secs = [sec] if isinstance(sec, int) and not isinstance(sec, bool) else sec
            if (not isinstance(secs, list) or not secs
                    or not all(isinstance(s, int) and not isinstance(s, bool) and 1 <= s <= 6 for s in secs)):
                raise KindError(_("`section` must be a section number 1–6 or a list of them"), "section")
            bad = [n for n in names if n not in SECTION_SCOPES]
            if bad:
                raise KindError(_("`section` narrows only the scopes {v0}; not {v1!r}").format(v0=', '.join(SECTION_SCOPES), v1=bad[0]), "section")
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
    doc_zh = ""                    # the kind's documentation in Chinese (gilint rule, hover)
    needs_template = False         # skip on reports out of the templates' years (GI003)

    def __init__(self, opts: dict):
        self.opts = opts
        self.message = opt_str(opts, "message", self.default_message)
        self.scope = Scope(opts, self.default_scope)
        unknown = placeholders(self.message) - set(self.placeholders) - {"match"}
        if unknown:
            raise KindError(_("unknown placeholder {{{v0}}} in `message` (available: {v1})").format(v0=sorted(unknown)[0], v1=', '.join('{' + p + '}' for p in ('match',) + self.placeholders)),
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
