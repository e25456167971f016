"""Hostile and broken input: clean() returns an Article or raises InputError; anything else is a bug."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import Article, InputError, clean, decode

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHINESE = "新华社北京十二月十日电记者从国家统计局获悉今年以来经济运行总体平稳。，、“”《》？！"
chinese_text = st.text(alphabet=st.sampled_from(CHINESE), min_size=1, max_size=200)
any_unicode = st.text(alphabet=st.characters(codec=None, categories=None), max_size=300)
weird_unicode = st.text(alphabet=st.one_of(
    st.sampled_from(CHINESE),
    st.characters(categories=["Cs", "Co", "Cc", "Cf", "Zs", "Zl", "Zp"]),
    st.sampled_from("<>&|()（）?�\u200b\ufeff")), max_size=300)


def _ok_or_input_error(raw):
    try:
        result = clean(raw)
    except InputError as e:
        assert str(e), "InputError needs a message"
        return None
    assert isinstance(result, Article)
    assert isinstance(result.to_dict(), dict)
    return result


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes(raw):
    _ok_or_input_error(raw)


@FAST
@given(any_unicode)
def test_random_unicode(text):
    _ok_or_input_error(text)


@FAST
@given(weird_unicode)
def test_surrogates_private_use_control_and_zero_width(text):
    result = _ok_or_input_error(text)
    if result is not None:
        out = result.to_text()
        assert not any("\ud800" <= ch <= "\udfff" for ch in out), "lone surrogates must not reach the output"
        out.encode("utf-8")  # always encodable


@FAST
@given(chinese_text, st.sampled_from(["utf-8", "gb18030", "big5hkscs"]), st.integers(min_value=1, max_value=3))
def test_truncated_multibyte_sequences(text, encoding, cut):
    raw = text.encode(encoding, errors="ignore")
    _ok_or_input_error(raw[:-cut] if len(raw) > cut else raw)


@FAST
@given(chinese_text, chinese_text)
def test_mixed_encodings_in_one_document(a, b):
    raw = a.encode("utf-8") + b"\n\n" + b.encode("gb18030")
    _ok_or_input_error(raw)
    d = decode(raw)
    assert isinstance(d.text, str)


TAGS = ["div", "p", "span", "article", "section", "h1", "h2", "li", "ul", "table", "td", "script", "style",
        "a", "img", "figure", "figcaption", "blockquote", "nav", "footer", "b", "br"]


@st.composite
def html_trees(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        if draw(st.booleans()):
            parts.append(draw(chinese_text))
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = draw(st.sampled_from(["", ' class="content"', ' id="comment"', ' style="display:none"',
                                          ' class="share"', ' hidden']))
            inner = draw(html_trees(depth=depth + 1))
            # Sometimes leave tags unclosed or mis-nested, as real pages do.
            close = draw(st.sampled_from([f"</{tag}>", "", "</div>"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(parts)


@FAST
@given(html_trees())
def test_random_html_trees(body):
    html = f"<html><head><title>标题</title></head><body>{body}</body></html>"
    _ok_or_input_error(html)
    _ok_or_input_error(html.encode("utf-8"))


def test_xxe_and_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-绝密", encoding="utf-8")
    page = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>
<html><head><title>测试页面</title></head><body><article>
<p>正文第一段，记者从有关部门获悉，相关工作正在推进。&xxe;</p>
<p>正文第二段，专家认为这一政策将有利于扩大内需。</p>
</article></body></html>"""
    for raw in (page, page.encode("utf-8")):
        try:
            article = clean(raw)
        except InputError:
            continue
        dumped = str(article.to_dict())
        assert "SECRET-CONTENT" not in dumped


def test_meta_refresh_and_base_are_ignored():
    page = """<html><head><base href="http://example.invalid/"><meta http-equiv="refresh" content="0;url=http://example.invalid/">
<title>测试</title></head><body><article><p>记者从有关部门获悉，相关工作正在有序推进，预计年底完成。</p></article></body></html>"""
    article = clean(page)
    assert "相关工作正在有序推进" in article.text
    assert "example.invalid" not in article.text


def test_binary_junk_named_html_gives_input_error_or_article():
    junk = bytes(range(256)) * 40
    _ok_or_input_error(junk)


def test_nul_bytes_and_only_markup():
    with pytest.raises(InputError):
        clean("<html><body><script>var a=1;</script></body></html>")
    _ok_or_input_error("正文\x00第一段\x00，记者获悉。")


@pytest.mark.parametrize("text", [
    "<html><body><p>记者获悉，相关工作正在推进\ud800。</p></body></html>",
    "记者获悉，相关工作正在推进\udfff。",
])
def test_lone_surrogates_are_replaced_and_reported(text):
    article = clean(text)
    assert "相关工作正在推进" in article.to_text()
    assert not any("\ud800" <= ch <= "\udfff" for ch in article.to_text())
    assert any(p.kind == "lone_surrogate" for p in article.problems)
