"""Layouts met on a third batch of unseen pages (hand-written, a few hundred bytes each): one test per rule of the
parse stage, on its own output (blocks and metadata), so the later stages cannot hide or fake the result."""
from __future__ import annotations

from newsclean.config import Config
from newsclean.parse.html import parse_html

A1 = "市交通委昨天表示，今年将新建公共自行车站点三百个，方便市民短途出行。"
A2 = "据介绍，新站点主要布设在地铁站、公交枢纽和大型居住区周边，预计年底前全部投入使用。"
A3 = "业内人士认为，公共自行车与地铁、公交衔接，可以有效缓解城市交通拥堵，减少碳排放。"
NAV = "<div class='nav'><a href='/'>首页</a> <a href='/n'>新闻</a> <a href='/s'>社会</a></div>"


def parse(html: str):
    return parse_html(html, Config())


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def test_one_paragraph_per_table_row_takes_every_row():
    # Old portals set each paragraph in its own <tr><td>: the lone cell is not the article, its rows are.
    # The short row between two paragraphs (a subheading) comes too; the date row above and the link rows
    # below do not.
    left = "<td rowspan='9'>" + "".join(f"<div><a href='/c{k}'>栏目{k}</a></div>" for k in range(6)) + "</td>"
    p1, p2, p3 = A1 + A2, A2 + A3, A3 + A1
    rows = (f"<tr><td>{p1}</td></tr><tr><td>二、站点布局</td></tr><tr><td>{p2}</td></tr><tr><td>{p3}</td></tr>"
            "<tr><td>·<a href='/1'>地铁新线今日开通运营</a></td></tr><tr><td>·<a href='/2'>公交线路调整公告发布</a></td></tr>")
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body><table><tr>{left}<td><table>"
            f"<tr><td class='bt'>新建自行车站点三百个</td></tr><tr><td>日期：2023-05-06　作者：韩梅　点击：12</td></tr>"
            f"{rows}</table></td></tr></table></body></html>")
    doc = parse(html)
    assert texts(doc) == [p1, "二、站点布局", p2, p3]
    assert (doc.meta.published, doc.meta.authors) == ("2023-05-06", ["韩梅"])


BODY = [A1, A2, A1 + A2, A2 + A1, A1, A2]


def test_teaser_cards_between_headline_and_body_go():
    # Other articles' cards (a linked headline and a summary each) inside the article box, before the body.
    cards = "".join(f"<div class='it'><a href='/t{k}'>另一篇新闻的标题第{k}条</a><p>{A3[:24]}……</p></div>"
                    for k in range(4))
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
            f"<h1>新建自行车站点三百个</h1><div>2023-05-06</div><div class='box1'>{cards}</div>"
            f"<div class='wrap'>{''.join(f'<p>{t}</p>' for t in BODY)}</div></div></body></html>")
    doc = parse(html)
    assert not any(t.startswith(A3[:24]) for t in texts(doc))
    assert [t for t in texts(doc) if t.startswith(("市", "据"))] == BODY
    assert any(f.reason and f.reason.startswith("a teaser list") for f in doc.report.fixes)


def test_a_list_of_items_holding_sentences_but_no_linked_headlines_stays():
    # Repeated items without a link at their start are the article's own list (a roundup, steps).
    items = "".join(f"<div class='it'><b>第{k}步</b><p>{A3}</p></div>" for k in range(4))
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
            f"<h1>新建自行车站点三百个</h1><p>{A1}</p><div class='steps'>{items}</div><p>{A2}</p></div></body></html>")
    assert texts(parse(html)).count(A3) == 4


def test_preformatted_text_is_split_into_paragraphs_at_its_line_breaks():
    # <pre> and white-space:pre-wrap keep the source's line breaks as the layout: a line ending a sentence or
    # an indented line starts a paragraph; a hard wrap inside a sentence does not.
    wrapped = A2[:20] + "\n" + A2[20:]
    for box in (f"<pre>　　{A1}\n　　{wrapped}\n　　{A3}</pre>",
                f"<div style='white-space: pre-wrap'>{A1}\n\n{wrapped}\n\n{A3}</div>"):
        html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
                f"<h1>新建自行车站点三百个</h1>{box}</div></body></html>")
        assert texts(parse(html)) == [A1, A2, A3], box


def test_keyword_links_with_the_sentence_ending_inside_a_link_stay_prose():
    # More than half of the paragraph is linked and its full stop sits inside a link, but words run on after a
    # link: keyword links in a sentence, not a link list.
    para = f"会上，<a href='/k1'>市交通委与多家企业</a>签署合作协议，<a href='/k2'>共同推进站点建设和运营。</a>"
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
            f"<h1>新建自行车站点三百个</h1><div class='c'><p>{A1}</p><p>{para}</p><p>{A2}</p>"
            f"<p>相关阅读：<a href='/r1'>地铁新线今日开通运营</a>　<a href='/r2'>公交线路调整</a></p></div></div></body></html>")
    assert texts(parse(html)) == [A1, "会上，市交通委与多家企业签署合作协议，共同推进站点建设和运营。", A2]


