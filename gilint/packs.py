"""Rule packs: find, load, validate and merge ``gilint.toml`` files into a :class:`Config`.

A chain of packs is merged in order — the national pack (always the root), then what each
file ``extends`` (depth first, in the order listed), then the file itself — and command-line
overrides last. The exact merge rules are documented in docs/packs.md:

- later wins; tables merge key by key; lists (and strings, numbers, booleans) are replaced;
- ``extend-<key> = [...]`` appends to the inherited list ``<key>`` (after a ``<key>`` set in
  the same table, if any);
- ``[report] deadline``: a table by level merges key by key with an inherited table; over an
  inherited string it merges with ``{ default = <that string> }``; a string replaces;
- setting a deadline (``[report] deadline`` or ``[rules.GI403] deadline``) enables GI403 unless
  the same pack says ``[rules.GI403] enabled`` explicitly; a later pack may disable it again.

Every value's origin (``file:line``) is recorded for ``gilint config show``. Errors are
:class:`ConfigError` with ``file:line:col``. Loading a pack never imports code that a pack names,
except check kinds and packs installed through the ``gilint.checks`` / ``gilint.packs``
entry-point groups.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Any

from gilint.checks.declarative import build_rule
from gilint.checks.kinds.base import KindError
from gilint.checks.kinds.deadline import check_deadline_value
from gilint.checks.registry import all_rules
from gilint.config import BODY_LEVELS, Config, ReportSettings, RuleConfig, national_pack_dir
from gilint.findings import SEVERITIES
from gilint.i18n import N_, gettext as _
from gilint.regexsafe import compile_pattern
from gilint.templates import load_templates
from gilint.termwidth import pad, width
from gilint.tomlload import ConfigError, loads_toml, toml_str
from gilint.lazyre import lazy
from gilint.record import Fresh, FrozenRecord, Record, fields, replace

PACKS_GROUP = "gilint.packs"
CONFIG_FILE = "gilint.toml"
PACK_FILE = "pack.toml"
TOP_KEYS = ("$schema", "name", "prefix", "description", "extends", "templates", "extend-templates",
            "baseline", "report", "rules")
REPORT_KEYS = ("level", "body", "year", "deadline")
PREFIX = lazy(re, r"^[A-Z]{2,4}$")
CODE = lazy(re, r"^([A-Z]{2,4})(\d{3})$")


# -- positions of keys in TOML text (tomllib gives none) -------------------------------------------
_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\\n]|\\.)*"'
_LITERAL = r"'[^'\n]*'"
_KEY = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER = lazy(re, rf"^[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGN = lazy(re, rf"[ \t]*({_DOTTED})[ \t]*=")
_KEYTOK = lazy(re, _KEY)


def _key_parts(dotted: str) -> tuple[str, ...]:
    out = []
    for m in _KEYTOK.finditer(dotted):
        tok = m.group(0)
        if tok[0] == '"':
            try:
                tok = loads_toml(f"x = {tok}")["x"]
            except ConfigError:
                tok = tok[1:-1]
        elif tok[0] == "'":
            tok = tok[1:-1]
        out.append(tok)
    return tuple(out)


def _key_spans(dotted: str, offset: int) -> list[tuple[str, int]]:
    """The parts of a dotted key with the 0-based column where each starts."""
    return [(_key_parts(m.group(0))[0], offset + m.start()) for m in _KEYTOK.finditer(dotted)]


def key_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Best effort: the (line, column) — both 1-based — of every key assignment and table header,
    by full key path. Keys in inline tables on one line are included."""
    pos: dict[tuple[str, ...], tuple[int, int]] = {}
    current: tuple[str, ...] = ()
    stack: list[tuple[str, tuple | None]] = []     # open [ or { in a value
    ml: str | None = None                          # inside a multi-line string: its delimiter
    for ln, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        i, n = 0, len(line)
        pending: tuple | None = None
        if ml:
            j = line.find(ml)
            if j < 0:
                continue
            i, ml = j + 3, None
        elif not stack:
            m = _HEADER.match(line)
            if m:
                parts = _key_spans(m.group(2), m.start(2))
                current = tuple(p for p, _ in parts)
                for k, (_part, col) in enumerate(parts, 1):     # [rules.GI501]: GI501 at its column
                    pos.setdefault(current[:k], (ln, col + 1))
                continue
            m = _ASSIGN.match(line)
            if m:
                parts = _key_spans(m.group(1), m.start(1))
                for k, (_part, col) in enumerate(parts[:-1], 1):
                    pos.setdefault(current + tuple(p for p, _ in parts[:k]), (ln, col + 1))
                pending = current + tuple(p for p, _ in parts)
                pos[pending] = (ln, m.start(1) + 1)
                i = m.end()
        while i < n:
            c = line[i]
            if c == "#":
                break
            if c in "\"'":
                pending = None
                if line.startswith(c * 3, i):
                    j = line.find(c * 3, i + 3)
                    if j < 0:
                        ml = c * 3
                        break
                    i = j + 3
                    continue
                j = i + 1
                while j < n and line[j] != c:
                    j += 2 if (c == '"' and line[j] == "\\") else 1
                i = j + 1
                continue
            if c in "[{":
                stack.append((c, pending if c == "{" else None))
                pending = None
                i += 1
                if c == "{":
                    i = _inline_key(line, i, stack, pos, ln)
                continue
            if c in "]}":
                if stack:
                    stack.pop()
                i += 1
                continue
            if c == "," and stack and stack[-1][0] == "{":
                i = _inline_key(line, i + 1, stack, pos, ln)
                continue
            if not c.isspace():
                pending = None
            i += 1
    return pos


