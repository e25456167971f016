"""Image captions and photo credits: patterns from data/structure_captions.tsv, lone names, and
caption-like lines without final punctuation where an image stood."""
from __future__ import annotations

import re
from functools import lru_cache

from .text import Anchoring, anchoring, data_lines, is_name, norm1, required_chars


def _alternatives() -> list[str]:
    return [ln.split(chr(9))[0] for ln in data_lines("structure_captions.tsv")]


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    """All caption patterns as one alternation: one search per line."""
    return re.compile("|".join(f"(?:{p})" for p in _alternatives()))


@lru_cache(maxsize=None)
def _screens() -> tuple[re.Pattern, tuple[frozenset[str] | None, ...]]:
    """A class of every character some pattern needs, and per pattern the characters it needs one of
    (None: no such set). A line is searched only with the patterns whose characters it holds: the end
    patterns (…摄$) are slow to search for, and most lines hold what none of them needs."""
    needs = []
    for p in _alternatives():
        chars = required_chars(p)
        needs.append(frozenset(chars) if chars else None)
    union = "".join(sorted(set().union(*(n for n in needs if n))))
    return re.compile(f"[{re.escape(union)}]" if union else "(?!)"), tuple(needs)


@lru_cache(maxsize=None)
def _compiled() -> tuple[tuple[re.Pattern, Anchoring], ...]:
    return tuple((re.compile(p), anchoring(p)) for p in _alternatives())


@lru_cache(maxsize=None)
def _by_char() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Pattern indices by a character they need, and those that need none in particular."""
    by: dict[str, list[int]] = {}
    always = []
    for k, need in enumerate(_screens()[1]):
        if need is None:
            always.append(k)
        for c in need or ():
            by.setdefault(c, []).append(k)
    return {c: tuple(ks) for c, ks in by.items()}, tuple(always)


def _matches(rx: re.Pattern, a: Anchoring, t: str) -> bool:
    if a.start:
        return rx.match(t) is not None
    # an end-anchored match ends at the end of t or before a final newline
    if a.width is not None:
        return rx.search(t, max(0, len(t) - a.width - 1)) is not None
    if a.last is not None and a.last.isdisjoint(t[max(0, len(t) - a.last_tail - 2):]):
        return False   # the character it must hold is not near the end
    return rx.search(t) is not None


@lru_cache(maxsize=4096)   # asked several times per line by the classifier
def credit_pattern(text: str) -> bool:
    """A caption or photo-credit marker: 图为…, ▲…, 图片来源：…, …摄, （图／…）.

    Only the patterns needing a character the line holds are tried, each where it can match."""
    t = norm1(text).strip()
    union, _ = _screens()
    by, always = _by_char()
    ks = set(always)
    for c in set(union.findall(t)):
        ks.update(by[c])
    compiled = _compiled()
    return any(_matches(*compiled[k], t) for k in ks)


# "图片来源：视觉中国" / "摄影：张三": a credit label, then who is credited (the rest of the line).
_CREDIT = re.compile(r"(?:图片|照片|图|配图)(?:来源|来自|源|提供)\s*[:|/]\s*(?P<who>[^。]{1,40}?)\s*$|^摄影\s*[:|/]\s*(?P<by>[^。]{1,40}?)\s*$")


# "…。 本报记者 王刚 摄", "…山东女子学院供图", "…（摄影：吴昊）": a caption closing with its own photo credit
_OWN_CREDIT = re.compile(r"(?:摄|摄影|供图|截图|\([^()]*(?:摄|供图|图片|照片|截图|视觉中国|网络|提供|来源)[^()]*\))\s*$")


def carries_credit(text: str) -> bool:
    """A caption that credits its own picture: it stands alone (a photo spread's captions all credit or none)."""
    return _OWN_CREDIT.search(norm1(text).rstrip()) is not None


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
