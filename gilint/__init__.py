"""gilint: a compliance linter for 政府信息公开工作年度报告.

The public API is deliberately small; every front-end (CLI, language server, pre-commit hook)
goes through it so that they can never disagree:

    from gilint import lint, Config
    findings = lint(text, Config.default())
"""
from gilint.findings import Edit, Finding, Fix
from gilint.config import Config
from gilint.engine import Analyzer, lint

__all__ = ["Analyzer", "Config", "Edit", "Finding", "Fix", "lint"]
__version__ = "0.1.0"
