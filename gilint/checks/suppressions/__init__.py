"""GI004/GI005: the suppressions themselves (inline comments and waiver files).

The work is done by :mod:`gilint.suppress` and :mod:`gilint.baseline` after all other rules
have run: ``Analyzer.run`` applies the inline suppressions and the waiver file with the record
of the rules that ran (``LintResult.ran``). These classes register the codes, their default severity and their
documentation, so ``gilint rules``, ``gilint rule GI004``, ``--select``/``--ignore`` and pack
severities work for them like for every other rule.

One rule per file; a new rule is registered by its module in the import and its class in RULES."""
from gilint.checks.suppressions import GI004_unused_suppression, GI005_invalid_suppression

RULES = [GI004_unused_suppression.UnusedSuppression, GI005_invalid_suppression.InvalidSuppression]
