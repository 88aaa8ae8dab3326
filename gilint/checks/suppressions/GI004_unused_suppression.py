from __future__ import annotations

from gilint.checks.suppressions.helpers import SuppressionRule


class UnusedSuppression(SuppressionRule):
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
