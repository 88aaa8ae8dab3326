from __future__ import annotations

import regex

from gilint.checks.base import Rule
from gilint.lazyre import lazy
from gilint.read.headings import cn_numeral
from gilint.templates import norm


class EmptySection(Rule):
    """A section has no substantive content.

    ## What it does
    Reports a section other than 六 with no text and no table under its heading. Section 六
    may legitimately say 无.

    ## Why
    An empty 存在的主要问题及改进情况 is a common way of not reporting problems.

    ## Basis
    《政府信息公开条例》第五十条.

    ## Example
    `五、存在的主要问题及改进情况` directly followed by `六、其他需要报告的事项`.

    ## Use instead
    State the problems found and what is being done about them.
    """
    doc_zh = """某部分没有实质内容。

    ## 作用
    除第六部分外，某部分标题下既没有文字也没有表格时报告。第六部分可以写“无”。

    ## 原因
    “存在的主要问题及改进情况”留空，是不报告问题的常见做法。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条（年度报告应当包括存在的主要问题及改进情况）。

    ## 示例
    `五、存在的主要问题及改进情况` 后面直接是 `六、其他需要报告的事项`。

    ## 正确写法
    写明发现的问题以及正在采取的改进措施。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI106", "empty-section", "warning"

    def check(self):
        for s in self.ctx.report.sections:
            if s.number == 6 or s.tables:
                continue
            text = ""
            for p in s.paragraphs:  # enough to tell content from nothing; stop early
                text += _norm_start(p.text, 8)
                if len(text) >= 8:
                    break
            if len(text) < 4 or text in ("无", "无。", "暂无", "暂无。"):
                h = s.heading
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分没有实质内容")


# A CJK ideograph neither decomposes nor composes with what precedes it (NFKC quick check Yes,
# combining class 0): text cut before one normalises as its two parts do, one after the other.
_IDEOGRAPH = lazy(regex, r"[\u4e00-\u9fff]")
_CUT_FROM = 32    # characters into a paragraph: where a cut is looked for (up to 4× as far)


def _norm_start(text: str, want: int) -> str:
    """``norm(text)``, or a beginning of it at least ``want`` characters long: a long paragraph
    normalised up to an ideograph after its first ``_CUT_FROM`` characters, not whole (it is
    not memoised: normalising it whole cost ~2 % of a run over many reports)."""
    if len(text) > 4 * _CUT_FROM:
        cut = _IDEOGRAPH.search(text, _CUT_FROM, 4 * _CUT_FROM)
        if cut is not None:
            start = norm(text[:cut.start()])
            if len(start) >= want:
                return start
    return norm(text)
