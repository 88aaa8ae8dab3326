"""Waiver files: findings the county has accepted, with the reason, for any format.

Plain-text reports have no invisible comments, so accepted findings are recorded beside them
in a waiver file (``gilint baseline`` writes it, ``gilint check --baseline FILE`` honours it)::

    version = 1

    [[waiver]]
    path = "reports/2024年度报告.txt"       # relative to the waiver file's folder
    code = "GI202"
    fingerprint = "3f0c9a1e5b7d2c48"
    reason = "经县政务公开办同意"
    message = "行标签应为…，实为…"            # for people; not used for matching
    line = 42                               # where it was when recorded; not used for matching

A finding is identified by a fingerprint, not by its line: the rule code, the text of the
finding's range, the text of the line around it with its numbers written as # (whitespace
removed), and an occurrence index among findings with the same three values. Editing elsewhere
in the file (inserting lines above, fixing other findings, correcting another cell of the same
table row) keeps the fingerprint; changing the finding's own text or the words of its line
makes the finding new again, which is the point: the county accepted *that* text. (Waiver
files written with the whole-line fingerprints of gilint 0.1 still match.)

A waiver that matches no finding of a file that was checked is reported as GI004
(unused-suppression) at the start of the file, so stale waivers do not pile up.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Iterable

from gilint.findings import Finding
from gilint.textpos import LineIndex
from gilint.tomlload import ConfigError, load_toml, toml_str
from gilint.suppress import SELF_CODES, UNUSED, make_finding
from gilint.i18n import gettext as _
from gilint.lazyre import lazy
from gilint.record import replace   # (a Finding is a record)

BASELINE_FILE = "gilint-baseline.toml"
VERSION = 1
_SPACE = lazy(re, r"\s+")
_NEWLINE = lazy(re, r"\r\n|\r|\n")


# -- fingerprints -----------------------------------------------------------------------------
def _norm(s: str) -> str:
    return _SPACE.sub("", s)


def _line_span(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    m = _NEWLINE.search(text, offset)
    return start, m.start() if m else len(text)


def _context(text: str, f: Finding) -> str:
    """The finding's line around its range, every number there written as #: the row's label
    and the cell's place in the row count, the other cells' values do not (a waiver on one
    cell of a table row survives a correction of another cell of that row)."""
    a, b = _line_span(text, f.start)
    lo, hi = f.start - a, max(f.start, min(f.end, b)) - a
    line = text[a:b]
    return _norm(_NUMBER.sub("#", line[:lo])) + "\x1e" + _norm(_NUMBER.sub("#", line[hi:]))


_NUMBER = lazy(re, r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


def fingerprints(text: str, findings: Iterable[Finding],
                 legacy: bool = False) -> list[tuple[Finding, str]]:
    """Each finding with its fingerprint (16 hex digits), in the order given. ``legacy``: as
    gilint ≤ 0.1 made them (the whole line), still honoured in waiver files written then."""
    seen: dict[tuple, int] = {}
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        context = _norm(text[slice(*_line_span(text, f.start))]) if legacy else _context(text, f)
        key = (f.code, _norm(text[f.start:f.end]), context)
        n = seen.get(key, 0)
        seen[key] = n + 1
        blob = "\x1f".join((*key, str(n))).encode("utf-8")
        out.append((f, hashlib.sha256(blob).hexdigest()[:16]))
    return out


# -- the file ---------------------------------------------------------------------------------
@dataclass
class Waiver:
    path: str
    code: str
    fingerprint: str
    reason: str
    message: str = ""
    line: int | None = None


@dataclass
class Baseline:
    file: Path
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.file.resolve().parent

    def key(self, path: str) -> str:
        """The path of a checked file as the waiver file records it."""
        p = os.path.abspath(path)
        try:
            rel = os.path.relpath(p, self.root)
        except ValueError:  # another drive
            rel = p
        return rel.replace(os.sep, "/")

    def for_path(self, path: str) -> list[Waiver]:
        k = self.key(path)
        return [w for w in self.waivers if w.path == k]

    def apply(self, path: str, text: str, findings: list[Finding], config, ran: frozenset[str]) -> list[Finding]:
        """Mark the findings this file's waivers cover as suppressed (with the reason) and add
        a GI004 finding for each waiver of a rule that ran (``ran``: gilint.engine.LintResult)
        that covers nothing; returns a new list. The engine calls it (``Analyzer.run``)."""
        mine = self.for_path(path)
        if not mine:
            return findings
        wanted = {(w.code, w.fingerprint): w for w in mine}
        used: set[tuple[str, str]] = set()
        marked: dict[int, str] = {}
        candidates = [f for f in findings if f.suppressed is None and f.code not in SELF_CODES]
        for legacy in (False, True):   # waivers written before the row-robust fingerprints
            for f, fp in fingerprints(text, candidates, legacy):
                w = wanted.get((f.code, fp))
                if w is not None and id(f) not in marked:
                    marked[id(f)] = w.reason
                    used.add((f.code, fp))
        out = [replace(f, suppressed=marked[id(f)]) if id(f) in marked else f for f in findings]
        extra = []
        for w in mine:
            if (w.code, w.fingerprint) in used:
                continue
            if w.code not in ran:
                continue
            shown = w.message or w.fingerprint
            f = make_finding(UNUSED, config,
                             f"豁免文件 {self.file.name} 中的 {w.code} 豁免（{shown}；理由：{w.reason}）"
                             "已不再对应任何问题，可用 gilint baseline 重新生成", 0, 0)
            if f is not None:
                extra.append(f)
        if extra:
            out = sorted(out + extra, key=Finding.sort_key)
        return out


def load_baseline(file: str | Path) -> Baseline:
    """Read a waiver file; raises ``ConfigError`` (``file:line:col: message``)."""
    file = Path(file)
    if not file.is_file():
        raise ConfigError(_("waiver file not found"), file)
    data = load_toml(file)
    version = data.get("version", VERSION)
    if version != VERSION:
        raise ConfigError(_("unsupported waiver file version {version!r} (this gilint reads {VERSION})").format(version=version, VERSION=VERSION), file)
    items = data.get("waiver", [])
    if not isinstance(items, list):
        raise ConfigError(_("`waiver` must be an array of tables ([[waiver]])"), file)
    out = []
    for i, w in enumerate(items, 1):
        if not isinstance(w, dict):
            raise ConfigError(_("waiver {i}: must be a table").format(i=i), file)
        missing = [k for k in ("path", "code", "fingerprint", "reason")
                   if not isinstance(w.get(k), str) or not w.get(k).strip()]
        if missing:
            what = _("no reason (every waiver must record why the finding was accepted)") \
                if missing == ["reason"] else _("missing {keys}").format(keys=", ".join(missing))
            raise ConfigError(_("waiver {i} ({v0} in {v1}): {what}").format(i=i, v0=w.get('code', '?'), v1=w.get('path', '?'), what=what), file)
        out.append(Waiver(w["path"], w["code"].upper(), w["fingerprint"], w["reason"].strip(),
                          str(w.get("message", "")), w.get("line") if isinstance(w.get("line"), int) else None))
    return Baseline(file, out)


_CACHE: dict = {}


def cached_baseline(file: str) -> Baseline:
    """The waiver file, read again only when it changed; ``ConfigError`` if it is missing."""
    try:
        st = os.stat(file)
    except OSError:
        raise ConfigError(_("waiver file not found: {file} (gilint baseline writes it)").format(file=file)) from None
    key = (os.path.abspath(file), st.st_mtime_ns, st.st_size)
    if key not in _CACHE:
        for old in [k for k in _CACHE if k[0] == key[0]] or list(_CACHE)[:-7]:
            del _CACHE[old]   # an older version of this file; or keep 8 files at most
        _CACHE[key] = load_baseline(file)
    return _CACHE[key]


def dumps(waivers: Iterable[Waiver]) -> str:
    lines = ["# gilint waiver file: findings that were accepted, each with the reason.",
             "# Written by `gilint baseline`; honoured by `gilint check --baseline FILE`.",
             "# A waiver matches its finding by fingerprint (rule code and the text of the",
             "# finding's line), not by line number; edit `reason` freely.",
             f"version = {VERSION}", ""]
    for w in sorted(waivers, key=lambda w: (w.path, w.line or 0, w.code, w.fingerprint)):
        lines += ["[[waiver]]", f"path = {toml_str(w.path)}", f"code = {toml_str(w.code)}",
                  f"fingerprint = {toml_str(w.fingerprint)}", f"reason = {toml_str(w.reason)}",
                  f"message = {toml_str(w.message)}"]
        if w.line is not None:
            lines.append(f"line = {w.line}")
        lines.append("")
    return "\n".join(lines)


def waivers_for(path_key: str, text: str, findings: Iterable[Finding]) -> list[Waiver]:
    """Waivers (without reasons) for the unsuppressed findings of one file."""
    index = LineIndex(text)
    todo = [f for f in findings if f.suppressed is None and f.code not in SELF_CODES]
    return [Waiver(path_key, f.code, fp, "", f.message, index.position(f.start)[0] + 1)
            for f, fp in fingerprints(text, todo)]


__all__ = ["BASELINE_FILE", "Baseline", "Waiver", "cached_baseline", "dumps",
           "fingerprints", "load_baseline", "waivers_for"]
