"""The cross-document rules GI6xx, one per file; a new rule is registered by its import and
its line in RULES.

They are documented and configured like the other rules (see ``base``); the engine never runs
them on one document: ``gilint audit`` runs them over the audit database.
"""
from gilint.audit.crossrules.base import enabled_corpus_rules
from gilint.audit.crossrules.GI601_carry_over import CarryOver
from gilint.audit.crossrules.GI602_stock_continuity import StockContinuity
from gilint.audit.crossrules.GI603_copied_text import CopiedText
from gilint.audit.crossrules.GI604_summary_below_units import SummaryBelowUnits
from gilint.audit.crossrules.GI605_missing_report import MissingReport

RULES = [
    CarryOver,
    StockContinuity,
    CopiedText,
    SummaryBelowUnits,
    MissingReport,
]


def enabled(config):
    """The GI6xx rules this configuration enables."""
    return enabled_corpus_rules(config, RULES)
