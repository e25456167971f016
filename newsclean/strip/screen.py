"""Cheap pre-screens: regexes that find, at C speed, the lines a costly per-line test could accept.

``trie_pattern``: many literal strings as one regex, grouped by shared prefixes (Python's re tries the
alternatives of a group one by one; a trie keeps each position down to a few tries).
``screen_patterns``: searches for any of such strings.
``required_literals``: strings one of which every match of a pattern contains (the row of a phrase
table can only match a line holding one of them), derived from the parsed pattern.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

try:   # the parser moved in 3.11; sre_parse still works before (and warns after)
    from re import _constants as _c, _parser as _p
except ImportError:   # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

DIGIT = "\ufdd0"     # a noncharacter standing for "any digit" in required strings
_MAX_SET = 64        # strings kept per set; more tells too little to be worth it


def trie_pattern(strings: Iterable[str], terminal: Callable[[str], str] | None = None) -> str:
    """One regex matching any of `strings`, longest first at each position (deeper trie branches are
    tried before a shorter string ends). `terminal(s)` may add a condition (a lookaround) to string s;
    when it fails the match falls back to the longest shorter string, as a longest-first loop would."""
    trie: dict = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = s

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if "" in node:
            alts.append(terminal(node[""]) if terminal else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    root = [re.escape(ch) + emit(trie[ch]) for ch in sorted(trie) if ch]
    return "|".join(root)


def screen_patterns(strings: Iterable[str]) -> tuple[str | None, str | None]:
    """Two search patterns which together find any of `strings` (DIGIT stands for any digit): those
    starting with a literal, those starting with a digit (None: no such string). Each starts with one
    kind only, so re's search skips positions that cannot start a match at C speed (a pattern mixing
    both would enter its alternatives at every position)."""
    strings = set(strings)
    lit = {x for x in strings if x and x[0] != DIGIT}
    dig = {x for x in strings if x[:1] == DIGIT}
    return (_digits(trie_pattern(lit)) if lit else None, _digits(trie_pattern(dig)) if dig else None)


def _digits(pattern: str) -> str:
    return pattern.replace(re.escape(DIGIT), r"\d").replace(DIGIT, r"\d")


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which is in every match of `pattern` (DIGIT: any digit), or None when no small set
    is found. Derived from the parsed pattern: runs of items that match few strings, joined with what
    the neighbouring items must start or end with."""
    try:
        need = _info_seq(_p.parse(pattern)).need
    except Exception:   # re's parser is internal: if its form changes, no screen (the full match still runs)
        return None
    return frozenset(need) if need else None


class _Info:
    """What every match of a piece of pattern holds: exactly one of `exact`; starts with one of `prefix`;
    ends with one of `suffix`; contains one of `need`. None: nothing known."""
    __slots__ = ("exact", "prefix", "suffix", "need")

    def __init__(self, exact=None, prefix=None, suffix=None, need=None):
        if exact is not None and len(exact) > _MAX_SET:
            exact = None
        if exact is not None:
            prefix = suffix = need = exact
        self.exact = exact   # may hold "" (an optional piece)
        self.prefix, self.suffix, self.need = _known(prefix), _known(suffix), _known(need)


def _known(strings):
    # A set holding "" (or too many strings) requires nothing.
    return None if strings is None or "" in strings or len(strings) > _MAX_SET else strings


_NOTHING = _Info()


def _cat(a: set[str], b: set[str]) -> set[str] | None:
    out = {x + y for x in a for y in b}
    return out if len(out) <= _MAX_SET else None


def _cost(strings: set[str]) -> float:
    # A longer string is rarer in text; a digit or a space is commoner than a given character.
    return sum(8.0 ** -sum(0.5 if ch in (DIGIT, " ") else 1 for ch in s) for s in strings)


def _info(op, av) -> _Info:
    if op is _c.LITERAL:
        return _Info(exact={chr(av)})
    if op is _c.IN:
        out = set()
        for o, a in av:
            if o is _c.LITERAL:
                out.add(chr(a))
            elif o is _c.CATEGORY and a is _c.CATEGORY_DIGIT:
                out.add(DIGIT)
            else:
                return _NOTHING
        return _Info(exact=out) if len(out) <= 8 else _NOTHING
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _Info(exact={""})   # zero width
    if op is _c.SUBPATTERN:
        return _info_seq(av[-1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, body = av
        inner = _info_seq(body)
        if lo == 0:
            return _Info(exact=inner.exact | {""}) if hi == 1 and inner.exact is not None else _NOTHING
        if lo == hi and inner.exact is not None:
            out = {""}
            for _ in range(lo):
                out = _cat(out, inner.exact)
                if out is None:
                    break
            if out is not None:
                return _Info(exact=out)
        return _Info(prefix=inner.prefix, suffix=inner.suffix, need=inner.need)
    if op is _c.BRANCH:
        alts = [_info_seq(alt) for alt in av[1]]

        def union(field):
            sets = [getattr(a, field) if getattr(a, field) is not None else
                    (a.exact if a.exact is not None else None) for a in alts]
            return None if any(x is None for x in sets) else set().union(*sets)

        exact = [a.exact for a in alts]
        if all(x is not None for x in exact):
            return _Info(exact=set().union(*exact))
        return _Info(prefix=union("prefix"), suffix=union("suffix"), need=union("need"))
    return _NOTHING


def _info_seq(seq) -> _Info:
    items = [_info(op, av) for op, av in seq]
    exact = {""}
    for it in items:
        exact = _cat(exact, it.exact) if it.exact is not None and exact is not None else None
    if exact is not None:
        return _Info(exact=exact)
    return _Info(prefix=_edge(items, "prefix"), suffix=_edge(items[::-1], "suffix"), need=_need(items))


def _edge(items: list[_Info], side: str) -> set[str] | None:
    """What the sequence starts (side="prefix") or, given reversed items, ends with."""
    out = {""}
    for it in items:
        part = it.exact if it.exact is not None else getattr(it, side)
        last = it.exact is None
        if part is None:
            break
        out = _cat(out, part) if side == "prefix" else _cat(part, out)
        if out is None or last:
            break
    return _known(out)


def _need(items: list[_Info]) -> set[str] | None:
    """The cheapest of: each run of exact items joined with the end of the item before it and the start
    of the item after it; each item's own requirement."""
    cands = []
    run = None
    for it in items:
        if it.exact is not None:
            longer = _cat(run, it.exact) if run is not None else set(it.exact)
            if longer is None:
                cands.append(run)
                longer = set(it.exact)
            run = longer
            continue
        if it.prefix is not None:
            cands.append(_cat(run, it.prefix) if run is not None else it.prefix)
        elif run is not None:
            cands.append(run)
        cands.append(it.need)
        run = it.suffix
    cands.append(run)
    cands = [c for c in (_known(c) for c in cands) if c]
    return min(cands, key=_cost) if cands else None
