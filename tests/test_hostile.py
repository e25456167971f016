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


@pytest.mark.parametrize("magic, kind", [(b"\x1f\x8b\x08\x00", "gzip"), (b"\x89PNG\r\n\x1a\n", "PNG"),
                                         (b"PK\x03\x04", "zip"), (b"%PDF-1.7", "PDF"), (b"\xff\xd8\xff\xe0", "JPEG")])
def test_compressed_or_image_data_is_refused_not_decoded_as_garbage(magic, kind):
    # Found by the batch test: a truncated .html.gz came out as an "article" titled in UTF-16 garbage.
    raw = magic + bytes(range(256)) * 3
    with pytest.raises(InputError, match=f"{kind} data, not a page"):
        clean(raw, name="p.html")


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


# --- the report never loses text (issue 8, item 5) -------------------------------------------

import re  # noqa: E402
import unicodedata  # noqa: E402
from collections import Counter  # noqa: E402

from newsclean import to_simplified  # noqa: E402

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff]")


def _han(text: str) -> Counter:
    """Han characters after the documented normalisations: NFKC (full-width forms) and script conversion."""
    return Counter(HAN.findall(to_simplified(unicodedata.normalize("NFKC", text))))


def unaccounted(source: str, article, *, drop_removals: bool = False) -> Counter:
    """Han characters of the decoded input found neither in the output (body and every metadata
    field) nor in a removal recorded in the report. A recorded change (after != None) may turn
    the characters it names into others: only those are tolerated as missing."""
    d = article.to_dict()
    fields = [d["text"]] + [v for k, v in d.items() if k not in ("text", "sections", "report", "problems")
                            and isinstance(v, str)]
    fields += [x for k in ("authors", "tags") for x in d[k]]
    have = _han("\n".join(fields))
    for fix in article.report.fixes:
        if fix.after is None:
            if not drop_removals:
                have += _han(fix.text)
        else:  # changed, not removed: what it turned into others is accounted for
            have += _han(fix.text) - _han(fix.after)
    return _han(source) - have


BOILER = ["责任编辑：王小明", "相关阅读", "分享到：微信 微博", "点击进入专题", "（完）", "本文来源：新华网",
          "扫一扫，关注我们", "版权所有 未经授权不得转载", "上一篇：城市建设", "下一篇：经济运行",
          "2024年3月5日 10:20 来源：人民日报", "记者 李华 报道", "广告", "更多精彩内容请下载客户端"]
BODY = ["今年以来，全市經濟運行總體平穩。", "记者从有关部门获悉,相关项目已经开工建设!", "专家认为，这一政策将有利于擴大內需。",
        "據統計，前三季度社会消费品零售总额同比增长百分之五。", "当地居民表示：“出行比以前方便多了。”",
        "该公司负责人介绍，新产品将于明年上市（预计）。", "会议强调，要坚持稳中求进工作总基调。", "目前，各项准备工作正在有序推进。"]
lines_st = st.lists(st.one_of(st.sampled_from(BODY), st.sampled_from(BOILER),
                              st.lists(st.sampled_from(BODY), min_size=2, max_size=4).map("".join)),
                    min_size=2, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_st, st.booleans())
def test_output_plus_report_accounts_for_every_han_character(lines, as_html):
    if as_html:  # Han text only in text nodes: the decoded text of the page is the join of its lines
        tags = ["p", "div", "nav", "footer", "aside", "span", "li"]
        body = "".join(f"<{tags[i % len(tags)]}>{line}</{tags[i % len(tags)]}>" for i, line in enumerate(lines))
        source = "城市建设新进展\n" + "\n".join(lines)
        raw = f"<html><head><title>城市建设新进展</title></head><body><h1>城市建设新进展</h1>{body}</body></html>"
        source += "\n城市建设新进展"
    else:
        source = raw = "城市建设新进展\n\n" + "\n\n".join(lines)
    try:
        article = clean(raw)
    except InputError:
        return
    missing = unaccounted(source, article)
    assert not missing, (missing, article.to_dict()["text"], [f.to_dict() for f in article.report.fixes])


def test_accounting_check_can_fail():
    """The check above has teeth: without the report's removals, removed boilerplate is missing."""
    source = "\n\n".join(["城市建设新进展", BODY[0] + BODY[1], BODY[2] + BODY[3], "责任编辑：王小明", "相关阅读",
                          "扫一扫，关注我们", "版权所有 未经授权不得转载"])
    article = clean(source)
    assert article.report.removed()
    assert not unaccounted(source, article)
    assert unaccounted(source, article, drop_removals=True)


def test_text_in_form_fields_noscript_and_alt_is_reported_when_dropped():
    body = "".join(f"<p>{BODY[i] + BODY[i + 1]}</p>" for i in (0, 2, 4))
    extras = ("<noscript>请开启浏览器脚本</noscript><select><option>选项一</option></select>"
              "<textarea>输入框</textarea><img alt='图片说明文字'><template>模板内容</template>")
    raw = f"<html><head><title>城市建设新进展</title></head><body>{body}{extras}</body></html>"
    source = "城市建设新进展" + body + "请开启浏览器脚本选项一输入框图片说明文字模板内容"
    assert not unaccounted(source, clean(raw))
