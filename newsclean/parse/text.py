"""Plain text: one block per non-empty line."""
from __future__ import annotations

from ..model import Block, Document


def parse_text(text: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = [Block(text=line.strip(), index=i) for i, line in enumerate(lines) if line.strip()]
    for i, b in enumerate(blocks):
        b.index = i
    return Document(blocks=blocks, is_html=False)