def test_headline_in_a_font_tag_anchors_the_info_line():
    # No <h1>-<h3> and no *title* box: the short element showing the headline alone is the headline, so the
    # bracketed info line under it gives the date, author and source (names end at a bracket).
    html = ("<html><head><title>新建自行车站点三百个--新闻--某某信息港</title></head><body><table><tr><td>"
            "<div align='center'><font size='5'><b>新建自行车站点三百个</b></font></div>"
            "<div align='center'>【发布时间：2023-05-06 10:20】【作者：钱海】【来源：信息港】</div>"
            f"<p>{A1}</p><p>{A2}</p><p>{A3}</p></td></tr></table></body></html>")
    doc = parse(html)
    assert (doc.meta.published, doc.meta.authors, doc.meta.source) == ("2023-05-06T10:20:00", ["钱海"], "信息港")


def test_author_name_ends_at_an_opening_bracket():
    html = ("<html><head><title>新建自行车站点三百个</title></head><body><h1>新建自行车站点三百个</h1>"
            "<div>作者：黄志刚（某某大学教授） [来源：市政府网] 2023-05-06</div>"
            f"<div class='c'><p>{A1}</p><p>{A2}</p></div></body></html>")
    doc = parse(html)
    assert (doc.meta.authors, doc.meta.source) == (["黄志刚"], "市政府网")


def test_site_name_title_with_a_logo_h1_takes_the_headline_h1():
    # <title> is the site's name alone and a logo <h1> repeats it: the other, longer <h1> is the headline.
    html = ("<html><head><title>某某日报</title></head><body><div class='top'><h1 class='logo'>某某日报</h1></div>"
            f"<div class='main'><h1>新建自行车站点三百个</h1><div class='c'><p>{A1}</p><p>{A2}</p></div></div></body></html>")
    doc = parse(html)
    assert doc.meta.title == "新建自行车站点三百个"
    assert texts(doc) == [A1, A2]


def test_page_count_and_copyright_lines_are_chrome():
    html = ("<html><head><title>新建自行车站点三百个</title></head><body><h1>新建自行车站点三百个</h1>"
            f"<div class='c'><p>{A1}</p><p>{A2}</p><div>共3页：上一页 <b>1</b> <a>2</a> <a>3</a></div>"
            "<p>Copyright © 2023 某某网</p><p>© 2023 某某网</p></div></body></html>")
    assert texts(parse(html)) == [A1, A2]


def test_picture_items_each_with_one_caption_are_walked_together():
    # <dl><dt><img><dd>caption</dd></dl> per picture: the lone caption cell is not the article, its items are.
    caps = [A1, A2, A3, A1[:20] + "。"]
    items = "".join(f"<dl class='ph'><dt><img src='/p/{k}.jpg' width='600'></dt><dd>{c}</dd></dl>" for k, c in enumerate(caps))
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
            f"<h1>新建自行车站点三百个</h1><div class='photos'>{items}</div></div></body></html>")
    assert texts(parse(html)) == caps


def test_next_article_box_under_the_article_ends_it():
    # "下一篇" once most of the article is behind: the next article's headline and preview are not this one.
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
            f"<h1>新建自行车站点三百个</h1><div class='c'><p>{A1}</p><p>{A2}</p></div>"
            f"<div class='c'><div>下一篇</div><h2>地铁新线今日开通运营</h2><p>{A3}</p></div></div></body></html>")
    assert texts(parse(html)) == [A1, A2]


SIDE = [A3 + A1, A2 + A3, A1 + A3, A3 + A2, A2 + A1]


def test_prose_side_column_beside_the_headline_column_stays_out():
    # The headline's column holds the article (paragraphs under the headline); the other column holds more
    # prose (notices) and, with it, would take the common wrapper: the article is chosen inside its column.
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='w'><div class='l'>"
            f"<h1>新建自行车站点三百个</h1><div>2023-05-06</div><div class='c'><p>{A1}</p><p>{A2}</p><p>{A1}{A2}</p></div></div>"
            f"<div class='r'><h3>网站公告</h3>{''.join(f'<p>{t}</p>' for t in SIDE)}</div></div></body></html>")
    assert texts(parse(html)) == [A1, A2, A1 + A2]


def test_a_header_box_with_a_short_lead_keeps_the_body_beside_it():
    # The headline's box holds a one-paragraph lead: a header, not a column; the body next to it is the article.
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='art'><div class='hd'>"
            f"<h1>新建自行车站点三百个</h1><p>{A3}</p></div><div class='bd'>{''.join(f'<p>{t}</p>' for t in SIDE)}</div>"
            f"</div></body></html>")
    assert texts(parse(html))[-len(SIDE):] == SIDE


