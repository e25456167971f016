"""Find garbled spans and propose readings: each finder returns Candidates, the caller keeps the best.

Three families, by what the text was wrongly decoded as:
- Latin-1 / cp1252 (runs of U+0080–U+00FF and cp1252's extra marks): the bytes were UTF-8 (ftfy undoes
  it, also twice), GBK or Big5.
- GBK / GB18030 or Big5: the text's bytes under that codec are valid UTF-8 (a byte-level regex finds the
  exact span inside clean text).
- GBK <-> Big5: both are two bytes a character, so each character maps to one other; a maximum-sum scan
  over the per-character score gain finds the span.
A candidate is kept only if the new reading looks much more like Chinese than the old (charstats.score).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy

from ..config import RepairConfig
from . import charstats
from .plans import MojibakeFix, apply_plan, char_bytes

_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_LATIN_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_EXTRA}\ufffd][\u0020-\u00ff{_CP1252_EXTRA}\ufffd]*")
_ASCII = "".join(chr(i) for i in range(0x20, 0x7F))
_LATIN_LETTERS = re.compile("[\u0080-\u00ff]")
# Valid UTF-8 multi-byte characters (0xFF stands for a lost byte anywhere in one), ASCII allowed between.
_CONT = rb"[\x80-\xbf\xff]"
_EMOJI = rb"\xf0\x9f[\x80-\xbf]{2}"   # U+1F000-U+1FFFF in UTF-8 (its F0 9F lead pair is no GB2312 or Big5 character)
_UTF8_CHAR = rb"(?:[\xc2-\xdf]" + _CONT + rb"|[\xe0-\xef]" + _CONT + rb"{2}|[\xf0-\xf4]" + _CONT + rb"{3}|\xff" + _CONT + rb"{0,2})"
_UTF8_RUN = re.compile(_UTF8_CHAR + rb"(?:" + _UTF8_CHAR + rb"|[\x20-\x7e])*" + _UTF8_CHAR
                       + rb"|" + _EMOJI)   # … or one emoji alone
_TWO_CJK = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}[\x20-\x7e]{0,3}){2}|" + _EMOJI)
_FTFY = ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_encoding=True,
                             restore_byte_a0=True, replace_lossy_sequences=False, decode_inconsistent_utf8=True,
                             fix_c1_controls=True, fix_latin_ligatures=False, fix_character_width=False,
                             uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
                             remove_control_chars=False, normalization=None, explain=True)


@dataclass
class Candidate(MojibakeFix):
    """A proposed fix, before the caller picks among overlapping ones."""

    guessed: list[int] = field(default_factory=list)   # indexes in `after` of characters with a guessed byte

    @property
    def gain(self) -> float:
        return charstats.score(self.after) - charstats.score(self.before)

    @property
    def weight(self) -> float:
        """Total improvement: what the greedy choice between overlapping candidates ranks by."""
        return self.gain * len(self.before)


def peel(c: Candidate, layers: int = 2) -> Candidate:
    """A reading that is itself UTF-8 read as GBK/Big5 (garbled twice: UTF-8 -> GBK -> UTF-8 -> GBK, or the
    GBK garble then read as Latin-1) is undone again, while the text reads better: one layer of a double garble
    alone scores like garble, so it would never be accepted by itself."""
    for _ in range(layers):
        if c.after.isascii() or "\ufffd" in c.after:
            return c
        best = None
        for codec in ("gb18030", "big5"):
            try:
                new = c.after.encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if new != c.after and charstats.score(new) > charstats.score(best or c.after):
                best, how = new, codec
        if best is None:
            return c
        c = Candidate(c.start, c.end, c.before, best, [*c.plan, ("encode", how), ("decode", "utf-8")],
                      c.kind + f", then utf-8 read as {how}", c.guessed)
    return c


def _try(text: str, plan: list) -> str | None:
    try:
        return apply_plan(text, plan)
    except (UnicodeError, ValueError):
        return None


def odd_count(text: str, cfg: RepairConfig) -> int:
    """Characters in `text` that clean Chinese text rarely has (not ASCII, common Han or punctuation)."""
    common = _common(cfg.common_char_weight)
    return sum(1 for ch in text if ord(ch) > 0x7F and ch not in common)


@lru_cache(maxsize=4)
def _common(min_weight: int) -> frozenset[str]:
    return frozenset(charstats.common_chars(min_weight) + charstats.CJK_PUNCT + "·×") - charstats.utf8_lead_pairs()


def _acceptable(c: Candidate, cfg: RepairConfig, min_chars: int | None = None, min_gain: float | None = None) -> bool:
    if c.after == c.before or sum(1 for ch in c.before if ord(ch) > 0x7F) < (min_chars or cfg.min_span_chars):
        return False
    if odd_count(c.before, cfg) < cfg.min_odd_chars:
        return False
    if any(ord(ch) < 0x20 and ch not in "\t\n" or 0x7F <= ord(ch) < 0xA0 for ch in c.after):
        return False
    need = cfg.min_gain if min_gain is None else min_gain
    return c.gain >= need and charstats.score(c.after) >= cfg.min_after_score


_DECODER_FAMILY = {"gb18030": ("gbk", "gb18030"), "gbk": ("gbk", "gb18030"), "big5": ("big5", "cp950")}


def lossy_reading(before: str, wrong: str, right: str, kind: str, start: int) -> Candidate | None:
    """`before` holds U+FFFDs, one lost byte each: fill what the remaining bytes allow (holes.fill), else keep holes."""
    from . import holes

    best = None
    # Each decoder loses bytes its own way: GBK and GB18030 (or Big5 and cp950) differ in what they reject.
    for codec in _DECODER_FAMILY.get(wrong, (wrong,)):
        got = holes.fill(before, codec, right)
        if got is None:
            continue
        after, order, guessed = got
        fills = ",".join("-" if x is None else f"{x:02x}" for x in order)
        plan = [("encode_filled", f"{codec}|{fills}"), ("decode_holes" if None in order else "decode", right)]
        if _try(before, plan) == after and (best is None or charstats.score(after) > charstats.score(best.after)):
            best = Candidate(start, start + len(before), before, after, plan, kind + " (lost bytes guessed)", guessed)
    if best is not None:
        return best
    plan = [("encode_holes", wrong), ("decode_holes", right)]
    after = _try(before, plan)
    return None if after is None else Candidate(start, start + len(before), before, after, plan, kind + " (lossy)")


def latin_candidates(text: str, cfg: RepairConfig) -> list[Candidate]:
    out = []
    for m in _LATIN_RUN.finditer(text):
        s, e = m.span()
        run = m.group()
        if len(_LATIN_LETTERS.findall(run)) < cfg.min_span_chars:
            continue
        # Trailing ASCII belongs to the run only as the second byte of a GBK/Big5 character.
        core = run.rstrip(_ASCII)
        options = []
        fixed, steps = core, []
        for _ in range(3):  # double mojibake: ftfy undoes one layer per call
            res = ftfy.fix_and_explain(fixed, config=_FTFY)
            if res.text == fixed:
                break
            fixed = res.text
            steps.extend(tuple(x) for x in (res.explanation or []))
        if fixed != core and steps:
            options.append(peel(Candidate(s, s + len(core), core, fixed, steps, "utf-8 via cp1252/latin-1")))
        if "\ufffd" in core:
            c = lossy_reading(core, "cp1252", "utf-8", "utf-8 read as cp1252", s)
            if c is not None:
                options.append(c)
        elif fixed == core:
            # UTF-8 with bytes lost in transit (cut short, 0xA0 turned to a space): what still decodes, with a
            # U+FFFD for each broken sequence (reported), if that is mostly text.
            plan = [("encode", "sloppy-windows-1252"), ("decode_holes", "utf-8")]
            after = _try(core, plan)
            if after is not None and after.count("\ufffd") * 4 <= len(after):
                options.append(Candidate(s, s + len(core), core, after, plan, "utf-8 read as cp1252 (bytes lost)"))
        for target in ("gb18030", "big5"):
            for single in ("latin-1", "sloppy-windows-1252"):
                for extra in range(0, min(2, len(run) - len(core)) + 1):
                    piece = run[: len(core) + extra]
                    plan = [("encode", single), ("decode", target)]
                    after = _try(piece, plan)
                    if after is not None:
                        options.append(Candidate(s, s + len(piece), piece, after, plan, f"{target} read as {single}"))
                        break
        good = [c for c in options if _acceptable(c, cfg)]
        if good:
            out.append(max(good, key=lambda c: charstats.score(c.after)))
    return out


def _segments(text: str, codec: str):
    """Maximal pieces of `text` (no line breaks) that `codec` can encode, U+FFFD allowed as a hole."""
    pos = 0
    for line in text.split("\n"):
        try:   # most lines encode whole (one C call); only the others are walked character by character
            line.replace("\ufffd", "?").encode(codec)
            if line:
                yield pos, line
        except UnicodeEncodeError:
            yield from _encodable_runs(line, pos, codec)
        pos += len(line) + 1


def _encodable_runs(line: str, pos: int, codec: str):
    start = None
    for i, ch in enumerate(line):
        ok = char_bytes(ch, codec) is not None
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            yield pos + start, line[start:i]
            start = None
    if start is not None:
        yield pos + start, line[start:]


def _encode_with_offsets(seg: str, codec: str) -> tuple[bytes, list[int]]:
    """Bytes of `seg` and the byte offset where each character starts (plus the end)."""
    parts = [char_bytes(c, codec) for c in seg]
    offs = [0]
    for p in parts:
        offs.append(offs[-1] + len(p))
    return b"".join(parts), offs


def utf8_candidates(text: str, codec: str, cfg: RepairConfig) -> list[Candidate]:
    """UTF-8 bytes that were decoded as `codec` (gb18030 or big5)."""
    out = []
    # Fast exit (C speed): Chinese in UTF-8 is three-byte characters, emoji four; no two of the first near each
    # other in the bytes and none of the second, no garbled UTF-8 here.
    if "\ufffd" not in text and not _TWO_CJK.search(text.encode(codec, errors="replace")):
        return out
    for base, seg in _segments(text, codec):
        if not any(ord(c) > 0x7F for c in seg):
            continue
        data, offs = _encode_with_offsets(seg, codec)
        where = {b: i for i, b in enumerate(offs)}
        for m in _UTF8_RUN.finditer(data):
            best = _best_in_run(seg, base, offs, where, *m.span(), codec, cfg)
            if best is not None:
                out.append(best)
    return out


def _run_bounds(seg: str, offs: list[int], where: dict[int, int], bs: int, be: int,
                cfg: RepairConfig) -> tuple[list[int], list[int]]:
    """Character boundaries a span may start or end at: the run's own ends, and past up to utf8_run_trim common
    characters at either end, since clean GBK/Big5 text next to a garble can read as valid two-byte UTF-8 too
    (思源, 通 do); garbled characters are rarely common ones."""
    inner = offs[bisect_left(offs, bs):bisect_right(offs, be)]   # offs: the sorted character starts
    if len(inner) < 2:
        return [], []
    common = _common(cfg.common_char_weight)
    starts, ends = [inner[0]], [inner[-1]]
    for k in range(1, min(cfg.utf8_run_trim, len(inner) - 1) + 1):
        if seg[where[inner[k - 1]]] not in common:
            break
        starts.append(inner[k])
    for k in range(2, min(cfg.utf8_run_trim + 1, len(inner)) + 1):
        if seg[where[inner[-k]]] not in common:
            break
        ends.append(inner[-k])
    return starts, ends


def _best_in_run(seg: str, base: int, offs: list[int], where: dict[int, int], bs: int, be: int, codec: str,
                 cfg: RepairConfig) -> Candidate | None:
    """The acceptable reading of the UTF-8 run, or of it trimmed of clean neighbours, that leaves the text most
    like Chinese (total character weight, so a trimmed span competes fairly with a longer one)."""
    best, best_total = None, 0.0
    starts, ends = _run_bounds(seg, offs, where, bs, be, cfg)
    for s in starts:
        for e in ends:
            if e - s < 4:
                continue
            c = _acceptable_utf8(seg, base, where[s], where[e], codec, cfg)
            if c is None:
                continue
            gained = charstats.total(c.after) - charstats.total(c.before)
            if best is None or gained > best_total:
                best, best_total = c, gained
    return best


def _acceptable_utf8(seg: str, base: int, cs: int, ce: int, codec: str, cfg: RepairConfig) -> Candidate | None:
    c = _utf8_reading(seg, base, cs, ce, codec)
    if c is None:
        return None
    sure = sum(1 for ch in c.after if ord(ch) > 0x7F and ch != "\ufffd") >= cfg.utf8_sure_chars
    return c if _acceptable(c, cfg, min_gain=0.0 if sure else cfg.min_gain_utf8) else None


def _utf8_reading(seg: str, base: int, cs: int, ce: int, codec: str) -> Candidate | None:
    before = seg[cs:ce]
    if "\ufffd" in before:
        return lossy_reading(before, codec, "utf-8", f"utf-8 read as {codec}", base + cs)
    plan = [("encode", codec), ("decode", "utf-8")]
    after = _try(before, plan)
    return None if after is None else peel(Candidate(base + cs, base + ce, before, after, plan,
                                                     f"utf-8 read as {codec}"))


@lru_cache(maxsize=200_000)
def _pair_gain(ch: str, wrong: str, right: str) -> tuple[str | None, float]:
    b = char_bytes(ch, wrong)
    if b is None:
        return None, 0.0
    if len(b) != 2:
        return (ch, 0.0) if len(b) == 1 else (None, 0.0)
    try:
        new = b.decode(right)
    except UnicodeDecodeError:
        return None, 0.0
    return new, charstats.char_score(new) - charstats.char_score(ch)


def _becomes_word(old: str, new: list[str], i: int) -> bool:
    """Do characters i, i+1 read as a dictionary word in `new` but not in `old`?"""
    return charstats.pair_bonus(new[i], new[i + 1]) > 0 and charstats.pair_bonus(old[i], old[i + 1]) == 0


def _ascii_run(seg: str, i: int) -> bool:
    """seg[i] is ASCII next to another ASCII character: part of a Latin word, a number or spacing."""
    return seg[i] in _ASCII and ((i + 1 < len(seg) and seg[i + 1] in _ASCII) or (i > 0 and seg[i - 1] in _ASCII))


def pair_candidates(text: str, wrong: str, right: str, cfg: RepairConfig) -> list[Candidate]:
    """Two-byte text decoded as the other two-byte codec (GBK <-> Big5): the best-gain runs."""
    out = []
    for base, seg in _segments(text, wrong):
        gains, news = [], []
        for ch in seg:
            new, g = _pair_gain(ch, wrong, right) if ch != "\ufffd" else ("\ufffd", 0.0)
            gains.append(g if new is not None else float("-inf"))
            news.append(new or "")
        # Maximum-sum runs (Kadane), each a candidate span.
        best, run_start, acc = [], 0, 0.0
        cur_best = (0.0, 0, 0)
        for i, g in enumerate(gains + [float("-inf")]):
            if acc + g <= 0 or g == float("-inf"):
                if cur_best[0] > 0:
                    best.append(cur_best)
                acc, run_start, cur_best = 0.0, i + 1, (0.0, 0, 0)
                continue
            acc += g
            if acc > cur_best[0]:
                cur_best = (acc, run_start, i + 1)
        for _, cs, ce in best:
            # Garble that happens to read as a common character has a small loss: it belongs to the span.
            # So does a pair that reads as a word only after the repair (吭高 -> 諮詢).
            # The span does not reach over a neighbouring Latin word or number (two or more ASCII characters in
            # a row); a lone ASCII character can be a trail byte the decoder read on its own.
            while ce < len(seg) and (seg[ce] not in _ASCII or not _ascii_run(seg, ce)):
                if gains[ce] > -cfg.pair_extend_loss:
                    ce += 1
                elif ce + 1 < len(seg) and _becomes_word(seg, news, ce):
                    ce += 2
                else:
                    break
            while cs > 0 and (seg[cs - 1] not in _ASCII or not _ascii_run(seg, cs - 1)):
                if gains[cs - 1] > -cfg.pair_extend_loss:
                    cs -= 1
                elif cs > 1 and _becomes_word(seg, news, cs - 2):
                    cs -= 2
                else:
                    break
            while ce > cs and seg[ce - 1] in _ASCII:
                ce -= 1
            while cs < ce and seg[cs] in _ASCII:
                cs += 1
            before = seg[cs:ce]
            if "\ufffd" in before:
                c = lossy_reading(before, wrong, right, f"{right} read as {wrong}", base + cs)
                if c is None:
                    continue
            else:
                plan = [("encode", wrong), ("decode", right)]
                after = _try(before, plan)
                if after is None:
                    continue
                c = Candidate(base + cs, base + ce, before, after, plan, f"{right} read as {wrong}")
            han = sum(map(two_byte_garble, before))
            if (han >= cfg.min_pair_han_share * len(before.replace(" ", "")) and _acceptable(c, cfg, cfg.min_pair_chars)
                    and charstats.word_share(c.after) >= cfg.min_pair_word_share):
                if cfg.keep_kana_words and (one_kana_script(before) or japanese_like(before, cfg)):
                    continue   # "かわいい", "カワイイ", "することを決めた": Japanese, not garble
                out.append(c)
    return out


_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,7});")


def one_kana_script(text: str) -> bool:
    """All letters of `text` are hiragana, or all katakana (punctuation and ASCII aside): Japanese words.
    GBK/Big5 read as each other mixes both kana rows with Han and private-use characters."""
    letters = [c for c in text if ord(c) >= 0x370 and not ("\u3000" <= c <= "\u303f" or "\u2000" <= c <= "\u206f"
                                                           or "\uff00" <= c <= "\uffef" or c in "ー・")]
    if not letters:
        return False
    return all("\u3041" <= c <= "\u309f" for c in letters) or all(
        "\u30a0" <= c <= "\u30ff" or "\u31f0" <= c <= "\u31ff" for c in letters)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@lru_cache(maxsize=4)
def _kana_runs(n: int) -> re.Pattern:
    return re.compile(f"[\u3041-\u309f]{{{n},}}|[\u30a0-\u30ff]{{{n},}}")


def japanese_like(text: str, cfg: RepairConfig) -> bool:
    """At least japanese_kana_share of the letters stand in runs of kana_run+ hiragana or katakana (ー counts as
    katakana): Japanese prose. Garble of GBK/Big5 read as each other scatters kana singly or in pairs, and
    holds private-use characters no Japanese text has (一個一個 as Big5 read as GB18030: four of them, then セカチ)."""
    if _PRIVATE_USE.search(text):
        return False
    letters = sum(1 for c in text if ord(c) >= 0x370 and not ("\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"))
    in_runs = sum(len(m) for m in _kana_runs(cfg.kana_run).findall(text))
    return letters > 0 and in_runs >= cfg.japanese_kana_share * letters


def two_byte_garble(ch: str) -> bool:
    """Could `ch` be one character of GBK/Big5 read as the other? CJK, kana, bopomofo, PUA, and the Greek,
    Cyrillic and symbol rows the other codec's common lead bytes land in (Big5's 一 A440 is GBK's Greek and
    symbol rows); not Latin letters or IPA: pinyin like "jiàn" or "ɡ" is text."""
    return ord(ch) >= 0x370


def has_entity(text: str) -> bool:
    return "&" in text and _ENTITY.search(text) is not None


def entity_candidates(text: str, cfg: RepairConfig) -> list[Candidate]:
    """HTML entities left in text (escaped twice upstream, or plain text taken from HTML): ftfy's unescape_html.
    Not in text that holds markup itself, where &lt; may be meant (ftfy's own rule)."""
    if "&" not in text or "<" in text:
        return []
    out = []
    unescape = ftfy.FIXERS["unescape_html"]
    for m in _ENTITY.finditer(text):
        after = unescape(m.group())
        if after != m.group():
            out.append(Candidate(m.start(), m.end(), m.group(), after, [("apply", "unescape_html")], "html entity"))
    return out
