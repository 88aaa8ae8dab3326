"""Editor settings (section ``gilint``): from initializationOptions and workspace/configuration.

    run         "onType" (default) | "onSave"   when push diagnostics are computed
    debounce    milliseconds to wait after the last keystroke (push model), default 200
    severities  which severities to show, default ["error", "warning", "info"]

Unknown keys (interpreter, path, trace …, used by the VS Code extension) are ignored; invalid
values fall back to the defaults and are reported once in the log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from gilint.findings import SEVERITIES

log = logging.getLogger("gilint.lsp")

DEFAULT_DEBOUNCE_MS = 200
ALL_SEVERITIES = frozenset(SEVERITIES)


@dataclass(frozen=True)
class Settings:
    run: str = "onType"
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    severities: frozenset = field(default=ALL_SEVERITIES)

    @classmethod
    def from_value(cls, value, base: "Settings | None" = None) -> "Settings":
        """Settings from a client value: ``{"run": …}`` or ``{"gilint": {"run": …}}``; keys
        missing from ``value`` keep ``base``'s values."""
        base = base or cls()
        if not isinstance(value, dict):
            return base
        if isinstance(value.get("gilint"), dict):
            value = value["gilint"]
        run, debounce, severities = base.run, base.debounce_ms, base.severities
        if "run" in value:
            v = value["run"]
            if isinstance(v, str) and v.lower() in ("ontype", "onsave"):
                run = "onSave" if v.lower() == "onsave" else "onType"
            else:
                log.warning("gilint.run: expected \"onType\" or \"onSave\", got %r", v)
        if "debounce" in value:
            v = value["debounce"]
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 60000:
                debounce = int(v)
            else:
                log.warning("gilint.debounce: expected milliseconds (0–60000), got %r", v)
        if "severities" in value:
            v = value["severities"]
            if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
                chosen = frozenset(x.lower() for x in v) & ALL_SEVERITIES
                severities = chosen if chosen or not v else severities
                if not v:
                    severities = ALL_SEVERITIES   # an empty list means "no filter"
            else:
                log.warning("gilint.severities: expected a list of error/warning/info, got %r", v)
        return cls(run, debounce, severities)
