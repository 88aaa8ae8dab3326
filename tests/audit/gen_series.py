"""Multi-year report series for the audit tests, with injected GI6xx defects.

Bodies (townships, a county government and its departments) report 2019–2025 in the layouts
of tests/rules/make_bases.py (tab rows, Markdown, pipe tables, Word cells); figures are
consistent across years (二、上年结转 = last year's 四、结转下年度继续办理; 现行有效件数 moves
by 制发 − 废止 within the 2021 template; the county government's table 三 is the sum of its
departments' plus its own), prose is drawn at random per body and year around shared
boilerplate. ``build(out_dir, defects)`` writes the files and a manifest and returns what
each injected defect must produce: [(code, path, related_path)].

    python tests/audit/gen_series.py OUT_DIR [--bodies N] [--clean]
"""
from __future__ import annotations

import csv
import importlib.util
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("make_bases", HERE.parent / "rules" / "make_bases.py")
mb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mb)

YEARS = range(2019, 2026)
LAYOUTS = ("tabs", "markdown", "pipes", "cells")
S3_KEYS = ["new", "carried_in", "open", "partial"] + [f"deny.{i}" for i in range(1, 9)] + \
    [f"unable.{i}" for i in range(1, 4)] + [f"reject.{i}" for i in range(1, 6)] + ["OTHER", "total", "carried_out"]
OUTCOMES = ["open", "partial", "deny.4", "unable.1", "reject.2", "other"]
# Sentences every body writes (the corpus's boilerplate) and stock phrases of the pack.
BOILER_1 = ["坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署",
            "严格落实政府信息公开工作各项要求，持续提升政务公开质量和实效，切实保障人民群众的知情权、参与权、表达权和监督权"]
BOILER_5 = ["对照上级政务公开工作要点和考核评估指标，在政务公开工作中仍存在一些薄弱环节和不足之处",
            "下一步将认真贯彻落实上级关于政务公开的各项部署要求，进一步压实工作责任，健全完善工作机制，推动政务公开工作再上新台阶",
            "同时加强对政务公开工作人员的业务指导和教育培训，切实提高依法公开意识和业务能力水平"]
VERBS = ["加强", "深化", "完善", "健全", "推进", "落实", "规范", "优化", "强化", "拓展", "提升", "创新", "统筹", "夯实"]
TOPICS = ["政策解读回应", "重点领域公开", "基层标准目录", "网站集约平台", "申请受理答复", "发布前保密审查", "新媒体账号管理",
          "预决算信息发布", "权力清单运行", "公共企事业单位办事公开", "民生实事项目", "热线诉求办理", "档案移交", "会议开放",
          "建议提案办理", "征收补偿信息", "安全生产监管", "乡村振兴项目", "医保救助政策", "义务教育招生"]
MEANS = ["专班调度", "月度通报", "交叉互查", "台账销号", "专题培训", "第三方评估", "群众满意度回访", "以案促改",
         "清单化管理", "闭环督办", "一网通办", "线上线下融合", "政务开放日", "点单式公开"]
PLACES = ["茶园", "渔港", "矿区", "林场", "工业园", "古镇", "湿地", "高铁站", "物流园", "社区", "集镇", "灌区"]


@dataclass
class Body:
    name: str
    level: str
    parent: str | None = None
    years: list = field(default_factory=lambda: list(YEARS))


def _prose_sentence(rnd: random.Random) -> str:
    n = rnd.randint(3, 60)
    site = rnd.choice(SYLLABLES) + rnd.choice(SYLLABLES) + rnd.choice(PLACES)   # a place of its own
    return (f"{rnd.choice(VERBS)}{rnd.choice(TOPICS)}，通过{rnd.choice(MEANS)}和{rnd.choice(MEANS)}，"
            f"围绕{site}{rnd.choice(TOPICS)}开展工作{n}次")


def s3_series(rnd: random.Random, years, scale: int = 6) -> dict:
    """year → {key: [six applicant columns]}: balanced each year, carried consistently."""
    out, carried = {}, [rnd.randint(0, 2), 0, 0, 0, 0, 0]
    for y in years:
        new = [rnd.randint(0, scale), rnd.randint(0, 2), 0, 0, rnd.randint(0, 1), 0]
        left = [rnd.randint(0, min(2, a + b)) for a, b in zip(new, carried)]
        rows = {k: [0] * 6 for k in S3_KEYS if k not in ("OTHER", "total")}
        rows["other"] = [0] * 6
        rows["new"], rows["carried_in"], rows["carried_out"] = new, list(carried), left
        for c in range(6):
            handled = new[c] + carried[c] - left[c]
            while handled:
                k = rnd.choice(OUTCOMES)
                rows[k][c] += 1
                handled -= 1
        out[y] = rows
        carried = left
    return out


