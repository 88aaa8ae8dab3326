"""``gilint check --format html -o review.html PATHS…``: one self-contained review page.

For every file checked: its text with each finding highlighted where it is, the findings listed
in a margin beside it (message, place, the rule's Chinese explanation, a safe fix as before/
after), and the tables of 二/三/四 drawn as grids as gilint read them, the cells a finding names
highlighted (for a sum: the terms too). A summary per file and per rule on top; filters by
severity and rule; clean A4 printing.

Government intranets are offline and reports are untrusted input, so the page:
- loads nothing (inline CSS and JS; no fonts, images or links outside the page);
- escapes every string that comes from a document or a path (``html.escape`` with quotes), and
  builds links only from its own ids (``#f1-d3``), never from document text;
- carries a Content-Security-Policy that allows no network at all and only its own style and
  script (a nonce drawn for each page), so a ``<script>`` that slipped through would not run.
"""
from __future__ import annotations

import datetime as dt
import html
import secrets
from dataclasses import dataclass, field

from gilint.review.explain import why
from gilint.engine import Analyzer
from gilint.review.show import read
from gilint.review.grids import grids, named_rows

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SUM_TERMS = {"GI302": "row", "GI305": "row", "GI303": "column", "GI304": "column"}


def esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass
class FileView:
    """One checked file: what the page shows of it."""
    path: str
    text: str | None                      # None: not read again (standard input)
    diagnostics: list                     # gilint.output.Diagnostic, this file's, sorted
    report: object = None                 # gilint.model.Report
    template: object = None
    error: str | None = None
    ids: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------- pieces
def _marked_text(fv: FileView, fi: int) -> str:
    """The text, line-numbered, with a <mark> per stretch covered by findings; each finding's
    first stretch carries its id (f{fi}-m{j}), the target of its card's link."""
    text = fv.text or ""
    shown = [(j, d) for j, d in enumerate(fv.diagnostics) if d.suppressed is None]
    cuts = {0, len(text)}
    for _j, d in shown:
        a, b = min(d.start, len(text)), min(max(d.end, d.start), len(text))
        cuts.update((a, b))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    cuts = sorted(cuts)
    starts_at: dict[int, list[int]] = {}
    for j, d in shown:
        starts_at.setdefault(min(d.start, len(text)), []).append(j)
    out, line = ['<div class="line"><span class="ln">1</span><span class="lt">'], 1
    for a, b in zip(cuts, cuts[1:] + [None]):
        for j in starts_at.get(a, []):
            d = fv.diagnostics[j]
            if d.end <= d.start:   # a zero-width finding: a caret where it is
                out.append(f'<a class="caret sev-{esc(d.severity)}" id="f{fi}-m{j}" data-code="{esc(d.code)}" '
                           f'data-sev="{esc(d.severity)}" href="#f{fi}-d{j}" title="{esc(d.code)}">▲</a>')
        if b is None:
            break
        piece = text[a:b]
        if piece == "\n":
            out.extend(f'<a class="anchor" id="f{fi}-m{j}"></a>' for j in starts_at.get(a, [])
                       if fv.diagnostics[j].end > fv.diagnostics[j].start)
            line += 1
            out.append(f'</span></div><div class="line"><span class="ln">{line}</span><span class="lt">')
            continue
        cover = [j for j, d in shown if d.start <= a and b <= d.end and d.end > d.start]
        if not cover:
            out.append(esc(piece))
            continue
        first = [j for j in starts_at.get(a, []) if fv.diagnostics[j].end > a]
        worst = min(cover, key=lambda j: ("error", "warning", "info").index(fv.diagnostics[j].severity)
                    if fv.diagnostics[j].severity in SEV_ZH else 3)
        d = fv.diagnostics[worst]
        ident = f' id="f{fi}-m{first[0]}"' if first else ""
        extra = "".join(f'<a class="anchor" id="f{fi}-m{j}"></a>' for j in first[1:])
        codes = " ".join(esc(fv.diagnostics[j].code) for j in cover)
        sevs = " ".join(esc(fv.diagnostics[j].severity) for j in cover)
        out.append(f'{extra}<a class="hl sev-{esc(d.severity)}"{ident} href="#f{fi}-d{worst}" '
                   f'data-code="{codes}" data-sev="{sevs}" title="{esc(d.code + " " + d.message)}">'
                   f'{esc(piece)}</a>')
    out.append("</span></div>")
    return "".join(out)


