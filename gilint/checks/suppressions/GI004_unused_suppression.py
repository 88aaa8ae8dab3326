from __future__ import annotations

from gilint.checks.suppressions.helpers import SuppressionRule


class UnusedSuppression(SuppressionRule):
    """A suppression or waiver that no longer suppresses anything.

    ## What it does
    Reports a `gilint-disable…` comment (for each of its codes) that covers no finding of that
    code, and an entry of a waiver file (`gilint check --baseline FILE`) that matches no
    finding of the file it names. A code whose rule did not run (not selected, disabled by the
    pack, or skipped because the report year is out of scope or a table could not be read) is
    not reported.

    ## Why
    A suppression records that the county accepted a finding, with the reason. When the text
    has been corrected, the record is stale: left in place it would silently hide a new problem
    of the same kind at the same spot.

    ## Basis
    Good practice for linters (ruff RUF100, ESLint `--report-unused-disable-directives`); the
    record of reasons is kept for the 政务公开 office's review.

    ## Example
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    | 2.其他法律行政法规禁止公开 | 0 | … |
    ```
    (the label is already correct, so nothing is suppressed)

    ## Use instead
    Delete the comment (or the code from its list); regenerate the waiver file with
    `gilint baseline`.

    ## Fix
    Unsafe: removes the comment, or the unused codes from it. Deleting a recorded reason is a
    decision for a person, so `--fix` alone never does it.
    """
    doc_zh = """不再屏蔽任何问题的屏蔽注释或豁免记录。

    ## 作用
    报告没有屏蔽到对应编号任何问题的 `gilint-disable…` 注释（按编号逐个报告），以及豁免文件（`gilint check --baseline 文件`）中与所指文件的任何问题都对不上的条目。规则本身没有运行（未选中、被规则包关闭、报告年度不在范围内或表格无法读取）的编号不报告。

    ## 原因
    屏蔽注释记录了县里同意接受某个问题及其理由。正文改正后，这条记录就过时了；留着它，会悄悄掩盖同一位置以后出现的同类新问题。

    ## 依据
    被屏蔽的是对照《中华人民共和国政府信息公开条例》第五十条和国办公开办函〔2021〕30号 格式发现的问题，屏蔽理由记录供政务公开办审核；做法参照代码检查工具的通行做法（ruff RUF100、ESLint `--report-unused-disable-directives`）。

    ## 示例
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    | 2.其他法律行政法规禁止公开 | 0 | … |
    ```
    （行名已经正确，没有屏蔽任何问题）

    ## 正确写法
    删除这条注释（或删去列表中的编号）；用 `gilint baseline` 重新生成豁免文件。

    ## 修复
    不安全修复：删除注释或其中未使用的编号。删除已记录的理由应由人决定，因此仅用 `--fix` 不会执行。
    """
    code, name, severity = "GI004", "unused-suppression", "warning"
    fix = "unsafe"
