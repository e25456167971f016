"""What newsclean reads from OpenCC itself: converters, its version, and character sets from its dictionary files.

The character sets come from the ``.ocd2`` tables the ``opencc`` package ships (STCharacters, TSCharacters):
an ``.ocd2`` file is a marisa trie of keys followed by the values as one block of NUL-terminated UTF-8
strings, preceded by two little-endian uint32 (item count, block length). Only that value block is read.
"""
from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

import opencc

# Runs of NUL-terminated UTF-8 strings: where an .ocd2 file keeps its values.
_VALUE_RUN = re.compile(rb"(?:(?:[\xc2-\xf4][\x80-\xbf]+|[\x20-\x7e])+\x00){50,}")


@lru_cache(maxsize=None)
def converter(name: str) -> "opencc.OpenCC":
    """One cached OpenCC converter per config name (building one reads its dictionaries: ~ms)."""
    return opencc.OpenCC(name)


@lru_cache(maxsize=1)
def opencc_version() -> str:
    try:
        from importlib.metadata import version

        return version("opencc")
    except Exception:  # not installed as a distribution
        return str(getattr(opencc, "__version__", "unknown"))


def share_dir() -> Path:
    """Where the installed opencc package keeps its dictionaries."""
    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


def ocd2_values(path: Path) -> set[str]:
    """Every value string of one OpenCC .ocd2 dictionary."""
    data = path.read_bytes()
    best = max(_VALUE_RUN.finditer(data), key=lambda m: len(m.group()), default=None)
    if best is None or best.start() < 8:
        raise ValueError(f"{path}: no value block found (unknown .ocd2 layout)")
    _count, length = struct.unpack("<II", data[best.start() - 8:best.start()])
    if length > len(best.group()):
        raise ValueError(f"{path}: value block shorter than its header says ({len(best.group())} < {length})")
    block = data[best.start():best.start() + length]
    return {v.decode("utf-8") for v in block.split(b"\0") if v}


# Where Han characters live: CJK Extension A, Unified Ideographs, Compatibility Ideographs.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _per_char(name: str, chars: list[str]) -> list[str]:
    return converter(name).convert("\n".join(chars)).split("\n")


@lru_cache(maxsize=1)
def script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only) single characters, from OpenCC's tables.

    Traditional-only: OpenCC's t2s changes it, s2t keeps it, and it is no simplified form (not a value of
    TSCharacters). Simplified-only: the other way round (not a value of STCharacters), so 干, 后, which are
    also traditional characters (干涉, 皇后), count for neither script.
    """
    share = share_dir()
    trad_forms = ocd2_values(share / "STCharacters.ocd2")
    simp_forms = ocd2_values(share / "TSCharacters.ocd2")
    chars = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)]
    to_s = _per_char("t2s", chars)
    to_t = _per_char("s2t", chars)
    # a character both directions change (compatibility ideographs, 緼 …) is evidence for neither
    trad = {c for c, s, t in zip(chars, to_s, to_t) if s != c and t == c and c not in simp_forms}
    simp = {c for c, s, t in zip(chars, to_s, to_t) if t != c and s == c and c not in trad_forms}
    return frozenset(trad), frozenset(simp)


@lru_cache(maxsize=1)
def regional_variants() -> dict[str, str]:
    """Hong Kong variant characters OpenCC's t2s leaves but hk2s converts (敍, 衞, 綫 …): char -> simplified.

    Read from OpenCC's HKVariants table (its values are the Hong Kong forms) and converted by OpenCC itself,
    so t2s plus this map equals hk2s on single characters at t2s speed.
    """
    forms = sorted(v for v in ocd2_values(share_dir() / "HKVariants.ocd2") if len(v) == 1)
    via_hk = _per_char("hk2s", forms)
    via_t = _per_char("t2s", forms)
    return {c: h for c, h, t in zip(forms, via_hk, via_t) if h != t and len(h) == 1}


DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Single characters t2s leaves but which have one simplified form: OpenCC's HK variants + our data."""
    table = dict(regional_variants())
    for line in (DATA / "convert_chars.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            char, simplified = line.split("\t")[:2]
            table[char] = simplified
    return table


@lru_cache(maxsize=1)
def simplifier() -> tuple["opencc.OpenCC", str]:
    """(converter, the variants it does not convert: the context layer converts those before it runs).

    OpenCC's own t2s, and every variant left to the layer. One more dictionary in t2s's lookup group (the
    variants as an OpenCC text or .ocd2 dictionary) would convert them in C, but OpenCC then looks every
    character up in one more table: measured 16-60 % slower than t2s, first or last in the group; the layer
    finds the 8 variants with a few `in` scans.
    """
    return converter("t2s"), "".join(sorted(variants()))
