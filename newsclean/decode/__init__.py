"""bytes -> str: BOM, then UTF-8 (fast path), then a declaration that decodes strictly, then detection.

Detection decodes a sample under each Chinese candidate (GB18030, Big5-HKSCS; HZ for ASCII bytes;
UTF-16/32 without BOM) and scores the text with a character frequency table
(newsclean.charfreq, shared with the mojibake repair): the right reading is common Chinese, a wrong one rare characters,
kana, private-use or control characters. chardet is asked only when that score is unsure.
See docs/decoding.md.
"""
from .decide import CHINESE, Decoded, decode
from .labels import normalize_label
from .score import chinese_score

__all__ = ["CHINESE", "Decoded", "chinese_score", "decode", "normalize_label"]
