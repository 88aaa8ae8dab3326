"""The reader on report text in the shapes it really comes in (issue 12): headings by wording in
any numbering style and inside a line, tables from a stream of cells (one cell per line between
pipes, crawled one-line text with or without separators), wrapped sub-table headers, blank
cells of space-aligned text, tables that are images, page furniture.

The reports are the per-rule fixture bases (tests/rules/_base_*.txt: a whole 2021 report),
rewritten the way a crawler or a converter writes them."""
from __future__ import annotations

import re
from pathlib import Path

from gilint import lint
from gilint.engine import Analyzer

RULES = Path(__file__).resolve().parent / "rules"
PIPES = (RULES / "_base_2021_pipes.txt").read_text(encoding="utf-8")
CELLS = (RULES / "_base_2021_cells.txt").read_text(encoding="utf-8")


def _blocks(text: str):
    """(kind, content) of the Markdown base: ("row", cells) or ("text", line)."""
    for line in text.split("\n"):
        s = line.strip()
        if not s or re.fullmatch(r"\|?[\s:|-]+\|?", s) and "-" in s:
            continue
        if s.startswith("|"):
            yield "row", [c.strip() for c in s.strip("|").split("|")]
        else:
            yield "text", s.lstrip("#").strip()


def crawl(text: str, sep: str = " ") -> str:
    """The page as a crawler keeps it: one line, every part (cells too) joined by ``sep``."""
    parts = []
    for kind, x in _blocks(text):
        parts += [c for c in x if c] if kind == "row" else [x]
    return sep.join(parts) + "\n"


def pipe_cells(text: str) -> str:
    """One cell per line between pipes, no row separators (as some page converters write)."""
    lines = []
    for kind, x in _blocks(text):
        lines += [f"|{c}|" for c in x if c] if kind == "row" else [x]
    return "\n".join(lines) + "\n"


def read(text: str):
    a = Analyzer()
    findings = a.lint(text)
    return a.report, findings


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings if not f.suppressed)


def table_values(report, number: int) -> dict:
    t = report.section(number).tables[0]
    assert t.readable, t.problems
    return {r.key: [v.text for v in r.values] for r in t.rows}


# ------------------------------------------------------------------------------ layouts
def test_bases_are_clean():
    assert codes(lint(PIPES)) == [] and codes(lint(CELLS)) == []


def test_one_line_crawl_with_spaces_reads_like_the_original():
    text = crawl(PIPES)
    assert text.count("\n") == 1
    report, findings = read(text)
    assert codes(findings) == []
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.title is not None and report.title.text == "城南街道办事处2023年政府信息公开工作年度报告"
    want, _ = read(PIPES)
    for n in (2, 3, 4):
        assert table_values(report, n) == table_values(want, n)
    # offsets address the original text
    row = report.section(3).tables[0].row("new")
    assert [text[c.start:c.end] for c in row.values] == ["5", "1", "0", "0", "0", "0", "6"]


def test_one_line_crawl_keeps_the_defects_findings():
    bad = PIPES.replace("| （七）总计 |  | 5 | 1 | 0 | 0 | 0 | 0 | 6 |", "| （七）总计 |  | 6 | 1 | 0 | 0 | 0 | 0 | 7 |")
    assert bad != PIPES
    bad = bad.replace("## 五、存在的主要问题及改进情况", "## 五、存在的主要问题及整改措施")
    want = codes(lint(bad))
    assert "GI303" in want and "GI103" in want
    assert codes(lint(crawl(bad))) == want


