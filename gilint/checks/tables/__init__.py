"""GI001, GI2xx, GI30x cell checks, GI503: the tables against the template.

One rule per file; a new rule is registered by its module in the import and its class in RULES."""
from gilint.checks.tables import (GI001_unparsed_table, GI201_template_version, GI202_row_label,
                                  GI203_column_label, GI204_missing_row, GI205_unexpected_row,
                                  GI301_invalid_number, GI306_unit, GI503_rule_making_authority)

RULES = [GI001_unparsed_table.UnparsedTable, GI201_template_version.TemplateVersion,
         GI202_row_label.RowLabel, GI203_column_label.ColumnLabel, GI204_missing_row.MissingRow,
         GI205_unexpected_row.UnexpectedRow, GI301_invalid_number.InvalidNumber, GI306_unit.Unit,
         GI503_rule_making_authority.RuleMakingAuthority]
