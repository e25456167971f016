"""The HTML parse stage: what is the article, which blocks and kinds, what page metadata (synthetic pages)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean import Config, clean
from newsclean.model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, QUOTE
from newsclean.parse import parse
from newsclean.parse.html import parse_html
from newsclean.parse.meta import iso_date

CFG = Config()

P1 = "记者从市发展改革委获悉，今年以来副中心累计完成投资超过一千亿元，一批重大项目陆续开工建设。"
P2 = "据介绍，城市绿心森林公园已接待游客超过两千万人次，周边配套设施正在加快建设，交通也更方便了。"
P3 = "业内人士表示，副中心的产业导入仍需时间，交通和公共服务的短板有待补齐，还要继续努力。"
P4 = "专家认为，这一政策将有利于扩大内需，促进消费，带动相关产业的发展，效果会逐步显现。"
TITLE = "北京城市副中心建设取得新进展"

NAV = """<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/sports">体育</a>
<a href="/ent">娱乐</a> <a href="/tech">科技</a></div>"""
SIDEBAR = """<div class="sidebar"><h3>热门新闻</h3><ul>
<li><a href="/1">某地发生重大交通事故，多人受伤送医，原因正在调查中。</a></li>
<li><a href="/2">专家解读最新经济数据：消费回暖，投资稳定，出口增长。</a></li>
<li><a href="/3">天气预报：明天起全国大部分地区气温将明显下降，注意保暖。</a></li></ul></div>"""
SHARE = '<div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>'
COMMENTS = """<div id="comments"><h3>网友评论</h3>
<div class="item">这篇文章写得很好，支持一下，希望副中心越来越好！</div>
<div class="item">我家就住在附近，确实变化很大，出行方便了很多。</div></div>"""
RELATED = """<div class="related-news"><h3>相关新闻</h3><ul>
<li><a href="/a">副中心又一批项目开工</a></li><li><a href="/b">城市绿心公园开放</a></li></ul></div>"""
FOOTER = '<div class="footer">版权所有 © 2024 某某网 京ICP备12345678号 联系我们 | 关于我们</div>'


def page(body: str, head: str = "", title: str = TITLE + "_新闻频道_某某网") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}
<script>var x = "脚本里的文字，不是正文。";</script><style>.a{{color:red}}</style></head>
<body>{NAV}<div class="main"><div class="left"><h1>{TITLE}</h1>
<div class="info">2024-05-09 10:23 来源：新华社 作者：张三</div>{SHARE}
<div class="article-body">{body}</div>{RELATED}{COMMENTS}</div>{SIDEBAR}</div>{FOOTER}</body></html>"""


RICH = page(f"""<p>{P1}</p>
<h2>一、项目进展</h2><p>{P2}</p>
<figure><img src="a.jpg" width="600"><figcaption>城市绿心森林公园一角</figcaption></figure>
<p>{P3}</p>
<ul><li>副中心累计完成投资超过一千亿元，同比增长百分之十。</li><li>新开工重大项目二十个，涉及交通、水务、能源等领域。</li></ul>
<blockquote><p>{P4}</p></blockquote>
<p><img src="b.jpg"></p><p>图为副中心建设工地</p>""")


def blocks(html, config=CFG):
    return parse_html(html, config).blocks


def body_texts(html):
    return [b.text for b in blocks(html)]


def body_texts_with(html, config):
    return [b.text for b in blocks(html, config)]


def test_article_blocks_in_order_with_kinds():
    bs = blocks(RICH)
    got = [(b.kind, b.text) for b in bs]
    assert got == [
        (PARAGRAPH, P1), (HEADING, "一、项目进展"), (PARAGRAPH, P2), (CAPTION, "城市绿心森林公园一角"),
        (PARAGRAPH, P3), (LIST_ITEM, "副中心累计完成投资超过一千亿元，同比增长百分之十。"),
        (LIST_ITEM, "新开工重大项目二十个，涉及交通、水务、能源等领域。"), (QUOTE, P4),
        (PARAGRAPH, "图为副中心建设工地"),
    ]
    assert bs[1].level == 2
    assert "after_image" in bs[-1].flags and "after_image" in bs[3].flags
    assert "after_image" not in bs[0].flags
    assert [b.index for b in bs] == list(range(len(bs)))


