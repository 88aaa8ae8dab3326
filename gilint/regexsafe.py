"""Pack regular expressions run with the `regex` module under a timeout.

A pattern that would backtrack for ever (``(a+)+$`` on a long line) must produce a
configuration error naming the rule, never a hang of the CLI or the language server.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from gilint.tomlload import ConfigError
from gilint.i18n import gettext as _
from gilint.lazyre import lazy
from gilint.storedre import compile as compile_regex

TIMEOUT_SECONDS = 1.0


class PatternTimeout(ConfigError):
    pass


@lru_cache(maxsize=1024)   # packs' patterns are asked for on every lint
def compile_pattern(pattern: str, rule: str = "", flags: int = 0):
    try:
        return compile_regex(pattern, flags | regex.V0)
    except (regex.error, ValueError) as exc:   # ValueError: e.g. (?V1) against V0
        raise ConfigError(_("{rule}: invalid regular expression {pattern!r}: {exc}").format(rule=rule, pattern=pattern, exc=exc)) from None


def _timed_out(pat, rule: str, timeout: float) -> PatternTimeout:
    return PatternTimeout(_("{rule}: regular expression {pattern!r} took longer than {seconds}s "
                            "(catastrophic backtracking?)").format(rule=rule, pattern=pat.pattern,
                                                                  seconds=f"{timeout:g}"))


def finditer_timeout(pat, text: str, start: int = 0, end: int | None = None, rule: str = "",
                     timeout: float = TIMEOUT_SECONDS):
    end = len(text) if end is None else end
    try:
        return list(pat.finditer(text, start, end, timeout=timeout))
    except TimeoutError:
        raise _timed_out(pat, rule, timeout) from None


# A pattern that refers to groups by number (back-references, calls, conditions), or sets flags
# inline, cannot be put in an alternation with others without changing its meaning.
_NOT_COMBINABLE = lazy(regex,
    r"\\[1-9]|\\g<|\(\?P=|\(\?[a-zA-Z]+\)|\(\?[a-zA-Z]*-|\(\?[+-]?\d|\(\?\(\d|\(\?R|\(\?&|\(\?P>")


@lru_cache(maxsize=128)
def any_of(patterns: tuple, rule: str = ""):
    """One pattern that matches somewhere in a string exactly when one of ``patterns`` (source
    strings) does, to skip a line with one search instead of one per pattern; None when there
    is none or a pattern cannot be combined."""
    if len(patterns) < 2:
        return compile_pattern(patterns[0], rule) if patterns else None
    if any(_NOT_COMBINABLE.search(p) for p in patterns):
        return None
    try:
        return compile_pattern("|".join(f"(?:{p})" for p in patterns), rule)
    except ConfigError:   # e.g. two patterns naming a group alike (each alone is checked)
        return None


def search_timeout(pat, text: str, rule: str = "", timeout: float = TIMEOUT_SECONDS, pos: int = 0):
    try:
        return pat.search(text, pos, timeout=timeout)
    except TimeoutError:
        raise _timed_out(pat, rule, timeout) from None


@lru_cache(maxsize=1024)   # asked on every lint of the same few pack patterns
def found_in_text_if_in_a_line(pattern: str) -> bool:
    """Whether a pattern that matches at some place in a line of a text (the line taken as a
    string of its own) surely matches at that place in the whole text too, so that searches of
    the text find every line with a match (the leftmost match first). True only for plain
    patterns: no anchors, lookarounds, atomic groups, possessive quantifiers, ``\\K``/``\\G``,
    control verbs ``(*…)``, fuzzy matching, and no ``(?…)`` group but ``(?:``, named groups and
    named back-references (no inline flags such as ``(?r)``, ``(?x)``, ``(?#…)``). Conservative:
    an unusual spelling is taken as unsafe."""
    if "(*" in pattern or _FUZZY.search(pattern):
        return False
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 < n and pattern[i + 1] in "AZzGK":
                return False
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            i += 1
            continue
        if c == "[":
            i += 1 + (pattern.startswith("^", i + 1))
            i += pattern.startswith("]", i)   # a "]" first in a class is a member
            in_class = True
            continue
        if c in "^$" or (c in "*+?}" and pattern.startswith("+", i + 1)):
            return False
        if pattern.startswith("(?", i) and not _PLAIN_GROUP.match(pattern, i):
            return False
        i += 1
    return True


# a fuzzy-matching constraint: {e<=1}, {i=2} …
_FUZZY = lazy(regex, r"\{\s*[eids]\s*[<=]")
# (?: … ), named groups (?P<name> … ) / (?<name> … ), named back-references (?P=name)
_PLAIN_GROUP = lazy(regex, r"\(\?(?::|P?<[A-Za-z_]\w*>|P=[A-Za-z_]\w*\))")
