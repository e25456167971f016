"""Where chrome may be: runs of non-prose blocks before, after and between stretches of body prose."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import StripConfig
from ..model import HEADING, TITLE
from ..textkey import han_count

HEADER, TRAILER, GAP, ALL = "header", "trailer", "gap", "page"
_FINAL = re.compile(r"[。!?…]")


def is_prose(norm: str, kind: str, config: StripConfig) -> bool:
    """A body sentence: sentence punctuation and enough Han characters, or simply long."""
    if kind in (HEADING, TITLE):
        return False
    if len(norm) >= config.min_prose_chars:
        return True
    return bool(_FINAL.search(norm)) and han_count(norm) >= config.min_prose_han


@dataclass
class Zone:
    kind: str            # header, trailer, gap, page (no prose at all)
    start: int           # block positions [start, end)
    end: int


def zones(prose: list[bool]) -> list[Zone]:
    """Maximal runs of non-prose positions, labelled by where they sit relative to the prose."""
    n = len(prose)
    if not any(prose):
        return [Zone(ALL, 0, n)] if n else []
    first = prose.index(True)
    last = n - 1 - prose[::-1].index(True)
    out, i = [], 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        j = i
        while j < n and not prose[j]:
            j += 1
        kind = HEADER if j <= first else TRAILER if i > last else GAP
        out.append(Zone(kind, i, j))
        i = j
    return out
