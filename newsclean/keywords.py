"""Keywords with jieba's TF-IDF, loaded only when asked for (jieba takes ~1 s to load)."""
from __future__ import annotations


def extract_keywords(text: str, k: int = 10) -> list[str]:
    import jieba.analyse

    from .convert import to_simplified

    return list(jieba.analyse.extract_tags(to_simplified(text), topK=k))
