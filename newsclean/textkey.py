"""A comparison key for text: one script, no punctuation or whitespace. Used to compare like with like."""
from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def text_key(text: str) -> str:
    from .convert import to_simplified

    return _NOT_WORD.sub("", to_simplified(unicodedata.normalize("NFKC", text))).lower()
