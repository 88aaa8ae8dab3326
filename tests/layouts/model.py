"""A report as data, built from the national templates (gilint.templates, i.e.
rules/national/template-*.toml: headings, sub-tables, rows, columns, identities), and the
findings a correct linter reports on it.

The model holds what a clerk writes: title, preamble, six sections (headings as written, in the
order written), paragraphs, the tables of 二/三/四 as cell texts, a signing block. Every number
is a string as printed, so a defect may make it blank, a placeholder or a wrong total.

``expected()`` derives the findings from the model itself — the identities of the template
evaluated on the printed numbers (rules.md: GI301–GI305, skipped where a term is not a plain
number, as the rules do) and the findings each injected defect declared (tests/layouts/defects.py)
— as (code, section, row): the section number (0 for title and preamble, 7 for the closing), and
for a table finding the row (section 三's template key, section 二's canonical row label,
"review" for section 四's one data row), else None.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import regex

from gilint.packs import default_config
from gilint.templates import Template

CN = "〇一二三四五六七八九"
# Codes reported on a whole table or section rather than one row (their row is not compared).
TABLE_LEVEL = {"GI001", "GI105", "GI201", "GI204"}

# (name, level as gilint infers it from the name); the first group may not make 规章.
BODIES_NO_RULES = ["柳泉镇人民政府", "洄水镇人民政府", "吴村镇人民政府", "城西街道办事处",
                   "沭阳县发展和改革局", "洪泽区教育局", "沭阳县人民政府", "洪泽区人民政府"]
BODIES_RULES = ["淮安市人民政府"]
TOWNSHIPS = BODIES_NO_RULES[:4]

# Body text that triggers nothing: no figure, no period, no repetition, no placeholder.
SENTENCES = [
    "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
    "围绕重点领域信息公开，及时发布财政预决算、重大建设项目和公共资源配置信息。",
    "严格落实公开属性源头认定机制，对拟公开的文件逐件进行保密审查。",
    "依托门户网站和政务新媒体，丰富政策解读形式，回应社会关切。",
    "规范依申请公开办理流程，做到登记、审核、答复全程留痕。",
    "加强政府信息管理，对已公开的规范性文件进行清理并动态更新。",
    "完善政务公开平台栏目设置，提升信息发布的准确性和时效性。",
    "将政务公开工作纳入年度绩效考核，强化监督检查和责任落实。",
    "组织业务培训，提升工作人员的政策水平和业务能力。",
    "畅通群众咨询渠道，认真答复网民留言，提高服务质量。",
]
PROBLEMS = [
    "一是部分栏目更新不够及时；二是政策解读形式较为单一。",
    "信息公开的及时性和全面性仍有提升空间，依申请公开答复的规范化水平有待提高。",
]
IMPROVE = [
    "下一步，将加强栏目日常维护，建立信息发布提醒机制，丰富图文、视频等解读形式。",
    "今后将进一步健全工作制度，加强业务培训，持续提升政务公开工作质量。",
]
NARRATIVE = "全年共收到政府信息公开申请{n}件，均在法定期限内予以答复。"
SIXTH = ["本年度未收取信息处理费。", "无。", "本机关未发生收取信息处理费的情况，无其他需要报告的事项。"]


def templates() -> tuple[Template, ...]:
    return default_config().templates


def template_for(year: int) -> Template:
    return default_config().template_for_year(year)


def is_number(text: str) -> bool:
    return bool(regex.fullmatch(r"-?\d+(?:\.\d+)?", text.strip()))


def num(text: str) -> float | None:
    return float(text) if is_number(text) else None


@dataclass
class SubTableModel:
    item: str
    header: list[str]             # 信息内容 and the column labels as written
    kinds: tuple[str, ...]
    rows: list[tuple[str, str, list[str]]]   # (canonical label, label as written, values)


@dataclass
class ReportModel:
    tpl: Template                 # the template the tables follow
    year: int
    body: str
    title: str
    preamble: list[str]
    headings: dict[int, str]      # section number → heading as written
    order: list[int]              # the sections present, in the order written
    paragraphs: dict[int, list[str]]
    s2: list[SubTableModel]
    s3_labels: dict[str, str]     # row key → label as written
    s3: dict[str, list[str]]      # row key → the seven cells (six applicant columns, 总计)
    s4: list[list[str]]           # three groups × 结果维持 结果纠正 其他结果 尚未审结 总计
    signing: list[str] = field(default_factory=list)
    tables_shown: set = field(default_factory=lambda: {2, 3, 4})
    narrative_delta: int = 0      # the figure section 一 states minus the table's 本年新收 总计
    injected: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    allowed: set = field(default_factory=set)            # findings that may, not must, come
    omitted_rows: set = field(default_factory=set)       # section 三 rows left out of the table
    extra_rows: dict = field(default_factory=dict)       # rows the template lacks: label → cells
    defects: list[str] = field(default_factory=list)     # names of the defects injected

    # -------------------------------------------------------------- the findings it must cause
    def expected(self) -> Counter:
        out = Counter(self.injected)
        if 3 in self.order and 3 in self.tables_shown:
            out.update(self._s3_findings())
        if 4 in self.order and 4 in self.tables_shown:
            for g in self.s4:
                vals = [num(c) for c in g]
                if all(v is not None for v in vals) and abs(sum(vals[:4]) - vals[4]) > 1e-9:
                    out[("GI305", 4, "review")] += 1
            if any(num(c) is None for g in self.s4 for c in g):
                out[("GI301", 4, "review")] += 1
        if 2 in self.order and 2 in self.tables_shown:
            for st in self.s2:
                for canon, _label, vals in st.rows:
                    if any(not _valid(v, k) and not UNIT.fullmatch(v) for v, k in zip(vals, st.kinds)):
                        out[("GI301", 2, canon)] += 1
        return out

    def _s3_findings(self):
        tpl, s3 = self.tpl, self.s3
        out = []
        for key, cells in s3.items():
            if any(num(c) is None or num(c) < 0 or num(c) != int(num(c)) for c in cells):
                out.append(("GI301", 3, key))
                continue
            v = [num(c) for c in cells]
            if abs(sum(v[:6]) - v[6]) > 1e-9:
                out.append(("GI302", 3, key))
        spec = tpl.s3_outcome_total
        terms = tpl.s3_keys(spec["terms"])
        left, right = tpl.s3_balance["left"], tpl.s3_balance["right"]
        for col in range(7):
            t = [num(s3[k][col]) for k in terms]
            tot = num(s3[spec["total"]][col])
            if None not in t and tot is not None and abs(sum(t) - tot) > 1e-9:
                out.append(("GI303", 3, spec["total"]))
            lv = [num(s3[k][col]) for k in left]
            rv = [num(s3[k][col]) for k in right]
            if None not in lv + rv and abs(sum(lv) - sum(rv)) > 1e-9:
                out.append(("GI304", 3, right[0]))
        return out

    def paragraph(self, text: str) -> str:
        """A paragraph as written: the narrative figure filled in from the table as printed."""
        if text == NARRATIVE:
            n = num(self.s3["new"][6])
            return text.format(n=int(n if n is not None else 0) + self.narrative_delta)
        return text

    def inject(self, name: str, *expect: tuple):
        self.defects.append(name)
        self.injected.extend(expect)


UNIT = regex.compile(r"\d+(?:\.\d+)?(?:元|万元)")


def _valid(text: str, kind: str) -> bool:
    v = num(text)
    if v is None:
        return False
    if kind == "signed":
        return v == int(v)
    if kind == "money":
        return v >= 0
    return v >= 0 and v == int(v)


# ------------------------------------------------------------------------- building a model
def s3_numbers(tpl: Template, rnd: random.Random, busy: float = 0.3) -> dict[str, list[str]]:
    """Section 三 with every identity holding: outcomes per applicant column drawn at random,
    总计 and the balance rows derived."""
    keys = [r.key for r in tpl.s3_rows]
    outcome = tpl.s3_keys(tpl.s3_outcome_total["terms"])
    cols = [[0] * 6 for _ in keys]
    idx = {k: i for i, k in enumerate(keys)}
    for col in range(6):
        active = rnd.random() < (0.9 if col == 0 else busy)
        for k in outcome:
            if active and rnd.random() < 0.35:
                cols[idx[k]][col] = rnd.choice([1, 1, 2, 3, 5, 8, 13, 27])
        total = sum(cols[idx[k]][col] for k in outcome)
        cols[idx["total"]][col] = total
        carried_out = rnd.choice([0, 0, 0, 1, 2]) if active else 0
        carried_in = rnd.choice([0, 0, 1, 2])
        carried_in = min(carried_in, total + carried_out)
        cols[idx["carried_out"]][col] = carried_out
        cols[idx["carried_in"]][col] = carried_in
        cols[idx["new"]][col] = total + carried_out - carried_in
    return {k: [str(v) for v in cols[idx[k]]] + [str(sum(cols[idx[k]]))] for k in keys}


def s2_tables(tpl: Template, rnd: random.Random, rules_ok: bool) -> list[SubTableModel]:
    out = []
    for st in tpl.s2_subtables:
        rows = []
        for label in st.rows:
            vals = []
            for kind in st.kinds:
                if label in tpl.rule_making_rows and not rules_ok:
                    vals.append("0")
                elif kind == "money":
                    vals.append(rnd.choice(["0", "0", "1.5", "12.36", "3"]))
                elif kind == "signed":
                    vals.append(str(rnd.choice([0, 0, 1, -1, 2, -3])))
                else:
                    vals.append(str(rnd.choice([0, 0, 1, 3, 12, 45, 120])))
            rows.append((label, label, vals))
        out.append(SubTableModel(st.item, [tpl.s2_header_first, *st.columns], st.kinds, rows))
    return out


def s4_numbers(rnd: random.Random) -> list[list[str]]:
    out = []
    for _ in range(3):
        v = [rnd.choice([0, 0, 0, 1, 2, 3]) for _ in range(4)]
        out.append([str(x) for x in v] + [str(sum(v))])
    return out


def build(seed: int | random.Random, year: int | None = None, body: str | None = None) -> ReportModel:
    """A clean report: every identity holds, every heading and label is the template's."""
    rnd = seed if isinstance(seed, random.Random) else random.Random(seed)
    year = year or rnd.choice([2019, 2020, 2021, 2022, 2023, 2024])
    body = body or rnd.choice(BODIES_NO_RULES + BODIES_RULES)
    tpl = template_for(year)
    s3 = s3_numbers(tpl, rnd)
    model = ReportModel(
        tpl=tpl, year=year, body=body,
        title=f"{body}{year}年政府信息公开工作年度报告",
        preamble=[f"本报告根据《中华人民共和国政府信息公开条例》和{tpl.document}要求编制。",
                  f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"],
        headings={s.number: s.heading for s in tpl.sections},
        order=[s.number for s in tpl.sections],
        paragraphs={}, s2=s2_tables(tpl, rnd, body in BODIES_RULES),
        s3_labels={r.key: r.label for r in tpl.s3_rows}, s3=s3, s4=s4_numbers(rnd),
    )
    one = rnd.sample(SENTENCES, 3)
    model.paragraphs = {
        1: [f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，{one[0]}",
            NARRATIVE,
            one[1], one[2]],
        2: [], 3: [], 4: [],
        5: [rnd.choice(PROBLEMS), rnd.choice(IMPROVE)],
        6: [rnd.choice(SIXTH)],
    }
    if rnd.random() < 0.6:
        model.signing = [body, f"{year + 1}年1月{rnd.randint(5, 25)}日"]
    return model


def cn_numeral(n: int) -> str:
    return CN[n] if n < 10 else "十" + (CN[n - 10] if n > 10 else "")
