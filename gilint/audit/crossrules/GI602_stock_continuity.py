from __future__ import annotations

from gilint.audit.crossrules.base import CorpusRule, fmt

from gilint.templates import norm

ITEM = norm("第二十条第（一）项")


class StockContinuity(CorpusRule):
    """2021 template: 现行有效件数 of year N ≠ that of N−1 + 本年制发件数 − 本年废止件数.

    ## What it does
    For each body, each pair of consecutive years whose section 二 tables both follow the 2021
    template, and each row of 第二十条第（一）项 (规章, 行政规范性文件): checks
    现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N). Never across the
    2020 → 2021 template change (对外公开总数量 of the 2019 template measures something else).

    ## Why
    The stock in force moves by what was made and repealed. It legitimately breaks in a year of
    general clean-up (全面清理) and when documents expire (自然失效), hence information only.

    ## Basis
    国办公开办函〔2021〕30号, 第二十条第（一）项.

    ## Example
    2022: 现行有效 `12`; 2023: 制发 `3`, 废止 `1`, 现行有效 `20`.

    ## Use instead
    2023: 现行有效 `14`, or say in the report why the stock changed otherwise.
    """
    doc_zh = """2021版格式：第 N 年现行有效件数 ≠ 第 N−1 年现行有效件数 + 本年制发件数 − 本年废止件数。

    ## 作用
    对每个机关、第二部分表格都采用2021版格式的相邻两年，以及第二十条第（一）项的每一行（规章、行政规范性文件），核对 现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N)。不跨2020 → 2021年的格式变更比较（2019版的“对外公开总数量”统计的是另一回事）。

    ## 原因
    现行有效的文件数随制发和废止而变化。在全面清理的年份或文件自然失效时可以合理地不相等，因此只作为提示。

    ## 依据
    国办公开办函〔2021〕30号 第二十条第（一）项表格。

    ## 示例
    2022年：现行有效 `12`；2023年：制发 `3`、废止 `1`、现行有效 `20`。

    ## 正确写法
    2023年：现行有效 `14`，或在报告中说明件数的其他变化原因。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI602", "stock-continuity", "info"

    def check_corpus(self, corpus):
        for prev, cur in corpus.consecutive():
            if prev.template != "2021" or cur.template != "2021" or prev.year < 2021:
                continue
            a_rows, b_rows = corpus.rows(prev.id, "section2"), corpus.rows(cur.id, "section2")
            for key, cells in b_rows.items():
                if not key.startswith(ITEM + "|") or key not in a_rows:
                    continue
                made, repealed, stock = (_col(cells, w) for w in ("制发", "废止", "现行有效"))
                before = _col(a_rows[key], "现行有效")
                if None in (made, repealed, stock, before):
                    continue
                want = before[2] + made[2] - repealed[2]
                if want != stock[2]:
                    label = key.split("|", 1)[1]
                    self.report_on(cur, f"“{label}”现行有效件数{fmt(stock[2])}，而{prev.year}年现行有效"
                                        f"{fmt(before[2])} + 本年制发{fmt(made[2])} − 本年废止{fmt(repealed[2])}"
                                        f" = {fmt(want)}（全面清理或自然失效时可能如此，请在报告中说明）",
                                   cell=stock, related=prev)

def _col(cells, word):
    c = next((c for c in cells if c[1] and word in norm(c[1])), None)
    return c if c is not None and c[2] is not None else None
