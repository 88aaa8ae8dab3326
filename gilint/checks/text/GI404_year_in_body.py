from __future__ import annotations

from functools import partial

import regex

from gilint.lazyre import lazy
from gilint.checks.base import Rule
from gilint.checks.matching import starts_and_texts


class YearInBody(Rule):
    """A year in the body that is neither the report year nor the following year.

    ## What it does
    Reads the years that open a sentence or a clause in the preamble and the sections' text
    (`2022年，我镇……`, `。2021年度共收到……`) and reports one that is neither the report year
    nor the year after it (plans for next year). Section 五 may also name the year before
    (上年度存在问题的整改情况), and so may a sentence on last year's problems, their 整改 or
    改进 anywhere (section 五's heading may be lost). Years inside a clause or a list — comparisons (较2022年), citations
    (〔2019〕60号), the 条例's revision (2019年修订), `…年以来` — and a date on a line of its
    own (the signing date, GI403's) are not read.

    ## Why
    A sentence that opens with another year is most often a paragraph copied from an earlier
    report and not updated. It is information for the reviewer, not an error.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条: the report states the year's work.

    ## Example
    In the 2023 report: `2021年，我镇共收到政府信息公开申请3件。`

    ## Use instead
    `2023年，我镇共收到政府信息公开申请3件。`
    """
    doc_zh = """正文中出现的年份既不是报告年度，也不是下一年度。

    ## 作用
    读取前言和各部分正文中位于句首或分句开头的年份（如“2022年，我镇……”“。2021年度共收到……”），既不是报告年度、也不是下一年度（工作计划）时给出提示。第五部分以及谈上年度问题、整改、改进的句子可以出现上一年度。句中的比较（较2022年）、文号（〔2019〕60号）、《条例》修订（2019年修订）、“……年以来”和单独一行的落款日期不检查。

    ## 原因
    以其他年份开头的句子，多半是从往年报告照抄而未更新的段落。这是给审核人的提示，不一定是错误。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条：年度报告应当包括本年度的工作情况。

    ## 示例
    2023年度报告中：`2021年，我镇共收到政府信息公开申请3件。`

    ## 正确写法
    `2023年，我镇共收到政府信息公开申请3件。`

    ## 修复
    无自动修复：需要核实该段内容后改写。
    """
    code, name, severity = "GI404", "year-in-body", "info"

    # A year that opens the text, a sentence or a clause (after 。；，： a closing bracket or a
    # numbered heading such as （一）; not a list item after 、: …、2023年度部门决算), followed by
    # 年 or 年度, not by a span (以来, 起, 至 …).
    OPENING = lazy(regex,
        r"(?:^|(?<=[。；;，,：:！!？?）)]))\s*(?P<y>(?:19|20)\d{2})\s*年(?!\s*(?:以来|以前|之前|起|至|到|—|-|~|～|修订|修正))")

    LAST_YEARS_PROBLEMS = lazy(regex, r"[^。]*?(?:问题|整改|改进)")
    SIGNING_DATE = lazy(regex, r"(?<=^|\n)\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:$|\n)")

    def check(self):
        r = self.ctx.report
        if r.year is None:
            return
        # memoised per paragraph text (one memo per report year and section kind): the server
        # re-reads only the paragraphs an edit changed; the paragraphs of one kind are looked up
        # together (one lookup for the sections outside 五, not one per section)
        paragraphs = {False: list(r.preamble), True: []}   # (in section 五?) → its paragraphs
        for s in r.sections:
            paragraphs[s.number == 5] += s.paragraphs
        for in_five, run in paragraphs.items():
            if not run:
                continue
            allowed = frozenset({r.year, r.year + 1} | ({r.year - 1} if in_five else set()))
            found = self.each_line(*starts_and_texts(run),
                                   partial(self.other_years, year=r.year, allowed=allowed),
                                   memo=f"{self.code}:{r.year}:{sorted(allowed)}")
            for at, years in found:
                for y, a, b in years:
                    self.report(at + a, at + b, f"正文出现{y}年（报告年度为{r.year}年）：请核对是否沿用了往年的文字")

    @classmethod
    def other_years(cls, text: str, year: int, allowed: frozenset) -> tuple:
        """``(year, start, end)`` of each year not ``allowed`` opening a sentence or a clause of
        one paragraph, relative to it."""
        out = []
        for m in cls.OPENING.finditer(text):
            y = int(m.group("y"))
            if y in allowed or cls.SIGNING_DATE.match(text, m.start()):
                continue   # (a date on a line of its own: the signing date, GI403's)
            if y == year - 1 and cls.LAST_YEARS_PROBLEMS.match(text, m.end()):
                continue   # 上年度问题的整改, wherever section 五 is (its heading may be lost)
            out.append((y, m.start("y"), m.end()))
        return tuple(out)
