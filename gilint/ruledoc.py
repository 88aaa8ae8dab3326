"""A rule's documentation is its class docstring (``gilint rule CODE`` prints it): shared by the
single-report rules (gilint.checks.base.Rule) and the corpus rules (gilint.audit.crossrules).

Chinese first: beside the English docstring a rule carries ``doc_zh``, the same documentation
for a clerk (作用 / 原因 / 依据 / 示例 / 正确写法 / 修复). ``documentation()`` gives the one of
the language in use (gilint.i18n), English where a rule has no Chinese (a pack's own rules)."""
from __future__ import annotations

from gilint.i18n import current


class Documented:
    doc_zh: str = ""

    @classmethod
    def documentation(cls, lang: str | None = None) -> str:
        if lang is None:
            lang = current()
        if lang == "zh" and cls.doc_zh:
            return cleandoc(cls.doc_zh)
        return cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls, lang: str | None = None) -> str:
        return cls.documentation(lang).split("\n", 1)[0].strip()


def cleandoc(doc: str) -> str:
    """``inspect.cleandoc``: inspect (with ast, dis, tokenize) is imported only when some
    documentation is shown, never by a check."""
    import inspect  # start-up: see above
    return inspect.cleandoc(doc)
