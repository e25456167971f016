"""Does a reading look like Chinese? Mean log10 character frequency (newsclean.charfreq, from jieba's dictionary)."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from .. import charfreq
from ..config import DecodeConfig

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_DEFAULT = DecodeConfig()


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """char -> log10 probability (the config's thresholds are in log10)."""
    return {ch: lp / math.log(10) for ch, lp in charfreq.log_shares().items()}


@lru_cache(maxsize=65536)
def _backoff(ch: str, config: DecodeConfig) -> float:
    """log10 probability of a character the table does not list, by its kind."""
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cn", "Cs", "Cc") or ch == "\ufffd":
        return config.logp_garbage
    if charfreq.is_han(ch):
        return config.logp_unknown_han
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or 0x2000 <= cp <= 0x206F:
        return config.logp_cjk_punctuation
    if cp < 0x250 or cat == "Mn":
        return config.logp_latin   # pinyin tone letters, accented Latin, combining marks
    return config.logp_other       # kana, hangul, bopomofo, box drawing, Greek, Cyrillic, symbols …


def chinese_score(text: str, config: DecodeConfig | None = None) -> tuple[float, int]:
    """(mean log10 probability per non-ASCII character, how many there were); (0.0, 0) for ASCII.

    Looks at the first `config.score_chars` non-ASCII characters; control characters count as garbage.
    """
    config = config or _DEFAULT
    table = _table()
    chars = "".join(_NON_ASCII.findall(text, 0, 4 * config.score_chars))[: config.score_chars]
    controls = len(_CONTROL.findall(text, 0, 4 * config.score_chars))   # NUL etc.: a wrong UTF-16/32 split
    total = config.logp_garbage * controls
    for ch, k in Counter(chars).items():
        lp = table.get(ch)
        total += (lp if lp is not None else _backoff(ch, config)) * k
    n = len(chars) + controls
    return (total / n if n else 0.0), n
