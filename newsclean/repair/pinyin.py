"""Spam pinyin annotations: 戰(zhàn) -> 戰. First cut: tone-marked pinyin in parentheses after a Han character. Deepened in issue 11."""
from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_ANNOTATION = re.compile(rf"(?<=[\u4e00-\u9fff])[(（]\s*[a-z{_TONED}]*[{_TONED}][a-z{_TONED}]*\s*[)）]")


def strip_annotations(text: str) -> str:
    return _ANNOTATION.sub("", text)