def _inline_key(line: str, i: int, stack, pos, ln: int) -> int:
    base = stack[-1][1]
    m = _ASSIGN.match(line, i)
    if m is None or base is None:
        return i
    path = base + _key_parts(m.group(1))
    pos[path] = (ln, m.start(1) + 1)
    j = m.end()
    while j < len(line) and line[j] in " \t":
        j += 1
    if j < len(line) and line[j] == "{":
        stack.append(("{", path))
        return _inline_key(line, j + 1, stack, pos, ln)
    return j


# -- one pack file ----------------------------------------------------------------------------
class Where(FrozenRecord):
    FIELDS = {"path": ..., "line": 1, "column": 1, "note": ""}

    def __str__(self):   # in English: translated when shown (_shorten_origin)
        return f"{self.path}" + (f":{self.line}" if self.line else "") + (f" ({self.note})" if self.note else "")


# The words of an origin, kept in English in the Config (a stored configuration serves every
# language) and translated by `gilint config show`.
COMMAND_LINE = N_("<command line>")   # where a setting given on the command line comes from
RULE_DEFAULT = N_("the rule's default")
SET_BY = {"report": N_("set by report.deadline"), "rules": N_("set by rules.GI403.deadline")}


class Layer(Record):
    FIELDS = {"path": ...,                  # the file (absolute)
              "data": ...,                  # the pack's table (for a pyproject.toml: [tool.gilint])
              "text": ...,
              "keypath": (),                # ("tool", "gilint") in a pyproject.toml
              "national": False,
              "positions": Fresh(dict)}

    @property
    def name(self) -> str:
        n = self.data.get("name")
        if isinstance(n, str) and n:
            return n
        return self.path.parent.name if self.path.name in (PACK_FILE, CONFIG_FILE, "pyproject.toml") \
            else self.path.stem

    @property
    def prefix(self) -> str | None:
        p = self.data.get("prefix")
        return p if isinstance(p, str) else None

    def where(self, *keys: str, note: str = "") -> Where:
        full = self.keypath + tuple(keys)
        while full:
            if full in self.positions:
                line, col = self.positions[full]
                return Where(str(self.path), line, col, note)
            full = full[:-1]
        return Where(str(self.path), 1, 1, note)

    def where_value(self, keys: tuple, value: str) -> Where:
        """The position of a string value in a list (best effort: the key's line, then the
        quoted value on it or one of the next lines)."""
        w = self.where(*keys)
        lines = self.text.split("\n")
        for k in range(w.line - 1, min(len(lines), w.line + 200)):
            for q in ('"', "'"):
                j = lines[k].find(q + value + q) if value else -1
                if j >= 0:
                    return Where(w.path, k + 1, j + 1)
        return w

    def error(self, message: str, *keys: str, value: str | None = None) -> ConfigError:
        w = self.where_value(keys, value) if value is not None else self.where(*keys)
        return ConfigError(message, w.path, w.line, w.column)


