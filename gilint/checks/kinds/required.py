from __future__ import annotations

import regex

from gilint.checks.kinds.base import Kind, KindError, Scope, format_message, opt_bool, opt_str, opt_str_list
from gilint.findings import Edit, Fix
from gilint.regexsafe import finditer_timeout
from gilint.templates import norm
from gilint.i18n import gettext as _


class Required(Kind):
    """Phrases, patterns or sub-headings that must appear in the scope. ``mode = "all"``
    (default) reports each missing item; ``"any"`` reports once when none is there.
    ``headings`` are looked for in the sub-headings （一）… of the scope's sections (the heading
    up to its first 。 counts). ``insert`` gives an unsafe fix that appends that text as a new
    line at the end of the scope."""
    doc_zh = """范围内必须出现的词语、模式或小标题。``mode = "all"``（默认）对每个缺少的项目逐一报告；``"any"`` 在一个都没有时报告一次。``headings`` 在范围内各部分的小标题（一）……中查找（小标题到第一个“。”为止）。``insert`` 给出一个不安全修复：把该文字作为新的一行加在范围末尾。

    例：省里要求“一、总体情况”写明（一）主动公开、（二）依申请公开、（三）政府信息管理、（四）平台建设、（五）监督保障（《条例》第五十条、国办公开办函〔2021〕30号 格式的总体情况）。
    """
    name = "required"
    options = ("phrases", "patterns", "headings", "mode", "insert", "safe")
    placeholders = ("expected", "scope")
    default_message = "{scope}缺少“{expected}”"
    default_scope = "text"

    def __init__(self, opts):
        super().__init__(opts)
        self.phrases = opt_str_list(opts, "phrases")
        self.patterns = opt_str_list(opts, "patterns")
        self.headings = opt_str_list(opts, "headings")
        if not (self.phrases or self.patterns or self.headings):
            raise KindError(_("a required rule needs `phrases`, `patterns` or `headings`"), "phrases")
        self.mode = opt_str(opts, "mode", "all", ("all", "any"))
        self.insert = opt_str(opts, "insert")
        self.safe = opt_bool(opts, "safe", False)
        self.pats = self._patterns([], self.patterns, False)

    @property
    def fix_safety(self):
        return "none" if self.insert is None else ("safe" if self.safe else "unsafe")

    def _scope_name(self, rule, section) -> str:
        if section is not None:
            tpl = rule.ctx.template or rule.ctx.table_template
            sdef = next((d for d in tpl.sections if d.number == section.number), None) if tpl else None
            return f"“{sdef.heading if sdef else section.heading.text.strip()}”"
        return {"title": "标题", "preamble": "导语", "closing": "落款"}.get(self.scope.names[0], "报告")

    def check(self, rule):
        report, text = rule.ctx.report, rule.ctx.text
        if self.scope.sections is not None:
            groups = [([s], s) for s in self.scope.sections_of(report)]
        else:
            groups = [(None, None)]
        for secs, section in groups:
            if secs is None:
                spans = self.scope.spans(report, text)
                heads = [h for s in report.sections for h in s.subheadings]
                anchor = self.scope.anchor(report, text)
            else:
                one = Scope({"scope": list(self.scope.names), "section": section.number})
                spans = one.spans(report, text)
                heads = list(section.subheadings)
                anchor = [(section.heading.start, section.heading.end)]
            if not anchor:
                continue
            body = "\n".join(text[a:b] for a, b in spans)
            nbody = norm(body)
            head_texts = [norm(regex.split(r"[。；;]", h.text, maxsplit=1)[0]) for h in heads]
            missing = []
            for p in self.phrases:
                if norm(p) not in nbody:
                    missing.append(p)
            for src, pat in self.pats:
                if not finditer_timeout(pat, body, 0, len(body), rule.code):
                    missing.append(src)
            for h in self.headings:
                if not any(norm(h) in t for t in head_texts):
                    missing.append(h)
            total = len(self.phrases) + len(self.pats) + len(self.headings)
            if self.mode == "any":
                missing = ["”或“".join(missing)] if len(missing) == total else []
            a, b = anchor[0]
            for item in missing:
                fix = None
                if self.insert is not None and spans:
                    end = spans[-1][1]
                    while end > 0 and text[end - 1] in " \t\r\n\u3000":
                        end -= 1
                    new = "\n" + format_message(self.insert, {"expected": item})
                    fix = Fix((Edit(end, end, new),), safe=self.safe, description=f"补充“{new.strip()}”")
                rule.report(a, b, self.say(match=text[a:b].strip(), expected=item,
                                           scope=self._scope_name(rule, section)), fix)
