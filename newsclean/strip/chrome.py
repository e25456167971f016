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
    """The rows of a phrase file. Rows with a seventh column 'latin' (English widgets) make their own table,
    named with LATIN at the end: it is tried on all-ASCII lines only, and costs the Chinese lines nothing."""
    latin = name.endswith(LATIN)
    name = name.removesuffix(LATIN)
    text = resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for pattern, kind, strength, fact, max_chars, source, *scope in rows[1:]:
        if (bool(scope) and scope[0].strip() == "latin") != latin:
            continue
        out.append(Phrase(re.compile(pattern), kind, strength, None if fact == "-" else fact, int(max_chars), source))
    return tuple(out)


LATIN = "+latin"


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


# Decoration around a widget's words: arrows, stars, dashes, and one pair of brackets (（打开APP阅读更多）,
# ↓↓↓扫码下载APP↓↓↓, ▼点击下方名片关注我们▼). The rows describe the words; the wrapping is tried off.
_PAIRS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "「": "」", "『": "』", "<": ">", "《": "》", "{": "}"}
_DECOR = "".join(sorted(set("*#=~_- \u2014\u2015\u00b7") | {
    chr(o) for lo, hi in ((0x2190, 0x21ff), (0x2500, 0x27bf), (0x2b00, 0x2bff), (0x1f300, 0x1faff))
    for o in range(lo, hi + 1)}))
_DECOR_SET = frozenset(_DECOR)
EDGES = frozenset(_PAIRS) | frozenset(_PAIRS.values()) | _DECOR_SET
   # first/last characters of such lines


_LETTER = re.compile("[a-z]")


def may_differ(norm: str, c: Candidate | None) -> bool:
    """Whether match_line could say more than match_phrase's answer c (a cheap test, true for few lines)."""
    return (c is None or c.strength == WEAK) and bool(norm) and (
        norm[0] in EDGES or norm[-1] in EDGES or (c is None and norm.isascii()))


def _match_any(norm: str, config: StripConfig) -> Candidate | None:
    """match_phrase, and for an all-ASCII line with letters the English rows after it (scope latin)."""
    c = match_phrase(norm, config)
    if c is None and norm.isascii() and _LETTER.search(norm):
        c = match_phrase(norm, config, _latin_name(config.chrome_phrases))
    return c


@lru_cache(maxsize=None)
def _latin_name(name: str) -> str:
    return name + LATIN


def match_line(norm: str, config: StripConfig, first=_UNSET) -> Candidate | None:
    """What strip asks of a line: match_phrase (its answer may be given as first), with the English rows for
    an all-ASCII line, else the words of a decorated or bracketed line (see unwrap); a strong row inside the
    wrapping beats a weak one outside (a loose weak row may swallow the brackets a strong row needs off)."""
    c = match_phrase(norm, config) if first is _UNSET else first
    if c is None and norm.isascii() and _LETTER.search(norm):
        c = match_phrase(norm, config, _latin_name(config.chrome_phrases))
    if (c is None or c.strength == WEAK) and norm and (norm[0] in EDGES or norm[-1] in EDGES) \
            and len(norm) <= config.max_unwrapped_chars:
        core = unwrap(norm, config.min_unwrapped_chars)
        inner = _match_any(core, config) if core is not None else None
        if inner is not None and (c is None or inner.strength != WEAK):
            inner.rule = "decorated: " + inner.rule
            c = inner
    return c


def _strip_decor(t: str) -> str:
    """t without the decoration at its ends (a set lookup a character: str.strip would scan _DECOR's 3,500)."""
    a, z = 0, len(t)
    while a < z and t[a] in _DECOR_SET:
        a += 1
    while z > a and t[z - 1] in _DECOR_SET:
        z -= 1
    return t[a:z]


def unwrap(norm: str, min_chars: int) -> str | None:
    """The words inside a decorated or bracketed line, or None when there is no wrapping or what is left
    is shorter than min_chars (a bracketed column name 【评论】 is not a widget)."""
    if not norm or not (norm[0] in EDGES or norm[-1] in EDGES):
        return None
    core = _strip_decor(norm)
    if core and _PAIRS.get(core[0]) == core[-1]:
        core = _strip_decor(core[1:-1])
    if core == norm or len(core) < min_chars or not core[0].isalnum():
        return None
    return core


def match_phrase(norm: str, config: StripConfig, name: str | None = None) -> Candidate | None:
    """The first phrase whose pattern matches the whole normalized line (within the row's max_chars).
    name: another phrase table (default config.chrome_phrases)."""
    n = len(norm)
    if n == 0 or n > config.max_chrome_chars:
        return None
    name = name or config.chrome_phrases
    # Only rows whose max_chars admits this line: the long-line rows are few.
    entry = _entry(name, n)
    if entry is None:
        return None
    lit, dig, combined = entry
    if (lit or dig) and (lit is None or lit.search(norm) is None) and (dig is None or dig.search(norm) is None):
        return None
    rows = phrases(name)
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


@lru_cache(maxsize=None)
def places(name: str = "structure_places.txt") -> frozenset[str]:
    text = resources.files("newsclean").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(t.strip() for t in text.splitlines() if t.strip() and not t.startswith("#"))


def is_place_list(norm: str, config: StripConfig) -> bool:
    """A keyword list whose phrases are place + something (北京搬家公司 上海开锁公司 …): city-list SEO stuffing,
    whatever the trade. A list of places alone (北京 上海 广州), of universities (清华大学 …) or of quarters is not."""
    parts = [t for t in _LIST_SPLIT.split(norm) if t]
    if len(parts) < config.min_place_list_pieces:
        return False
    known, rest = places(config.place_names), config.min_place_list_rest
    led = sum(1 for t in parts if any(len(t) - n >= rest and t[:n] in known for n in (2, 3, 4)))
    return led >= config.min_place_list_share * len(parts)


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def is_bare_word(norm: str, config: StripConfig) -> bool:
    """A short line of letters/Han only (a tag, a label): no punctuation, not a number."""
    s = norm.replace(" ", "")
    return 2 <= len(s) <= config.max_tag_chars and s.isalnum() and not s.isdigit()
