"""Mojibake repair, span by span: find each garbled span in otherwise clean text and undo it.

    fixed = fix_mojibake(text)
    fixed, fixes = fix_mojibake(text, explain=True)   # each fix: start, end, before, after, plan, kind
    apply_plan(fix.before, fix.plan) == fix.after
    result = repair_mojibake(text)                    # .text, .fixes, .garbles (what could not be undone)

Clean text takes a fast path: one regex screen for anything that is not ASCII, a common Han character or
ordinary punctuation. Only text that fails the screen is searched (spans.py, lossy.py). Order: GBK/Big5 and
UTF-8 readings are proposed together and the one that reads best wins, so ftfy (one of the proposals, for
UTF-8 through cp1252/Latin-1) never gets a GBK-as-Latin-1 span to make worse; lossy garbles come last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Sequence

from ..config import RepairConfig
from . import charstats, lossy, mentions, spans
from .plans import MojibakeFix
from .plans import apply_plan  # noqa: F401  (re-exported: newsclean.apply_plan)

_MAX_PASSES = 3   # a span garbled twice (UTF-8 -> GBK -> Latin-1) is undone one layer a pass


@dataclass
class MojibakeResult:
    text: str
    fixes: list[MojibakeFix] = field(default_factory=list)
    garbles: list[lossy.Garble] = field(default_factory=list)   # left in `text`, with their places


@lru_cache(maxsize=8)
def _screen(min_weight: int) -> re.Pattern:
    """Matches a character a clean Chinese text would not have (one character class: the regex engine's
    fast path, hundreds of MB/s)."""
    ok = "".join(c for c in charstats.common_chars(min_weight) if c not in charstats.utf8_lead_pairs())
    ok += charstats.CJK_PUNCT
    return re.compile("[^\t\n\r\x20-\x7e" + re.escape(ok) + "\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u00b7\u00d7]")


# Garbles made of ordinary characters: a ? standing for lost bytes, MSVC fill bytes. Looked for only when
# a cheap substring test finds their first character.
_QUESTION = re.compile(r"\?(?=[a-z\u00e0-\u01dc\u3400-\u9fff\u3001-\u3011\uff01-\uff5e?/])")
_FILL = re.compile("烫烫|屯屯")


def _marks(text: str, cfg: RepairConfig):
    yield from _screen(cfg.common_char_weight).finditer(text)
    if "?" in text:
        yield from _QUESTION.finditer(text)
    if "烫烫" in text or "屯屯" in text:
        yield from _FILL.finditer(text)


def is_suspicious(text: str, config: RepairConfig | None = None) -> bool:
    """False when `text` certainly has no mojibake (the fast path)."""
    cfg = config or RepairConfig()
    if _screen(cfg.common_char_weight).search(text):
        return True
    if "?" in text and _QUESTION.search(text):
        return True
    return "烫烫" in text or "屯屯" in text or spans.has_entity(text)


def _choose(cands: list[spans.Candidate]) -> list[spans.Candidate]:
    """Non-overlapping candidates, the biggest improvement first, returned in text order."""
    chosen: list[spans.Candidate] = []
    for c in sorted(cands, key=lambda c: -c.weight):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _apply(text: str, cands: list[spans.Candidate], fixes: list[MojibakeFix], marks: list[lossy.Garble]) -> str:
    """Applies non-overlapping `cands` (text order); moves `marks` (guessed characters) along, adds new ones."""
    out, pos, shift = [], 0, 0
    moved = [(m, 0) for m in marks]
    for c in cands:
        out.append(text[pos:c.start])
        fixes.append(MojibakeFix(c.start + shift, c.end + shift, c.before, c.after, list(c.plan), c.kind))
        for k in c.guessed:
            at = c.start + shift + k
            marks.append(lossy.Garble("lost_bytes_guessed", at, at + 1, c.after[k]))
        out.append(c.after)
        delta = len(c.after) - len(c.before)
        moved = [(m, d + delta if m.start >= c.end else d) for m, d in moved]
        shift += delta
        pos = c.end
    out.append(text[pos:])
    for m, d in moved:
        m.start += d
        m.end += d
    return "".join(out)


def _regions(text: str, cfg: RepairConfig, cjk_only: bool = False) -> list[tuple[int, int, int]]:
    """Windows around the suspicious characters, merged: only these are searched. Each with the number of
    CJK-range characters among its suspicious ones (GBK<->Big5 garble is made of them)."""
    out: list[list[int]] = []
    w = cfg.search_window
    for m in sorted(_marks(text, cfg), key=lambda m: m.start()):
        a, b = max(0, m.start() - w), min(len(text), m.end() + w)
        cjk = int(spans.two_byte_garble(m.group()[0]))
        if cjk_only and not cjk:
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
            out[-1][2] += cjk
        else:
            out.append([a, b, cjk])
    return [(a, b, n) for a, b, n in out]


def _shifted(found: list[spans.Candidate], by: int) -> list[spans.Candidate]:
    for c in found:
        c.start += by
        c.end += by
    return found


def _byte_candidates(text: str, cfg: RepairConfig) -> list[spans.Candidate]:
    cands: list[spans.Candidate] = []
    for a, b, _ in _regions(text, cfg):
        sub = text[a:b]
        found = spans.latin_candidates(sub, cfg)
        found += spans.utf8_candidates(sub, "gb18030", cfg)
        found += spans.utf8_candidates(sub, "big5", cfg)
        cands += _shifted(found, a)
    for a, b, odd in _regions(text, cfg, cjk_only=True):
        if odd >= 2:   # a GBK<->Big5 span needs min_pair_chars characters, several of them odd: a lone rare name is not one
            sub = text[a:b]
            found = spans.pair_candidates(sub, "gb18030", "big5", cfg)
            found += spans.pair_candidates(sub, "big5", "gb18030", cfg)
            cands += _shifted(found, a)
    return cands + lossy.kunkao_candidates(text, cfg) + spans.entity_candidates(text, cfg)


_PAIR_KIND = re.compile(r"^(gb18030|big5) read as (gb18030|big5)")
# Where a field ends: line breaks and spaces (punctuation may be the garble's own, and a list inside a clean
# sentence, 出席：张三、李四, is no table).
_FIELD_EDGE = set("\n\r\t \u3000")


def pair_directions(fixes: list[MojibakeFix]) -> list[tuple[str, str]]:
    """(wrong, right) codec pairs of the GBK<->Big5 repairs made, in order of first use."""
    out = []
    for f in fixes:
        m = _PAIR_KIND.match(f.kind)
        if m and (m.group(2), m.group(1)) not in out:
            out.append((m.group(2), m.group(1)))
    return out


def _whole_field(text: str, start: int, end: int) -> bool:
    """text[start:end] is bounded on both sides by the text's ends or whitespace: a cell or a line, not a few
    characters inside a sentence (a rare name in clean prose)."""
    return (start == 0 or text[start - 1] in _FIELD_EDGE) and (end == len(text) or text[end] in _FIELD_EDGE)


def repair_mojibake(text: str, config: RepairConfig | None = None, *,
                    about_encoding: bool | Callable[[], bool] | None = None,
                    pair_context: Sequence[tuple[str, str]] = (), screen: bool = True) -> MojibakeResult:
    """Repairs every garbled span it can; returns the text, the fixes and the garbles left.

    `about_encoding`: does the document this text belongs to talk about encodings (then a garble quoted as an
    example is left)? A bool, a function asked at most once, or None to judge from `text` alone.
    `pair_context`: (wrong, right) GBK<->Big5 directions repaired elsewhere in the document (pair_directions):
    whole fields of this text are judged with that evidence too. `screen=False` skips the clean-text screen
    (with that evidence a garble of two common characters is possible)."""
    cfg = config or RepairConfig()
    if not isinstance(text, str):
        from ..errors import InputError

        raise InputError(f"fix_mojibake() takes str, not {type(text).__name__}")
    if screen and not is_suspicious(text, cfg):
        return MojibakeResult(text)
    fixes: list[MojibakeFix] = []
    marks: list[lossy.Garble] = []
    about: list[bool] = []   # does the text talk about encodings? Asked once, and only if something was found

    def quoted(found):
        """Drops the spans that are garble quoted as an example, in a text about encodings."""
        if not found:
            return found
        if not about:
            if about_encoding is None:
                about.append(mentions.talks_about_encoding(text, cfg))
            else:
                about.append(about_encoding() if callable(about_encoding) else about_encoding)
        return [c for c in found if not mentions.is_mention(text, c.start, c.end, cfg)] if about[0] else found

    for _ in range(_MAX_PASSES):
        chosen = _choose(quoted(_byte_candidates(text, cfg)))
        if not chosen:
            break
        text = _apply(text, chosen, fixes, marks)
    for wrong, right in dict.fromkeys([*(pair_directions(fixes) if fixes else ()), *pair_context]):
        # The text holds GBK<->Big5 garble in this direction: its short pieces (a table's cells, one-word lines)
        # are judged with that evidence (pair_context_chars, no word test); each must be a whole field.
        relaxed = replace(cfg, min_pair_chars=cfg.pair_context_chars, min_span_chars=cfg.pair_context_chars,
                          min_pair_word_share=0.0, min_odd_chars=0)
        found = [c for c in spans.pair_candidates(text, wrong, right, relaxed) if _whole_field(text, c.start, c.end)]
        text = _apply(text, _choose(quoted(found)), fixes, marks)
    chosen = _choose(quoted(lossy.pinyin_hole_candidates(text, cfg)))
    if chosen:
        text = _apply(text, chosen, fixes, marks)
    shifted = _choose(quoted(lossy.shift_hole_candidates(text, cfg)))
    n = len(fixes)
    text = _apply(text, shifted, fixes, marks)
    garbles = quoted(lossy.find_garbles(text, cfg)) + marks
    for f in fixes[n:]:
        # The `?`s before a re-aligned run stand for the character the lost byte began.
        s = f.start
        while s > 0 and text[s - 1] == "?":
            s -= 1
        garbles.append(lossy.Garble("lost_bytes", s, f.start, text[s:f.start]))
    garbles.sort(key=lambda g: g.start)
    return MojibakeResult(text, fixes, garbles)


def fix_mojibake(text: str, explain: bool = False, config: RepairConfig | None = None):
    """Repairs garbled spans in `text`. With explain=True returns (text, fixes); see MojibakeFix."""
    res = repair_mojibake(text, config)
    return (res.text, res.fixes) if explain else res.text
