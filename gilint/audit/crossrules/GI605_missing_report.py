from __future__ import annotations

from gilint.audit.crossrules.base import CorpusRule


class MissingReport(CorpusRule):
    """A year with no report inside a body's series.

    ## What it does
    For each body, reports every year between its first and its last report that has no
    report, and every report the manifest expects (a line with `body` and `year` but an empty
    `path`) that the corpus does not hold. The finding's `path` is the manifest (with `body`
    and `year` fields), or, without a manifest, the report after the gap; `related_path` is the
    report before it. GI601 and GI602 never compare across a gap.

    ## Why
    Every body publishes a report every year (条例第四十九条); a missing one is either not
    published or not collected — both worth knowing before comparing years.

    ## Basis
    《政府信息公开条例》第四十九条、第五十条.

    ## Example
    某镇: 2019, 2020, 2022 reports; none for 2021.
    """
    doc_zh = """机关的报告序列中缺了某一年。

    ## 作用
    对每个机关，报告其第一份和最后一份报告之间没有报告的每一年，以及清单中列出（有 `body` 和 `year`，`path` 为空）但语料中没有的每份报告。问题的 `path` 是清单（带 `body` 和 `year` 字段）；没有清单时是缺口之后的那份报告；`related_path` 是缺口之前的报告。GI601 和 GI602 不跨缺口比较。

    ## 原因
    每个机关每年都要公布年度报告（《条例》第四十九条）；缺一年要么是没有公布，要么是没有收集到——在跨年比较之前都应弄清楚。

    ## 依据
    《中华人民共和国政府信息公开条例》第四十九条、第五十条。

    ## 示例
    某镇：有2019、2020、2022年的报告；没有2021年的。

    ## 正确写法
    补齐缺少年份的报告（或在清单中写明其路径）。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI605", "missing-report", "warning"

    def check_corpus(self, corpus):
        manifest = corpus.manifest
        self._manifest_file = manifest.file if manifest is not None else None
        lines = {}
        if manifest is not None:
            for r in manifest.rows:
                lines.setdefault((r.body, r.year), r.line)
                lines.setdefault((r.body, None), r.line)
        seen = set()
        for body, years in sorted(corpus.series.items()):
            have = sorted(years)
            for y in range(have[0] + 1, have[-1]):
                if y not in years:
                    before = years[max(x for x in have if x < y)][0]
                    after = years[min(x for x in have if x > y)][0]
                    self._missing(body, y, before, after, lines, f"与{before.year}年、{after.year}年报告之间")
                    seen.add((body, y))
        if manifest is not None:
            for r in manifest.expected():
                if (r.body, r.year) in seen or corpus.report(r.body, r.year) is not None:
                    continue
                seen.add((r.body, r.year))
                years = corpus.series.get(r.body, {})
                earlier = [x for x in years if x < r.year]
                before = years[max(earlier)][0] if earlier else None
                self._missing(r.body, r.year, before, None, lines, "清单列明应有报告")

    def _missing(self, body, year, before, after, lines, why):
        manifest = self._manifest_file
        line = lines.get((body, year)) or lines.get((body, None)) or 1
        path = manifest or (after.path if after else before.path)
        self.report_on(None, f"{body}缺少{year}年度报告（{why}）", related=before,
                       path=path, body=body, year=year, line=line if manifest else 1,
                       end_line=line if manifest else 1)
