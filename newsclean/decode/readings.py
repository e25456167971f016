"""Readings of the bytes under one codec: strict, sampled, cut-tolerant, mixed; scored and weighed."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..config import DecodeConfig
from .score import chinese_score

_SEPARATED = re.compile(rb"([\x00-\x2f\x3a-\x3f]+)")


def decode_strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_sample(data: bytes, encoding: str, size: int) -> str | None:
    """Strict decode of the first `size` bytes; a character cut at the end is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data[:size], final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_full(data: bytes, encoding: str) -> tuple[str | None, bool]:
    """(strict decode, False); or, when only the last character is cut off, (the rest + U+FFFD, True)."""
    try:
        return data.decode(encoding), False
    except LookupError:
        return None, False
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 4 and ("end of data" in e.reason or "incomplete" in e.reason):
            head = decode_strict(data[: e.start], encoding)
            if head is not None:
                return head + "\ufffd", True
        return None, False


@dataclass
class Candidate:
    encoding: str
    score: float
    chars: int


def score_readings(data: bytes, encodings: list[str], config: DecodeConfig) -> list[Candidate]:
    out = []
    for enc in dict.fromkeys(encodings):
        text = decode_sample(data, enc, config.score_sample_bytes)
        if text is not None:
            out.append(Candidate(enc, *chinese_score(text, config)))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def weigh(cands: list[Candidate], config: DecodeConfig) -> list[tuple[str, float]]:
    """Likelihood ratios of the candidates, each capped at `evidence_chars` characters of evidence."""
    if not cands:
        return []
    best = cands[0].score
    raw = [10 ** max(-30.0, (c.score - best) * min(max(c.chars, 1), config.evidence_chars)) for c in cands]
    total = sum(raw)
    return [(c.encoding, w / total) for c, w in zip(cands, raw)]


def decode_mixed(data: bytes, legacy: str, config: DecodeConfig) -> tuple[str, int, int] | None:
    """Each run between ASCII separators as UTF-8 or as `legacy`, whichever decodes strictly and reads
    better (bad bytes as U+FFFD); None unless both codecs occur. Separators are bytes below 0x40 but
    digits: never part of a GBK/Big5 character, nor of a UTF-8 one (GB18030's four-byte form uses digits)."""
    parts, utf8_runs, legacy_runs = [], 0, 0
    for run in _SEPARATED.split(data):
        if run.isascii():
            parts.append(run.decode("ascii"))
            continue
        as_utf8, as_legacy = decode_strict(run, "utf-8"), decode_strict(run, legacy)
        if as_utf8 is not None and (as_legacy is None or
                                    chinese_score(as_utf8, config)[0] >= chinese_score(as_legacy, config)[0]):
            parts.append(as_utf8)
            utf8_runs += 1
        elif as_legacy is not None:
            parts.append(as_legacy)
            legacy_runs += 1
        else:
            # Neither: UTF-8 then legacy with no separator between. Split where UTF-8 stops being valid.
            try:
                run.decode("utf-8")
            except UnicodeDecodeError as e:
                if e.start:
                    parts.append(run[: e.start].decode("utf-8"))
                    utf8_runs += 1
                    run = run[e.start:]
            parts.append(run.decode(legacy, errors="replace"))
            legacy_runs += 1
    if not (utf8_runs and legacy_runs):
        return None
    return "".join(parts), utf8_runs, legacy_runs