def read_layer(path: Path, national: bool = False) -> Layer:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(_("cannot read: {v0}").format(v0=exc.strerror or exc), path) from None
    text = raw.decode("utf-8-sig", errors="replace")
    data = loads_toml(text, path)
    keypath: tuple = ()
    if path.name == "pyproject.toml":
        data = (data.get("tool") or {}).get("gilint")
        keypath = ("tool", "gilint")
        if not isinstance(data, dict):
            raise ConfigError(_("no [tool.gilint] table in this pyproject.toml"), path)
    return Layer(path, data, text, keypath, national, key_positions(text))


def national_pack_file() -> Path:
    return national_pack_dir() / PACK_FILE


# -- finding packs -------------------------------------------------------------------------------
def installed_packs() -> dict:
    """Packs installed by other packages: entry points of the ``gilint.packs`` group, whose value
    names a package holding a pack.toml (name → EntryPoint)."""
    from importlib.metadata import entry_points  # start-up: importlib.metadata only to look for plugins
    return {ep.name: ep for ep in entry_points(group=PACKS_GROUP)}


def _installed_pack_file(ep) -> Path | None:
    try:
        spec = importlib.util.find_spec(ep.module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        base = Path(list(spec.submodule_search_locations)[0])
    elif spec.origin:
        base = Path(spec.origin).parent
    else:
        return None
    return base / PACK_FILE


def looks_like_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith(".toml") or ref.startswith(".")


def resolve_ref(ref: str, layer: Layer) -> Path:
    """The pack file that ``extends = [ref]`` in ``layer`` names."""
    if ref == "national":
        return national_pack_file()
    if looks_like_path(ref):
        p = Path(os.path.normpath(layer.path.parent / ref))
        if p.is_dir():
            for name in (PACK_FILE, CONFIG_FILE):
                if (p / name).is_file():
                    return p / name
            raise layer.error(_("extends: {ref!r} is a folder without {PACK_FILE} or {CONFIG_FILE}").format(ref=ref, PACK_FILE=PACK_FILE, CONFIG_FILE=CONFIG_FILE),
                              "extends", value=ref)
        if not p.is_file():
            raise layer.error(_("extends: pack not found: {ref!r} (looked for {p})").format(ref=ref, p=p), "extends", value=ref)
        return p
    eps = installed_packs()
    ep = eps.get(ref)
    if ep is None:
        names = ["national"] + sorted(eps)
        import difflib   # start-up: only for a message about a wrong name
        close = difflib.get_close_matches(ref, names, 1)
        hint = _("; did you mean {name!r}?").format(name=close[0]) if close else ""
        raise layer.error(_("extends: no installed pack named {ref!r} (installed: {v0}; a path needs a / or must end in .toml){hint}").format(ref=ref, v0=', '.join(names), hint=hint), "extends", value=ref)
    f = _installed_pack_file(ep)
    if f is None or not f.is_file():
        raise layer.error(_("extends: the installed pack {ref!r} ({value}) has no {PACK_FILE}").format(ref=ref, value=ep.value, PACK_FILE=PACK_FILE),
                          "extends", value=ref)
    return f


def extends_list(layer: Layer) -> list[str]:
    ext = layer.data.get("extends", [])
    if isinstance(ext, str):
        ext = [ext]
    if not isinstance(ext, list) or not all(isinstance(x, str) and x for x in ext):
        raise layer.error(_("`extends` must be a pack name or path, or a list of them"), "extends")
    return ext


MAX_EXTENDS_DEPTH = 64     # far beyond any real chain; a deeper one is an error, not a RecursionError


def load_chain(path: Path | None) -> list[Layer]:
    """The layers to merge for a config file, in order, each once; the national pack first."""
    national = national_pack_file().resolve()
    layers: list[Layer] = []
    seen: set[Path] = set()

    def visit(p: Path, stack: tuple[Path, ...], via: tuple[Layer, str] | None):
        rp = p.resolve()
        if rp in stack:
            cycle = " → ".join(str(x) for x in stack[stack.index(rp):] + (rp,))
            if via is not None:
                raise via[0].error(_("extends cycle: {cycle}").format(cycle=cycle), "extends", value=via[1])
            raise ConfigError(_("extends cycle: {cycle}").format(cycle=cycle), p)
        if rp in seen:
            return
        if len(stack) >= MAX_EXTENDS_DEPTH and via is not None:
            raise via[0].error(_("extends chain deeper than {depth} packs (from {first}); a real "
                                 "chain is national → province → city → county").format(
                                     depth=MAX_EXTENDS_DEPTH, first=stack[0]), "extends", value=via[1])
        layer = read_layer(p, national=(rp == national))
        for ref in extends_list(layer):
            visit(resolve_ref(ref, layer), stack + (rp,), (layer, ref))
        seen.add(rp)
        layers.append(layer)

    visit(national, (), None)
    if path is not None:
        visit(Path(path).absolute(), (), None)
    return layers


# -- validation ------------------------------------------------------------------------------------
def _type_name(v) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
            dict: "a table"}.get(type(v), type(v).__name__)