def test_a_table_cell_does_not_take_the_cell_beside_it():
    # Cells of one row are columns: a right-hand cell of notices does not join the article's cell.
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body><table><tr><td width='700'>"
            f"<h2>新建自行车站点三百个</h2>{''.join(f'<p>{t}</p>' for t in SIDE)}</td>"
            f"<td width='280'><b>通知公告</b><br>{'<br>'.join(SIDE[:4])}</td></tr></table></body></html>")
    assert texts(parse(html)) == SIDE


def test_a_poll_box_inside_the_article_goes():
    poll = "<div class='vote'><p>你怎么看？</p><label>支持</label><label>反对</label><a>投票</a></div>"
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body><h1>新建自行车站点三百个</h1>"
            f"<div class='c'><p>{A1}</p><p>{A2}</p>{poll}</div></body></html>")
    assert texts(parse(html)) == [A1, A2]


def test_an_info_line_of_labels_before_the_body_is_no_lead():
    # Four labels with colons are not sentences: the box before the body joins it only when it is prose.
    info = "<div class='info'>[作者：唐宁] [来源：市政府网] [时间：2023-05-06 10:20] [点击：321]</div>"
    lead = f"<div class='lead'>{A3}</div>"
    for box, first in ((info, A1), (lead, A3)):
        html = (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='main'>"
                f"<h1>新建自行车站点三百个</h1>{box}<div class='article-content'>{''.join(f'<p>{t}</p>' for t in BODY)}"
                "</div></div></body></html>")
        doc = parse(html)
        assert texts(doc)[0] == first
        assert (doc.meta.published, doc.meta.authors) == ("2023-05-06T10:20:00", ["唐宁"]) or box is lead


def test_a_title_box_holding_the_date_line_gives_the_date():
    # The headline is found as a *title* box that also holds the date (and a headline with a year in it):
    # the box's own lines are read, the headline's year is not the date.
    html = ("<html><head><title>2019年全球经济增长率降至2.3%_财经</title></head><body>"
            "<div class='page_title'><h4>2019年全球经济增长率降至2.3%</h4><div><span>时间：2023-05-06</span>"
            f"<span>作者：网络整理</span></div></div><div class='c'><p>{A1}</p><p>{A2}</p></div></body></html>")
    doc = parse(html)
    assert (doc.meta.published, doc.meta.authors) == ("2023-05-06", [])


def test_the_headline_box_before_the_body_is_no_lead():
    # The box right before the body holds the headline (with a number, a user name, a date): never a lead.
    html = ("<html><head><title>离职后，微软卧底成弃儿？_财经</title></head><body><div class='w'><div class='details'>"
            "<span>No.550</span><h2>离职后，微软卧底成弃儿？</h2><span>用户甲</span><span>2015-06-19 11:20:11</span>"
            "<span>0人参与评论</span></div>"
            f"<div class='entext'>{''.join(f'<p>{t}</p>' for t in BODY)}</div></div></body></html>")
    doc = parse(html)
    assert texts(doc) == BODY
    assert doc.meta.published == "2015-06-19T11:20:11"


def _live(label: str) -> str:
    items = "".join(f"<div class='live-item'><span class='t'>{label.format(k)}</span><div class='c'>{t}</div></div>"
                    for k, t in enumerate(SIDE))
    return (f"<html><head><title>新建自行车站点三百个</title></head><body>{NAV}<div class='live'>"
            f"<h1>新建自行车站点三百个</h1><div>2023-05-06</div><div class='list'>{items}</div></div></body></html>")


def test_live_entries_beside_their_times_are_walked_together():
    # Each entry is the only prose in its item, beside a time: the items are weighed, not the longest entry.
    assert texts(parse(_live("1{}:00"))) == [t for k, s in enumerate(SIDE) for t in (f"1{k}:00", s)]


def test_items_whose_other_field_names_someone_are_records_not_lifted():
    # A name or a counter beside the text ("用户1 赞同") makes each item a record (answers, comments): the
    # longest text alone stays the container, as before, and no name line enters the body.
    assert not any(t.startswith("用户") for t in texts(parse(_live("用户{} 赞同"))))


def test_an_aside_beside_the_article_never_joins_it():
    # <main><article>…</article><aside>more prose</aside></main>: the headline's column is the <article>; the
    # <aside> scores like a sibling part but is, by its tag, not the article.
    html = (f"<html><head><title>新建自行车站点三百个</title></head><body><main><article><h1>新建自行车站点三百个</h1>"
            f"<p>2023-05-06</p><p>{A1}</p><p>{A2}</p><p>{A3}</p><p>{A1}{A2}</p></article><aside><h2>编辑推荐</h2>"
            f"{''.join(f'<p>{t}</p>' for t in SIDE)}</aside></main></body></html>")
    assert [t for t in texts(parse(html)) if len(t) > 20] == [A1, A2, A3, A1 + A2]
