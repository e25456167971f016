"""Repeated bodies and paragraphs: keep one copy of each. First cut: exact repeats. Deepened in issue 10."""
from __future__ import annotations

from .config import Config
from .model import Document
from .textkey import text_key

STEP = "repeats"


def remove_repeats(doc: Document, config: Config) -> Document:
    if not config.repeats.enabled:
        return doc
    seen: set[str] = set()
    kept = []
    for block in doc.blocks:
        key = text_key(block.text)
        if key and key in seen:
            doc.report.add(STEP, "remove_repeat", block.text, where=block.index, reason="exact repeat")
            continue
        seen.add(key)
        kept.append(block)
    doc.blocks = kept
    return doc
