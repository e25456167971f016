"""Image captions and photo credits: patterns from data/structure_captions.tsv, lone names, and
caption-like lines without final punctuation where an image stood."""
from __future__ import annotations

import re
from functools import lru_cache

from .text import data_lines, is_name, norm1, screen


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    """All caption patterns as one alternation: one search per line."""
    return re.compile("|".join(f"(?:{ln.split(chr(9))[0]})" for ln in data_lines("structure_captions.tsv")))


@lru_cache(maxsize=None)
def _screen() -> re.Pattern | None:
    """Characters every caption pattern needs one of: most lines hold none and skip the slow alternation."""
    return screen(_pattern().pattern)


@lru_cache(maxsize=4096)   # asked several times per line by the classifier
def credit_pattern(text: str) -> bool:
    """A caption or photo-credit marker: 图为…, ▲…, 图片来源：…, …摄, （图／…）."""
    t = norm1(text).strip()
    sc = _screen()
    if sc is not None and not sc.search(t):
        return False
    return bool(_pattern().search(t))


# "图片来源：视觉中国" / "摄影：张三": a credit label, then who is credited (the rest of the line).
_CREDIT = re.compile(r"(?:图片|照片|图|配图)(?:来源|来自|源|提供)\s*[:|/]\s*(?P<who>[^。]{1,40}?)\s*$|^摄影\s*[:|/]\s*(?P<by>[^。]{1,40}?)\s*$")


def credit_of(text: str) -> str | None:
    """Who a photo-credit caption credits, for Meta.credits (the caption stays in the body)."""
    m = _CREDIT.search(norm1(text).strip())
    return (m.group("who") or m.group("by")) if m else None


def lone_name(text: str, neighbours: list[str]) -> bool:
    """A line that is only a personal name mentioned next to it: the caption of a portrait."""
    t = norm1(text).strip()
    if not is_name(t):
        return False
    return any(t in n for n in neighbours if n)
