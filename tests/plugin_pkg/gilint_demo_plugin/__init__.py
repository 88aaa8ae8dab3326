"""gilint-demo-plugin: a tiny gilint plugin used by gilint's tests.

It adds one check kind through the ``gilint.checks`` entry-point group ("demo:word-count")
and one pack through ``gilint.packs`` ("demo", the pack.toml beside this file).
"""
from __future__ import annotations

import regex

from gilint.checks.declarative import Kind, KindError

HAN = regex.compile(r"\p{Han}")


class WordCount(Kind):
    """The scope must hold at least ``min`` (and at most ``max``) Chinese characters; a
    section that only says 无 is not a report on problems and their fixes."""
    name = "demo:word-count"
    options = ("min", "max")
    placeholders = ("count", "min", "max")
    default_message = "字数为{count}，应在{min}到{max}之间"

    def __init__(self, opts: dict):
        super().__init__(opts)
        self.min = opts.get("min", 0)
        self.max = opts.get("max")
        for key in ("min", "max"):
            v = opts.get(key)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise KindError(f"`{key}` must be a whole number ≥ 0", key)

    def check(self, rule) -> None:
        report, text = rule.ctx.report, rule.ctx.text
        count = sum(len(HAN.findall(text[a:b])) for a, b in self.scope.spans(report, text))
        if count < self.min or (self.max is not None and count > self.max):
            for a, b in self.scope.anchor(report, text):
                rule.report(a, b, self.say(count=count, min=self.min,
                                           max="" if self.max is None else self.max))
