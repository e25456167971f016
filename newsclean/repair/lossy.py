"""Garbles that lost bytes: undo what the remaining bytes allow, and point at the rest.

- ``?`` + orphaned pinyin, ``?shù)倪_``: a GBK page was annotated (``數(shù)``) by a tool that read it one byte
  off; re-aligned, the ``?`` swallowed one real byte and the ``(``. The annotation names the character the
  tool saw: it is the byte before the hole followed by the lost byte, so the pinyin picks the lost byte
  (94 ?? read as 數 -> ?? = B5), and the following run decodes again in step (倪_ -> 的達).
- ``?`` before a run read one byte off, without a clue (``??淇藙t``): the run after the lost byte is decoded
  in step (克則); the character the lost byte began stays unknown and is reported.
- A UTF-8 character cut short and read as cp1252 after Chinese text (``元ç´``): reported.
- U+FFFD runs, ``锟斤拷`` (U+FFFD's UTF-8 bytes read as GBK: undone to U+FFFD), 烫烫烫/屯屯屯 (MSVC fill
  bytes read as GBK), HTML tag remnants whose ``<`` a lost byte ate (``?/p>``): reported, never silent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import RepairConfig
from . import charstats
from .plans import apply_plan
from .spans import Candidate

GB = "gb18030"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PY = rf"[a-z{_TONED}]{{1,7}}"
PINYIN_HOLE = re.compile(rf"\?({_PY})\)")
SHIFT_HOLE = re.compile(r"\?+(?=[\u4e00-\u9fff\u3001-\u3011\uff01-\uff5e])")
KUNKAO = re.compile(r"(?:锟斤拷|烫烫|屯屯)")
REPLACEMENT_RUN = re.compile("\ufffd+")
TAG_REMNANT = re.compile(r"\?/?[a-zA-Z][a-zA-Z0-9]{0,9}>")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A UTF-8 sequence cut short (its last bytes lost) and read as cp1252, right after Chinese text: 元ç´.
_CONT_1252 = "\u0080-\u00bf‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
TRUNCATED_UTF8 = re.compile(rf"(?:[\u00e0-\u00ef][{_CONT_1252}]|[\u00f0-\u00f4][{_CONT_1252}]{{1,2}})"
                            rf"(?![\u0080-\u00ff{_CONT_1252[1:]}])")
_UTF8_LEAD_1252 = re.compile("[\u00e0-\u00f4]")
_TONE_FREE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")


@dataclass
class Garble:
    """An unrepaired (or only partly repaired) garble, at its place in the repaired text."""

    kind: str          # replacement_char | lost_bytes | uninitialized_memory
    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, heteronym=True, style=Style.TONE)[0])


def _matches(ch: str, py: str) -> bool:
    if not _HAN.match(ch):
        return False
    r = _readings(ch)
    if py in r:
        return True
    if py == py.translate(_TONE_FREE):       # annotation without tone marks: compare toneless
        return py.replace("ü", "v") in {x.translate(_TONE_FREE) for x in r}
    return False


def _lost_byte_options(prev: int, py: str) -> list[int]:
    """Bytes x such that the two bytes (prev, x) read as GBK are a character read `py`."""
    out = []
    for x in range(0x40, 0xFF):
        try:
            ch = bytes([prev, x]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and _matches(ch, py):
            out.append(x)
    return out


def _line_spans(text: str, needle: re.Pattern | str | None = None):
    """(start, line) for each line of `text`, or only for those holding `needle` (a substring or a regex)."""
    if needle is None:
        for m in re.finditer(r"[^\n]+", text):
            yield m.start(), m.group()
        return
    starts = (m.start() for m in needle.finditer(text)) if isinstance(needle, re.Pattern) else _find_all(text, needle)
    last = -1
    for at in starts:
        if at <= last:
            continue
        a = text.rfind("\n", 0, at) + 1
        b = text.find("\n", at)
        b = len(text) if b < 0 else b
        last = b
        yield a, text[a:b]


def _find_all(text: str, needle: str):
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _diff(old: str, new: str) -> tuple[int, int, int]:
    """Common prefix length and the end of the changed part in old and new."""
    p = 0
    n = min(len(old), len(new))
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return p, len(old) - s, len(new) - s


def _greedy(options: list[list]):
    """Combinations to try: each hole's options in turn, the others at their first option (holes rarely interact)."""
    base = [o[0] for o in options]
    yield tuple(base)
    for i, opts in enumerate(options):
        for x in opts[1:]:
            yield tuple(base[:i] + [x] + base[i + 1:])


