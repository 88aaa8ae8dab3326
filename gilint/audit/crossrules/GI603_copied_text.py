from __future__ import annotations

from gilint.audit.crossrules.base import CorpusRule
from gilint.checks.base import Option

# A fingerprint in more reports than this is a common phrase of the domain, not a sign of copying
# (a fixed number: the candidate join then grows linearly with the corpus).
COMMON = 40
# Candidates whose sampled share is below this fraction of the threshold are not verified (the
# sampled estimate's standard error is about 0.05 for a section of 100 fingerprints).
MARGIN = 0.8
SECTION_NAMES = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}


class CopiedText(CorpusRule):
    """A section's text repeats the same body's previous report, or another body's report.

    ## What it does
    Compares the prose of sections 一, 五 and 六 (paragraphs outside tables) with the same
    section of the body's previous report and of every other body's report in the corpus, and
    reports the share of the section's text found in the other report when it reaches
    `threshold` (default 0.5, i.e. 50 %). Before comparing it removes the template's sentences
    and stock phrases: the pack's `stock_phrases`, and every sentence that at least
    `boilerplate_bodies` different bodies write (default 3: what a county's model text makes
    everyone write is not copying). Numbers are masked (a copy with this year's figures is
    still a copy). A section with fewer than `min_chars` characters of its own text is not
    judged. Between two bodies' reports of the same year both are reported; otherwise the
    later one.

    Candidates are found without comparing all pairs: 8-character shingles, sampled by hash
    (the same shingles are kept in every report), in an inverted index in the audit database
    (pairs sharing a fingerprint found in at most 40 reports: a rarer phrase); the share of
    fingerprints they have in common estimates the share of text, and where it comes near the
    threshold the share is computed exactly.

    ## Why
    Provincial and county scoring sheets deduct for 雷同: a report must describe this year's
    work of this body (one county sheet: more than 50 % of the text repeating last year's).

    ## Basis
    《政府信息公开条例》第五十条; provincial assessment sheets (年度报告雷同).

    ## Example
    2024's 五、存在的主要问题及改进情况 identical to 2023's except the year.

    ## Use instead
    This year's problems and what was done about last year's.
    """
    doc_zh = """某部分的文字照搬了本机关上一年的报告，或其他机关的报告。

    ## 作用
    将第一、五、六部分的文字（表格以外的段落）与本机关上一年报告的同一部分、以及语料中其他机关报告的同一部分比较，当本部分文字在另一份报告中出现的比例达到 `threshold`（默认 0.5，即 50%）时报告。比较前先去掉格式自带的句子和套话：规则包的 `stock_phrases`，以及至少 `boilerplate_bodies` 个不同机关都写的句子（默认 3：县里范文让大家都写的话不算抄袭）。数字被屏蔽（换了今年数字的照抄仍是照抄）。本部分自己的文字少于 `min_chars` 个字时不判断。同一年两个机关的报告雷同时两份都报告；否则报告较晚的一份。

    ## 原因
    省、县的考核评分表对“雷同”扣分：报告必须写本机关本年度的工作（某县评分表：与上一年文字重复超过 50% 扣分）。

    ## 依据
    《中华人民共和国政府信息公开条例》第五十条；各省年度报告考核评分细则（年度报告雷同）。

    ## 示例
    2024年的“五、存在的主要问题及改进情况”除年份外与2023年完全相同。

    ## 正确写法
    写本年度存在的问题，以及上一年问题的改进情况。

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI603", "copied-text", "warning"
    options = {
        "threshold": Option(float, 0.5, "share of a section's own text found in the other report that counts as copied"),
        "boilerplate_bodies": Option(int, 3, "a sentence written by at least this many bodies is the corpus's boilerplate"),
        "min_chars": Option(int, 40, "sections with less text of their own (characters) are not judged"),
        "stock_phrases": Option(list, ['本报告根据《中华人民共和国政府信息公开条例》', '本报告所列数据的统计期限自', '本报告中所列数据的统计期限自', '如对本报告有任何疑问', '本年度未收取信息处理费', '本年度没有收取信息处理费', '以公开为常态、不公开为例外', '以公开为常态，不公开为例外'], "stock phrases of the template and guidance: a sentence containing one is not compared"),
    }

    def check_corpus(self, corpus):
        from gilint.audit import shingles  # start-up: only an audit runs the corpus rules (gilint check lists them)
        con = corpus.con
        threshold = float(self.params["threshold"])
        min_bodies = int(self.params["boilerplate_bodies"])
        min_chars = int(self.params["min_chars"])
        stock = [s for p in self.params["stock_phrases"] for s in shingles.sentences(p)[:1]]
        cap = COMMON
        con.executescript("""
            DROP TABLE IF EXISTS temp.bp; DROP TABLE IF EXISTS temp.fp2; DROP TABLE IF EXISTS temp.common;
            DROP TABLE IF EXISTS temp.fpall;
            CREATE TEMP TABLE bp (sh INTEGER PRIMARY KEY);
            CREATE TEMP TABLE common (fp INTEGER PRIMARY KEY);
            CREATE TEMP TABLE fp2 (report_id INTEGER, section INTEGER, fp INTEGER);
        """)
        con.execute("INSERT INTO bp SELECT s.sh FROM sentences s JOIN reports r ON r.id = s.report_id "
                    "GROUP BY s.sh HAVING COUNT(DISTINCT r.body) >= ?", (min_bodies,))
        con.execute("INSERT INTO fp2 SELECT DISTINCT f.report_id, f.section, f.fp FROM fingerprints f "
                    "JOIN reports r ON r.id = f.report_id AND r.body IS NOT NULL AND r.year IS NOT NULL "
                    "WHERE f.sh NOT IN bp")
        # every fingerprint outside boilerplate (for the estimate); the rare ones (for the join)
        con.execute("CREATE TEMP TABLE fpall AS SELECT * FROM fp2")
        con.execute("CREATE INDEX temp.fpall_rs ON fpall(report_id, section)")
        con.execute("INSERT INTO common SELECT fp FROM fp2 GROUP BY fp HAVING COUNT(*) > ?", (cap,))
        con.execute("DELETE FROM fp2 WHERE fp IN common")
        con.execute("CREATE INDEX temp.fp2_fp ON fp2(fp, section)")
        pairs = con.execute(
            "SELECT a.report_id, a.section, b.report_id, COUNT(*) FROM fp2 a JOIN fp2 b "
            "ON a.fp = b.fp AND a.section = b.section AND a.report_id <> b.report_id "
            "GROUP BY a.report_id, a.section, b.report_id")
        boiler = None
        texts: dict = {}
        fps: dict = {}
        for a, sec, b, _n in pairs.fetchall():   # sharing a rare fingerprint
            ra, rb = corpus.reports.get(a), corpus.reports.get(b)
            if ra is None or rb is None or not self._compared(corpus, ra, rb):
                continue
            fa, fb = self._fps(con, fps, a, sec), self._fps(con, fps, b, sec)
            if len(fa & fb) < threshold * MARGIN * len(fa):   # the sampled estimate, with a margin
                continue
            if boiler is None:
                boiler = {sh for (sh,) in con.execute("SELECT sh FROM bp")}
            sa = self._own(con, texts, a, sec, boiler, stock, min_chars)
            sb = self._own(con, texts, b, sec, boiler, stock, 0)
            if not sa or not sb:
                continue
            share = len(sa & sb) / len(sa)
            if share >= threshold:
                where = con.execute("SELECT line FROM sections WHERE report_id=? AND number=?",
                                    (a, sec)).fetchone()
                line = where[0] if where else 1
                whose = f"{rb.year}年报告" if rb.body == ra.body else f"{rb.body}{rb.year}年报告"
                self.report_on(ra, f"“{SECTION_NAMES.get(sec, sec)}”的文字有{share:.0%}与{whose}相同"
                                   f"（{rb.path}；已除去模板语句和通用表述）",
                               cell=(line, 1, 0, 0), related=rb, share=round(share, 3))
        con.executescript("DROP TABLE IF EXISTS temp.bp; DROP TABLE IF EXISTS temp.fp2; "
                          "DROP TABLE IF EXISTS temp.common; DROP TABLE IF EXISTS temp.fpall;")

    @staticmethod
    def _fps(con, cache, report_id, sec) -> frozenset:
        """A section's fingerprints outside boilerplate (bounded cache)."""
        key = (report_id, sec)
        got = cache.get(key)
        if got is None:
            got = cache[key] = frozenset(fp for (fp,) in con.execute(
                "SELECT fp FROM fpall WHERE report_id=? AND section=?", key))
            if len(cache) > 50000:
                cache.pop(next(iter(cache)))
        return got

    @staticmethod
    def _compared(corpus, a, b) -> bool:
        """Is ``a`` judged against ``b``? The same body: only its previous report; another
        body: a report of the same year (both ways) or of an earlier year."""
        if a.body == b.body:
            earlier = [y for y in corpus.series[a.body] if y < a.year]
            return bool(earlier) and b.year == max(earlier)
        return b.year <= a.year

    @staticmethod
    def _own(con, cache, report_id, sec, boiler, stock, min_chars) -> set[int]:
        """A section's shingles outside boilerplate and stock sentences (exact, not sampled)."""
        key = (report_id, sec)
        if key not in cache:
            from gilint.audit import shingles  # start-up: (as in check_corpus)
            row = con.execute("SELECT text FROM sections WHERE report_id=? AND number=?", key).fetchone()
            sents = [s for s in shingles.sentences(row[0] if row else "")
                     if shingles.sentence_hash(s) not in boiler and not shingles.is_stock(s, stock)]
            own = set()
            for s in sents:
                own |= shingles.shingle_hashes(s)
            cache[key] = (sum(len(s) for s in sents), own)
            if len(cache) > 4096:
                cache.pop(next(iter(cache)))
        chars, own = cache[key]
        return own if chars >= min_chars else set()
