"""gilint: a compliance linter for 政府信息公开工作年度报告.

The public API is deliberately small; every front-end (CLI, language server, pre-commit hook)
goes through it so that they can never disagree:

    from gilint import lint, default_config
    findings = lint(text, default_config())   # the national pack; or a Config from gilint.packs

Attributes are imported on first use, so that ``import gilint.cli`` stays cheap.
"""
__version__ = "0.2.0"
__all__ = ["Analyzer", "Config", "Edit", "Finding", "Fix", "default_config", "lint"]

_WHERE = {"Analyzer": "gilint.engine", "lint": "gilint.engine", "Config": "gilint.config", "default_config": "gilint.packs",
          "Edit": "gilint.findings", "Finding": "gilint.findings", "Fix": "gilint.findings"}


def __getattr__(name):
    if name in _WHERE:
        import importlib  # attributes on first use: `import gilint.cli` stays cheap

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'gilint' has no attribute {name!r}")
