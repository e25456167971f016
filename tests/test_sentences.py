"""Sentence splitting: Chinese enders, closers kept, numbers/URLs/book titles never split."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.model import Article, Paragraph, Section
from newsclean.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("他说：“我不去。”然后走了。", ["他说：“我不去。”", "然后走了。"]),
    ("真的吗？！是的……好吧。", ["真的吗？！", "是的……", "好吧。"]),
    ("圆周率约为3.14。下一句！", ["圆周率约为3.14。", "下一句！"]),
    ("详见https://www.example.com/a.html。谢谢", ["详见https://www.example.com/a.html。", "谢谢"]),
    ("访问www.39.net了解更多。好", ["访问www.39.net了解更多。", "好"]),
    ("《你好！世界？》是一本书。对吗？", ["《你好！世界？》是一本书。", "对吗？"]),
    ("他说.然后呢?好的!", ["他说.", "然后呢?", "好的!"]),
    ("「走吧。」她说。『好。』", ["「走吧。」", "她说。", "『好。』"]),
    ("（完。）下文", ["（完。）", "下文"]),
    ("Version 2.0 发布了。", ["Version 2.0 发布了。"]),
    ("", []),
])
def test_examples(text, expected):
    assert split_sentences(text) == expected


def test_article_sentences_over_paragraphs():
    a = Article(sections=[Section(heading="小标题", blocks=[Paragraph("paragraph", "第一句。第二句！"),
                                                         Paragraph("caption", "图片说明")])])
    assert a.sentences() == ["第一句。", "第二句！", "图片说明"]


_piece = st.sampled_from(["我们", "今天", "3.14", "www.a.com", "《书名！》", "“引语。”", "，", "。", "？", "！",
                          "……", "AI", " ", "）", "(注)"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_piece, max_size=30))
def test_nothing_lost_or_reordered(pieces):
    text = "".join(pieces)
    out = split_sentences(text)
    assert "".join(out).replace(" ", "") == text.replace(" ", "")
    assert all(s == s.strip() and s for s in out)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["这是一句话", "数字3.14很长", "见www.x.cn", "读《好！》"]), min_size=1, max_size=6))
def test_one_sentence_per_full_stop(parts):
    text = "。".join(parts) + "。"
    assert split_sentences(text) == [p + "。" for p in parts]
