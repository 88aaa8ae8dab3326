"""Every catalogue defect (../shared/spec/rules.md) as an injection into a report model.

An injection changes what the clerk wrote and declares the finding it must cause as
(code, section, row) — except the arithmetic ones, whose findings the model derives from the
printed numbers (ReportModel.expected), so a defect that breaks several identities (a wrong
（七）总计 breaks its row total, its column's outcome total and the balance) expects all of them.

``DEFECTS``: name → (slots, inject). Two defects with a slot in common are never combined
(they would edit the same thing, or one would remove what the other is about).
"""
from __future__ import annotations

import random

from layouts.model import (TOWNSHIPS, ReportModel, cn_numeral, num, s2_tables,
                           s3_numbers, s4_numbers, template_for)

DEFECTS: dict[str, tuple[frozenset, object]] = {}
# Defects of the 2021 template or of reports from 2021 on (on an earlier year they do nothing).
NEEDS_2021 = {"row_label_2021", "old_template", "superseded_reference", "column_label"}


def defect(*slots):
    def deco(fn):
        DEFECTS[fn.__name__] = (frozenset(slots), fn)
        return fn
    return deco


def _title(m: ReportModel, n: int) -> str:
    return next(s.title for s in m.tpl.sections if s.number == n)


# --------------------------------------------------------------------------- structure (GI1xx)
@defect("structure")
def heading_variant(m: ReportModel, rnd: random.Random):
    """A known older or local wording of 四 or 五 (template.md): GI103, not a missing section."""
    n = rnd.choice([4, 5])
    sdef = next(s for s in m.tpl.sections if s.number == n)
    m.headings[n] = f"{cn_numeral(n)}、{rnd.choice(sdef.variants)}"
    m.inject("heading_variant", ("GI103", n, None))


@defect("structure")
def heading_typo(m: ReportModel, rnd: random.Random):
    """One character of a heading missing or wrong: GI103 with the canonical fix."""
    n = rnd.choice([2, 3, 4, 5, 6])
    title = _title(m, n)
    i = rnd.randrange(1, len(title) - 1)
    wrong = title[:i] + title[i + 1:] if rnd.random() < 0.5 else title[:i] + rnd.choice("工作的") + title[i + 1:]
    if wrong == title:
        wrong = title[:i] + title[i + 1:]
    m.headings[n] = f"{cn_numeral(n)}、{wrong}"
    m.inject("heading_typo", ("GI103", n, None))


@defect("structure", "s4", "s5", "s6", "s1text")
def section_missing(m: ReportModel, rnd: random.Random):
    """A whole section absent (heading and content): GI101, on the next section's heading (or
    the last one's, when the last is missing)."""
    n = rnd.choice([1, 4, 5, 6])
    m.order.remove(n)
    m.tables_shown.discard(n)
    anchor = min((k for k in m.order if k > n), default=max(m.order))
    m.inject("section_missing", ("GI101", anchor, None))


@defect("structure", "s5", "s6")
def sections_swapped(m: ReportModel, rnd: random.Random):
    """五 and 六 written in the wrong order: GI102 on 五, which comes after 六."""
    i, j = m.order.index(5), m.order.index(6)
    m.order[i], m.order[j] = 6, 5
    m.inject("sections_swapped", ("GI102", 5, None))


@defect("structure")
def heading_numbering(m: ReportModel, rnd: random.Random):
    """One section numbered in another style (4、 or （四） among 一、二、): GI104."""
    n = rnd.choice([2, 3, 4, 5, 6])
    marker = rnd.choice([f"{n}、", f"（{cn_numeral(n)}）"])
    m.headings[n] = marker + _title(m, n)
    m.inject("heading_numbering", ("GI104", n, None))


@defect("s4", "structure")
def table_missing(m: ReportModel, rnd: random.Random):
    """Section 四's heading with no table under it: GI105."""
    m.tables_shown.discard(4)
    m.inject("table_missing", ("GI105", 4, None))
    m.allowed.add(("GI106", 4, None))       # the section has nothing else either


