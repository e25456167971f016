"""Comparison forms of text, so stages compare like with like.

``norm_line``: what phrase and vocabulary patterns are matched against — NFKC (full-width punctuation
becomes ASCII), one script (t2s), lower case, whitespace collapsed. Punctuation is kept.
``text_key``: what copies are compared by — ``norm_line`` without punctuation, whitespace or leftover
``字(pīnyīn)`` annotations (the repair stage removes them; the key must not depend on it having done so).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Written as [x][x]* rather than [x]+: re skips to a candidate at C speed only when a pattern starts with a class.
_NOT_WORD = re.compile(r"[\W_][\W_]*", re.UNICODE)
_SPACES = re.compile(r"\s\s*")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# A pinyin syllable in brackets right after a Han character: the mirror-spam annotation (neutral tones
# have no mark: 子(zi)). Only for keys: real glosses are the repair stage's call. (The bracket comes first and
# the Han character is checked behind it: a pattern starting with a class is scanned at C speed.)
ANNOTATION = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（])\s*[a-z{_TONED}]{{1,7}}\s*[)）]")
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")


_T2S = None


def _t2s(text: str) -> str:
    # Plain t2s: keys only need one script, not the context layer's 著/着 decisions (5x slower).
    global _T2S
    if _T2S is None:
        from .convert import to_simplified_explained

        _T2S = to_simplified_explained
    return _T2S(text, context_rules=False)[0]


@lru_cache(maxsize=8192)
def norm_line(text: str) -> str:
    """NFKC, simplified script, lower case, single spaces; punctuation kept (as its ASCII form where NFKC has one)."""
    text = unicodedata.normalize("NFKC", text)
    text = ANNOTATION.sub("", text)
    return _SPACES.sub(" ", _t2s(text)).strip().lower()


def text_key(text: str) -> str:
    """``norm_line`` with everything but letters, digits and Han characters removed."""
    return _NOT_WORD.sub("", norm_line(text))


def han_count(text: str) -> int:
    # Deleting the runs of Han characters is one C call; a match per character is not.
    return len(text) - len(_HAN.sub("", text))


def bigrams(key: str) -> set[str]:
    """Character bigrams of a key (a single character counts as its own gram)."""
    if len(key) < 2:
        return {key} if key else set()
    return {key[i:i + 2] for i in range(len(key) - 1)}


def similarity(a: set[str], b: set[str]) -> float:
    """Dice overlap of two bigram sets: a copy with a few garbled characters still scores high."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
