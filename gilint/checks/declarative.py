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

Built-in kinds, one file each in :mod:`gilint.checks.kinds`: ``forbidden``, ``substitution``,
``required``, ``range``, ``deadline``. Installed packages add kinds through the ``gilint.checks``
entry-point group; their names contain a colon (``kind = "demo:word-count"``). A kind class is constructed with the rule's merged options (a
dict: the rule's table after merging, ``extend-`` keys applied) and raises :class:`KindError`
(or ``ValueError``) for a bad option; its ``check(rule)`` reports through ``rule.report``.
Nothing a pack names is imported or evaluated except installed entry points.

Regular expressions are compiled with the ``regex`` module and run under the timeout of
:mod:`gilint.regexsafe`: a catastrophic pattern raises a configuration error naming the rule.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Any

import regex

from gilint.checks.base import Rule, is_enabled
from gilint.checks.kinds import BUILTIN_KINDS
from gilint.checks.kinds.base import Kind, KindError, Scope
from gilint.findings import SEVERITIES
from gilint.tomlload import ConfigError
from gilint.i18n import gettext as _
from gilint.ruledoc import cleandoc


ENTRY_POINT_GROUP = "gilint.checks"


# Keys every declared rule may have, whatever its kind.
COMMON_KEYS = ("kind", "name", "message", "severity", "enabled", "description", "scope", "section")

NAME = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


# -- plugins ------------------------------------------------------------------------------------
def plugin_kinds() -> dict[str, Any]:
    """Installed check kinds: entry points of the ``gilint.checks`` group (name → EntryPoint).
    Nothing is imported here; a kind's class is loaded only when a pack uses it."""
    from importlib.metadata import entry_points  # start-up: importlib.metadata only to look for plugins
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def kind_class(name: str):
    """The class of a kind by name; raises KindError for an unknown one."""
    if name in BUILTIN_KINDS:
        return BUILTIN_KINDS[name]
    if ":" not in name:
        raise KindError(_("unknown kind {name!r} (built-in kinds: {v0}; plugin kinds are named \"plugin:kind\")").format(name=name, v0=', '.join(BUILTIN_KINDS)), "kind")
    eps = plugin_kinds()
    ep = eps.get(name)
    if ep is None:
        have = ", ".join(sorted(eps)) or _("none installed")
        raise KindError(_("unknown plugin kind {name!r}: no installed package provides it in the `{ENTRY_POINT_GROUP}` entry-point group (installed: {have})").format(name=name, ENTRY_POINT_GROUP=ENTRY_POINT_GROUP, have=have), "kind")
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin is a configuration problem
        raise KindError(_("plugin kind {name!r} ({value}) cannot be loaded: {__name__}: {exc}").format(name=name, value=ep.value, __name__=type(exc).__name__, exc=exc), "kind") from None
    if not callable(cls) or not callable(getattr(cls, "check", None)):
        raise KindError(_("plugin kind {name!r} ({value}) is not a check kind class (it needs a check(rule) method)").format(name=name, value=ep.value), "kind")
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
    # (title, pack, origin, kind, the kind's class): its documentation, written when first
    # asked for (a check never needs it)
    doc_parts: tuple = ()

    @classmethod
    def documentation(cls, lang: str | None = None) -> str:
        if cls.doc_parts and "_documented" not in cls.__dict__:
            title, pack, origin, kind, kind_cls = cls.doc_parts
            kind_doc = cleandoc(kind_cls.__doc__ or "")
            cls.__doc__ = (f"{title}\n\nDeclared by the pack {pack} ({origin}), kind `{kind}`.\n\n"
                           f"## What it does\n{kind_doc}\n")
            kind_doc_zh = cleandoc(getattr(kind_cls, "doc_zh", "") or "")
            cls.doc_zh = (f"{title}\n\n由规则包 {pack}（{origin}）声明，检查类型 `{kind}`。\n\n"
                          f"## 作用\n{kind_doc_zh}\n") if kind_doc_zh else ""
            cls._documented = True
        return super().documentation(lang)

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
        raise KindError(_("`kind` must be a string"), "kind")
    cls = kind_class(kind)
    severity = spec.get("severity", "warning")
    if severity not in SEVERITIES:
        raise KindError(_("`severity` must be one of {v0}").format(v0=', '.join(SEVERITIES)), "severity")
    name = spec.get("name", kind.replace(":", "-"))
    if not isinstance(name, str) or not regex.match(NAME, name):
        raise KindError(_("`name` must be kebab-case (lower-case words joined by -)"), "name")
    desc = spec.get("description", "")
    if not isinstance(desc, str):
        raise KindError(_("`description` must be a string"), "description")
    if isinstance(cls, type) and issubclass(cls, Kind) and (kind in BUILTIN_KINDS or cls.options):
        allowed = set(COMMON_KEYS) | set(cls.options)
        for k in spec:
            if k not in allowed:
                raise KindError(_("unknown option `{k}` for a {kind} rule (options: {v0}; common: {v1})").format(k=k, kind=kind, v0=', '.join(cls.options), v1=', '.join(COMMON_KEYS)), k)
    opts = {k: v for k, v in spec.items() if k not in ("enabled", "severity")}
    try:
        impl = cls(opts)
    except KindError:
        raise
    except (ValueError, TypeError) as exc:
        raise KindError(str(exc)) from None
    if hasattr(impl, "validate_against"):
        impl.validate_against(templates)
    origin = str(where) if where is not None else ""
    return type(f"Declared{code}", (DeclaredRule,), {
        "code": code, "name": name, "severity": severity, "impl": impl, "kind": kind,
        "pack": pack, "origin": origin, "where": where, "__doc__": None, "doc_zh": "",
        "doc_parts": (desc or name, pack or "?", origin, kind, cls), "fix": getattr(impl, "fix_safety", "none"),
        "needs_template": bool(getattr(impl, "needs_template", False)),
        "reads_tables": bool(getattr(impl, "reads_tables", False)),
        "__module__": __name__,
    })


def declared_rules(config) -> list[type[Rule]]:
    """The declared rules of a configuration that are enabled and selected (for the engine)."""
    return [r for r in getattr(config, "declared", ()) if is_enabled(r, config)]