@defect("s5", "structure")
def section_empty(m: ReportModel, rnd: random.Random):
    """五 with nothing under its heading: GI106."""
    m.paragraphs[5] = []
    m.inject("section_empty", ("GI106", 5, None))


@defect("title")
def title_not_annual(m: ReportModel, rnd: random.Random):
    """…政府信息公开工作报告 (not an 年度报告): GI107."""
    m.title = m.title.replace("年度报告", "报告")
    m.inject("title_not_annual", ("GI107", 0, None))


# ------------------------------------------------------------------------------ labels (GI2xx)
@defect("s3labels")
def row_label_term(m: ReportModel, rnd: random.Random):
    """其他法律法规禁止公开 for 其他法律行政法规禁止公开: GI202."""
    m.s3_labels["deny.2"] = m.s3_labels["deny.2"].replace("法律行政法规", "法律法规")
    m.inject("row_label_term", ("GI202", 3, "deny.2"))


@defect("s3labels")
def row_label_typo(m: ReportModel, rnd: random.Random):
    """A section 三 row label with one character missing: GI202."""
    keys = [k for k, v in m.s3_labels.items() if len(v) >= 8 and k != "deny.2"]
    key = rnd.choice(keys)
    label = m.s3_labels[key]
    start = label.index(".") + 2 if "." in label[:3] else label.index("）") + 2 if label.startswith("（") else 3
    i = rnd.randrange(start, len(label) - 1)
    m.s3_labels[key] = label[:i] + label[i + 1:]
    m.inject("row_label_typo", ("GI202", 3, key))


@defect("s2labels")
def row_label_2021(m: ReportModel, rnd: random.Random):
    """规范性文件 in a 2021 table (行政规范性文件): GI202. Only for 2021+ reports."""
    if m.tpl.name != "2021":
        return
    for st in m.s2:
        st.rows = [(c, "规范性文件" if c == "行政规范性文件" else label, v) for c, label, v in st.rows]
    m.inject("row_label_2021", ("GI202", 2, "行政规范性文件"))


@defect("s2labels", "s2nums", "s3nums", "s3labels", "s4", "template")
def old_template(m: ReportModel, rnd: random.Random):
    """A 2021+ report in the 2019 template's tables: GI201 once; the tables are then checked
    against the 2019 template (so they hold nothing else)."""
    if m.year < 2021:
        return
    tpl = template_for(2020)
    m.tpl = tpl
    m.s2 = s2_tables(tpl, rnd, False)
    m.s3 = s3_numbers(tpl, rnd)
    m.s3_labels = {r.key: r.label for r in tpl.s3_rows}
    m.s4 = s4_numbers(rnd)
    m.inject("old_template", ("GI201", 2, None))


# ---------------------------------------------------------------------------- numbers (GI3xx)
def _s3_key(m: ReportModel, rnd: random.Random) -> str:
    return rnd.choice(list(m.s3))


def _retotal(m: ReportModel, *keys: str):
    for k in keys:
        m.s3[k][6] = str(sum(int(num(c)) for c in m.s3[k][:6]))


@defect("s3nums")
def wrong_row_total(m: ReportModel, rnd: random.Random):
    """A section 三 row's 总计 off by a few: GI302 (and whatever identity the total is in)."""
    key = _s3_key(m, rnd)
    m.s3[key][6] = str(int(num(m.s3[key][6])) + rnd.choice([1, 2, 10]))
    m.defects.append("wrong_row_total")


@defect("s3nums")
def wrong_outcome_total(m: ReportModel, rnd: random.Random):
    """（七）总计 off by one in an applicant column (its row total kept): GI303 and GI304 in that
    column."""
    col = rnd.randrange(6)
    m.s3["total"][col] = str(int(num(m.s3["total"][col])) + 1)
    _retotal(m, "total")
    m.defects.append("wrong_outcome_total")


