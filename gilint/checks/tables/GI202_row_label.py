from __future__ import annotations

from gilint.checks.tables.helpers import TableRule, from_template, lazy_pattern, show
from gilint.read.tables import label_norm, similarity
from gilint.templates import norm


class RowLabel(TableRule):
    """A row label differs from the template's.

    ## What it does
    Compares every row label of the tables of sections 二 and 三 with the template, after NFKC
    normalisation with whitespace removed (so 1. / 1、, full- and half-width brackets and line
    wraps do not count), and reports what still differs: typos, missing words, wrong terms.

    ## Why
    The labels carry legal categories; 其他法律法规禁止公开 is not the category of the
    regulation (法律、行政法规), and 规范性文件 was renamed 行政规范性文件 in the 2021 template.

    ## Basis
    《政府信息公开条例》第十四条, 第三十六条; 国办公开办函〔2021〕30号 tables.

    ## Example
    `2.其他法律法规禁止公开`

    ## Use instead
    `2.其他法律行政法规禁止公开`

    ## Fix
    Replaces the label with the canonical one when the match is unambiguous (safe). A label
    read over lines whose last line goes on after it (a stray character before an in-line
    heading) gets an unsafe fix that keeps the rest of that line on its own line.
    """
    doc_zh = """行名与格式不一致。

    ## 作用
    将第二、三部分表格的每个行名与格式比较（NFKC 规范化并去掉空白，所以 1. 与 1、、全角与半角括号、换行都不算差异），报告仍然不同之处：错字、漏字、用词错误。

    ## 原因
    行名代表法定类别：“其他法律法规禁止公开”不是《条例》规定的类别（应为“法律、行政法规”）；2021版格式已将“规范性文件”改为“行政规范性文件”。

    ## 依据
    《中华人民共和国政府信息公开条例》第十四条、第三十六条；国办公开办函〔2021〕30号 所附表格。

    ## 示例
    `2.其他法律法规禁止公开`

    ## 正确写法
    `2.其他法律行政法规禁止公开`

    ## 修复
    安全修复：对应关系明确时改为规范行名。跨行读出的行名若其最后一行在行名之后还有文字（如行内标题前的零散字符），则为不安全修复，并让这些文字仍单独成行。
    """
    code, name, severity, fix = "GI202", "row-label", "error", "safe"

    def check_tables(self, tpl, tables):
        for t in tables:
            if t.kind not in ("section2", "section3"):
                continue
            canon = from_template(tpl, t.kind + " labels", _CANONICAL[t.kind])
            for row in t.rows:
                if row.label is None or row.key is None:
                    continue
                want = canon.get(row.key)
                if want is None:
                    continue
                want, want_norm = want
                got = label_norm(row.label.text)
                if got == want_norm or _same_but_numbering(got, want_norm):
                    continue
                if getattr(row.label, "uncertain", False) and t.layout == "columns" and similarity(got, want_norm) >= 0.8:
                    continue  # a label pdftotext wrapped around its data: not reliable enough to blame
                if t.kind == "section3" and row.group is None and _group_prefixed(got, want, tpl):
                    continue
                self.report(row.label.start, row.label.end,
                            f"行标签应为“{want}”，实为“{show(row.label.text)}”", self.label_fix(row.label, want))


def _with_norms(labels: dict) -> dict:
    return {key: (label, norm(label)) for key, label in labels.items()}


# a table's row key → (the canonical label of its row, its norm), per kind of table
_CANONICAL = {
    "section3": lambda tpl: _with_norms({**{r.key: r.label for r in tpl.s3_rows}, "other": "（六）其他处理"}),
    "section2": lambda tpl: _with_norms({norm(r): r for st in tpl.s2_subtables for r in st.rows}),
}


def _same_but_numbering(got: str, want: str) -> bool:
    # 1、 / 1． / 1 for 1. — numbering punctuation is not a label defect.
    number = lazy_pattern(r"^(\d+)[.、．]?")
    return number.sub(r"\1", got) == number.sub(r"\1", want)


def _group_prefixed(got, want, tpl) -> bool:
    groups = {norm(r.group) for r in tpl.s3_rows if r.group}
    return any(got == g + norm(want) for g in groups)
