"""STRIP + REPEATS on the shared corpus: the defining sample page, generated mirror pages with known truth,
and false positives on clean articles, gold HTML pages and real annotated excerpts (fast subsets)."""
from __future__ import annotations

import re
import statistics
import sys

import pytest

from conftest import CORPUS, ROOT, SAMPLE, need

sys.path.insert(0, str(ROOT))
from benchmarks import mirrors  # noqa: E402

from newsclean.config import Config  # noqa: E402
from newsclean.parse import parse  # noqa: E402
from newsclean.repair import repair  # noqa: E402
from newsclean.repeats import remove_repeats  # noqa: E402
from newsclean.strip import strip  # noqa: E402
from newsclean.textkey import text_key  # noqa: E402


@pytest.fixture(scope="session")
def sample_doc():
    text = need(SAMPLE).read_text(encoding="utf-8")
    config = Config()
    before = repair(parse(text, config), config)
    lines = [b.text for b in before.blocks]
    doc = remove_repeats(strip(before, config), config)
    return lines, doc


def test_sample_page_chrome_spam_and_second_copy_are_gone(sample_doc):
    lines, doc = sample_doc
    out = [text_key(b.text) for b in doc.blocks]
    for gone in ["正在閱讀", "掃一掃下載界面新聞APP", "5.3k", "評論", "暫無評論哦，快來評價一下吧！", "下載界面新聞",
                 "微信公眾號", "微博", "本文為轉載內容，授權事宜請聯系原著作權人。", "阿里吳嘉：千問未來會開放三方業務接入"]:
        assert text_key(gone) not in out, gone
    assert not any("四虎" in b.text for b in doc.blocks)
    # one title at the top; subtitle, byline, headings, captions kept; every paragraph exactly once
    assert doc.blocks[0].text.startswith("阿里為什么著急打千問這場仗")
    assert sum(k == text_key("阿里為什么著急打千問這場仗？") for k in out) == 1
    for keep in ["“入口戰”，阿里有過教訓。", "文|奇點Journal 孟雯", "一場不容有失的“入口保衛戰”", "林俊旸"]:
        assert out.count(text_key(keep)) == 1, keep
    assert len(doc.blocks) == 66                        # title, subtitle, byline, 4 headings, 56 paragraphs + 3 captions
    assert len(set(out)) == len(out)


def test_sample_page_facts_and_report(sample_doc):
    _, doc = sample_doc
    assert doc.meta.site == "界面新闻" and doc.meta.tags == ["阿里巴巴"] and doc.meta.reprint is True
    removed = [f for f in doc.report.fixes if f.after is None and f.step in ("strip", "repeats")]
    assert any(f.text.startswith("本文為轉載內容") for f in removed)           # the notice text is in the report
    titles = [f for f in removed if f.text.startswith("阿里為什么著急打千問這場仗")]
    assert len(titles) == 2                                                  # 2nd and 3rd title copies


def test_sample_page_paragraphs_come_from_the_clean_copy(sample_doc):
    _, doc = sample_doc
    text = "\n".join(b.text for b in doc.blocks)
    assert "淇藙" not in text and "/p>" not in text
    assert "夸克則通過深化" in text or "夸克则通过深化" in text
    assert "更快更好。”" in text or "更快更好。" in text


@pytest.fixture(scope="session")
def pages():
    need(CORPUS / "clean" / "corpus.jsonl")
    return mirrors.generate()


def test_generator_covers_what_the_issue_asks(pages):
    assert len(pages) >= 70
    feats = {f for p in pages for f in p.features}
    assert {"t", "tw", "hk", "s", "html", "2-copies", "3-copies", "lossy-in-copy-1", "title-twice"} <= feats
    assert len({p.style for p in pages}) >= 8
    text = "\n".join(p.text for p in pages)
    assert re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text)   # pinyin annotations
    assert "?" in text                                                               # lossy garbles
    assert all(p.junk and p.body for p in pages)


def test_mirror_pages_subset_quality(pages):
    subset = pages[::3]
    scores = mirrors.evaluate(subset)
    f1 = [s.f1 for s in scores]
    assert statistics.mean(f1) >= 0.99
    assert min(f1) >= 0.9
    assert sum(len(s.leftover) for s in scores) == 0
    text_pages = [s for s, p in zip(scores, subset) if not p.is_html]
    assert all(s.title_ok for s in text_pages)


def test_clean_articles_lose_no_line():
    need(CORPUS / "clean" / "corpus.jsonl")
    assert mirrors.clean_article_removals() == []


def test_gold_html_sentences_are_never_removed():
    need(CORPUS / "html" / "MANIFEST.tsv")
    gold = mirrors.gold_html_pages()
    assert len(gold) >= 30
    lost = {pid: mirrors.gold_sentences_removed(p, e) for pid, p, e in gold}
    assert {k: v for k, v in lost.items() if v} == {}


def test_annotation_samples_spam_gone_article_kept():
    need(CORPUS / "mirrors" / "annotation-samples.json")
    results = {r["id"]: r for r in mirrors.annotation_sample_results()}
    assert all(not r["spam_left"] for r in results.values())
    # the stuffed header of the chinanews mirror goes; the article sentences stay
    assert any("国产自产视频" in t for t in results["92880.cn"]["removed_text"])
    # article text intact: no removed line is an article sentence (30+ Han characters, sentence end)
    for r in results.values():
        for t in r["removed_text"]:
            han = len(re.findall(r"[\u4e00-\u9fff]", t))
            assert not (han >= 30 and re.search(r"[。！？”]$", t.strip())), (r["id"], t)
    # legitimate annotated text is never stripped
    for rid in ("legit-poem-ruby", "whdslt.com", "synthetic-textbook"):
        assert results[rid]["removed"] == 0


def test_stripping_the_stripped_changes_nothing(pages):
    from newsclean.model import Block, Document

    config = Config()
    for page in pages[::4]:
        out = mirrors.run_stages(page.text)
        again = Document(blocks=[Block(b.text, kind=b.kind, index=i) for i, b in enumerate(out.blocks)])
        again = remove_repeats(strip(again, config), config)
        assert [b.text for b in again.blocks] == [b.text for b in out.blocks], page.id
