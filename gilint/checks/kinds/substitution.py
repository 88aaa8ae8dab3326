from __future__ import annotations

from gilint.checks.kinds.base import Kind, KindError, opt_bool
from gilint.findings import Edit, Fix
from gilint.i18n import gettext as _


class Substitution(Kind):
    """Wrong → right terms (``swap`` table). The fix replaces the wrong term with the right one
    (safe unless ``safe = false``). A match that is already part of the right term (网站 inside
    门户网站 for 网站 → 门户网站) is not reported. With ``regex = true`` the keys are regular
    expressions and the right terms may refer to groups (``\\1``)."""
    doc_zh = """错误用词 → 正确用词（``swap`` 对照表）。修复把错误用词替换为正确用词（除非 ``safe = false``，否则为安全修复）。已经是正确用词一部分的匹配（“网站 → 门户网站”时，“门户网站”中的“网站”）不报告。``regex = true`` 时对照表的键是正则表达式，正确用词可以引用分组（``\\1``）。

    例：``swap = { "规范性文件" = "行政规范性文件" }``（2021版格式的用词）。
    """
    name = "substitution"
    options = ("swap", "regex", "ignore-case", "safe")
    placeholders = ("expected",)
    default_message = "应为“{expected}”，而非“{match}”"

    def __init__(self, opts):
        super().__init__(opts)
        swap = opts.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise KindError(_('a substitution rule needs `swap = { "wrong" = "right", … }`'), "swap")
        for k, v in swap.items():
            if not isinstance(v, str) or not k:
                raise KindError(_("`swap`: the right term for {k!r} must be a string").format(k=k), "swap")
        self.swap = dict(swap)
        self.is_regex = opt_bool(opts, "regex", False)
        self.safe = opt_bool(opts, "safe", True)
        ignore_case = opt_bool(opts, "ignore-case", False)
        keys = list(self.swap)
        self.pats = self._patterns([] if self.is_regex else keys, keys if self.is_regex else [],
                                   ignore_case, key_regex="swap")

    @property
    def fix_safety(self):
        return "safe" if self.safe else "unsafe"

    def check(self, rule):
        text = rule.ctx.text
        for a, b, m, src in self.matches(rule, self.pats):
            right = m.expand(self.swap[src]) if self.is_regex else self.swap[src]
            if right == m.group(0) or self._already_right(text, a, m.group(0), right):
                continue
            rule.report(a, b, self.say(match=m.group(0), expected=right),
                        Fix((Edit(a, b, right),), safe=self.safe, description=f"改为“{right}”"))

    @staticmethod
    def _already_right(text, a, wrong, right) -> bool:
        k = right.find(wrong)
        while k >= 0:
            if a - k >= 0 and text[a - k:a - k + len(right)] == right:
                return True
            k = right.find(wrong, k + 1)
        return False
