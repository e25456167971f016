"""Comparable keys of an article: normalised text, shingle hashes and MinHash signatures."""
from __future__ import annotations

import re
import unicodedata

from ..config import DedupeConfig
from ..errors import InputError

_MASK64 = (1 << 64) - 1
# Characters that are not letters or digits (CJK ideographs count as letters).
_NON_WORD = re.compile(r"[\W_]+")

# Cheap test before the real annotation detector: a Han character followed by a bracketed latin syllable.
_MAYBE_ANNOTATED = re.compile(r"[\u3400-\u9fff][(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\s*[)）]")


def normalize(text: str, config: DedupeConfig | None = None) -> str:
    """The text as compared: simplified, NFKC, lower case, only letters and digits."""
    config = config or DedupeConfig()
    if not isinstance(text, str):
        raise InputError(f"dedupe needs text, not {type(text).__name__}")
    if config.strip_annotations and _MAYBE_ANNOTATED.search(text):
        from ..repair.pinyin import strip_annotations

        text = strip_annotations(text)
    text = unicodedata.normalize("NFKC", text)
    if config.simplify:
        from ..convert import to_simplified

        text = to_simplified(text)
    return _NON_WORD.sub("", text.lower())


def _np():
    try:
        import numpy
    except ImportError as e:  # pragma: no cover
        raise ImportError("newsclean.dedupe needs numpy: pip install 'newsclean[dedupe]'") from e
    return numpy


def shingles(norm: str, width: int = 5):
    """Sorted unique 64-bit hashes of the width-character windows of a normalised text."""
    np = _np()
    if not norm:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < width:
        width = len(cps)  # a very short text is one shingle
    n = len(cps) - width + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for k in range(width):  # polynomial hash, wrapping mod 2**64
            h = h * np.uint64(0x100000001B3) + cps[k:k + n]
        h = _mix(np, h)
    return np.unique(h)


def _mix(np, h):
    """splitmix64 finaliser: spreads the polynomial hash over all 64 bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    return h


def signature(sh, config: DedupeConfig | None = None):
    """One-permutation MinHash: each shingle falls in one of num_perm bins; a bin keeps its minimum.

    O(shingles) instead of O(shingles * num_perm). Empty bins (short texts) borrow the next non-empty
    bin's value, salted by the distance ("rotation" densification), so every bin is comparable.
    """
    config = config or DedupeConfig()
    np = _np()
    k = config.num_perm
    empty = np.uint64(_MASK64)
    sig = np.full(k, empty, dtype=np.uint64)
    if len(sh) == 0:
        return sig
    with np.errstate(over="ignore"):
        h = _mix(np, sh ^ np.uint64(config.seed * 0x9E3779B97F4A7C15 & _MASK64))
    np.minimum.at(sig, (h % np.uint64(k)).astype(np.intp), h // np.uint64(k))
    missing = sig == empty
    if missing.any() and not missing.all():
        filled = np.flatnonzero(~missing)
        idx = np.flatnonzero(missing)
        pos = np.searchsorted(filled, idx) % len(filled)
        src = filled[pos]
        dist = ((src - idx) % k).astype(np.uint64)
        with np.errstate(over="ignore"):
            sig[idx] = sig[src] + dist * np.uint64(0x9E3779B97F4A7C15)
    return sig


def similarity(a, b) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two sorted unique hash arrays."""
    np = _np()
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))
