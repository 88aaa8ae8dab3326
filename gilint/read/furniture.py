"""Page furniture: text of the web page or the print layout around a report, not the report.

Site navigation and breadcrumbs before the title, the footer after section 六 (附件下载, the
attachment's file name, 【打印本页】【关闭窗口】, 主办单位, 网站标识码, ICP备案 …). Page numbers
(``- 3 -``) are left out line by line (``gilint.read.lines.PAGE_NUMBER``). The reader records
the furniture's ranges (``Report.furniture``); no finding is reported inside them.
"""
from __future__ import annotations

import regex

from gilint.lazyre import lazy

# A footer starts at the first of these after section 六's body.
FOOTER = lazy(regex,
    r"附件下载|相关附件|附件[:：]|[^\s]+\.(?:docx?|pdf|xlsx?|wps|ofd)(?![\w])|【\s*打印|【\s*关闭|打印本页|关闭窗口"
    r"|主办单位[:：]|承办单位[:：]|网站标识码|ICP备|版权所有|联系我们|上一篇[:：]|下一篇[:：]|分享到[:：]?|扫一扫")
# Navigation before the title: a menu bar or a breadcrumb.
NAVIGATION = lazy(regex, r"当前位置|您的位置|所在位置|首页\s*[|>›»＞/]|[|>›»＞]\s*首页|\s[|｜]\s")
# The title inside a longer line (a crawl): what ends with …年度报告 / …工作报告 and names
# 信息公开 (政府 may be left out: GI107 says so) or 政务公开, after the last separator of any
# navigation before it.
TITLE_IN_LINE = lazy(regex,
    r"(?:^|(?<=[\s|｜>›»＞]))(?P<t>[^\s|｜>›»＞]{0,40}?(?:信息公开|政务公开)[^\s|｜>›»＞。]{0,16}?报告)")


# A string each footer mark holds (FOOTER, alternative by alternative): a text without any
# has no footer. Told by str.find: FOOTER's file names ([^\s]+ before the extension) are tried
# from every character of a run without blanks, which costs a report's section 六 ~30 µs.
_FOOTER_STRINGS = ("附件", ".doc", ".pdf", ".xls", ".wps", ".ofd", "【", "打印本页", "关闭窗口",
                   "主办单位", "承办单位", "网站标识码", "ICP备", "版权所有", "联系我们", "上一篇",
                   "下一篇", "分享到", "扫一扫")


def footer_start(text: str, start: int, end: int) -> int | None:
    """Where the footer begins in text[start:end] (section 六's body), if anywhere."""
    if not any(text.find(s, start, end) >= 0 for s in _FOOTER_STRINGS):
        return None
    m = FOOTER.search(text, start, end)
    return m.start() if m else None


def title_in_line(line: str) -> tuple[int, int] | None:
    """(start, end) of a title inside a long line (a crawl: navigation, title and preamble run
    together); a breadcrumb's last item (…年报) glued to the title is left out."""
    m = TITLE_IN_LINE.search(line)
    if not m:
        return None
    a, b = m.span("t")
    cut = line.rfind("年报", a, b)
    if cut >= 0 and b - (cut + 2) >= 8:
        a = cut + 2
    body = _BODY_BEFORE.search(line, 0, a)   # the body's name before it: 城西街道办事处 2022年…
    if body is not None:
        a = body.start()
    return a, b


_BODY_BEFORE = lazy(regex,
    r"(?:^|(?<=[\s|｜>›»＞]))[^\s|｜>›»＞]{2,30}?(?:人民政府|政府|局|委员会|委|办公室|办公厅|办事处|街道|镇|乡|中心)[ \u3000]+$")
