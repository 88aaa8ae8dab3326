"""GI004/GI005: the suppressions themselves (inline comments and waiver files).

The work is done by :mod:`gilint.suppress` after all other rules have run (the engine calls
``apply_suppressions`` at the end of ``Analyzer.lint``; the CLI applies a waiver file with
``apply_baseline``). These classes register the codes, their default severity and their
documentation, so ``gilint rules``, ``gilint rule GI004``, ``--select``/``--ignore`` and pack
severities work for them like for every other rule.

One rule per file; a new rule is registered by its import and its line in RULES."""
from gilint.checks.suppressions.GI004_unused_suppression import UnusedSuppression
from gilint.checks.suppressions.GI005_invalid_suppression import InvalidSuppression

RULES = [
    UnusedSuppression,
    InvalidSuppression,
]
