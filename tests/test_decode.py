"""newsclean.decode: BOMs, declarations (trusted only when strict), detection, errors, round trips."""
from __future__ import annotations

import codecs
import hashlib
import sys
from itertools import zip_longest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, need
from newsclean import InputError
from newsclean.config import DecodeConfig
from newsclean.decode import Decoded, chinese_score, decode, normalize_label

sys.path.insert(0, str(ROOT))
from benchmarks.decode import label_texts, manifest  # noqa: E402  (the benchmark's notion of right)

NEWS_S = "新华社北京3月5日电 国务院总理今天在人民大会堂作政府工作报告，代表们认真听取并审议。"
NEWS_T = "中央社台北5日電 行政院長今天在立法院報告施政方針，立法委員們踴躍發言、提出質詢。"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>News</title></head><body><p>{body}</p></body></html>"


# ---- BOMs, HZ, UTF-16/32 ---------------------------------------------------------------------------

@pytest.mark.parametrize("codec, bom", [
    ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_bom_decides_and_is_removed(codec, bom):
    data = bom + NEWS_S.encode(codec)
    d = decode(data, http_charset="gbk")   # a BOM outranks any declaration
    assert d.source == "bom"
    assert d.text == NEWS_S
    assert d.confidence == 1.0


def test_utf32_le_bom_is_not_read_as_utf16():
    d = decode(codecs.BOM_UTF32_LE + "中文".encode("utf-32-le"))
    assert d.encoding == "utf-32" and d.text == "中文"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_32_without_bom_are_detected(codec):
    text = "今日要闻 2024\n" + NEWS_S
    d = decode(text.encode(codec))
    assert d.text == text
    assert d.encoding == codec


def test_hz():
    text = "This line is ASCII.\n" + NEWS_S.replace("3月5日", "三月五日")
    d = decode(text.encode("hz"))
    assert d.encoding == "hz"
    assert d.text == text


def test_ascii_with_stray_tilde_brace_stays_ascii():
    data = b"if (x) ~{ y = 1; } and ~} more plain ASCII code"
    d = decode(data)
    assert d.text == data.decode("ascii")
    assert d.encoding == "utf-8"


# ---- declarations -----------------------------------------------------------------------------------

def test_meta_charset_used_when_strict():
    data = page(NEWS_S, '<meta charset="gbk">').encode("gb18030")
    d = decode(data)
    assert (d.source, d.encoding, d.text) == ("meta", "gb18030", data.decode("gb18030"))


def test_meta_http_equiv_and_xml_declaration():
    data = page(NEWS_T, '<meta http-equiv="Content-Type" content="text/html; charset=big5">').encode("big5")
    d = decode(data)
    assert (d.source, d.encoding) == ("meta", "big5hkscs")
    assert NEWS_T in d.text
    xml = f'<?xml version="1.0" encoding="GB2312"?><rss><item>{NEWS_S}</item></rss>'.encode("gb2312")
    d = decode(xml)
    assert (d.source, d.encoding) == ("meta", "gb18030")
    assert NEWS_S in d.text


def test_http_charset_outranks_meta():
    data = page(NEWS_S, '<meta charset="big5">').encode("gbk")
    d = decode(data, http_charset="GBK")
    assert (d.source, d.encoding) == ("http", "gb18030")
    assert NEWS_S in d.text


@pytest.mark.parametrize("header", ["gbk", '"GBK"', "text/html; charset=GBK", "text/html;charset='gbk'"])
def test_http_charset_forms(header):
    d = decode(NEWS_S.encode("gbk"), http_charset=header)
    assert (d.source, d.encoding, d.text) == ("http", "gb18030", NEWS_S)


def test_utf8_bytes_declaring_gb2312_decode_as_utf8():
    data = page(NEWS_S, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("utf-8")
    d = decode(data)
    assert d.encoding == "utf-8" and d.source == "detected"
    assert NEWS_S in d.text
    assert "gb2312" in d.why and "ignored" in d.why


def test_wrong_http_header_falls_back_to_true_meta():
    data = page(NEWS_S, '<meta charset="gbk">').encode("gbk")
    d = decode(data, http_charset="utf-8")
    assert (d.source, d.encoding) == ("meta", "gb18030")
    assert NEWS_S in d.text


def test_big5_bytes_declaring_gbk_are_read_as_big5():
    # Big5 bytes nearly always decode strictly as GB18030 too; the text's statistics overrule the label.
    data = page(NEWS_T * 3, '<meta charset="gbk">').encode("big5")
    assert data.decode("gb18030")   # strict under the wrong label: the case this test is about
    d = decode(data)
    assert d.encoding == "big5hkscs" and d.source == "detected"
    assert NEWS_T in d.text
    assert "gbk" in d.why


def test_unknown_label_is_ignored():
    data = page(NEWS_S, '<meta charset="x-no-such-charset">').encode("gb18030")
    d = decode(data)
    assert d.encoding == "gb18030" and NEWS_S in d.text


def test_declarations_can_be_switched_off():
    data = page(NEWS_S, '<meta charset="gbk">').encode("gbk")
    d = decode(data, config=DecodeConfig(trust_declared=False))
    assert d.source == "detected" and d.encoding == "gb18030"


@pytest.mark.parametrize("label, expected", [
    ("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("Big5", "big5hkscs"),
    ("UTF8", "utf-8"), ("iso-8859-1", "cp1252"), ("nonsense", None)])
def test_normalize_label(label, expected):
    assert normalize_label(label) == expected


# ---- detection --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, codec, expected", [
    (NEWS_S, "gbk", "gb18030"), (NEWS_S, "gb18030", "gb18030"), (NEWS_T, "big5", "big5hkscs"),
    (NEWS_S, "utf-8", "utf-8")])
def test_detects_plain_text(text, codec, expected):
    d = decode(text.encode(codec))
    assert (d.text, d.encoding, d.source) == (text, expected, "detected")
    assert d.why


def test_alternatives_rank_the_readings():
    d = decode(NEWS_T.encode("big5"))
    names = [name for name, _ in d.alternatives]
    assert names[0] == "big5hkscs" and "gb18030" in names
    assert abs(sum(w for _, w in d.alternatives) - 1.0) < 1e-6
    assert d.confidence == pytest.approx(d.alternatives[0][1], abs=1e-3)


def test_gb18030_four_byte_characters():
    text = "欧元符号€与藏文ༀ、蒙古文ᠠ同在一段新闻里。" + NEWS_S
    d = decode(text.encode("gb18030"))
    assert d.text == text and d.encoding == "gb18030"


def test_score_prefers_the_right_reading():
    data = NEWS_T.encode("big5")
    right, _ = chinese_score(data.decode("big5"))
    wrong, _ = chinese_score(data.decode("gb18030"))
    assert right > DecodeConfig().chinese_score > wrong


def test_non_chinese_legacy_text_is_left_to_chardet():
    text = "今日は東京で会議が開かれました。参加者は多くの意見を述べました。明日も続きます。"
    d = decode(text.encode("shift_jis"))
    assert d.text == text


# ---- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["已经是文本", 42, None, ["bytes"]])
def test_non_bytes_raise_input_error(bad):
    with pytest.raises(InputError, match="bytes"):
        decode(bad)


def test_bad_http_charset_type():
    with pytest.raises(InputError, match="http_charset"):
        decode(b"abc", http_charset=b"gbk")


def test_undecodable_bytes_strict_raises_replace_marks():
    data = NEWS_S.encode("gbk") + b"\xff\xff\x80" + NEWS_S.encode("gbk")
    with pytest.raises(InputError, match="decode"):
        decode(data, config=DecodeConfig(errors="strict"))
    d = decode(data)
    assert "\ufffd" in d.text and NEWS_S in d.text
    assert d.confidence <= 0.5 and "U+FFFD" in d.why


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "big5"])
def test_last_character_cut_off(codec):
    text = NEWS_T if codec == "big5" else NEWS_S
    d = decode(text.encode(codec)[:-1])
    assert d.text == text[:-1] + "\ufffd"
    assert "cut off" in d.why
    with pytest.raises(InputError):
        decode(text.encode(codec)[:-1], config=DecodeConfig(errors="strict"))


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_damaged_bytes_keep_the_right_codec(codec):
    raw = (NEWS_S * 5).encode(codec)
    cut = len(NEWS_S.encode(codec))   # a character boundary
    d = decode(raw[:cut] + b"\xff" + raw[cut:])
    assert d.encoding == ("gb18030" if codec == "gbk" else codec)
    assert d.text.replace("\ufffd", "") == NEWS_S * 5


