"""How Chinese a string looks: per-character log weights, used to tell a repair from damage.

A garbled reading is full of rare characters, kana, box drawing, Latin-1 letters and controls; the right
reading is made of common characters. Scores are mean natural-log weights per character, so spans of
different lengths (UTF-8 has 3 bytes per character, GBK 2) compare fairly.
"""
from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from .. import charfreq

# Marks that are as normal in Chinese text as common characters.
CJK_PUNCT = "，。、“”‘’：；？！（）《》〈〉「」『』【】…—·・～％＋－＝／　"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def weights() -> dict[str, float]:
    """Character -> log share of all character weight (newsclean.charfreq)."""
    return charfreq.log_shares()


@lru_cache(maxsize=1)
def floor() -> float:
    """The weight of a Han character the dictionary never saw."""
    return charfreq.log_share(0.5)


# Fixed weights for what is not a Han character (the scale: common characters score about -5, rare -14).
_ASCII = -6.0
_PUNCT = -5.0
_ODD = -18.0       # kana, bopomofo, box drawing, Latin-1 letters, PUA, controls: garble in a Chinese text
_REPLACEMENT = -22.0


@lru_cache(maxsize=65536)
def char_score(ch: str) -> float:
    if ch in CJK_PUNCT:   # before the table, whose weights for marks are the decoder's
        return _PUNCT
    w = weights().get(ch)
    if w is not None:
        return w
    o = ord(ch)
    if o < 0x80:
        return _ASCII if ch.isprintable() or ch in "\t\n" else _ODD
    if ch == "\ufffd":
        return _REPLACEMENT
    if _HAN.match(ch):
        return floor()
    if 0xFF01 <= o <= 0xFF5E:          # full-width ASCII: normal in Chinese text
        return _ASCII
    cat = unicodedata.category(ch)
    if cat.startswith("P") and 0x2010 <= o <= 0x206F:
        return _PUNCT
    if 0x1F000 <= o <= 0x1FAFF:
        return _PUNCT   # emoji: common in social posts, and no wrong decode makes one (GBK, Big5, cp1252 never do)
    return _ODD


def score(text: str) -> float:
    """Mean per-character weight of `text` (whitespace ignored); 0.0 for empty text."""
    vals = [char_score(c) for c in text if not c.isspace()]
    return sum(vals) / len(vals) if vals else 0.0


def total(text: str) -> float:
    return sum(char_score(c) for c in text if not c.isspace())


@lru_cache(maxsize=8)
def common_chars(min_weight: int) -> str:
    """Han characters whose dictionary weight is at least `min_weight` (for the clean-text screen)."""
    return "".join(sorted(ch for ch, n in charfreq.counts().items() if n >= min_weight and charfreq.is_han(ch)))


@lru_cache(maxsize=1)
def utf8_lead_pairs() -> frozenset[str]:
    """GBK/Big5 characters made of a UTF-8 lead byte of a Chinese character (E4-E9) and a continuation byte:
    every other character of UTF-8 Chinese read as GBK or Big5 is one, however common it looks (涓, 鍥, 撅)."""
    out = set()
    for codec in ("gbk", "big5"):
        for lead in range(0xE4, 0xEA):
            for cont in range(0x80, 0xC0):
                try:
                    out.add(bytes([lead, cont]).decode(codec))
                except UnicodeDecodeError:
                    pass
    return frozenset(out)


@lru_cache(maxsize=1)
def _pairs() -> dict[str, int]:
    """Two-character words of jieba's dictionary (read from the installed jieba) with their frequencies."""
    return {w: f for w, f in charfreq.jieba_words() if len(w) == 2}


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    import opencc

    chars = [c for c in weights() if "\u3400" <= c <= "\u9fff"]
    conv = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, conv) if len(b) == 1 and a != b}


def pair_bonus(a: str, b: str) -> float:
    """How much more likely b is after a because "ab" is a word (0 when it is not); traditional folded to simplified."""
    if not a or not b:
        return 0.0
    t = _t2s()
    f = _pairs().get(t.get(a, a) + t.get(b, b))
    return 3.0 + 0.3 * math.log(f + 1) if f else 0.0


def word_share(text: str) -> float:
    """Share of adjacent Han character pairs in `text` that are dictionary words (0.0 when there is none):
    a right reading is made of words, an accidental one of unrelated common characters."""
    pairs = [(a, b) for a, b in zip(text, text[1:]) if _HAN.match(a) and _HAN.match(b)]
    if not pairs:
        return 0.0
    return sum(pair_bonus(a, b) > 0 for a, b in pairs) / len(pairs)
