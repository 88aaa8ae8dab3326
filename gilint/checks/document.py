"""GI0xx/GI1xx: is this a report, and does it have the template's sections, headings and tables?"""
from __future__ import annotations

from gilint.checks.base import Rule, register
from gilint.findings import Edit, Fix
from gilint.read.headings import cn_numeral
from gilint.read.structure import title_year_and_body
from gilint.templates import norm


@register
class NotAReport(Rule):
    """The file does not look like an annual report; nothing else is checked.

    ## What it does
    Reports a file that has neither a report title nor at least two of the six template
    sections. No other rule runs on it.

    ## Why
    Linting notes, letters or other documents against the annual-report template only
    produces noise.

    ## Basis
    《政府信息公开条例》第五十条; the report format of 国办公开办函〔2021〕30号.

    ## Example
    `关于开展政务公开培训的通知……`

    ## Use instead
    `XX镇2023年政府信息公开工作年度报告` followed by 一、总体情况 … 六、其他需要报告的事项.
    """
    code, name, severity = "GI002", "not-a-report", "info"
    needs_template = False

    def check(self):
        r = self.ctx.report
        if r.title is None and len({s.number for s in r.sections}) < 2:
            end = min(len(self.ctx.text), len(self.ctx.text.split("\n", 1)[0]))
            self.report(0, end, "未识别为政府信息公开工作年度报告（没有报告标题，也没有模板规定的章节），其他检查均未进行")


@register
class OutOfScopeYear(Rule):
    """The report year is before 2019; template checks are skipped.

    ## What it does
    Reports a report whose year is before 2019, when annual reports had free formats.

    ## Why
    The two national templates apply from report year 2019 (国办公开办函〔2019〕60号).

    ## Basis
    《政府信息公开条例》(2019 revision, in force 2019-05-15); 国办公开办函〔2019〕60号.

    ## Example
    `XX县2017年政府信息公开工作年度报告`

    ## Use instead
    Nothing to change: older reports are out of scope.
    """
    code, name, severity = "GI003", "out-of-scope-year", "info"
    needs_template = False

    def check(self):
        r = self.ctx.report
        if r.year is not None and r.year < 2019:
            t = r.title
            self.report(t.start if t else 0, t.end if t else 0,
                        f"报告年度为{r.year}年，早于2019年（旧条例时期格式不统一），模板检查已跳过")


@register
class MissingSection(Rule):
    """One of the six required sections is absent.

    ## What it does
    Reports each template section (一、总体情况 … 六、其他需要报告的事项) that has no heading.
    Where the content of a section is recognisably present without its heading (for example
    the problems and improvements after the section 四 table), GI103 reports the lost heading
    instead, as a warning.

    ## Why
    Article 50 of the regulation fixes the content of the report; the template fixes its six parts.

    ## Basis
    《政府信息公开条例》第五十条; 国办公开办函〔2021〕30号 template.

    ## Example
    A report that goes from 四、政府信息公开行政复议、行政诉讼情况 straight to 六、其他需要报告的事项.

    ## Use instead
    Add `五、存在的主要问题及改进情况` with its content.

    ## Fix
    Inserts the missing heading (unsafe: where it belongs and what follows needs a person).
    """
    code, name, severity, fix = "GI101", "missing-section", "error", "unsafe"

    def check(self):
        r, tpl = self.ctx.report, self.ctx.template or self.ctx.table_template
        if tpl is None or not r.sections:
            return
        present = {s.number for s in r.sections}
        for sdef in tpl.sections:
            if sdef.number in present:
                continue
            if lost_heading_section(r, sdef) is not None:
                continue  # GI103 reports it
            after = max((s for s in r.sections if s.number < sdef.number), key=lambda s: s.number, default=None)
            before = min((s for s in r.sections if s.number > sdef.number), key=lambda s: s.number, default=None)
            anchor = before or after
            if before is not None:  # on its own line above the next section, marked up like it
                at, prefix = before.start, self.ctx.text[before.start:before.heading.start]
                insert = prefix + sdef.heading + self.newline
            else:
                at = len(self.ctx.text)
                prefix = self.ctx.text[after.start:after.heading.start] if after else ""
                tail = self.ctx.text[-1:] if self.ctx.text else ""
                insert = ("" if tail in ("\n", "\r", "") else self.newline) + prefix + sdef.heading + self.newline
            fix = Fix((Edit(at, at, insert),), safe=False, description=f"插入标题“{sdef.heading}”")
            self.report(anchor.heading.start if anchor else 0, anchor.heading.end if anchor else 0,
                        f"缺少第{cn_numeral(sdef.number)}部分“{sdef.heading}”", fix)


SECTION_KEYWORDS = {5: ("问题", ()), 6: ("其他需要报告", ())}


