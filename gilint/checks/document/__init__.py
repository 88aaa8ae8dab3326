"""GI0xx/GI1xx: is this a report, and does it have the template's sections, headings and tables?

One rule per file; a new rule is registered by its import and its line in RULES."""
from gilint.checks.document.GI002_not_a_report import NotAReport
from gilint.checks.document.GI003_out_of_scope_year import OutOfScopeYear
from gilint.checks.document.GI101_missing_section import MissingSection
from gilint.checks.document.GI102_section_order import SectionOrder
from gilint.checks.document.GI103_section_heading import SectionHeading
from gilint.checks.document.GI104_heading_numbering import HeadingNumbering
from gilint.checks.document.GI105_missing_table import MissingTable
from gilint.checks.document.GI106_empty_section import EmptySection
from gilint.checks.document.GI107_title import Title
from gilint.checks.document.GI108_report_name import ReportName

RULES = [
    NotAReport,
    OutOfScopeYear,
    MissingSection,
    SectionOrder,
    SectionHeading,
    HeadingNumbering,
    MissingTable,
    EmptySection,
    Title,
    ReportName,
]
