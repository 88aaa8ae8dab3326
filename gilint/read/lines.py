"""Lines of the source with their offsets, and what kind of line each one is."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache, partial
from itertools import accumulate
from operator import add
from collections import namedtuple

import regex

from gilint.memo import common_affixes
from gilint.textpos import iter_lines
from gilint.lazyre import lazy

# Page numbers left by pdftotext or web crawlers: "-1-", "— 6 —", "第 3 页".
PAGE_NUMBER = lazy(regex, r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
MD_HEADING = lazy(regex, r"^\s{0,3}(#{1,6})\s+")
# Conversion leftovers that may stick to a label or a heading ([bookmark: _GoBack]规章): not
# part of the wording, skipped wherever wording is matched.
ARTEFACT_SOURCE = r"\[bookmark:[^\]]*\]|</?[a-zA-Z][^<>]{0,40}>|&[a-z]{2,6};"
ARTEFACT = lazy(regex, ARTEFACT_SOURCE)


# A named tuple: built for every line of every section read. text: str (without its
# terminator), start: int, end: int. (collections', not typing's: no typing import at start-up.)
class Line(namedtuple("Line", "text start end")):
    __slots__ = ()

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def page_number(self) -> bool:
        return is_page_number(self.text)


@lru_cache(maxsize=8192)   # asked of each line several times while a section is read
def is_page_number(text: str) -> bool:
    return PAGE_NUMBER.match(text) is not None


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    return make_lines(*line_texts(text, start, end))


_new_line = partial(tuple.__new__, Line)


def make_lines(starts: list[int], texts: list[str]) -> list[Line]:
    """The lines at ``starts`` with ``texts`` as Line objects (built in C)."""
    return list(map(_new_line, zip(texts, starts, map(add, starts, map(len, texts)))))


def line_texts(text: str, start: int = 0, end: int | None = None) -> tuple[list[int], list[str]]:
    """The lines of text[start:end] as two lists, their start offsets and their texts (without
    terminators); a final line break does not open an empty last line. Cheaper than Line
    objects where most lines are only looked up in a memo."""
    end = len(text) if end is None else end
    part = text if start == 0 and end == len(text) else text[start:end]
    sep = _one_newline_style(part)
    if sep is None:
        pairs = list(iter_lines(text, start, end))
        return [a for a, _ in pairs], [text[a:b] for a, b in pairs]
    texts = part.split(sep)
    if len(texts) > 1 and not texts[-1]:
        texts.pop()  # a final line break ends the last line; no empty line after it
    # start of line k: start + sum of (len + separator) over the lines before it (in C)
    starts = list(accumulate(map(len(sep).__add__, map(len, texts)), initial=start))
    starts.pop()
    return starts, texts


def _one_newline_style(text: str) -> str | None:
    """The line break if the text uses only one kind (LF, CRLF or CR), else None."""
    cr = text.count("\r")
    if not cr:
        return "\n"
    lf = text.count("\n")
    if not lf:
        return "\r"
    return "\r\n" if text.count("\r\n") == cr == lf else None


def first_line_to_resplit(starts: list[int], prefix: int) -> int:
    """The index of the first line an edit after the common ``prefix`` may change: every line
    before it keeps its text and its start. One line back from the change's own line, as that
    line's start may stop being one (a "\n" typed after a "\r")."""
    return max(0, bisect_right(starts, prefix) - 2)


def relines(old: str, old_lines: tuple[list[int], list[str]], new: str,
            affixes: tuple[int, int] | None = None) -> tuple[list[int], list[str]]:
    """``line_texts(new)``, from the lines of a previous version ``old`` of the text: only the
    lines around the change are split again; the others are reused, the line strings included
    (so their hashes, cached by Python, need not be computed again for memo lookups).
    ``affixes``: ``common_affixes(old, new)`` if the caller has it."""
    starts, texts = old_lines
    if not starts:
        return line_texts(new)
    prefix, suffix = affixes or common_affixes(old, new)
    delta = len(new) - len(old)
    # Lines before i are kept, and so are the lines from k on (shifted): k is the first line
    # whose start has both characters around it in the unchanged suffix.
    i = first_line_to_resplit(starts, prefix)
    k = bisect_left(starts, len(old) - suffix + 1)
    if i == 0 and k == len(starts):
        return line_texts(new)
    a = starts[i]
    b = starts[k] + delta if k < len(starts) else len(new)
    mid_starts, mid_texts = line_texts(new, a, b) if b > a else ([], [])
    tail = starts[k:]
    return (starts[:i] + mid_starts + ([s + delta for s in tail] if delta else tail),
            texts[:i] + mid_texts + texts[k:])
