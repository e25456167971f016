"""The repair stage: mojibake before annotations, every garble repaired or reported with its block, flags."""
from __future__ import annotations

import pytest

from newsclean.config import Config, RepairConfig
from newsclean.model import Block, Document
from newsclean.repair import GARBLED, repair
from newsclean.repair.unicode import fix_chinese_punctuation, fix_unicode

from conftest import CORPUS, need  # noqa: F401


def _doc(lines: list[str]) -> Document:
    return Document(blocks=[Block(text=t, index=i) for i, t in enumerate(lines)])


@pytest.fixture(scope="session")
def sample_doc(sample_text):
    lines = [line for line in sample_text.split("\n")]
    return repair(_doc(lines), Config())


# The garbles the sample page is known for (issue 3); each must be repaired or reported where it is.
SAMPLE_GARBLES = ["?shù)倪_", "?yōu)閼?zhàn)", "??淇藙t", "?!?/p>"]


@pytest.mark.parametrize("garble", SAMPLE_GARBLES)
def test_sample_garbles_repaired_or_reported(sample_text, sample_doc, garble):
    lines = sample_text.split("\n")
    where = [i for i, line in enumerate(lines) if garble in line]
    assert where, "the sample page changed"
    for i in where:
        block = sample_doc.blocks[i]
        fixed = [f for f in sample_doc.report.fixes if f.where == i and f.action == "fix_mojibake"]
        problems = [p for p in sample_doc.report.problems if p.where == i]
        if garble in block.text:      # not undone: then reported, with its block, and the block flagged
            assert any(p.text in garble or garble in p.text for p in problems)
            assert GARBLED in block.flags
        else:
            assert fixed


def test_sample_lost_bytes_put_back(sample_doc, sample_text):
    lines = sample_text.split("\n")
    i = next(i for i, line in enumerate(lines) if "?shù)倪_" in line)
    assert "頭頂的達摩克利斯之劍" in sample_doc.blocks[i].text
    j = next(i for i, line in enumerate(lines) if "?yōu)閼?zhàn)" in line)
    assert "演變為戰略性" in sample_doc.blocks[j].text
    assert "(" not in sample_doc.blocks[j].text   # the spam annotations went too, after the repair


def test_flag_only_where_problems(sample_doc):
    flagged = {b.index for b in sample_doc.blocks if GARBLED in b.flags}
    with_problems = {p.where for p in sample_doc.report.problems}
    assert with_problems <= flagged
    assert flagged   # the sample has garbles the bytes cannot undo


def test_replacement_chars_reported_with_block():
    doc = repair(_doc(["第一段正常。", "第二段被截断了\ufffd\ufffd"]), Config())
    assert [(p.kind, p.where) for p in doc.report.problems] == [("replacement_char", 1)]
    assert GARBLED in doc.blocks[1].flags and GARBLED not in doc.blocks[0].flags


def test_damaged_annotation_reported_once():
    # The pinyin step hands back annotations whose host character a garble took (`,F(xiàn)`): reported,
    # flagged; and one the repair already reported (`?dú)`) is not reported twice.
    doc = repair(_doc(["他們終於實,F(xiàn)了目標", "很好?dú)"]), Config())
    kinds = [(p.kind, p.where) for p in doc.report.problems]
    assert ("damaged_annotation", 0) in kinds
    assert [k for k in kinds if k[1] == 1] == [("lost_bytes", 1)]
    assert GARBLED in doc.blocks[0].flags and GARBLED in doc.blocks[1].flags


def test_mojibake_fix_recorded_with_plan():
    garbled = "新年钟声即将敲响".encode("utf-8").decode("latin-1")
    doc = repair(_doc(["记者获悉，" + garbled + "。"]), Config())
    assert doc.blocks[0].text == "记者获悉，新年钟声即将敲响。"
    fix = next(f for f in doc.report.fixes if f.action == "fix_mojibake")
    assert fix.text == garbled and fix.after == "新年钟声即将敲响" and fix.where == 0
    assert fix.detail["plan"]
    assert not doc.blocks[0].flags


def test_control_bytes_of_mojibake_survive_until_repaired():
    # UTF-8 read as Latin-1 holds C1 controls that are its bytes: the control cleanup runs after the repair.
    garbled = "钟声".encode("utf-8").decode("latin-1")
    assert any(0x80 <= ord(c) < 0xA0 for c in garbled)
    doc = repair(_doc(["记者获悉，新年" + garbled + "即将敲响"]), Config())
    assert doc.blocks[0].text == "记者获悉，新年钟声即将敲响"


def test_switches_off():
    garbled = "记者获悉，" + "新年钟声".encode("utf-8").decode("latin-1")
    cfg = Config(repair=RepairConfig(mojibake=False, unicode=False, chinese_punctuation=False))
    doc = repair(_doc([garbled]), cfg)
    assert doc.blocks[0].text == garbled


@pytest.mark.parametrize("before,after", [
    ("他说:好的", "他说：好的"),
    ("真的?是的!", "真的？是的！"),
    ("第一,第二;第三", "第一，第二；第三"),
    ("报告显示,2025年上半年", "报告显示，2025年上半年"),
    ("日活(日活跃用户)", "日活（日活跃用户）"),
])
def test_punctuation_made_full_width(before, after):
    assert fix_chinese_punctuation(before) == after


@pytest.mark.parametrize("text", ["增长49.2%", "共1,000人", "第1,000,000位", "TO B业务", "日活(DAU)", "报告(2025)", "Hello, world: ok?"])
def test_punctuation_left_alone(text):
    assert fix_chinese_punctuation(text) == text


def test_invisible_and_control_removed():
    assert fix_unicode("新\u200b闻\u00ad报\x07道\ufeff") == "新闻报道"


def test_punctuation_harmless_on_clean_corpus():
    # Clean articles use full-width punctuation already: the rule must change none of their lines.
    paths = sorted((need(CORPUS) / "clean" / "articles").glob("*.txt"))
    changed = [line for p in paths for line in p.read_text(encoding="utf-8").split("\n")
               if fix_chinese_punctuation(fix_unicode(line)) != line]
    assert changed == []
