"""The STRIP stage's cheap screens decide nothing: each only skips lines the full test would not accept.

Checked against plain reference implementations of the rules (every row tried in order; the term search
one character at a time), on lines generated from the rows' own patterns and from the vocabulary.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.config import StripConfig
from newsclean.strip import chrome as ch
from newsclean.strip import spam as sp
from newsclean.strip.screen import DIGIT, required_literals, screen_patterns
from newsclean.textkey import han_count

SC = StripConfig()
ROWS = ch.phrases(SC.chrome_phrases)
VOCAB = sp.vocabulary(SC.spam_vocabulary)
TERMS = sorted(VOCAB.terms)


def _holds(text: str, strings) -> bool:
    pats = [re.compile(p) for p in screen_patterns(strings) if p]
    return any(p.search(text) for p in pats)


@pytest.mark.parametrize("pattern, want", [
    ("abc", {"abc"}), ("a?", None), (".*", None), ("x(a|b)?y", {"xy", "xay", "xby"}),
    (r"\d+( \d+){2,}", {f"{DIGIT} {DIGIT}"}), ("(已有)?\\d+人(参与|评论)", {f"{DIGIT}人参与", f"{DIGIT}人评论"}),
    ("[^ ,]{2,10}(客户端|app)", {"客户端", "app"}),
])
def test_required_literals_of_small_patterns(pattern, want):
    got = required_literals(pattern)
    assert (set(got) if got is not None else None) == want


@pytest.mark.parametrize("row", range(len(ROWS)))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_match_of_a_row_holds_one_of_its_required_strings(row, data):
    p = ROWS[row]
    need = required_literals(p.pattern.pattern)
    if need is None:
        return
    text = data.draw(st.from_regex(p.pattern, fullmatch=True))
    assert _holds(text, need), (p.pattern.pattern, text)


def _reference_match(norm: str):
    """The rule match_phrase implements: the first row (file order) admitting the length and matching whole."""
    if not norm or len(norm) > SC.max_chrome_chars:
        return None
    for p in ROWS:
        if len(norm) <= p.max_chars and p.pattern.fullmatch(norm):
            return p.kind, p.strength
    return None


_row_line = st.sampled_from(range(len(ROWS))).flatmap(lambda i: st.from_regex(ROWS[i].pattern, fullmatch=True))
_noise = st.text(alphabet="的新闻报道记者 :,.0123456789>|/·", max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_noise, line=_row_line, after=_noise, keep=st.booleans())
def test_match_phrase_agrees_with_trying_every_row(before, line, after, keep):
    norm = line if keep else before + line + after
    c = ch.match_phrase(norm, SC)
    assert (None if c is None else (c.kind, c.strength)) == _reference_match(norm)


def _reference_find(norm: str) -> list[str]:
    """Leftmost-longest, non-overlapping terms; Latin terms only as whole words (one character at a time)."""
    out, i = [], 0
    lengths = sorted({len(t) for t in TERMS}, reverse=True)
    while i < len(norm):
        for n in lengths:
            t = norm[i:i + n]
            if len(t) == n and t in VOCAB.terms and not (t.isascii() and (
                    (i > 0 and "a" <= norm[i - 1] <= "z") or (i + n < len(norm) and "a" <= norm[i + n] <= "z"))):
                out.append(t)
                i += n
                break
        else:
            i += 1
    return out


def _reference_hits(norm: str) -> int:
    present = {t[:2] for t in VOCAB.terms if t[:2] in norm}
    return sum(1 for t in VOCAB.terms if t[:2] in present)


_piece = st.one_of(st.sampled_from(TERMS), st.sampled_from(TERMS).map(lambda t: t[:-1]),
                   st.text(alphabet="ab xyz.的是国人大在线 ", max_size=4))
_line = st.lists(_piece, max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_line, min_size=1, max_size=6))
def test_terms_and_term_starts_agree_with_the_reference(lines):
    page = VOCAB.starts_in("\n".join(lines))
    for norm in lines:
        want = _reference_find(norm)
        assert VOCAB.find(norm) == want
        assert VOCAB.find(norm, page) == want
        assert VOCAB.find(norm, VOCAB.starts_in(norm)) == want
        assert VOCAB.possible_hits(norm) == _reference_hits(norm)
        assert VOCAB.possible_hits(norm, page) == _reference_hits(norm)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_character_counts_agree_with_one_match_per_character(text):
    assert sp._content_len(text) == len(re.findall(r"[^\W_]", text))
    assert han_count(text) == len(re.findall(r"[\u3400-\u9fff\U00020000-\U0002ffff]", text))


def _reference_spam_pass(doc, norms, removed):
    """The spam pass with its plain gate: a dot, or enough term starts in the line itself."""
    from newsclean.strip import weigh_spam
    for pos in range(len(doc.blocks)):
        if VOCAB.possible_hits(norms[pos]) < SC.min_spam_hits and "." not in norms[pos]:
            continue
        weigh_spam(doc, pos, norms, SC, removed)


_spam_line = st.lists(st.one_of(_piece, st.sampled_from(["www.a.com", "b.cn/x", " | ", "，", "。", "3.5", "记者报道"])),
                      max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_spam_line, min_size=1, max_size=8))
def test_spam_pass_gates_agree_with_the_plain_gate(lines):
    from newsclean.model import Block, Document
    from newsclean.strip import _spam_pass
    from newsclean.textkey import norm_line
    results = []
    for run in (_spam_pass, None):
        doc = Document(blocks=[Block(t, index=i) for i, t in enumerate(lines)])
        norms = [norm_line(b.text) for b in doc.blocks]
        removed: dict = {}
        if run is None:
            _reference_spam_pass(doc, norms, removed)
        else:
            run(doc, norms, SC, removed)
        results.append((removed, [(f.action, f.text, f.after) for f in doc.report.fixes], norms))
    assert results[0] == results[1]
