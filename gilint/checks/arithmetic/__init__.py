"""GI302–GI305, GI307: the identities of the tables, and figures quoted in the text.

Arithmetic only runs on readable tables (GI001 otherwise) and on cells that are plain
numbers (GI301 reports the rest), so no sum is ever checked against a guess.

One rule per file; a new rule is registered by its module in the import and its class in RULES."""
from gilint.checks.arithmetic import (GI302_row_total, GI303_outcome_total, GI304_balance,
                                      GI305_review_total, GI307_narrative_mismatch)

RULES = [GI302_row_total.RowTotal, GI303_outcome_total.OutcomeTotal, GI304_balance.Balance,
         GI305_review_total.ReviewTotal, GI307_narrative_mismatch.NarrativeMismatch]