def _expect(layer: Layer, keys: tuple, value, types: tuple, what: str):
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        raise layer.error(_("`{v0}` must be {what}, not {v1}").format(v0='.'.join(keys), what=_(what), v1=_(_type_name(value))), *keys)


def _unknown(layer: Layer, keys: tuple, key: str, allowed) -> ConfigError:
    import difflib   # start-up: only for a message about a wrong name
    close = difflib.get_close_matches(key, list(allowed), 1)
    hint = _("; did you mean `{name}`?").format(name=close[0]) if close else ""
    where = ".".join(keys) or _("top level")
    return layer.error(_("unknown key `{key}` in {where} (allowed: {v0}){hint}").format(key=key, where=where, v0=', '.join(allowed), hint=hint),
                       *keys, key)


class _State:
    """What validation needs to know about the layers merged so far."""

    def __init__(self):
        self.builtin = all_rules()
        self.declared: dict[str, tuple[Layer, Where]] = {}


def validate_layer(layer: Layer, st: _State) -> None:
    d = layer.data
    for k in d:
        if k not in TOP_KEYS:
            raise _unknown(layer, (), k, TOP_KEYS)
    for k in ("name", "description", "$schema", "baseline"):
        if k in d:
            _expect(layer, (k,), d[k], (str,), "a string")
    if "prefix" in d:
        p = d["prefix"]
        _expect(layer, ("prefix",), p, (str,), "a string")
        if not PREFIX.match(p):
            raise layer.error(_("`prefix` must be 2–4 capital letters (e.g. \"QH\"), not {p!r}").format(p=p), "prefix")
        if p == "GI" and not layer.national:
            raise layer.error(_("the prefix GI belongs to the national catalogue; choose your own (e.g. the province's or county's initials)"), "prefix")
    extends_list(layer)
    for k in ("templates", "extend-templates"):
        if k in d:
            v = d[k]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise layer.error(_("`{k}` must be an array of file paths").format(k=k), k)
            for t in v:
                if not (layer.path.parent / t).is_file():
                    raise layer.error(_("`{k}`: template not found: {t!r}").format(k=k, t=t), k, value=t)
    if "report" in d:
        _validate_report(layer, d["report"])
    if "rules" in d:
        rules = d["rules"]
        _expect(layer, ("rules",), rules, (dict,), "a table of rule codes")
        for code, table in rules.items():
            _validate_rule(layer, code, table, st)


def _validate_report(layer: Layer, rep) -> None:
    _expect(layer, ("report",), rep, (dict,), "a table")
    for k, v in rep.items():
        if k not in REPORT_KEYS:
            raise _unknown(layer, ("report",), k, REPORT_KEYS)
        if k == "level":
            if v not in BODY_LEVELS:
                raise layer.error(_("`report.level` must be one of {v0}; got {v!r}").format(v0=', '.join(BODY_LEVELS), v=v),
                                  "report", "level")
        elif k == "body":
            _expect(layer, ("report", k), v, (str,), "a string")
        elif k == "year":
            _expect(layer, ("report", k), v, (int,), "an integer")
            if not 1990 <= v <= 2200:
                raise layer.error(_("`report.year` out of range: {v}").format(v=v), "report", "year")
        elif k == "deadline":
            try:
                check_deadline_value(v, "report.deadline")
            except KindError as exc:
                raise layer.error(str(exc), "report", "deadline") from None


