"""The engine's cache of section-rule findings (one entry per section, for all its rules): a
rule failing on one section is never cached, and the others' findings there are the same
whether found anew, taken from the cache, or found by a one-shot lint."""
from __future__ import annotations

from gilint.checks.base import Rule
from gilint.engine import Analyzer
from gilint.packs import default_config

from conftest import SEEDS


class FailsInSection3(Rule):
    """Test only: fails on section 三, reports the start of every other section with tables."""
    code, name, severity, scope = "GI998", "fails-in-section-3", "warning", "section"
    tables_only = True

    def check_section(self, section):
        if section.number == 3:
            raise RuntimeError("boom")
        self.report(section.start, section.start + 1, f"section {section.number}")


class WithFailingRule(Analyzer):
    def _rules(self):
        return super()._rules() + [FailsInSection3]


def _shape(findings):
    return [(f.code, f.start, f.end, f.message, f.fix) for f in findings]


def test_a_rule_failing_on_a_section_is_not_cached_and_the_others_are():
    text = next(SEEDS.glob("003*.txt")).read_text(encoding="utf-8")
    config = default_config()
    one_shot = WithFailingRule(config, cache_size=0).run(text)
    analyzer = WithFailingRule(config, incremental=False)
    first = analyzer.run(text)
    again = analyzer.run(text)            # every section's findings from the cache
    moved = analyzer.run("\n" + text)     # from the cache, moved by one
    assert analyzer.last_failures == ["GI998"]   # it ran (and failed) again: not cached
    for result in (one_shot, first, again):
        assert "GI998" not in result.ran and "GI202" in result.ran
        assert _shape(result.findings) == _shape(one_shot.findings)
    assert _shape(moved.findings) == _shape(f.shifted(1) for f in one_shot.findings)
    codes = {f.code for f in one_shot.findings}
    assert {"GI998", "GI202"} <= codes   # the other section rules read the tables
    assert analyzer._rule_cache.total > 0
