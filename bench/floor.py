"""The floor the engine is measured against: what any linter of these reports must at least do.

Per file: read the bytes, decode them (UTF-8 with or without BOM, else GB 18030), normalise
the text (NFKC) and run 20 regex passes over it (compiled once, ``regex`` module, as gilint's
pack patterns are). Nothing is stored but a match count, so no work is skipped.

    python bench/floor.py FILE …            prints the total match count
"""
from __future__ import annotations

import sys
import unicodedata

import regex

# Twenty passes of the kinds a report linter runs: labels, figures, dates, punctuation, words.
PATTERNS = [
    r"[一二三四五六七八九十]+、", r"（[一二三四五六七八九十]+）", r"\d+(?:\.\d+)?", r"\d{4}年",
    r"\d{1,2}月\d{1,2}日", r"政府信息公开", r"依申请公开", r"行政复议", r"行政诉讼", r"[，。；：]{2,}",
    r"[\t ]+$", r"^\s*$", r"(\S{2,8})\1", r"[A-Za-z]+", r"（[^）]*$", r"第\d+页", r"[|│]",
    r"\s{2,}", r"本年(?:新收|办结|结转)", r"(?:不予|部分)公开",
]
COMPILED = [regex.compile(p, regex.M) for p in PATTERNS]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def floor_text(text: str) -> int:
    text = unicodedata.normalize("NFKC", text)
    return sum(sum(1 for _ in p.finditer(text)) for p in COMPILED)


def floor_file(path: str) -> int:
    with open(path, "rb") as f:
        return floor_text(decode(f.read()))


def main(argv: list[str]) -> int:
    print(sum(floor_file(p) for p in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
