"""GI206, GI207, GI40x, GI50x: references, dates and the text itself.

One rule per file; a new rule is registered by its import and its line in RULES."""
from gilint.checks.text.GI206_superseded_reference import SupersededReference
from gilint.checks.text.GI207_citation_format import CitationFormat
from gilint.checks.text.GI401_statistics_period import StatisticsPeriod
from gilint.checks.text.GI402_year_mismatch import YearMismatch
from gilint.checks.text.GI403_late_publication import LatePublication
from gilint.checks.text.GI404_year_in_body import YearInBody
from gilint.checks.text.GI501_repeated_text import RepeatedText
from gilint.checks.text.GI502_conversion_artifact import ConversionArtifact
from gilint.checks.text.GI504_placeholder import Placeholder

RULES = [
    SupersededReference,
    CitationFormat,
    StatisticsPeriod,
    YearMismatch,
    LatePublication,
    YearInBody,
    RepeatedText,
    ConversionArtifact,
    Placeholder,
]
