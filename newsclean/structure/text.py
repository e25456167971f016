"""Small text predicates shared by the structure modules."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

SENTENCE_END = "。！？!?；;…．."
CLOSERS = "”’」』）)】〕》\"'"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_HAN = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NAME_FOREIGN = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8}){1,3}$")
_NAME_LATIN = re.compile(r"^[A-Z][A-Za-z'.-]{1,20}(?: [A-Z][A-Za-z'.-]{0,20}){0,2}$")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Every BMP character NFKC maps to one other character (full-width forms, compatibility ideographs)."""
    table = {}
    # Latin-1, general punctuation, CJK symbols, compatibility ideographs and forms, full/half width.
    # Circled and parenthesised numbers (①, ⑴) stay: they are heading numbering.
    ranges = ((0xA0, 0x100), (0x2000, 0x2070), (0x3000, 0x3040), (0xF900, 0xFB00), (0xFE30, 0xFE70),
              (0xFF00, 0xFFF0))
    for cp in (c for a, b in ranges for c in range(a, b)):
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and n != c:
            table[cp] = n
    table[0x3000] = " "
    return table


@lru_cache(maxsize=1)
def _folder() -> tuple[re.Pattern, dict[str, str]]:
    table = _fold_table()
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]"), \
        {chr(c): n for c, n in table.items()}


@lru_cache(maxsize=8192)
def norm1(text: str) -> str:
    """NFKC per character where it stays one character: full-width forms -> ASCII, same length and offsets."""
    # a substitution per foldable character (a few in a line) is faster than str.translate, which looks
    # every character of the text up in the table
    rx, fold = _folder()
    return rx.sub(lambda m: fold[m[0]], text)


def last_folded(text: str) -> str:
    """The last non-space character of norm1(text) (folding keeps what is a space): without folding the
    whole text."""
    return norm1(text.rstrip()[-1:])


def folds_to(chars: str) -> str:
    """`chars` and every character norm1 folds into one of them (to screen text before folding it)."""
    return "".join(sorted(set(chars) | {chr(c) for c, n in _fold_table().items() if n in chars}))


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip(CLOSERS).rstrip()
    return bool(t) and t[-1] in SENTENCE_END


def has_inner_stop(text: str) -> bool:
    """A full stop or semicolon inside the line: it reads as running text, not a title."""
    t = text.rstrip().rstrip(CLOSERS)
    return any(c in t[:-1] for c in "。；;") if t else False


def is_name(token: str) -> bool:
    """A plausible personal name: 2-4 Han characters, a transliterated name with ·, or a Latin name."""
    token = token.strip()
    return bool(_NAME_HAN.match(token) or _NAME_FOREIGN.match(token) or _NAME_LATIN.match(token))


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-comment, non-empty lines of a data file (tab-separated columns kept)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(ln.rstrip("\n") for ln in lines if ln.strip() and not ln.startswith("#"))


try:  # the regex parser: re._parser since Python 3.11, sre_parse before
    from re import _parser as _sre
except ImportError:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]

_MAX_SCREEN_SET = 64   # a character class wider than this screens out too little to be worth it


def required_chars(pattern: str) -> str | None:
    """Characters of which every match of `pattern` holds at least one, or None when there is no small
    such set (some alternative needs no particular character).

    A search for these characters (one character class: C speed) rules out most lines before a slow
    pattern is tried; derived from the pattern itself so the data files stay the only place it is written.
    """
    try:
        parsed = _sre.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        cands = _cands(parsed)
    except Exception:  # an unexpected parse tree: no screen, never a wrong one
        return None
    return "".join(sorted(min(cands, key=len))) if cands else None


def _cands(items) -> list[set[str]]:
    """Candidate sets for a sequence: every match holds a character of each of them."""
    out: list[set[str]] = []
    for op, av in items:
        out.extend(_node(op, av))
    return out


def _node(op, av) -> list[set[str]]:
    if op is _sre.LITERAL:
        return [{chr(av)}]
    if op is _sre.IN:
        chars: set[str] = set()
        for kind, arg in av:
            if kind is _sre.LITERAL:
                chars.add(chr(arg))
            elif kind is _sre.RANGE and arg[1] - arg[0] < _MAX_SCREEN_SET:
                chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
            else:
                return []
        return [chars] if len(chars) <= _MAX_SCREEN_SET else []
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return [] if add_flags & re.IGNORECASE else _cands(sub)
    if op is _sre.BRANCH:
        alts = [_cands(alt) for alt in av[1]]
        if not all(alts):
            return []
        # one set per alternative, their union: prefer small sets of characters other alternatives need too
        # (图为|上图|资料图 -> 图), so the union stays small
        shared: dict[str, int] = {}
        for cs in alts:
            for c in set().union(*cs):
                shared[c] = shared.get(c, 0) + 1
        union: set[str] = set()
        for cs in alts:
            union |= min(cs, key=lambda s: (len(s - union), len(s), -sum(shared[c] for c in s)))
        return [union] if len(union) <= _MAX_SCREEN_SET else []
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        return _cands(sub) if lo >= 1 else []
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _cands(av)
    return []


@dataclass(frozen=True)
class Anchoring:
    """Where a pattern can match, so that a search need not try every position (all fields None/False
    when unsure):
    start: it matches only at the start of the text;
    width: it matches only at the end, and no match is longer than this;
    last, last_tail: it matches only at the end, and a match holds one of the characters `last` with at
    most `last_tail` characters after it."""
    start: bool = False
    width: int | None = None
    last: frozenset[str] | None = None
    last_tail: int = 0


def anchoring(pattern: str) -> Anchoring:
    try:
        parsed = _sre.parse(pattern)
        if parsed.state.flags & (re.MULTILINE | re.IGNORECASE | re.VERBOSE):
            return Anchoring()
        items = list(parsed)
        start = bool(items) and items[0] == (_sre.AT, _sre.AT_BEGINNING)
        if not (items and items[-1] == (_sre.AT, _sre.AT_END)):
            return Anchoring(start=start)
        hi = parsed.getwidth()[1]
        if hi < _sre.MAXREPEAT:
            return Anchoring(start=start, width=hi)
        tail = 0
        for k in range(len(items) - 2, -1, -1):   # the last character the pattern must hold
            op, av = items[k]
            found = _node(op, av) if op in (_sre.LITERAL, _sre.IN) else []
            if found:
                return Anchoring(start=start, last=frozenset(found[0]), last_tail=tail)
            sub = _sre.SubPattern(parsed.state, [items[k]]).getwidth()[1]
            if sub >= _sre.MAXREPEAT:
                break
            tail += sub
    except Exception:  # an unexpected parse tree: no shortcut
        return Anchoring()
    return Anchoring(start=start)


def screen(pattern: str) -> re.Pattern | None:
    """A one-class regex for `required_chars(pattern)`, or None when there is no screen."""
    chars = required_chars(pattern)
    return re.compile("[" + re.escape(chars) + "]") if chars else None
