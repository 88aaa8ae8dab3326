from __future__ import annotations

from gilint.checks.base import Rule


class TemplateVersion(Rule):
    """The tables follow the other template than the report year requires.

    ## What it does
    Decides from the wording of section 二 which template the tables follow (2019:
    本年新制作数量 …, 第二十条第（九）项; 2021: 本年制发件数 …) and reports once per document
    when it is not the template of the report year. The tables are then checked against the
    template they actually follow.

    ## Why
    From report year 2021 the 2021 template applies; an old table hides the new statistics.

    ## Basis
    国办公开办函〔2021〕30号 (from report year 2021); 国办公开办函〔2019〕60号 (2019–2020).

    ## Example
    A 2022 report whose 第二十条第（一）项 table has 本年新制作数量 · 本年新公开数量 · 对外公开总数量.

    ## Use instead
    本年制发件数 · 本年废止件数 · 现行有效件数 (and the rest of the 2021 template).
    """
    doc_zh = """表格采用的格式与报告年度要求的格式不一致。

    ## 作用
    根据第二部分表格的文字判断表格采用的是哪一版格式（2019版：本年新制作数量……、第二十条第（九）项；2021版：本年制发件数……），不是报告年度应采用的格式时，每份报告报告一次。之后按表格实际采用的格式检查表格。

    ## 原因
    从2021年度报告起适用2021版格式；沿用旧表会漏掉新增的统计项。

    ## 依据
    国办公开办函〔2021〕30号（2021年度起）；国办公开办函〔2019〕60号（2019—2020年度）。

    ## 示例
    2022年度报告的第二十条第（一）项表格列为 本年新制作数量 · 本年新公开数量 · 对外公开总数量。

    ## 正确写法
    本年制发件数 · 本年废止件数 · 现行有效件数（以及2021版格式的其他内容）。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI201", "template-version", "error"

    def check(self):
        want, got = self.ctx.template, self.ctx.table_template
        if want is None or got is None or want is got:
            return
        s2 = self.ctx.report.section(2)
        if s2 is None or not s2.tables:
            return
        t = s2.tables[0]
        self.report(t.start, t.start + len(self.ctx.text[t.start:t.end].split("\n", 1)[0]),
                    f"{self.ctx.report.year}年度报告应使用{want.name}年版模板（{want.document}），表格实为{got.name}年版模板（{got.document}）")
