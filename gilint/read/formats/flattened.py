"""Table rows flattened by web crawlers: a label followed by one run of digits.

Scraped corpora often hold section 三 as ``一、本年新收政府信息公开申请数量12100000121``: the
cells of a row run together with no separator. Such a run is split into cells only where the
template's identities leave exactly one reading:

- every cell is a non-negative integer written without leading zeros ("0" itself is fine);
- the last column is the sum of the others (总计 = 自然人 + the five 法人或其他组织 columns).

Zero readings (the digits cannot satisfy the identity) or several readings (the identity does
not decide) leave the row unreadable: the table gets a problem, reported as GI001, and no
arithmetic is checked on it. ``split_flattened`` is called by the section-三 reader
(``gilint.read.tables.read_section3``) for a row that has a label and no data cells.
"""
from __future__ import annotations

import re

from gilint.model import Cell
from gilint.lazyre import lazy

# A label (not ending in a digit) followed by a run of ASCII digits at the end of the cell.
_RUN = lazy(re, r"^(.*?[^\d\s.．,，])[ \u3000\u00a0]*(\d+)[ \u3000\u00a0]*$", re.S)
MAX_DIGITS = 60          # longer runs are not split (GI001 says so; no search)


def _halves(head: str, width: int, total: int, parts: int, forward: bool, others: int, limit: int) -> dict:
    """Every way to cut ``parts`` integers (no leading zeros, at most ``width`` digits, sum at
    most ``total``) off the start (``forward``) or the end of ``head``, leaving room for
    ``others`` parts of 1..``width`` digits that can still make up the total: {(where the cuts stop, sum): [piece tuples]} (at
    most ``limit`` per key: two are enough to tell one reading from several)."""
    n = len(head)
    frontier = [(0 if forward else n, 0, ())]
    for step in range(parts):
        still = parts - step - 1 + others          # parts still to cut after this one
        nxt = []
        for pos, s, pieces in frontier:
            room = (n - pos) if forward else pos
            for size in range(max(1, room - still * width), min(width, room - still) + 1):
                if forward:
                    piece = head[pos:pos + size]
                    if size > 1 and piece[0] == "0":
                        break
                else:
                    piece = head[pos - size:pos]
                    if size > 1 and piece[0] == "0":
                        continue
                v = s + int(piece)
                if v > total:
                    break
                after = room - size                 # digits left for the parts still to cut
                if still and v + still * 10 ** min(width, after - still + 1) < total:
                    continue                        # they could not make up the total
                if not still and v < total:
                    continue
                nxt.append((pos + size if forward else pos - size, v,
                            pieces + (piece,) if forward else (piece,) + pieces))
        frontier = nxt
    out: dict = {}
    for pos, s, pieces in frontier:
        got = out.setdefault((pos, s), [])
        if len(got) < limit:
            got.append(pieces)
    return out


def readings(digits: str, n: int, limit: int = 2) -> list[list[str]]:
    """Ways to cut ``digits`` into ``n`` integers (no leading zeros) whose last equals the sum
    of the others; at most ``limit`` are returned (two are enough to know it is ambiguous).

    Meet in the middle, so that the time is polynomial in the number of digits (a run of 60
    digits took 50 s with a plain search): for each length of the total, the cuts of the first
    half of the parts and those of the second half are enumerated apart (each part at most as
    long as the total, every partial sum at most the total) and joined where they meet with
    sums adding up to the total — O(L^(1 + ⌈(n-1)/2⌉)) for L digits."""
    out: list[list[str]] = []
    if n < 2 or len(digits) < n:
        return out
    L = len(digits)
    for k in range(1, L - (n - 1) + 1):            # length of the total, the last cell
        last = digits[L - k:]
        if k > 1 and last[0] == "0":
            continue
        head = digits[:L - k]
        if len(head) > (n - 1) * k:                # every part is at most as long as the total
            continue
        total = int(last)
        first = (n - 1) // 2
        left = _halves(head, k, total, first, True, n - 1 - first, limit)
        right = _halves(head, k, total, n - 1 - first, False, first, limit)
        found = []
        for (pos, s), tails in right.items():
            for heads in left.get((pos, total - s), ()):
                for tail in tails:
                    found.append([*heads, *tail, last])
        found.sort(key=lambda r: [len(p) for p in r])
        out += found[:limit - len(out)]
        if len(out) >= limit:
            break
    return out


