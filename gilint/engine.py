"""lint(text, config) → findings: the one engine behind the CLI, the hook and the server.

``Analyzer`` keeps what it computed for the last texts it saw: the parsed model of every
section and the findings of section-scoped rules, keyed by the section's own text, and memos
of line-level readings and line-level findings keyed by the line's text (``gilint.memo``).
Re-linting an edited document therefore re-reads only the sections the edit touched, and in
them only the lines it changed, and re-runs only the rules whose inputs changed; because every
cached value is a pure function of its key, the result is identical to a fresh ``lint``.
"""
from __future__ import annotations

from gilint.checks.base import Context, Rule
from gilint.checks.declarative import declared_rules
from gilint.checks.registry import all_rules, is_enabled, iter_rules, registered_count
from gilint.config import Config
from gilint.i18n import N_, gettext as _
from gilint.log import logger
from gilint.findings import IN_ORDER, Finding
from gilint.memo import SizedCache, trim
from gilint.packs import default_config, toml_value
from gilint.read.structure import CACHED_CHARS, SectionReader, build_report
from gilint.record import FrozenRecord
from gilint.suppress import MARK, apply_suppressions
from gilint.tomlload import ConfigError


class LintResult(FrozenRecord):
    """What one lint found, and which rules ran to completion on the whole document: only
    their silence means "nothing to report" (GI004 reports a suppression or waiver unused
    only for those)."""
    FIELDS = {"findings": ..., "ran": ...}      # list[Finding], frozenset[str]

    def __init__(self, findings: list[Finding], ran: frozenset[str]):
        d = self.__dict__   # (frozen: fields set once, here; made on every lint)
        d["findings"] = findings
        d["ran"] = ran


# How often a run over many files (not incremental) looks for memos that outgrew the text
# (gilint.memo.trim): the look at some 30 memos costs ~50,000 instructions, ~0.3 % of a report's
# lint. Memory stays bounded: a memo holds at most what eight lints add beyond the bound before
# it is emptied (a report's lint adds a few hundred entries; the slack is gilint.memo.SLACK).
# The editor looks at every lint (each keystroke in a long line adds a version of it).
TRIM_EVERY = 8


