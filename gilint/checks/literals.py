"""The literal strings a pattern's match must contain: one of them at least. A text holding none
of them has no match, which a plain substring test tells faster than the search (a pack
pattern over a whole report: tens of microseconds, under regex's timeout, for the usual
answer "absent"). Worked out from the pattern's syntax tree (the standard library's parser);
None where that tree might not be what regex reads (flags, regex's own syntax): then search."""
from __future__ import annotations

from functools import lru_cache

try:
    from re import _parser as _sre   # Python ≥ 3.11
except ImportError:   # Python 3.10
    import sre_parse as _sre

import regex

from gilint.regexsafe import found_in_text_if_in_a_line

# compile flags under which the standard library's reading of a pattern is regex's
_SAME_READING = regex.UNICODE | regex.VERSION0
_RANGE_LIMIT = 64   # a character range of more characters is no useful requirement


def may_match(pattern, text: str) -> bool:
    """False if ``pattern`` (compiled) surely has no match in ``text``: a branch of it at top
    level needs each of its required strings (one of each set) in the text."""
    need = required_strings(pattern.pattern, pattern.flags)
    if need is None:
        return True
    held: dict = {}   # each string looked for once, though branches share sets ([XＸ×]{2,}…)
    for branch in need:
        for one in branch:
            for s in one:
                got = held.get(s)
                if got is None:
                    got = held[s] = _holds(text, s)
                if got:
                    break
            else:   # none of this set: the branch has no match
                break
        else:   # every set of the branch has a string in the text
            return True
    return False


def _holds(text: str, s: str) -> bool:
    """``s in text``, told at once where a character of ``s`` is missing: in a text of 5,000
    characters one character is looked for in 0.1 µs, a string of Han characters in 3–5 µs."""
    return (len(s) == 1 or all(map(text.__contains__, s))) and s in text


@lru_cache(maxsize=256)
def required_strings(pattern: str, flags: int = regex.UNICODE) -> tuple | None:
    """For each top-level branch of ``pattern`` (compiled with ``flags``), the sets of strings
    a match by that branch contains one of each; None where some branch needs nothing we can
    name (or the pattern's reading is not sure)."""
    return _each_branch(pattern, flags, _required_sets)


def _required_sets(branch: list) -> tuple:
    # sets of single characters first: one is tested in a text of 5,000 characters in 0.1 µs,
    # a string of two Han characters or more in 3–5 µs (and "all" stops at a miss)
    return tuple(sorted(_all_of(branch), key=lambda one: max(map(len, one)) > 1))


@lru_cache(maxsize=64)
def leading_strings(pattern: str, flags: int = regex.UNICODE) -> tuple | None:
    """The strings one of which each match of ``pattern`` (compiled with ``flags``) starts with:
    the run of literal characters each top-level branch opens with; None where a branch opens
    otherwise (or the pattern's reading is not sure)."""
    return _each_branch(pattern, flags, _leading_run)


def _leading_run(branch: list) -> str:
    run = []
    for op, av in branch:
        if op is not _sre.LITERAL:
            break
        run.append(chr(av))
    return "".join(run)


def _each_branch(pattern: str, flags: int, read) -> tuple | None:
    """``read(branch)`` for each top-level branch of ``pattern``; None where one of them reads
    as nothing, or the branches cannot be read surely."""
    branches = _branches(pattern, flags)
    if branches is None:
        return None
    out = tuple(map(read, branches))
    return None if not all(out) else out


def _branches(pattern: str, flags: int) -> list | None:
    """The top-level branches of ``pattern`` as the standard parser reads it (each a list of
    items); None where that is not surely regex's reading."""
    if (flags & ~_SAME_READING or "[:" in pattern or "[[" in pattern
            or not found_in_text_if_in_a_line(pattern)):   # (no fuzzy matching among others)
        return None   # case folding, verbose…; POSIX classes and nested sets read otherwise
    try:
        parsed = _sre.parse(pattern)
    except Exception:  # noqa: BLE001 - regex's own syntax the standard parser refuses
        return None
    if parsed.state.flags & ~(_sre.SRE_FLAG_UNICODE if hasattr(_sre, "SRE_FLAG_UNICODE") else 32):
        return None   # an inline flag
    items = list(parsed)
    return [list(b) for b in items[0][1][1]] if len(items) == 1 and items[0][0] is _sre.BRANCH else [items]


def _all_of(items: list) -> list:
    """The requirements of the items of a sequence, all of them (a run of literal characters
    is one: the string it spells)."""
    sets, run = [], []
    for op, av in items + [(None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            sets.append(frozenset({"".join(run)}))
            run = []
        need = _item(op, av) if op is not None else None
        if need and "" not in need:
            sets.append(frozenset(need))
    return sets


def _sequence(items: list) -> set | None:
    """What a sequence needs: the best requirement of one of its items (a run of literal
    characters counts as one item: the string it spells)."""
    best, run = None, []
    for op, av in items + [(None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, {"".join(run)})
            run = []
        if op is not None:
            best = _better(best, _item(op, av))
    return best


def _item(op, av) -> set | None:
    if op is _sre.IN:
        chars = set()
        for kind, value in av:
            if kind is _sre.LITERAL:
                chars.add(chr(value))
            elif kind is _sre.RANGE and value[1] - value[0] < _RANGE_LIMIT:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:   # a negation, a category, a wide range
                return None
        return chars or None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else None
    if op is _sre.SUBPATTERN:
        add_flags, del_flags, sub = av[1], av[2], av[3]
        return None if add_flags or del_flags else _sequence(list(sub))
    if op is _sre.BRANCH:
        out = set()
        for branch in av[1]:
            need = _sequence(list(branch))
            if not need:
                return None   # a branch that needs nothing
            out |= need
        return out
    return None   # anything else needs nothing we can name


def _better(a: set | None, b: set | None) -> set | None:
    """The more selective requirement: the longer shortest string, then the fewer strings."""
    if not b:
        return a
    if not a:
        return b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))
