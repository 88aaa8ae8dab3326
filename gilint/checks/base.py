"""The Rule class and the context a rule runs in (the registry is gilint.checks.registry).

A rule is a class with a code, a kebab-case name, a default severity and its documentation
(the class docstring, in Markdown with the headings What it does / Why / Basis / Example /
Use instead / Fix). ``gilint rule CODE`` prints that very docstring, so docs cannot drift.

Two scopes:
- ``section`` rules look at one section at a time (``check_section``); the engine caches their
  findings per section text, which is what makes editing in the language server incremental.
- ``document`` rules look at the whole report (``check``).
"""
from __future__ import annotations

from gilint.config import Config
from gilint.findings import Finding, Fix
from gilint.checks import matching
from gilint.memo import Memo
from gilint.model import Report, Section
from gilint.record import Fresh, FrozenRecord, Record
from gilint.ruledoc import Documented
from gilint.templates import Template
from gilint.textpos import detect_newline


class Option(FrozenRecord):
    """One option a rule takes from packs (``[rules.GIxxx] name = value``): pack validation,
    the JSON Schema and ``gilint rule`` read it from here. ``type`` is a type or a tuple of
    types (int also accepts a float); ``default`` None means "not set"; ``schema`` the JSON
    Schema where the type alone does not say it."""
    FIELDS = {"type": ..., "default": ..., "doc": ..., "schema": None}

    @property
    def types(self) -> tuple:
        types = self.type if isinstance(self.type, tuple) else (self.type,)
        return (int, float) if types in ((int,), (float,)) else types


_PARAMS = ("rule parameters",)   # Context.rule_params' key among the memos (their names are strings)


class Context(Record):
    """What a rule sees: the report, the effective config and the template in force."""
    FIELDS = {"report": ..., "config": ...,
              "template": ...,              # the template the report year requires
              "table_template": ...,        # the template the tables actually follow (GI201)
              "text": "",
              "out": Fresh(list),           # list[Finding]
              "memos": Fresh(dict),         # the Analyzer's, kept across lints
              "persistent": False,          # memos outlive this lint (the server)
              "incremental": False,         # the next text is likely an edit of this one:
                                            # no search of the whole text
              "scratch": Fresh(dict),       # shared by the rules of one lint
              "changed_since": None,        # the editor's: (a text) → where this one differs
                                            # from it, if it was the last read (else None)
              "rule_params": None}          # {rule class: its params}, kept with the memos

    def __init__(self, report: Report, config: Config, template: Template | None,
                 table_template: Template | None, text: str = "", out: list | None = None,
                 memos: dict | None = None, persistent: bool = False, incremental: bool = False,
                 scratch: dict | None = None, changed_since=None, rule_params: dict | None = None):
        self.report = report
        self.config = config
        self.template = template
        self.table_template = table_template
        self.text = text
        self.out = [] if out is None else out
        self.memos = {} if memos is None else memos
        self.persistent = persistent
        self.incremental = incremental
        self.scratch = {} if scratch is None else scratch
        self.changed_since = changed_since
        # A rule is made once per lint (per section for section rules): its parameters are
        # merged once per configuration, kept with the Analyzer's memos (never mutated).
        if rule_params is None:
            rule_params = self.memos.get(_PARAMS)
            if rule_params is None:
                rule_params = self.memos[_PARAMS] = {}
        self.rule_params = rule_params

    def memo(self, name: str) -> dict:
        """The memo called ``name`` (see ``gilint.memo``)."""
        memo = self.memos.get(name)
        if memo is None:
            memo = self.memos[name] = Memo()
        return memo


