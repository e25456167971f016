"""Heading numbering styles and their nesting levels."""
from __future__ import annotations

import re
from functools import lru_cache

from .text import data_lines, norm1


@lru_cache(maxsize=None)
def _styles() -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for ln in data_lines("structure_headings.tsv"):
        style, rx = ln.split("\t")[:2]
        out.append((style, re.compile(rx)))
    return tuple(out)


@lru_cache(maxsize=None)
def _any_style() -> re.Pattern | None:
    """All styles as one alternation, one named group each: a match's group is the first style that
    matches, as in the loop over them (None if a pattern has groups of its own or names that clash)."""
    styles = _styles()
    if any(rx.groups for _, rx in styles) or len({s for s, _ in styles}) < len(styles) \
            or not all(s.isidentifier() for s, _ in styles):
        return None
    try:
        return re.compile("|".join(f"(?P<{s}>{rx.pattern})" for s, rx in styles))
    except re.error:
        return None


def numbering(text: str) -> str | None:
    """The numbering style opening `text` ('cn' for 一、, 'cn_paren' for （一）, 'arabic' for 1. …), or None."""
    t = norm1(text).strip()
    rx_all = _any_style()
    if rx_all is not None:
        m = rx_all.match(t)
        return m.lastgroup if m else None
    for style, rx in _styles():
        if rx.match(t):
            return style
    return None


def assign_levels(styles: list[str]) -> list[int]:
    """Outline levels for a sequence of heading styles, in reading order.

    The first style is level 1; a style not seen yet nests one level below the current heading;
    a style seen before returns to the level it had (closing the deeper ones).
    """
    levels: list[int] = []
    stack: list[str] = []
    for s in styles:
        if s in stack:
            del stack[stack.index(s) + 1:]
        else:
            stack.append(s)
        levels.append(len(stack))
    return levels
