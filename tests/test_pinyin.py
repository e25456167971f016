"""Spam pinyin annotations: removed when they are the spam pattern, real glosses kept, damaged ones returned."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings, strategies as st
from pypinyin import Style, pinyin

import newsclean
from newsclean.config import AnnotationConfig
from newsclean.repair.pinyin import AnnotationFix, AnnotationFixes, strip_annotations

from conftest import CORPUS, SAMPLE, need

SAMPLES = CORPUS / "mirrors" / "annotation-samples.json"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Any Han character followed by a parenthesised syllable whose reading pypinyin accepts: what must be gone.
ANY = re.compile(rf"([\u4e00-\u9fff])[(（]\s*([a-z{TONED}ü]+)\s*[)）]")


def valid_annotations(text: str) -> list[str]:
    return [m.group(0) for m in ANY.finditer(text)
            if m.group(2) in pinyin(m.group(1), style=Style.TONE, heteronym=True)[0]]


@pytest.fixture(scope="module")
def samples() -> list[dict]:
    return json.loads(need(SAMPLES).read_text(encoding="utf-8"))


def test_exported_with_the_repair_signature():
    assert newsclean.strip_annotations is strip_annotations
    assert strip_annotations("戰(zhàn)爭") == "戰爭"
    text, fixes = strip_annotations("戰(zhàn)爭", explain=True)
    assert text == "戰爭" and isinstance(fixes, AnnotationFixes) and fixes.damaged == []
    assert fixes == [AnnotationFix(0, 7, "戰(zhàn)", "戰", "spam", "zhàn", fixes[0].reason)]


def test_every_spam_annotation_removed_and_every_gloss_kept(samples):
    kinds = {s["kind"] for s in samples}
    assert {"spam", "legit"} <= kinds
    for s in samples:
        before = valid_annotations(s["text"])
        out, fixes = strip_annotations(s["text"], explain=True)
        if s["kind"].startswith("spam"):
            assert before, s["id"]
            assert valid_annotations(out) == [], s["id"]
            assert len(fixes) == len(before), s["id"]
        else:
            assert out == s["text"] and list(fixes) == [], s["id"]


def test_line_by_line_gives_the_same_verdicts(samples):
    for s in samples:
        for line in s["text"].split("\n"):
            out = strip_annotations(line)
            if s["kind"].startswith("spam"):
                assert valid_annotations(out) == []
            else:
                assert out == line


def test_fixes_replay_to_the_output(samples):
    for s in samples:
        text = s["text"]
        out, fixes = strip_annotations(text, explain=True)
        rebuilt, last = [], 0
        for f in fixes:
            assert text[f.start:f.end] == f.before and f.before.startswith(f.after)
            rebuilt.append(text[last:f.start] + f.after)
            last = f.end
        assert "".join(rebuilt) + text[last:] == out


def test_the_sample_loses_all_456_annotations():
    text = need(SAMPLE).read_text(encoding="utf-8")
    out, fixes = strip_annotations(text, explain=True)
    assert len(fixes) == 456
    assert valid_annotations(out) == []
    assert "(MAU)" in out                       # not pinyin: stays
    assert {d.before for d in fixes.damaged} == {"?shù)", "?yōu)", "?zhàn)"}


def test_damaged_annotations_are_returned_not_half_stripped():
    for text, span in [("咨詢?nèi)绾纬蔀", "?nèi)"), ("你好,F(xiàn)在的數(shù)據", "F(xiàn)")]:
        out, fixes = strip_annotations(text, explain=True)
        assert span in out                      # left for the mojibake repair
        assert [d.before for d in fixes.damaged] == [span]
        assert all(d.kind == "damaged" and d.after is None for d in fixes.damaged)
        assert text[fixes.damaged[0].start:fixes.damaged[0].end] == span


@pytest.mark.parametrize("text,expected", [
    ("會(huì )議", "會議"),                       # space inside
    ("中國（guó）人", "中國人"),                   # full-width parentheses
    ("電(dian)話和电(dian)脑", "電話和电脑"),        # toneless
    ("大數(shù)據驅動企業(yè)發展", "大數據驅動企業發展"),
    ("一場不容有失的入口保衛戰(zhàn)", "一場不容有失的入口保衛戰"),
])
def test_variants_of_the_spam_pattern(text, expected):
    assert strip_annotations(text) == expected


@pytest.mark.parametrize("text", [
    "他在银行(háng)工作了十年，一直很长(zhǎng)进。",      # glosses of the rarer reading
    "在銀行(háng)工作，這個字讀行(háng)。",               # the same in traditional script
    "床(chuáng)前(qián)明(míng)月(yuè)光(guāng)",        # ruby: every character
    "“长大”(zhǎng dà)意味着从幼小到成熟",                 # a word's reading, not one character's
    "函数 f(x) 的值，选项(A)和(B)",                       # not pinyin
    "成立於1990年(民國79年)",
    "本(běn)",                                             # one simplified monophone, tone written: a gloss
])
def test_real_glosses_and_other_brackets_stay(text):
    out, fixes = strip_annotations(text, explain=True)
    assert out == text and list(fixes) == []


def test_wrong_reading_is_not_removed():
    # 戰 is never "shù": not an annotation of this character, so the text keeps it (reported as damaged)
    out, fixes = strip_annotations("大戰(shù)據驅動企業(yè)", explain=True)
    assert "戰(shù)" in out and "業(yè)" not in out
    assert [d.before for d in fixes.damaged] == ["戰(shù)"]


def test_thresholds_come_from_config():
    text = "床(chuáng)前(qián)明(míng)月(yuè)光(guāng)"
    assert strip_annotations(text) == text
    loose = AnnotationConfig(max_coverage=1.0, min_traditional_share=0.0)
    assert strip_annotations(text, config=loose) == "床前明月光"


def test_nothing_removed_from_clean_and_gold_texts():
    files = sorted(need(CORPUS / "clean" / "articles").glob("*.txt"))
    files += sorted(need(CORPUS / "html" / "expected").glob("*.txt"))
    assert len(files) > 100
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
            out, fixes = strip_annotations(line, explain=True)
            assert out == line and not fixes and not fixes.damaged, path.name


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("戰數業中國的人会(（)） zhànshùyèguóàdian?F,")), max_size=40))
def test_output_is_input_minus_removed_spans(text):
    out, fixes = strip_annotations(text, explain=True)
    assert len(out) == len(text) - sum(len(f.before) - len(f.after) for f in fixes)
    assert strip_annotations(text) == out
    for f in fixes:
        assert f.kind == "spam" and f.after == f.before[0]


def test_clean_leaves_no_annotation_in_the_sample(sample_text):
    article = newsclean.clean(sample_text)
    assert valid_annotations(article.text) == []
    assert "(MAU)" in article.text


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_handled(text):
    out, fixes = strip_annotations(text, explain=True)
    assert isinstance(out, str) and len(out) <= len(text)
    if not fixes:
        assert out == text