def lost_heading_section(report, sdef):
    """The sub-heading inside another section that carries this section's content, if any."""
    words = SECTION_KEYWORDS.get(sdef.number)
    if not words:
        return None
    must, any_of = words
    prev = max((s for s in report.sections if s.number < sdef.number), key=lambda s: s.number, default=None)
    if prev is None:
        return None
    for h in prev.subheadings:
        t = norm(h.text)
        if must in t and (not any_of or any(w in t for w in any_of)) and len(t) <= 40:
            return h
    return None


@register
class SectionOrder(Rule):
    """Sections out of order, or a section that appears twice.

    ## What it does
    Reports a section heading that comes after a later section, or repeats a section.

    ## Why
    Readers and reviewers compare reports part by part; the template fixes the order.

    ## Basis
    国办公开办函〔2021〕30号 template (sections 一 to 六 in this order).

    ## Example
    `三、收到和处理政府信息公开申请情况` before `二、主动公开政府信息情况`.

    ## Use instead
    Put the sections in the template's order.
    """
    code, name, severity = "GI102", "section-order", "error"

    def check(self):
        seen: set[int] = set()
        highest = 0
        for s in self.ctx.report.sections:
            h = s.heading
            if s.number in seen:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分重复出现：“{h.text.strip()}”")
            elif s.number < highest:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分出现在第{cn_numeral(highest)}部分之后")
            seen.add(s.number)
            highest = max(highest, s.number)


@register
class SectionHeading(Rule):
    """A section heading worded differently from the template.

    ## What it does
    Compares each section heading (after its numbering) with the template's wording, after
    NFKC normalisation with whitespace removed. Reports known variants
    (五、存在的主要问题及整改措施), body text run into the heading, and a section whose content is
    present without its heading.

    ## Why
    Reports are compared across bodies and years by their headings; the template fixes them.

    ## Basis
    国办公开办函〔2021〕30号 and 〔2019〕60号 templates.

    ## Example
    `五、存在的主要问题及整改措施`

    ## Use instead
    `五、存在的主要问题及改进情况`

    ## Fix
    Replaces the wording with the canonical heading (safe for a known variant; unsafe where
    body text was run into the heading or the heading is missing, since text moves).
    """
    code, name, severity, fix = "GI103", "section-heading", "warning", "safe"

    def check(self):
        r, tpl = self.ctx.report, self.ctx.template or self.ctx.table_template
        if tpl is None:
            return
        defs = {s.number: s for s in tpl.sections}
        for m in r.section_matches:
            sdef = defs[m.number]
            h = m.heading
            if m.how == "exact":
                continue
            a = h.marker_end
            if m.how == "runon":
                # Canonical title, then text that belongs to the body.
                cut = _prefix_end(h.text[a - h.start:], m.canonical)
                fix = Fix((Edit(a, a + cut, sdef.title + self.newline),), safe=False,
                          description="标题与正文分行")
                self.report(h.start, h.end, f"章节标题后混入了正文：应为“{sdef.heading}”，实为“{h.text.strip()}”", fix)
            else:
                fix = Fix((Edit(a, h.end, sdef.title),), safe=True, description=f"改为“{sdef.title}”")
                self.report(h.start, h.end, f"章节标题应为“{sdef.heading}”，实为“{h.text.strip()}”", fix)
        present = {s.number for s in r.sections}
        for sdef in tpl.sections:
            if sdef.number not in present:
                h = lost_heading_section(r, sdef)
                if h is not None:
                    fix = Fix((Edit(h.start, h.start, sdef.heading + self.newline),), safe=False,
                              description=f"插入标题“{sdef.heading}”")
                    self.report(h.start, h.end, f"第{cn_numeral(sdef.number)}部分的内容没有章节标题“{sdef.heading}”", fix)


def _prefix_end(text: str, canonical: str) -> int:
    """Length of the prefix of text whose normalised form is the canonical title."""
    target = norm(canonical)
    for i in range(1, len(text) + 1):
        if norm(text[:i]) == target:
            return i
    return len(text)


