"""Script conversion: API, detection, round trips through OpenCC, the pipeline stage."""
from __future__ import annotations

import re
import sys

import opencc
import pytest
from hypothesis import given, settings, strategies as st

import newsclean
from newsclean.config import Config, ConvertConfig
from newsclean.convert import (OPENCC_CONFIGS, convert, convert_document, detect_script, opencc_version,
                               to_simplified, to_simplified_explained)
from newsclean.convert.tables import regional_variants, script_sets
from newsclean.model import Block, Document

from conftest import CORPUS, need

ARTICLES = CORPUS / "clean" / "articles"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def articles() -> list[str]:
    files = sorted(need(ARTICLES).glob("*.txt"))
    assert len(files) == 83
    return [f.read_text(encoding="utf-8") for f in files]


# ------------------------------------------------------------------ API

def test_public_api_is_exported():
    assert newsclean.convert is convert and newsclean.to_simplified is to_simplified
    assert newsclean.detect_script is detect_script


@pytest.mark.parametrize("source,target,expected", [
    ("為什么著急", "s", "为什么着急"), ("为什么着急", "t", "爲什麼着急"), ("为什么着急", "tw", "為什麼著急"),
    ("为什么着急", "hk", "為什麼着急"), ("為什么著急", None, "為什么著急"),
])
def test_convert_targets(source, target, expected):
    assert convert(source, target) == expected


def test_bad_target_and_bad_input():
    with pytest.raises(ValueError, match="target"):
        convert("中文", "x")
    with pytest.raises(newsclean.InputError):
        to_simplified(b"\xe4\xb8\xad")  # bytes are not text
    with pytest.raises(ValueError):
        Config(target="cn")


def test_empty_and_non_chinese_text_pass_through():
    assert to_simplified("") == ""
    assert to_simplified("Hello, world 123") == "Hello, world 123"


def test_context_rules_off_is_plain_opencc():
    text = "他看著窗外，為什么著急"
    assert to_simplified_explained(text, context_rules=False)[0] == opencc.OpenCC("t2s").convert(text)


def test_explained_decisions_name_their_rule():
    out, decisions = to_simplified_explained("他騎著名為小白的馬")
    assert out == "他骑着名为小白的马"
    assert [(d.at, d.char, d.output, d.rule) for d in decisions] == [(2, "著", "着", "[著]名為")]


def test_script_sensitive_rules_skip_simplified_text():
    # a simplified text's 著 is always zhù: the 着 default must not touch it
    assert to_simplified("这部小说是他最重要的著作，也被看作名著") == "这部小说是他最重要的著作，也被看作名著"
    assert to_simplified("他们走访了当地的土著居民和著名学者") == "他们走访了当地的土著居民和著名学者"


# ------------------------------------------------------------------ tables and detection

def test_script_sets_come_from_opencc_tables():
    trad, simp = script_sets()
    assert len(trad) > 2000 and len(simp) > 2000 and not trad & simp
    assert {"國", "為", "後", "戰"} <= trad and {"国", "为", "么", "战"} <= simp
    # characters that are also traditional (干涉, 皇后) or also simplified (著名) belong to neither
    assert not {"干", "后", "著", "于", "里"} & (trad | simp)


def test_regional_variants_match_opencc_hk2s():
    hk2s = opencc.OpenCC("hk2s")
    variants = regional_variants()
    assert {"敍", "衞", "枱"} <= set(variants)
    for char, simplified in variants.items():
        assert hk2s.convert(char) == simplified == to_simplified(char)


def test_variants_in_python_match_the_rebuilt_opencc_table():
    # newsclean's converter is t2s with the variants added to its TSCharacters table (rebuilt by opencc_dict);
    # the fallback, when that cannot be built, decides them in Python before plain t2s: both give one result
    from newsclean.convert import context
    from newsclean.convert.tables import simplifier, variants

    converter_, leftovers = simplifier()
    assert leftovers == ""                                          # the table converts every variant
    assert all(converter_.convert(c) == v for c, v in variants().items())
    assert all(opencc.OpenCC("t2s").convert(c) == c for c in variants())   # which plain t2s leaves
    text = "他揹著敍事的衞生枱燈，看著書"
    decisions = context.decide(text, with_variants=True)
    assert {d.rule for d in decisions} >= {"variant", "看[著]"}
    staged, holds = context.apply(text, [d for d in decisions if d.output != d.char], frozenset())
    assert opencc.OpenCC("t2s").convert(staged) == to_simplified(text) == "他背着叙事的卫生台灯，看着书"
    assert "variant" not in {d.rule for d in to_simplified_explained(text)[1]}


def test_detect_script_examples():
    assert detect_script("我们在这里讨论这个问题").script == "simplified"
    assert detect_script("我們在這裡討論這個問題").script == "traditional"
    r = detect_script("阿里為什么著急打千問這場仗？那么，這場戰爭背后是什么")
    assert r.script == "mixed" and 0.4 < r.ratio < 0.9
    neutral = detect_script("人民")
    assert neutral.script == "simplified" and neutral.evidence == 0 and neutral.ratio == 0.0


def test_detect_script_thresholds_come_from_config():
    text = "我們在這裡討論這個問題，什么"
    assert detect_script(text).script == "traditional"           # one simplified char: not mixed
    assert detect_script(text, ConvertConfig(mixed_min_chars=1)).script == "mixed"


def _windows(articles, size):
    s2t = opencc.OpenCC("s2t")
    for a in articles[::4]:
        han = "".join(HAN.findall(a))
        trad = s2t.convert(han)
        for i in range(0, len(han) - size, size):
            yield han[i:i + size], "simplified"
            yield trad[i:i + size], "traditional"


