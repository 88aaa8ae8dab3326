"""Inline suppressions that keep the reason (HTML comments, for Markdown reports).

::

    <!-- gilint-disable GI202 理由：经县政务公开办同意 -->   … up to …   <!-- gilint-enable GI202 -->
    <!-- gilint-disable-next-line GI202,GI203 理由：… -->   (the line after the comment)
    <!-- gilint-disable-file GI104 理由：… -->              (the whole file)

Codes are separated by commas (``,`` ``，`` ``、``) or spaces; the reason follows the codes
(``理由：`` or ``reason:`` in front of it is optional) and is mandatory. A finding is covered
when its start lies in the covered range. A covered finding keeps its place in the list with
``suppressed`` set to the reason: the text output leaves it out and it does not count for the
exit status; JSON and SARIF show it with its reason.

Problems with the comments themselves are findings too: GI005 invalid-suppression (unknown
directive, no code, unknown code, no reason — such a comment suppresses nothing) and GI004
unused-suppression (a code that covers no finding, judged only for rules that ran).

``apply_suppressions`` is called by the engine at the end of ``Analyzer.lint``, so the CLI, the
pre-commit hook and the language server agree.
"""
from __future__ import annotations

import re

from gilint.checks.registry import all_rules, is_enabled
from gilint.findings import Edit, Finding, Fix
from gilint.lazyre import lazy
from gilint.record import Fresh, Record, replace

UNUSED, INVALID = "GI004", "GI005"
SELF_CODES = (UNUSED, INVALID)
KINDS = ("disable", "enable", "disable-next-line", "disable-file")

MARK = "gilint-"   # in every suppression comment: a text without it has none
_COMMENT = lazy(re, r"<!--\s*gilint-(?P<kind>[A-Za-z][A-Za-z-]*)(?P<body>(?:(?!-->)[^\r\n])*)-->")
_CODE = r"[A-Za-z]{2,4}\d{3}(?![A-Za-z0-9_-])"
_WORD = r"[A-Za-z0-9_-]+(?![A-Za-z0-9_-]|\s*[:：])"
# The code list: words separated by commas; a further code may also follow after a space.
_CODES = lazy(re, rf"\s*(?P<codes>{_WORD}(?:\s*[,，、]\s*{_WORD}|\s+{_CODE})*)")
_CODE_RE = lazy(re, r"[A-Za-z0-9_-]+")
_REASON_PREFIX = lazy(re, r"^\s*(?:[-–—:：]+\s*)?(?:理由|原因|reason)?\s*[:：]?\s*", re.I)


class Directive(Record):
    FIELDS = {"kind": ..., "codes": ..., "reason": ...,
              "start": ..., "end": ...,             # the comment's range in the text
              "codes_start": -1, "codes_end": -1,   # the range of the code list
              "problems": Fresh(list)}

    @property
    def text(self) -> str:
        return f"gilint-{self.kind}" + (" " + ",".join(self.codes) if self.codes else "")


def parse_directives(text: str) -> list[Directive]:
    """Every ``<!-- gilint-… -->`` comment in ``text``, with its problems (not yet checked
    against the known codes)."""
    out = []
    if "gilint-" not in text:
        return out
    for m in _COMMENT.finditer(text):
        kind = m.group("kind").lower()
        body = m.group("body")
        d = Directive(kind, (), "", m.start(), m.end())
        if kind not in KINDS:
            d.problems.append(f"未知的指令“gilint-{m.group('kind')}”（可用：" +
                              "、".join(f"gilint-{k}" for k in KINDS) + "）")
            out.append(d)
            continue
        cm = _CODES.match(body)
        rest = body
        if cm:
            d.codes = tuple(dict.fromkeys(c.upper() for c in _CODE_RE.findall(cm.group("codes"))))
            d.codes_start = m.start("body") + cm.start("codes")
            d.codes_end = m.start("body") + cm.end("codes")
            rest = body[cm.end():]
        d.reason = _REASON_PREFIX.sub("", rest, count=1).strip() if rest.strip() else ""
        if kind != "enable":
            if not d.codes:
                d.problems.append(f"“gilint-{kind}”没有写明规则代码（例如 GI202）")
            if not d.reason:
                d.problems.append(f"“{d.text}”没有写明理由（例如 理由：经县政务公开办同意），"
                                  "不予抑制")
        out.append(d)
    return out


# -- what is known, what ran --------------------------------------------------------------
def known_codes(config) -> set[str]:
    codes = set(all_rules())
    for r in getattr(config, "declared", ()) or ():
        code = getattr(r, "code", None) or (r.get("code") if isinstance(r, dict) else None)
        if code:
            codes.add(code)
    return codes


def rule_class(code: str, config=None):
    cls = all_rules().get(code)
    if cls is None:
        for r in getattr(config, "declared", ()) or ():
            if getattr(r, "code", None) == code:
                return r
    return cls


