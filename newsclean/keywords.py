"""Keywords with jieba's TF-IDF, loaded only when asked for (jieba takes ~1 s to load, 1.2 MB/s).

Run on simplified text: jieba's dictionary and IDF table are simplified, and segmenting after
conversion scores better on traditional input (DESIGN.md).
"""
from __future__ import annotations

import re

_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def extract_keywords(text: str, k: int = 10) -> list[str]:
    """The `k` highest TF-IDF words of `text` (numbers and one-character tokens left out)."""
    if k <= 0 or not text.strip():
        return []
    import jieba
    import jieba.analyse

    from .convert import to_simplified

    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    words = jieba.analyse.extract_tags(to_simplified(text), topK=k * 2)
    return [w for w in words if len(w) > 1 and _WORDLIKE.search(w)][:k]
