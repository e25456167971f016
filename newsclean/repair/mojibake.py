"""Mojibake repair, span by span. First cut: ftfy for UTF-8 via single-byte codepages. Deepened in issue 3."""
from __future__ import annotations

from dataclasses import dataclass, field

import ftfy


@dataclass
class MojibakeFix:
    start: int
    end: int
    before: str
    after: str
    plan: list = field(default_factory=list)


def fix_mojibake(text: str, explain: bool = False):
    fixed, steps = ftfy.fix_and_explain(text, config=ftfy.TextFixerConfig(
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False, normalization=None,
        fix_latin_ligatures=False, unescape_html=False))
    fixes = [] if fixed == text else [MojibakeFix(0, len(text), text, fixed, [tuple(s) for s in steps or []])]
    return (fixed, fixes) if explain else fixed


def apply_plan(text: str, plan) -> str:
    return ftfy.apply_plan(text, plan)
