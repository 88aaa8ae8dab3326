"""The registry: every family's rules (each family lists its own in its RULES), and which of
them a configuration turns on. It sits above the families, which never import it."""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only (importing typing costs start-up time)
    from typing import Iterable

from gilint.audit import crossrules   # the corpus rules (GI6xx, run by `gilint audit` only): listed for docs and configuration
from gilint.checks import arithmetic, document, suppressions, tables, text
from gilint.checks.base import Rule, is_enabled
from gilint.config import Config

FAMILIES = (document, tables, arithmetic, text, suppressions, crossrules)


def _collect() -> dict[str, type[Rule]]:
    rules: dict[str, type[Rule]] = {}
    for family in FAMILIES:
        for rule in family.RULES:
            if rule.code in rules:
                raise ValueError(f"rule code {rule.code} registered twice")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


_RULES = _collect()


def register(cls: type[Rule]) -> type[Rule]:
    """Add a rule from outside the families (a test's, an embedding program's)."""
    if cls.code in _RULES and _RULES[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    _RULES[cls.code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """Every built-in rule by code, in code order."""
    return dict(_RULES)


def registered_count() -> int:
    """How many rules are registered (it only grows: ``register`` adds)."""
    return len(_RULES)


def iter_rules(config: Config) -> Iterable[type[Rule]]:
    """The rules the engine runs on one document (not the corpus rules)."""
    return (r for r in _RULES.values() if r.scope != "corpus" and is_enabled(r, config))


__all__ = ["FAMILIES", "all_rules", "is_enabled", "iter_rules", "register", "registered_count"]