def _expect_regexes(layer: Layer, keys: tuple, patterns) -> None:
    """Compile a list of regular expressions now, so that a bad one is reported at its line in
    its pack (once per run), not when a rule first runs (once per file, without a place)."""
    for p in patterns if isinstance(patterns, list) else ():
        if not isinstance(p, str):
            continue
        try:
            compile_pattern(p, keys[1])
        except ConfigError as exc:
            reason = str(exc).split(repr(p), 1)[-1].lstrip(":： ")   # after "…{pattern!r}: " in either language
            raise layer.error(_("`{key}`: invalid regular expression {pattern!r}: {reason}").format(
                key=keys[-1], pattern=p, reason=reason), *keys, value=p) from None


def _validate_rule(layer: Layer, code: str, table, st: _State) -> None:
    keys = ("rules", code)
    if not isinstance(table, dict):
        raise layer.error(_("`rules.{code}` must be a table ([rules.{code}])").format(code=code), *keys)
    if "enabled" in table:
        _expect(layer, keys + ("enabled",), table["enabled"], (bool,), "true or false")
    if "severity" in table and table["severity"] not in SEVERITIES:
        raise layer.error(_("`rules.{code}.severity` must be one of {v0}; got {v1!r}").format(code=code, v0=', '.join(SEVERITIES), v1=table['severity']), *keys, "severity")
    if code in st.builtin:
        if "kind" in table:
            raise layer.error(_("{code} is a rule of the national catalogue; a pack declares its own rules with its own prefix (prefix = \"XX\", [rules.XX101])").format(code=code), *keys, "kind")
        known = {k: opt.types for k, opt in st.builtin[code].options.items()}   # the rule's own
        for k, v in table.items():
            if k in ("enabled", "severity"):
                continue
            base = k[len("extend-"):] if k.startswith("extend-") else k
            if base not in known:
                allowed = ["enabled", "severity"] + sorted(known) + \
                          [f"extend-{p}" for p, t in sorted(known.items()) if list in t]
                raise _unknown(layer, keys, k, allowed)
            types = (list,) if k != base else known[base]
            if k != base and list not in known[base]:
                raise layer.error(_("`{k}`: {base} is not an array, so it cannot be extended").format(k=k, base=base), *keys, k)
            what = " or ".join(_type_name(t()) if t is not float else "a number" for t in types)
            _expect(layer, keys + (k,), v, types, what)
            if base == "patterns":
                _expect_regexes(layer, keys + (k,), v)
        return
    if code in st.declared:
        if "kind" in table:
            w = st.declared[code][1]
            raise layer.error(_("{code} is already declared by {path}:{line}; a later pack may set its options, enabled and severity, but not redeclare it").format(code=code, path=w.path, line=w.line), *keys, "kind")
        return
    if "kind" not in table:
        raise layer.error(_("unknown rule code {code}: neither a national rule nor declared by a pack in the chain (to declare a rule, give it a `kind`)").format(code=code), *keys)
    m = CODE.match(code)
    if not m:
        raise layer.error(_("declared rule code {code!r} must be the pack's prefix and three digits (e.g. QH101)").format(code=code), *keys)
    if m.group(1) == "GI":
        raise layer.error(_("{code}: GI codes belong to the national catalogue; declare rules with the pack's own prefix").format(code=code), *keys)
    if layer.prefix is None:
        raise layer.error(_("{code}: a pack that declares rules must name its prefix (prefix = \"{v0}\" at the top)").format(code=code, v0=m.group(1)), *keys)
    if m.group(1) != layer.prefix:
        raise layer.error(_("{code}: the code does not use this pack's prefix {prefix} (e.g. {prefix}{v0})").format(code=code, prefix=layer.prefix, v0=m.group(2)), *keys)
    st.declared[code] = (layer, layer.where(*keys))


# -- merging -------------------------------------------------------------------------------------
Origins = dict  # tuple key path -> list[Where]


def _forget(origins: Origins, kp: tuple) -> None:
    for k in [k for k in origins if k[:len(kp)] == kp]:
        del origins[k]


def _record(origins: Origins, kp: tuple, value, where_of) -> None:
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _record(origins, kp + (k,), v, where_of)
    else:
        origins[kp] = [where_of(kp)]


