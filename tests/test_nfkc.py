"""gilint.templates.nfkc normalises the parts between Han runs apart: it must equal
unicodedata's NFKC of the whole text for every text."""
import random
import unicodedata

from gilint.templates import nfkc


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