class Analyzer:
    """``cache_size`` 0: a one-shot lint (no memos). ``incremental``: the next text is likely
    an edit of this one (the language server, the fix loop): everything is looked up line by
    line in the memos, never searched for over the whole text; False for a run over many
    files (``analyzer_for``), where one search of a new text is cheaper than a lookup per line."""

    def __init__(self, config: Config | None = None, cache_size: int = 512, incremental: bool = True):
        self.config = config or default_config()
        self._fingerprint = self.config.fingerprint()
        self._reading = self.config.reading   # one for every lint: it keeps its template per year
        self._reader = SectionReader(cache_size, incremental)
        # (section number, section text, …) → (where it was, {rule: findings}); each entry
        # counted at its section's size, as in the reader's cache
        self._rule_cache = SizedCache(cache_size, CACHED_CHARS)
        self._persistent = bool(cache_size)   # one-shot lint() has no caches
        self._incremental = incremental and self._persistent
        self._memos: dict = {}
        self.report = None
        self.failed_rules: set[str] = set()
        self._failing: set[str] = set()    # rules that raised during the current lint
        self._failures = 0
        self._lints = 0                       # lints run (a run over many files trims every TRIM_EVERY)
        self.last_failures: list[str] = []    # rules an exception skipped in the last lint
        self._enabled: tuple | None = None    # (rules registered, the rules in effect)
        self._planned: tuple | None = None    # (those rules, their gates, _plan's plan)
        self._unmarked: str | None = None     # the last text, if it held no suppression (_may_suppress)

    def lint(self, text: str) -> list[Finding]:
        """The findings of ``text``, inline suppressions applied."""
        return self.run(text).findings

    def run(self, text: str, waivers=None, path: str | None = None) -> LintResult:
        """``lint`` with the record of the rules that ran; ``waivers`` (a gilint.baseline
        Baseline) marks the findings of ``path`` it lists as accepted."""
        findings, ran = self._lint(text)
        if self._may_suppress(text):
            findings = apply_suppressions(text, findings, self.config, ran)
        if waivers is not None:
            findings = waivers.apply(path, text, findings, self.config, ran)
        return LintResult(findings, ran)

    def _may_suppress(self, text: str) -> bool:
        """Whether ``text`` may hold an inline suppression comment (``MARK``: else
        apply_suppressions has nothing to do). In the editor, after a text that held none, only
        the text around the change since is searched (the whole of a 1 MB report costs ~0.1 ms)."""
        changed = self._reader.changed_since(self._unmarked) if self._unmarked is not None else None
        if changed is None:
            found = MARK in text
        else:
            found = MARK in text[max(0, changed[0] - len(MARK) + 1):changed[1] + len(MARK) - 1]
        self._unmarked = None if found or not self._incremental else text
        return found

    def _lint(self, text: str) -> tuple[list[Finding], frozenset[str]]:
        self.last_failures = []
        reading = self._reading
        report = build_report(text, reading, self._reader)
        self.report = report
        # memos that outgrew this document are emptied (before they are used: what this lint
        # adds stays for the next one); in a run over many files, every TRIM_EVERY lints
        self._lints += 1
        if self._incremental or self._lints % TRIM_EVERY == 0:
            lines = len(report.lines[0])
            trim(self._memos.values(), lines, len(text))
            self._reader.trim_memos(lines, len(text))
        template = reading.template_for_year(report.year)
        ctx = Context(report, self.config, template, report.table_template or template,
                      text, memos=self._memos, persistent=self._persistent,
                      incremental=self._incremental,
                      changed_since=self._reader.changed_since if self._incremental else None)
        gates, plan, untabled = self._plan()
        findings: list[Finding] = []
        ran: set[str] = set()
        self._failing = set()
        closed: set[str] = set()           # what the gates that reported closed: "report", "template"
        for cls in gates:
            found = self._run(cls, ctx)
            ran.add(cls.code)
            findings += found
            if found:
                closed.add(cls.gate)
        if "report" in closed:
            return sorted(findings, key=IN_ORDER), frozenset(ran - self._failing)
        unreadable = _has_unreadable_table(report)
        # what a section rule's findings depend on besides the rule and the section's text
        given = (self._fingerprint, report.year, report.level, template.name if template else None,
                 ctx.table_template.name if ctx.table_template else None)
        no_template = "template" in closed
        # Where section rules run: (section, its cache hit, its new entry), for every section
        # and for those with tables (where a tables_only rule runs). The section rules'
        # findings on a section are cached together (one lookup a section, not one per rule
        # and section): the hit holds what each found there; the new entry (None: not cached)
        # is filled by the rules that run, then stored (``made``).
        everywhere, tabled, made = [], [], []
        cache = self._rule_cache
        for section, body in zip(report.sections, report.section_texts):
            hit = new = None
            if body is not None and (section.tables or untabled):
                key = (section.number, body, given, no_template)
                hit = cache.get(key)
                if hit is None:
                    new = {}
                    made.append((key, section.start, new, len(body)))
            place = (section, hit, new)
            everywhere.append(place)
            if section.tables:
                tabled.append(place)
        for cls, by_section, tables_only, reads_tables, needs_template in plan:
            if no_template and needs_template:
                continue
            if by_section:
                for section, hit, new in (tabled if tables_only else everywhere):
                    findings += self._run_section(cls, ctx, section, hit, new)
            else:
                findings += self._run(cls, ctx)
            if not (unreadable and reads_tables):
                ran.add(cls.code)          # (else it skipped a table it could not read)
        for key, start, new, size in made:
            if _FAILED not in new:
                cache.put(key, (start, new), size)
        if report.furniture:   # the page around the report is not the report
            findings = [f for f in findings if not any(sp.start <= f.start < sp.end for sp in report.furniture)]
        return sorted(findings, key=IN_ORDER), frozenset(ran - self._failing)

    def _rules(self) -> list[type[Rule]]:
        """The rules in effect, the packs' own included: worked out once per configuration
        (again if a rule was registered since)."""
        count = registered_count()
        if self._enabled is None or self._enabled[0] != count:
            self._enabled = (count, list(iter_rules(self.config)) + declared_rules(self.config))
        return self._enabled[1]

    def _plan(self) -> tuple[list, list, bool]:
        """The gates among the rules in effect, for each other rule what the engine asks of
        it on every lint: (rule, section scope, tables_only, reads_tables, needs_template), and
        whether a section rule runs on sections without tables."""
        rules = self._rules()
        if self._planned is None or self._planned[0] is not rules:
            gates = [r for r in rules if getattr(r, "gate", "")]
            plan = [(r, r.scope == "section", getattr(r, "tables_only", False),
                     getattr(r, "reads_tables", False), getattr(r, "needs_template", True))
                    for r in rules if r not in gates]
            untabled = any(by_section and not tables_only for _, by_section, tables_only, *_ in plan)
            self._planned = (rules, gates, plan, untabled)
        return self._planned[1:]

    # -- running rules, isolating failures -----------------------------------------------
    def _run(self, cls: type[Rule], ctx: Context, section=None) -> list[Finding]:
        try:
            return cls(ctx).run(section)
        except ConfigError:  # a pack's setting that cannot work (a regex timing out): not a bug
            raise
        except Exception:  # a broken rule must not take the linter (or the server) down
            self.last_failures.append(cls.code)
            if cls.code not in self.failed_rules:
                self.failed_rules.add(cls.code)
                logger().exception(N_("rule %s failed and was skipped"), cls.code)   # the CLI translates it
            self._failing.add(cls.code)
            self._failures += 1
            return []

    def _run_section(self, cls: type[Rule], ctx: Context, section, hit: tuple | None,
                     new: dict | None) -> list[Finding]:
        """A section rule's findings: those the cache ``hit`` (where the section was, what each
        rule found there: keyed by the section's text and what else the findings depend on,
        the configuration, the report's year and level, the templates) holds, else found now
        and added to ``new`` (the section's entry to be; None: not cached). A failure is not
        cached (it must show in ``ran`` every time)."""
        if hit is not None:
            at, found = hit[0], hit[1].get(cls.code)
            if found is not None:   # (where the section was, its findings there)
                return found if at == section.start else [f.shifted(section.start - at) for f in found]
        failures = self._failures
        found = self._run(cls, ctx, section)
        if new is not None:
            new[cls.code if self._failures == failures else _FAILED] = found
        return found