def merge_table(dst: dict, src: dict, path: tuple, layer: Layer, origins: Origins) -> None:
    """Merge ``src`` (one pack's table at ``path``) into ``dst``, recording origins."""
    def where_of(kp):
        return layer.where(*kp)
    plain = [(k, v) for k, v in src.items() if not k.startswith("extend-")]
    ext = [(k, v) for k, v in src.items() if k.startswith("extend-")]
    for k, v in plain:
        kp = path + (k,)
        if kp == ("report", "deadline") and isinstance(v, dict) and isinstance(dst.get(k), str):
            old = dst[k]
            dst[k] = {"default": old}
            origins[kp + ("default",)] = origins.pop(kp, [])
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge_table(dst[k], v, kp, layer, origins)
        else:
            dst[k] = _copied(v)
            _forget(origins, kp)
            _record(origins, kp, v, where_of)
    for k, v in ext:
        base = k[len("extend-"):]
        kp = path + (base,)
        old = dst.get(base, [])
        if not isinstance(old, list) or not isinstance(v, list):
            raise layer.error(_("`{k}` appends to an array, but `{base}` is not one").format(k=k, base=base), *path, k)
        dst[base] = old + _copied(v)
        origins[kp] = origins.get(kp, []) + [layer.where(*path, k)]


_PLAIN = (str, int, float, bool, type(None))


def _copied(value):
    """A deep copy of TOML data or a rule option's default (tables, arrays, plain values),
    as copy.deepcopy makes it; anything else through copy.deepcopy itself."""
    t = type(value)
    if t in _PLAIN:
        return value
    if t is dict:
        return {k: _copied(v) for k, v in value.items()}
    if t is list:
        return [_copied(v) for v in value]
    import copy  # start-up: only for a value that is not plain data (a TOML date)
    return copy.deepcopy(value)


def _apply_layer(eff: dict, origins: Origins, layer: Layer) -> None:
    d = dict(layer.data)
    for k in ("templates", "extend-templates"):
        if k in d:
            d[k] = [str((layer.path.parent / t).resolve()) for t in d[k]]
    top = {k: v for k, v in d.items() if k in ("templates", "extend-templates", "report", "rules")}
    merge_table(eff, top, (), layer, origins)
    if "baseline" in d:   # a waiver file, relative to the file that names it; the last one wins
        eff["baseline"] = str((layer.path.parent / d["baseline"]).resolve())
        origins[("baseline",)] = [layer.where("baseline")]
    # A deadline switches GI403 on unless this pack says otherwise.
    gi403 = (d.get("rules") or {}).get("GI403") or {}
    dl = ("report", "deadline") if "deadline" in (d.get("report") or {}) else \
         ("rules", "GI403", "deadline") if "deadline" in gi403 else None
    if dl and "enabled" not in gi403:
        eff.setdefault("rules", {}).setdefault("GI403", {})["enabled"] = True
        w = layer.where(*dl)
        origins[("rules", "GI403", "enabled")] = [replace(
            w, note=SET_BY[dl[0]])]


def merge_layers(layers: list[Layer], overrides: dict | None = None):
    """Validate and merge; returns (effective dict, origins, declared {code: (layer, where)})."""
    st = _State()
    eff: dict = {"templates": [], "report": {}, "rules": {}}
    origins: Origins = {}
    for code, rule in st.builtin.items():   # each rule's own defaults, under every pack
        for k, opt in rule.options.items():
            if opt.default is not None:
                eff["rules"].setdefault(code, {})[k] = _copied(opt.default)
                origins[("rules", code, k)] = [Where(f"gilint rule {code}", 0, note=RULE_DEFAULT)]
    for layer in layers:
        validate_layer(layer, st)
        _apply_layer(eff, origins, layer)
    if overrides:
        cli = Layer(Path(COMMAND_LINE), overrides, "", ())
        validate_layer(cli, st)
        _apply_layer(eff, origins, cli)
    return eff, origins, st.declared


