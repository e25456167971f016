"""Small text predicates shared by the structure modules."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

SENTENCE_END = "。！？!?；;…．."
CLOSERS = "”’」』）)】〕》\"'"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NAME_FOREIGN = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8}){1,3}$")
_NAME_LATIN = re.compile(r"^[A-Z][A-Za-z'.-]{1,20}(?: [A-Z][A-Za-z'.-]{0,20}){0,2}$")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Every BMP character NFKC maps to one other character (full-width forms, compatibility ideographs)."""
    table = {}
    # Latin-1, general punctuation, CJK symbols, compatibility ideographs and forms, full/half width.
    # Circled and parenthesised numbers (①, ⑴) stay: they are heading numbering.
    ranges = ((0xA0, 0x100), (0x2000, 0x2070), (0x3000, 0x3040), (0xF900, 0xFB00), (0xFE30, 0xFE70),
              (0xFF00, 0xFFF0))
    for cp in (c for a, b in ranges for c in range(a, b)):
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and n != c:
            table[cp] = n
    table[0x3000] = " "
    return table


@lru_cache(maxsize=8192)
def norm1(text: str) -> str:
    """NFKC per character where it stays one character: full-width forms -> ASCII, same length and offsets."""
    return text.translate(_fold_table()).replace("\u3000", " ")


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(t) and t[-1] in SENTENCE_END


def has_inner_stop(text: str) -> bool:
    """A full stop or semicolon inside the line: it reads as running text, not a title."""
    t = text.rstrip().rstrip(CLOSERS)
    return any(c in t[:-1] for c in "。；;") if t else False


def is_name(token: str) -> bool:
    """A plausible personal name: 2-4 Han characters, a transliterated name with ·, or a Latin name."""
    token = token.strip()
    return bool(_NAME_HAN.match(token) or _NAME_FOREIGN.match(token) or _NAME_LATIN.match(token))


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a data file (tab-separated columns kept)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(ln.rstrip("\n") for ln in lines if ln.strip() and not ln.startswith("#"))
