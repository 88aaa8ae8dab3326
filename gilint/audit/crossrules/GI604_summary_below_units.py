from __future__ import annotations

from gilint.audit.crossrules.base import CorpusRule, fmt
from gilint.checks.base import Option
from gilint.templates import norm


class SummaryBelowUnits(CorpusRule):
    """A cell of a government's own report is smaller than the sum of its units' cells.

    ## What it does
    Where the manifest (`parent` column) or the pack (`units = { "某县人民政府" = ["某县教育局", …] }`)
    names the units a government's summary report covers, adds up, for each year, every cell of
    section 三's table over the units' reports of that year and reports the government's cells
    that are smaller: one finding per government and year, at the first such cell, listing them
    and naming the unit with the largest figure there.

    ## Why
    A government's own report summarises its whole administration: it cannot have received
    fewer applications than its departments together. (How exactly the summary is compiled
    varies, hence a warning and only "smaller than".)

    ## Basis
    《政府信息公开条例》第四十九条、第五十条; provincial scoring sheets (数据失准).

    ## Example
    县人民政府 一、本年新收 总计 `10`; 县教育局 `6` and 县公安局 `8`.

    ## Use instead
    At least `14`, or check the departments' figures.
    """
    doc_zh = """本级政府报告的某个单元格小于其所属单位对应单元格之和。

    ## 作用
    在清单（`parent` 列）或规则包（`units = { "某县人民政府" = ["某县教育局", …] }`）写明本级政府年度报告涵盖哪些单位时，按年份把各单位报告第三部分表格的每个单元格相加，报告本级政府报告中小于合计的单元格：每个政府每年报告一次，位置在第一个这样的单元格上，列出这些单元格，并指出该处数字最大的单位。

    ## 原因
    本级政府的年度报告汇总整个政府的情况：收到的申请不可能比各部门加起来还少。（汇总的具体方法各地不同，所以只作为警告，且只检查“小于”。）

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条、第五十条；各省考核评分细则（数据失准）。

    ## 示例
    县人民政府 一、本年新收 总计 `10`；县教育局 `6`，县公安局 `8`。

    ## 正确写法
    至少为 `14`，或核对各部门的数字。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI604", "summary-below-units", "warning"
    options = {"units": Option(dict, None, "government → the names of its units (their reports)",
                               {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}})}

    def check_corpus(self, corpus):
        units = {g: set(u) for g, u in corpus.units.items()}
        for gov, names in (self.params.get("units") or {}).items():
            units.setdefault(norm(gov), set()).update(norm(n) for n in names)   # as identify.body_key
        for gov, members in sorted(units.items()):
            for year, reps in sorted(corpus.series.get(gov, {}).items()):
                parts = [corpus.report(u, year) for u in sorted(members)]
                parts = [p for p in parts if p is not None]
                if parts:
                    self._compare(corpus, reps[0], parts)

    def _compare(self, corpus, gov, parts):
        mine = corpus.rows(gov.id, "section3")
        theirs = [(p, corpus.rows(p.id, "section3")) for p in parts]
        below = []
        for key, cells in mine.items():
            for cell in cells:
                vals = [(rows[key][cell[0]][2], p) for p, rows in theirs
                        if key in rows and len(rows[key]) > cell[0] and rows[key][cell[0]][2] is not None]
                if cell[2] is None or not vals:
                    continue
                total = sum(v for v, _ in vals)
                if cell[2] < total:
                    below.append((cell, total, max(vals, key=lambda x: x[0])[1], key))
        if not below:
            return
        below.sort(key=lambda b: (b[0][-4], b[0][-3]))
        cell, total, unit, _ = below[0]
        shown = "；".join(f"第{c[-4]}行“{c[1]}”列{fmt(c[2])} < {fmt(t)}" for c, t, _, _ in below[:5])
        more = f"等{len(below)}处" if len(below) > 5 else ""
        self.report_on(gov, f"本级政府报告的数据小于其{len(parts)}个所属单位报告之和：{shown}{more}",
                       cell=cell, related=unit)
