"""Findings → text, JSON, SARIF 2.1.0 and GitHub Actions annotations.

The engine reports code-point offsets; ``locate`` turns one file's findings into
``Diagnostic`` rows with 1-based line/column (columns in code points, end exclusive) once, in
the process that read the file. Every formatter works on those rows only, so the formats can
never disagree about a position.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only; importing typing costs the one-file CLI ~2 ms
    from typing import Iterable, TextIO

from gilint.record import Fresh, Record
from gilint.severity import SEVERITY_RANK
from gilint.i18n import gettext as _, ngettext

FORMATS = ("text", "json", "sarif", "github", "html")   # html: gilint.review.html_page
INFORMATION_URI = "https://pypi.org/project/gilint/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class Diagnostic(Record):
    """One finding located in one file (picklable: it crosses process boundaries)."""
    FIELDS = {
        "path": ..., "code": ..., "name": ..., "severity": ..., "message": ...,
        "line": ...,          # 1-based
        "column": ...,        # 1-based, code points
        "end_line": ...,
        "end_column": ...,    # 1-based, exclusive end
        "start": ...,         # code-point offsets into the decoded text
        "end": ...,
        "fix": None,          # dict
        "suppressed": None,   # the reason recorded
        # In a .docx/.html/.pdf: the place in the document (gilint.read.formats), e.g. {"kind":
        # "docx-table-cell", "table": 3, "row": 5, "column": 1, "label": "表3行5列1", "quote": …}.
        "location": None,
        # Findings folded under this one (gilint.grouping): their JSON, in order.
        "related": None,
    }

    def to_json(self) -> dict:
        out = {
            "path": self.path, "code": self.code, "name": self.name, "severity": self.severity,
            "message": self.message, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "start": self.start, "end": self.end, "fix": self.fix, "suppressed": self.suppressed,
        }
        if self.location:
            out["location"] = self.location
        if self.related:
            out["related"] = self.related
        return out

    def sort_key(self):
        return (path_sort_key(self.path), *self.place_key())

    def place_key(self):
        """Its order within its file."""
        return self.line, self.column, self.end_line, self.end_column, self.code, self.message


def path_sort_key(path: str):
    return (path != "-", path.replace(os.sep, "/").split("/"))


def sort_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """``diags`` sorted in place by ``Diagnostic.sort_key`` (each path's key made once)."""
    paths: dict = {}

    def key(d: Diagnostic):
        p = paths.get(d.path)
        if p is None:
            p = paths[d.path] = path_sort_key(d.path)
        return (p, *d.place_key())
    diags.sort(key=key)
    return diags


def locate(path: str, text: str, findings: Iterable, index=None,
           line_starts: list[int] | None = None) -> list[Diagnostic]:
    """Convert engine findings (offsets) into located diagnostics. ``index``: the text's
    ``gilint.textpos.LineIndex``; ``line_starts``: the start of each of its lines as the reader
    split them (``Report.lines[0]``: a lookup per offset, the text not searched again)."""
    if index is None and line_starts is not None:
        from gilint.textpos import LineIndex  # start-up: (as below)
        index = LineIndex(text, line_starts)
    if index is not None:
        return _located(path, findings, index.position)
    from gilint.textpos import line_columns  # start-up: textpos imports regex; cached runs never locate
    findings = list(findings)   # only the offsets the findings have are placed, not every line
    return _located(path, findings, line_columns(text, _offsets(findings)).__getitem__)


def _located(path: str, findings: Iterable, position) -> list[Diagnostic]:
    """``locate`` with ``position(offset)`` → 0-based (line, column) (1-based in the result)."""
    out = []
    for f in findings:
        start, end = f.start, f.end
        line, col = position(start)
        eline, ecol = position(end) if end != start else (line, col)
        fix = f.fix
        if fix is not None:
            edits = []
            for e in fix.edits:
                (el, ec), (eel, eec) = position(e.start), position(e.end)
                edits.append({"line": el + 1, "column": ec + 1, "end_line": eel + 1,
                              "end_column": eec + 1, "start": e.start, "end": e.end,
                              "new_text": e.new_text})
            fix = {"applicability": fix.applicability, "description": fix.description,
                   "edits": edits}
        folded = f.extra.get("related") if f.extra else None
        out.append(_diagnostic(path, f.code, f.name, f.severity, f.message, line + 1, col + 1,
                               eline + 1, ecol + 1, start, end, fix, f.suppressed, None,
                               [d.to_json() for d in _located(path, folded, position)] if folded else None))
    return out


def unplaced(path: str, findings: Iterable) -> list[Diagnostic]:
    """``locate`` for what only counts findings (``--statistics``): no line or column (None), a
    fix without its edits; the findings folded under one are not kept."""
    return [_diagnostic(path, f.code, f.name, f.severity, f.message, None, None, None, None,
                        f.start, f.end,
                        None if f.fix is None else {"applicability": f.fix.applicability,
                                                    "description": f.fix.description},
                        f.suppressed, None, None)
            for f in findings]


def _diagnostic(path, code, name, severity, message, line, column, end_line, end_column, start,
                end, fix, suppressed, location, related) -> Diagnostic:
    """``Diagnostic(...)`` given every field, without the checks of arguments a record made by
    hand gets (one is made per finding): its attributes set one by one, in the order of
    ``FIELDS``, which keeps them in the class's shared table of names (no dict of its own
    filled and grown: a quarter of the cost)."""
    d = _new(Diagnostic)
    d.path = path
    d.code = code
    d.name = name
    d.severity = severity
    d.message = message
    d.line = line
    d.column = column
    d.end_line = end_line
    d.end_column = end_column
    d.start = start
    d.end = end
    d.fix = fix
    d.suppressed = suppressed
    d.location = location
    d.related = related
    return d


_new = object.__new__


def _offsets(findings):
    """Every offset ``locate`` places: the findings', their fixes' edits', their related ones'."""
    for f in findings:
        yield f.start
        yield f.end
        if f.fix is not None:
            for e in f.fix.edits:
                yield e.start
                yield e.end
        folded = f.extra.get("related") if f.extra else None
        if folded:
            yield from _offsets(folded)


# -- counting ------------------------------------------------------------------------------
class Summary(Record):
    FIELDS = {
        "files": 0,                          # files checked (read and analysed)
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "suppressed": 0,
        "failed": 0,                         # inputs that could not be read or checked
        "fixed": 0,                          # findings fixed by --fix (not in the counts above)
        "files_with_findings": Fresh(set),
    }

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


def summarize(diags: list[Diagnostic], files: int, failed: int = 0) -> Summary:
    s = Summary(files=files, failed=failed)
    for d in diags:
        if d.suppressed is not None:
            s.suppressed += 1
            continue
        s.files_with_findings.add(d.path)
        if d.severity == "error":
            s.errors += 1
        elif d.severity == "warning":
            s.warnings += 1
        else:
            s.infos += 1
    return s


def fails(diags: list[Diagnostic], fail_level: str) -> bool:
    floor = SEVERITY_RANK[fail_level]
    return any(d.suppressed is None and SEVERITY_RANK.get(d.severity, 2) >= floor for d in diags)


# -- text --------------------------------------------------------------------------------
class Style:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text

    def severity(self, sev: str) -> str:
        return self(sev, {"error": "1;31", "warning": "1;33"}.get(sev, "1;36"))


def use_color(stream: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def format_text(diags: list[Diagnostic], summary: Summary | None, color: bool = False) -> str:
    """``path:line:col: CODE [severity] message`` per finding, then a summary line (unless
    ``summary`` is None, as with ``--quiet``). Suppressed findings are not shown."""
    st = Style(color)
    lines = []
    for d in diags:
        if d.suppressed is not None:
            continue
        at = d.location["label"] if d.location and d.location.get("label") else f"{d.line}:{d.column}"
        folded = ""
        if d.related:   # gilint.grouping: the findings that follow from this one
            codes = "、".join(f"{r['code']}（{r['line']}:{r['column']}）" for r in d.related[:5])
            more = f"等{len(d.related)}条" if len(d.related) > 5 else ""
            folded = f"（同一原因另有：{codes}{more}）"
        if color:
            lines.append(f"{st(f'{d.path}:{at}:', '1')} {st(d.code, '1;31' if d.severity == 'error' else '1')} "
                         f"[{st.severity(d.severity)}] {d.message}{folded}")
        else:   # (the same line unstyled: no call per part, as a run over many files prints thousands)
            lines.append(f"{d.path}:{at}: {d.code} [{d.severity}] {d.message}{folded}")
    if summary is not None and (summary.files or summary.total):
        lines.append(summary_line(summary))
    return "\n".join(lines) + "\n" if lines else ""


def summary_line(s: Summary) -> str:
    files = ngettext("{n} file", "{n} files", len(s.files_with_findings)).format(
        n=len(s.files_with_findings))
    counts = dict(errors=ngettext("{n} error", "{n} errors", s.errors).format(n=s.errors),
                  warnings=ngettext("{n} warning", "{n} warnings", s.warnings).format(n=s.warnings),
                  infos=s.infos, files=files)
    sup = ""
    if s.suppressed:
        sup = " " + ngettext("({n} suppressed finding not shown)", "({n} suppressed findings not shown)",
                             s.suppressed).format(n=s.suppressed)
    if s.failed:
        sup += " " + ngettext("{n} input could not be checked.", "{n} inputs could not be checked.",
                              s.failed).format(n=s.failed)
    if s.fixed:   # as ruff: "Found N findings (M fixed, K remaining)."
        rest = (" " + _("Remaining: {errors}, {warnings}, {infos} info in {files}.").format(**counts)
                if s.total else "")
        n = s.total + s.fixed
        return ngettext("Found {n} finding ({fixed} fixed, {total} remaining).",
                        "Found {n} findings ({fixed} fixed, {total} remaining).", n).format(
            n=n, fixed=s.fixed, total=s.total) + rest + sup
    if not s.total:
        return _("All checks passed.") + sup
    return ngettext("Found {n} finding ({errors}, {warnings}, {infos} info) in {files}.",
                    "Found {n} findings ({errors}, {warnings}, {infos} info) in {files}.",
                    s.total).format(n=s.total, **counts) + sup


def statistics(diags: list[Diagnostic]) -> list[dict]:
    """Per-code counts of unsuppressed findings, most frequent first."""
    stats: dict[str, dict] = {}
    for d in diags:
        if d.suppressed is not None:
            continue
        row = stats.setdefault(d.code, {"code": d.code, "name": d.name, "count": 0, "fixable": 0})
        row["count"] += 1
        row["fixable"] += bool(d.fix)
    return sorted(stats.values(), key=lambda r: (-r["count"], r["code"]))


def format_statistics(diags: list[Diagnostic], fmt: str = "text") -> str:
    rows = statistics(diags)
    if fmt == "json":
        import json  # start-up: json only for --format json/sarif (not in a cached text run)
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    return "".join(f"{r['count']:>{width}}\t{r['code']}\t{'[*] ' if r['fixable'] else ''}{r['name']}\n"
                   for r in rows)


# -- json ----------------------------------------------------------------------------------
def format_json(diags: list[Diagnostic]) -> str:
    """The JSON array: every finding (the contract), those folded under another
    (gilint.grouping) too, each marked with ``related_to`` (its root's code, line and column);
    a root lists them under ``related``."""
    import json  # start-up: (as above)
    rows = []
    for d in diags:
        rows.append(d.to_json())
        for r in d.related or ():
            rows.append({**r, "related_to": {"code": d.code, "line": d.line, "column": d.column}})
    if any(d.related for d in diags):
        rows.sort(key=lambda r: (path_sort_key(r["path"]), r["line"], r["column"], r["end_line"],
                                 r["end_column"], r["code"], r["message"]))
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


# -- github ----------------------------------------------------------------------------------
def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: list[Diagnostic]) -> str:
    out = []
    for d in diags:
        if d.suppressed is not None:
            continue
        props = (f"file={_gh_prop(d.path)},line={d.line},col={d.column},endLine={d.end_line},"
                 f"endColumn={d.end_column},title={_gh_prop(d.code)}")
        out.append(f"::{GITHUB_LEVEL.get(d.severity, 'error')} {props}::"
                   f"{_gh_data(f'{d.code} ({d.name}) {d.message}')}\n")
    return "".join(out)


# -- sarif -----------------------------------------------------------------------------------
def artifact_uri(path: str) -> str:
    """A relative URI reference for a relative path, a file:// URI for an absolute one."""
    if path == "-":
        return "stdin"
    p = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return Path(path).as_uri()
    while p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/")


INPUT_ERROR = ("GI000", "input-error")


def input_error(path: str, message: str) -> Diagnostic:
    """An input that could not be checked, as a finding (``--errors-as-findings``): GI000
    input-error at the start of the file."""
    code, name = INPUT_ERROR
    return Diagnostic(path, code, name, "error", message, 1, 1, 1, 1, 0, 0)


def _notifications(input_errors) -> list[dict]:
    """SARIF toolExecutionNotifications for the inputs that could not be checked."""
    out = []
    for path, message in input_errors:
        n = {"level": "error", "message": {"text": message},
             "descriptor": {"id": INPUT_ERROR[0]}}
        if path != "gilint":
            n["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}]
        out.append(n)
    return out


def sarif_log(diags: list[Diagnostic], rules: dict, version: str, input_errors=()) -> dict:
    """Build a SARIF 2.1.0 log. ``rules`` is ``gilint.checks.registry.all_rules()`` (plus any
    codes that only appear in the findings, e.g. a pack's declarative rules); ``input_errors``
    (path, message) become the invocation's toolExecutionNotifications."""
    descriptors, index = [], {}
    for code, cls in rules.items():
        index[code] = len(descriptors)
        doc = cls.documentation() or cls.summary() or code
        descriptors.append({
            "id": code,
            "name": cls.name or code,
            "shortDescription": {"text": cls.summary() or cls.name or code},
            "fullDescription": {"text": doc},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": SARIF_LEVEL.get(cls.severity, "error")},
            "properties": {"fix": getattr(cls, "fix", "none")},
        })
    for d in diags:  # codes without a registered class (declarative pack rules)
        if d.code not in index:
            index[d.code] = len(descriptors)
            descriptors.append({
                "id": d.code, "name": d.name or d.code,
                "shortDescription": {"text": d.name or d.code},
                "fullDescription": {"text": d.name or d.code},
                "help": {"text": d.name or d.code},
                "defaultConfiguration": {"level": SARIF_LEVEL.get(d.severity, "error")},
            })
    results = []
    for d in diags:
        uri = artifact_uri(d.path)
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": SARIF_LEVEL.get(d.severity, "error"),
            "message": {"text": d.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": d.line, "startColumn": d.column,
                           "endLine": d.end_line, "endColumn": d.end_column,
                           "charOffset": d.start, "charLength": d.end - d.start},
            }}],
        }
        if d.location:   # a place in a .docx/.html/.pdf (gilint.read.formats)
            loc = result["locations"][0]
            loc["physicalLocation"]["region"]["snippet"] = {"text": d.location.get("quote", "")}
            loc["logicalLocations"] = [{"name": d.location.get("label", ""),
                                        "kind": "element",
                                        "properties": dict(d.location)}]
        if d.fix:
            result["fixes"] = [{
                "description": {"text": d.fix["description"] or f"fix {d.code} ({d.fix['applicability']})"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{
                        "deletedRegion": {"startLine": e["line"], "startColumn": e["column"],
                                          "endLine": e["end_line"], "endColumn": e["end_column"]},
                        "insertedContent": {"text": e["new_text"]},
                    } for e in d.fix["edits"]],
                }],
                "properties": {"applicability": d.fix["applicability"]},
            }]
        if d.related:   # findings folded under this one (gilint.grouping)
            result["relatedLocations"] = [{
                "id": i, "message": {"text": f"{r['code']} {r['message']}"},
                "physicalLocation": {"artifactLocation": {"uri": uri}, "region": {
                    "startLine": r["line"], "startColumn": r["column"], "endLine": r["end_line"],
                    "endColumn": r["end_column"]}}} for i, r in enumerate(d.related)]
        if d.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": d.suppressed}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gilint", "version": version,
                                "informationUri": INFORMATION_URI, "rules": descriptors}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": not input_errors,
                             "toolExecutionNotifications": _notifications(input_errors)}],
            "results": results,
        }],
    }


def format_sarif(diags: list[Diagnostic], rules: dict, version: str, input_errors=()) -> str:
    import json  # start-up: (as above)
    return json.dumps(sarif_log(diags, rules, version, input_errors), ensure_ascii=False,
                      indent=2) + "\n"


def write(stream: TextIO, text: str) -> None:
    if text:
        stream.write(text)
        stream.flush()


__all__ = ["Diagnostic", "FORMATS", "INPUT_ERROR", "input_error", "Summary", "fails", "format_github", "format_json",
           "format_sarif", "format_statistics", "format_text", "locate", "unplaced", "sarif_log",
           "summarize", "summary_line", "use_color", "write"]