@pytest.mark.parametrize("joint", [b"\n", b"", b"</p><p>"])
def test_utf8_and_gbk_in_one_document(joint):
    other = "代表们认真听取并审议，会议由大会主席团主持。"
    d = decode(NEWS_S.encode("utf-8") + joint + other.encode("gbk"))
    assert d.text == NEWS_S + joint.decode() + other
    assert d.why.startswith("mixed")


def test_accepts_bytearray_and_memoryview():
    raw = NEWS_S.encode("gbk")
    assert decode(bytearray(raw)).text == NEWS_S
    assert decode(memoryview(raw)).text == NEWS_S


def test_empty_bytes():
    d = decode(b"")
    assert isinstance(d, Decoded) and d.text == ""


# ---- round trips ------------------------------------------------------------------------------------

def _chars(codec: str, rows: range, cells: list[int]) -> list[str]:
    out = []
    for lead in rows:
        for trail in cells:
            try:
                out.append(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


# GB2312 level 1 (the 3,755 commonest simplified characters by the standard) and Big5's 5,401
# "frequently used" characters: alphabets independent of newsclean's own frequency table.
GB_COMMON = _chars("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
BIG5_COMMON = _chars("big5", range(0xA4, 0xC6), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)))
FILLER = list("，。、：“”") + [" ", "\n", "2024", "A"]


