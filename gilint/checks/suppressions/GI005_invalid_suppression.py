from __future__ import annotations

from gilint.checks.suppressions.helpers import SuppressionRule


class InvalidSuppression(SuppressionRule):
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
