"""The cross-document rules GI6xx, one per module; importing this package registers them.

They are documented and configured like the other rules (see ``base``); the engine never runs
them on one document: ``gilint audit`` runs them over the audit database.
"""
from gilint.audit.crossrules import carry_over, copied_text, missing_report, stock, summary  # noqa: F401
from gilint.audit.crossrules.base import CORPUS_RULES, enabled_corpus_rules  # noqa: F401
