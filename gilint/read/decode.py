"""Bytes → text, remembering how to write the text back byte for byte.

Government offices save drafts as UTF-8 (with or without BOM) or GB18030/GBK. The encoding is
detected with charset-normalizer when the bytes are not valid UTF-8; the newline style and BOM
are recorded so that ``encode`` reproduces every byte that an edit did not touch.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass

from gilint.textpos import detect_newline as _newline

# Larger inputs are refused with a clear message rather than analysed for minutes.
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """Input that is not a readable text document; the message is for the user, one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str          # codec name used to decode ("utf-8", "gb18030", …)
    bom: bool              # a UTF-8 BOM preceded the text (not part of ``text``)
    newline: str           # dominant newline: "\n", "\r\n" or "\r"

    def encode(self, text: str) -> bytes:
        """Encode ``text`` (which keeps its own newlines) the way the original was stored."""
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data




def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # Zip (docx), PDF, images: refuse early with a clear message.
    return head.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0"))


def decode_bytes(data: bytes, name: str = "<input>") -> Decoded:
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large ({len(data) // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    if not data.strip():
        raise InputError("file is empty")
    if _looks_binary(data):
        raise InputError("binary file, not a text document (export the report as .txt or .md)")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
        return Decoded(text, "utf-8", bom, _newline(text))
    except UnicodeDecodeError:
        pass
    # Not UTF-8. GB18030 is a superset of GBK and GB2312, so a strict GB18030 decode is tried
    # first; charset-normalizer decides between it and anything else that fits.
    try:
        text = body.decode("gb18030")
        if _mostly_cjk_or_ascii(text):
            return Decoded(text, "gb18030", False, _newline(text))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None or best.encoding is None:
        raise InputError("cannot determine the text encoding (not UTF-8 or GB18030)")
    enc = codecs.lookup(best.encoding).name
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"
    try:
        text = body.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise InputError(f"cannot decode the file as {enc}") from None
    if not _mostly_cjk_or_ascii(text):
        raise InputError(f"does not look like Chinese text (best guess: {enc})")
    return Decoded(text, enc, False, _newline(text))


def _mostly_cjk_or_ascii(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    good = sum(1 for ch in sample if ch < "\x7f" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return good / len(sample) > 0.9
