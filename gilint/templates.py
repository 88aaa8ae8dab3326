"""The national templates as data (rules/national/template-*.toml), loaded once.

A template file may ``extends`` another; tables merge key by key, lists are replaced whole.
``rows_replace`` in a section replaces one row of the base by several (2021's （六）其他处理).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

from gilint.hashes import digest
from gilint.i18n import gettext as _
from gilint.tomlload import ConfigError, loads_toml
from gilint.lazyre import lazy
from gilint.record import FrozenRecord, Record

_SPACE = lazy(regex, r"[\s\u3000\u00a0]+")


def _norm(text: str) -> str:
    text = nfkc(text)
    # (both in C, as the regex and translate would cost ~200 and ~750 instructions a character:
    # str.split's whitespace is _SPACE's — regex's \s, U+3000, U+00A0 — and the separators
    # U+001C–U+001F, which \s leaves; a text without quotes is what translate would give)
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        text = _SPACE.sub("", text)
    else:
        text = "".join(text.split())
    if "“" in text or "”" in text or "‘" in text or "’" in text or "〝" in text or "〞" in text:
        text = text.translate(_QUOTES)
    return text


# Han characters (CJK Unified Ideographs) are their own NFKC form, and NFKC never composes nor
# reorders across one (a starter no composition pair holds): the normal form of a text is its
# Han runs joined with the normal forms of the parts between them. unicodedata normalises a
# text that is not normal already (most report text: any ，（）) at a few thousand instructions
# a character; the parts between Han runs are short and recur (，、（一）、2024): memoised.
_HAN_RUNS = lazy(regex, r"([\u4e00-\u9fff]+)")


class _PartNorm(dict):
    """A text between Han runs → its NFKC form, kept for short ones."""

    def __missing__(self, part: str) -> str:
        n = unicodedata.normalize("NFKC", part)
        if len(part) <= 16 and len(self) < 65536:
            self[part] = n
        return n


_NFKC_PART = _PartNorm()


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, the parts between Han runs normalised apart."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    pieces = _HAN_RUNS.split(text)   # (parts between Han runs at even indexes, runs at odd)
    pieces[::2] = map(_NFKC_PART.__getitem__, pieces[::2])
    return "".join(pieces)


# Labels, headings and cells recur within a document and across reports: memoised (short
# texts only, so that a large section's text is never kept alive by the cache).
_norm_cached = lru_cache(maxsize=16384)(_norm)


def norm(text: str) -> str:
    """Canonical comparison form of a label: NFKC, no whitespace, unified quotes."""
    return _norm_cached(text) if len(text) <= 256 else _norm(text)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"', "、": "、"})


class Row(FrozenRecord):
    FIELDS = {"key": ..., "label": ..., "group": None}   # str, str, str | None


class SubTable(FrozenRecord):
    FIELDS = {"item": ..., "columns": ..., "kinds": ..., "rows": ...}   # str, then tuples of str


class SectionDef(FrozenRecord):
    # number: int, heading: str, title: str, variants: tuple[str, ...], table: str | None
    FIELDS = {"number": ..., "heading": ..., "title": ..., "variants": (), "table": None,
              "may_be_empty": False}


class Template(Record):
    FIELDS = {"name": ..., "document": ..., "first_year": ..., "last_year": ...,
              "sections": ...,              # list[SectionDef]
              "s2_subtables": ...,          # list[SubTable]
              "s2_header_first": ..., "rule_making_rows": ..., "s3_columns": ...,
              "s3_header_words": ..., "s3_identity_note": ...,
              "s3_rows": ...,               # list[Row]
              "s3_outcome_total": ..., "s3_balance": ..., "s4_groups": ..., "s4_group_headers": ...,
              "s4_columns": ..., "source": "",
              # The files read, with the hash of the bytes parsed: this file and what it extends
              # (for gilint.cache, which serves findings again only while these are unchanged).
              "files": ()}
    HIDDEN = ("files",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._row_by_norm = {norm(r.label): r for r in self.s3_rows}

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def s3_row(self, key: str) -> Row:
        return next(r for r in self.s3_rows if r.key == key)

    def s3_keys(self, patterns) -> list[str]:
        """Keys matching patterns such as ``deny.*`` (prefix) or ``other*``."""
        memo = self.__dict__.setdefault("_s3_keys", {})   # asked on every lint: kept
        key = tuple(patterns)
        keys = memo.get(key)
        if keys is None:
            keys = memo[key] = tuple(r.key for p in key for r in self.s3_rows
                                     if (p.endswith("*") and r.key.startswith(p[:-1])) or r.key == p)
        return list(keys)


def _merge(base: dict, top: dict) -> dict:
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


MAX_EXTENDS_DEPTH = 64     # as for packs: a deeper chain is an error, never a RecursionError


def _load_raw(path: Path, seen: tuple = (), files: list | None = None) -> dict:
    if path in seen:
        raise ConfigError(_("template extends itself (cycle)"), path)
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise ConfigError(_("template extends chain deeper than {depth} files (from {first})").format(
            depth=MAX_EXTENDS_DEPTH, first=seen[0]), path)
    try:  # as load_toml, keeping the bytes' hash
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(_("cannot read: {reason}").format(reason=exc.strerror or exc), path) from None
    data = loads_toml(raw.decode("utf-8-sig", errors="replace"), path)
    if files is not None:
        files.append((str(path), digest(raw)))
    if "extends" in data:
        base = _load_raw(path.parent / data.pop("extends"), seen + (path,), files)
        data = _merge(base, data)
    return data


def load_template(path: str | Path) -> Template:
    path = Path(path)
    files: list = []
    d = _load_raw(path, files=files)
    try:
        s3 = d["section3"]
        rows = []
        replace = s3.get("rows_replace", {})
        for r in s3["rows"]:
            for rr in replace.get(r["key"], [r]):
                rows.append(Row(rr["key"], rr["label"], rr.get("group")))
        s2 = d["section2"]
        s4 = d["section4"]
        return Template(
            name=str(d["name"]), document=d["document"],
            first_year=int(d["first_year"]), last_year=int(d["last_year"]),
            sections=[SectionDef(s["number"], s["heading"], s["title"], tuple(s.get("variants", ())),
                                 s.get("table"), bool(s.get("may_be_empty", False)))
                      for s in d["sections"]],
            s2_subtables=[SubTable(t["item"], tuple(t["columns"]), tuple(t["kinds"]), tuple(t["rows"]))
                          for t in s2["subtables"]],
            s2_header_first=s2.get("header_first", "信息内容"),
            rule_making_rows=tuple(s2.get("rule_making_rows", ("规章",))),
            s3_columns=tuple(s3["columns"]), s3_header_words=tuple(s3.get("header_words", ())),
            s3_identity_note=s3.get("identity_note", ""), s3_rows=rows,
            s3_outcome_total=s3["outcome_total"], s3_balance=s3["balance"],
            s4_groups=tuple(s4["groups"]), s4_group_headers=tuple(s4.get("group_headers", ())),
            s4_columns=tuple(s4["columns"]), source=str(path), files=tuple(files),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(_("malformed template: {error}").format(error=repr(exc)), path) from None


@lru_cache(maxsize=16)
def load_templates(paths: tuple[str, ...]) -> tuple[Template, ...]:
    return tuple(load_template(p) for p in paths)
