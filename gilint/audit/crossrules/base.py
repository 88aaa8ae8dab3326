"""What a cross-document rule is and how it reports.

A corpus rule has what every rule has (code, name, severity, ``fix``, the class docstring as its
documentation, severity and parameters from the packs) and ``scope = "corpus"``.
``gilint.checks.registry.all_rules()`` lists these rules beside the others (``gilint rule GI601``,
pack validation, the JSON schema) and the engine skips them; this module does not import the
checks (they import it).
"""
from __future__ import annotations

from gilint.ruledoc import Documented


class CorpusRule(Documented):
    """A rule over the corpus: ``check_corpus(corpus)`` calls ``self.report_on(...)``."""
    options: dict = {}                 # what packs may set (gilint.checks.base.Option)
    gate, reads_tables, refuses_fixes, hidden_in_editor = "", False, "", False   # as a Rule's
    code: str = ""
    name: str = ""
    severity: str = "warning"
    scope = "corpus"
    fix = "none"
    enabled_by_default = True
    needs_template = False

    def __init__(self, config):
        self.config = config
        self.params = {**{k: o.default for k, o in self.options.items()}, **config.params(self.code)}
        self.out: list[dict] = []

    def check_corpus(self, corpus) -> None:
        raise NotImplementedError

    def report_on(self, rep, message: str, cell=None, related=None, **extra) -> None:
        """A finding on report ``rep`` (a ``series.Rep``), at ``cell`` (a cell tuple of
        ``Corpus.rows``: …, line, column, start, end) or its first line, naming ``related``."""
        line, col, start, end = cell[-4:] if cell else (1, 1, 0, 0)
        f = {"path": rep.path if rep else extra.pop("path"),
             "report_id": rep.id if rep else None,
             "related_path": related.path if related else None,
             "related_report_id": related.id if related else None,
             "code": self.code, "name": self.name,
             "severity": self.config.rule(self.code).severity or self.severity,
             "message": message, "line": line, "column": col,
             "end_line": line, "end_column": col + max(0, end - start),
             "start": start, "end": end, "fix": None, "suppressed": None,
             "body": rep.body if rep else None, "year": rep.year if rep else None}
        f.update(extra)
        self.out.append(f)

    def run_corpus(self, corpus) -> list[dict]:
        self.out = []
        self.check_corpus(corpus)
        return self.out

def enabled_corpus_rules(config, rules) -> list[type[CorpusRule]]:
    """The ``rules`` the configuration enables (as ``checks.base.is_enabled`` decides)."""
    out = []
    for cls in rules:
        code = cls.code
        rc = config.rule(code)
        on = cls.enabled_by_default if rc.enabled is None else rc.enabled
        if on and config.is_selected(code):
            out.append(cls)
    return out

def fmt(v) -> str:
    """12.0 → 12; 1.25 → 1.25."""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"