@register
class HeadingNumbering(Rule):
    """Numbering inconsistent at one level of headings.

    ## What it does
    Reports a section heading not numbered 一、二、… like the template (1、 总体情况), a
    numeral that does not match the section, a sub-heading numbered （1） where its siblings
    are （二）（三）, and a Markdown heading level that differs from the other section headings.

    ## Why
    Mixed numbering makes the structure ambiguous and is a classic sign of text pasted from
    another document.

    ## Basis
    国办公开办函〔2021〕30号 template (sections 一、 to 六、); 《党政机关公文格式》(GB/T 9704-2012)
    层次序数 一、（一）1.（1）.

    ## Example
    `1、 总体情况` among `二、主动公开政府信息情况`, `三、…`

    ## Use instead
    `一、总体情况`

    ## Fix
    Renumbers the heading (safe).
    """
    code, name, severity, fix = "GI104", "heading-numbering", "warning", "safe"

    def check(self):
        sections = self.ctx.report.sections
        md_levels = [s.heading.md_level for s in sections if s.heading.md_level]
        common = max(set(md_levels), key=md_levels.count) if md_levels else 0
        for s in sections:
            h = s.heading
            want = cn_numeral(s.number) + "、"
            if h.style != "cn" or h.number != s.number:
                fix = Fix((Edit(h.start, h.marker_end, want),), safe=True,
                          description=f"改为“{want}”")
                self.report(h.start, h.marker_end, f"章节序号应为“{want}”，实为“{h.marker.strip()}”", fix)
            elif common and h.md_level and h.md_level != common:
                hashes = self.ctx.text.find("#" * h.md_level, s.start, h.start)
                fix = Fix((Edit(hashes, hashes + h.md_level, "#" * common),), safe=True,
                          description=f"改为“{'#' * common}”") if hashes >= 0 else None
                self.report(h.start, h.end, f"Markdown 标题级别（{'#' * h.md_level}）与其他章节标题（{'#' * common}）不一致", fix)
        for s in sections:
            subs = [h for h in s.subheadings if h.style in ("paren-cn", "paren-arabic")]
            for a, b in zip(subs, subs[1:]):
                if a.style == "paren-arabic" and b.style == "paren-cn" and b.number == a.number + 1:
                    want = f"（{cn_numeral(a.number)}）"
                    fix = Fix((Edit(a.start, a.start + len(a.marker.rstrip()), want),), safe=True,
                              description=f"改为“{want}”")
                    self.report(a.start, a.start + len(a.marker.rstrip()),
                                f"序号“{a.marker.strip()}”与同级标题（{b.marker.strip()}…）不一致，应为“{want}”", fix)


@register
class MissingTable(Rule):
    """A section that must hold a table has none, or a 第二十条 sub-table is missing.

    ## What it does
    Sections 二, 三 and 四 are tables in the template. Reports such a section without a
    table, and a section 二 that lacks one of the template's sub-tables (第二十条第（一）项 …).

    ## Why
    The statistics are the part of the report that is compared across bodies; a narrative
    cannot replace them.

    ## Basis
    《政府信息公开条例》第二十条, 第五十条; the template's tables.

    ## Example
    `三、收到和处理政府信息公开申请情况` followed only by `本年度未收到申请。`

    ## Use instead
    The full table, with 0 in every cell where nothing happened.
    """
    code, name, severity = "GI105", "missing-table", "error"

    def check(self):
        tpl = self.ctx.table_template
        if tpl is None:
            return
        for s in self.ctx.report.sections:
            if s.number not in (2, 3, 4):
                continue
            h = s.heading
            if not s.tables:
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分应有统计表，未找到表格")
                continue
            t = s.tables[0]
            if s.number == 2 and t.readable:
                have = {norm(r.key) for r in t.rows if r.key}
                for st in tpl.s2_subtables:
                    if not any(norm(x) in have for x in st.rows) and \
                            not any(norm(sub.item.text) == norm(st.item) for sub in t.subtables):
                        self.report(h.start, h.end, f"缺少{st.item}的统计表（{'、'.join(st.rows)}）")


@register
class EmptySection(Rule):
    """A section has no substantive content.

    ## What it does
    Reports a section other than 六 with no text and no table under its heading. Section 六
    may legitimately say 无.

    ## Why
    An empty 存在的主要问题及改进情况 is a common way of not reporting problems.

    ## Basis
    《政府信息公开条例》第五十条.

    ## Example
    `五、存在的主要问题及改进情况` directly followed by `六、其他需要报告的事项`.

    ## Use instead
    State the problems found and what is being done about them.
    """
    code, name, severity = "GI106", "empty-section", "warning"

    def check(self):
        for s in self.ctx.report.sections:
            if s.number == 6 or s.tables:
                continue
            text = ""
            for p in s.paragraphs:  # enough to tell content from nothing; stop early
                text += norm(p.text)
                if len(text) >= 8:
                    break
            if len(text) < 4 or text in ("无", "无。", "暂无", "暂无。"):
                h = s.heading
                self.report(h.start, h.end, f"第{cn_numeral(s.number)}部分没有实质内容")


@register
class Title(Rule):
    """The title is missing, lacks the year, or is not an 年度报告.

    ## What it does
    Looks for the report title (it may span two lines and sit under the issuing body's name)
    and checks that it names the year and is a 政府信息公开工作年度报告.

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
        if problems:
            canon = f"{r.body or '<机关名称>'}{r.year or '<年份>'}年政府信息公开工作年度报告"
            fix = Fix((Edit(t.start, t.end, canon),), safe=False, description=f"改为“{canon}”") \
                if r.year and r.body else None
            self.report(t.start, t.end, f"报告标题{'，'.join(problems)}：应为“{canon}”，实为“{t.text.strip()}”", fix)
