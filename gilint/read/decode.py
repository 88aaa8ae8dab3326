"""Bytes → text, remembering how to write the text back byte for byte.

Government offices save drafts as UTF-8 (with or without BOM) or GB18030/GBK; Word's
"Unicode" plain text is UTF-16 (BOM or none). The encoding is
detected with charset-normalizer when the bytes are not valid UTF-8; the newline style and BOM
are recorded so that ``encode`` reproduces every byte that an edit did not touch.
"""
from __future__ import annotations

import codecs
import re

from gilint.textpos import detect_newline as _newline

from gilint.i18n import gettext as _
from gilint.lazyre import lazy
from gilint.record import FrozenRecord

# Larger inputs are refused with a clear message rather than analysed for minutes.
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """Input that is not a readable text document; the message is for the user, one line."""


class Decoded(FrozenRecord):
    # text; encoding: the codec name used to decode ("utf-8", "gb18030", …); bom: a UTF-8 BOM
    # preceded the text (not part of ``text``); newline: the dominant one, "\n", "\r\n" or "\r"
    FIELDS = {"text": ..., "encoding": ..., "bom": ..., "newline": ...}

    def __init__(self, text: str, encoding: str, bom: bool, newline: str):
        d = self.__dict__   # (frozen: fields set once, here; made for every file read)
        d["text"] = text
        d["encoding"] = encoding
        d["bom"] = bom
        d["newline"] = newline

    def encode(self, text: str) -> bytes:
        """Encode ``text`` (which keeps its own newlines) the way the original was stored."""
        data = text.encode(self.encoding)
        return _BOMS[self.encoding] + data if self.bom else data


# The BOM of each encoding read with one (``Decoded.bom``): Word's "Unicode" .txt is UTF-16LE
# with a BOM; some tools write UTF-16 without one.
_BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
         "utf-16-be": codecs.BOM_UTF16_BE}


def _utf16(data: bytes) -> Decoded | None:
    """UTF-16 text, with a BOM or (if it reads as Chinese or ASCII text) without one."""
    for enc in ("utf-16-le", "utf-16-be"):
        if data.startswith(_BOMS[enc]):
            try:
                text = data[2:].decode(enc)
            except UnicodeDecodeError:
                raise InputError(_("cannot decode the file as UTF-16 ({order})").format(order=enc[-2:].upper())) from None
            return Decoded(text, enc, True, _newline(text))
    if len(data) % 2 or data.find(b"\x00", 0, 8192) < 0:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _mostly_cjk_or_ascii(text) and any(c in text for c in "\n\r"):
            return Decoded(text, enc, False, _newline(text))
    return None


def _looks_binary(data: bytes) -> bool:
    if data.find(b"\x00", 0, 8192) >= 0:
        return True
    # Zip (docx), PDF, images: refuse early with a clear message.
    return data.startswith((b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0"))


def decode_bytes(data: bytes, name: str = "<input>") -> Decoded:
    if len(data) > MAX_BYTES:
        raise InputError(_("file too large ({size} MB; the limit is {limit} MB)").format(
            size=len(data) // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)))
    if not data or data.isspace():   # (no stripped copy of the whole file)
        raise InputError(_("file is empty"))
    utf16 = _utf16(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise InputError(_("binary file, not a text document (export the report as .txt or .md)"))
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
        if _mostly_cjk_or_ascii(text) and _plausible_gb(text):
            return Decoded(text, "gb18030", False, _newline(text))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # start-up: only for text neither UTF-8 nor GB

    best = from_bytes(body).best()
    if best is None or best.encoding is None:
        raise InputError(_("cannot determine the text encoding (not UTF-8 or GB18030)"))
    enc = codecs.lookup(best.encoding).name
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"
    try:
        text = body.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise InputError(_("cannot decode the file as {encoding}").format(encoding=enc)) from None
    if not _mostly_cjk_or_ascii(text) or not _cjk_beyond_ascii(text) or (
            enc == "gb18030" and not _plausible_gb(text)):
        raise InputError(_("cannot determine the text encoding (not UTF-8, UTF-16 or GB18030; "
                           "best guess: {encoding}): save the report as UTF-8").format(encoding=enc))
    return Decoded(text, enc, False, _newline(text))


def _cjk_beyond_ascii(text: str) -> bool:
    """Whether most characters beyond ASCII are Chinese (or full-width): a guess of a European
    code page for Latin-1 bytes (año → ańo) is no reading of a Chinese report."""
    wide = [ch for ch in text[:20000] if ch >= "\x80"]
    cjk = sum(1 for ch in wide if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return cjk >= 0.5 * len(wide)


def _plausible_gb(text: str) -> bool:
    """Whether text decoded as GB18030 reads as Chinese: almost every GB18030 byte pair
    decodes, so Latin-1 "ó" + "n" becomes 髇. Chinese text is made of GB2312 characters (both
    bytes from 0xA1) with a few rarer ones; text whose non-ASCII characters are mostly outside
    GB2312 is another encoding read wrongly."""
    sample = text[:20000]
    ascii_chars = len(sample.encode("ascii", "ignore"))
    wide = len(sample) - ascii_chars
    if not wide:
        return True
    # (GB2312 writes each ASCII character as one byte, each other character it has as two, and
    # drops the others: counted without a copy of the text without its ASCII)
    common = (len(sample.encode("gb2312", "ignore")) - ascii_chars) // 2
    return common >= 0.8 * wide


def _mostly_cjk_or_ascii(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    good = len(_NOT_CJK_OR_ASCII.sub("", sample))   # (counted without a list of the others)
    return good / len(sample) > 0.9


# Neither ASCII (but DEL) nor CJK symbols, kana, ideographs or full-width forms.
_NOT_CJK_OR_ASCII = lazy(re, r"[^\x00-\x7e\u3000-\u9fff\uff00-\uffef]")
