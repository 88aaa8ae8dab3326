"""GI0xx/GI1xx: is this a report, and does it have the template's sections, headings and tables?

One rule per file; a new rule is registered by its module in the import and its class in RULES."""
from gilint.checks.document import (GI002_not_a_report, GI003_out_of_scope_year,
                                    GI101_missing_section, GI102_section_order,
                                    GI103_section_heading, GI104_heading_numbering,
                                    GI105_missing_table, GI106_empty_section, GI107_title,
                                    GI108_report_name)

RULES = [GI002_not_a_report.NotAReport, GI003_out_of_scope_year.OutOfScopeYear,
         GI101_missing_section.MissingSection, GI102_section_order.SectionOrder,
         GI103_section_heading.SectionHeading, GI104_heading_numbering.HeadingNumbering,
         GI105_missing_table.MissingTable, GI106_empty_section.EmptySection, GI107_title.Title,
         GI108_report_name.ReportName]
