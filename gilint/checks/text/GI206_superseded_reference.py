from __future__ import annotations

from functools import lru_cache

import regex

from gilint.checks.base import Option, Rule
from gilint.findings import Edit, Fix
from gilint.lazyre import lazy
from gilint.storedre import compile as compile_regex


_BRACKETED = lazy(regex, r"^(?P<issuer>.*?)\s*[〔\[（(【]\s*(?P<year>\d{4})\s*[〕\]）)】]\s*(?P<number>\d+)\s*号$")


@lru_cache(maxsize=16)
def reference_pattern(reference: str):
    """(pattern, what every match begins with) for a document reference such as
    国办公开办函〔2019〕60号: any bracket style, spaces allowed around the year and number;
    another shape is matched as written."""
    ref = regex.sub(r"\s+", "", reference)
    m = _BRACKETED.match(ref)
    if not m or not m["issuer"]:
        return compile_regex(regex.escape(ref)), compile_regex(regex.escape(ref))
    issuer = regex.escape(m["issuer"])
    source = (issuer + r"\s*[〔\[（(【]\s*" + m["year"] + r"\s*[〕\]）)】]\s*" + m["number"] + r"\s*号")
    return compile_regex(source), compile_regex(issuer)


class SupersededReference(Rule):
    """A report for 2021 or later cites the superseded 国办公开办函〔2019〕60号.

    ## What it does
    Reports a citation of 国办公开办函〔2019〕60号 (any bracket style) in a report for 2021 or
    later, and one by its title (《关于政府信息公开工作年度报告有关事项的通知》, the pack's
    `superseded_title`) where the number is not cited with it.

    ## Why
    From report year 2021 the format is fixed by 国办公开办函〔2021〕30号; citing 60号 usually
    means last year's text was copied.

    ## Basis
    国办公开办函〔2021〕30号 (2021-09-26).

    ## Example
    `根据……《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）`

    ## Use instead
    `（国办公开办函〔2021〕30号）`

    ## Fix
    Replaces the number (safe); the title with the new notice's (unsafe: the sentence may need
    rewording).
    """
    doc_zh = """2021年度及以后的报告引用了已被替代的国办公开办函〔2019〕60号。

    ## 作用
    2021年度及以后的报告中引用国办公开办函〔2019〕60号（不论括号写法）时报告。

    ## 原因
    从2021年度起，报告格式由国办公开办函〔2021〕30号 规定；引用60号通常说明照抄了上一年的文字。

    ## 依据
    国办公开办函〔2021〕30号（2021年9月26日）。

    ## 示例
    `根据……《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2019〕60号）`

    ## 正确写法
    `（国办公开办函〔2021〕30号）`

    ## 修复
    安全修复：替换文号。
    """
    code, name, severity, fix = "GI206", "superseded-reference", "warning", "safe"
    options = {
        "superseded": Option(str, '国办公开办函〔2019〕60号', "the superseded reference (any bracket style, spaces allowed, matches)"),
        "replacement": Option(str, '国办公开办函〔2021〕30号', "what the fix writes instead"),
        "superseded_title": Option(str, '关于政府信息公开工作年度报告有关事项的通知', "the superseded notice by its title (matched where its number is not cited with it)"),
        "replacement_title": Option(str, '关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知', "the title the fix writes instead"),
        "applies_from_year": Option(int, 2021, "report years from which the reference is superseded"),
    }

    def check(self):
        self.check_number()
        self.check_title()

    def check_number(self):
        r = self.ctx.report
        if r.year is None or r.year < int(self.params["applies_from_year"]):
            return
        new = self.params["replacement"]
        pattern, begins = reference_pattern(self.params["superseded"])
        for at, m in self.sentence_matches(pattern, begins):
            a, b = at + m.start(), at + m.end()
            self.report(a, b, f"{r.year}年度报告引用了已被替代的“{m.group(0)}”，应为“{new}”",
                        Fix((Edit(a, b, new),), safe=True, description=f"改为“{new}”"))

    def check_title(self):
        r, old = self.ctx.report, self.params["superseded_title"]
        if not old or r.year is None or r.year < int(self.params["applies_from_year"]):
            return
        new = self.params["replacement_title"]
        pattern = _spaced(old)
        numbered = {f.start for f in self._findings}
        for at, m in self.sentence_matches(pattern, _spaced(old[:2]), memo=self.code + ":title"):
            a, b = at + m.start(), at + m.end()
            if any(b <= n <= b + 40 for n in numbered):   # cited with its number: reported above
                continue
            fix = Fix((Edit(a, b, new),), safe=False, description=f"改为“{new}”") if new else None
            self.report(a, b, f"{r.year}年度报告引用了已被替代的《{old}》（国办公开办函〔2019〕60号）"
                              f"{'，应为《' + new + '》' if new else ''}", fix)


@lru_cache(maxsize=64)
def _spaced(s: str):
    """``s`` where a line break or spaces may stand between any two characters (a wrapped line)."""
    return compile_regex(r"\s*".join(regex.escape(c) for c in s))