def test_crawl_without_separators_splits_only_where_one_reading_is_left():
    text = crawl(PIPES, sep="")
    report, findings = read(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    # 一、本年新收…5100006: 总计 = the sum of the others leaves one reading
    assert table_values(report, 3)["new"] == ["5", "1", "0", "0", "0", "0", "6"]
    # 行政复议…总计100010100100000: each group's 总计 = the sum of its others: one reading
    assert [v.text for r in report.section(4).tables[0].rows for v in r.values] == \
        "1 0 0 0 1 0 1 0 0 1 0 0 0 0 0".split()
    # 行政规范性文件215 (2, 1, 5) is unique: no leading zeros in 21|5 or 2|15 with three cells
    assert table_values(report, 2)["行政规范性文件"] == ["2", "1", "5"]
    assert codes(findings) == []


def test_crawl_without_separators_ambiguous_row_is_gi001_and_nothing_computed():
    bad = PIPES.replace("| 行政规范性文件 | 2 | 1 | 5 |", "| 行政规范性文件 | 3 | 3 | 10 |")
    text = crawl(bad, sep="")
    found = lint(text)
    gi001 = [f for f in found if f.code == "GI001"]
    assert len(gi001) == 1 and "3310" in gi001[0].message and "多种拆分" in gi001[0].message
    assert not [f for f in found if f.code.startswith(("GI2", "GI3"))]


def test_one_cell_per_line_between_pipes():
    text = pipe_cells(PIPES)
    assert "|规章|\n|0|\n|0|\n|0|\n" in text
    report, findings = read(text)
    assert codes(findings) == []
    want, _ = read(PIPES)
    for n in (2, 3, 4):
        assert table_values(report, n) == table_values(want, n)


def test_word_cells_with_a_wrapped_sub_table_header():
    text = CELLS.replace("\t第二十条第（六）项\n", "\t第二十条第\n（六）项\n")
    assert text != CELLS
    report, findings = read(text)
    assert codes(findings) == []
    items = [sub.item.text.replace("\n", "") for sub in report.section(2).tables[0].subtables]
    assert "第二十条第（六）项" in items and len(items) == 4


# ------------------------------------------------------------------------------ headings
def _heading(old: str, new: str) -> str:
    out = PIPES.replace(old, new)
    assert out != PIPES
    return out


def test_heading_variants_typos_and_numbering_are_recognised():
    cases = {
        # a 2008-era wording → GI103, not a missing section
        ("## 四、政府信息公开行政复议、行政诉讼情况", "## 四、因政府信息公开申请行政复议、提起行政诉讼的情况"): "GI103",
        # one character wrong / missing
        ("## 一、总体情况", "## 一、总休情况"): "GI103",
        ("## 三、收到和处理政府信息公开申请情况", "## 三、收到和处理政府信息公开申情况"): "GI103",
        # other numbering styles → GI104
        ("## 四、政府信息公开", "## （四）政府信息公开"): "GI104",
        ("## 四、政府信息公开", "## 4.政府信息公开"): "GI104",
        ("## 四、政府信息公开", "## 四. 政府信息公开"): None,
    }
    for (old, new), code in cases.items():
        found = codes(lint(_heading(old, new)))
        assert "GI101" not in found, (new, found)
        assert found == ([code] if code else []), (new, found)


def test_sub_item_under_section_one_is_not_section_two():
    text = PIPES.replace("（一）主动公开。", "1.主动公开政府信息的情况\n（一）主动公开。")
    report, findings = read(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.section(2).heading.text == "二、主动公开政府信息情况"
    assert codes(findings) == []


def test_heading_inside_a_line_after_a_sentence():
    text = PIPES.replace("均在法定期限内答复。\n", "均在法定期限内答复。二、主动公开政府信息情况\n").replace(
        "## 二、主动公开政府信息情况\n", "")
    report, findings = read(text)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    h = report.section(2).heading
    assert text[h.start:h.end] == "二、主动公开政府信息情况"
    assert "GI101" not in codes(findings)


# ------------------------------------------------------------------------------ images, furniture
IMAGE_PAGE = """城南街道办事处2023年政府信息公开工作年度报告
本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。
一、总体情况
2023年，城南街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请6件。
二、主动公开政府信息情况
第二十条第（一）项
第二十条第（五）项
第二十条第（六）项
第二十条第（八）项
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
信息公开的及时性有待提高，公开内容不够全面。
六、其他需要报告的事项
无。
"""


def test_tables_shown_as_images_give_one_finding_per_section():
    report, findings = read(IMAGE_PAGE)
    assert all(report.section(n).tables[0].textless for n in (2, 3, 4))
    assert codes(findings) == ["GI105"] * 3
    assert all("不在文本中" in f.message for f in findings)


def test_page_furniture_is_not_content():
    text = ("首页 | 政务公开 | 政府信息公开 | 互动交流\n当前位置：首页 > 政府信息公开 > 年度报告\n"
            + PIPES.replace("# 城南", "城南")
            + "附件下载：\n政府信息公开工作年度报告.docx\n【打印本页】 【关闭窗口】\n主办单位：城南街道办事处　网站标识码：3208000001\n"
            + "- 3 -\n")
    report, findings = read(text)
    assert report.title.text == "城南街道办事处2023年政府信息公开工作年度报告"
    assert [sp.text for sp in report.closing] == ["2024年1月20日"]
    assert len(report.furniture) == 3   # the two navigation lines, the footer
    assert codes(findings) == []
    # and the same page crawled into one line
    report, findings = read(crawl(text))
    assert report.title.text == "城南街道办事处2023年政府信息公开工作年度报告"
    assert codes(findings) == []


def test_notes_under_tables_are_not_cells():
    text = PIPES.replace("\n## 三、", "\n注：表中数据统计时间为当年1月1日至12月31日。\n\n## 三、")
    assert codes(lint(text)) == [] and codes(lint(crawl(text))) == [] and codes(lint(crawl(text, ""))) == []


def test_a_text_normalised_line_by_line_as_a_whole():
    """Section 二's normal form (which template its tables follow) is made from its lines' own
    normal forms, memoised: equal to the whole text's, whatever stands around the line breaks
    (combining marks, characters NFKC expands or composes, blanks, each newline style), and
    taken whole where an end is not a line start (a heading inside a line)."""
    import random

    from gilint.read.lines import line_texts
    from gilint.read.structure import _norm_between
    from gilint.templates import norm
    pieces = ["表\u0301", "\u0301开", "ｶ", "\uff9e", "\u3099", "か", "①", "¨", " ", "\u3000", "\u00a0",
              "信息内容", "\t0", "“x”", "ﾞ", "\u1100", "\u1161"]
    rng = random.Random(0)
    for sep in ("\n", "\r\n", "\r"):
        for _ in range(300):
            text = sep.join("".join(rng.choices(pieces, k=rng.randint(0, 4))) for _ in range(rng.randint(1, 6)))
            text += rng.choice(("", sep))
            lines = line_texts(text)
            ends = sorted({*lines[0], len(text), rng.randint(0, len(text))})
            for a in ends:
                for b in ends:
                    if a <= b:
                        assert _norm_between(text, lines, a, b) == norm(text[a:b]), (text, a, b)


def test_every_footer_mark_is_found_after_section_six():
    """footer_start looks for the footer only in a text holding one of the strings its marks
    hold (str.find first, the slow pattern then): every kind of mark is still found, where the
    pattern finds it."""
    from gilint.read.furniture import FOOTER, footer_start
    body = "六、其他需要报告的事项\n本机关无收取信息处理费的情况。"
    for mark in ("附件下载", "相关附件", "附件：", "年报2024.docx", "报告.pdf", "统计表.xls", "表.wps",
                 "公开.ofd", "【 打印本页 】", "【关闭】", "打印本页", "关闭窗口", "主办单位：某局",
                 "承办单位:", "网站标识码1234", "苏ICP备05000000号", "版权所有", "联系我们",
                 "上一篇：", "下一篇:", "分享到", "扫一扫在手机打开"):
        text = f"{body}\n{mark} 其他\n"
        found = footer_start(text, 0, len(text))
        assert found is not None and found == FOOTER.search(text).start() > len(body), mark
        assert footer_start(text, 0, len(body)) is None


def test_a_wording_called_too_long_from_its_start_is_too_long_whole():
    """match_section leaves a line whose wording is longer than any title without normalising
    it whole (its start is enough): never one whose normal form, trailing punctuation taken
    off, is a title's length — whatever follows the cut (blanks, combining marks, jamo that
    compose, punctuation NFKC rewrites)."""
    import random

    import regex

    from gilint.read.headings import MAX_TITLE, _longer_than_a_title
    from gilint.templates import norm
    pieces = ["情况", "。", " ", "\u3000", "\u0301", "\u1100", "\u1161", "，", "：", "．", "ｶ", "\uff9e",
              "①", "a", "\t", "信", "；", ";"]
    rng = random.Random(0)
    called = 0
    for _ in range(3000):
        blank = rng.random()   # (a share of blanks, which normalising takes out)
        raw = "".join(rng.choice((" ", "\u3000", "\t")) if rng.random() < blank else rng.choice(pieces)
                      for _ in range(rng.randint(40, 400)))
        if _longer_than_a_title(raw):
            called += 1
            assert len(regex.sub(r"[。：:；;，,.\s]+$", "", norm(raw))) > MAX_TITLE, raw
    assert called > 100   # (the case is met)
