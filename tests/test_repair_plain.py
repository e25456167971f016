"""The repair stage skips blocks no step acts on; skipping never changes the text, the report or the flags."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean.repair as repair_mod
from newsclean.config import Config, RepairConfig
from newsclean.model import Block, Document

# clean Chinese, and what each step acts on (brackets and pinyin, ASCII marks, invisible and control
# characters, a combining accent, mojibake and lost-byte marks, an entity)
_CLEAN = ["新华社北京", "记者", "今天", "，", "。", "2025", " ", "、"]
_ACTED = ["（", "）", "(", ")", "(zhàn)", "戰(zhàn)", ",", ":", "?", "!", ";", "\u200b", "\u00ad", "\x07", "\x85",
          "e\u0301", "的（de）们（men）", "的(de)们(men)", "鍒跺害", "Ã©", "锛", "?shù)", "烫烫", "&amp;"]


@st.composite
def _line(draw):
    """Clean text with at most two pieces some step acts on, anywhere in it."""
    parts = draw(st.lists(st.sampled_from(_CLEAN), max_size=6))
    for piece in draw(st.lists(st.sampled_from(_ACTED), max_size=2)):
        parts.insert(draw(st.integers(0, len(parts))), piece)
    return "".join(parts)


def _doc(lines):
    return Document(blocks=[Block(text=t, index=i) for i, t in enumerate(lines)])


def _state(doc):
    return ([(b.text, sorted(b.flags)) for b in doc.blocks], repr(doc.report))


def _both(lines, config, monkeypatch):
    fast = _state(repair_mod.repair(_doc(lines), config))
    with monkeypatch.context() as m:
        m.setattr(repair_mod, "_plain", lambda text, rc: False)
        slow = _state(repair_mod.repair(_doc(lines), config))
    return fast, slow


@settings(max_examples=150, deadline=None)
@given(st.lists(_line(), min_size=1, max_size=4))
def test_skipping_plain_blocks_changes_nothing(lines):
    with pytest.MonkeyPatch.context() as mp:
        fast, slow = _both(lines, Config(), mp)
    assert fast == slow


@pytest.mark.parametrize("text, plain", [
    ("新华社北京今天电。", True),
    ("新华社北京今天电(zhàn)。", False),   # a bracket: the annotation step looks
    ("今天,北京", False),                   # an ASCII mark after Han
    ("今天\u200b北京", False),              # an invisible character
    ("cafe\u0301", False),                  # not NFC
    ("鍒跺害涓嶅叕", False),                # mojibake
])
def test_plain(text, plain):
    assert repair_mod._plain(text, RepairConfig()) is plain


def test_switched_off_steps_still_skip_nothing_they_would_do(monkeypatch):
    lines = ["今天,北京(zhàn)\u200b", "新华社北京今天电。"]
    config = Config(repair=RepairConfig(annotations=False, chinese_punctuation=False))
    fast, slow = _both(lines, config, monkeypatch)
    assert fast == slow
    assert fast[0][0][0] == "今天,北京(zhàn)"   # the invisible character went, the rest stays
