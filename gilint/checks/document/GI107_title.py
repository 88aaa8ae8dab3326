from __future__ import annotations

from gilint.checks.base import Rule
from gilint.findings import Edit, Fix
from gilint.read.structure import title_year_and_body
from gilint.templates import norm


class Title(Rule):
    """The title is missing, lacks the year, or is not an 年度报告.

    ## What it does
    Looks for the report title (it may span two lines and sit under the issuing body's name)
    and checks that it names the year and is a 政府信息公开工作年度报告 (not …信息公开工作年度报告
    without 政府). A title wrapped anywhere (…2024年度政府 / 信息公开工作年度报告) is read whole.

    ## Why
    The title identifies the body and the year; 工作报告 or 年报 are not the document the
    regulation requires.

    ## Basis
    《政府信息公开条例》第四十九条, 第五十条.

    ## Example
    `上新庄镇2020年政府信息公开工作报告`

    ## Use instead
    `上新庄镇2020年政府信息公开工作年度报告`

    ## Fix
    Sets the canonical title (unsafe: the body's name may need correcting too).
    """
    doc_zh = """标题缺失、没有年份，或不是“年度报告”。

    ## 作用
    查找报告标题（可能分两行，也可能在发布机关名称下面），检查其中写明年份，且为“政府信息公开工作年度报告”。

    ## 原因
    标题标明机关和年度；“工作报告”“年报”不是《条例》要求的文件。

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条、第五十条。

    ## 示例
    `上新庄镇2020年政府信息公开工作报告`

    ## 正确写法
    `上新庄镇2020年政府信息公开工作年度报告`

    ## 修复
    不安全修复：改为规范标题（机关名称可能也需要更正）。
    """
    code, name, severity, fix = "GI107", "title", "warning", "unsafe"

    def check(self):
        r = self.ctx.report
        t = r.title
        if t is None:
            first = r.sections[0].heading if r.sections else None
            self.report(0, first.start if first and first.start < 200 else 0, "缺少报告标题（应为“<机关名称><年份>年政府信息公开工作年度报告”）")
            return
        n = norm(t.text)
        problems = []
        if title_year_and_body(t)[0] is None:
            problems.append("没有写明年度")
        if "年度报告" not in n:
            problems.append("不是“年度报告”")
        if "信息公开" in n and "政府信息公开" not in n:
            problems.append("缺少“政府”二字")
        if problems:
            canon = f"{r.body or '<机关名称>'}{r.year or '<年份>'}年政府信息公开工作年度报告"
            fix = Fix((Edit(t.start, t.end, canon),), safe=False, description=f"改为“{canon}”") \
                if r.year and r.body else None
            self.report(t.start, t.end, f"报告标题{'，'.join(problems)}：应为“{canon}”，实为“{t.text.strip()}”", fix)
