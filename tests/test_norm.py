"""gilint.templates.norm takes shortcuts (nfkc normalises the parts between Han runs apart,
whitespace goes by str.split, quotes are translated only where there are some): it must
equal the plain definition — NFKC, regex's whitespace out, quotes unified — for every text."""
import random
import unicodedata

import regex

from gilint.templates import _QUOTES, _norm, nfkc, norm

SPACE = regex.compile(r"[\s\u3000\u00a0]+")


def plain_norm(text: str) -> str:
    return SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_every_character_next_to_han_characters():
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or not (cp < 0x30000 or 0xE0000 <= cp < 0xE0200):
            continue
        c = chr(cp)
        for text in (c + "一", "一" + c + "二", "a" + c + "中\u0301", "（" + c + "）一" + c + "\u0308"):
            assert nfkc(text) == _nfkc(text), (hex(cp), text)


def test_composing_sequences_around_han_runs():
    rnd = random.Random(0)
    pool = [chr(c) for c in [*range(0x300, 0x370), *range(0x1100, 0x1200), *range(0xAC00, 0xAC40),
                             *range(0xFF00, 0xFF70), *range(0x3000, 0x3040), *range(0xF900, 0xF920),
                             *range(0x2460, 0x24FF), *range(0x3200, 0x3300), *range(0x4E00, 0x9FFF, 97)]]
    pool += list("aeiouAEIOU \t\n，。（）0123456789")
    for _ in range(50_000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 24)))
        assert nfkc(text) == _nfkc(text), text


def test_report_text():
    text = "（一）主动公开政府信息情况。本年新收申请１２件，其中ｅ－mail申请３件；“第二十条第（五）项”㈠①"
    assert nfkc(text) == _nfkc(text) != text
    assert nfkc("政府信息公开") == "政府信息公开"


def test_norm_of_every_character():
    for cp in range(0x30000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for text in (c, "“一" + c + " 二”", "a\u3000" + c + "\x1c，"):
            assert _norm(text) == plain_norm(text), (hex(cp), text)


def test_norm_of_report_text():
    for text in ("（一）“主动”公开 政府信息\u3000情况：", "本年新收\x1e申请 １２ 件", "‘规章’\t0\n", ""):
        assert norm(text) == _norm(text) == plain_norm(text)
    assert norm("（一） “主动公开”") == '(一)"主动公开"'