# -- building the Config -----------------------------------------------------------------------------
def build_config(layers: list[Layer], overrides: dict | None = None) -> Config:
    eff, origins, declared = merge_layers(layers, overrides)
    try:
        templates = load_templates(tuple(eff.get("templates") or ()))
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001
        w = (origins.get(("templates",)) or [Where("<templates>")])[-1]
        raise ConfigError(_("cannot load templates: {exc}").format(exc=exc), w.path, w.line, w.column) from None
    rules = {code: RuleConfig(enabled=t.get("enabled"), severity=t.get("severity"),
                              params={k: v for k, v in t.items() if k not in ("enabled", "severity")})
             for code, t in eff.get("rules", {}).items()}
    built = []
    for code, (layer, where) in declared.items():
        spec = eff["rules"][code]
        try:
            built.append(build_rule(code, spec, pack=layer.name, where=where, templates=templates))
        except KindError as exc:
            ws = origins.get(("rules", code, exc.key)) if exc.key else None
            w = ws[-1] if ws else where
            raise ConfigError(f"rules.{code}: {exc}", w.path, w.line, w.column) from None
        except ConfigError as exc:
            raise ConfigError(f"rules.{code}: {exc.message}", where.path, where.line, where.column) from None
    rep = eff.get("report", {})
    flat = {".".join(k): " + ".join(str(w) for w in ws) for k, ws in sorted(origins.items())}
    return Config(templates=templates, rules=rules,
                  report=ReportSettings(rep.get("level"), rep.get("body"), rep.get("year"),
                                        _copied(rep.get("deadline"))),
                  declared=tuple(built), origins=flat, baseline=eff.get("baseline"),
                  packs=tuple((layer.name, str(layer.path)) for layer in layers))


# -- the public entry points ---------------------------------------------------------------------------
_CACHE: dict = {}


