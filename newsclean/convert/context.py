"""The context layer: decides, per occurrence, the characters OpenCC's t2s gets wrong, before t2s runs.

Rules are data (data/convert_context.tsv, data/convert_names.tsv). Work is done only at the positions of
the few characters that have rules, so the cost grows with their count, not with the text's length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from .tables import script_sets, variants

DATA = Path(__file__).resolve().parent.parent / "data"
BOUNDARY = "#"   # punctuation or any other non-Han character
SPACE = "_"      # whitespace, or the start or end of the text
# Stand in for a character that must survive t2s unchanged (a surname 於 t2s would make 于): noncharacters,
# never in real text; one per distinct held character.
HOLDS = "".join(chr(c) for c in range(0xFDD0, 0xFDE0))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_ALL_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]*")


class Decision(NamedTuple):
    """One character the layer decided (a NamedTuple: made by the hundred, cheaply)."""

    at: int          # index in the input text
    char: str        # the input character
    output: str      # what it becomes in the simplified text
    rule: str        # the pattern (or "name:於梨華") that decided it

    def to_dict(self) -> dict:
        return {"at": self.at, "char": self.char, "as": self.output, "rule": self.rule}


@dataclass(frozen=True)
class Rules:
    # char -> [((left_len, right_len), {(left, right): (output, pattern)})], most specific shape first
    by_char: dict[str, list[tuple[tuple[int, int], dict[tuple[str, str], tuple[str, str]]]]]
    # chars whose rules only apply where the text around them is not simplified
    script_sensitive: frozenset[str]
    # char -> (longest left context, longest right context) of its rules
    reach: dict[str, tuple[int, int]]
    # char -> the characters right before / right after it that some rule needs, for chars whose every rule has
    # a literal neighbour (於: only 姓[於]); any other neighbours rule nothing out, so such a char is skipped fast
    neighbours: dict[str, tuple[frozenset[str], frozenset[str]]]
    # punctuation written literally in some pattern ([著]《): matched as itself, not as BOUNDARY
    literals: frozenset[str] = frozenset()
    # by_char for one dict lookup per shape: char -> (left reach, right reach, first chars left, first chars
    # right, {(left ok, right ok): ((start, stop, table), …)}). The window is the char with its reach either
    # side; a table is keyed by window[start:stop]. A shape with left context can only match when the char
    # right before is one some rule of it names (left ok), likewise on the right: the others are skipped.
    windows: dict[str, tuple] = field(default_factory=dict)
    # window -> the rule it picks (None: no rule), filled in by decide_at
    memo: dict[str, tuple[str, str] | None] = field(default_factory=dict, compare=False, hash=False, repr=False)


def _parse_pattern(pattern: str) -> tuple[str, str, str]:
    m = re.fullmatch(r"([^\[\]]*)\[(.)\]([^\[\]]*)", pattern)
    if not m:
        raise ValueError(f"convert_context.tsv: bad pattern {pattern!r} (want left[char]right)")
    return m.group(2), m.group(1), m.group(3)


@lru_cache(maxsize=1)
def load_rules(path: Path = DATA / "convert_context.tsv") -> Rules:
    shapes: dict[str, dict[tuple[int, int], dict[tuple[str, str], tuple[str, str]]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# ") or line == "#":
            continue
        pattern, output, *_ = line.split("\t")
        char, left, right = _parse_pattern(pattern)
        table = shapes.setdefault(char, {}).setdefault((len(left), len(right)), {})
        table.setdefault((left, right), (output, pattern))  # first rule in the file wins a duplicate
    by_char = {
        c: sorted(t.items(), key=lambda kv: (-(kv[0][0] + kv[0][1]), -kv[0][0]))
        for c, t in shapes.items()
    }
    # a surname is kept wherever it is (a simplified text writes 於 too); the rest only in non-simplified text
    reach = {c: (max(a for (a, _), _t in v), max(b for (_a, b), _t in v)) for c, v in by_char.items()}
    neighbours = {}
    for c, v in by_char.items():
        keys = [k for _shape, t in v for k in t]
        lefts = {left[-1] for left, _ in keys if left}
        rights = {right[0] for _, right in keys if right}
        if all(left or right for left, right in keys) and not (lefts | rights) & {BOUNDARY, SPACE}:
            neighbours[c] = (frozenset(lefts), frozenset(rights))
    literals = frozenset(ch for c, v in by_char.items() for _s, t in v for left, right in t for ch in left + right
                         if ch not in (BOUNDARY, SPACE) and not _HAN.match(ch))
    windows = {c: _window_rules(c, reach[c], v) for c, v in by_char.items()}
    return Rules(by_char, frozenset(by_char) - set(load_names().surnames), reach, neighbours, literals, windows)


def _window_rules(char: str, reach: tuple[int, int], shapes: list) -> tuple:
    left_reach, right_reach = reach
    lefts = frozenset(left[-1] for (a, _b), t in shapes if a for left, _r in t)
    rights = frozenset(right[0] for (_a, b), t in shapes if b for _l, right in t)
    tables = [(a, b, (left_reach - a, left_reach + 1 + b,
                      {left + char + right: hit for (left, right), hit in t.items()}))
              for (a, b), t in shapes]
    by_fit = {(lok, rok): tuple(x for a, b, x in tables if (lok or not a) and (rok or not b))
              for lok in (False, True) for rok in (False, True)}
    return left_reach, right_reach, lefts, rights, by_fit


@dataclass(frozen=True)
class NameRules:
    surnames: str
    pattern: re.Pattern | None
    # characters allowed right before a surname besides a boundary (others make words: 由於, 對於, 位於)
    before: frozenset[str] = frozenset()
    # first characters of the titles: a cheap test before the regex (a title starts 2 or 3 after the surname)
    title_starts: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_names(path: Path = DATA / "convert_names.tsv") -> NameRules:
    kinds: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, text = line.split("\t")[:2]
        kinds.setdefault(kind, []).append(text)
    surnames = "".join(kinds.get("surname", []))
    if not surnames:
        return NameRules("", None)
    titles = "|".join(sorted(map(re.escape, kinds.get("title", [])), key=len, reverse=True))
    words = "".join(kinds.get("word", []))
    han = r"\u3400-\u9fff"
    # at a surname: a 1-2 character given name (not an ordinary word after 於) and a title (於大寶先生)
    pattern = re.compile(rf"[{surnames}]((?![{words}])[{han}]{{1,2}}?)(?={titles})")
    return NameRules(surnames, pattern, frozenset(kinds.get("before", [])),
                     frozenset(t[0] for t in kinds.get("title", [])))


def _context(text: str, start: int, stop: int, literals: frozenset[str] = frozenset()) -> str:
    """text[start:stop] with whitespace and anything outside the text as SPACE, other non-Han as BOUNDARY
    (except the `literals`, kept as they are)."""
    piece = text[max(start, 0):max(stop, 0)]
    if len(piece) == stop - start and _ALL_HAN.fullmatch(piece):
        return piece                     # the usual case: Han on both sides
    piece = piece.translate(_classes(literals))
    before = min(max(-start, 0), stop - start)
    return SPACE * before + piece + SPACE * (stop - start - before - len(piece))


class _Classes(dict):
    """Code point -> what a context window shows for it, filled in as characters are met (a str.translate
    table: one C call per window instead of a Python step per character)."""

    def __init__(self, literals: frozenset[str]):
        super().__init__()
        self.literals = literals

    def __missing__(self, point: int) -> str:
        char = chr(point)
        shown = SPACE if char.isspace() else char if char in self.literals or _HAN.match(char) else BOUNDARY
        self[point] = shown
        return shown


@lru_cache(maxsize=4)
def _classes(literals: frozenset[str]) -> _Classes:
    return _Classes(literals)


@lru_cache(maxsize=1)
def script_patterns() -> tuple[re.Pattern, re.Pattern]:
    """Regex classes of traditional-only and simplified-only characters (findall counts them in C)."""
    trad, simp = script_sets()
    return (re.compile("[" + "".join(sorted(trad)) + "]"), re.compile("[" + "".join(sorted(simp)) + "]"))


def _simplified_around(text: str, i: int, window: int) -> bool:
    """True when the window around i holds more simplified-only than traditional-only characters."""
    trad, simp = script_patterns()
    around = text[max(0, i - window):i + window + 1]
    if simp.search(around) is None:       # the usual case in traditional text: one short scan
        return False
    return len(simp.findall(around)) > len(trad.findall(around))


def _variant_chars(with_variants: bool | str) -> str:
    """The variants the layer converts: all (True), none (False), or those given (the converter's leftovers)."""
    return "".join(variants()) if with_variants is True else with_variants or ""


@lru_cache(maxsize=4)
def _trigger(with_variants: bool | str) -> str:
    """Every character the layer looks at (most texts hold none or few of them)."""
    chars = set(load_rules().by_char) | set(load_names().surnames)
    return "".join(sorted(chars | set(_variant_chars(with_variants))))


_new = tuple.__new__   # Decision(...) without NamedTuple's Python-level __new__
_AT = itemgetter(0)    # Decision.at


@lru_cache(maxsize=4)
def triggers(with_variants: bool | str) -> tuple:
    """What in a text can give `decide` something to decide: (the chars it looks at, as a tuple and as one
    regex class, details), where details maps each char to None (its presence suffices) or to (strings, regex):
    the char also needs one of `strings` or a match of `regex` somewhere in the text.

    A char whose every rule names a neighbour (甚: only [甚]麼) needs such a pair; a surname needs a given
    name and a title after it (於大寶先生), as `_surname_decisions` does."""
    rules, names = load_rules(), load_names()
    titles = "".join(sorted(names.title_starts))
    details: dict[str, tuple | None] = {}
    chars = _trigger(with_variants)
    for char in chars:
        near = rules.neighbours.get(char)
        if char in rules.by_char and near is None or char in variants():
            details[char] = None          # rules without a literal neighbour, or a variant: always
            continue
        pairs = tuple([left + char for left in near[0]] + [char + right for right in near[1]]) if near else ()
        # a surname needs a given name and a title after it: the name pattern itself (a superset of where
        # `_surname_decisions` finds a name, which also looks at the character before)
        regex = names.pattern if char in names.surnames and titles else None
        details[char] = (pairs, regex)
    return tuple(chars), re.compile("[" + re.escape(chars) + "]"), details


def layer_chars(text: str, checks: tuple) -> list[str]:
    """The trigger chars that may give `decide` something to decide in `text`, else an empty list (`checks`
    from `triggers`): most texts hold none and go straight to OpenCC. A char whose needs (a neighbour, a
    title) the text lacks is left out: none of its occurrences could be decided (於 in 位於, 對於).
    The trigger chars are few (a dozen at most), so one `in` test each, at C speed."""
    chars, _any_char, details = checks
    active = []
    for char in chars:
        if char not in text:
            continue
        detail = details[char]
        if detail is not None:
            strings, regex = detail
            if not any(map(text.__contains__, strings)) and (regex is None or regex.search(text) is None):
                continue
        active.append(char)
    return active


def _positions(text: str, chars) -> list[tuple[int, str]]:
    out = []
    for char in set(chars) if len(chars) > 1 else chars:
        i = text.find(char)
        while i != -1:
            out.append((i, char))
            i = text.find(char, i + 1)
    out.sort()
    return out


def decide(text: str, window: int = 20, with_variants: bool | str = True) -> list[Decision]:
    """Every position where the layer decides a character (rule, surname, and variant unless OpenCC
    converts those itself: `with_variants=False`, or only the variants given as a string), in text order."""
    chars = layer_chars(text, triggers(with_variants))
    return decide_at(text, chars, window) if chars else []


def decide_at(text: str, chars, window: int = 20) -> list[Decision]:
    """`decide` at every occurrence of `chars` (the trigger chars in the text, from `layer_chars`)."""
    rules, names, table = load_rules(), load_names(), variants()
    windows, literals, neighbours, memo = rules.windows, rules.literals, rules.neighbours, rules.memo
    sensitive, surnames, all_han = rules.script_sensitive, names.surnames, _ALL_HAN.fullmatch
    decisions: list[Decision] = []
    surname_at: list[int] = []
    for i, char in _positions(text, chars):
        if char in table:
            decisions.append(_new(Decision, (i, char, table[char], "variant")))
            continue
        if char in surnames:
            surname_at.append(i)
        spec = windows.get(char)
        if spec is None:
            continue
        near = neighbours.get(char)
        if near is not None and text[i - 1:i] not in near[0] and text[i + 1:i + 2] not in near[1]:
            continue
        # one window: the char with its reach either side (Han as is, the rest as SPACE / BOUNDARY)
        start, stop = i - spec[0], i + spec[1] + 1
        around = text[start:stop] if start >= 0 else ""
        if len(around) != stop - start or not all_han(around):
            around = _context(text, start, stop, literals)
        hit = memo.get(around, _UNSEEN)    # the window alone picks the rule: each distinct one is looked up once
        if hit is _UNSEEN:
            hit = _rule_for(around, spec)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[around] = hit
        if hit is None:
            continue
        output, pattern = hit
        # a change needs traditional text around it (a simplified text's 著 is zhù); keeping needs nothing
        if output != char and char in sensitive and _simplified_around(text, i, window):
            continue
        decisions.append(_new(Decision, (i, char, output, pattern)))
    if surname_at:
        decisions.extend(_surname_decisions(text, surname_at))
        decisions.sort(key=_AT)
    return decisions


_UNSEEN = object()
_MEMO_SIZE = 100_000   # distinct windows remembered (a few MB at most), then forgotten all at once


def _rule_for(around: str, spec: tuple) -> tuple[str, str] | None:
    """(output, pattern) of the most specific rule matching the window `around`, or None."""
    left_reach, right_reach, lefts, rights, by_fit = spec
    shapes = by_fit[(around[left_reach - 1] in lefts) if left_reach else False,
                    (around[left_reach + 1] in rights) if right_reach else False]
    for start, stop, rule_table in shapes:
        hit = rule_table.get(around[start:stop])
        if hit is not None:
            return hit
    return None


def _surname_decisions(text: str, positions: list[int]) -> list[Decision]:
    names = load_names()
    found = set()
    for i in positions:
        if text[i + 2:i + 3] not in names.title_starts and text[i + 3:i + 4] not in names.title_starts:
            continue
        before = text[i - 1] if i else " "
        if before in names.before or not _HAN.match(before):
            m = names.pattern.match(text, i)
            if m:
                found.add(m.group(0)[0] + m.group(1))
    out: list[Decision] = []
    for name in found:  # the text showed it is a name: every occurrence keeps the surname
        i = text.find(name)
        while i != -1:
            out.append(Decision(i, name[0], name[0], f"name:{name}"))
            i = text.find(name, i + 1)
    return out


def apply(text: str, decisions: list[Decision], held: frozenset[str] = frozenset()) -> tuple[str, dict[str, str]]:
    """(the text t2s should see, placeholder -> character to restore after t2s).

    Decided characters are replaced by their output; an output in `held` (one t2s would change) is put in as
    a placeholder, unless the text already holds placeholders (then t2s decides those).
    """
    if not decisions:
        return text, {}
    ordered = sorted(decisions, key=_AT) if len(decisions) > 1 else decisions   # stable: ties keep their order
    can_hold = bool(held) and any([d.output in held for d in ordered]) and not any([h in text for h in HOLDS])
    if len(ordered) == 1 and not can_hold:
        at = ordered[0].at
        return text[:at] + ordered[0].output + text[at + 1:], {}
    parts: list[str] = []
    holds: dict[str, str] = {}
    last = 0
    for d in ordered:
        if d.at < last:
            continue                        # two decisions for one position: the first stands
        out = d.output
        if out in held and can_hold:
            ph = next((p for p, c in holds.items() if c == out), None)
            if ph is None and len(holds) < len(HOLDS):
                ph = HOLDS[len(holds)]
                holds[ph] = out
            out = ph or out
        parts.append(text[last:d.at])
        parts.append(out)
        last = d.at + 1
    parts.append(text[last:])
    return "".join(parts), holds
