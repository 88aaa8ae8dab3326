"""Text fingerprints for GI603 (copied text): sentences, character shingles, sampled hashes.

A section's prose is cut into sentences, each normalised (NFKC, whitespace removed, digits
masked: a copy with this year's figures is still a copy). A sentence is identified by its hash
(to drop the corpus's boilerplate: sentences many bodies write) and contributes the hashes of
its 5-character shingles. Only the shingle hashes ≡ 0 mod ``SAMPLE`` are kept as the section's
fingerprints (Manber/Broder-style sampling: the same shingle is kept in every document, so the
share of kept fingerprints two sections have in common estimates the share of their text), and
an inverted index over them finds the candidate pairs; shares are then computed exactly.
"""
from __future__ import annotations

import zlib

import regex

from gilint.templates import norm
from gilint.lazyre import lazy

K = 8              # shingle length, in characters (shorter ones are the domain's common words)
SAMPLE = 4         # keep shingle hashes ≡ 0 mod SAMPLE as fingerprints
_SPLIT = lazy(regex, r"[。！？；;!?\n]+")
_DIGITS = lazy(regex, r"\d+")


def sentences(text: str) -> list[str]:
    """The normalised sentences of a text (empty ones dropped)."""
    out = []
    for s in _SPLIT.split(text):
        s = _DIGITS.sub("#", norm(s))
        if len(s) >= K:
            out.append(s)
    return out


def sentence_hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def shingle_hashes(s: str) -> set[int]:
    # crc32 of the bytes: stable across processes and runs (str hash() is salted)
    return {zlib.crc32(s[i:i + K].encode("utf-8")) for i in range(len(s) - K + 1)}


def fingerprints(s: str) -> list[int]:
    return sorted(h for h in shingle_hashes(s) if h % SAMPLE == 0)


def is_stock(s: str, stock) -> bool:
    """A sentence made of a stock phrase (the pack's list, normalised like the sentences)."""
    return any(p in s for p in stock)
