"""The title: from the page's metadata, its title block, or the first line; and its printed duplicates."""
from __future__ import annotations

import re

from ..model import HEADING, LINE, PARAGRAPH, TITLE, Block
from .text import CLOSERS, has_inner_stop, norm1

_SITE_SEP = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")


_END = "。.!?！？" + CLOSERS


def key(text: str) -> str:
    """Comparison key: width-folded, without spaces and end punctuation."""
    return "".join(norm1(text).split()).rstrip(_END)


def title_like(text: str, max_chars: int) -> bool:
    t = text.strip()
    return 2 <= len(t) <= max_chars and not has_inner_stop(t) and not t.rstrip(CLOSERS).endswith(("。", "；", ";"))


def _from_candidates(blocks: list[Block], candidates: list[str], window: int) -> int | None:
    """Index of the block that best matches a <title>-like candidate ('标题_网站名' contains '标题')."""
    best, best_len = None, 0
    for c in candidates:
        ck = key(c)
        for i, b in enumerate(blocks[:window]):
            bk = key(b.text)
            if len(bk) >= 4 and (bk == ck or bk in ck or (ck in bk and len(bk) <= 2 * len(ck))):
                if len(bk) > best_len:
                    best, best_len = i, len(bk)
    return best


def find_title(blocks: list[Block], known: str | None, candidates: list[str], max_chars: int,
               window: int) -> tuple[str | None, int | None]:
    """(title, index of the block holding it or None)."""
    if known:
        k = key(known)
        for i, b in enumerate(blocks[:window]):
            if key(b.text) == k:
                return known, i
        return known, None
    for i, b in enumerate(blocks[:window]):
        if b.kind == TITLE:
            return b.text, i
    if candidates:
        i = _from_candidates(blocks, candidates, window)
        if i is not None:
            return blocks[i].text, i
    for i, b in enumerate(blocks[:window]):
        if b.kind == HEADING and b.level == 1:
            return b.text, i
    if blocks and blocks[0].kind in (LINE, PARAGRAPH, HEADING) and title_like(blocks[0].text, max_chars):
        return blocks[0].text, 0
    if candidates:
        parts = [p for p in _SITE_SEP.split(candidates[0]) if p.strip()]
        if parts:
            return max(parts, key=len).strip(), None
    return None, None