def test_chrome_around_and_inside_the_article_is_dropped_and_reported():
    doc = parse_html(RICH, CFG)
    text = "\n".join(b.text for b in doc.blocks)
    for chrome in ("首页", "热门新闻", "分享到", "网友评论", "这篇文章写得很好", "相关新闻", "版权所有", "脚本里的文字",
                   "color:red", "某地发生重大交通事故"):
        assert chrome not in text, chrome
    removed = " ".join(f.text for f in doc.report.fixes if f.step == "parse")
    for chrome in ("首页", "分享到", "这篇文章写得很好", "相关新闻", "版权所有"):
        assert chrome in removed, chrome


def test_chrome_inside_the_container_is_dropped():
    body = f"""<p>{P1}</p><div class="share">分享到：<a href="#">微信</a></div><p>{P2}</p>
<div class="ad-box"><a href="/ad">点击购买超值好货，限时优惠，先到先得</a></div><p>{P3}</p>
<div class="tags"><a href="/t1">副中心</a> <a href="/t2">投资</a></div>
<p class="pages"><a href="/prev">上一篇</a> <a href="/next">下一篇</a></p>
<h3>相关阅读</h3><ul><li>副中心又有新项目，周边居民期待已久。</li><li>城市绿心公园开放时间调整。</li></ul>"""
    assert body_texts(page(body)) == [P1, P2, P3]


def test_headline_moves_to_metadata_not_the_body():
    doc = parse_html(RICH, CFG)
    assert doc.meta.title == TITLE
    assert TITLE not in [b.text for b in doc.blocks]
    assert TITLE + "_新闻频道_某某网" in doc.meta.title_candidates and TITLE in doc.meta.title_candidates


def test_metadata_from_meta_tags():
    head = """<meta property="og:title" content="北京城市副中心建设取得新进展">
<meta property="og:site_name" content="某某网">
<meta property="article:published_time" content="2024-05-09T10:23:00+08:00">
<meta name="author" content="李四">
<meta name="keywords" content="副中心,投资，建设、北京城市副中心建设取得新进展">"""
    m = parse_html(page(f"<p>{P1}</p><p>{P2}</p>", head), CFG).meta
    assert m.title == TITLE
    assert m.site == "某某网"
    assert m.published == "2024-05-09T10:23:00+08:00"
    assert m.authors == ["李四"]
    assert m.tags == ["副中心", "投资", "建设"]  # the title repeated as a keyword is not a tag


def test_metadata_from_json_ld_and_info_line():
    ld = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "北京城市副中心建设取得新进展", "datePublished": "2024-05-09T10:23:00Z",