@defect("s3nums")
def double_partial(m: ReportModel, rnd: random.Random):
    """（二）部分公开 counted twice into （七）总计 (and 本年新收 raised to balance): GI303 in that
    column and in 总计."""
    col = rnd.randrange(6)
    k = int(num(m.s3["partial"][col]))
    if k == 0:
        k = rnd.choice([1, 2, 3])
        for key in ("partial", "total", "new"):
            m.s3[key][col] = str(int(num(m.s3[key][col])) + k)
    for key in ("total", "new"):
        m.s3[key][col] = str(int(num(m.s3[key][col])) + k)
    _retotal(m, "partial", "total", "new")
    m.defects.append("double_partial")


@defect("s4")
def wrong_review_total(m: ReportModel, rnd: random.Random):
    """A section 四 group's 总计 wrong: GI305."""
    g = rnd.randrange(3)
    m.s4[g][4] = str(int(num(m.s4[g][4])) + rnd.choice([1, 3]))
    m.defects.append("wrong_review_total")


def _some_cell(m: ReportModel, rnd: random.Random):
    where = rnd.choice(["s2", "s3", "s3", "s4"])
    if where == "s3":
        row = m.s3[_s3_key(m, rnd)]
        return row, rnd.randrange(7)
    if where == "s4":
        row = m.s4[rnd.randrange(3)]
        return row, rnd.randrange(5)
    st = rnd.choice(m.s2)
    _c, _l, vals = rnd.choice(st.rows)
    return vals, rnd.randrange(len(vals))


@defect("s3nums", "s2nums", "s4")
def blank_cell(m: ReportModel, rnd: random.Random):
    """A data cell left blank: GI301 (and no sum over it)."""
    row, i = _some_cell(m, rnd)
    row[i] = ""
    m.defects.append("blank_cell")


@defect("s3nums", "s2nums", "s4")
def placeholder_cell(m: ReportModel, rnd: random.Random):
    """A data cell holding / or — or 无: GI301."""
    row, i = _some_cell(m, rnd)
    row[i] = rnd.choice(["/", "—", "无"])
    m.defects.append("placeholder_cell")


@defect("s1text", "s3nums")
def narrative_mismatch(m: ReportModel, rnd: random.Random):
    """Section 一 states another number of applications than the table: GI307."""
    if 1 not in m.order or num(m.s3["new"][6]) is None:
        return
    m.narrative_delta = rnd.choice([1, 2, 5])
    m.inject("narrative_mismatch", ("GI307", 1, None))


# ------------------------------------------------------------------------------ text (GI4–5xx)
def _period_line(m: ReportModel) -> int:
    return next(i for i, t in enumerate(m.preamble) if "统计期限" in t)


@defect("period")
def period_end(m: ReportModel, rnd: random.Random):
    """The statistics period ending 12月28日 (or 11月30日): GI401."""
    i = _period_line(m)
    m.preamble[i] = m.preamble[i].replace("12月31日", rnd.choice(["12月28日", "11月30日"]))
    m.inject("period_end", ("GI401", 0, None))


@defect("period")
def period_year(m: ReportModel, rnd: random.Random):
    """The statistics period of last year (copied): GI402 for both of its years."""
    i = _period_line(m)
    m.preamble[i] = m.preamble[i].replace(f"{m.year}年", f"{m.year - 1}年")
    m.inject("period_year", ("GI402", 0, None), ("GI402", 0, None))


@defect("body", "s2nums", "template")
def township_rules(m: ReportModel, rnd: random.Random):
    """A 镇/街道 reporting 规章 above zero: GI503 on the 规章 row."""
    body = rnd.choice(TOWNSHIPS)
    m.title = m.title.replace(m.body, body)
    m.signing = [body if t == m.body else t for t in m.signing]
    m.body = body
    st = m.s2[0]
    st.rows[0] = (st.rows[0][0], st.rows[0][1], [str(rnd.choice([1, 2, 9])) for _ in st.rows[0][2]])
    m.inject("township_rules", ("GI503", 2, st.rows[0][0]))