def _fix_html(d, text: str | None) -> str:
    if not d.fix or not d.fix.get("edits"):
        return ""
    kind = "安全修正" if d.fix.get("applicability") == "safe" else "建议修正（需人工确认）"
    rows = []
    for e in d.fix["edits"]:
        old = text[e["start"]:e["end"]] if text is not None else ""
        rows.append(f'<div class="fix-edit"><span class="before" title="修正前">{esc(old) or "（空）"}</span>'
                    f'<span class="arrow">→</span><span class="after" title="修正后">'
                    f'{esc(e["new_text"]) or "（删除）"}</span></div>')
    desc = f'<span class="fix-desc">{esc(d.fix.get("description"))}</span>' if d.fix.get("description") else ""
    return f'<div class="fix"><span class="fix-kind">{kind}</span>{desc}{"".join(rows)}</div>'


def _card(fv: FileView, fi: int, j: int, d, rules: dict) -> str:
    where = (d.location or {}).get("label") or f"第{d.line}行第{d.column}列"
    reason = why(d.code, rules.get(d.code))
    return (f'<li class="finding sev-{esc(d.severity)}" id="f{fi}-d{j}" data-code="{esc(d.code)}" '
            f'data-sev="{esc(d.severity)}" data-line="{d.line}" data-column="{d.column}">'
            f'<a class="goto" href="#f{fi}-m{j}">'
            f'<span class="badge">{esc(SEV_ZH.get(d.severity, d.severity))}</span> '
            f'<code>{esc(d.code)}</code> <span class="rname">{esc(d.name)}</span>'
            f'<span class="where">{esc(where)}</span></a>'
            f'<p class="msg">{esc(d.message)}</p>'
            + (f'<p class="why">{esc(reason)}</p>' if reason else "")
            + _fix_html(d, fv.text) + "</li>")


def _cells_hit(table, diags) -> dict:
    """(start, end) of a table's cells → ("hit"|"term", finding titles)."""
    hits: dict = {}
    rows = list(table.rows) + [r for st in table.subtables for r in st.rows]
    for d in diags:
        for r in rows:
            for ci, c in enumerate(r.values):
                if c.start <= d.start < max(c.end, c.start + 1):
                    hits.setdefault((c.start, c.end), ["hit", []])[1].append(f"{d.code} {d.message}")
                    hits[(c.start, c.end)][0] = "hit"
                    how = SUM_TERMS.get(d.code)
                    terms = r.values if how == "row" else \
                        [x.values[ci] for x in rows if len(x.values) > ci] if how == "column" else []
                    for t in terms:
                        if (t.start, t.end) not in hits:
                            hits[(t.start, t.end)] = ["term", []]
    return hits


def _grid_html(table, template, diags) -> str:
    hits = _cells_hit(table, [d for d in diags if d.suppressed is None])
    out = []
    for g in grids(table, template):
        head = "".join(f"<th>{esc(c)}</th>" for c in g.columns)
        body, flagged = [], named_rows(g)
        for i, (label, cells, _row) in enumerate(g.rows):
            tds = []
            for c in cells:
                if c is None:
                    tds.append('<td class="missing">·</td>')
                    continue
                kind, titles = hits.get((c.start, c.end), (None, []))
                cls = f' class="{kind}"' if kind else ""
                tip = f' title="{esc("；".join(titles))}"' if titles else ""
                tds.append(f"<td{cls}{tip}>{esc(' '.join(c.text.split()))}</td>")
            mark = '<span class="problem" title="GI001">✗ </span>' if i in flagged else ""
            body.append(f'<tr><th class="rl">{mark}{esc(label)}</th>{"".join(tds)}</tr>')
        problems = "".join(f'<p class="problem">✗ {esc(p)}</p>' for p in g.problems)
        out.append(f'<figure class="grid"><figcaption>{esc(g.title)}</figcaption>{problems}'
                   f'<table><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
                   f"</figure>")
    return "".join(out)