def plain_readings(digits: str, n: int, decimals: bool = False, limit: int = 2) -> list[list[str]]:
    """Ways to cut ``digits`` into ``n`` numbers without leading zeros and with no identity
    between them (section 二's columns): unique only where the digits leave one way (``000``,
    or as many digits as cells); with ``decimals`` the last number may hold one decimal point."""
    out: list[list[str]] = []

    def ok(piece: str, last: bool) -> bool:
        if not piece:
            return False
        if "." in piece or "．" in piece:
            if not (decimals and last):
                return False
            whole, _, frac = piece.replace("．", ".").partition(".")
            return bool(whole) and bool(frac) and frac.isdigit() and (whole == "0" or whole[0] != "0")
        return piece == "0" or piece[0] != "0"

    def walk(pos: int, left: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if left == 1:
            if ok(digits[pos:], True):
                out.append(acc + [digits[pos:]])
            return
        for end in range(pos + 1, len(digits) - left + 2):
            piece = digits[pos:end]
            if not ok(piece, False):
                if piece[0] == "0" or not piece[-1].isdigit():
                    break
                continue
            walk(end, left - 1, acc + [piece])

    if n >= 1 and len(digits) <= MAX_DIGITS and n <= 4:
        walk(0, n, [])
    return out


def group_readings(digits: str, groups: int, width: int, limit: int = 2) -> list[list[str]]:
    """Ways to cut ``digits`` into ``groups`` groups of ``width`` cells, each group's last cell
    the sum of its others (section 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结)."""
    out: list[list[str]] = []

    def walk(pos: int, left: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if left == 1:
            for r in readings(digits[pos:], width, limit):
                out.append(acc + r)
            return
        for end in range(pos + width, len(digits) - width * (left - 1) + 1):
            for r in readings(digits[pos:end], width, limit):
                walk(end, left - 1, acc + r)
                if len(out) >= limit:
                    return

    if len(digits) <= MAX_DIGITS:
        walk(0, groups, [])
    return out


_RUN_DECIMAL = lazy(re, r"^(.*?[^\d\s.．,，])[ \u3000\u00a0]*(\d(?:[\d.．]*\d)?)(万元|元)?[ \u3000\u00a0]*$", re.S)


def split_flattened(label: Cell, ncols: int, ways=None, identity: str = "总计等于各列之和",
                    short: bool = False) -> tuple[Cell, list[Cell], str | None] | None:
    """For a label cell that ends in a run of digits: (label, value cells, problem).

    None if the cell does not end in a digit run long enough to hold ``ncols`` cells (nothing
    to do). With exactly one reading the value cells carry their exact offsets in the source;
    otherwise the list is empty and ``problem`` says why the row cannot be read. ``ways``:
    digits → the readings (at most two), by default ``readings(digits, ncols)``; ``identity``
    names what a reading must satisfy, for the message. ``short``: the label is the template's,
    so fewer digits than cells mean blank cells, which cannot be placed (a problem, not None)."""
    last = label.text.rstrip(" \u3000\u00a0\n")[-1:]
    if not (last.isdigit() or last == "元" and ways is not None):
        return None   # (no digit run at its end: the pattern, slow to fail on a long label, cannot match)
    m = (_RUN if ways is None else _RUN_DECIMAL).match(label.text)
    if not m:
        return None
    digits = m.group(2)
    head = m.group(1)
    few = len(digits.replace(".", "").replace("．", "")) < ncols
    if few and not short or not head.strip():
        return None
    a = label.start + m.start(2)
    new_label = Cell(head.rstrip(), label.start, label.start + len(head.rstrip()))
    shown = f"“{head.strip()[:20]}”行的数字{digits[:30]}{'…' if len(digits) > 30 else ''}"
    if few:
        return new_label, [], f"{shown}连在一起，少于{ncols}个单元格：无法确定哪些单元格为空"
    if len(digits) > MAX_DIGITS:
        return new_label, [], f"{shown}连在一起，无法拆分为{ncols}个单元格"
    found = readings(digits, ncols) if ways is None else ways(digits)
    if len(found) != 1:
        why = f"没有一种拆分满足{identity}" if not found else f"有多种拆分都满足{identity}"
        return new_label, [], f"{shown}连在一起，无法唯一拆分为{ncols}个单元格（{why}）"
    cells, pos = [], a
    for piece in found[0]:
        cells.append(Cell(piece, pos, pos + len(piece)))
        pos += len(piece)
    unit = m.group(3) if m.re is _RUN_DECIMAL.compiled() else None
    if unit:   # 7399700元: the unit stays with the last figure (GI306 judges it)
        last = cells[-1]
        cells[-1] = Cell(last.text + unit, last.start, last.end + len(unit))
    return new_label, cells, None


__all__ = ["group_readings", "plain_readings", "readings", "split_flattened"]