@defect("s1text")
def placeholder_text(m: ReportModel, rnd: random.Random):
    """A template placeholder left in section 一 (XX镇, ××县, 【…】): GI504."""
    if 1 not in m.order:
        return
    mark = rnd.choice(["XX镇", "××县", "【单位名称】"])
    m.paragraphs[1].insert(2, f"{mark}政务公开领导小组定期研究部署相关工作。")
    m.inject("placeholder_text", ("GI504", 1, None))


@defect("s1text")
def repeated_clause(m: ReportModel, rnd: random.Random):
    """A clause of section 一 written twice in a row, with its punctuation: GI501."""
    if 1 not in m.order:
        return
    clause = rnd.choice(["根据上级关于推进政务公开的工作部署，", "按照县委县政府的统一安排，",
                         "进一步提升政务公开质量，"])
    m.paragraphs[1].insert(3, clause * 2 + "本机关及时调整了政务公开工作领导小组。")
    m.inject("repeated_clause", ("GI501", 1, None))


@defect("preamble", "template")
def superseded_reference(m: ReportModel, rnd: random.Random):
    """A 2021+ report citing the superseded 2019 notice as its basis, by its number
    (国办公开办函〔2019〕60号) or by its title alone: GI206."""
    if m.year < 2021:
        return
    old = rnd.choice(["国办公开办函〔2019〕60号", "《关于政府信息公开工作年度报告有关事项的通知》"])
    m.preamble[0] = m.preamble[0].replace(m.tpl.document, old)
    m.inject("superseded_reference", ("GI206", 0, None))


@defect("period")
def period_damaged(m: ReportModel, rnd: random.Random):
    """The statistics period's dates with 年 (and maybe 月) lost in conversion: GI401."""
    i = _period_line(m)
    y = m.year
    if rnd.random() < 0.5:
        m.preamble[i] = m.preamble[i].replace(f"{y}年1月1日", f"{y}1月1日").replace(f"{y}年12月31日", f"{y}12月31日")
    else:
        m.preamble[i] = m.preamble[i].replace(f"{y}年1月1日", f"{y}11日").replace(f"{y}年12月31日", f"{y}1231日")
    m.inject("period_damaged", ("GI401", 0, None))


@defect("s1text")
def doubled_word(m: ReportModel, rnd: random.Random):
    """A short word written twice (关于关于) in section 一: GI501."""
    if 1 not in m.order:
        return
    m.paragraphs[1].insert(2, "按照上级关于关于做好政务公开工作的部署，逐项抓好落实。")
    m.inject("doubled_word", ("GI501", 1, None))


@defect("s1text")
def stale_year(m: ReportModel, rnd: random.Random):
    """A sentence of section 一 opening with a year three years back (copied text): GI404."""
    if 1 not in m.order:
        return
    m.paragraphs[1].insert(2, f"{m.year - 3}年，本机关共更新政务公开栏目12个。")
    m.inject("stale_year", ("GI404", 1, None))


@defect("title")
def title_without_government(m: ReportModel, rnd: random.Random):
    """…年信息公开工作年度报告 (政府 left out of the title): GI107."""
    m.title = m.title.replace(f"{m.year}年政府信息公开", f"{m.year}年信息公开")
    m.inject("title_without_government", ("GI107", 0, None))


@defect("preamble")
def report_name(m: ReportModel, rnd: random.Random):
    """The preamble calls the report …政府信息公开工作报告: GI108."""
    m.preamble.insert(1, f"现将本机关{m.year}年度政府信息公开工作报告公布如下。")
    m.inject("report_name", ("GI108", 0, None))