class Rule(Documented):
    code: str = ""
    name: str = ""
    severity: str = "error"
    scope: str = "document"            # "document" | "section"
    fix: str = "none"                  # "safe" | "unsafe" | "none" (documentation)
    enabled_by_default: bool = True
    options: dict[str, Option] = {}    # what packs may set; self.params has every one
    # -- when it runs: the engine, suppressions, waivers, fixes and the server read these --------
    gate: str = ""                     # "report": when it reports, no other rule runs (GI002);
                                       # "template": rules that need a template do not run (GI003)
    needs_template: bool = True        # runs only on a report of a year a template covers
    reads_tables: bool = False         # judges table data, skipping the tables it cannot read
                                       # (GI001): where one is unreadable its silence means nothing
    tables_only: bool = False          # a section rule that looks at nothing but the section's
                                       # tables: it is not run on a section that has none
    refuses_fixes: str = ""            # its finding means the document must not be fixed: why
    hidden_in_editor: bool = False     # a finding the editor does not show (GI002: an open file
                                       # that is no report is not an error to underline)

    def __init__(self, ctx: Context):
        self.ctx = ctx
        params = ctx.rule_params.get(type(self))   # (see Context.rule_params)
        if params is None:
            given = ctx.config.params(self.code)
            params = ctx.rule_params[type(self)] = (
                {**{k: o.default for k, o in self.options.items()}, **given} if self.options else given)
        self.params = params
        self._findings: list[Finding] = []

    # -- for rules to call -------------------------------------------------------------
    def report(self, start: int, end: int, message: str, fix: Fix | None = None) -> None:
        self._findings.append(self.finding(start, end, message, fix))

    def finding(self, start: int, end: int, message: str, fix: Fix | None = None) -> Finding:
        rc = self.ctx.config.rule(self.code)
        return Finding(self.code, self.name, rc.severity or self.severity,
                       message, start, max(end, start), fix)

    def report_each(self, starts: list[int], texts: list[str], check_text, memo: str | None = None) -> None:
        """Report what ``check_text(text)`` finds in each piece of text (a line, a paragraph)
        at ``starts``: findings relative to the piece, memoised per piece text across lints
        (``check_text`` must depend on nothing else but the configuration); a rule that calls
        it twice names a ``memo`` for each call."""
        self._findings += matching.findings_each(self.ctx, memo or self.code, starts, texts, check_text)

    def each_line(self, starts: list[int], texts: list[str], compute, memo: str | None = None) -> list:
        """``(start, value)`` for each piece (line, paragraph) whose ``compute(text)`` is truthy;
        memoised per piece text across lints (``compute`` depends on the text alone, or on
        what ``memo`` names as well: one memo per name)."""
        return matching.each_line(self.ctx, memo or self.code, starts, texts, compute)

    def sentence_matches(self, pattern, begins, starts=None, texts=None, memo: str | None = None,
                         keep=None) -> list:
        """``(offset, match)`` of a fixed pattern of ours that may wrap over lines but never
        contains "。" and whose matches begin with a match of ``begins``: over the document's
        lines, or ``starts``/``texts`` (see gilint.checks.matching.matches_by_sentence). With
        ``keep(match)`` (depending on the match alone): ``(offset, keep(match))`` where truthy,
        memoised like the matches (what a rule makes of each match, judged once per sentence)."""
        if starts is None:
            starts, texts = self.ctx.report.lines
        return matching.matches_by_sentence(self.ctx, pattern, begins, starts, texts, memo or self.code, keep)

    def lines_that_may_match(self, pattern) -> tuple[list[int], list[str]]:
        """The lines (starts, texts) where a pack ``pattern`` may match."""
        return matching.lines_that_may_match(self.ctx, pattern, self.code)

    def wraps_that_may_match(self, pattern) -> tuple[list[int], list[str]]:
        """The soft wraps inside paragraphs (start, the two lines with the break between them)
        where ``pattern`` (None: any) may match across the break."""
        return matching.wraps_that_may_match(self.ctx, pattern, self.code)

    def once(self, name: str, compute):
        """``compute()``, once per lint for all the rules that ask for ``name``."""
        if name not in self.ctx.scratch:
            self.ctx.scratch[name] = compute()
        return self.ctx.scratch[name]

    @property
    def newline(self) -> str:
        """The document's line break, for fixes that insert lines."""
        return detect_newline(self.ctx.text)

    # -- for the engine ------------------------------------------------------------------
    def check(self) -> None:                      # document scope
        raise NotImplementedError

    def check_section(self, section: Section) -> None:   # section scope
        raise NotImplementedError

    def run(self, section: Section | None = None) -> list[Finding]:
        if self._findings:   # (run again: made afresh, not added to; the engine runs it once)
            self._findings = []
        if section is None:
            self.check()
        else:
            self.check_section(section)
        return self._findings


def is_enabled(rule: type[Rule], config: Config) -> bool:
    rc = config.rule(rule.code)
    enabled = rule.enabled_by_default if rc.enabled is None else rc.enabled
    return enabled and config.is_selected(rule.code)