def pinyin_hole_candidates(text: str, cfg: RepairConfig) -> list[Candidate]:
    out = []
    if "?" not in text:
        return out
    for base, line in _line_spans(text, PINYIN_HOLE):
        holes = list(PINYIN_HOLE.finditer(line))
        if not holes:
            continue
        try:
            pieces, pos = [], 0
            for h in holes:
                pieces.append(line[pos:h.start()].encode(GB))
                pos = h.end()
            tail = line[pos:].encode(GB)
        except UnicodeEncodeError:
            continue
        options = []
        for i, h in enumerate(holes):
            prev_bytes = pieces[i]
            if not prev_bytes:
                options.append([None])    # adjacent holes: no byte to pair with
                continue
            opts = _lost_byte_options(prev_bytes[-1], h.group(1))
            options.append(opts or [None])
        if all(o == [None] for o in options):
            continue
        best = None
        for combo in _greedy(options):
            data = b"".join(p + (bytes([x]) if x is not None else h.group().encode(GB))
                            for p, x, h in zip(pieces, combo, holes)) + tail
            try:
                new, strict = data.decode(GB), True
            except UnicodeDecodeError:
                # Another lost byte nearby (no clue for it): decode what is there, its hole becomes U+FFFD.
                new, strict = data.decode(GB, errors="replace"), False
            sc = (strict, charstats.score(new))
            if best is None or sc > best[0]:
                best = (sc, new, combo)
        if best is None or best[1] == line:
            continue
        new, combo, strict = best[1], best[2], best[0][0]
        p, old_end, new_end = _diff(line, new)
        before, after = line[p:old_end], new[p:new_end]
        plan = [("encode", GB)]
        for x, h in zip(combo, holes):
            if x is not None:
                plan.append(("replace_bytes", f"{h.group().encode(GB).hex()}>{x:02x}"))
        plan.append(("decode" if strict else "decode_holes", GB))
        try:
            if apply_plan(before, plan) != after:
                continue
        except (UnicodeError, ValueError):
            continue
        if charstats.score(after.replace("\ufffd", "")) < cfg.min_after_score:
            continue
        out.append(Candidate(base + p, base + old_end, before, after, plan, "gbk lost byte (pinyin clue)"))
    return out


def _gb_len(data: bytes, i: int) -> int:
    if data[i] < 0x81 or data[i] == 0xFF or i + 1 >= len(data):
        return 1
    return 4 if 0x30 <= data[i + 1] <= 0x39 else 2


def _starts(data: bytes, i: int = 0) -> list[int]:
    out = []
    while i < len(data):
        out.append(i)
        i += _gb_len(data, i)
    out.append(len(data))
    return out


