"""Regenerate the synthetic base reports of the rule fixtures (run by hand, not by pytest).

    python tests/rules/make_bases.py

Writes _base_2021_markdown.txt, _base_2021_pipes.txt, _base_2021_cells.txt, _base_2019_cells.txt and
_base_2019_tabs.txt beside this file: the same small, complete, arithmetically consistent
report in the layouts real drafts come in (Markdown headings with tab-separated rows as in
seed 003, or with pipe tables; a Word export with one cell per line as in seed 000; plain headings with tab rows).
_base_2021_columns.txt (pdftotext -layout) is the real report 008 with its defects corrected
and is not generated. Every base must lint clean (tests/test_rules.py checks that).
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

S2 = {
    2021: [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", ["0", "0", "0"]), ("行政规范性文件", ["2", "1", "5"])]),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["12"])]),
        ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["3"]), ("行政强制", ["0"])]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["1.25"])]),
    ],
    2019: [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [("规章", ["0", "0", "0"]), ("规范性文件", ["2", "2", "5"])]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("行政许可", ["8", "-1", "12"]), ("其他对外管理服务事项", ["0", "0", "0"])]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("行政处罚", ["4", "0", "3"]), ("行政强制", ["0", "0", "0"])]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", ["1", "0"])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", ["2", "35.6"])]),
    ],
}

Z = ["0"] * 7
# (group, subgroup, label, values); new 6 + carried 1 = handled 6 + carried out 1.
S3 = [
    (None, None, "一、本年新收政府信息公开申请数量", ["5", "1", "0", "0", "0", "0", "6"]),
    (None, None, "二、上年结转政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"]),
    ("三、本年度办理结果", None, "（一）予以公开", ["3", "1", "0", "0", "0", "0", "4"]),
    ("三、本年度办理结果", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["1", "0", "0", "0", "0", "0", "1"]),
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", Z),
    ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开", Z),
    ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”", Z),
    ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益", Z),
    ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息", Z),
    ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息", Z),
    ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷", Z),
    ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项", Z),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息", ["1", "0", "0", "0", "0", "0", "1"]),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", Z),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确", Z),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请", Z),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请", Z),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物", Z),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请", Z),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", Z),
    ("OTHER",),
    ("三、本年度办理结果", None, "（七）总计", ["5", "1", "0", "0", "0", "0", "6"]),
    (None, None, "四、结转下年度继续办理", ["1", "0", "0", "0", "0", "0", "1"]),
]
OTHER = {
    2021: [("三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Z),
           ("三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Z),
           ("三、本年度办理结果", "（六）其他处理", "3.其他", Z)],
    2019: [("三、本年度办理结果", None, "（六）其他处理", Z)],
}
S4 = ["1", "0", "0", "0", "1", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def tpl(year):
    return 2021 if year >= 2021 else 2019


def s3_rows(year):
    for r in S3:
        if r == ("OTHER",):
            yield from OTHER[tpl(year)]
        else:
            yield r


def prose(year, body, basis):
    nxt = year + 1
    return {
        "title": f"{body}{year}年政府信息公开工作年度报告",
        "preamble": [
            f"本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{basis}）编制。"
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        ],
        1: [
            f"{year}年，{body}认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请6件，均在法定期限内答复。",
            "（一）主动公开。通过政府门户网站主动公开各类政府信息。",
            "（二）依申请公开。规范受理、登记、办理和答复流程。",
            "（三）政府信息管理。严格执行信息发布前的保密审查制度。",
        ],
        5: [
            "（一）存在的主要问题。信息公开的及时性有待提高，公开内容不够全面。",
            "（二）改进情况。加强业务培训，健全工作制度，提高公开质量。",
        ],
        6: ["本年度未收取信息处理费。"],
        "closing": [body, f"{nxt}年1月20日"],
    }


HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


# ---------------------------------------------------------------- tab rows (seed 003 style)
def tabs_s2(year):
    out = []
    for item, cols, rows in S2[tpl(year)]:
        out.append(item + "\t" * 3)
        out.append("\t".join(["信息内容", *cols] + [""] * (3 - len(cols))))
        for label, vals in rows:
            out.append("\t".join([label, *vals] + [""] * (3 - len(vals))))
    return out


def tabs_s3(year):
    out = [NOTE + "\t\t\t申请人情况" + "\t" * 7,
           "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
           "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    last = (None, None)
    for g, sg, label, vals in s3_rows(year):
        gcell = g if g and g != last[0] else ""
        sgcell = sg if sg and sg != last[1] else ""
        if g is None:
            cells = [label, "", ""]
        elif sg is None:
            cells = [gcell, label, ""]
        else:
            cells = [gcell, sgcell, label]
        out.append("\t".join(cells + vals))
        last = (g, sg)
    return out


def tabs_s4():
    return ["行政复议\t\t\t\t\t行政诉讼" + "\t" * 9,
            "\t\t\t\t\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
            "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
            "\t".join(S4)]


def pipes(rows):
    """Tab rows → a Markdown pipe table (separator after the first row)."""
    out = []
    for i, r in enumerate(rows):
        cells = r.split("\t")
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "---|" * len(cells))
    return out


def render_tabs(year, body, basis, md: bool, pipe: bool = False):
    p = prose(year, body, basis)
    h = (lambda s: "## " + s) if md else (lambda s: s)
    out = [("# " if md else "") + p["title"], ""]
    out += [x for para in p["preamble"] for x in (para, "")] if md else p["preamble"]
    tables = {2: tabs_s2(year), 3: tabs_s3(year), 4: tabs_s4()}
    if pipe:
        tables = {n: pipes(rows) for n, rows in tables.items()}
    for n, head in enumerate(HEADINGS, 1):
        out.append(h(head))
        if md:
            out.append("")
        if n in tables:
            out += tables[n]
            if md:
                out.append("")
        for para in p.get(n, []):
            out.append(para)
            if md:
                out.append("")
    out += [""] + p["closing"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- Word cells (seed 000 style)
def cells_block(cells):
    """One table row: every cell on its own line after a tab; wrapped text continues below."""
    return ["\t" + c for c in cells] + [""]


def cells_s2(year):
    out = []
    for item, cols, rows in S2[tpl(year)]:
        out += cells_block([item])
        out += cells_block(["信息内容", *cols])
        for label, vals in rows:
            out += cells_block([label, *vals])
    return out


def cells_s3(year):
    out = cells_block([NOTE, "申请人情况"])
    out += cells_block(["", "自然人", "法人或其他组织", "总计"])
    out += ["\t", "\t", "\t商业", "企业", "\t科研", "机构", "\t社会", "公益", "组织", "\t法律", "服务", "机构",
            "\t其他", "\t", ""]
    last = (None, None)
    for g, sg, label, vals in s3_rows(year):
        lead = []
        if g is not None:
            lead.append("三\n、\n本\n年\n度\n办\n理\n结\n果" if g != last[0] else "")
            if sg is not None:
                lead.append(sg if sg != last[1] else "")
        block = []
        for c in lead + [label, *vals]:
            first, *rest = c.split("\n")
            block.append("\t" + first)
            block += rest
        out += block + [""]
        last = (g, sg)
    return out


def cells_s4():
    out = cells_block(["行政复议", "行政诉讼"])
    out += cells_block(["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总\n计", "未经复议直接起诉", "复议后起诉"])
    fixed = []
    for c in out[-8:-1]:
        first, *rest = c.split("\n")
        fixed.append(first)
        fixed += rest
    out = out[:-8] + fixed + [""]
    out += ["\t"] * 5 + ["\t结果", "维持", "\t结果", "纠正", "\t其他", "结果", "\t尚未", "审结", "\t总", "计"] * 2 + [""]
    out += cells_block(S4)
    return out


def render_cells(year, body, basis):
    p = prose(year, body, basis)
    out = [p["title"], *p["preamble"]]
    tables = {2: cells_s2(year), 3: cells_s3(year), 4: cells_s4()}
    for n, head in enumerate(HEADINGS, 1):
        out.append(head)
        if n in tables:
            out += tables[n] + [""]
        out += p.get(n, [])
    out += p["closing"]
    return "\n".join(out) + "\n"


def main():
    b21, b19 = "国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号"
    (HERE / "_base_2021_markdown.txt").write_text(render_tabs(2021, "柳泉镇人民政府", b21, md=True), encoding="utf-8")
    (HERE / "_base_2021_pipes.txt").write_text(render_tabs(2023, "城南街道办事处", b21, md=True, pipe=True), encoding="utf-8")
    (HERE / "_base_2021_cells.txt").write_text(render_cells(2022, "吴村镇人民政府", b21), encoding="utf-8")
    (HERE / "_base_2019_cells.txt").write_text(render_cells(2020, "洄水镇人民政府", b19), encoding="utf-8")
    (HERE / "_base_2019_tabs.txt").write_text(render_tabs(2019, "朝阳坡镇人民政府", b19, md=False), encoding="utf-8")


if __name__ == "__main__":
    main()
