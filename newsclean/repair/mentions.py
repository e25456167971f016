"""Garble quoted as an example: a text about encodings that shows what mojibake looks like (“锟斤拷”,
“浣犲ソ”) means those characters. A garble is such a mention when it lies inside a pair of quotation marks
on one line, at most `mention_max_chars` apart, and the text names the subject (RepairConfig.mention_terms).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..config import RepairConfig

# Opening mark -> closing mark. ASCII quotes close themselves.
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"', "'": "'", "＂": "＂"}


@lru_cache(maxsize=None)
def mention_terms(name: str) -> tuple[str, ...]:
    """The terms of a data file, lower-cased (matched against the lower-cased text)."""
    text = resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(t.strip().lower() for t in text.splitlines() if t.strip() and not t.startswith("#"))


def talks_about_encoding(text: str, cfg: RepairConfig) -> bool:
    low = text.lower()
    return any(term in low for term in mention_terms(cfg.mention_terms))


def is_mention(text: str, start: int, end: int, cfg: RepairConfig) -> bool:
    """text[start:end] lies inside quotation marks, close enough to be a quoted example (the caller checks that
    the text talks about encodings, once)."""
    marks = set(_PAIRS) | set(_PAIRS.values())
    while start < end and text[start] in marks:   # a Latin-1 run takes cp1252's curly quotes along
        start += 1
    while end > start and text[end - 1] in marks:
        end -= 1
    lo = max(0, start - cfg.mention_max_chars)
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch == "\n":
            return False
        close = _PAIRS.get(ch)
        if close is None:
            continue
        j = text.find(close, end, i + 1 + cfg.mention_max_chars + 1)
        nl = text.find("\n", end, j if j >= 0 else end)
        if j >= 0 and nl < 0:
            return True
    return False