def s2_series(rnd: random.Random, years) -> dict:
    """year → (made, repealed, stock) of 行政规范性文件 (2021 template: stock carried) and the
    2019 template's (made, published, total), deliberately unrelated to the 2021 stock."""
    out, stock = {}, rnd.randint(5, 30)
    for y in years:
        if y <= 2020:
            made = rnd.randint(0, 5)
            out[y] = (made, made, rnd.randint(40, 90))   # 对外公开总数量: another measure
        else:
            made = rnd.randint(0, 6)
            rep = min(rnd.randint(0, 3), stock + made)
            stock = stock + made - rep
            out[y] = (made, rep, stock)
    return out


def _fix_stock(s2: dict, year: int, delta: int) -> None:
    """Shift the 2021-template stock from ``year`` on (a single break at ``year``)."""
    for y in sorted(s2):
        if y >= year and y >= 2021:
            m, r, s = s2[y]
            s2[y] = (m, r, s + delta)


def render(body: Body, year: int, layout: str, s3: dict, s2: tuple, prose: dict, signed: str) -> str:
    """The report text in a layout of make_bases (its tables and prose set from our data)."""
    tpl = mb.tpl(year)
    made, b, c = s2
    saved = (mb.S2, mb.S3, mb.OTHER, mb.S4, mb.prose)
    try:
        s2_tables = [list(x) for x in saved[0][tpl]]
        item, cols, rows = s2_tables[0]
        s2_tables[0] = (item, cols, [(rows[0][0], ["0", "0", "0"]), (rows[1][0], [str(made), str(b), str(c)])])
        mb.S2 = {tpl: s2_tables}
        table = []
        for (g, sg, label, _), key in zip([r for r in saved[1] if r != ("OTHER",)],
                                          [k for k in S3_KEYS if k != "OTHER"]):
            table.append((g, sg, label, _row(s3[key]) if key != "total" else None))
        total = [sum(s3[k][c] for k in s3 if k not in ("new", "carried_in", "carried_out")) for c in range(6)]
        table = [(g, sg, label, v if v is not None else _row(total)) for g, sg, label, v in table]
        other = saved[2][tpl]
        if tpl == 2021:
            other = [(g, sg, label, _row(s3["other"] if i == 2 else [0] * 6)) for i, (g, sg, label, _) in enumerate(other)]
        else:
            other = [(g, sg, label, _row(s3["other"])) for g, sg, label, _ in other]
        at = next(i for i, r in enumerate(table) if r[2] == "（七）总计")
        mb.S3 = table[:at] + [("OTHER",)] + table[at:]
        mb.OTHER = {tpl: other}
        mb.S4 = ["0"] * 15
        mb.prose = lambda *_: prose
        basis = "国办公开办函〔2021〕30号" if tpl == 2021 else "国办公开办函〔2019〕60号"
        if layout == "cells":
            return mb.render_cells(year, body.name, basis)
        return mb.render_tabs(year, body.name, basis, md=layout != "tabs", pipe=layout == "pipes")
    finally:
        mb.S2, mb.S3, mb.OTHER, mb.S4, mb.prose = saved


def _row(six) -> list[str]:
    return [str(v) for v in six] + [str(sum(six))]


