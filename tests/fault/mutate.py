"""Structured mutations of real reports, for the fault suite.

Each mutation is what drafts really go through — lines lost, doubled, swapped or split, cells
emptied or filled with text, absurd numbers, another newline style, stray headings, comments,
control characters, a truncated file — applied 1–4 at a time to the in-repo reports (the
rule fixtures' bases, the seeds and the real reports), reproducibly from a seed."""
from __future__ import annotations

import random
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
CORPUS_FILES = sorted([*(TESTS / "rules").glob("_base_*.txt"), *(TESTS / "cases" / "seeds").glob("*.txt"),
                       *(TESTS / "cases" / "real").glob("*.txt")])
_NUMBER = re.compile(r"\d+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
STRAYS = ["一、", "（一）", "二、政府信息公开", "\t", "|", " | ", "\u3000", "\x0c", "\r", "\x00", "。",
          "<!-- gilint: ignore GI501 -->", "<!-- gilint: ignore -->", "<!-- gilint: ignore-next-line GI302 -->",
          "总计", "合计", "0", "-1", "１２", "1.5", "万元", "件", "\ufeff", "\u200b", "𠀀", "😀",
          "2019年", "2021年", "2099年", "国办公开办函〔2019〕60号", "XX年", "【单位名称】"]
NUMBERS = ["9" * 320, "1" * 5000, "-3", "0.5", "1e400", "", "  ", "abc", "一", "１０", "1,000",
           "99999999999999999999", "0", "－1", "3．5", "NaN", "inf"]


def corpus() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in CORPUS_FILES]


def _lines(text):
    return _LINE.findall(text)


def delete_line(rng, text):
    ls = _lines(text)
    if ls:
        del ls[rng.randrange(len(ls))]
    return "".join(ls)


def duplicate_line(rng, text):
    ls = _lines(text)
    if ls:
        i = rng.randrange(len(ls))
        ls.insert(i, ls[i] if ls[i].endswith("\n") else ls[i] + "\n")
    return "".join(ls)


def swap_lines(rng, text):
    ls = _lines(text)
    if len(ls) > 2:
        i = rng.randrange(len(ls) - 1)
        j = min(len(ls) - 1, i + rng.choice((1, 1, 2, 7, 30)))
        a, b = ls[i], ls[j]
        ls[i], ls[j] = (b if b.endswith("\n") else b + "\n"), a
    return "".join(ls)


def split_line(rng, text):
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + rng.choice(("\n", "\r\n", "\n\n")) + text[i:]


def join_lines(rng, text):
    idx = [m.start() for m in re.finditer("\n", text)]
    if not idx:
        return text
    i = rng.choice(idx)
    return text[:i] + rng.choice(("", " ", "\t")) + text[i + 1:]


def replace_number(rng, text):
    ms = list(_NUMBER.finditer(text))
    if not ms:
        return text
    m = rng.choice(ms)
    return text[:m.start()] + rng.choice(NUMBERS + [str(rng.randrange(0, 200))]) + text[m.end():]


def insert_stray(rng, text):
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(STRAYS) + text[i:]


def delete_span(rng, text):
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.randrange(1, 200):]


def repeat_span(rng, text):
    if not text:
        return text
    i = rng.randrange(len(text))
    span = text[i:i + rng.randrange(1, 60)]
    return text[:i] + span * rng.randrange(2, 4) + text[i:]


def truncate(rng, text):
    return text[:rng.randrange(len(text) + 1)]


def newline_style(rng, text):
    normal = text.replace("\r\n", "\n")
    return normal.replace("\n", rng.choice(("\r\n", "\r", "\n")))


def long_line(rng, text):
    i = rng.randrange(len(text) + 1)
    filler = rng.choice(("9", "字", "1\t", "| 0 "))
    return text[:i] + filler * rng.randrange(100, 3000) + text[i:]


def tabs_to_spaces(rng, text):
    return text.replace("\t", rng.choice(("  ", " ", "\u3000", " | ")))


OPERATORS = [delete_line, duplicate_line, swap_lines, split_line, join_lines, replace_number,
             replace_number, replace_number, insert_stray, insert_stray, delete_span, repeat_span,
             truncate, newline_style, long_line, tabs_to_spaces]


def mutate(rng: random.Random, text: str, limit_bytes: int = 20 * 1024) -> tuple[str, list[str]]:
    """1–4 mutations of ``text``; kept within ``limit_bytes`` of UTF-8 (the budget concerns
    inputs of a real report's size)."""
    ops = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        op = rng.choice(OPERATORS)
        new = op(rng, text)
        if len(new.encode("utf-8")) <= limit_bytes:
            text = new
            ops.append(op.__name__)
    return text, ops