def make_finding(code: str, config, message: str, start: int, end: int,
                 fix: Fix | None = None) -> Finding | None:
    """A GI004/GI005 finding as its rule would report it, or None if the rule is off."""
    cls = rule_class(code, config)
    if cls is None:
        return None
    if config is not None:
        if not is_enabled(cls, config):
            return None
        severity = config.rule(code).severity or cls.severity
    else:
        severity = cls.severity
    return Finding(code, cls.name, severity, message, start, end, fix)


# -- coverage ---------------------------------------------------------------------------------
def _line_after(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the line after the one containing ``pos`` (end without the break)."""
    m = re.compile(r"\r\n|\r|\n").search(text, pos)
    if m is None:
        return None
    start = m.end()
    n = re.compile(r"\r\n|\r|\n").search(text, start)
    return start, (n.start() if n else len(text))


def _remove_comment_edit(text: str, d: Directive) -> Edit:
    """Delete the comment; with its line if nothing else is on it."""
    ls = max(text.rfind("\n", 0, d.start), text.rfind("\r", 0, d.start)) + 1
    m = re.compile(r"[ \t]*(\r\n|\r|\n|$)").match(text, d.end)
    if text[ls:d.start].strip() == "" and m:
        return Edit(ls, m.end(), "")
    return Edit(d.start, d.end, "")


def apply_suppressions(text: str, findings: list[Finding], config, ran: frozenset[str]) -> list[Finding]:
    """Mark the findings that a comment suppresses and add GI004/GI005 findings; returns a new
    list sorted by position (the input is not modified). ``ran``: the rules that ran to
    completion (gilint.engine.LintResult.ran); only their codes can be unused."""
    if MARK not in text:
        return findings
    directives = parse_directives(text)
    if not directives:
        return findings
    known = known_codes(config)
    extra: list[Finding] = []

    def invalid(d: Directive, message: str) -> None:
        f = make_finding(INVALID, config, message, d.start, d.end)
        if f is not None:
            extra.append(f)

    # (directive, code) → covered ranges; resolved after checking every directive.
    covers: list[tuple[Directive, str, int, int]] = []
    open_ranges: dict[str, tuple[Directive, int]] = {}
    for d in directives:
        for p in d.problems:
            invalid(d, p)
        codes = []
        for c in d.codes:
            if c in SELF_CODES:
                invalid(d, f"{c} 不能用注释抑制（可在配置中关闭，或使用 --ignore {c}）")
            elif c not in known:
                invalid(d, f"未知的规则代码 {c}（见 gilint rules）")
            else:
                codes.append(c)
        if d.kind == "enable":
            for c in (codes if d.codes else list(open_ranges)):
                if c in open_ranges:
                    od, start = open_ranges.pop(c)
                    covers.append((od, c, start, d.start))
            continue
        if d.problems or d.kind not in KINDS:
            continue            # a suppression that cannot be honoured suppresses nothing
        if d.kind == "disable-file":
            covers += [(d, c, 0, len(text) + 1) for c in codes]
        elif d.kind == "disable-next-line":
            span = _line_after(text, d.end)
            for c in codes:
                covers.append((d, c, span[0], span[1] + 1) if span else (d, c, 0, 0))
        else:
            for c in codes:
                if c not in open_ranges:
                    open_ranges[c] = (d, d.end)
    for c, (od, start) in open_ranges.items():
        covers.append((od, c, start, len(text) + 1))

    hits: dict[tuple[int, str], int] = {}
    out: list[Finding] = []
    for f in findings:
        if f.suppressed is None and f.code not in SELF_CODES:
            for d, c, a, b in covers:
                if c == f.code and a <= f.start < b:
                    f = replace(f, suppressed=d.reason)
                    hits[(id(d), c)] = hits.get((id(d), c), 0) + 1
                    break
        out.append(f)

    by_directive: dict[int, tuple[Directive, list[str], list[str]]] = {}
    for d, c, _a, _b in covers:
        entry = by_directive.setdefault(id(d), (d, [], []))
        (entry[1] if hits.get((id(d), c)) else entry[2]).append(c)
    for d, used, unused in by_directive.values():
        unused = [c for c in unused if c in ran]
        if not unused:
            continue
        if used:
            fix = Fix((Edit(d.codes_start, d.codes_end, ",".join(used)),), False,
                      f"从注释中删除 {','.join(unused)}")
        else:
            fix = Fix((_remove_comment_edit(text, d),), False, "删除不再需要的抑制注释")
        where = {"disable-file": "本文件中", "disable-next-line": "下一行",
                 "disable": "所辖范围内"}.get(d.kind, "")
        f = make_finding(UNUSED, config,
                         f"“gilint-{d.kind} {','.join(unused)}”{where}没有抑制任何问题"
                         f"（理由：{d.reason}），可以删除", d.start, d.end, fix)
        if f is not None:
            extra.append(f)
    if extra:
        out += extra
        out.sort(key=Finding.sort_key)
    return out


__all__ = ["Directive", "apply_suppressions", "known_codes", "make_finding",
           "parse_directives"]
