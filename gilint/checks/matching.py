"""Matching the rules call through ``Rule`` (``self.each_line``, ``self.sentence_matches``,
``self.lines_that_may_match``): memoised per line or sentence chunk in the Analyzer's memos, so
that the language server re-checks only what an edit changed; the lint of a new text (one-shot,
or one file of many), with little to reuse, searches the whole text once first. Rule bodies
never see the memos."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter

import regex

from gilint.checks.literals import leading_strings, may_match
from gilint.memo import common_prefix, lookup_again, lookup_all, remember, truthy_indices
from gilint.regexsafe import PatternTimeout, found_in_text_if_in_a_line, search_timeout
from gilint.lazyre import lazy


def each_line(ctx, memo: str, starts: list[int], texts: list[str], compute):
    """``(start, value)`` for each piece whose ``compute(text)`` is truthy, memoised per text."""
    values, where = _values(ctx, memo, texts, compute)
    return [(starts[i], values[i]) for i in where]


def _values(ctx, memo: str, texts: list[str], compute) -> tuple[list, list[int]]:
    """``compute(text)`` for each text, and the indices of the truthy values: through the memo
    ``memo`` where it outlives the lint, else once per distinct text (a one-shot lint has
    nothing to keep); in the editor, only the texts the edit changed are looked up."""
    if ctx.incremental:
        return _values_again(ctx, memo, texts, compute)
    if ctx.persistent:
        values = lookup_all(ctx.memo(memo), texts, compute)
        return values, truthy_indices(values)
    distinct = dict.fromkeys(texts)
    for t in distinct:
        distinct[t] = compute(t)
    values = list(map(distinct.__getitem__, texts))
    return values, truthy_indices(values)


_LAST = ("last lookups",)   # its key among the Analyzer's memos (names of memos are strings)


def _values_again(ctx, memo: str, texts: list[str], compute) -> tuple[list, list[int]]:
    """``_values`` in the editor: ``texts`` are most likely the texts of the same call (the n-th
    through ``memo``) in the last lint with a few changed by the edit; only those are looked up
    (``gilint.memo.lookup_again``)."""
    lints = ctx.scratch.get(_LAST)
    if lints is None:   # this lint's first call: the last lint's calls, and this one's
        lints = ctx.scratch[_LAST] = (ctx.memos.get(_LAST, {}), {}, {})
        ctx.memos[_LAST] = lints[1]
    last, now, calls = lints
    nth = calls[memo] = calls.get(memo, -1) + 1
    values, where, now[(memo, nth)] = lookup_again(ctx.memo(memo), texts, compute, last.get((memo, nth)))
    return values, where


def findings_each(ctx, memo: str, starts: list[int], texts: list[str], check_text) -> list:
    """The findings ``check_text(text)`` makes of each piece (relative to it), memoised per
    piece text and placed at the piece's start. A piece that has not moved since the last lint
    gives the very Finding objects it gave then: nothing is re-made after a keystroke but the
    findings of the pieces it moved (and the server reuses their diagnostics as they are)."""
    if not ctx.incremental:   # (the same Finding objects again serve only an edited text's lint)
        if not texts:   # (a pattern absent from the text: no line to look at)
            return []
        values, where = _values(ctx, memo, texts, lambda t: tuple(check_text(t)))
        return [f.shifted(starts[i]) for i in where for f in values[i]]
    found = each_line(ctx, memo, starts, texts, lambda t: tuple(check_text(t)))
    placed = ctx.memo(memo + ":placed")   # (id of the memoised findings, start) → (them, placed)
    # The pieces before the first one an edit changed or moved are the last call's (compared
    # in C): their findings are its own, taken as a slice; only the others are looked up.
    last = placed.get(_PLACED)
    same = common_prefix(last[0], found) if last else 0
    out = last[1][:last[2][same - 1]] if same else []
    for at, fs in found[same:]:
        key = (id(fs), at)
        hit = placed.get(key)
        if hit is None or hit[0] is not fs:   # (the entry holds ``fs``: its id is not reused)
            hit = placed[key] = (fs, [f.shifted(at) for f in fs])
        out += hit[1]
    if len(placed) > 2 * len(found) + 64:   # (pieces long gone: keep this call's)
        keep = {key: placed[key] for key in {(id(fs), at) for at, fs in found} if key in placed}
        placed.clear()
        placed.update(keep)
    placed[_PLACED] = (found, out, list(accumulate(map(len, map(_SECOND, found)))))
    return out


def starts_and_texts(spans: list) -> tuple[list[int], list[str]]:
    """The starts and the texts of ``spans`` (lines, paragraphs), as ``report_each`` and
    ``each_line`` take them (read in C)."""
    return list(map(_START, spans)), list(map(_TEXT, spans))


_PLACED = ("last call",)   # its key in a findings_each memo: (pieces, findings, running counts)
_SECOND = itemgetter(1)


def matches_by_sentence(ctx, pattern, begins, starts: list[int], texts: list[str], memo: str,
                        keep=None) -> list:
    """``(offset, match)`` of ``pattern`` over the stretch of text made of the consecutive lines
    ``starts``/``texts``, exactly as ``pattern.finditer`` over that stretch would find them, for a
    fixed pattern of ours whose matches never contain "。" (nor look around them) and start with
    a match of ``begins``. Chunk by chunk, memoised: the text can be cut after each line that ends
    with "。". A chunk is such a line, or the run of lines from one where ``begins`` matches to
    the next line that ends with "。" (a line before it in the same sentence cannot start one).
    With ``keep`` (a function of the match alone), ``(offset, keep(match))`` where that is
    truthy, memoised with the match: the matches it drops cost nothing on the next lint."""
    if not texts:
        return []
    text = ctx.text
    picked = None   # the lines where a match may start (None: every line)
    if not ctx.incremental and found_in_text_if_in_a_line(begins.pattern):
        found = _matches_at_leads(ctx, pattern, begins, starts, texts, keep)
        if found is not None:
            return found
        # a new text (not an edit): searches of the text find the only lines to look at
        end = starts[-1] + len(texts[-1])
        # (once per lint for rules that search the same lines alike: GI401's two periods)
        key = ("sentence starts", begins.pattern, starts[0], len(starts), end)
        picked = ctx.scratch.get(key)
        if picked is None:
            picked = ctx.scratch[key] = _begin_lines(begins, text, starts, end)
        if not picked:
            return []

    def found_in(chunk: str) -> tuple:
        if keep is None:
            return tuple(pattern.finditer(chunk))
        return tuple(filter(None, map(keep, pattern.finditer(chunk))))

    def line_matches(line: str):
        if line.endswith("。"):
            return found_in(line)
        return _OPEN if begins.search(line) else ()

    if picked is None:
        hits, where = _values(ctx, memo, texts, line_matches)
    else:   # (a line where ``begins`` does not match starts no chunk)
        hits = dict(zip(picked, _values(ctx, memo, [texts[i] for i in picked], line_matches)[0]))
        where = [i for i in picked if hits[i]]
    chunks = ctx.memo(memo + ":chunks")   # apart: a one-line chunk's text is also a line's
    if ctx.incremental:
        return _chunks_again(ctx, memo, hits, where, starts, texts, chunks, found_in)
    found, covered, last = [], -1, len(texts) - 1
    for k in where:
        if k <= covered:
            continue
        matches = hits[k]
        if matches is _OPEN:   # the chunk runs to the next line that ends with "。"
            covered = _sentence_end_line(text, starts, k, last)
            # (a new text: one copy of the chunk, cheaper than its pieces: often 100 lines)
            chunk = text[starts[k]:starts[covered] + len(texts[covered])]
            matches = chunks.get(chunk)
            if matches is None:
                matches = remember(chunks, chunk, found_in(chunk))
        if matches:
            at = starts[k]
            found += [(at, m) for m in matches]
    return found


def _matches_at_leads(ctx, pattern, begins, starts: list[int], texts: list[str], keep) -> list | None:
    """``matches_by_sentence`` in the lint of a new text (nothing of it to reuse but the memos'
    hits, which cost more in Python than this): ``pattern`` tried only where one of the
    strings every match of ``begins`` opens with stands (``leading_strings``, found by
    str.find), as ``pattern.finditer`` over the stretch would try it — each match starts with a
    match of ``begins``, so it is the same as finding them chunk by chunk, with offsets in the
    text (``(0, match)``). None (then chunk by chunk) where ``begins`` opens with no such
    strings, or where a match might not be the chunks' one: one holding "。" (a chunk ends
    after a line ending with it), or one in a line where ``begins`` has no match of its own (it
    matched over the line break: no chunk starts at that line)."""
    leads = leading_strings(begins.pattern, begins.flags)
    if leads is None:
        return None
    text, first, end = ctx.text, starts[0], starts[-1] + len(texts[-1])
    # (once per lint for rules that search the same lines alike: GI401's two periods)
    key = ("lead positions", begins.pattern, first, end)
    where = ctx.scratch.get(key)
    if where is None:
        where = ctx.scratch[key] = _lead_positions(text, leads, first, end)
    found, pos, match = [], first, pattern.match
    for at in where:
        if at < pos:
            continue
        m = match(text, at, end)
        if m is None:
            continue
        pos = m.end()
        if pos == at or "。" in m.group() or begins.search(texts[bisect_right(starts, at) - 1]) is None:
            return None
        if keep is None:
            found.append((0, m))
        else:
            kept = keep(m)
            if kept:
                found.append((0, kept))
    return found


def _lead_positions(text: str, leads: tuple, start: int, end: int) -> list[int]:
    """Where one of ``leads`` stands in text[start:end], in order."""
    if len(leads) == 1:
        lead, out = leads[0], []
        at = text.find(lead, start, end)
        while at >= 0:
            out.append(at)
            at = text.find(lead, at + 1, end)
        return out
    where = set()
    for lead in leads:
        at = text.find(lead, start, end)
        while at >= 0:
            where.add(at)
            at = text.find(lead, at + 1, end)
    return sorted(where)


_CHUNKS = ("last sentence chunks",)   # its key among the Analyzer's memos
_NOWHERE = 1 << 62   # (an int: moved by a change as the others, it stays beyond any text)


class _Chunks:
    """The chunks one call of ``matches_by_sentence`` read in the editor's last lint: its text
    and lines, and per chunk (in order) its first and last line, where the text it depends on
    ends (``_NOWHERE``: it ran to the last line, so it depends on all of them) and its matches."""
    __slots__ = ("text", "starts", "texts", "firsts", "lasts", "ends", "matches")

    def __init__(self, text, starts, texts, firsts, lasts, ends, matches):
        self.text, self.starts, self.texts = text, starts, texts
        self.firsts, self.lasts, self.ends, self.matches = firsts, lasts, ends, matches


def _chunks_again(ctx, memo: str, hits: list, where: list[int], starts: list[int],
                  texts: list[str], chunks: dict, found_in) -> list:
    """The chunk loop of ``matches_by_sentence`` in the editor. The chunks of the same call in
    the last lint that lie wholly before the change since (the same lines, the same text) are
    that call's, and so are those after it from the first chunk both lints open at the same
    line (the text after the change is the same, moved: so is every chunk from there on); only
    the chunks in between are read. A 1 MB report opens hundreds of chunks; a keystroke
    changes one."""
    text = ctx.text
    states = ctx.memos.get(_CHUNKS)
    if states is None:
        states = ctx.memos[_CHUNKS] = {}
    key = (memo, ctx.scratch[_LAST][2][memo])   # (the n-th call through ``memo`` in this lint)
    then = states.get(key)
    change = ctx.changed_since(then.text) if then is not None and ctx.changed_since else None
    firsts, lasts, ends, kept = [], [], [], []
    covered, todo, last = -1, where, len(texts) - 1
    if change is not None:
        h = bisect_right(then.ends, change[0])   # the last lint's chunks wholly before the change
        n = then.lasts[h - 1] + 1 if h else 0
        if h and starts[:n] == then.starts[:n] and texts[:n] == then.texts[:n]:
            firsts, lasts, ends, kept = then.firsts[:h], then.lasts[:h], then.ends[:h], then.matches[:h]
            covered = n - 1
            todo = where[bisect_right(where, covered):]
        changed_to, delta, moved = change[1], len(text) - len(then.text), len(texts) - len(then.texts)
    for k in todo:
        if k <= covered:
            continue
        if change is not None and starts[k] >= changed_to:   # after the change: the same chunks?
            j = k - moved   # (the line in the last lint's lines, if the same lines follow)
            t = bisect_left(then.firsts, j)
            if t < len(then.firsts) and then.firsts[t] == j and then.starts[j] + delta == starts[k]:
                if texts[k:] == then.texts[j:] and starts[k:] == list(map(delta.__add__, then.starts[j:])):
                    firsts += map(moved.__add__, then.firsts[t:]) if moved else then.firsts[t:]
                    lasts += map(moved.__add__, then.lasts[t:]) if moved else then.lasts[t:]
                    ends += map(delta.__add__, then.ends[t:]) if delta else then.ends[t:]
                    kept += then.matches[t:]
                    break
                change = None   # (other lines follow: no chunk is the same)
        matches = hits[k]
        if matches is _OPEN:   # the chunk runs to the next line that ends with "。"
            covered = _sentence_end_line(text, starts, k, last)
            chunk = _pieces(text, starts, texts, k, covered)   # (keyed by the lines: hashes known)
            matches = chunks.get(chunk)
            if matches is None:
                matches = remember(chunks, chunk, found_in("".join(chunk) if type(chunk) is tuple else chunk))
            # (what it read: its lines and the character after, or all the lines to the last)
            end = starts[covered] + len(texts[covered]) + 1 if k + 1 < last and covered < last else _NOWHERE
        else:
            covered, end = k, starts[k] + len(texts[k])   # (a line that ends a sentence)
        firsts.append(k)
        lasts.append(covered)
        ends.append(end)
        kept.append(matches)
    states[key] = _Chunks(text, starts[:], texts[:], firsts, lasts, ends, kept)
    found = []
    for i in truthy_indices(kept):
        at = starts[firsts[i]]
        found += [(at, m) for m in kept[i]]
    return found


_OPEN = ("open",)   # a line where a match may start and run on into the next line


def _sentence_end_line(text: str, starts: list[int], k: int, last: int) -> int:
    """The first of the consecutive lines ``starts`` after line ``k`` that ends with "。" (at
    most ``last``): found by one search of the text between them, not line by line (a chunk
    opened in a table may run on for a hundred lines)."""
    if k + 1 >= last:
        return last
    m = _LINE_END_STOP.search(text, starts[k + 1], starts[last])
    return last if m is None else bisect_right(starts, m.start()) - 1


_LINE_END_STOP = lazy(regex, r"。(?=[\r\n])")   # "。" ending a line


def _pieces(text: str, starts: list[int], texts: list[str], first: int, last: int) -> tuple:
    """The text of lines ``first``..``last`` as the tuple of those lines and the line breaks
    between them (joined, it is that text): a memo key hashed from the lines' own hashes,
    computed once, instead of a new string to copy and hash after every edit."""
    if last == first + 1:   # most often: the sentence ends on the next line
        return texts[first], text[starts[first] + len(texts[first]):starts[last]], texts[last]
    out = []
    for m in range(first, last):
        out += (texts[m], text[starts[m] + len(texts[m]):starts[m + 1]])
    out.append(texts[last])
    return tuple(out)


def lines_that_may_match(ctx, pat, rule: str = "") -> tuple[list[int], list[str]]:
    """The lines (starts, texts) where ``pat`` may match. All of them, except in a lint of a new
    text (not an edit of the last: no line memos to reuse for most of its lines) of a pattern
    that cannot match in a line without matching at the same place in the whole text: then
    searches of the text skip from one candidate line to the next (a line before the leftmost
    match of the text has no match of its own), from the line where ``_absent``'s search of
    the text without its line breaks found the leftmost match (none of its own before it); for
    a pattern that looks at nothing beyond what it consumes, searches of that text alone
    (``_flat_lines``, which the soft wraps take too)."""
    starts, texts = ctx.report.lines
    if ctx.incremental or not found_in_text_if_in_a_line(pat.pattern):
        return starts, texts
    if _absent(ctx, pat, rule):
        return [], []
    # (a line's own match is one of that text too, but for an empty match in an empty line:
    # that text has none of its own at that place)
    picked = _flat_lines(ctx, pat, rule) if pat.search("") is None else None
    if picked is not None:
        return [starts[i] for i in picked], [texts[i] for i in picked]
    text = ctx.text
    try:
        picked = _candidates(lambda pos: _search_from_lead(pat, text, rule, pos), starts,
                             _flat_first_line(ctx, pat))
    except PatternTimeout:   # slow over the whole text: line by line, as the server does
        return starts, texts
    return [starts[i] for i in picked], [texts[i] for i in picked]


def _search_from_lead(pat, text: str, rule: str, pos: int = 0):
    """The leftmost match of ``pat`` in ``text`` from ``pos`` (a search of a whole text, never
    of a line), begun where the first of the strings each of its matches opens with stands,
    where there are such (``leading_strings``): found by str.find at a few instructions a
    character where the pattern's search tries each one (~20). The same match: none begins
    before that place, and a plain pattern (``found_in_text_if_in_a_line``) sees nothing
    before where it begins."""
    leads = leading_strings(pat.pattern, pat.flags)
    if leads is not None:
        found = [at for at in (text.find(lead, pos) for lead in leads) if at >= 0]
        if not found:
            return None
        pos = min(found)
    return search_timeout(pat, text, rule, pos=pos)


def _flat_first_line(ctx, pat) -> int:
    """A line no line before which has a match of ``pat`` of its own, by the leftmost match
    ``_absent`` found in the text without its line breaks (0 where it did not search): a match
    in a line is one of that text at the same place, and that place lies at or after the same
    offset in the text, so the line holding that offset of the text or a later one has it
    (the searches of the text would scan the lines before again for nothing)."""
    at = ctx.scratch.get(("flat first", pat.pattern))
    return max(0, bisect_right(ctx.report.lines[0], at) - 1) if at else 0


def _candidates(search, starts: list[int], first: int = 0) -> list[int]:
    """The indices of the lines (``starts``, from ``first``) where a pattern found by
    ``search(pos)`` (the next match in the text from ``pos``, or None) may match within the
    line: searches of the text skip from one candidate line to the next (a line before the
    leftmost match of the text has no match of its own, for a pattern
    ``found_in_text_if_in_a_line``)."""
    picked, pos = [], starts[first] if starts else 0
    while True:
        m = search(pos)
        if m is None:
            return picked
        i = bisect_right(starts, m.start()) - 1
        picked.append(i)
        if i + 1 >= len(starts):
            return picked
        pos = starts[i + 1]


def _begin_lines(begins, text: str, starts: list[int], end: int) -> list[int]:
    """The indices of the lines (``starts``, up to ``end`` in the text) where a match of the
    fixed pattern ``begins`` starts (a pattern ``found_in_text_if_in_a_line``), as
    ``_candidates`` finds them; where each match opens with one of a few strings, by looking
    for those (a search with the pattern costs ~9 ns a character of Chinese text, a string
    looked for ~1) and trying the pattern only there."""
    leads = leading_strings(begins.pattern, begins.flags)
    if leads is None:
        return _candidates(lambda pos: begins.search(text, pos, end), starts)
    picked = []
    for at in _lead_positions(text, leads, starts[0], end):
        if begins.match(text, at, end) is not None:
            i = bisect_right(starts, at) - 1
            if not picked or picked[-1] != i:
                picked.append(i)
    return picked


def wraps_that_may_match(ctx, pat, rule: str = "") -> tuple[list[int], list[str]]:
    """The soft wraps (``soft_wraps``, worked out once per lint) where ``pat`` (None: any
    pattern) may match across the break: none at all where ``_absent`` says so."""
    if pat is not None and _absent(ctx, pat, rule):
        return [], []
    if "soft-wraps" not in ctx.scratch:
        ctx.scratch["soft-wraps"] = soft_wraps(ctx.report, ctx if ctx.incremental else None)
    wraps = ctx.scratch["soft-wraps"]
    picked = _flat_lines(ctx, pat, rule) if pat is not None and wraps[0] else None
    if picked is None:
        return wraps
    picked = set(picked)
    line_starts = ctx.report.lines[0]
    keep = [k for k, at in enumerate(wraps[0]) if bisect_right(line_starts, at) - 1 in picked]
    return [wraps[0][k] for k in keep], [wraps[1][k] for k in keep]


def _flat_lines(ctx, pat, rule: str) -> list[int] | None:
    """In the lint of a new text, the lines where a match of ``pat`` (``_flat_testable``, not
    ``_absent``) in the text without its line breaks begins, found by searches of that text
    that skip from one such line to the next (``_candidates``); None: not known (the editor's
    lint, another pattern, a search that timed out). A match over a soft wrap that begins in
    its first line (the only ones ``check_wrap`` reports) is a match of that text at the same
    place (the two lines are a piece of it), so a wrap whose first line is not one of these has
    none: it need not be looked up nor searched. Nor a line that is not one of these: a match of
    its own is one of that text at the same place too."""
    if ctx.incremental or not _flat_testable(pat.pattern):
        return None
    key = ("flat lines", pat.pattern)
    if key not in ctx.scratch:
        at = ctx.scratch.get(("flat first", pat.pattern))   # (where _absent found the first match)
        if at is None:   # its search timed out
            ctx.scratch[key] = None
            return None
        flat = ctx.scratch["flat text"]
        starts = list(accumulate(map(len, ctx.report.lines[1]), initial=0))
        starts.pop()
        try:
            ctx.scratch[key] = _candidates(lambda pos: _search_from_lead(pat, flat, rule, pos), starts,
                                           bisect_right(starts, at) - 1)
        except PatternTimeout:   # slow over the whole text: every wrap, as the server does
            ctx.scratch[key] = None
    return ctx.scratch[key]


def _absent(ctx, pat, rule: str) -> bool:
    """In the lint of a new text, whether a pattern that matches wherever the characters it
    consumes stand has no match in the text with its line breaks taken out: then it has none in
    any line, nor over any soft wrap (the two lines joined), as these are pieces of that text.
    One search per pattern and lint (the one search of the text where most patterns are absent)."""
    if ctx.incremental or not _flat_testable(pat.pattern):
        return False
    key = ("absent", pat.pattern)
    absent = ctx.scratch.get(key)
    if absent is None:
        flat = ctx.scratch.get("flat text")
        if flat is None:   # its lines joined (1 µs for 5,000 characters; 8 µs to replace the breaks)
            flat = ctx.scratch["flat text"] = "".join(ctx.report.lines[1])
        try:   # (most often a string the pattern needs is not there: no search)
            m = _search_from_lead(pat, flat, rule) if may_match(pat, flat) else None
            absent = m is None
            if m is not None:   # where lines_that_may_match starts its searches of the text
                ctx.scratch[("flat first", pat.pattern)] = m.start()
        except PatternTimeout:   # slow over the whole text: line by line, as the server does
            absent = False
        ctx.scratch[key] = absent
    return absent


@lru_cache(maxsize=256)   # asked by every pattern rule on every lint, of the same few patterns
def _flat_testable(pattern: str) -> bool:
    """Whether ``_absent`` may judge ``pattern`` by the text with its line breaks taken out: a
    plain pattern (``found_in_text_if_in_a_line``) that looks at nothing beyond the characters
    it consumes."""
    return found_in_text_if_in_a_line(pattern) and _LOOKS_AROUND.search(pattern) is None


# What a plain pattern (found_in_text_if_in_a_line) may still look at beyond the characters it
# consumes: word boundaries (\b, \B, \m, \M, \<, \>), grapheme clusters (\X); a line break
# taken out could change them (an escaped backslash before such a letter is taken as one too).
_LOOKS_AROUND = lazy(regex, r"\\[bBmMX<>]")

_BREAK = lazy(regex, r"\r\n|\r|\n")


def split_wrap(pair: str) -> tuple[str, str, str]:
    m = _BREAK.search(pair)
    return pair[:m.start()], m.group(0), pair[m.end():]


_SENTENCE_END = tuple("。！？；：…")
_TEXT = attrgetter("text")
_START = attrgetter("start")


def _may_open_wrap(line: str) -> bool:
    return not line.endswith(_SENTENCE_END) and bool(line.strip())


def soft_wraps(report, ctx=None) -> tuple[list[int], list[str]]:
    """The soft wraps inside paragraphs (pdftotext breaks a paragraph into lines of a page's
    width): each pair of consecutive body lines of one section (or of the preamble) that are
    consecutive lines of the text, the first not ending a sentence, as (start, text of the two
    lines with the break between them). ``ctx``: the editor's lint (the paragraphs that may
    open one are looked up in a memo by their text: after an edit, only the changed ones)."""
    text = report.text
    starts, texts = [], []
    for run in [report.preamble] + [s.paragraphs for s in report.sections]:
        if ctx is None:
            pairs = zip(run, run[1:])
        else:
            opens = _values(ctx, "soft wraps", list(map(_TEXT, run)), _may_open_wrap)[1]
            pairs = [(run[i], run[i + 1]) for i in opens if i + 1 < len(run)]
        for p, q in pairs:
            first = p.text
            if first.endswith(_SENTENCE_END) or not first.strip() or not q.text.strip():
                continue
            # one line break between them (what _BREAK matches there: "\r" before "\n" is not one)
            brk = text[p.end:q.start] if q.start - p.end <= 2 else ""
            if brk != "\n" and brk != "\r\n" and (brk != "\r" or text.startswith("\n", q.start)):
                continue
            starts.append(p.start)
            texts.append(text[p.start:q.end])
    return starts, texts
