"""Bytes that are text under no reading are refused (InputError naming the input and the share);
damaged real text and every strict path are not (docs/decoding.md, "Bytes that are not text")."""
from __future__ import annotations

import importlib
import random
import re
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from conftest import CORPUS, need
from newsclean import InputError
from newsclean.config import DecodeConfig
from newsclean.decode import decode

decide = importlib.import_module("newsclean.decode.decide")   # the package exports a function named decode
binary = importlib.import_module("newsclean.decode.binary")

LIMIT = DecodeConfig().binary_garbage_share
NEWS_S = "新华社北京3月5日电 国务院总理今天在人民大会堂作政府工作报告，代表们认真听取并审议。"


def random_bytes(size: int, seed: int, alphabet: bytes = bytes(range(256))) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.choice(alphabet) for _ in range(size))


@pytest.fixture
def checks(monkeypatch):
    """Records every call of the binary check (the fast paths must make none)."""
    calls = []

    def spy(data, text, encoding, config, name):
        calls.append(encoding)
        return binary.refuse_binary(data, text, encoding, config, name)

    monkeypatch.setattr(decide, "refuse_binary", spy)
    return calls


# ---- refused -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size, seed, alphabet", [
    (1024, 1, bytes(range(256))), (5000, 2, bytes(range(256))), (65536, 3, bytes(range(256))),
    (4096, 4, bytes(range(1, 256))),   # no NUL byte: nothing hints at UTF-16
])
def test_random_bytes_are_refused_naming_the_input_and_the_share(size, seed, alphabet):
    with pytest.raises(InputError) as e:
        newsclean.clean(random_bytes(size, seed, alphabet), name="blob.html")
    message = str(e.value)
    assert message.startswith("blob.html: input is not text")
    assert e.value.name == "blob.html"
    share = int(re.search(r"(\d+)% of the first [\d,]+ characters of its best reading \(", message).group(1))
    assert share > LIMIT * 100
    assert "U+FFFD" in message and "binary_garbage_share" in message


def test_decode_alone_refuses_too_and_names_the_input_when_given():
    data = random_bytes(2048, 7)
    with pytest.raises(InputError, match="^input is not text"):
        decode(data)
    with pytest.raises(InputError, match="^crawl/0001.bin: input is not text"):
        decode(data, name="crawl/0001.bin")


def test_the_threshold_is_the_config_field():
    data = random_bytes(4096, 8)
    share, _ = binary.garbage_share(decode(data, config=DecodeConfig(binary_garbage_share=1.0)).text, 4096)
    assert share > LIMIT   # the reading a lenient config lets through is mostly garbage …
    with pytest.raises(InputError):
        decode(data, config=DecodeConfig(binary_garbage_share=share - 0.01))   # … and just below it, refused


def test_garbage_share_counts_controls_fffd_runs_private_use_unassigned():
    assert binary.garbage_share("ab\tc\n\r\x0c", 100)[0] == 0
    assert binary.garbage_share("\x00\x07\x85\ue000\U000f0000\u0378ab", 100) == (0.75, 8)   # \u0378: unassigned
    assert binary.garbage_share("中\ufffd\ufffd\ufffd文", 100) == (1 / 3, 3)   # one damaged spot
    assert binary.garbage_share("a" * 10 + "\x00" * 10, 10) == (0.0, 10)       # only the sample counts


# ---- not refused -------------------------------------------------------------------------------------

def test_fast_paths_never_pay(checks):
    utf8 = ("\x01\x02\x85" + NEWS_S).encode("utf-8")   # valid UTF-8, a quarter control characters
    assert decode(utf8).text.startswith("\x01\x02\x85")
    gbk = f'<meta charset="gbk"><p>{NEWS_S}</p>'.encode("gbk")
    assert decode(gbk).source == "meta"
    assert decode(NEWS_S.encode("gbk")).encoding == "gb18030"   # detected, sure
    assert decode(NEWS_S.encode("utf-16-le")).encoding == "utf-16-le"
    assert checks == []


def test_a_strict_declared_reading_is_never_refused(checks):
    data = random_bytes(4096, 9)
    d = decode(data, http_charset="koi8-r")   # every byte is a koi8-r character: the label is taken
    assert d.source == "http" and d.encoding == "koi8-r"
    assert binary.garbage_share(d.text, 4096)[0] > 0.05 and checks == []


def test_strict_mode_keeps_its_own_errors(checks):
    data = random_bytes(4096, 10)
    with pytest.raises(InputError) as e:
        decode(data, config=DecodeConfig(errors="strict"))
    assert re.match(r"bytes (do not decode strictly|mix UTF-8 and \S+ and some decode as neither)", str(e.value))
    assert checks == []


def test_short_inputs_are_never_refused():
    assert decode(NEWS_S[:5].encode("gbk")).text == NEWS_S[:5]   # 10 bytes
    assert decode(NEWS_S[:5].encode("gbk")[:-1]).text.startswith(NEWS_S[:4])   # cut mid-character
    for seed in range(20):   # too few characters to tell: let through
        decode(random_bytes(24, seed))


@lru_cache(maxsize=1)
def _gbk_page() -> bytes:
    for p in sorted(need(CORPUS / "html" / "html").iterdir()):
        data = p.read_bytes()
        if decode(data).encoding == "gb18030" and len(data) < 120_000:
            return data
    pytest.skip("no GBK page in the corpus")


def test_damaged_real_pages_are_not_refused(checks):
    page = _gbk_page()
    rnd = random.Random(11)
    spliced = page[:2000] + random_bytes(400, 12) + page[2000:]
    corrupted = bytearray(page)
    for i in rnd.sample(range(len(page)), len(page) * 5 // 100):
        corrupted[i] = rnd.getrandbits(8)
    for data in (random_bytes(300, 13) + page, spliced, page[:-1]):
        assert decode(data).encoding == "gb18030"
    assert decode(bytes(corrupted)).text   # some reading (not always GB18030) but no InputError
    assert len(checks) >= 3   # the damaged ones were checked, and passed


@lru_cache(maxsize=1)
def _articles() -> tuple[str, ...]:
    paths = sorted(need(CORPUS / "clean" / "articles").glob("*.txt"))[::10]
    return tuple(p.read_text(encoding="utf-8") for p in paths)


@lru_cache(maxsize=1)
def _s2t():
    import opencc
    return opencc.OpenCC("s2t")


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["gbk", "big5hkscs", "utf-8", "utf-16-le", "utf-16-be"]),
       st.integers(60, 2000), st.floats(0.0, 0.05), st.randoms(use_true_random=False))
def test_real_text_with_a_few_corrupted_bytes_is_never_refused(pick, codec, length, rate, rnd):
    articles = _articles()
    article = articles[pick % len(articles)]
    start = pick % max(1, len(article) - length)
    text = article[start:start + length]
    if codec == "big5hkscs":
        text = _s2t().convert(text)
    data = bytearray(text.encode(codec, errors="ignore"))   # a character Big5 lacks is left out
    for i in rnd.sample(range(len(data)), int(len(data) * rate)):
        data[i] = rnd.getrandbits(8)
    decode(bytes(data))   # raises InputError if refused