def shift_hole_candidates(text: str, cfg: RepairConfig) -> list[Candidate]:
    """A run after ``?`` read one byte off: decode it again from its second byte, up to where the readings meet."""
    out = []
    if "?" not in text:
        return out
    for base, line in _line_spans(text, SHIFT_HOLE):
        for m in SHIFT_HOLE.finditer(line):
            rest = line[m.end():m.end() + 4 * cfg.search_window]   # the readings meet within a few characters
            try:
                data = rest.encode(GB)
            except UnicodeEncodeError:
                continue
            given = set(_starts(data))
            shifted = _starts(data, 1)
            meet = next((b for b in shifted[1:] if b in given), None)
            if meet is None or meet < 3:
                continue
            old = rest[: len(data[:meet].decode(GB, errors="replace"))]
            try:
                new, dec = data[1:meet].decode(GB), "decode"
            except UnicodeDecodeError:   # a second lost byte further on: its character stays a U+FFFD
                new, dec = data[1:meet].decode(GB, errors="replace"), "decode_holes"
            kept = new.replace("\ufffd", "")
            if not kept or charstats.score(kept) - charstats.score(old) < cfg.min_shift_gain:
                continue
            if charstats.score(kept) < cfg.min_after_score:
                continue
            plan = [("encode", GB), ("skip_bytes", "1"), (dec, GB)]
            s = base + m.end()
            out.append(Candidate(s, s + len(old), old, new, plan, "gbk lost byte (shifted run)"))
    return out


def kunkao_candidates(text: str, cfg: RepairConfig) -> list[Candidate]:
    """锟斤拷 and its neighbours: UTF-8 of U+FFFD read as GBK; undone, the holes become U+FFFD again."""
    out = []
    for base, line in _line_spans(text, "锟斤拷"):
        try:
            data = line.encode(GB)
        except UnicodeEncodeError:
            continue
        starts = _starts(data)
        where = {b: i for i, b in enumerate(starts)}
        for m in re.finditer(rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+", data):
            bs, be = m.span()
            while bs < be and bs not in where:
                bs += 1
            while be > bs and be not in where:
                be -= 1
            if be <= bs:
                continue
            before = line[where[bs]:where[be]]
            if "锟斤拷" not in before:
                continue
            # Clean text before it can be valid UTF-8 by chance (说 is CB B5): the garble starts at 锟.
            first = before.index("锟")
            s = base + where[bs] + first
            before = before[first:].rstrip()
            plan = [("encode", GB), ("decode", "utf-8")]
            try:
                after = apply_plan(before, plan)
            except UnicodeError:
                continue
            out.append(Candidate(s, s + len(before), before, after, plan, "utf-8 of U+FFFD read as gbk (锟斤拷)"))
    return out


def find_garbles(text: str, cfg: RepairConfig) -> list[Garble]:
    """Every garble left in `text` (after repair), in order: none passes silently."""
    found: list[Garble] = []
    if _UTF8_LEAD_1252.search(text):
        for m in TRUNCATED_UTF8.finditer(text):
            if m.start() and _HAN.match(text[m.start() - 1]):
                found.append(Garble("lost_bytes", m.start(), m.end(), m.group()))
    if "\ufffd" not in text and "?" not in text and "烫烫" not in text and "屯屯" not in text and "锟" not in text:
        return found
    for m in REPLACEMENT_RUN.finditer(text):
        found.append(Garble("replacement_char", m.start(), m.end(), m.group()))
    fill = re.compile(rf"烫{{{cfg.fill_run},}}|屯{{{cfg.fill_run},}}|(?:锟斤拷)+")
    for m in (fill.finditer(text) if "烫烫" in text or "屯屯" in text or "锟斤拷" in text else ()):
        found.append(Garble("uninitialized_memory" if m.group()[0] != "锟" else "replacement_char",
                            m.start(), m.end(), m.group()))
    if "?" in text:
        for m in PINYIN_HOLE.finditer(text):
            found.append(Garble("lost_bytes", m.start(), m.end(), m.group()))
        for m in TAG_REMNANT.finditer(text):
            start = m.start()
            while start and text[start - 1] in "?!":   # the ?s and !s before it went with the lost bytes
                start -= 1
            found.append(Garble("lost_bytes", start, m.end(), text[start:m.end()]))
    found.sort(key=lambda g: (g.start, -g.end))
    merged: list[Garble] = []
    for g in found:
        if merged and g.start < merged[-1].end:
            continue
        merged.append(g)
    return merged
