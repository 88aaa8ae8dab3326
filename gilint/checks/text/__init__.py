"""GI206, GI207, GI40x, GI50x: references, dates and the text itself.

One rule per file; a new rule is registered by its module in the import and its class in RULES."""
from gilint.checks.text import (GI206_superseded_reference, GI207_citation_format,
                                GI401_statistics_period, GI402_year_mismatch,
                                GI403_late_publication, GI404_year_in_body, GI501_repeated_text,
                                GI502_conversion_artifact, GI504_placeholder)

RULES = [GI206_superseded_reference.SupersededReference, GI207_citation_format.CitationFormat,
         GI401_statistics_period.StatisticsPeriod, GI402_year_mismatch.YearMismatch,
         GI403_late_publication.LatePublication, GI404_year_in_body.YearInBody,
         GI501_repeated_text.RepeatedText, GI502_conversion_artifact.ConversionArtifact,
         GI504_placeholder.Placeholder]
