"""Pack regular expressions run with the `regex` module under a timeout.

A pattern that would backtrack for ever (``(a+)+$`` on a long line) must produce a
configuration error naming the rule, never a hang of the CLI or the language server.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from gilint.tomlload import ConfigError

TIMEOUT_SECONDS = 1.0


class PatternTimeout(ConfigError):
    pass


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, rule: str = "", flags: int = 0):
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise ConfigError(f"{rule}: invalid regular expression {pattern!r}: {exc}") from None


def finditer_timeout(pat, text: str, start: int = 0, end: int | None = None, rule: str = "",
                     timeout: float = TIMEOUT_SECONDS):
    end = len(text) if end is None else end
    try:
        return list(pat.finditer(text, start, end, timeout=timeout))
    except TimeoutError:
        raise PatternTimeout(f"{rule}: regular expression {pat.pattern!r} took longer than "
                             f"{timeout:g}s (catastrophic backtracking?)") from None
