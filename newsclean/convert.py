"""Script conversion over OpenCC. First cut; the context layer comes in issue 11."""
from __future__ import annotations

from functools import lru_cache

import opencc

from .config import Config
from .model import Document

STEP = "convert"
OPENCC_CONFIGS = {"s": "t2s", "t": "s2t", "tw": "s2tw", "hk": "s2hk"}


@lru_cache(maxsize=None)
def _converter(name: str):
    return opencc.OpenCC(name)


def convert(text: str, target: str | None = "s") -> str:
    if target is None:
        return text
    return _converter(OPENCC_CONFIGS[target]).convert(text)


def to_simplified(text: str) -> str:
    return convert(text, "s")


def convert_document(doc: Document, config: Config) -> Document:
    if config.target is None:
        return doc
    for block in doc.blocks:
        new = convert(block.text, config.target)
        if new != block.text:
            doc.report.add(STEP, "convert", block.text, where=block.index, after=new)
            block.text = new
    return doc
