"""GI001, GI2xx, GI30x cell checks, GI503: the tables against the template.

One rule per file; a new rule is registered by its import and its line in RULES."""
from gilint.checks.tables.GI001_unparsed_table import UnparsedTable
from gilint.checks.tables.GI201_template_version import TemplateVersion
from gilint.checks.tables.GI202_row_label import RowLabel
from gilint.checks.tables.GI203_column_label import ColumnLabel
from gilint.checks.tables.GI204_missing_row import MissingRow
from gilint.checks.tables.GI205_unexpected_row import UnexpectedRow
from gilint.checks.tables.GI301_invalid_number import InvalidNumber
from gilint.checks.tables.GI306_unit import Unit
from gilint.checks.tables.GI503_rule_making_authority import RuleMakingAuthority

RULES = [
    UnparsedTable,
    TemplateVersion,
    RowLabel,
    ColumnLabel,
    MissingRow,
    UnexpectedRow,
    InvalidNumber,
    Unit,
    RuleMakingAuthority,
]
