from __future__ import annotations

from gilint.checks.suppressions.helpers import SuppressionRule


class InvalidSuppression(SuppressionRule):
    """A suppression comment that cannot be honoured: unknown code, no code, or no reason.

    ## What it does
    Reports a `<!-- gilint-… -->` comment that names an unknown directive, no rule code, a code
    that is not a rule (national or declared by a pack), or that gives no reason. A suppression
    without a reason suppresses nothing: the finding stays. GI004 and GI005 themselves cannot
    be suppressed by a comment (use `--ignore` or the pack).

    ## Why
    The point of a suppression is the record: which finding the county accepted and why. A
    misspelt code would hide nothing while looking as if it did; a suppression without a reason
    leaves no record.

    ## Basis
    The county's review of accepted deviations from the 国办公开办函〔2021〕30号 templates needs
    the reason on record.

    ## Example
    ```markdown
    <!-- gilint-disable-next-line GI2O2 -->
    ```
    (letter O instead of zero, and no reason)

    ## Use instead
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    ```
    """
    doc_zh = """无法生效的屏蔽注释：编号未知、没有编号或没有理由。

    ## 作用
    报告 `<!-- gilint-… -->` 注释中指令未知、没有规则编号、编号不是任何规则（全国规则或规则包声明的规则），或没有写理由的情况。没有理由的屏蔽不屏蔽任何问题：问题照常报告。GI004 和 GI005 本身不能用注释屏蔽（请用 `--ignore` 或规则包）。

    ## 原因
    屏蔽的意义在于留下记录：县里接受了哪个问题、为什么。编号写错会看似屏蔽、实则无效；没有理由则没有记录。

    ## 依据
    县级对偏离国办公开办函〔2021〕30号 格式的情况进行审核时，需要有记录在案的理由。

    ## 示例
    ```markdown
    <!-- gilint-disable-next-line GI2O2 -->
    ```
    （把数字0写成了字母O，且没有理由）

    ## 正确写法
    ```markdown
    <!-- gilint-disable-next-line GI202 理由：经县政务公开办同意 -->
    ```

    ## 修复
    无自动修复。
    """
    code, name, severity = "GI005", "invalid-suppression", "warning"
