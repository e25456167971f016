"""The structure stage's cheap screens never change an answer: a line they rule out has no match."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.structure import byline, captions, dates, headings
from newsclean.structure.text import anchoring, required_chars, screen


@pytest.mark.parametrize("pattern, chars", [
    ("^图为", "图"),                    # one literal of the two
    ("(?:ab|cd)+", "ac"),
    ("x(?:ab|cd)?", "x"),                # an optional group needs nothing
    ("^上图|^图为|资料图", "图"),         # alternatives share the character they all need
    ("[△▲]", "▲△"),
])
def test_required_chars(pattern, chars):
    assert required_chars(pattern) == chars


@pytest.mark.parametrize("pattern", ["a?b*", "[^a]", "(?i)ab", r"\S{1,8}", "a|b*", "."])
def test_no_screen_when_a_match_needs_no_character(pattern):
    assert required_chars(pattern) is None


def _data_patterns() -> list[re.Pattern]:
    return [captions._pattern(), *byline._end_marks(), byline._labels()[1],
            *(rx for _, rx in headings._styles())]


# text built from the patterns' own characters, so matches are common
_ALPHABET = "".join(sorted({c for p in _data_patterns() for c in p.pattern if not c.isspace()}
                           | set("完图摄记者 （）()/:：12年月日电讯新华社北京张三，。")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=24))
def test_screens_keep_every_match(text):
    for rx in _data_patterns():
        sc = screen(rx.pattern)
        if rx.search(text):
            assert sc is None or sc.search(text), (rx.pattern, text)


_DATEY = "0123456789０１２年月日号-/.－／．: 一二十〇电讯本报新华社北京（）()记者张三"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_DATEY, max_size=30), st.sampled_from([None, 2024]))
def test_date_and_lead_screens_are_exact(text, year):
    assert dates.find_dates(text, year) == dates._scan(text, year)
    assert repr(byline.parse_lead(text, year)) == repr(byline._parse_lead(text, year))


def test_screened_helpers_still_find():
    assert captions.credit_pattern("图为北京街头")
    assert not captions.credit_pattern("北京街头")
    assert byline.strip_end_mark("全文完。（完）") == ("全文完。", True)
    assert dates.parse_date("２０２５年１２月１０日") == "2025-12-10"
    assert byline.parse_lead("本报讯（记者 张三）今天") is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "一二三第部分章、.0123456789①②", max_size=16))
def test_numbering_is_the_first_style_that_matches(text):
    t = headings.norm1(text).strip()
    first = next((style for style, rx in headings._styles() if rx.match(t)), None)
    assert headings.numbering(text) == first


_FOLDY = "".join(chr(c) for c in (0xA0, 0x3000, 0xFF08, 0xFF09, 0xFF0C, 0xFF1A, 0xFF10, 0xFF21, 0xFE35, 0xF900,
                                  0x2024, 0x2460)) + "中文，。a1 "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_FOLDY, max_size=20))
def test_norm1_folds_every_character_as_the_table_says(text):
    from newsclean.structure.text import _fold_table, norm1
    assert norm1(text) == text.translate(_fold_table()).replace("\u3000", " ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET + "（）\n", max_size=30))
def test_credit_pattern_is_the_whole_alternation(text):
    whole = bool(captions._pattern().search(headings.norm1(text).strip()))
    assert captions.credit_pattern.__wrapped__(text) is whole


_SHAPED = [r"^ab", r"b\s*$", r"a\s*\S{1,3}\s*b(?:c)?$", r"(?:x|y)?\s*a+b$", r"(?:ab|b)c?$", r"ab", r"a.*b$", r"\((?:[^()]{0,5}?)b\)$"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SHAPED), st.text(alphabet="abcxy ()\n", max_size=14))
def test_anchored_search_finds_what_a_full_search_finds(pattern, text):
    rx = re.compile(pattern)
    assert captions._matches(rx, anchoring(pattern), text) is (rx.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_DATEY + "：＿ａ", max_size=30))
def test_normalize_digits_as_the_table_says(text):
    assert dates.normalize_digits(text) == text.translate(dates._DIGITS)
