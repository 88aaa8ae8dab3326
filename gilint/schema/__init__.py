"""The JSON Schema of gilint.toml and pack files (gilint/schema/gilint.schema.json).

Editors use it for completion and hover (Even Better TOML / Taplo: put
``#:schema <path or URL>/gilint.schema.json`` on the first line of the file). gilint itself
validates packs in code (gilint.packs: unknown keys, unknown rule codes, bad types, with
file:line:col); tests/test_packs.py checks that the two agree.

The file is generated from the rule registry (each rule's options) and the check kinds:
``python -m gilint.schema`` rewrites it.
"""
from __future__ import annotations

import json
from pathlib import Path

from gilint.checks.declarative import BUILTIN_KINDS, COMMON_KEYS
from gilint.checks.kinds.base import SCOPES
from gilint.checks.registry import all_rules
from gilint.config import BODY_LEVELS
from gilint.findings import SEVERITIES
from gilint.checks.kinds.deadline import DEADLINE_SCHEMA

SCHEMA_FILE = Path(__file__).resolve().parent / "gilint.schema.json"


def schema_path() -> Path:
    return SCHEMA_FILE


def load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _json_type(v) -> dict:
    if isinstance(v, bool):
        return {"type": "boolean"}
    if isinstance(v, int):
        return {"type": "integer"}
    if isinstance(v, float):
        return {"type": "number"}
    if isinstance(v, str):
        return {"type": "string"}
    if isinstance(v, list):
        item = _json_type(v[0]) if v else {}
        return {"type": "array", "items": item}
    if isinstance(v, dict):
        return {"type": "object"}
    return {}


def build_schema() -> dict:

    deadline = DEADLINE_SCHEMA
    severity = {"enum": list(SEVERITIES), "description": "error | warning | info"}
    enabled = {"type": "boolean"}
    rules = {}
    for code, cls in all_rules().items():
        props = {"enabled": enabled, "severity": severity}
        for k, opt in cls.options.items():   # the rule's own declaration (type, default, doc)
            v = opt.default
            props[k] = {**(opt.schema or _json_type(v)), "description": opt.doc}
            if v is not None:
                props[k]["default"] = v
            if list in opt.types:
                props[f"extend-{k}"] = {**_json_type(v or []), "description": f"appended to the inherited {k}"}
        rules[code] = {"type": "object", "additionalProperties": False, "properties": props,
                       "description": f"{cls.name} ({cls.severity}): {cls.summary()}"}

    strs = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    kind_props = {
        "phrases": {**strs, "description": "literal phrases"},
        "patterns": {**strs, "description": "regular expressions (regex module, run with a timeout)"},
        "ignore-case": {"type": "boolean"},
        "replace": {"type": "string", "description": "forbidden: the fix replaces the match with this (\"\" deletes)"},
        "safe": {"type": "boolean", "description": "whether the fix may be applied without review"},
        "swap": {"type": "object", "additionalProperties": {"type": "string"},
                 "description": "substitution: wrong → right"},
        "regex": {"type": "boolean", "description": "substitution: the swap keys are regular expressions"},
        "headings": {**strs, "description": "required: sub-headings the scope's sections must have"},
        "mode": {"enum": ["all", "any"]},
        "insert": {"type": "string", "description": "required: an unsafe fix appends this line to the scope"},
        "table": {"enum": ["section2", "section3", "section4"]},
        "row": {**strs, "description": "range: row key (new, total, …) or row label"},
        "column": {"oneOf": [{"type": "string"}, {"type": "integer", "minimum": 1},
                             {"type": "array", "items": {"type": ["string", "integer"]}}]},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "deadline": deadline,
        "which": {"enum": ["last", "first", "all"]},
        "pattern": {"type": "string", "description": "deadline: a date pattern with groups year, month, day"},
    }
    for name, cls in BUILTIN_KINDS.items():
        for opt in cls.options:
            assert opt in kind_props, (name, opt)
    section = {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 6},
                         {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 6}}]}
    declared = {
        "type": "object",
        "description": "A rule this pack declares (code: the pack's prefix and three digits), or "
                       "settings for a rule an earlier pack declared.",
        "properties": {
            "kind": {"anyOf": [{"enum": list(BUILTIN_KINDS)},
                               {"type": "string", "pattern": "^[^:]+:.+$",
                                "description": "a plugin kind (gilint.checks entry point)"}]},
            "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "message": {"type": "string", "description": "{match} and the kind's placeholders"},
            "severity": severity,
            "enabled": enabled,
            "description": {"type": "string"},
            "scope": {"oneOf": [{"enum": list(SCOPES)},
                                {"type": "array", "items": {"enum": list(SCOPES)}}]},
            "section": section,
            **kind_props,
            **{f"extend-{k}": {"type": "array"} for k in ("phrases", "patterns", "headings", "row")},
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
             "then": {"propertyNames": {"enum": list(COMMON_KEYS) + list(cls.options)
                                        + [f"extend-{o}" for o in cls.options]}}}
            for name, cls in BUILTIN_KINDS.items()
        ],
    }
    assert set(declared["properties"]) >= set(COMMON_KEYS)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "gilint configuration (gilint.toml, rule packs, [tool.gilint])",
        "description": "Generated by `python -m gilint.schema`; see docs/packs.md.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "name": {"type": "string", "description": "the pack's name"},
            "prefix": {"type": "string", "pattern": "^[A-Z]{2,4}$",
                       "description": "code prefix of the rules this pack declares (not GI)"},
            "description": {"type": "string"},
            "extends": {"description": "packs merged before this file, in order: paths (relative "
                                       "to this file; with a / or ending in .toml) or installed "
                                       "names (\"national\", gilint.packs entry points)", **strs},
            "templates": {"type": "array", "items": {"type": "string"}},
            "extend-templates": {"type": "array", "items": {"type": "string"}},
            "baseline": {"type": "string", "description": "a waiver file (written by `gilint "
                                                          "baseline`), relative to this file: "
                                                          "its findings are not reported"},
            "report": {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "level": {"enum": list(BODY_LEVELS)},
                    "body": {"type": "string", "description": "issuing body's name"},
                    "year": {"type": "integer", "minimum": 1990, "maximum": 2200},
                    "deadline": deadline,
                },
            },
            "rules": {
                "type": "object",
                "properties": rules,
                "patternProperties": {"^[A-Z]{2,4}[0-9]{3}$": declared},
                "additionalProperties": False,
            },
        },
    }


def write_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
