"""Generate a corpus of synthetic annual reports from the seed and real cases.

Each report is a source case with its figures, body name and year varied, its layout perturbed
(newline style, bracket widths, blank lines, encoding/BOM) and, sometimes, a defect injected
(repeated phrase, conversion leftover, placeholder). Deterministic for a given seed.

    python bench/gen_reports.py OUT_DIR [-n 1000] [--seed 0] [SOURCE_DIR …]
"""
from __future__ import annotations

import argparse
import codecs
import os
import random
import re
from pathlib import Path


def shared_cases() -> Path:
    """The cases: $GILINT_SHARED/cases, else ../shared/cases beside the repository (as in CI),
    else the in-repo copies (tests/cases)."""
    repo = Path(__file__).resolve().parent.parent
    for root in (os.environ.get("GILINT_SHARED"), repo.parent / "shared"):
        if root and (Path(root) / "cases").is_dir():
            return Path(root) / "cases"
    return repo / "tests" / "cases"


SHARED = shared_cases()
DEFAULT_SOURCES = (SHARED / "seeds", SHARED / "real")

NAMES = ["青石", "白沙", "柳河", "东坝", "南湖", "金桥", "双龙", "望江", "红星", "新集", "高桥",
         "梅园", "石门", "清溪", "永丰", "长岭", "安平", "凤凰", "黄土", "河口"]
# A figure standing alone in a cell: a whole line, or between tabs / pipes / wide spaces.
CELL_NUMBER = re.compile(r"(?m)(?:^|(?<=[\t|│]))([ \t]*)(\d{1,7})([ \t]*)(?=$|[\t|│])")
YEAR = re.compile(r"(20[12]\d)(?=年)")
BODY = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})(镇|乡|街道|区|县|市)")


def load_sources(dirs) -> list[str]:
    texts = []
    for d in dirs:
        for p in sorted(Path(d).glob("*.txt")):
            data = p.read_bytes()
            try:
                texts.append(data.decode("utf-8-sig"))
            except UnicodeDecodeError:
                texts.append(data.decode("gb18030"))
    if not texts:
        raise SystemExit(f"no source reports found in {', '.join(map(str, dirs))}")
    return texts


def _vary_numbers(text: str, rnd: random.Random) -> str:
    def sub(m):
        n = int(m.group(2))
        if n == 0:
            new = 0 if rnd.random() < 0.8 else rnd.randint(1, 9)
        else:
            new = max(0, int(n * rnd.uniform(0.5, 1.6)) + rnd.randint(-2, 2))
        return f"{m.group(1)}{new}{m.group(3)}"
    return CELL_NUMBER.sub(sub, text)


def _vary_year(text: str, rnd: random.Random) -> str:
    years = [int(y) for y in YEAR.findall(text[:400])]
    if not years:
        return text
    year = years[0]
    group = range(2019, 2021) if year <= 2020 else range(2021, 2026)
    new = rnd.choice(list(group))
    # the report year and the publication year (report year + 1) move together
    return re.sub(r"(20[12]\d)(?=年)", lambda m: str(new + int(m.group(1)) - year)
                  if int(m.group(1)) in (year, year + 1) else m.group(1), text)


def _vary_body(text: str, rnd: random.Random) -> str:
    m = BODY.search(text)
    if not m:
        return text
    return text.replace(m.group(1) + m.group(2), rnd.choice(NAMES) + m.group(2))


def _vary_layout(text: str, rnd: random.Random) -> str:
    if rnd.random() < 0.3:
        text = text.replace("（", "(").replace("）", ")") if rnd.random() < 0.5 else \
            text.replace("(", "（").replace(")", "）")
    if rnd.random() < 0.2:
        text = re.sub(r"\n(?=[一二三四五六]、)", "\n\n", text)
    if rnd.random() < 0.2:
        text = re.sub(r"(?m)(?<=[。；])$", "  ", text)
    return text


def _inject_defect(text: str, rnd: random.Random) -> str:
    r = rnd.random()
    sentences = [m for m in re.finditer(r"[^。\n]{8,30}，", text)]
    if r < 0.25 and sentences:
        m = rnd.choice(sentences)
        return text[:m.end()] + m.group(0) + text[m.end():]
    if r < 0.40 and sentences:
        m = rnd.choice(sentences)
        return text[:m.start()] + "[bookmark: _GoBack]" + text[m.start():]
    if r < 0.50:
        return text.replace("镇", "XX镇", 1)
    return text


def make_report(source: str, rnd: random.Random) -> str:
    # Half the reports keep their figures (so their tables still add up), half get new ones.
    text = _vary_numbers(source, rnd) if rnd.random() < 0.5 else source
    text = _vary_year(text, rnd)
    text = _vary_body(text, rnd)
    text = _vary_layout(text, rnd)
    return _inject_defect(text, rnd)


def encode(text: str, rnd: random.Random) -> bytes:
    r = rnd.random()
    if r < 0.15:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if r < 0.05:
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if r > 0.92:
        return text.encode("gb18030")
    return text.encode("utf-8")


def generate(out_dir: str | Path, n: int = 1000, seed: int = 0, sources=DEFAULT_SOURCES) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    texts = load_sources(sources)
    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        src = texts[i % len(texts)]
        p = out / f"{i // 100:02d}" / f"report_{i:05d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(encode(make_report(src, rnd), rnd))
        paths.append(p)
    return paths


def grow(text: str, target_bytes: int, distinct: bool = False) -> str:
    """The report with section 一's body paragraphs repeated until it is ~target_bytes (cut to
    about that size if it is already larger). ``distinct``: each copy's lines made unlike the
    other copies' (its number after a line's first "，"), so that no per-line memo helps."""
    from gilint import Analyzer
    size = len(text.encode("utf-8"))
    if target_bytes < size:
        return text[:max(1, len(text) * target_bytes // size)]
    a = Analyzer()
    a.lint(text)
    s1 = next(s for s in a.report.sections if s.number == 1)
    head_end = text.index("\n", s1.start) + 1
    body = text[head_end:s1.end]
    n = max(1, round((target_bytes - size) / len(body.encode("utf-8"))) + 1)
    if not distinct:
        return text[:head_end] + body * n + text[s1.end:]
    copies = [re.sub(r"(?m)^([^，\n]*，)", lambda m, i=i: f"{m.group(1)}第{i}次，", body) for i in range(n)]
    return text[:head_end] + "".join(copies) + text[s1.end:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("sources", nargs="*", default=[str(d) for d in DEFAULT_SOURCES])
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    paths = generate(a.out, a.n, a.seed, a.sources)
    print(f"wrote {len(paths)} reports under {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