_FAILED = None   # in a section's new cache entry: a rule failed on it (the entry is not kept)


def _has_unreadable_table(report) -> bool:
    for section in report.sections:   # (loops, not a generator made and resumed: once a lint)
        for table in section.tables:
            if not table.readable:
                return True
    return False


def lint(text: str, config: Config | None = None) -> list[Finding]:
    """Lint one document's text; findings sorted by position."""
    return Analyzer(config, cache_size=0).lint(text)


_ANALYZERS: dict = {}


def analyzer_for(config: Config) -> Analyzer:
    """One Analyzer per configuration for a run over many files (the CLI, ``gilint baseline``):
    files with the same configuration share its caches."""
    key = config.fingerprint()
    a = _ANALYZERS.get(key)
    if a is None:
        a = _ANALYZERS[key] = Analyzer(config, incremental=False)
    return a


# -- a rule's documentation, as `gilint rule` and the editor's hover show it ------------------
# the option types as the TOML configuration names them (translated where shown)
_TYPE_NAMES = {str: N_("string"), int: N_("integer"), float: N_("number"), bool: N_("boolean"),
               list: N_("array"), dict: N_("table")}


def _type_name(opt) -> str:
    types = opt.type if isinstance(opt.type, tuple) else (opt.type,)
    # not " | ": the name is a cell of a Markdown table
    return _(" or ").join(_(_TYPE_NAMES[t]) if t in _TYPE_NAMES else t.__name__ for t in types)


def find_rule(key: str, configs=()):
    """The rule ``key`` names (its code, any case, or its name): a national rule or one the
    packs of ``configs`` declare (the last that declares it); None if there is none."""
    rules = dict(all_rules())
    for config in configs:
        rules.update({r.code: r for r in getattr(config, "declared", ())})
    key = key.strip()
    return rules.get(key.upper()) or next((r for r in rules.values() if r.name == key.lower()), None)


def rule_doc(cls, config: Config | None = None, markdown_header: bool = True) -> str:
    """Code, name, the severity in effect, fix, whether the configuration turns it off, its
    options (type, default, what it does: from the rule itself), then its documentation."""
    config = config or default_config()
    fix = getattr(cls, "fix", "none")
    severity = config.rule(cls.code).severity or cls.severity
    from_checks = getattr(cls, "options", None) or {}
    state = "" if is_enabled(cls, config) else _(" Off here (the configuration disables it).")
    if markdown_header:
        head = (f"# {cls.code} {cls.name}\n\n"
                + _("Severity: {severity}. Fix: {fix}.").format(severity=_(severity), fix=_(fix))
                + f"{state}\n\n")
    else:
        fix_note = "" if fix == "none" else " · " + _("fix: {fix}").format(fix=_(fix))
        head = f"**{cls.code}** `{cls.name}` · {_(severity)}{fix_note}\n\n"
    body = cls.documentation().rstrip() + "\n"
    if from_checks:
        heads = (_("option"), _("type"), _("default"))
        rows = ["", "## " + _("Options"), "", "| " + " | ".join(heads) + " | |", "| --- | --- | --- | --- |"]
        for k, opt in from_checks.items():
            default = "—" if opt.default is None else toml_value(opt.default).replace("|", "\\|")
            # an option's doc is extracted into the catalogue from Option(type, default, doc)
            rows.append(f"| `{k}` | {_type_name(opt)} | `{default}` | {_(opt.doc)} |")
        body += "\n".join(rows) + "\n"
    return head + body
