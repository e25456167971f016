"""The page that defines the problem (issue 2): every requirement on the cleaned sample, one by one."""
import re

import pytest

from newsclean import clean

from conftest import ROOT

SAMPLE_INPUT = ROOT / "fixtures" / "jiemian-qwen-mirror" / "input.txt"
HEADINGS = ["一场不容有失的“入口保卫战”", "收缩战线，把子弹留给「超级入口」",
            "终极赌注：用C端入口驱动TO B飞轮", "一场定义未来十年的“无限战争”"]
PINYIN = re.compile(r"[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\s*[)）]")


@pytest.fixture(scope="module")
def article():
    return clean(SAMPLE_INPUT.read_bytes(), name=str(SAMPLE_INPUT))


@pytest.fixture(scope="module")
def body(article):
    return [b for s in article.sections for b in s.blocks]


def test_metadata(article):
    assert article.title == "阿里为什么着急打千问这场仗？"
    assert article.subtitle == "“入口战”，阿里有过教训。"
    assert article.authors == ["孟雯"]
    assert article.outlet == "奇点Journal"
    assert article.site == "界面新闻"
    assert "阿里巴巴" in article.tags
    assert article.reprint is True


def test_sections_and_headings(article):
    assert [s.heading for s in article.sections] == [None] + HEADINGS


def test_paragraphs_each_exactly_once(body):
    # 56 paragraphs and 3 captions, as the first copy of the body has them; the second copy adds none.
    assert sum(b.kind == "paragraph" for b in body) == 56
    assert len(body) == 59
    assert len({b.text for b in body}) == 59


def test_captions(body):
    captions = [b.text for b in body if b.kind == "caption"]
    assert "林俊旸" in captions
    assert any(c.startswith("Hugging Face监测数据显示") for c in captions)
    assert any(c.startswith("仅2025年上半年") for c in captions)
    assert len(captions) == 3


@pytest.mark.parametrize("gone", ["四虎", "正在阅读", "扫一扫下载界面新闻APP", "5.3k", "阿里吴嘉：千问未来会开放三方业务接入",
                                  "暂无评论", "下载界面新闻", "微信公众号", "微博", "本文为转载内容"])
def test_chrome_and_spam_gone(article, gone):
    assert gone not in article.text
    assert gone not in (article.title or "") + (article.subtitle or "")


def test_chrome_removals_are_in_the_report(article):
    removed = " ".join(f.text for f in article.report.fixes if f.after is None)
    for phrase in ("四虎", "正在閱讀", "評論", "微博", "本文為轉載內容"):
        assert phrase in removed, phrase


def test_the_title_appears_once(article):
    assert article.title not in article.text


def test_no_annotation_and_no_traditional_character_left(article):
    from newsclean.convert import detect_script

    text = article.to_text()
    assert not PINYIN.search(text)
    assert "为什么着急" in text and "為" not in text
    assert "原著作权人" not in text  # the reprint notice is gone …
    assert detect_script(article.text).script == "simplified"


def test_garbled_spans_come_out_clean_or_listed(article):
    text = article.text
    assert "??淇藙t" not in text and "夸克则通过深化" in text
    assert "?!?/p>" not in text and "</p>" not in text
    for garble in ("?shù)倪_", "?yōu)閼?zhàn)"):
        assert garble not in text
    # Whatever was not repaired is listed with its place; nothing garbled passes silently.
    for block in (b for s in article.sections for b in s.blocks):
        if "\ufffd" in block.text or "??" in block.text:
            assert any(p.text and p.text in block.text for p in article.problems), block.text


def test_punctuation_normalised_and_numbers_kept(article):
    text = article.text
    for kept in ("49.2%", "TO B", "(DAU)", "(2025)"):
        assert kept in text, kept
    assert "月活跃用户(MAU)突破" in text
    assert not re.search(r"[\u4e00-\u9fff][,:;?!]", text)
