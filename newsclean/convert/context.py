"""The context layer: decides, per occurrence, the characters OpenCC's t2s gets wrong, before t2s runs.

Rules are data (data/convert_context.tsv, data/convert_names.tsv). Work is done only at the positions of
the few characters that have rules, so the cost grows with their count, not with the text's length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .tables import script_sets

DATA = Path(__file__).resolve().parent.parent / "data"
BOUNDARY = "#"   # punctuation or any other non-Han character
SPACE = "_"      # whitespace, or the start or end of the text
# Stand in for a character that must survive t2s unchanged (a surname 於 t2s would make 于): noncharacters,
# never in real text; one per distinct held character.
HOLDS = "".join(chr(c) for c in range(0xFDD0, 0xFDF0))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class Decision:
    """One character the layer set differently from plain OpenCC t2s."""

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
    return Rules(by_char, frozenset(by_char) - set(load_names().surnames))


@dataclass(frozen=True)
class NameRules:
    surnames: str
    pattern: re.Pattern | None


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
    before = "".join(kinds.get("before", []))
    words = "".join(kinds.get("word", []))
    han = r"\u3400-\u9fff"
    # surname + a 1-2 character given name + a title, after a boundary or a name-introducing character
    pattern = re.compile(
        rf"(?:(?<=[^{han}])|^|(?<=[{before}]))([{surnames}])((?![{words}])[{han}]{{1,2}}?)(?={titles})"
    )
    return NameRules(surnames, pattern)


def _context(text: str, start: int, stop: int) -> str:
    """text[start:stop] with whitespace and anything outside the text as SPACE, other non-Han as BOUNDARY."""
    out = []
    for i in range(start, stop):
        if not 0 <= i < len(text) or text[i].isspace():
            out.append(SPACE)
        elif _HAN.match(text[i]):
            out.append(text[i])
        else:
            out.append(BOUNDARY)
    return "".join(out)


def _simplified_around(text: str, i: int, window: int) -> bool:
    """True when the window around i holds more simplified-only than traditional-only characters."""
    trad, simp = script_sets()
    lo, hi = max(0, i - window), min(len(text), i + window + 1)
    t = s = 0
    for c in text[lo:hi]:
        if c in trad:
            t += 1
        elif c in simp:
            s += 1
    return s > t


def decide(text: str, window: int = 20, rules: Rules | None = None) -> list[Decision]:
    """Every position where the layer's choice differs from what t2s alone would give."""
    rules = rules or load_rules()
    decisions: list[Decision] = []
    for char, shapes in rules.by_char.items():
        start = text.find(char)
        while start != -1:
            i = start
            start = text.find(char, i + 1)
            if char in rules.script_sensitive and _simplified_around(text, i, window):
                continue
            for (a, b), table in shapes:
                hit = table.get((_context(text, i - a, i), _context(text, i + 1, i + 1 + b)))
                if hit is not None:
                    output, pattern = hit
                    decisions.append(Decision(i, char, output, pattern))
                    break
    decisions.extend(_surname_decisions(text))
    decisions.sort(key=lambda d: d.at)
    return decisions


def _surname_decisions(text: str) -> list[Decision]:
    names = load_names()
    if names.pattern is None or not any(s in text for s in names.surnames):
        return []
    found = {m.group(1) + m.group(2) for m in names.pattern.finditer(text)}
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
    chars = list(text)
    holds: dict[str, str] = {}
    can_hold = not any(h in text for h in HOLDS)
    for d in decisions:
        if d.output in held and can_hold:
            ph = next((p for p, c in holds.items() if c == d.output), None)
            if ph is None and len(holds) < len(HOLDS):
                ph = HOLDS[len(holds)]
                holds[ph] = d.output
            chars[d.at] = ph or d.output
        else:
            chars[d.at] = d.output
    return "".join(chars), holds