def _tables_html(fv: FileView) -> str:
    if fv.report is None:
        return ""
    parts = []
    tpl = fv.report.table_template or fv.template
    for s in fv.report.sections:
        for t in s.tables:
            diags = [d for d in fv.diagnostics if t.start <= d.start < max(t.end, t.start + 1)]
            state = "" if t.readable else '<span class="unreadable">无法读出（GI001）</span>'
            parts.append(f'<section class="table-view"><h4>{esc(s.heading.text)} {state}</h4>'
                         f"{_grid_html(t, tpl, diags)}</section>")
    return f'<details class="tables" open><summary>表格（按 gilint 读取）</summary>{"".join(parts)}</details>' \
        if parts else ""


def _summary(files: list[FileView], rules: dict) -> str:
    rows_f, per_rule = [], {}
    for i, fv in enumerate(files):
        shown = [d for d in fv.diagnostics if d.suppressed is None]
        n = {s: sum(d.severity == s for d in shown) for s in SEV_ZH}
        state = f'<span class="err">{esc(fv.error)}</span>' if fv.error else ""
        rows_f.append(f'<tr><td><a href="#f{i}">{esc(fv.path)}</a> {state}</td><td>{n["error"]}</td>'
                      f'<td>{n["warning"]}</td><td>{n["info"]}</td></tr>')
        for d in shown:
            r = per_rule.setdefault(d.code, [d.name, d.severity, 0, set()])
            r[2] += 1
            r[3].add(i)
    rows_r = "".join(f'<tr data-code="{esc(c)}"><td><code>{esc(c)}</code></td><td>{esc(v[0])}</td>'
                     f'<td>{esc(SEV_ZH.get(v[1], v[1]))}</td><td>{v[2]}</td><td>{len(v[3])}</td>'
                     f'<td class="why">{esc(why(c, rules.get(c)))}</td></tr>'
                     for c, v in sorted(per_rule.items()))
    return (f'<section class="summary"><h2>概览</h2><table class="sum"><thead><tr><th>文件</th><th>错误</th>'
            f'<th>警告</th><th>提示</th></tr></thead><tbody>{"".join(rows_f)}</tbody></table>'
            f'<table class="sum"><thead><tr><th>规则</th><th>名称</th><th>级别</th><th>问题数</th>'
            f'<th>文件数</th><th>说明</th></tr></thead><tbody>{rows_r}</tbody></table></section>'), per_rule


def _filters(per_rule: dict) -> str:
    sev = "".join(f'<label><input type="checkbox" class="f-sev" value="{s}" checked> {z}</label>'
                  for s, z in SEV_ZH.items())
    opts = "".join(f'<option value="{esc(c)}">{esc(c)} {esc(v[0])}（{v[2]}）</option>'
                   for c, v in sorted(per_rule.items()))
    return (f'<div class="filters" role="search"><span>级别：</span>{sev}'
            f'<label>规则：<select id="f-rule"><option value="">全部规则</option>{opts}</select></label>'
            f'<span id="f-count"></span></div>')


CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--bg-err:#fde0e0;--bg-warn:#fff1c9;--bg-info:#e0ecfb}
*{box-sizing:border-box}body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#fafafa;font-size:14px}
header{background:#263238;color:#fff;padding:10px 18px}header h1{font-size:18px;margin:0}header p{margin:2px 0 0;font-size:12px;color:#cfd8dc}
main{padding:12px 18px}.filters{position:sticky;top:0;background:#eceff1;padding:6px 10px;border-bottom:1px solid #cfd8dc;z-index:2}
.filters label{margin-right:12px}#f-count{color:#555;margin-left:8px}
table.sum{border-collapse:collapse;margin:6px 0 14px}table.sum td,table.sum th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
table.sum td.why{font-size:12px;color:#444;max-width:520px}
.file{background:#fff;border:1px solid #ddd;margin:14px 0;padding:10px 12px}.file h2{font-size:16px;margin:0 0 8px;word-break:break-all}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,2fr);gap:14px;align-items:start}
.doc{font-family:inherit;line-height:1.7;border:1px solid #eee;max-height:80vh;overflow:auto;padding:4px 0}
.line{display:flex}.ln{flex:0 0 3.2em;text-align:right;padding-right:8px;color:#999;user-select:none;font-size:12px}
.lt{white-space:pre-wrap;word-break:break-all;flex:1}
a.hl{color:inherit;text-decoration:none;border-bottom:2px solid}a.hl.sev-error{background:var(--bg-err);border-color:var(--err)}
a.hl.sev-warning{background:var(--bg-warn);border-color:var(--warn)}a.hl.sev-info{background:var(--bg-info);border-color:var(--info)}
a.caret{text-decoration:none;font-size:10px;vertical-align:super}a.caret.sev-error{color:var(--err)}a.caret.sev-warning{color:var(--warn)}a.caret.sev-info{color:var(--info)}
:target{outline:3px solid #7e57c2;outline-offset:1px}
.margin{list-style:none;margin:0;padding:0;max-height:80vh;overflow:auto}
.finding{border-left:4px solid;padding:4px 8px;margin:0 0 8px;background:#fcfcfc}
.finding.sev-error{border-color:var(--err)}.finding.sev-warning{border-color:var(--warn)}.finding.sev-info{border-color:var(--info)}
.finding a.goto{color:inherit;text-decoration:none;display:block}.badge{font-size:11px;padding:0 4px;border-radius:3px;color:#fff;background:#777}
.sev-error .badge{background:var(--err)}.sev-warning .badge{background:var(--warn)}.sev-info .badge{background:var(--info)}
.rname{color:#666;font-size:12px}.where{display:block;color:#37474f;font-size:12px}.msg{margin:3px 0}.why{margin:2px 0;color:#555;font-size:12px}
.fix{font-size:12px;background:#f1f8e9;padding:3px 6px}.fix-kind{font-weight:bold;margin-right:6px}
.before{background:#fde0e0;text-decoration:line-through}.after{background:#dcedc8}.arrow{margin:0 4px}
.tables summary{cursor:pointer;font-weight:bold;margin:8px 0}.table-view h4{margin:10px 0 4px;font-size:14px}
figure.grid{margin:4px 0 10px;overflow-x:auto}figcaption{font-size:12px;color:#555}
figure.grid table{border-collapse:collapse;font-size:12px}figure.grid td,figure.grid th{border:1px solid #bbb;padding:2px 5px;text-align:center}
figure.grid th.rl{text-align:left;font-weight:normal;max-width:260px}td.hit{background:var(--bg-err);outline:2px solid var(--err)}
td.term{background:#fff8e1}td.missing{color:#aaa}.unreadable,.problem{color:var(--err)}.err{color:var(--err)}
.hidden{display:none!important}a.hl.dim{background:none;border-bottom:1px dotted #bbb}
@page{size:A4;margin:14mm 12mm}
@media print{body{background:#fff;font-size:10.5pt}header{background:none;color:#000;padding:0}header p{color:#333}
.filters{display:none}.cols{display:block}.doc,.margin{max-height:none;overflow:visible;border:none}
.file{border:none;padding:0;break-before:page}.finding{break-inside:avoid}figure.grid{overflow:visible;break-inside:avoid}
figure.grid table{font-size:8pt}a.hl{border-bottom-width:1px}.tables summary{display:none}}
"""

JS = """
(function(){
  var sev = Array.prototype.slice.call(document.querySelectorAll('.f-sev'));
  var rule = document.getElementById('f-rule');
  var count = document.getElementById('f-count');
  function apply(){
    var on = {}; sev.forEach(function(c){ on[c.value] = c.checked; });
    var r = rule ? rule.value : '';
    var shown = 0;
    document.querySelectorAll('li.finding').forEach(function(li){
      var ok = on[li.dataset.sev] && (!r || li.dataset.code === r);
      li.classList.toggle('hidden', !ok); if (ok) shown++;
    });
    document.querySelectorAll('a.hl, a.caret').forEach(function(m){
      var codes = (m.dataset.code || '').split(' '), sevs = (m.dataset.sev || '').split(' ');
      var ok = codes.some(function(c, i){ return on[sevs[i]] && (!r || c === r); });
      m.classList.toggle(m.classList.contains('caret') ? 'hidden' : 'dim', !ok);
    });
    if (count) count.textContent = '显示 ' + shown + ' 条';
  }
  sev.forEach(function(c){ c.addEventListener('change', apply); });
  if (rule) rule.addEventListener('change', apply);
  apply();
})();
"""


def page(files: list[FileView], rules: dict, version: str, now: dt.datetime | None = None) -> str:
    nonce = secrets.token_urlsafe(18)
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
           f"img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    summary, per_rule = _summary(files, rules)
    sections = []
    for i, fv in enumerate(files):
        shown = [(j, d) for j, d in enumerate(fv.diagnostics) if d.suppressed is None]
        cards = "".join(_card(fv, i, j, d, rules) for j, d in shown) or '<li class="none">未发现问题</li>'
        if fv.error:
            body = f'<p class="err">{esc(fv.error)}</p>'
        elif fv.text is None:
            body = f'<ol class="margin">{cards}</ol>'
        else:
            body = (f'<div class="cols"><div class="doc" lang="zh-CN">{_marked_text(fv, i)}</div>'
                    f'<ol class="margin" aria-label="问题列表">{cards}</ol></div>{_tables_html(fv)}')
        sections.append(f'<section class="file" id="f{i}"><h2>{esc(fv.path)}</h2>{body}</section>')
    when = (now or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    total = sum(1 for fv in files for d in fv.diagnostics if d.suppressed is None)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
            f'<meta name="referrer" content="no-referrer">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>gilint 审核报告</title><style nonce=\"{nonce}\">{CSS}</style></head><body>"
            f"<header><h1>政府信息公开工作年度报告 · gilint 审核报告</h1>"
            f"<p>{len(files)} 个文件，{total} 个问题 · 生成于 {esc(when)} · gilint {esc(version)}</p></header>"
            f"{_filters(per_rule)}<main>{summary}{''.join(sections)}</main>"
            f'<script nonce="{nonce}">{JS}</script></body></html>\n')


def reading(path: str, data: bytes, config):
    """(text, report, template) of a file as gilint check reads it with ``config``."""
    text, _doc = read(path, data)
    analyzer = Analyzer(config, cache_size=0)
    analyzer.lint(text)
    return text, analyzer.report, config.template_for_year(analyzer.report.year)


def build(diagnostics: list, paths: list[str], read, rules: dict, version: str) -> str:
    """The page for the files of a check. ``diagnostics``: all of them (gilint.output);
    ``paths``: the files in the order checked; ``read(path)`` → (text, report, template) of a
    file read again with its configuration (raises for a file that cannot be read)."""
    by_path: dict[str, list] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    files = []
    for p in paths:
        fv = FileView(p, None, by_path.get(p, []))
        if p != "-":
            try:
                fv.text, fv.report, fv.template = read(p)
            except Exception as exc:  # noqa: BLE001 - the check already said why on stderr
                fv.error = f"无法读取：{' '.join(str(exc).split())[:200]}"
        files.append(fv)
    for p in by_path:                                   # standard input under its own name
        if p not in paths:
            files.append(FileView(p, None, by_path[p]))
    return page(files, rules, version)


__all__ = ["FileView", "build", "page", "reading"]