"author": [{"@type": "Person", "name": "王五"}], "publisher": {"@type": "Organization", "name": "某某日报"},
"keywords": ["副中心", "城市建设"]}</script>"""
    m = parse_html(page(f"<p>{P1}</p><p>{P2}</p>", ld), CFG).meta
    assert (m.published, m.authors, m.site, m.tags) == ("2024-05-09T10:23:00+00:00", ["王五"], "某某日报",
                                                        ["副中心", "城市建设"])
    # Without <meta> or JSON-LD, the line under the headline gives date, source and author; the <title> the site.
    m = parse_html(page(f"<p>{P1}</p><p>{P2}</p>"), CFG).meta
    assert (m.published, m.source, m.authors, m.site) == ("2024-05-09T10:23:00", "新华社", ["张三"], "某某网")


@pytest.mark.parametrize("text, iso", [
    ("2024-05-09T10:23:00+08:00", "2024-05-09T10:23:00+08:00"),
    ("2024-05-09 10:23", "2024-05-09T10:23:00"),
    ("2024年5月9日 10:23:45", "2024-05-09T10:23:45"),
    ("2024/05/09", "2024-05-09"),
    ("20240509", "2024-05-09"),
    ("发布时间：2024.5.9", "2024-05-09"),
    ("2024-13-09", None),
    ("no date", None),
])
def test_iso_dates(text, iso):
    assert iso_date(text) == iso


@given(st.datetimes(), st.sampled_from(["%Y-%m-%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y/%m/%d %H:%M:%S"]))
@settings(max_examples=60)
def test_iso_date_round_trips(dt, fmt):
    if not 1900 <= dt.year <= 2099:
        return
    assert iso_date(dt.strftime(fmt)) == dt.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize("features", ["lxml", "html.parser"])
def test_beautifulsoup_input_gives_the_same_as_str(features):
    soup = BeautifulSoup(RICH, features)
    a, b = parse_html(RICH, CFG), parse_html(soup, CFG)
    assert [(x.kind, x.text, x.level, x.flags) for x in a.blocks] == [(x.kind, x.text, x.level, x.flags)
                                                                      for x in b.blocks]
    assert a.meta == b.meta
    assert clean(soup).text == clean(RICH).text


def test_hidden_boxes_are_dropped_but_a_hidden_article_is_kept():
    body = f'<p>{P1}</p><div style="display: none">隐藏的广告文字，不应出现在正文里面。</div><p>{P2}</p>'
    assert body_texts(page(body)) == [P1, P2]
    # Some pages (WeChat) hide the whole article until a script reveals it.
    hidden_article = page(f'<div style="visibility: hidden;"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>')
    assert body_texts(hidden_article) == [P1, P2, P3]


@pytest.mark.parametrize("attr", ["hidden", 'HIDDEN=""', "hidden\n"])
def test_the_hidden_attribute_drops_a_box_and_reports_it(attr):
    # the page also says "hidden" in CSS, which the source screen must not take for the attribute
    css = "<style>.x { overflow: hidden; visibility: hidden }</style>"
    body = f'{css}<p>{P1}</p><div class="x" {attr}>隐藏的广告文字，不应出现在正文里面。</div><p>{P2}</p>'
    doc = parse_html(f"<html><body>{body}</body></html>", CFG)
    assert [b.text for b in doc.blocks if b.kind != "title"] == [P1, P2]
    assert any(f.action == "drop_hidden" and "隐藏的广告文字" in f.text for f in doc.report.fixes)


def test_article_after_its_headline_beats_a_longer_recommended_one():
    other = "".join(f"<p>{p}</p>" for p in (P2, P3, P2 + P3))
    html = f"""<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1><div class="info">2024-05-09</div>
<div class="main"><div class="content"><p>{P1}</p><p>{P4}</p></div></div>
<div class="box"><h2>另一篇文章</h2><div class="box-inner">{other}</div></div></body></html>"""
    assert body_texts(html) == [P1, P4]
    # It is the headline's proximity that decides here: without it the longer text wins.
    no_title_rule = Config(html=replace(CFG.html, title_factor=1.0))
    assert body_texts_with(html, no_title_rule) == [P2, P3, P2 + P3]


def test_teaser_lists_are_not_the_article():
    teasers = "".join(f'<div class="news-item"><p>{p}</p></div>' for p in (P2, P3, P4))
    html = f"""<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>
