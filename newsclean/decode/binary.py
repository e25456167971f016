"""Bytes that are text under no reading (random data, an encrypted blob, a protobuf, a corrupt download).

Asked only after an unsure detection (see decide.py): such bytes reach it because no codec reads them
as Chinese. The chosen reading is measured first; only when it is mostly garbage are the other lossy
readings tried, and the input is refused when every one of them is garbage too (docs/decoding.md).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..config import DecodeConfig
from ..errors import InputError
from .score import chinese_score

# Lossy readings tried before refusing: the Chinese codecs and UTF-8 as detection tries them, and UTF-16
# (damaged, without BOM) only where it reads as Chinese: random bytes read as UTF-16 are a mere ~15% garbage.
_OTHERS = ("gb18030", "big5hkscs", "utf-8")
_UTF16 = ("utf-16-le", "utf-16-be")
_KINDS = "control characters, U+FFFD, private-use or unassigned code points"
_FFFD_RUN = re.compile("\ufffd{2,}")


@lru_cache(maxsize=65536)
def _is_garbage(ch: str) -> bool:
    """C0/C1 controls but tab, LF, CR and form feed; U+FFFD; private use; unassigned; surrogates."""
    return ch == "\ufffd" or (ch not in "\t\n\r\x0c" and unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))


def garbage_share(text: str, sample_chars: int) -> tuple[float, int]:
    """(share of garbage code points, characters looked at) in the first `sample_chars` characters.

    A run of U+FFFD counts as one: it is one damaged spot, which the UTF-8 decoder turns into up to three.
    """
    sample = _FFFD_RUN.sub("\ufffd", text[:sample_chars])
    if not sample:
        return 0.0, 0
    bad = sum(k for ch, k in Counter(sample).items() if _is_garbage(ch))
    return bad / len(sample), len(sample)


def refuse_binary(data: bytes, text: str, encoding: str, config: DecodeConfig, name: str | None) -> None:
    """Raises InputError when `text` (the chosen reading of `data`) and every other reading are garbage."""
    limit, size = config.binary_garbage_share, config.binary_sample_chars
    share, n = garbage_share(text, size)
    if share <= limit or n < config.binary_min_chars:
        return
    best = (share, n, encoding)
    head = data[: 4 * size]   # at most 4 bytes a character: enough for `size` characters in every codec
    for enc in (*_OTHERS, *_UTF16):
        reading = head.decode(enc, errors="replace")
        if enc in _UTF16 and chinese_score(reading, config)[0] < config.chinese_score:
            continue
        other, m = garbage_share(reading, size)
        if other <= limit:
            return
        best = min(best, (other, m, enc))
    share, n, encoding = best
    raise InputError(f"input is not text: {share:.0%} of the first {n:,} characters of its best reading "
                     f"({encoding}) are {_KINDS} (over DecodeConfig.binary_garbage_share={limit:g})", name)
