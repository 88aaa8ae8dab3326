"""The audit dashboard: a static, self-contained HTML folder (opens from file://).

``DIR/index.html`` (overview by rule, body level and year; bodies; unreadable files) links to
one page per rule (``rule-GI601.html``: every finding of that rule), per body
(``body-N.html``: the series, key figures by year as inline SVG charts, gaps and the 2020 → 2021
template change marked) and per report (``report-N.html``: its findings and its tables as
read). No script, no external resource: a Content-Security-Policy forbids any network access,
and every string from a document or the manifest goes through ``esc`` (reports are untrusted).
"""
from __future__ import annotations

import html
import multiprocessing as mp
import sqlite3
import os
from collections import defaultdict

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:2px 6px;font-size:14px}
th{background:#eee}.error{color:#b00}.warning{color:#a60}.info{color:#06c}nav a{margin-right:1em}
.num{text-align:right}svg{background:#fafafa;border:1px solid #ddd;margin:4px}
"""
LEVELS = {"township": "乡镇/街道", "county-government": "县级政府", "county-department": "县级部门",
          "city": "市级", "province": "省级", "state-council-department": "国务院部门", None: "未识别"}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
# Key figures of a series: (title, kind, row key, column number, template or None for both).
FIGURES = [("本年新收政府信息公开申请（总计）", "section3", "new", 6, None),
           ("结转下年度继续办理（总计）", "section3", "carried_out", 6, None),
           ("行政复议（总计）", "section4", None, 4, None)]


def esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<title>{esc(title)}</title><style>{STYLE}</style></head><body>'
            f'<nav><a href="index.html">总览</a></nav><h1>{esc(title)}</h1>{body}</body></html>\n')


def _write(out_dir: str, name: str, text: str) -> None:
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(text)


def _finding_rows(rows, show_report=True) -> str:
    out = ["<table><tr><th>#</th><th>规则</th><th>级别</th><th>报告</th><th>位置</th><th>说明</th><th>相关报告</th></tr>"]
    for fid, code, name, sev, msg, path, line, col, rid, rel_path, rel_id in rows:
        rep = (f'<a href="report-{rid}.html#f-{fid}">{esc(path)}</a>' if rid and show_report
               else esc(path))
        rel = (f'<a href="report-{rel_id}.html">{esc(rel_path)}</a>' if rel_id else esc(rel_path or ""))
        out.append(f'<tr id="f-{fid}" data-finding="{fid}"><td>{fid}</td>'
                   f'<td><a href="rule-{esc(code)}.html">{esc(code)}</a> {esc(name)}</td>'
                   f'<td class="{esc(sev)}">{esc(SEVERITY.get(sev, sev))}</td><td>{rep}</td>'
                   f'<td>{esc(line)}:{esc(col)}</td><td>{esc(msg)}</td><td>{rel}</td></tr>')
    out.append("</table>")
    return "".join(out)


F_COLS = ('f.id, f.code, f.name, f.severity, f.message, f.path, f.line, f."column", f.report_id, '
          'f.related_path, f.related_report_id')


def write_dashboard(con, out_dir: str, db_file: str, jobs: int = 1) -> None:
    bodies = [b for (b,) in con.execute("SELECT DISTINCT body FROM series ORDER BY body")]
    body_no = {b: i for i, b in enumerate(bodies, 1)}
    _overview(con, out_dir, body_no)
    _rules(con, out_dir)
    _bodies(con, out_dir, body_no)
    n = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    if jobs <= 1 or n < 200:
        _reports(con, out_dir, body_no)
        return
    # the report pages (most of the work) in ``jobs`` processes, each reading the database
    with mp.get_context("fork").Pool(jobs) as pool:
        pool.starmap(_report_part, [(db_file, out_dir, body_no, i, jobs) for i in range(jobs)])


def _report_part(db_file, out_dir, body_no, part, parts) -> None:
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        _reports(con, out_dir, body_no, part, parts)
    finally:
        con.close()


def _overview(con, out_dir, body_no) -> None:
    n_rep, n_bad = con.execute("SELECT SUM(status='ok'), SUM(status='error') FROM reports").fetchone()
    parts = [f"<p>报告 {n_rep or 0} 份；无法读取 {n_bad or 0} 份；问题 "
             f"{con.execute('SELECT COUNT(*) FROM findings').fetchone()[0]} 条。</p>",
             "<h2>按规则</h2><table><tr><th>规则</th><th>名称</th><th>级别</th><th>数量</th></tr>"]
    for code, name, sev, n in con.execute(
            "SELECT code, name, severity, COUNT(*) FROM findings GROUP BY code, name, severity ORDER BY code"):
        parts.append(f'<tr><td><a href="rule-{esc(code)}.html">{esc(code)}</a></td><td>{esc(name)}</td>'
                     f'<td class="{esc(sev)}">{esc(SEVERITY.get(sev, sev))}</td><td class="num">{n}</td></tr>')
    parts.append("</table><h2>按机关层级和年度</h2>")
    grid = defaultdict(int)
    years = set()
    for level, year, n in con.execute(
            "SELECT r.level, COALESCE(r.year, f.year), COUNT(*) FROM findings f "
            "LEFT JOIN reports r ON r.id = f.report_id GROUP BY 1, 2"):
        grid[(level, year)] += n
        years.add(year)
    ys = sorted(years, key=lambda y: (y is None, y or 0))
    parts.append("<table><tr><th>层级</th>" + "".join(f"<th>{esc(y if y else '未识别')}</th>" for y in ys) + "</tr>")
    for level in sorted({lv for lv, _ in grid}, key=lambda x: (x is None, x or "")):
        parts.append(f"<tr><td>{esc(LEVELS.get(level, level))}</td>" +
                     "".join(f'<td class="num">{grid.get((level, y), 0)}</td>' for y in ys) + "</tr>")
    parts.append("</table><h2>机关（按系列）</h2><table><tr><th>机关</th><th>层级</th><th>年度</th><th>问题</th></tr>")
    for body, level, yrs, n in con.execute(
            "SELECT s.body, MAX(s.level), GROUP_CONCAT(DISTINCT s.year), "
            "(SELECT COUNT(*) FROM findings f WHERE f.body = s.body) FROM series s GROUP BY s.body ORDER BY s.body"):
        parts.append(f'<tr><td><a href="body-{body_no[body]}.html">{esc(body)}</a></td>'
                     f'<td>{esc(LEVELS.get(level, level))}</td>'
                     f'<td>{esc(",".join(sorted(set((yrs or "").split(",")))))}</td><td class="num">{n}</td></tr>')
    parts.append("</table>")
    other = list(con.execute("SELECT id, path, status, error FROM reports WHERE status='error' "
                             "OR body IS NULL OR year IS NULL ORDER BY path"))
    if other:
        parts.append("<h2>无法读取或未识别机关/年度的文件</h2><table><tr><th>文件</th><th>情况</th></tr>")
        for rid, path, status, error in other:
            what = f"无法读取：{error}" if status == "error" else "未识别机关或年度"
            link = f'<a href="report-{rid}.html">{esc(path)}</a>' if status == "ok" else esc(path)
            parts.append(f"<tr><td>{link}</td><td>{esc(what)}</td></tr>")
        parts.append("</table>")
    _write(out_dir, "index.html", page("政府信息公开工作年度报告审计", "".join(parts)))


def _rules(con, out_dir) -> None:
    for (code,) in list(con.execute("SELECT DISTINCT code FROM findings")):
        rows = con.execute(f"SELECT {F_COLS} FROM findings f WHERE f.code=? ORDER BY f.path, f.line, f.id", (code,))
        _write(out_dir, f"rule-{code}.html", page(f"规则 {code}", _finding_rows(rows)))


def _figures(con) -> dict:
    """report id → {figure title: value} (one scan of the cells)."""
    out = defaultdict(dict)
    cond = " OR ".join("(kind=? AND col_no=? AND " + ("row_key=?)" if key else "row_no=0)") for _, _, key, _, _ in FIGURES)
    args = [x for _, kind, key, col, _ in FIGURES for x in ((kind, col, key) if key else (kind, col))]
    which = {(kind, key or None, col): title for title, kind, key, col, _ in FIGURES}
    for rid, kind, key, row_no, col, v in con.execute(
            f"SELECT report_id, kind, row_key, row_no, col_no, value FROM cells WHERE {cond}", args):
        title = which.get((kind, key, col)) or which.get((kind, None, col))
        if v is not None and title:
            out[rid].setdefault(title, v)
    return out


def chart(title: str, points: dict[int, float], years: range) -> str:
    """An inline SVG line chart; the line breaks where a year has no value; a dashed line marks
    the 2020 → 2021 template change."""
    w, h, pad = 360, 140, 30
    if not points:
        return ""
    top = max(max(points.values()), 1)
    n = max(len(years) - 1, 1)

    def x(y):
        return pad + (w - 2 * pad) * (y - years.start) / n

    def yv(v):
        return h - pad - (h - 2 * pad) * v / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
             f'aria-label="{esc(title)}"><text x="4" y="14" font-size="12">{esc(title)}</text>']
    if years.start <= 2020 < years.stop - 1:
        xm = (x(2020) + x(2021)) / 2
        parts.append(f'<line x1="{xm:.1f}" y1="18" x2="{xm:.1f}" y2="{h - pad}" stroke="#888" '
                     f'stroke-dasharray="4 3"/><text x="{xm + 2:.1f}" y="28" font-size="10">模板变更</text>')
    run: list[str] = []
    for y in years:
        if y in points:
            run.append(f"{x(y):.1f},{yv(points[y]):.1f}")
        else:
            if y not in points and years.start < y < years.stop - 1:
                parts.append(f'<text x="{x(y) - 4:.1f}" y="{h - pad - 4}" font-size="10" fill="#b00">缺</text>')
            if len(run) > 1:
                parts.append(f'<polyline fill="none" stroke="#06c" points="{" ".join(run)}"/>')
            run = []
    if len(run) > 1:
        parts.append(f'<polyline fill="none" stroke="#06c" points="{" ".join(run)}"/>')
    for y, v in points.items():
        parts.append(f'<circle cx="{x(y):.1f}" cy="{yv(v):.1f}" r="3" fill="#06c"><title>{y}：{v:g}</title></circle>')
    for y in years:
        parts.append(f'<text x="{x(y) - 12:.1f}" y="{h - 8}" font-size="10">{y}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bodies(con, out_dir, body_no) -> None:
    figures = _figures(con)
    reports = defaultdict(list)
    for rid, body, year, path, level in con.execute(
            "SELECT r.id, s.body, s.year, r.path, s.level FROM series s JOIN reports r ON r.id = s.report_id "
            "ORDER BY s.body, s.year"):
        reports[body].append((rid, year, path, level))
    for body, n in body_no.items():
        reps = reports[body]
        ys = [y for _, y, _, _ in reps]
        years = range(min(ys), max(ys) + 1)
        charts = "".join(chart(t, {y: figures[rid][t] for rid, y, _, _ in reps if t in figures[rid]}, years)
                         for t, *_ in FIGURES)
        rows = ["<table><tr><th>年度</th><th>报告</th><th>问题</th></tr>"]
        for rid, year, path, _ in reps:
            n_f = con.execute("SELECT COUNT(*) FROM findings WHERE report_id=?", (rid,)).fetchone()[0]
            rows.append(f'<tr><td>{year}</td><td><a href="report-{rid}.html">{esc(path)}</a></td>'
                        f'<td class="num">{n_f}</td></tr>')
        rows.append("</table>")
        missing = con.execute(f"SELECT {F_COLS} FROM findings f WHERE f.body=? AND f.report_id IS NULL", (body,))
        _write(out_dir, f"body-{n}.html", page(f"{body} 年度报告系列",
               f"<h2>主要数据</h2>{charts}<h2>各年度报告</h2>{''.join(rows)}"
               f"<h2>系列问题（缺少报告）</h2>{_finding_rows(missing)}"))


def _reports(con, out_dir, body_no, part: int = 0, parts: int = 1) -> None:
    """One page per report (those with id ≡ part mod parts); the cells are streamed report by
    report (ordered by report id)."""
    cells = con.execute('SELECT report_id, kind, table_no, item, row_no, row_label, col_no, col_label, '
                        'text, line, "column" FROM cells WHERE report_id % ? = ? '
                        'ORDER BY report_id, table_no, row_no, col_no', (parts, part))
    pending = next(cells, None)
    for rid, path, body, year, level, template, signed, source in list(con.execute(
            "SELECT id, path, body, year, level, template, signed, identity_source FROM reports "
            "WHERE status='ok' AND id % ? = ? ORDER BY id", (parts, part))):
        rows = []
        while pending is not None and pending[0] < rid:
            pending = next(cells, None)
        while pending is not None and pending[0] == rid:
            rows.append(pending)
            pending = next(cells, None)
        head = (f"<p>机关：{_body_link(body, body_no)}；年度：{esc(year)}；层级：{esc(LEVELS.get(level, level))}"
                f"；表格模板：{esc(template)}；落款日期：{esc(signed)}；识别来源：{esc(source)}</p>")
        found = con.execute(f"SELECT {F_COLS} FROM findings f WHERE f.report_id=? OR f.related_report_id=? "
                            "ORDER BY f.line, f.id", (rid, rid))
        _write(out_dir, f"report-{rid}.html", page(path, head + "<h2>问题</h2>" +
                                                     _finding_rows(found, show_report=False) +
                                                     "<h2>读取的表格</h2>" + _tables(rows)))


def _body_link(body, body_no) -> str:
    return f'<a href="body-{body_no[body]}.html">{esc(body)}</a>' if body in body_no else esc(body or "未识别")


def _tables(rows) -> str:
    out, table = [], None
    by_row = defaultdict(list)
    order = []
    for _, kind, t_no, item, r_no, label, c_no, c_label, text, line, col in rows:
        k = (t_no, r_no)
        if k not in by_row:
            order.append((k, kind, item, label))
        by_row[k].append((c_label, text, line, col))
    for (k, kind, item, label) in order:
        if table != k[0]:
            if table is not None:
                out.append("</table>")
            table = k[0]
            out.append(f"<h3>表 {k[0] + 1}（{esc(kind)}）</h3><table>")
        cells = "".join(f'<td title="{esc(c)}（第{ln}行第{cn}列）">{esc(t)}</td>' for c, t, ln, cn in by_row[k])
        out.append(f"<tr><th>{esc(item or '')} {esc(label or '')}</th>{cells}</tr>")
    if table is not None:
        out.append("</table>")
    return "".join(out) or "<p>未读到表格。</p>"