@pytest.mark.parametrize("size,min_accuracy", [(10, 0.94), (64, 1.0), (200, 1.0)])
def test_detect_script_accuracy_on_windows(articles, size, min_accuracy):
    results = [detect_script(text).script == truth for text, truth in _windows(articles, size)]
    assert len(results) > 100
    assert sum(results) / len(results) >= min_accuracy


def test_detect_script_samples_long_text(articles):
    long = "".join(articles)
    r = detect_script(long, ConvertConfig(detect_sample_chars=2000))
    assert r.chars <= 2000 and r.script == "simplified"


# ------------------------------------------------------------------ round trips

@pytest.fixture(scope="session")
def round_trip_errors(articles):
    errors = {}
    for config in ("s2t", "s2tw", "s2hk"):
        cc = opencc.OpenCC(config)
        wrong = total = 0
        for a in articles:
            back = to_simplified(cc.convert(a))
            assert len(back) == len(a)
            wrong += sum(x != y for x, y in zip(a, back))
            total += len(a)
        errors[config] = (wrong, total)
    return errors


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_round_trip_through_traditional(round_trip_errors, config):
    wrong, total = round_trip_errors[config]
    assert total > 70_000
    assert 1 - wrong / total >= 0.9999, f"{config}: {wrong} of {total} characters differ"


def test_round_trip_beats_plain_opencc(articles, round_trip_errors):
    # s2tw writes every 着 as 著; plain t2s cannot tell them apart again
    s2tw, t2s = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    plain = sum(x != y for a in articles for x, y in zip(a, t2s.convert(s2tw.convert(a))))
    assert round_trip_errors["s2tw"][0] < plain / 10


def test_simplified_text_is_left_alone(articles):
    for a in articles[::3]:
        assert to_simplified(a) == a


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("著看名作有原為什么後后乾淨隆於是姓先生的，。 abc")), max_size=30))
def test_conversion_keeps_length_and_is_idempotent(text):
    out = to_simplified(text)
    assert out == to_simplified_explained(text)[0]
    assert len(out) == len(text)
    assert to_simplified(out) == out
    assert "\ufdd0" not in out


# ------------------------------------------------------------------ the pipeline stage

def _doc(*texts):
    return Document(blocks=[Block(t, index=i) for i, t in enumerate(texts)])


def test_convert_document_records_version_and_changes():
    doc = convert_document(_doc("阿里為什么著急打千問這場仗", "这一段已经是简体"), Config())
    fixes = doc.report.fixes
    version = [f for f in fixes if f.action == "opencc_version"]
    assert len(version) == 1 and version[0].detail["opencc"] == opencc_version()
    assert version[0].detail["config"] == "t2s" and version[0].after == ""
    assert version[0] not in doc.report.removed()
    changes = [f for f in fixes if f.action == "convert"]
    assert [f.where for f in changes] == [0]            # the unchanged block has no entry
    assert changes[0].text == "阿里為什么著急打千問這場仗" and changes[0].after == "阿里为什么着急打千问这场仗"
    assert changes[0].detail["context"] == [{"at": 5, "char": "著", "as": "着", "rule": "[著]"}]
    assert [b.text for b in doc.blocks] == ["阿里为什么着急打千问这场仗", "这一段已经是简体"]


@pytest.mark.parametrize("target", ["t", "tw", "hk"])
def test_convert_document_other_targets(target):
    doc = convert_document(_doc("为什么着急"), Config(target=target))
    assert doc.blocks[0].text == convert("为什么着急", target)
    assert doc.report.fixes[0].detail["config"] == OPENCC_CONFIGS[target]


def test_convert_document_target_none_changes_nothing():
    doc = convert_document(_doc("為什么著急"), Config(target=None))
    assert doc.blocks[0].text == "為什么著急" and not doc.report.fixes


def test_clean_converts_the_sample_title(sample_text):
    article = newsclean.clean(sample_text)
    assert "为什么着急" in (article.title or "") + article.text
    assert "著急" not in article.text
    assert any(f.step == "convert" and f.action == "opencc_version" for f in article.report.fixes)


def test_convert_module_importable_names():
    mod = sys.modules["newsclean.convert"]
    for name in ("convert", "to_simplified", "convert_document", "detect_script"):
        assert callable(getattr(mod, name))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_any_text_converts_and_detects(text):
    out = to_simplified(text)
    assert isinstance(out, str)
    r = detect_script(text)
    assert r.script in ("simplified", "traditional", "mixed") and 0.0 <= r.ratio <= 1.0


def test_page_metadata_is_converted_with_the_body():
    """A traditional <title> and author beside a traditional body: the article is simplified throughout, and the
    report says which metadata fields changed."""
    html = ("<html><head><title>臺灣颱風過後的重建工作</title><meta name=\"author\" content=\"張曉東\"></head><body>"
            "<article><h1>臺灣颱風過後的重建工作</h1><p>颱風過後，當地居民開始清理家園，政府也派出了大量的救援人員。</p>"
            "<p>記者在現場看到，許多房屋的屋頂被吹走，道路上滿是倒下的樹木和電線桿。</p></article></body></html>")
    article = newsclean.clean(html)
    assert article.title == "台湾台风过后的重建工作"
    assert "台风过后" in article.text
    assert article.authors == ["张晓东"]
    meta_fixes = [f for f in article.report.fixes if f.action == "convert_meta"]
    assert meta_fixes and meta_fixes[0].detail["title"] == ["臺灣颱風過後的重建工作", "台湾台风过后的重建工作"]
