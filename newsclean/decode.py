"""bytes -> str. First cut: BOM, declared charset if strict, chardet. Deepened in issue 3."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import chardet

from .config import DecodeConfig
from .errors import InputError

# Legacy labels decoded by their supersets.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
             "ascii": "utf-8", "iso-8859-1": "cp1252", "latin-1": "cp1252"}
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


@dataclass
class Decoded:
    text: str
    encoding: str
    confidence: float
    source: str                      # "bom" | "http" | "meta" | "detected"
    alternatives: list[tuple[str, float]] = field(default_factory=list)


def normalize_label(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return SUPERSETS.get(name, SUPERSETS.get(label.strip().lower(), name))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, http_charset: str | None = None, config: DecodeConfig | None = None) -> Decoded:
    config = config or DecodeConfig()
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"decode() takes bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, enc in BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(enc), enc.replace("-sig", ""), 1.0, "bom")
    declared = []
    if http_charset:
        declared.append((http_charset, "http"))
    head = data[:4096]
    for pattern in (_META, _XML):
        m = pattern.search(head)
        if m:
            declared.append((m.group(1).decode("ascii", "replace"), "meta"))
    for label, source in declared:
        enc = normalize_label(label)
        if enc and config.trust_declared:
            text = _strict(data, enc)
            if text is not None:
                return Decoded(text, enc, 1.0, source)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", 0.99, "detected")
    guess = chardet.detect(data[: config.detect_sample_bytes])
    enc = normalize_label(guess.get("encoding") or "") or "gb18030"
    text = _strict(data, enc)
    if text is None:
        text = data.decode(enc, errors="replace")
    return Decoded(text, enc, float(guess.get("confidence") or 0.0), "detected")
