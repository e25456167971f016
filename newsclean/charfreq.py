"""Han character frequencies from jieba's dictionary (data/charfreq.tsv, see data/charfreq.md), loaded once.

Both the decoder (which reading of the bytes is Chinese?) and the mojibake repair (is this span garble?) score
text by how common its characters are; they share this one table and its log shares.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache
from importlib import resources
from typing import Iterator

TABLE = "charfreq.tsv"


def is_han(ch: str) -> bool:
    """CJK unified ideographs (BMP, extension A), compatibility ideographs, and planes 2-3 (extensions B-H)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003ffff"


def jieba_words() -> Iterator[tuple[str, int]]:
    """(word, frequency) for each entry of the installed jieba's dict.txt."""
    import jieba

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split(" ")
            yield word, int(freq)


@lru_cache(maxsize=1)
def counts() -> dict[str, int]:
    """Character -> weight (most frequent first), as stored in the table."""
    out: dict[str, int] = {}
    text = resources.files("newsclean.data").joinpath(TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        ch, _, n = line.partition("\t")
        out[ch] = int(n)
    return out


@lru_cache(maxsize=1)
def total() -> int:
    """The Han characters' weight: punctuation is weighed on their scale but not counted in the whole."""
    return sum(n for ch, n in counts().items() if is_han(ch))


@lru_cache(maxsize=1)
def log_shares() -> dict[str, float]:
    """Character -> natural log of its weight's share of total()."""
    tot = total()
    return {ch: math.log(n / tot) for ch, n in counts().items()}


def log_share(weight: float) -> float:
    """The log share a character of this weight would have (for floors and cut-offs)."""
    return math.log(weight / total())
