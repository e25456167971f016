"""The REPEATS copy search: its fast forms (machine-word shingles, set intersections) find what the plain
forms (string shingles, a shingle index) find, and ties are broken by position, not by set order."""
from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean.repeats as R
from newsclean.config import RepeatsConfig
from newsclean.textkey import bigrams, similarity

RC = RepeatsConfig()
# Few letters: keys share many shingles, so candidates tie and frequent shingles pass _MAX_POSTING.
_key = st.text(alphabet="甲乙丙丁戊己", min_size=0, max_size=40)
_wide_key = st.text(alphabet="甲乙丙丁𠀀𠀁", min_size=0, max_size=30)


def _words(key: str) -> tuple[set[int], set[int]]:
    """String shingles as the machine words _shingles makes of them (UTF-16 code units, little end first)."""
    full, probe = R._shingles_str(key)
    word = lambda s: int.from_bytes(s.encode("utf-16-le"), "little")  # noqa: E731
    return {word(x) for x in full[0]}, {word(x) for x in probe}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙丙丁abc1", min_size=0, max_size=50))
def test_word_shingles_are_the_string_shingles(key):
    rows, probe = R._shingles(key)
    assert (set().union(*rows), probe) == _words(key)
    assert len(R._bigrams(key)) == len(bigrams(key))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙丙丁ab", max_size=30), st.text(alphabet="甲乙丙丁ab", max_size=30))
def test_word_bigrams_give_the_same_similarity(a, b):
    assert similarity(R._bigrams(a), R._bigrams(b)) == similarity(bigrams(a), bigrams(b))


def _match_by_index(keys, rc):
    old = R._INDEX_FROM
    R._INDEX_FROM = 0
    try:
        return R._match(keys, rc)
    finally:
        R._INDEX_FROM = old


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_key, _wide_key), max_size=90), st.sampled_from([4, 8, 12]))
def test_intersections_and_the_index_find_the_same_copies(keys, min_fuzzy):
    rc = dataclasses.replace(RC, min_fuzzy_chars=min_fuzzy)
    assert R._match(keys, rc) == _match_by_index(keys, rc)


def test_ties_go_to_the_earliest_blocks():
    base = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"
    earlier = R._Earlier()
    # Seven earlier blocks share exactly the same probes of the new block.
    for pos in range(7):
        rows, _ = R._shingles(base + "午未申酉"[pos % 4] * (pos + 1))
        earlier.add(pos * 10, rows)
    _, probe = R._shingles(base + "戌亥")
    assert earlier.ranked(probe) == [0, 10, 20, 30, 40]
