from __future__ import annotations

from gilint.checks.arithmetic.helpers import columns, exact_sum, fmt, readable_section3_tables
from gilint.checks.base import Rule


class Balance(Rule):
    """Section 三: 一 + 二 differs from （七）总计 + 四 in a column.

    ## What it does
    Per column, checks the identity printed in the table itself: 本年新收 + 上年结转 =
    （七）总计 + 结转下年度继续办理.

    ## Why
    Every application received or carried over is either handled this year or carried on.

    ## Basis
    国办公开办函〔2021〕30号, section 三 table:（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）.

    ## Example
    新收 21 + 结转 0 = 21, but 总计 20 + 结转下年度 0 = 20.

    ## Use instead
    Figures that balance.
    """
    doc_zh = """第三部分：某列 一 + 二 不等于（七）总计 + 四。

    ## 作用
    逐列核对表格中印明的勾稽关系：本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理。

    ## 原因
    本年收到或上年结转的每件申请，要么本年办结，要么结转下年度。

    ## 依据
    国办公开办函〔2021〕30号 第三部分表格：（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）。

    ## 示例
    新收 21 + 结转 0 = 21，但 总计 20 + 结转下年度 0 = 20。

    ## 正确写法
    数字前后对得上。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI304", "balance", "error"
    reads_tables = True

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        left, right = tpl.s3_balance["left"], tpl.s3_balance["right"]
        for t in readable_section3_tables(self.ctx):
            lrows = [t.row(k) for k in left]
            rrows = [t.row(k) for k in right]
            if any(r is None for r in lrows + rrows):
                continue
            width = len(tpl.s3_columns)
            left_columns, right_columns = columns(lrows, width), columns(rrows, width)
            for col, name in enumerate(tpl.s3_columns):
                lv, rv = left_columns[col], right_columns[col]
                if lv is None or rv is None:
                    continue
                lsum, rsum = exact_sum(lv), exact_sum(rv)
                if lsum != rsum:
                    cell = rrows[0].values[col]
                    self.report(cell.start, cell.end,
                                f"“{name}”列不平衡：一+二={fmt(lv[0])}+{fmt(lv[1])}={fmt(lsum)}，"
                                f"（七）总计+四={fmt(rv[0])}+{fmt(rv[1])}={fmt(rsum)}")
