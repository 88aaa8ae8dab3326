from __future__ import annotations

from gilint.checks.kinds.base import Kind, KindError, opt_bool, opt_str, opt_str_list
from gilint.findings import Edit, Fix
from gilint.i18n import gettext as _


class Forbidden(Kind):
    """Phrases (literal) or patterns (regular expressions) that must not appear in the scope.
    ``replace`` gives a fix that replaces the match (``""`` deletes it); ``safe`` (default false)
    says whether the fix may be applied without review."""
    doc_zh = """范围内不得出现的词语（原文照录）或模式（正则表达式）。
    ``replace`` 给出把匹配内容替换掉的修复（``""`` 表示删除）；``safe``（默认 false）表示该修复能否不经审阅直接应用。

    例：地方规则包禁止“政务公开网”之类已停用的名称，或禁止出现个人手机号码。
    """
    name = "forbidden"
    options = ("phrases", "patterns", "ignore-case", "replace", "safe")
    default_message = "不应使用“{match}”"

    def __init__(self, opts):
        super().__init__(opts)
        self.phrases = opt_str_list(opts, "phrases")
        self.patterns = opt_str_list(opts, "patterns")
        if not self.phrases and not self.patterns:
            raise KindError(_("a forbidden rule needs `phrases` or `patterns`"), "phrases")
        self.replace = opt_str(opts, "replace")
        self.safe = opt_bool(opts, "safe", False)
        self.ignore_case = opt_bool(opts, "ignore-case", False)
        self.pats = self._patterns(self.phrases, self.patterns, self.ignore_case)

    @property
    def fix_safety(self):
        return "none" if self.replace is None else ("safe" if self.safe else "unsafe")

    def check(self, rule):
        for a, b, m, _extra in self.matches(rule, self.pats):
            fix = None
            if self.replace is not None:
                new = m.expand(self.replace) if self.patterns else self.replace
                fix = Fix((Edit(a, b, new),), safe=self.safe,
                          description=f"改为“{new}”" if new else "删除")
            rule.report(a, b, self.say(match=m.group(0)), fix)