<div class="text"><p>{P1}</p><p>{P4}</p></div><div class="list">{teasers}</div></body></html>"""
    assert body_texts(html) == [P1, P4]


def test_div_and_br_text_becomes_paragraphs():
    html = page(f"<div>{P1}<br>{P2}<br/><br/>{P3}</div>")
    assert body_texts(html) == [P1, P2, P3]


def test_line_breaks_inside_chinese_text_are_not_spaces():
    html = page(f"<p>记者从市发展改革委获悉，\n  今年以来副中心累计完成投资超过一千亿元，Apple\nWatch 销量很好。</p><p>{P2}</p>")
    assert body_texts(html)[0] == "记者从市发展改革委获悉，今年以来副中心累计完成投资超过一千亿元，Apple Watch 销量很好。"


def test_bold_only_paragraph_is_flagged():
    bs = blocks(page(f"<p><strong>二、下一步安排</strong></p><p>{P1}</p><p>{P2} <b>重点</b></p>"))
    assert [("bold" in b.flags) for b in bs] == [True, False, False]


def test_alt_text_is_a_caption_only_without_a_visible_one():
    html = page(f'<p>{P1}</p><p><img src="a.jpg" alt="城市绿心森林公园全景照片"></p><p>{P2}</p>'
                f'<p><img src="b.jpg" alt="工地现场"></p><p class="pic-text">工地现场</p><p>{P3}</p>')
    got = [(b.kind, b.text) for b in blocks(html)]
    assert got == [(PARAGRAPH, P1), (CAPTION, "城市绿心森林公园全景照片"), (PARAGRAPH, P2), (CAPTION, "工地现场"),
                   (PARAGRAPH, P3)]


def test_replacement_characters_in_the_source_are_a_problem():
    doc = parse_html(page(f"<p>{P1}</p><p>据介绍，城市绿心\ufffd\ufffd公园已接待游客超过两千万人次。</p>"), CFG)
    probs = [p for p in doc.report.problems if p.kind == "replacement_char"]
    assert len(probs) == 1 and probs[0].where == 1 and "2" in probs[0].text
    assert not parse_html(RICH, CFG).report.problems


def test_parse_dispatches_html_and_bytes_input_decodes():
    assert parse(RICH, CFG).is_html
    art = clean(RICH.replace('charset="utf-8"', 'charset="gbk"').encode("gb18030"))
    assert P1 in art.text and art.title == TITLE


SENTENCES = [P1, P2, P3, P4, "今年以来，全市经济运行总体平稳，各项指标稳中有进。", "目前，各项准备工作正在有序推进，预计年底完成。"]


@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
       st.lists(st.sampled_from([NAV, SHARE, RELATED, COMMENTS, SIDEBAR, FOOTER]), max_size=4))
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_article_survives_any_chrome(paras, chrome):
    noise = "".join(chrome)
    html = f"""<html><head><title>{TITLE}</title></head><body>{noise}<h1>{TITLE}</h1>
<div class="content">{''.join(f'<p>{p}</p>' for p in paras)}</div>{noise}</body></html>"""
    assert body_texts(html) == paras


def test_links_inside_a_paragraph_stay_in_it():
    html = page(f'<p>总理<a href="/p/1">李克强</a>2日在法国图卢兹的中法工商峰会上表示，中国经济有能力实现预期目标。</p><p>{P2}</p>'
                f'<p><a href="/more">点击查看更多精彩内容</a></p>')
    assert body_texts(html) == ["总理李克强2日在法国图卢兹的中法工商峰会上表示，中国经济有能力实现预期目标。", P2]


def test_typed_spaces_between_chinese_words_are_kept():
    html = page(f"<p>{P1}</p><p>{P2}</p><p>本文来源：21世纪经济报道 作者：何苗 张梦洁</p>")
    assert body_texts(html)[-1] == "本文来源：21世纪经济报道 作者：何苗 张梦洁"


def test_section_name_in_an_h1_is_not_the_title():
    html = f"""<html><head><title>{TITLE}_新闻中心_某某网</title></head><body>
