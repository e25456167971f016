"""Invisible and control characters, and ASCII punctuation inside Chinese text."""
from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi controls, soft hyphen, BOM: never meaningful in news text.
INVISIBLE_CHARS = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# ... except the zero-width joiner inside an emoji sequence (👨‍👩‍👧 is one family, not three people)
_PICTO = "\u2600-\u27bf\U0001f000-\U0001faff"
_ZWJ_EMOJI = re.compile(f"(?<=[{_PICTO}\ufe0f\U0001f3fb-\U0001f3ff])\u200d(?=[{_PICTO}])")
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CONTEXT = _HAN + r"\u3000-\u303f\uff00-\uffef“”‘’"
# ASCII , : ; ? ! right after a Chinese character (a number's 1,000 has a digit before its comma, so
# 显示,2025年 is prose). A mark followed by ?, ! or / is left alone: `??`, `?!?/p>` are lost-byte garbles
# the repair reports as they are.
_PUNCT_AFTER_HAN = re.compile(rf"(?<=[{_CJK_CONTEXT}])([,:;?!])(?![?!/])")
# The same marks between a Latin word, number or closing bracket and a Chinese character: App,成为 and
# 10%,虽然 are Chinese prose too (a digit on both sides, as in 1,000, never matches: the next is Han).
_PUNCT_BEFORE_HAN = re.compile(rf"(?<=[A-Za-z0-9%)）”])([,;?!])(?=[{_HAN}])")
_FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
# ( ) holding Chinese text: mostly Chinese inside, or opened right after a Chinese character
# (品牌(更名为Tencent HY)); (MAU) and (2025) hold none and stay.
_PARENS = re.compile(rf"(?P<before>[{_CJK_CONTEXT}]?)\((?P<inner>[^()\n]*[{_HAN}][^()\n]*)\)")


def fix_unicode(text: str) -> str:
    if "\u200d" in text and _ZWJ_EMOJI.search(text):
        parts = _ZWJ_EMOJI.split(text)   # the joiners kept, everything else invisible removed
        text = "\u200d".join(_INVISIBLE.sub("", p) for p in parts)
    else:
        text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _han_share(s: str) -> float:
    han = len(re.findall(f"[{_HAN}]", s))
    return han / max(1, len(s.replace(" ", "")))


def _parens(m: re.Match) -> str:
    if m.group("before") or _han_share(m.group("inner")) >= 0.5:
        return f"{m.group('before')}（{m.group('inner')}）"
    return m.group(0)


ASCII_MARKS = ",:;?!("   # every rule of fix_chinese_punctuation needs one
_ASCII_MARK = re.compile(f"[{ASCII_MARKS}]")


def fix_chinese_punctuation(text: str) -> str:
    if not _ASCII_MARK.search(text):   # most Chinese lines hold no ASCII mark: one scan instead of three
        return text
    text = _PARENS.sub(_parens, text)
    text = _PUNCT_AFTER_HAN.sub(lambda m: _FULLWIDTH[m.group(1)], text)
    return _PUNCT_BEFORE_HAN.sub(lambda m: _FULLWIDTH[m.group(1)], text)
