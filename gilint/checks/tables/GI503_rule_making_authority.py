from __future__ import annotations

from gilint.checks.base import Rule
from gilint.checks.cells import parse_number
from gilint.templates import norm

RULE_MAKING_LEVELS = {"township": "乡镇、街道", "county-government": "县级人民政府",
                      "county-department": "县级政府部门"}


class RuleMakingAuthority(Rule):
    """规章 figures above zero from a body that cannot make 规章.

    ## What it does
    Reports 规章 counts above zero in the 第二十条第（一）项 table of a 乡镇, 街道, county-level
    government or county-level department. The body's level is inferred from its name in the
    title (…镇, …街道办事处, …县人民政府, …县…局) or set in the pack (`[report] level`).

    ## Why
    Only State Council departments, provincial governments and the governments of
    设区的市/自治州 make 规章; a township reporting 规章 has miscounted (usually 行政规范性文件).

    ## Basis
    《中华人民共和国立法法》第九十一条, 第九十三条 (2023; 2015: 第八十条, 第八十二条).

    ## Example
    A 镇 reporting `规章  9  9  9`.

    ## Use instead
    `规章  0  0  0`, and the documents counted under 行政规范性文件 if that is what they are.
    """
    doc_zh = """无权制定规章的机关填报了大于0的规章数。

    ## 作用
    乡镇、街道、县级人民政府或县级部门在第二十条第（一）项表格中“规章”数大于0时报告。机关层级根据标题中的名称推断（……镇、……街道办事处、……县人民政府、……县……局），也可在规则包中设置（`[report] level`）。

    ## 原因
    只有国务院部门、省级人民政府和设区的市、自治州的人民政府可以制定规章；乡镇填报规章一定是统计错了（通常应为行政规范性文件）。

    ## 依据
    《中华人民共和国立法法》第九十一条、第九十三条（2023年修正；2015年版为第八十条、第八十二条）。

    ## 示例
    某镇填报 `规章  9  9  9`。

    ## 正确写法
    `规章  0  0  0`，如果这些文件实际是行政规范性文件，就填在“行政规范性文件”行。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI503", "rule-making-authority", "error"

    def check(self):
        level = self.ctx.report.level
        tpl = self.ctx.table_template
        if level not in RULE_MAKING_LEVELS or tpl is None:
            return
        rows = {norm(x) for x in tpl.rule_making_rows}
        for t in self.ctx.report.tables("section2"):
            if not t.readable:
                continue   # a table read as GI001: nothing is computed from it
            for row in t.rows:
                if row.key not in rows:
                    continue
                nums = [(c, parse_number(c.text)) for c in row.values]
                pos = [(c, v) for c, v in nums if v is not None and v > 0]
                if pos:
                    a, b = pos[0][0].start, pos[-1][0].end
                    figures = "、".join(c.text.strip() for c, _ in pos)
                    self.report(row.label.start if row.label else a, b,
                                f"{RULE_MAKING_LEVELS[level]}无权制定规章，但“规章”行填有{figures}（应为0）")
