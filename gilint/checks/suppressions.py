"""GI004/GI005: the suppressions themselves (inline comments and waiver files).

The work is done by :mod:`gilint.suppress` after all other rules have run (the engine calls
``apply_suppressions`` at the end of ``Analyzer.lint``; the CLI applies a waiver file with
``apply_baseline``). These classes register the codes, their default severity and their
documentation, so ``gilint rules``, ``gilint rule GI004``, ``--select``/``--ignore`` and pack
severities work for them like for every other rule.
"""
from __future__ import annotations

from gilint.checks.base import Rule, register


class _SuppressionRule(Rule):
    scope = "document"
    needs_template = False

    def check(self):  # reported by gilint.suppress, not during the rule pass
        return None


@register
class UnusedSuppression(_SuppressionRule):
    """A suppression or waiver that no longer suppresses anything.

    ## What it does
    Reports a `gilint-disable…` comment (for each of its codes) that covers no finding of that
    code, and an entry of a waiver file (`gilint check --baseline FILE`) that matches no
    finding of the file it names. A code whose rule did not run (not selected, disabled by the
    pack, or skipped because the report year is out of scope or a table could not be read) is
    not reported.

    ## Why
    A suppression records that the county accepted a finding, with the reason. When the text
    has been corrected, the record is stale: left in place it would silently hide a new problem
    of the same kind at the same spot.

    ## Basis
    Good practice for linters (ruff RUF100, ESLint `--report-unused-disable-directives`); the
    record of reasons is kept for the 政务公开 office's review.

    ## Example
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    | 2.其他法律行政法规禁止公开 | 0 | … |
    ```
    (the label is already correct, so nothing is suppressed)

    ## Use instead
    Delete the comment (or the code from its list); regenerate the waiver file with
    `gilint baseline`.

    ## Fix
    Unsafe: removes the comment, or the unused codes from it. Deleting a recorded reason is a
    decision for a person, so `--fix` alone never does it.
    """
    code, name, severity = "GI004", "unused-suppression", "warning"
    fix = "unsafe"


@register
class InvalidSuppression(_SuppressionRule):
    """A suppression comment that cannot be honoured: unknown code, no code, or no reason.

    ## What it does
    Reports a `<!-- gilint-… -->` comment that names an unknown directive, no rule code, a code
    that is not a rule (national or declared by a pack), or that gives no reason. A suppression
    without a reason suppresses nothing: the finding stays. GI004 and GI005 themselves cannot
    be suppressed by a comment (use `--ignore` or the pack).

    ## Why
    The point of a suppression is the record: which finding the county accepted and why. A
    misspelt code would hide nothing while looking as if it did; a suppression without a reason
    leaves no record.

    ## Basis
    The county's review of accepted deviations from the 国办公开办函〔2021〕30号 templates needs
    the reason on record.

    ## Example
    ```markdown
    <!-- gilint-disable-next-line GI2O2 -->
    ```
    (letter O instead of zero, and no reason)

    ## Use instead
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    ```
    """
    code, name, severity = "GI005", "invalid-suppression", "warning"