def make_prose(rnd: random.Random, body: Body, year: int, signed: str) -> dict:
    return {
        "title": f"{body.name}{year}年政府信息公开工作年度报告",
        "preamble": [f"本报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
                     f"（{'国办公开办函〔2021〕30号' if year >= 2021 else '国办公开办函〔2019〕60号'}）编制。"
                     f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"],
        1: ["。".join(BOILER_1 + [_prose_sentence(rnd) for _ in range(5)]) + "。"],
        5: ["。".join([_prose_sentence(rnd) for _ in range(2)] + BOILER_5) + "。"],
        6: ["本年度未收取信息处理费。"],
        "closing": [body.name, signed],
    }


def corpus_bodies(n_townships: int = 5) -> list[Body]:
    gov = Body("青石县人民政府", "county-government")
    units = [Body("青石县教育局", "county-department", gov.name),
             Body("青石县民政局", "county-department", gov.name)]
    towns = [Body(f"{p}镇人民政府", "township") for p in ["白沙", "柳河", "东坝", "南湖", "金桥", "双龙", "望江", "红星",
                                                         "新集", "高桥", "梅园", "石门"][:n_townships]]
    return [gov, *units, *towns]


def build(out_dir, defects: bool = True, seed: int = 7, n_townships: int = 5):
    """Write the series (and manifest.csv); return the expected GI6xx findings as
    (code, path relative to out_dir, related path or None)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    bodies = corpus_bodies(n_townships)
    gov, units, towns = bodies[0], bodies[1:3], bodies[3:]
    s3 = {b.name: s3_series(rnd, YEARS) for b in bodies}
    for y in YEARS:   # the government's table: its own figures plus its departments'
        for k in s3[gov.name][y]:
            s3[gov.name][y][k] = [a + sum(s3[u.name][y][k][c] for u in units)
                                  for c, a in enumerate(s3[gov.name][y][k])]
    s2 = {b.name: s2_series(rnd, YEARS) for b in bodies}
    prose = {(b.name, y): make_prose(rnd, b, y, f"{y + 1}年1月{rnd.randint(10, 28)}日") for b in bodies for y in YEARS}
    expected = []
    manifest = [("path", "body", "year", "level", "parent")]

    def fname(b, y):
        return f"{b.name}/{y}.{'md' if _layout(b, y) in ('markdown', 'pipes') else 'txt'}"

    def _layout(b, y):
        return LAYOUTS[(bodies.index(b) + y) % len(LAYOUTS)]

    if defects:
        t0, t1, t2, t3, t4 = towns[:5]
        # GI601 across the template change: 2021's 上年结转 ≠ 2020's 结转下年度 (自然人), kept balanced
        r = s3[t0.name][2021]
        r["carried_in"][0] += 2
        r["open"][0] += 2
        expected.append(("GI601", fname(t0, 2021), fname(t0, 2020)))
        # GI601 in the 2021 template years
        r = s3[t1.name][2024]
        r["carried_in"][0] += 1
        r["open"][0] += 1
        expected.append(("GI601", fname(t1, 2024), fname(t1, 2023)))
        # GI602: a break of the stock in 2023
        _fix_stock(s2[t2.name], 2023, 7)
        expected.append(("GI602", fname(t2, 2023), fname(t2, 2022)))
        # GI603: a body's 五 copied from its own previous report (figures changed)
        prose[(t3.name, 2022)][5] = [prose[(t3.name, 2021)][5][0].replace("次", "余次")]
        expected.append(("GI603", fname(t3, 2022), fname(t3, 2021)))
        # GI603: another body's 一 of the same year, its name replaced: both are reported
        src = prose[(t1.name, 2020)][1][0]
        prose[(t4.name, 2020)][1] = [src.replace(t1.name, t4.name)]
        expected += [("GI603", fname(t4, 2020), fname(t1, 2020)), ("GI603", fname(t1, 2020), fname(t4, 2020))]
        # GI604: a department's figures above the government's in 2022
        r = s3[units[0].name][2022]
        r["new"][1] += 50
        r["open"][1] += 50
        expected.append(("GI604", fname(gov, 2022), fname(units[0], 2022)))
        # GI605: a gap (t2 has no 2020 report) and an expected report the corpus lacks
        t2.years = [y for y in YEARS if y != 2020]
        expected.append(("GI605", "manifest.csv", fname(t2, 2019)))
        t0.years = [y for y in YEARS if y != 2025]
        manifest.append(("", t0.name, "2025", "township", ""))
        expected.append(("GI605", "manifest.csv", fname(t0, 2024)))
    for b in bodies:
        for y in b.years:
            p = out / fname(b, y)
            p.parent.mkdir(parents=True, exist_ok=True)
            text = render(b, y, _layout(b, y), s3[b.name][y], s2[b.name][y], prose[(b.name, y)],
                          prose[(b.name, y)]["closing"][1])
            p.write_text(text, encoding="utf-8")
            if b.parent:
                manifest.append((fname(b, y), b.name, str(y), b.level, b.parent))
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(manifest)
    return expected


if __name__ == "__main__":
    args = sys.argv[1:]
    n = int(args[args.index("--bodies") + 1]) if "--bodies" in args else 5
    for e in build(args[0], defects="--clean" not in args, n_townships=n):
        print(*e)


SYLLABLES = "青白柳东南金双望红新高梅石清永长安凤黄河云龙泉松桃杏枫竹兰荷花溪湖山岭坪岗塘桥湾沟港洲岛滩峰谷川原庄营店集"


def build_many(out_dir, n_reports: int, seed: int = 1) -> int:
    """A clean corpus of about ``n_reports`` reports: townships with 7-year series, in every
    layout (for the benchmark). Returns the number of files written."""
    out = Path(out_dir)
    rnd = random.Random(seed)
    n_bodies = max(1, n_reports // len(YEARS))
    names = [a + b for a in SYLLABLES for b in SYLLABLES if a != b]
    rnd.shuffle(names)
    written = 0
    for i, name in enumerate(names[:n_bodies]):
        b = Body(f"{name}镇人民政府", "township")
        s3, s2 = s3_series(rnd, YEARS), s2_series(rnd, YEARS)
        (out / b.name).mkdir(parents=True, exist_ok=True)
        for y in YEARS:
            layout = LAYOUTS[(i + y) % len(LAYOUTS)]
            prose = make_prose(rnd, b, y, f"{y + 1}年1月{rnd.randint(10, 28)}日")
            text = render(b, y, layout, s3[y], s2[y], prose, prose["closing"][1])
            ext = "md" if layout in ("markdown", "pipes") else "txt"
            (out / b.name / f"{y}.{ext}").write_text(text, encoding="utf-8")
            written += 1
    return written
