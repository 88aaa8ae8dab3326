"""GI302–GI305, GI307: the identities of the tables, and figures quoted in the text.

Arithmetic only runs on readable tables (GI001 otherwise) and on cells that are plain
numbers (GI301 reports the rest), so no sum is ever checked against a guess.

One rule per file; a new rule is registered by its import and its line in RULES."""
from gilint.checks.arithmetic.GI302_row_total import RowTotal
from gilint.checks.arithmetic.GI303_outcome_total import OutcomeTotal
from gilint.checks.arithmetic.GI304_balance import Balance
from gilint.checks.arithmetic.GI305_review_total import ReviewTotal
from gilint.checks.arithmetic.GI307_narrative_mismatch import NarrativeMismatch

RULES = [
    RowTotal,
    OutcomeTotal,
    Balance,
    ReviewTotal,
    NarrativeMismatch,
]
