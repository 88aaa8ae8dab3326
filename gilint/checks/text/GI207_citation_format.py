from __future__ import annotations

import regex

from gilint.lazyre import lazy
from gilint.checks.base import Rule
from gilint.checks.text.GI206_superseded_reference import SupersededReference, reference_pattern
from gilint.findings import Edit, Fix
from gilint.templates import norm

_DIGIT = lazy(regex, r"\d")


class CitationFormat(Rule):
    """A citation of the 条例 or of a format notice written wrongly.

    ## What it does
    Checks the citations a reviewer checks, anywhere in the text:
    - the 条例's name: `中华人民共和国政府信息公开条例` (not 中华人民共和国信息公开条例,
      …政府公开条例, …政府信息公开管理条例);
    - the 文号 of the format notices, 国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号:
      六角括号 〔〕 around the year (not [] （） 【】 or none), the year and the number both there
      (not 〔202130号), 国办公开办函 (not 国办公开办涵 or 国办公开函);
    - the name of the format inside the notice's title: 〈中华人民共和国政府信息公开工作年度报告格式〉.
    The short name 《政府信息公开条例》 is not reported. A 2019 文号 in a report for 2021 or
    later is GI206's.

    ## Why
    Reviewers check the legal basis first; a wrong name or 文号 in the report's first sentence
    is a visible error of the whole document.

    ## Basis
    《党政机关公文格式》(GB/T 9704-2012) 7.2.4: 发文字号 年份用六角括号“〔〕”括入;
    the 条例's title as promulgated (国务院令第711号).

    ## Example
    `《中华人民共和国信息公开条例》` · `（国办公开办涵[2021]30号）` · `国办公开办函〔202130号`

    ## Use instead
    `《中华人民共和国政府信息公开条例》` · `（国办公开办函〔2021〕30号）`

    ## Fix
    Writes the exact name or 文号 (safe) where the intended one is unambiguous: the figures
    read as one of the two notices (2019 + 60, 2021 + 30). A malformed 文号 with other figures
    is reported without a fix; a well-formed one (another notice of the office) not at all.
    """
    doc_zh = """《条例》或格式通知的引用写错。

    ## 作用
    检查审核人会核对的引用：《中华人民共和国政府信息公开条例》的全称（不是“中华人民共和国信息公开条例”“政府信息公开管理条例”等）；两份格式通知的文号“国办公开办函〔2019〕60号”“国办公开办函〔2021〕30号”——年份用六角括号〔〕（不是 []、（）、【】或没有括号），年份和序号都要有（不是“〔202130号”），机关代字是“国办公开办函”（不是“国办公开办涵”“国办公开函”）。简称《政府信息公开条例》不报告；2021年及以后的报告引用2019年文号由 GI206 负责。

    ## 原因
    审核先看法律依据；报告第一句中的名称或文号写错，是整份文件一眼可见的错误。

    ## 依据
    《党政机关公文格式》（GB/T 9704—2012）7.2.4：发文字号中年份用六角括号“〔〕”括入；《中华人民共和国政府信息公开条例》（国务院令第711号）的正式名称。

    ## 示例
    `《中华人民共和国信息公开条例》`、`（国办公开办涵[2021]30号）`、`国办公开办函〔202130号`

    ## 正确写法
    `《中华人民共和国政府信息公开条例》`、`（国办公开办函〔2021〕30号）`

    ## 修复
    安全修复：能确定所指文件时（数字为2019和60，或2021和30）改为准确的名称或文号；其他数字的错误文号只报告不修复，格式正确的其他文号不报告。
    """
    code, name, severity, fix = "GI207", "citation-format", "warning", "safe"

    LAW = "中华人民共和国政府信息公开条例"
    FORMAT = "中华人民共和国政府信息公开工作年度报告格式"
    NOTICES = {"201960": "国办公开办函〔2019〕60号", "202130": "国办公开办函〔2021〕30号"}
    # Anything that reads as one of the things checked, right or wrong (matches never hold "。"):
    # the law's name, the format's name, a notice's number.
    LAW_LIKE = r"(?P<law>中华人民共和国\s*(?:[^\s《》〈〉“”、，。；]{0,3}?信息\s*公开|政府\s*公开)[^\s《》〈〉“”、，。；]{0,4}?条例)"
    FORMAT_LIKE = r"(?P<fmt>中华人民共和国\s*政府\s*信息\s*公开[^\s《》〈〉“”、，。；]{0,6}?报告\s*格式)"
    NUMBER_LIKE = r"(?P<num>国\s*办\s*公\s*开\s*(?:办\s*)?[函涵][^，。；、》\n]{0,12}?号)"
    CANDIDATE = lazy(regex, "|".join((LAW_LIKE, FORMAT_LIKE, NUMBER_LIKE)))
    BEGINS = lazy(regex, r"中华人民共和国|国\s*办")
    WELL_FORMED = lazy(regex, r"国办公开办函〔(?:19|20)\d{2}〕[1-9]\d*号")

    def check(self):
        r = self.ctx.report
        gi206 = SupersededReference(self.ctx).params     # GI206's options, its defaults included
        old_number, _ = reference_pattern(gi206["superseded"])
        gi206_applies = r.year is not None and r.year >= int(gi206["applies_from_year"])
        for at, (a, b, found, want, number) in self.sentence_matches(self.CANDIDATE, self.BEGINS, keep=self.wrong):
            a, b = at + a, at + b
            if number and gi206_applies and old_number.fullmatch(found):
                continue   # GI206: the superseded notice
            if not want:
                self.report(a, b, f"文号“{found}”有误：格式通知的文号为“国办公开办函〔2021〕30号”"
                                  "（2019年度及以前为“国办公开办函〔2019〕60号”），年份用六角括号〔〕")
                continue
            self.report(a, b, f"引用名称或文号有误：应为“{want}”，实为“{found}”",
                        Fix((Edit(a, b, want),), safe=True, description=f"改为“{want}”"))

    @classmethod
    def wrong(cls, m) -> tuple | None:
        """``(start, end, found, what it should be, a 文号?)`` of a candidate written wrongly
        (should be "": a malformed 文号 whose notice cannot be told), None if it is right:
        judged by the match alone, so memoised with it per sentence."""
        found = m.group(0)
        if m.group("law") or m.group("fmt"):
            want = cls.LAW if m.group("law") else cls.FORMAT
            return None if norm(found) == want else (m.start(), m.end(), found, want, False)
        flat = norm(found)   # NFKC, spaces gone: a PDF's "30 号" is not wrong
        want = cls.NOTICES.get("".join(_DIGIT.findall(flat)), "")
        if flat == want or not want and cls.WELL_FORMED.fullmatch(flat):
            return None   # right, or another notice of the office written correctly
        return m.start(), m.end(), found, want, True
