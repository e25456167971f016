"""Repair and decode on shapes the corpus lacks: garbled twice, Japanese prose, mojibake quoted as an example,
a corrupted Big5 byte, mostly-ASCII bytes with a bad byte."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.repair.mojibake import repair_mojibake

from test_mojibake import GB_CHARS, _strict_pairs

PIECES = _strict_pairs(GB_CHARS, "gb18030")   # two characters whose UTF-8 reads strictly as GB18030
BEFORE, AFTER = "记者从会上获悉，", "。"


def _layers(text: str, steps: list[tuple[str, str]]) -> str:
    for right, wrong in steps:
        text = text.encode(right).decode(wrong)
    return text


LAYERED = {
    "utf8-as-gbk-twice": [("utf-8", "gb18030"), ("utf-8", "gb18030")],
    "utf8-as-gbk-then-latin1": [("utf-8", "gb18030"), ("utf-8", "latin-1")],
    "utf8-as-gbk-then-cp1252": [("utf-8", "gb18030"), ("utf-8", "sloppy-windows-1252")],
}


@pytest.mark.parametrize("kind", list(LAYERED))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_garbled_twice_round_trips(kind, data):
    original = "".join(data.draw(st.lists(st.sampled_from(PIECES), min_size=2, max_size=8)))
    try:
        bad = _layers(original, LAYERED[kind])
    except UnicodeError:
        assume(False)   # not lossless under these codecs: another kind
    fixed, fixes = newsclean.fix_mojibake(BEFORE + bad + AFTER, explain=True)
    assert fixed == BEFORE + original + AFTER
    for f in fixes:
        assert newsclean.apply_plan(f.before, f.plan) == f.after


# Japanese prose: kanji with hiragana and katakana in runs. Its Big5 bytes read as GBK look like garble to a
# character-frequency test (することを -> rare characters), but GBK/Big5 garble never holds kana runs.
KANA_WORDS = ["することを", "しました", "されている", "ですが", "ません", "について", "として", "による",
              "コロナウイルス", "ゲーム", "ニュース", "テレビ", "インターネット", "データ"]
KANJI_WORDS = ["東京", "日本", "政府", "発表", "新型", "決定", "会議", "経済", "市場", "大学", "研究", "記事"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KANA_WORDS + KANJI_WORDS), min_size=3, max_size=12))
def test_japanese_prose_unchanged(words):
    text = "".join(words) + "。"
    res = repair_mojibake(text)
    assert res.text == text and not res.fixes and not res.garbles


def test_garble_with_a_kana_run_and_private_use_characters_is_repaired():
    # Big5 read as GB18030 can give a run of three katakana (一個一個基本市民 -> four private-use characters,
    # 膀セカチ); Japanese prose never holds private-use characters.
    original = "一個一個基本市民"
    bad = original.encode("big5").decode("gb18030")
    assert "セカチ" in bad
    fixed = newsclean.fix_mojibake("记者从会上获悉，" + bad + "。")
    assert fixed == "记者从会上获悉，" + original + "。"


@pytest.mark.parametrize("text", [
    "程序员的笑话：“手持两把锟斤拷，口中疾呼烫烫烫。”两个词都和编码有关。",
    "把“你好”的UTF-8字节按GBK解码，就会看到“浣犲ソ”。",
    "“中文”被按Latin-1解码后会显示成“ä¸­æ–‡”。",
    "记事本里的“屯屯屯屯”是未初始化的内存。",
    "日本語では文字化けと呼ばれ、「縺ゅ→縺ｯ」のように見える。",
    'print("ä½ å¥½")  # 把UTF-8当成Latin-1的乱码',
])
def test_mojibake_quoted_as_an_example_is_left(text):
    res = repair_mojibake(text)
    assert res.text == text
    assert not res.fixes and not res.garbles


def test_quoted_garble_in_ordinary_news_is_repaired():
    # The same quotation marks around a garble, but nothing in the text about encodings: repaired.
    bad = "新年钟声".encode("utf-8").decode("gb18030")
    assert newsclean.fix_mojibake(f"他说：“{bad}”响起。") == "他说：“新年钟声”响起。"
    # … and a garble in a text about encodings but outside quotation marks is repaired too.
    assert newsclean.fix_mojibake(f"这个编码问题已经修好，{bad}即将敲响。") == "这个编码问题已经修好，新年钟声即将敲响。"


def test_real_kunkao_run_still_reported():
    res = repair_mojibake("乱码问题：锟斤拷锟斤拷锟斤拷好")   # a text about it, but the run is not quoted
    assert res.garbles and "锟斤拷" not in res.text


TRADITIONAL = ("雖然手中的汽油彈已經點燃，但他仍然沒有丟出去。警方表示，事件仍在調查中，將依法處理。"
               "記者從現場了解到，當時附近的居民都已經撤離。")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 127), st.sampled_from([0x82, 0x90, 0x91, 0x9C, 0xD9, 0xF7])),
                min_size=1, max_size=4))
def test_big5_with_corrupt_bytes_stays_big5(spots):
    # Bytes Big5 rejects but GB18030 accepts: the Big5 text then decodes strictly, and badly, only as GB18030,
    # and chardet often agrees with that reading; the reading of Big5 with the bad bytes replaced is far better.
    data = bytearray(TRADITIONAL.encode("big5"))
    for at, byte in spots:
        data[at] = byte
    d = newsclean.decode(bytes(data))
    assert d.encoding == "big5hkscs"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 37), st.integers(0x80, 0xFF)), min_size=1, max_size=4))
def test_mostly_ascii_with_bad_bytes_is_not_utf16(spots):
    # An even number of bytes without NULs and no Chinese reading: UTF-16 is tried, and used to win by reading
    # each pair of ASCII letters as one rare hanzi. Only a UTF-16 reading that reads as Chinese may win.
    data = bytearray(b"Annual report of the museum, 1998-2004")
    for at, byte in spots:
        data[at] = byte
    d = newsclean.decode(bytes(data))
    assert not d.encoding.startswith("utf-16")
    assert sum(c.isascii() for c in d.text) >= 30


def test_three_character_pair_garble_repaired():
    # GBK<->Big5 spans of three characters (電扶梯 read as GBK is 筿н辫): min_pair_chars is 3.
    for right, wrong, word in [("big5", "gbk", "電扶梯"), ("big5", "gbk", "寄給我"), ("gbk", "big5", "上半年")]:
        bad = word.encode(right).decode(wrong)
        assert newsclean.fix_mojibake(f"關停出入口處的{bad}。") == f"關停出入口處的{word}。"


def test_table_cells_repaired_with_the_blocks_evidence():
    # A table garbled as a whole: its long rows are evidence enough, and its one-word cells (青岛 read as Big5
    # is ч絢, 无 is 拸) are then repaired in the same direction, each a whole line.
    rows = ["当前收费调整情况", "青岛", "无", "南昌", "无", "大连", "不调整"]
    bad = "\n".join(rows).encode("gbk").decode("big5")
    assert newsclean.fix_mojibake(bad) == "\n".join(rows)


def _rare() -> list[str]:
    """GB2312 characters the frequency table finds uncommon (names, place names), not garble."""
    from newsclean import charfreq

    counts = charfreq.counts()
    return (
        [c for c, n in counts.items() if 20 <= n < 2000 and charfreq.is_han(c) and _gb2312(c)][:600])


def _gb2312(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


RARE = _rare()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(RARE), min_size=1, max_size=3).map("".join), min_size=2, max_size=6))
def test_rare_names_beside_a_pair_repair_unchanged(names):
    # The block's GBK<->Big5 evidence applies to whole fields only where they were garbled: a list of rare
    # names after a repaired sentence keeps its characters (the relaxed pass must not touch clean fields).
    bad = "新华社记者从有关部门获悉".encode("gbk").decode("big5")
    tail = "出席：" + "、".join(names) + "。"
    fixed = newsclean.fix_mojibake(f"据报道，{bad}。{tail}")
    assert fixed == f"据报道，新华社记者从有关部门获悉。{tail}"


KOREAN = ["서울시는 9일 새로운 교통 정책을 발표했다. 시민들의 반응은 엇갈렸다. 전문가들은 신중한 접근을 주문했다.",
          "한국은행은 기준금리를 동결하기로 결정했다고 밝혔다. 물가 상승률은 둔화세를 보이고 있다."]


@pytest.mark.parametrize("text", KOREAN)
def test_euc_kr_is_not_read_as_chinese(text):
    # EUC-KR hangul lands on common GB2312 hanzi (score -4.5, just "Chinese"), but spaced like Korean words.
    for n in (1, 3):
        d = newsclean.decode((text * n).encode("euc-kr"))
        assert d.text == text * n, d


@pytest.mark.parametrize("text", ["Señor Pérez said: ‘It’s déjà vu all over again.’ The 1990s were another era…",
                                  "<p>Café “Zoë” serves crème brûlée; naïve façade, résumé — São Paulo.</p>"])
def test_unlabelled_western_page_is_cp1252(text):
    # chardet is unsure among Latin code pages (cp850, MacLatin2 …): windows-1252, as browsers assume.
    assert newsclean.decode(text.encode("cp1252")).text == text


def test_emoji_read_as_gbk_repaired():
    for text in ["点赞👍", "<div>😀</div>", "恭喜🎉🎉🎉发财"]:
        assert newsclean.fix_mojibake(text.encode("utf-8").decode("gb18030")) == text


def test_gbk_page_with_a_utf8_block():
    # The UTF-8 block's bytes decode strictly as GBK too: decoded as GBK, then the repair reads it back.
    page = "<html><meta charset=gbk><p>记者从会上获悉，今年经济运行总体平稳。</p>".encode("gbk") + \
        "<div>点赞👍，新年钟声即将敲响</div></html>".encode("utf-8")
    d = newsclean.decode(page)
    assert newsclean.fix_mojibake(d.text) == ("<html><meta charset=gbk><p>记者从会上获悉，今年经济运行总体平稳。</p>"
                                              "<div>点赞👍，新年钟声即将敲响</div></html>")


def test_quoted_example_judged_by_the_whole_page():
    # The subject is named in one paragraph (乱码), the examples are quoted in others.
    page = ("为什么网页会出现乱码\n\n很多人都遇到过网页乱码的问题。\n\n比如你在论坛里看到“浣犲ソ”，其实原文是一句问候。\n\n"
            "第二种情况是“锟斤拷”，它说明文字在转换时已经丢失。")
    article = newsclean.clean(page)
    assert "“浣犲ソ”" in article.text and "“锟斤拷”" in article.text
    assert not [p for p in article.report.problems if p.step == "repair"]
    bad = "北京大学".encode("utf-8").decode("gb18030")
    article = newsclean.clean(f"新生报到\n\n他毕业于“{bad}”，后来留校任教。\n\n今年的新生报到工作顺利。")
    assert "他毕业于“北京大学”" in article.text


def test_table_cells_as_blocks_use_the_pages_evidence():
    # In clean() each line is a block: the cells are judged with the GBK<->Big5 repairs of the rest of the page
    # (南昌 read as Big5 is 鰍荻, two characters common enough to pass the clean-text screen alone).
    rows = ["当前收费调整情况", "青岛", "无", "南昌", "无", "大连", "不调整"]
    bad = "\n".join(rows).encode("gbk").decode("big5")
    assert newsclean.clean("收费表\n\n" + bad).text.split("\n") == rows
    # … and without garble elsewhere on the page, a short line is judged alone (left).
    assert "鳅荻" in newsclean.clean("收费表\n\n记者从会上获悉，今年经济运行平稳。\n\n" + "南昌".encode("gbk").decode("big5")).text
