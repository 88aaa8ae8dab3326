from __future__ import annotations

from gilint.checks.base import Option
from gilint.checks.text.helpers import PatternRule


class ConversionArtifact(PatternRule):
    """Leftovers of conversion or editing.

    ## What it does
    Reports Word bookmarks ([bookmark: _GoBack]), HTML tags and entities and stray markup left
    by conversion (patterns in the pack: `[rules.GI502] patterns`, matched line by line: `^`
    and `$` are the start and end of a line; a match spans two lines only over the soft wrap
    of a paragraph — pdftotext's page width —, read as if the break were not there).

    ## Why
    They are published as they are and show that the text was not read before publication.

    ## Basis
    《党政机关公文处理工作条例》 (公文应当……格式规范).

    ## Example
    `[bookmark: _GoBack]规章`

    ## Use instead
    `规章`

    ## Fix
    Deletes the leftover (safe).
    """
    doc_zh = """格式转换或编辑留下的残留内容。

    ## 作用
    报告 Word 书签（[bookmark: _GoBack]）、HTML 标签和实体，以及转换留下的其他标记（规则包中的模式：`[rules.GI502] patterns`，逐行匹配：`^` 和 `$` 表示行首和行尾，一次匹配不会跨行）。

    ## 原因
    这些内容会原样发布出去，说明发布前没有通读。

    ## 依据
    《党政机关公文处理工作条例》（公文应当……格式规范）。

    ## 示例
    `[bookmark: _GoBack]规章`

    ## 正确写法
    `规章`

    ## 修复
    安全修复：删除残留内容。
    """
    code, name, severity, fix = "GI502", "conversion-artifact", "warning", "safe"
    options = {"patterns": Option(list, [
            r'\[bookmark:\s*[^\]]*\]',
            r'</?(?:p|span|div|br|td|tr|table|font|strong|b|i|u|em|img|a)(?:\s[^<>]*)?/?>',
            r'&(?:nbsp|amp|lt|gt|quot|ensp|emsp|#\d{2,5});',
            r'\{\\\w+[^{}]*\}',
        ], "leftovers of conversion or editing (regular expressions, `regex` syntax)")}
    delete = True

    def message(self, found):
        return f"转换或编辑残留：“{found}”"
