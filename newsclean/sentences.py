"""Sentence splitting for Chinese text. First cut; deepened in issue 5."""
from __future__ import annotations

import re

_SENT = re.compile(r"[^。！？!?…]+(?:[。！？!?]+|…+)?[”’」』）)]*")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.findall(text) if s.strip()]
