"""Lost bytes inside a garbled span: each U+FFFD a wrong decode made with errors="replace" stands for one byte.

Python's GBK, Big5 and cp1252 decoders replace exactly one byte per error. That byte is not free: the wrong
decoder must have failed on it where it stood (for GBK: an invalid lead/trail pair; for cp1252: one of the
five bytes it leaves undefined), and the right decoder must read it as part of a valid character. Of the
bytes left, the one whose character is commonest wins (charstats). A guess is still a guess: the caller
reports the characters it filled as "lost_bytes_guessed".
"""
from __future__ import annotations

from functools import lru_cache

from . import charstats
from .plans import char_bytes

HOLE = -1


def _fails_alone(x: int, nxt: int | None, wrong: str) -> bool:
    """The wrong decoder, at byte x followed by nxt, replaces x alone (so x could be the lost byte)."""
    data = bytes([x]) if nxt is None else bytes([x, nxt])
    out = data.decode(wrong, errors="replace")
    if not out.startswith("\ufffd"):
        return False
    if nxt is None:
        return out == "\ufffd"
    rest = bytes([nxt]).decode(wrong, errors="replace")
    # nxt must start afresh: either it stands alone, or it is a lead the decoder kept for the next byte.
    return out[1:] == rest or (len(out) == 1 and rest == "\ufffd")


@lru_cache(maxsize=4096)   # codec x following byte: a few thousand entries at most
def _options(wrong: str, nxt: int | None) -> tuple[int, ...]:
    return tuple(x for x in range(256) if _fails_alone(x, nxt, wrong))


def _char_len(lead: int, right: str) -> tuple[int, ...]:
    if right == "utf-8":
        if lead < 0x80:
            return (1,)
        if 0xC2 <= lead <= 0xDF:
            return (2,)
        if 0xE0 <= lead <= 0xEF:
            return (3,)
        if 0xF0 <= lead <= 0xF4:
            return (4,)
        return ()
    return (1,) if lead < 0x80 else (2,)


_MAX_COMBOS = 1024   # more ways to fill one character than this: leave it unknown


def _fits(x: int, pos: int, n: int, right: str) -> bool:
    """Byte x can stand at `pos` of an n-byte character of `right` (cheap structural test before decoding)."""
    if right == "utf-8":
        return n in _char_len(x, right) if pos == 0 else 0x80 <= x <= 0xBF
    if pos == 0:
        return (x < 0x80) == (n == 1) and x != 0xFF
    return 0x40 <= x <= 0xFE and x != 0x7F


def _best_fill(seq: list[int], right: str, hole_opts: dict[int, tuple[int, ...]], i: int, n: int, prev: str = ""):
    """Best (score, char, fills) for the character seq[i:i+n] with its holes filled; None if none decodes.
    A filled character also scores by the word it makes with the character before it (`prev`)."""
    holes = [k for k in range(i, i + n) if seq[k] == HOLE]
    best = None
    combos: list[list[int]] = [[]]
    for k in holes:
        opts = [x for x in hole_opts[k] if _fits(x, k - i, n, right)]
        if len(combos) * len(opts) > _MAX_COMBOS:
            return None
        combos = [c + [x] for c in combos for x in opts]
    for c in combos:
        data = bytearray(0 if v == HOLE else v for v in seq[i:i + n])
        for k, x in zip(holes, c):
            data[k - i] = x
        try:
            ch = bytes(data).decode(right)
        except UnicodeDecodeError:
            continue
        if len(ch) != 1:
            continue
        sc = charstats.char_score(ch) + (charstats.pair_bonus(prev, ch) if holes else 0.0)
        if best is None or sc > best[0]:
            best = (sc, ch, dict(zip(holes, c)))
    return best


@lru_cache(maxsize=1024)
def fill(text: str, wrong: str, right: str, max_share: float = 0.2) -> tuple[str, list[int | None], list[int]] | None:
    """Re-read `text` (decoded as `wrong`, U+FFFD = one lost byte) as `right`, filling the lost bytes.

    Returns (new text, the byte chosen for each U+FFFD in order or None when none fits, the indexes of the
    characters in the new text that hold a guessed byte),
    or None when `text` has characters `wrong` cannot encode or more than `max_share` of its bytes were lost.
    """
    seq: list[int] = []
    for ch in text:
        b = char_bytes(ch, wrong)
        if b is None:
            return None
        seq.extend([HOLE] if ch == "\ufffd" else b)
    if seq.count(HOLE) > max_share * len(seq):
        return None     # more lost than kept: a guess would be invention
    hole_opts = {}
    for k, v in enumerate(seq):
        if v == HOLE:
            nxt = seq[k + 1] if k + 1 < len(seq) and seq[k + 1] != HOLE else None
            hole_opts[k] = _options(wrong, nxt)
    # Dynamic programming over byte positions: best total character score of a reading of seq[:i].
    n = len(seq)
    best: list[tuple[float, int, str, dict] | None] = [None] * (n + 1)
    best[0] = (0.0, -1, "", {})
    for i in range(n):
        if best[i] is None:
            continue
        leads = hole_opts[i] if seq[i] == HOLE else (seq[i],)
        lengths = sorted({ln for lead in leads for ln in _char_len(lead, right)})
        moves = []
        for ln in lengths:
            if i + ln <= n:
                got = _best_fill(seq, right, hole_opts, i, ln, best[i][2])
                if got is not None:
                    moves.append((ln, got))
        if not moves:   # nothing decodes here: a U+FFFD for this byte, as decode(errors="replace") would
            moves.append((1, (charstats.char_score("\ufffd"), "\ufffd", {})))
        for ln, (sc, ch, fills) in moves:
            total = best[i][0] + sc
            if best[i + ln] is None or total > best[i + ln][0]:
                best[i + ln] = (total, i, ch, fills)
    if best[n] is None:
        return None
    chars, fills, flags, j = [], {}, [], n
    while j > 0:
        _, i, ch, f = best[j]
        chars.append(ch)
        fills.update(f)
        flags.append(bool(f))
        j = i
    chars.reverse()
    flags.reverse()
    order = [fills.get(k) for k, v in enumerate(seq) if v == HOLE]
    return "".join(chars), order, [k for k, g in enumerate(flags) if g]
