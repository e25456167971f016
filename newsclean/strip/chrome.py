"""Page-chrome candidates: a line matched by a phrase of data/chrome_zh.tsv, a nav line, a bullet.

A match here is only a candidate; strip.zones decides by position whether it goes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..config import StripConfig
from .screen import required_literals, screen_patterns

STRONG, WEAK, KEEP = "strong", "weak", "keep"
FACTS = ("site", "source", "editor", "original_title", "tags", "reprint")

_BULLET = re.compile(r"^\s*[•·●○▪■□◆◇►▶▸\-\*]\s*\S")
_TOKEN_SPLIT = re.compile(r"[\s|/·][\s|/·]*")   # [x][x]*, not [x]+: re skips to a leading class at C speed
_SENTENCE = re.compile(r"[。!?;,]")


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern
    kind: str
    strength: str
    fact: str | None
    max_chars: int
    source: str


@dataclass
class Candidate:
    kind: str
    strength: str
    facts: dict = field(default_factory=dict)   # field -> value (str, list of tags, or True for reprint)
    rule: str = ""


@lru_cache(maxsize=None)
def phrases(name: str = "chrome_zh.tsv") -> tuple[Phrase, ...]:
    text = resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for pattern, kind, strength, fact, max_chars, source in rows[1:]:
        out.append(Phrase(re.compile(pattern), kind, strength, None if fact == "-" else fact, int(max_chars), source))
    return tuple(out)


@lru_cache(maxsize=None)
def _combined(name: str, min_chars: int) -> re.Pattern | None:
    """The rows allowing lines of min_chars as one alternation (row i is group r{i}, its named groups
    prefixed): one fullmatch a line instead of one per row."""
    parts = []
    for i, p in enumerate(phrases(name)):
        if p.max_chars >= min_chars:
            body = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<r{i}_{m.group(1)}>", p.pattern.pattern)
            parts.append(f"(?P<r{i}>{body})")
    return re.compile("|".join(parts)) if parts else None


@lru_cache(maxsize=None)
def _limits(name: str) -> tuple[int, ...]:
    return tuple(sorted({p.max_chars for p in phrases(name)}))


@lru_cache(maxsize=None)
def _screen(name: str, min_chars: int) -> tuple[re.Pattern | None, re.Pattern | None] | None:
    """Strings one of which any line matched by a row allowing min_chars holds (see strip.screen), as
    searches: most lines hold none and skip the full match. None when some row requires nothing findable."""
    need: set[str] = set()
    for p, strings in zip(phrases(name), _required(name)):
        if p.max_chars >= min_chars:
            if strings is None:
                return None
            need |= strings
    return tuple(re.compile(x) if x else None for x in screen_patterns(need))


@lru_cache(maxsize=None)
def _bands(name: str) -> tuple[int, ...]:
    """The row limits whose screen differs from the next shorter limit's (one screen serves both)."""
    required = _required(name)
    out: list[int] = []
    last = None
    for limit in _limits(name):
        need = frozenset().union(*(r for p, r in zip(phrases(name), required) if p.max_chars >= limit and r))
        if need != last:
            out.append(limit)
            last = need
    return tuple(out)


@lru_cache(maxsize=None)
def _required(name: str) -> tuple[frozenset[str] | None, ...]:
    return tuple(required_literals(p.pattern.pattern) for p in phrases(name))


_UNSET = object()
_TABLES: dict[str, list] = {}


def _entry(name: str, n: int):
    """For a line of n characters: None (no row admits it) or (literal screen, digit screen, combined
    pattern), screens None when absent. Kept per length: one lookup a line."""
    table = _TABLES.get(name)
    if table is None:
        table = _TABLES[name] = [_UNSET] * ((_limits(name) or (0,))[-1] + 1)
    if n >= len(table):
        return None   # longer than any row admits
    e = table[n]
    if e is _UNSET:
        limits, bands = _limits(name), _bands(name)
        at = bisect_left(limits, n)
        if at == len(limits):
            e = None
        else:
            screen = _screen(name, bands[bisect_right(bands, limits[at]) - 1]) or (None, None)
            e = (*screen, _combined(name, limits[at]))
        table[n] = e
    return e


def match_phrase(norm: str, config: StripConfig) -> Candidate | None:
    """The first phrase whose pattern matches the whole normalized line (within the row's max_chars)."""
    n = len(norm)
    if n == 0 or n > config.max_chrome_chars:
        return None
    # Only rows whose max_chars admits this line: the long-line rows are few.
    entry = _entry(config.chrome_phrases, n)
    if entry is None:
        return None
    lit, dig, combined = entry
    if (lit or dig) and (lit is None or lit.search(norm) is None) and (dig is None or dig.search(norm) is None):
        return None
    rows = phrases(config.chrome_phrases)
    hit = combined.fullmatch(norm) if combined else None
    if hit is None:
        return None
    first = int(hit.lastgroup[1:])   # the row's own group closes last (it encloses the row's named groups)
    for p in rows[first:]:
        if n > p.max_chars:
            continue
        m = p.pattern.fullmatch(norm)
        if m is None:
            continue
        facts: dict = {}
        if p.fact == "reprint":
            facts["reprint"] = True
        elif p.fact == "tags":
            tags = [t for t in re.split(r"[\s,、;|/]+", m.group("tags")) if t]
            facts["tags"] = tags
        elif p.fact:
            value = (m.groupdict().get(p.fact) or "").strip()
            if value:
                facts[p.fact] = value
        return Candidate(p.kind, p.strength, facts, rule=p.pattern.pattern)
    return None


def is_nav_line(norm: str, config: StripConfig) -> bool:
    """Menu rows: many short word tokens, no sentence punctuation (首页 关于我们 新闻中心 …)."""
    if _SENTENCE.search(norm):
        return False
    tokens = [t for t in _TOKEN_SPLIT.split(norm) if t]
    if len(tokens) < config.min_nav_tokens:
        return False
    short = [t for t in tokens if len(t) <= config.max_nav_token_chars and not any(c.isdigit() for c in t)]
    return len(short) >= config.min_nav_share * len(tokens)


_LIST_SPLIT = re.compile(r"[\s|/·,、_\-~][\s|/·,、_\-~]*")
_LIST_STOP = re.compile(r"[。!?;:]")


def is_keyword_list(norm: str, config: StripConfig) -> bool:
    """A run of short keyword phrases between separators, no sentence or label punctuation (a stuffed
    keyword header in any vocabulary): weak chrome, it goes only with other chrome in its zone. Every piece
    is a phrase of 3+ characters: a schedule or byline split at '/' or spaces has 2-character pieces."""
    if _LIST_STOP.search(norm):
        return False
    parts = [t for t in _LIST_SPLIT.split(norm) if t]
    if len(parts) < config.min_list_segments:
        return False
    lo, hi = config.min_list_segment_chars, config.max_list_segment_chars
    return all(lo <= len(t) <= hi and not t.isdigit() for t in parts)


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def is_bare_word(norm: str, config: StripConfig) -> bool:
    """A short line of letters/Han only (a tag, a label): no punctuation, not a number."""
    s = norm.replace(" ", "")
    return 2 <= len(s) <= config.max_tag_chars and s.isalnum() and not s.isdigit()
