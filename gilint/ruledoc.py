"""A rule's documentation is its class docstring (``gilint rule CODE`` prints it): shared by the
single-report rules (gilint.checks.base.Rule) and the corpus rules (gilint.audit.crossrules)."""
from __future__ import annotations

import inspect


class Documented:
    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n", 1)[0].strip()
