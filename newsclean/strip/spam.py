"""Spam lines: keyword stuffing, porn/gambling injections, lines of links.

Decided by evidence in the line, never by one word: distinct vocabulary hits (weak terms, which also
occur in real news, count half), the share of the line's characters they cover, separators between
short segments, and no sentence punctuation. A line that starts (or ends) with a stuffed run followed
by real text loses only the run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..config import StripConfig
from ..textkey import norm_line
from .screen import trie_pattern

# Separators keyword stuffers use, in the original text (full-width forms included: we cut the original).
SEPARATORS = re.compile(r"[|｜,，、/／_＿\s·•\-－﹣~～][|｜,，、/／_＿\s·•\-－﹣~～]*")
# Sentence punctuation after NFKC: 。 stays, ！？； become ASCII.
_SENTENCE = re.compile(r"[。!?;]")
_NOT_CONTENT = re.compile(r"[\W_][\W_]*", re.UNICODE)   # not [\W_]+: a leading class lets re skip at C speed
_LINK = re.compile(r"(?:https?://|www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:/[^\s|,]*)?")


@dataclass(frozen=True)
class Vocabulary:
    terms: frozenset[str]
    weak: frozenset[str]
    starts: frozenset[str]      # first two characters of every term (the character itself for 1-character terms)
    lengths: tuple[int, ...]    # term lengths, longest first

    latin_words: frozenset[str] = frozenset()   # the first word of every Latin term (the screen of ASCII lines)
    starts_count: dict = None   # start -> how many terms begin with it
    # Built by vocabulary(): candidate 2-character starts (a first then a second character of one), the
    # 1-character starts, and every term as one longest-first regex.
    pairs: re.Pattern = None
    ones: re.Pattern = None
    pattern: re.Pattern = None
    by_start: dict = None       # 2-character start -> lengths of the terms with it, longest first
    one_lengths: dict = None    # 1-character term -> (1,)

    def starts_in(self, text: str) -> set[str]:
        """The term starts present in text (a regex and set operations in C)."""
        present = self.starts.intersection(self.pairs.findall(text))
        if self.ones is not None and self.ones.search(text):
            present |= self.starts.intersection(self.ones.findall(text))
        return present

    def possible_hits(self, norm: str, among: set[str] | None = None) -> int:
        """An upper bound on the distinct terms in a line, cheap: for each term start present, the number of
        terms with that start. `among`: the starts of a text holding the line (its page, scanned once),
        so that only those few are looked for."""
        count = self.starts_count
        if among is None:
            return sum(count[b] for b in self.starts_in(norm))
        return sum(count[b] for b in among if b in norm)

    def max_hits(self, norm: str, among: set[str]) -> int:
        """possible_hits, tighter: every term found begins at an occurrence of its start, so a start counts
        at most as often as the line holds it (a news line naming 医院 once is one possible hit, not the
        number of terms beginning with 医院)."""
        count = self.starts_count
        return sum(min(count[b], norm.count(b)) for b in among if b in norm)

    def find(self, norm: str, among: set[str] | None = None) -> list[str]:
        """Terms in the line, leftmost-longest, not overlapping; Latin terms (av, sm …) only as whole words.
        `among`: as for possible_hits (no start of a text holding the line in it: no term)."""
        if among is None:
            return self.pattern.findall(norm)
        present = [s for s in among if s in norm]
        if len(present) > _FEW_STARTS:
            return self.pattern.findall(norm)
        # Few starts here: try terms only where one of them is (what the regex does, without its scan).
        spots = sorted({p for s in present for p in _places(norm, s)})
        out, i, terms, by_start, ones = [], 0, self.terms, self.by_start, self.one_lengths
        for p in spots:
            if p < i:
                continue
            # Only the lengths of terms starting here can match (longest first, as the regex tries).
            for length in by_start.get(norm[p:p + 2], ()) + ones.get(norm[p], ()):
                t = norm[p:p + length]
                if len(t) == length and t in terms and (not t.isascii() or _is_whole_word(norm, p, p + length)):
                    out.append(t)
                    i = p + length
                    break
        return out


LATIN = "+latin"   # vocabulary(name + LATIN): the table with the Latin-scope rows
_FEW_STARTS = 8   # up to this many distinct term starts in a line, find() visits their places itself
_WORD = re.compile(r"[a-z0-9]+")


_SYLLABLE_GAP = re.compile(r"(?<=[a-z]) (?=[a-z])")


def join_syllables(norm: str) -> str:
    """Letters on both sides of a single space joined: 'chengren dianying | wuma zaixian' ->
    'chengrendianying | wumazaixian' (separators with spaces around them stay)."""
    return _SYLLABLE_GAP.sub("", norm) if " " in norm else norm


def latin_hits(vocab: Vocabulary, norm: str) -> int:
    """Words of an all-ASCII line that begin a vocabulary term (the screen before weighing such a line)."""
    words = vocab.latin_words
    return sum(1 for w in _WORD.findall(norm) if w in words)


def _places(text: str, sub: str):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def _is_whole_word(s: str, a: int, b: int) -> bool:
    return not (a > 0 and "a" <= s[a - 1] <= "z") and not (b < len(s) and "a" <= s[b] <= "z")


def _whole_word(term: str) -> str:
    # Checked where a Latin term ends: no Latin letter after it, nor before its first character.
    return f"(?<![a-z].{{{len(term)}}})(?![a-z])" if term.isascii() else ""


@lru_cache(maxsize=None)
def vocabulary(name: str = "spam_vocab.txt") -> Vocabulary:
    text = resources.files("newsclean").joinpath("data", name.removesuffix(LATIN)).read_text(encoding="utf-8")
    # Rows of scope 'latin' (English and pinyin words) are in the table only when name ends with LATIN: it
    # weighs all-ASCII lines; their starts (ch, se …) would pass every English word through the Chinese screen.
    with_latin = name.endswith(LATIN)
    terms, weak = [], set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, rest = line.partition("\t")
        tier, _, scope = rest.partition("\t")
        if scope.strip() == "latin" and not with_latin:
            continue
        terms.append(term)
        if tier.strip() == "weak":
            weak.add(term)
    lengths = tuple(sorted({len(t) for t in terms}, reverse=True))
    count: dict[str, int] = {}
    for t in set(terms):
        count[t[:2]] = count.get(t[:2], 0) + 1
    pairs = [s for s in count if len(s) == 2]
    ones = "".join(re.escape(s) for s in sorted(s for s in count if len(s) == 1))
    firsts = "".join(re.escape(c) for c in sorted({s[0] for s in pairs}))
    seconds = "".join(re.escape(c) for c in sorted({s[1] for s in pairs}))
    never = re.compile("(?!)")
    by_start: dict[str, set[int]] = {}
    for t in set(terms):
        if len(t) >= 2:
            by_start.setdefault(t[:2], set()).add(len(t))
    latin_words = frozenset(t.split()[0] for t in terms if t.isascii() and t.strip())
    return Vocabulary(frozenset(terms), frozenset(weak), frozenset(count), lengths, latin_words, count,
                      pairs=re.compile(f"(?=([{firsts}][{seconds}]))") if pairs else never,
                      ones=re.compile(f"[{ones}]") if ones else None,
                      pattern=re.compile(trie_pattern(set(terms), _whole_word), re.DOTALL) if terms else never,
                      by_start={s: tuple(sorted(n, reverse=True)) for s, n in by_start.items()},
                      one_lengths={t: (1,) for t in terms if len(t) == 1})


@dataclass
class Evidence:
    score: float = 0.0          # distinct strong hits + weak_weight * distinct weak hits
    density: float = 0.0        # share of content characters covered by hits
    segments: int = 0           # pieces between separators
    sentences: int = 0          # sentence punctuation marks
    links: int = 0
    link_share: float = 0.0
    terms: tuple[str, ...] = ()
    repeats: int = 0            # most occurrences of one strong term (a city list: 北京代孕|上海代孕|…)


def _content_len(text: str) -> int:
    """Letters, digits and Han characters in text (counted by deleting the rest: one C call)."""
    return len(_NOT_CONTENT.sub("", text))


def evidence(norm: str, config: StripConfig, among: set[str] | None = None, vocab: Vocabulary | None = None) -> Evidence:
    """Spam evidence of one normalized line (see textkey.norm_line); `among` as for Vocabulary.find."""
    vocab = vocab or vocabulary(config.spam_vocabulary)
    content = _content_len(norm) or 1
    found = vocab.find(norm, among)
    distinct = set(found)
    weak = sum(1 for t in distinct if t in vocab.weak)
    repeats = max((found.count(t) for t in distinct if t not in vocab.weak), default=0) if len(found) > len(distinct) else 0
    links = _LINK.findall(norm) if "." in norm else []   # every link holds a dot
    link_chars = sum(map(_content_len, links))
    return Evidence(
        score=len(distinct) - weak + config.weak_term_weight * weak,
        density=sum(len(t) for t in found) / content,
        segments=len([s for s in SEPARATORS.split(norm) if s]),
        sentences=len(_SENTENCE.findall(norm)),
        links=len(links),
        link_share=link_chars / content,
        terms=tuple(sorted(distinct)),
        repeats=repeats,
    )


def is_spam(ev: Evidence, config: StripConfig) -> str | None:
    """The reason a line with this evidence is spam, or None."""
    if ev.links >= config.min_spam_links and ev.link_share >= config.min_link_share and ev.sentences == 0:
        return f"line of {ev.links} links"
    # One strong term printed in many separated pieces (a service stuffed after a list of city names).
    if (ev.repeats >= config.min_spam_term_repeats and ev.segments >= ev.repeats and ev.sentences == 0
            and ev.density >= config.min_spam_density):
        return f"spam term {ev.terms[0] if len(ev.terms) == 1 else ev.terms} repeated {ev.repeats} times"
    if ev.score < config.min_spam_hits or ev.density < config.min_spam_density:
        return None
    # Real sentences mention spam words too; a sentence-punctuated line needs far denser evidence.
    if ev.sentences > config.max_spam_sentences and ev.density < config.min_spam_density_in_sentence:
        return None
    if ev.segments < 2 and ev.density < config.min_spam_density_in_sentence:
        return None
    return f"{ev.score:g} spam terms ({', '.join(ev.terms[:6])}) cover {ev.density:.0%} of the line"


_SEP_CHARS = "|｜,，、/／_＿·•-－﹣~～ \t\u3000\xa0"
_PIECE = re.compile(r"[^|｜,，、/／_＿\s·•\-－﹣~～][^|｜,，、/／_＿\s·•\-－﹣~～]*")   # what SEPARATORS separate


def trim_separators(text: str) -> str:
    """What is left of a line after a cut, without the separators that joined it to the run."""
    return text.strip(_SEP_CHARS)


def spam_cut(text: str, config: StripConfig, vocab: Vocabulary | None = None) -> tuple[int, int] | None:
    """(start, end) of a stuffed run at the start or end of a line that continues with real text, or None.

    Works on the original text split at separators, so the cut lands exactly between segments.
    """
    pieces = [m.span() for m in _PIECE.finditer(text)]
    if len(pieces) < 3:
        return None
    vocab = vocab or vocabulary(config.spam_vocabulary)
    spammy = []
    for s, e in pieces:
        norm = norm_line(text[s:e])
        if not vocab.pattern.search(norm):   # no term: score 0 (most pieces)
            spammy.append(False)
            continue
        ev = evidence(norm, config, vocab=vocab)
        spammy.append(ev.score > 0 and ev.density >= config.min_spam_density)

    def run(order):
        last, gap = None, 0
        for k in order:
            if spammy[k]:
                last, gap = k, 0
            else:
                gap += 1
                if gap > config.max_cut_gap_segments:
                    break
        return last

    for side in ("head", "tail"):
        if side == "head":
            k = run(range(len(pieces)))
            if k is None or k == len(pieces) - 1:
                continue
            span = (0, pieces[k][1])
            rest = text[pieces[k + 1][0]:]
        else:
            k = run(range(len(pieces) - 1, -1, -1))
            if k is None or k == 0:
                continue
            span = (pieces[k][0], len(text))
            rest = text[: pieces[k - 1][1]]
        run_ev = evidence(norm_line(text[span[0]:span[1]]), config, vocab=vocab)
        if _content_len(rest) >= config.min_rest_chars and is_spam(run_ev, config):
            return span
    return None