@defect("preamble", "template")
def citation_format(m: ReportModel, rnd: random.Random):
    """The format notice's 文号 or the 条例's name written wrongly: GI207."""
    doc = m.tpl.document
    wrong = rnd.choice([doc.replace("〔", "[").replace("〕", "]"), doc.replace("函", "涵"),
                        doc.replace("〕", ""), None])
    if wrong is None:
        m.preamble[0] = m.preamble[0].replace("中华人民共和国政府信息公开条例", "中华人民共和国信息公开条例")
    else:
        m.preamble[0] = m.preamble[0].replace(doc, wrong)
    m.inject("citation_format", ("GI207", 0, None))


# ------------------------------------------------------------------- more of the catalogue
@defect("s2labels", "template")
def column_label(m: ReportModel, rnd: random.Random):
    """A column header edited with the year (本年(2023)制发件数): GI203."""
    if m.tpl.name != "2021":
        return
    st = m.s2[0]
    st.header[1] = st.header[1].replace("本年", f"本年（{m.year}）")
    m.inject("column_label", ("GI203", 2, None))


@defect("s3labels", "s3nums")
def row_missing(m: ReportModel, rnd: random.Random):
    """A section 三 row left out (its figures were zero): GI204."""
    key = rnd.choice(["deny.7", "deny.8", "reject.3", "unable.2"])
    m.s3[key] = ["0"] * 7
    _retotal(m, key)
    m.omitted_rows.add(key)
    m.inject("row_missing", ("GI204", 3, None))


@defect("s3labels", "s3nums")
def row_unexpected(m: ReportModel, rnd: random.Random):
    """A row the template does not have, written among the outcomes: GI205."""
    m.extra_rows["（八）其他情形"] = ["0"] * 7
    m.inject("row_unexpected", ("GI205", 3, "（八）其他情形"))


@defect("s2nums")
def unit_in_cell(m: ReportModel, rnd: random.Random):
    """A figure written with its unit (12000元 in a 万元 column): GI306 (GI301 may come too)."""
    for st in m.s2:
        for canon, _label, vals in st.rows:
            for i, kind in enumerate(st.kinds):
                if kind == "money":
                    vals[i] = f"{rnd.choice([1200, 7399700, 35])}元"
                    m.inject("unit_in_cell", ("GI306", 2, canon))
                    m.allowed.add(("GI301", 2, canon))
                    return


@defect("s5")
def conversion_artifact(m: ReportModel, rnd: random.Random):
    """A leftover of conversion in section 五 ([bookmark: _GoBack], &nbsp;): GI502."""
    mark = rnd.choice(["[bookmark: _GoBack]", "&nbsp;", "<br/>"])
    m.paragraphs[5][0] = m.paragraphs[5][0] + mark
    m.inject("conversion_artifact", ("GI502", 5, None))


@defect("s2labels", "s2nums", "template")
def subtable_missing(m: ReportModel, rnd: random.Random):
    """One 第二十条 sub-table left out of section 二: GI105."""
    k = rnd.randrange(1, len(m.s2))
    del m.s2[k]
    m.inject("subtable_missing", ("GI105", 2, None))


@defect("s2labels", "s2nums", "s3nums", "s3labels", "s4", "template", "structure", "s1text")
def tables_as_images(m: ReportModel, rnd: random.Random):
    """The tables were images: headings 二, 三, 四 with nothing under them. GI105 once per section
    (not once per sub-table); GI106 may come as well."""
    m.tables_shown.clear()
    for n in (2, 3, 4):
        m.inject("tables_as_images", ("GI105", n, None))
        m.allowed.add(("GI106", n, None))
    m.defects[-3:] = ["tables_as_images"]


def inject_some(m: ReportModel, rnd: random.Random, k: int) -> ReportModel:
    """Up to k defects with no slot in common, drawn at random."""
    names = list(DEFECTS)
    rnd.shuffle(names)
    used: set = set()
    for name in names:
        if len(m.defects) >= k:
            break
        slots, fn = DEFECTS[name]
        if slots & used:
            continue
        before = len(m.defects)
        fn(m, rnd)
        if len(m.defects) > before:
            used |= slots
    return m