<div class="logo"><h1>新闻中心</h1></div><h1>{TITLE}</h1><div class="content"><p>{P1}</p><p>{P2}</p></div></body></html>"""
    m = parse_html(html, CFG).meta
    assert (m.title, m.site) == (TITLE, "某某网")


@pytest.mark.parametrize("title_tag, title, site", [
    ("武汉的声音：有英勇的你，才有英雄的城！-新华网", "武汉的声音：有英勇的你，才有英雄的城！", "新华网"),
    ("新冠-19 疫苗研发取得新进展", "新冠-19 疫苗研发取得新进展", None),     # a hyphen inside a headline
    ("某某网 | 北京城市副中心建设取得新进展", "北京城市副中心建设取得新进展", "某某网"),  # site first
])
def test_title_tag_split(title_tag, title, site):
    m = parse_html(f"<html><head><title>{title_tag}</title></head><body><div><p>{P1}</p><p>{P2}</p></div></body>"
                   "</html>", CFG).meta
    assert (m.title, m.site) == (title, site)


def test_editor_line_after_the_article_becomes_metadata():
    html = f"""<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>
<div class="content"><p>{P1}</p><p>{P2}</p></div><div class="edit">（责任编辑：王小二）</div></body></html>"""
    doc = parse_html(html, CFG)
    assert doc.meta.editor == "王小二"
    assert "王小二" not in " ".join(b.text for b in doc.blocks)


def test_deeply_nested_page_keeps_its_text():
    # libxml2 stops at depth 255 unless told otherwise, silently dropping the rest; the walk is not recursive.
    html = (f"<html><head><title>{TITLE}</title></head><body>" + "<div>" * 1500 + f"<p>{P1}</p><p>{P2}</p>"
            + "</div>" * 1500 + "</body></html>")
    assert body_texts(html) == [P1, P2]


def test_html_nested_deeper_than_libxml2_allows_keeps_its_text():
    # libxml2 stops at ~2048 levels even with huge_tree: the wrappers beyond max_depth are dropped instead.
    deep = "<div>" * 10000 + f"<p>{P1}</p><p>{P2}</p>" + "</div>" * 10000
    a = clean(deep)
    assert a.text.split("\n") == [P1, P2]


def test_flatten_deep_drops_only_wrappers_beyond_the_limit():
    from newsclean.parse.html import flatten_deep

    html = "<div>" * 5 + "<span>甲</span><p>乙</p>" + "</div>" * 5
    flat = flatten_deep(html, 3)
    assert flat == "<div>" * 3 + "甲<p>乙</p>" + "</div>" * 3
    assert flatten_deep(html, 10) == html


def test_a_back_to_home_link_closing_a_paragraph_is_dropped_and_reported():
    link = '<a href="http://www.example.com/"><span>返回示例网首页&gt;&gt;</span></a>'
    page = f"<html><body><div class='article'><p>{P1}</p><p>{P2}{link}</p><p>{P3}</p></div></body></html>"
    doc = parse_html(page, CFG)
    assert [b.text for b in doc.blocks] == [P1, P2, P3]
    assert any(f.text == "返回示例网首页>>" and "link ending a paragraph" in f.reason for f in doc.report.fixes)
    # the same words inside a sentence, with text after them, stay
    inline = f"<p>{P4[:10]}<a href='/x'>返回首页</a>{P4[10:]}</p>"
    doc = parse_html(f"<html><body><div class='article'><p>{P1}</p>{inline}<p>{P3}</p></div></body></html>", CFG)
    assert P4[:10] + "返回首页" + P4[10:] in [b.text for b in doc.blocks]


def _norm_text_by_regex(text: str) -> str:
    """The plain definition norm_text implements line by line: whitespace around line breaks collapses to one
    break, a break between two CJK characters goes, every other whitespace run becomes one space."""
    import re

    cjk = "[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
    text = re.sub(r"\s*\n\s*", "\n", text.strip().replace("\r", "\n"))
    text = re.sub(f"(?<={cjk})\n(?={cjk})", "", text)
    return re.sub(r"[^\S\n]+", " ", text).replace("\n", " ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["中", "文", " ", "\n", "\r", "\t", "a", "，", "\u3000", "\xa0", "\u2028", "\x85",
                                 "\r\n", "  \n "]), max_size=16).map("".join))
def test_norm_text_matches_its_regex_definition(text):
    from newsclean.parse.dom import norm_text

    assert norm_text(text) == _norm_text_by_regex(text)
