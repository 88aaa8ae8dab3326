"""Effective configuration: the merged rule packs plus command-line overrides.

Settings types only (the core layer): pack files (``gilint.toml``, province and county packs)
are loaded, validated and merged by :mod:`gilint.packs`, which produces a ``Config``;
``gilint.packs.default_config()`` is the national pack alone.
"""
from __future__ import annotations

from pathlib import Path
import importlib.util  # cheaper at start-up than importlib.resources

from gilint.hashes import digest
from gilint.record import Fresh, Record
from gilint.settings import ReadSettings, ReportSettings
from gilint.templates import Template, load_templates

BODY_LEVELS = ("township", "county-government", "county-department", "city", "province",
               "state-council-department")


def national_pack_dir() -> Path:
    """The national pack folder: shipped in the package as ``gilint._rules``; in a source
    checkout that is the top-level ``rules/`` folder."""

    try:
        spec = importlib.util.find_spec("gilint._rules")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / "national"
    return Path(__file__).resolve().parent.parent / "rules" / "national"  # uninstalled checkout


class RuleConfig(Record):
    FIELDS = {"enabled": None,        # None: the rule's own default
              "severity": None,       # None: the rule's own default
              "params": Fresh(dict)}


class Config(Record):
    FIELDS = {"templates": ...,                     # tuple[Template, ...]
              "rules": Fresh(dict),                 # dict[str, RuleConfig]
              "report": Fresh(ReportSettings),
              "select": None,                       # frozenset of codes or prefixes; None = all
              "ignore": frozenset(),
              # Rules a pack defines declaratively (see gilint.checks.declarative); opaque here.
              "declared": (),
              # Where each value came from, for `gilint config show`: dotted key -> "file:line".
              "origins": Fresh(dict),
              # The packs merged into this configuration, in order: (name, file).
              "packs": (),
              # A waiver file (gilint.baseline) that `gilint check` and the editor honour; absolute.
              "baseline": None}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The defaults handed out for rules the packs do not mention, one per code (Config.rule
        # is asked once per rule per lint and per finding); not part of the settings.
        self._defaults = {}

    def rule(self, code: str) -> RuleConfig:
        got = self.rules.get(code)
        if got:
            return got
        got = self._defaults.get(code)
        if got is None:
            got = self._defaults[code] = RuleConfig()
        return got

    def params(self, code: str) -> dict:
        return self.rule(code).params

    def is_selected(self, code: str) -> bool:
        def hit(codes):
            return any(code == c or (code.startswith(c) and len(c) < len(code)) for c in codes)
        if self.select is not None and not hit(self.select):
            return False
        return not hit(self.ignore)

    @property
    def reading(self) -> ReadSettings:
        """What the reader uses of this configuration (the templates, the report settings)."""
        return ReadSettings(self.templates, self.report)

    def template_for_year(self, year: int | None) -> Template | None:
        return self.reading.template_for_year(year)

    def fingerprint(self) -> str:
        """A stable hash of everything that can change a rule's result (for the caches of one
        process: the CLI's analyzers, the language server's); repr of plain data with every
        table's keys in order (json would cost a one-file check its import)."""
        blob = repr((
            [t.source for t in self.templates],
            [(k, v.enabled, v.severity, _in_order(v.params)) for k, v in sorted(self.rules.items())],
            [self.report.level, self.report.body, self.report.year, _in_order(self.report.deadline)],
            sorted(self.select) if self.select is not None else None,
            sorted(self.ignore), [repr(d) for d in self.declared]))
        return digest(blob.encode("utf-8", "surrogatepass"))   # blake2b: hashlib would load OpenSSL


def _in_order(value):
    """Plain data with every table's items sorted by key, for repr (a table inside an array
    keeps its order: at worst two equal configurations look different — a cache missed)."""
    if type(value) is dict:
        return sorted([(str(k), _in_order(v)) for k, v in value.items()])
    return value


def config_from_pack_data(pack: dict, base_dir: Path) -> Config:
    templates = load_templates(tuple(str(base_dir / p) for p in pack.get("templates", ())))
    rules = {code: RuleConfig(enabled=v.get("enabled"), severity=v.get("severity"),
                              params={k: x for k, x in v.items() if k not in ("enabled", "severity")})
             for code, v in pack.get("rules", {}).items()}
    rep = pack.get("report", {})
    return Config(templates=templates, rules=rules,
                  report=ReportSettings(rep.get("level"), rep.get("body"), rep.get("year"), rep.get("deadline")))
