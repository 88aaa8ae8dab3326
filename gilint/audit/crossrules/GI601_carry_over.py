from __future__ import annotations

from gilint.audit.crossrules.base import CorpusRule, fmt
from gilint.templates import norm

TOTAL = norm("总计")


class CarryOver(CorpusRule):
    """二、上年结转 of year N differs from 四、结转下年度继续办理 of year N−1 of the same body.

    ## What it does
    For each body and each pair of consecutive years in its series, compares, column by column
    of section 三's table, the applications carried into year N (二、上年结转政府信息公开申请数量)
    with those year N−1 carried out (四、结转下年度继续办理). Each differing column is one
    finding on year N's cell, naming year N−1's report. Never compares across a gap in the
    series (GI605 reports the gap).

    ## Why
    An application still open on 31 December is carried to the next year: the two figures
    count the same applications. A difference means one of the two tables is wrong (数据失准).

    ## Basis
    国办公开办函〔2019〕60号 and 〔2021〕30号, section 三's row labels; held on every real series
    checked (not written in any guidance).

    ## Example
    2023: 四、结转下年度继续办理 自然人 `2`; 2024: 二、上年结转 自然人 `0`.

    ## Use instead
    2024: 二、上年结转 自然人 `2` (or correct the 2023 report).
    """
    doc_zh = """第 N 年的“二、上年结转”与同一机关第 N−1 年的“四、结转下年度继续办理”不一致。

    ## 作用
    对每个机关的报告序列中相邻的两年，逐列比较第三部分表格中第 N 年结转进来的申请数（二、上年结转政府信息公开申请数量）和第 N−1 年结转出去的申请数（四、结转下年度继续办理）。每个不一致的列报告一次，位置在第 N 年的单元格上，并指明第 N−1 年的报告。序列中间缺年份时不跨缺口比较（缺口由 GI605 报告）。

    ## 原因
    12月31日仍未办结的申请结转到下一年：这两个数字统计的是同一批申请。不一致说明两张表中有一张填错了（数据失准）。

    ## 依据
    国办公开办函〔2019〕60号、〔2021〕30号 第三部分表格的行名（“上年结转”“结转下年度继续办理”）；在检查过的所有真实报告序列上都成立（指导文件中没有明文）。

    ## 示例
    2023年：四、结转下年度继续办理 自然人 `2`；2024年：二、上年结转 自然人 `0`。

    ## 正确写法
    2024年：二、上年结转 自然人 `2`（或更正2023年的报告）。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI601", "carry-over", "warning"

    def check_corpus(self, corpus):
        for prev, cur in corpus.consecutive():
            out = corpus.rows(prev.id, "section3", ("carried_out",)).get("carried_out")
            into = corpus.rows(cur.id, "section3", ("carried_in",)).get("carried_in")
            if not out or not into:
                continue
            diff = [(a, b) for a, b in zip(out, into)
                    if a[2] is not None and b[2] is not None and a[2] != b[2]]
            if len(diff) > 1:   # the 总计 column only follows the applicant columns
                diff = [(a, b) for a, b in diff if norm(b[1] or "") != TOTAL]
            for a, b in diff:
                col = b[1] or f"第{b[0] + 1}列"
                self.report_on(cur, f"“{col}”列上年结转{fmt(b[2])}件，与{prev.year}年报告的"
                                    f"“四、结转下年度继续办理”{fmt(a[2])}件不一致（{prev.path}）",
                               cell=b, related=prev)
