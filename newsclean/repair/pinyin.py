"""Spam pinyin annotations: 戰(zhàn)爭 -> 戰爭, while real glosses (a poem in ruby, 銀行(háng)) stay.

Spam mirrors run their text through a tool that appends the default reading of (nearly) every character
that differs between the scripts. So a text's annotations are the spam pattern when, taken together, they
are (1) scattered: few of the text's Han characters carry one; (2) the default reading (pypinyin, no
context) of their character: a gloss is written for the reading a reader would get wrong (行(háng)); and
(3) on traditional-only characters, or toneless (a gloss always has tones). Each one removed must also be a
reading of its character (pypinyin, heteronyms on).

Annotations whose host character is lost (``?nèi)``, ``,F(xiàn)``) or does not have that reading are
*damaged*: they are returned (``fixes.damaged``) for the mojibake repair, and the text is left as it is.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..config import AnnotationConfig

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = f"a-zü{_TONED}\u0300-\u036f"          # combining marks: pinyin typed in NFD
_SYLLABLE = rf"[{_LETTERS}]{{1,7}}"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Han character, then its annotation: ( or （, optional spaces, one syllable, optional spaces, ) or ）.
_ANNOTATION = re.compile(rf"([{_HAN}])([(（]\s*({_SYLLABLE})\s*[)）])")
# Damaged: the host character and "(" lost to a garble (?nèi)), or the host garbled into ASCII (,F(xiàn)).
_ORPHAN = re.compile(rf"(?<=[?\ufffd])({_SYLLABLE})\s*[)）]|(?<=[A-Za-z])[(（]\s*({_SYLLABLE})\s*[)）]")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_TONE_FREE = str.maketrans({c: unicodedata.normalize("NFD", c)[0] for c in _TONED})


@dataclass(frozen=True)
class AnnotationFix:
    start: int               # span in the input text
    end: int
    before: str              # "戰(zhàn)" (or the damaged span, "?nèi)")
    after: str | None        # "戰"; None for a damaged annotation (left in the text for the repair stage)
    kind: str                # "spam" (removed) or "damaged"
    reading: str             # the pinyin as written, normalized ("nèi")
    reason: str

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


class AnnotationFixes(list):
    """The annotations removed (iterate it); ``.damaged`` holds those left for the repair stage."""

    def __init__(self, fixes=(), damaged=()):
        super().__init__(fixes)
        self.damaged: list[AnnotationFix] = list(damaged)


@dataclass
class _Found:
    start: int
    end: int
    char: str
    reading: str
    valid: bool
    default: bool = False
    toneless: bool = False
    extra: dict = field(default_factory=dict)


def _normal(syllable: str) -> str:
    return unicodedata.normalize("NFC", syllable.strip().lower()).replace("v", "ü")


@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[tuple[str, ...], str]:
    """(every reading with tone marks, the default reading) of one character, from pypinyin."""
    from pypinyin import Style, pinyin

    every = tuple(pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")[0] or ())
    default = pinyin(char, style=Style.TONE, errors="ignore")[0] if every else [""]
    return every, default[0] if default else ""


def _tone_free(syllable: str) -> str:
    return syllable.translate(_TONE_FREE)


def _find(text: str) -> list[_Found]:
    out = []
    for m in _ANNOTATION.finditer(text):
        char, reading = m.group(1), _normal(m.group(3))
        every, default = _readings(char)
        toneless = reading == _tone_free(reading)
        if toneless:
            valid = reading in {_tone_free(r) for r in every}
            is_default = reading == _tone_free(default)
        else:
            valid = reading in every
            is_default = reading == default
        out.append(_Found(m.start(2), m.end(2), char, reading, valid, is_default, toneless))
    return out


def _is_spam(found: list[_Found], han: int, cfg: AnnotationConfig) -> bool:
    from ..convert.tables import script_sets

    valid = [f for f in found if f.valid]
    if not valid:
        return False
    n = len(valid)
    if n / max(han, cfg.coverage_min_chars) > cfg.max_coverage:
        return False                          # ruby: nearly every character annotated
    if sum(f.default for f in valid) / n < cfg.min_default_share:
        return False                          # glosses of the less common reading: 行(háng), 长(zhǎng)
    trad = script_sets()[0]
    trad_share = sum(f.char in trad for f in valid) / n
    toneless_share = sum(f.toneless for f in valid) / n
    return trad_share >= cfg.min_traditional_share or toneless_share >= cfg.min_toneless_share


def strip_annotations(text: str, explain: bool = False, config: AnnotationConfig | None = None):
    """Remove spam pinyin annotations (``戰(zhàn)`` -> ``戰``); keep real glosses.

    Returns the text, or with ``explain=True`` a tuple ``(text, fixes)``: ``fixes`` is an
    :class:`AnnotationFixes` (a list of :class:`AnnotationFix`, one per removed annotation, spans in the
    input) whose ``.damaged`` list holds the damaged annotations, which are left in the text.
    """
    cfg = config or AnnotationConfig()
    if "(" not in text and "（" not in text and ")" not in text and "）" not in text:
        return (text, AnnotationFixes()) if explain else text
    found = _find(text)
    han = len(_HAN_CHAR.findall(text)) if found else 0
    spam = _is_spam(found, han, cfg)
    removed: list[AnnotationFix] = []
    damaged: list[AnnotationFix] = []
    for f in found:
        span = text[f.start - 1:f.end]
        if spam and f.valid:
            removed.append(AnnotationFix(f.start - 1, f.end, span, f.char, "spam", f.reading,
                                         "spam pinyin annotation: scattered default readings"))
        elif spam and not f.toneless:
            damaged.append(AnnotationFix(f.start - 1, f.end, span, None, "damaged", f.reading,
                                         f"not a reading of {f.char}: the character may be garbled"))
    for m in _ORPHAN.finditer(text):
        reading = _normal(m.group(1) or m.group(2))
        if reading == _tone_free(reading):
            continue                          # toneless after ASCII is too often not pinyin: F(x)
        start = m.start() - 1
        damaged.append(AnnotationFix(start, m.end(), text[start:m.end()], None, "damaged", reading,
                                     "annotation whose character was lost to a garble"))
    damaged.sort(key=lambda d: d.start)
    if removed:
        parts, last = [], 0
        for r in removed:
            parts.append(text[last:r.start + 1])
            last = r.end
        parts.append(text[last:])
        text = "".join(parts)
    return (text, AnnotationFixes(removed, damaged)) if explain else text
