"""Charset labels and where they are declared: BOM, HTTP header, <meta>, <?xml?>."""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..config import DecodeConfig

# Legacy labels decode by their supersets (as browsers do): GB2312/GBK text is GB18030 text, Big5 is
# a subset of Big5-HKSCS (which decodes every Big5 file of the corpus to the same text as big5; cp950
# maps a few symbols differently), Latin-1/ASCII as labels mean cp1252.
SUPERSETS = {"gb2312": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030", "gb_2312-80": "gb18030",
             "x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs", "x-x-big5": "big5hkscs",
             "big5-hkscs": "big5hkscs", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "euc-cn": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs",
             "ascii": "utf-8", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin_1": "cp1252"}
# UTF-32 before UTF-16: FF FE 00 00 starts both.
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# Stateful 7-bit encodings: pure ASCII bytes may still be one of these.
SEVEN_BIT = {"hz", "iso2022_jp", "iso2022_jp_2", "iso2022_kr", "utf-7"}
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HTTP = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML = re.compile(rb"""<\?xml[^>]+?encoding\s*=\s*["']([\w.:-]+)""", re.I)


@lru_cache(maxsize=256)
def normalize_label(label: str) -> str | None:
    """A charset label (any spelling Python knows) -> the codec newsclean decodes it with, or None."""
    label = label.strip().strip("\"'").lower()
    if label in SUPERSETS:
        return SUPERSETS[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, SUPERSETS.get(label, name))


def declarations(data: bytes, http_charset: str | None, config: DecodeConfig) -> list[tuple[str, str]]:
    """[(label, source)] in order of authority: HTTP header, then the earliest in-document declaration."""
    found = []
    if http_charset:
        # A whole Content-Type value ("text/html; charset=GBK") is accepted too.
        m = _HTTP.search(http_charset)
        found.append((m.group(1) if m else http_charset, "http"))
    head = data[: config.declaration_scan_bytes]
    if not any(word in head for word in (b"harset", b"HARSET", b"ncoding", b"NCODING", b"Charset", b"Encoding")):
        return found   # cheaper than the regexes on plain text
    hits = [(m.start(), m.group(1)) for p in (_XML, _META) for m in [p.search(head)] if m]
    for _, label in sorted(hits):
        found.append((label.decode("ascii", "replace"), "meta"))
    return found