def chinese_text(alphabet: list[str]):
    """30-200 different characters with punctuation, spaces and digits between. Different: a handful of
    characters repeated (啊阿埃挨…) reads as real characters under both GBK and Big5, and no statistics
    can tell which was meant; running text is varied. The alphabet is shuffled: hypothesis favours its first
    elements, which in code order are one GB row (啊阿埃挨…) whose bytes are a row of common Big5 characters."""
    alphabet = sorted(alphabet, key=lambda ch: hashlib.md5(ch.encode("utf-8")).digest())
    hanzi = st.lists(st.sampled_from(alphabet), min_size=30, max_size=200, unique=True)
    filler = st.lists(st.sampled_from(FILLER), max_size=60)
    return st.tuples(hanzi, filler).map(lambda t: "".join(a + b for a, b in zip_longest(*t, fillvalue="")))


@settings(max_examples=60, deadline=None)
@given(chinese_text(GB_COMMON), st.sampled_from(["gb18030", "gbk", "utf-8", "utf-16-le"]))
def test_round_trip_simplified(text, codec):
    assert decode(text.encode(codec)).text == text


@settings(max_examples=60, deadline=None)
@given(chinese_text(BIG5_COMMON), st.sampled_from(["big5", "utf-8"]))
def test_round_trip_traditional(text, codec):
    assert decode(text.encode(codec)).text == text


@settings(max_examples=40, deadline=None)
@given(chinese_text(GB_COMMON), st.sampled_from(["gbk", "big5hkscs", "utf-8"]))
def test_round_trip_with_honest_declaration(text, codec):
    try:
        data = page(text, f'<meta charset="{codec}">').encode(codec)
    except UnicodeEncodeError:
        return   # simplified characters Big5 lacks: nothing to test
    d = decode(data)
    assert text in d.text and d.source == "meta"


# ---- the shared corpus ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def encoding_files():
    root = need(CORPUS / "encoding")
    rows = []
    for r in manifest(root / "MANIFEST.tsv"):
        data = (root / r["local_file"]).read_bytes()
        rows.append((r["local_file"], r["label"], data))
    return rows


@pytest.mark.parametrize("trust", [True, False], ids=["declarations", "bytes-only"])
def test_encoding_corpus_accuracy(encoding_files, trust):
    config = DecodeConfig(trust_declared=trust)
    strict = [(name, label, data) for name, label, data in encoding_files if _strict_ok(data, label)]
    assert len(strict) == 73
    # … plus any file only the label's superset decodes strictly (a GB2312 file that needs GBK).
    scored = [(name, label, data) for name, label, data in encoding_files if label_texts(data, label)]
    wrong = [(name, decode(data, config=config).encoding) for name, label, data in scored
             if decode(data, config=config).text not in label_texts(data, label)]
    assert wrong == []


def _strict_ok(data, label):
    try:
        data.decode(label)
        return True
    except UnicodeDecodeError:
        return False


def test_html_corpus_decodes_from_raw_bytes():
    root = need(CORPUS / "html")
    rows = manifest(root / "MANIFEST.tsv")
    assert len(rows) == 89
    wrong = []
    for r in rows:
        data = (root / r["local_file"]).read_bytes()
        if decode(data).text != data.decode(r["bytes_encoding"]):
            wrong.append(r["id"])
    assert wrong == []


def test_short_snippets_of_real_articles():
    """8 characters of each clean article, in GBK and (through OpenCC) in Big5: chardet 7 misses 5 of these."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    files = sorted(need(CORPUS / "clean" / "articles").glob("*.txt"))
    wrong, tried = [], 0
    for f in files:
        body = f.read_text(encoding="utf-8").split("\n\n", 1)[-1].replace("\n", "")
        for codec, text in (("gbk", body[100:108]), ("big5", s2t.convert(body[100:108]))):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            tried += 1
            if decode(data).text != text:
                wrong.append((f.name, codec))
    assert tried > 100
    assert wrong == []