def _stamp(paths) -> tuple:
    out = []
    for p in paths:
        try:
            s = os.stat(p)
            out.append((str(p), s.st_mtime_ns, s.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def load_config(config_file: str | Path | None = None, overrides: dict | None = None) -> Config:
    """The effective configuration of a config file (a gilint.toml, a pack, or a pyproject.toml
    with [tool.gilint]); None: the national pack alone. ``overrides`` (same shape as a pack:
    {"report": {...}, "rules": {...}}) is merged last, as the command line. Cached until one of
    the chain's files changes."""
    path = None if config_file is None else Path(config_file).absolute()
    if overrides:
        import json   # start-up: only with overrides
    key = (str(path), json.dumps(overrides, sort_keys=True, ensure_ascii=False) if overrides else "")
    hit = _CACHE.get(key)
    if hit is not None and _stamp(hit[0]) == hit[1]:
        return hit[2]
    if path is not None and not path.is_file():
        raise ConfigError(_("configuration file not found"), path)
    layers = load_chain(path)
    files = [layer.path for layer in layers]
    config = build_config(layers, overrides)
    _CACHE[key] = (files, _stamp(files), config)
    if len(_CACHE) > 256:
        _CACHE.pop(next(iter(_CACHE)))
    return config


@lru_cache(maxsize=1)
def default_config() -> Config:
    """The national pack alone, loaded like any other pack (validated, origins recorded)."""
    return load_config(None)


def has_tool_gilint(path: Path) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if b"tool.gilint" not in raw:
        return False
    try:
        data = loads_toml(raw.decode("utf-8-sig", errors="replace"), path)
    except ConfigError:
        return True          # let loading report the error with its position
    return isinstance((data.get("tool") or {}).get("gilint"), dict)


def config_search_start(path: str | Path | None = None) -> Path:
    """The folder where the search for ``path``'s configuration starts: ``path`` itself if it is a
    folder, else its folder (None: the current folder)."""
    p = Path(path).absolute() if path is not None else Path.cwd()
    return p if p.is_dir() else p.parent


def find_config_file(path: str | Path | None = None) -> Path | None:
    """The nearest gilint.toml, or pyproject.toml with [tool.gilint], in the folder of ``path``
    (a file or folder; None: the current folder) or above; gilint.toml wins in one folder."""
    start = config_search_start(path)
    for folder in (start, *start.parents):
        f = folder / CONFIG_FILE
        if f.is_file():
            return f
        f = folder / "pyproject.toml"
        if f.is_file() and has_tool_gilint(f):
            return f
    return None


def config_for_path(path: str | Path | None, config_file: str | Path | None = None,
                    overrides: dict | None = None) -> Config:
    """The configuration that applies to the file ``path``: ``config_file`` if given, else the
    nearest gilint.toml / [tool.gilint] above it, else the national pack."""
    f = config_file if config_file is not None else find_config_file(path)
    return load_config(f, overrides)


# -- gilint config show ------------------------------------------------------------------------------
def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    return toml_str(str(v))


def toml_key(k: str) -> str:
    return k if re.fullmatch(_BARE, k) else toml_str(k)


def _short(where: str) -> str:
    nat = str(national_pack_dir())
    if where.startswith(nat):
        return "<national>" + where[len(nat):]
    cwd = os.getcwd() + os.sep
    return where[len(cwd):] if where.startswith(cwd) else where


def _shorten_origin(origin: str) -> str:
    """The origin as `gilint config show` prints it: paths shortened, its words translated."""
    text = " + ".join(_short(part) for part in origin.split(" + "))
    if text.startswith(COMMAND_LINE):
        text = _(COMMAND_LINE) + text[len(COMMAND_LINE):]
    for note in (RULE_DEFAULT, *SET_BY.values()):
        text = text.replace(f"({note})", "(" + _(note) + ")")
    return text


def effective_values(config: Config) -> list[tuple[str, str, Any, str]]:
    """(table, dotted key, value, origin) for every value a pack set, in display order."""
    rows = []
    origins = config.origins

    def walk(table: str, prefix: str, value):
        if isinstance(value, dict) and value:
            for k, v in value.items():
                walk(table, f"{prefix}.{toml_key(k)}" if prefix else toml_key(k), v)
        else:
            full = ".".join(x for x in (table, prefix) if x)
            rows.append((table, prefix, value, _shorten_origin(_origin_of(origins, full))))

    if config.templates:
        walk("", "templates", [_short(t.source) for t in config.templates])
    if config.baseline:
        walk("", "baseline", _short(config.baseline))
    rep = {name: getattr(config.report, name) for name in fields(ReportSettings)}
    rep = {k: v for k, v in rep.items() if v is not None}
    if rep:
        walk("report", "", rep)
    for code, rc in sorted(config.rules.items(), key=lambda kv: (not kv[0].startswith("GI"), kv[0])):
        t = {}
        if rc.enabled is not None:
            t["enabled"] = rc.enabled
        if rc.severity is not None:
            t["severity"] = rc.severity
        t.update(rc.params)
        walk(f"rules.{code}", "", t)
    return rows


def _origin_of(origins: dict, dotted: str) -> str:
    key = dotted.replace('"', "")
    if key in origins:
        return origins[key]
    parts = key.split(".")
    while parts:
        parts.pop()
        if ".".join(parts) in origins:
            return origins[".".join(parts)]
    return "default"


def show_config(config: Config, target: str | None = None, config_file: str | None = None,
                fmt: str = "text") -> str:
    rows = effective_values(config)
    packs = [{"name": n, "path": _short(p)} for n, p in config.packs]
    if fmt == "json":
        import json   # start-up: only for --format json
        return json.dumps({
            "file": target, "config_file": _short(config_file) if config_file else None,
            "packs": packs,
            "values": [{"key": ".".join(x for x in (t, k) if x), "value": v, "origin": o}
                       for t, k, v, o in rows],
            "declared": [{"code": r.code, "name": r.name, "kind": r.kind, "pack": r.pack}
                         for r in config.declared],
        }, ensure_ascii=False, indent=2) + "\n"
    out = []
    if target:
        out.append(_("# Effective configuration for {target}").format(target=target))
    out.append(_("# Configuration file: {file}").format(
        file=_short(config_file) if config_file else _("none (national pack only)")))
    out.append(_("# Packs, merged in this order (later wins):"))
    for i, p in enumerate(packs, 1):
        out.append(f"#   {i}. {p['name']}  {p['path']}")
    out.append(_("# Rules not listed use their built-in defaults."))
    current = None
    body = []
    for table, key, value, origin in rows:
        if table != current:
            body.append(("", f"\n[{table}]" if table else "", ""))
            current = table
        body.append((key, toml_value(value), origin))
    comment_at = min(64, max((width(k) + width(v) + 3 for k, v, o in body if o), default=0))
    for k, v, o in body:
        if not o:
            if v:
                out.append(v)
            continue
        line = f"{k} = {v}"
        out.append(f"{pad(line, comment_at)}  # {o}")
    return "\n".join(out) + "\n"


def main_show(target: str | None, config_file: str | None, fmt: str = "text", out=None) -> int:
    """``gilint config show [FILE]``: exit 0, or 2 with one ``file:line:col: message`` line."""
    out = out or sys.stdout
    try:
        f = config_file if config_file is not None else find_config_file(target)
        config = load_config(f)
    except ConfigError as exc:
        sys.stderr.write(_("gilint: error: configuration: {message}").format(message=exc) + "\n")
        return 2
    out.write(show_config(config, target, str(f) if f else None, fmt))
    return 0
