"""Page layouts the corpus lacks (hand-written pages, a few hundred bytes each): one test per general rule that
was missing, asserting the whole extracted body and the metadata."""
from __future__ import annotations

from newsclean import clean

A1 = "市交通委昨天表示，今年将新建公共自行车站点三百个，方便市民短途出行。"
A2 = "据介绍，新站点主要布设在地铁站、公交枢纽和大型居住区周边，预计年底前全部投入使用。"
COMMENTS = ["说得好！支持。", "早就该这样了，点赞！", "希望能落到实处，别只是说说。", "我们小区门口也有，真方便！",
            "什么时候能推广到郊区？", "楼上说得对，顶一个。", "这个政策好，赞！", "看完很高兴，希望越来越好。"]


def body(a) -> list[str]:
    return a.text.split("\n")


def test_comment_list_without_class_hints_does_not_take_the_page():
    # Many short, punctuation-rich comments (user name, text, time) under a two-paragraph article: their sum
    # outscores the article; a list of records after the article's start leaves the scoring.
    items = "".join(f"<li><span>用户{k}</span><p>{c * 2}</p><em>05-06</em></li>" for k, c in enumerate(COMMENTS * 3))
    html = (f"<html><head><title>新建公共自行车站点三百个</title></head><body><div class='m'><h1>新建公共自行车站点三百个</h1>"
            f"<div>2023-05-06</div><div class='b'><p>{A1}</p><p>{A2}</p></div>"
            f"<div><h4>大家在说</h4><ul>{items}</ul></div></div></body></html>")
    a = clean(html)
    assert body(a) == [A1, A2]
    assert a.title == "新建公共自行车站点三百个"
    assert a.published == "2023-05-06"


def _live_page(entries: list[str], before: str, cls: str) -> str:
    items = "".join(f"<li><span>10:0{k}</span><p>{e}</p></li>" for k, e in enumerate(entries))
    return (f"<html><head><title>直播：站点建设</title></head><body><h1>直播：站点建设</h1>{before}"
            f"<ul class='{cls}'>{items}</ul></body></html>")


def test_live_blog_records_right_under_the_headline_stay():
    # Timestamped entries starting at the headline are the article (no prose before them): kept.
    entries = [f"{A1[:-1]}，第{k}次更新。" for k in range(1, 5)]
    a = clean(_live_page(entries, "", "live"))
    assert [t for t in body(a) if "更新" in t] == entries


def test_timeline_after_an_intro_paragraph_stays():
    # A timeline's short field is a time, not a name: it is the article, even after an intro paragraph.
    entries = [f"{A2[:-1]}，第{k}次更新。" for k in range(1, 6)]
    a = clean(_live_page(entries, f"<div>2023-05-06</div><div class='intro'><p>{A1}</p></div>", "timeline"))
    assert body(a) == [A1] + [t for k, e in enumerate(entries) for t in (f"10:0{k}", e)]


def _page(head: str, top: str, under: str = "", after: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'>{head}</head><body><div class='nav'><a>首页</a><a>新闻</a></div>"
            f"<div class='main'>{top}<div class='text'><p>{A1}</p><p>{A2}</p></div>{under}</div>{after}</body></html>")


def test_date_and_source_printed_above_the_headline_in_separate_boxes():
    html = _page("<title>自行车站点_新闻</title>",
                 "<div class='time'><span><em>2024</em></span> <span>05/09</span> <span>22:27:02</span></div>"
                 "<div>来源：新华网</div><h1>自行车站点</h1>")
    a = clean(html)
    assert (a.title, a.published, a.meta.source) == ("自行车站点", "2024-05-09T22:27:02", "新华网")
    assert body(a) == [A1, A2]


def test_weekday_between_date_and_time():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><div>2023年5月6日 星期六 10:20</div>"))
    assert a.published == "2023-05-06T10:20:00"


def test_date_only_head_value_gets_the_time_of_the_same_day_from_the_info_line():
    a = clean(_page("<title>自行车站点</title><meta name='publishdate' content='2023-05-06'>",
                    "<h1>自行车站点</h1><div>2023年05月06日08:12 | 来源：<a>晨报</a></div>"))
    assert (a.published, a.meta.source) == ("2023-05-06T08:12:00", "晨报")


def test_byline_label_and_name_in_separate_boxes_or_after_a_space():
    a = clean(_page("<title>自行车站点</title>",
                    "<h1>自行车站点</h1><div><time datetime='2023-05-06T10:20:00+08:00'>5月6日</time>"
                    "<span> 作者 <span><a>周建华</a></span></span></div>"))
    assert (a.authors, a.published) == (["周建华"], "2023-05-06T10:20:00+08:00")
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><div>本报记者  王乐文  方  敏</div>"))
    assert a.authors == ["王乐文", "方敏"]


def test_info_line_fields_after_the_name_are_not_names():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><div>作者：陈思远　2023-05-06 10:20　点击数：12</div>"))
    assert (a.authors, a.published) == (["陈思远"], "2023-05-06T10:20:00")
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><div>作者：王海涛　点击数：1024</div>"))
    assert a.authors == ["王海涛"]


def test_photo_credit_under_the_headline_is_not_the_author():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><figure><img src='a.jpg'>"
                    "<figcaption>新站点投入使用。记者 赵明 摄</figcaption></figure>"))
    assert a.authors == []


def test_microdata_person_gives_its_name_not_its_badge():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><div itemprop='author' itemscope>"
                    "<meta itemprop='name' content='马骏'><a>马骏</a><div>城市规划专业 博士</div></div>"))
    assert a.authors == ["马骏"]


def test_labelled_date_under_the_article():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>",
                    under="<div class='t'>发布于 2023-05-06 10:20・IP 属地上海</div>"))
    assert a.published == "2023-05-06T10:20:00"
    assert body(a) == [A1, A2]


def test_no_headline_box_the_lines_above_the_article_give_the_date():
    a = clean(_page("<title>新闻中心</title><meta property='og:title' content='自行车站点'>",
                    "<div class='meta'>2023-05-06 10:20</div>"))
    assert (a.title, a.published) == ("自行车站点", "2023-05-06T10:20:00")
    assert body(a) == [A1, A2]


def test_title_tag_holding_only_the_site_name_gives_way_to_the_h1():
    a = clean(_page("<title>晨报网</title>", "<h1>自行车站点年底投用</h1><div>2023-05-06</div>"))
    assert a.title == "自行车站点年底投用"
    assert body(a) == [A1, A2]


def test_forum_label_before_the_thread_title_is_not_part_of_it():
    a = clean(_page("<title>自行车站点年底投用 - 本地新闻 - 某某论坛</title>",
                    "<h1><a>[社会新闻]</a> <span>自行车站点年底投用</span></h1>"))
    assert a.title == "自行车站点年底投用"


def test_info_box_inside_the_post_wrapper_is_read_and_its_buttons_are_not_authors():
    # A forum post: the date sits in the post's own box, before its text, next to "只看该作者 | 倒序浏览".
    html = (f"<html><head><title>自行车站点 - 论坛</title></head><body><h1>自行车站点</h1>"
            f"<div class='post'><table><tr><td><div>楼主 <em>发表于 2023-5-6 10:20:33</em> | <a>只看该作者</a> | "
            f"<a>倒序浏览</a></div><div class='msg'>{A1}<br>{A2}</div></td></tr></table></div></body></html>")
    a = clean(html)
    assert (a.published, a.authors) == ("2023-05-06T10:20:33", [])
    assert body(a) == [A1, A2]


def test_interview_question_label_is_not_a_byline():
    q = "记者：在这所由国内一家知名大公司捐建的学校里，孩子们过得怎么样？"
    a = clean(_page("<title>自行车站点</title>", f"<h1>自行车站点</h1><div>2023-05-06</div><p>{q}</p>"))
    assert a.authors == []
    assert body(a) == [q, A1, A2]


def test_outlet_named_as_page_author_is_the_outlet_not_a_person():
    a = clean(_page("<title>自行车站点</title><meta property='article:author' content='新京报'>",
                    "<h1>自行车站点</h1><div>2023-05-06 10:20</div>"))
    assert (a.authors, a.outlet) == ([], "新京报")
    a = clean(_page("<title>自行车站点</title><meta name='author' content='张建社'>", "<h1>自行车站点</h1>"))
    assert a.authors == ["张建社"]   # 社 also ends personal names


def test_taiwan_style_bracketed_byline_opening_the_lead():
    lead = "〔記者王小明／台北報導〕"
    html = (f"<html><head><meta charset='utf-8'><title>自行車站點</title></head><body><h1>自行車站點</h1>"
            f"<div class='text'><p>{lead}市交通委昨天表示，今年將新建公共自行車站點三百個。</p>"
            f"<p>據介紹，新站點主要布設在地鐵站、公交樞紐和大型居住區周邊，預計年底前全部投入使用。</p></div></body></html>")
    a = clean(html)
    assert a.authors == ["王小明"]
    assert body(a) == ["市交通委昨天表示，今年将新建公共自行车站点三百个。",
                       "据介绍，新站点主要布设在地铁站、公交枢纽和大型居住区周边，预计年底前全部投入使用。"]


def test_lenticular_bracket_lead_without_a_role_word_stays_text():
    for lead in ("【编者按】", "【独家】"):
        a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(f"<p>{A1}", f"<p>{lead}{A1}"))
        assert (a.authors, body(a)) == ([], [lead + A1, A2])


def test_decorated_end_line_closing_the_article_goes():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(
        f"<p>{A2}</p>", f"<p>{A2}</p><p>—— END ——</p>"))
    assert body(a) == [A1, A2]


def test_author_link_names_the_author_when_nothing_else_does():
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1><p class='meta'><a rel='author' href='/u/9'>吴磊</a>"
                    " · 2023-05-06</p>"))
    assert (a.authors, a.published) == (["吴磊"], "2023-05-06")
    assert body(a) == [A1, A2]


def test_paragraph_with_keyword_links_ending_outside_them_is_prose():
    p = "甘肃首批<a href='/k/1'>十六所偏远山区学校</a>中，有<a href='/k/2'>一千多名困难学生</a>有望获得爱心运动鞋。"
    text = "甘肃首批十六所偏远山区学校中，有一千多名困难学生有望获得爱心运动鞋。"
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(f"<p>{A2}</p>", f"<p>{A2}</p><p>{p}</p>"))
    assert body(a) == [A1, A2, text]
    # a paragraph of links with labels between them is still a link list
    links = "<p>延伸阅读：<a href='/1'>自行车站点年底投用</a>、<a href='/2'>地铁新线开通</a></p>"
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(f"<p>{A2}</p>", f"<p>{A2}</p>{links}"))
    assert body(a) == [A1, A2]


def test_comment_heading_inside_the_article_box_ends_the_article():
    # Comments set as plain paragraphs inside the article's box, under a "精彩评论" heading.
    a3 = "业内人士表示，公共自行车能够有效解决出行最后一公里的问题，还要继续完善配套设施。"
    cm = "".join(f"<p><b>网友{k}：</b>{c}</p>" for k, c in enumerate(COMMENTS[:2]))
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(
        f"<p>{A2}</p>", f"<p>{A2}</p><p>{a3}</p><h4>精彩评论</h4>{cm}"))
    assert body(a) == [A1, A2, a3]


def test_twelve_hour_clock_in_the_info_line():
    for line, iso in (("2023/5/6 下午3:20", "2023-05-06T15:20:00"), ("2023年5月6日 上午10:20", "2023-05-06T10:20:00"),
                      ("2023-05-06 中午12:30", "2023-05-06T12:30:00"), ("2023-05-06 PM 3:05", "2023-05-06T15:05:00")):
        a = clean(_page("<title>自行车站点</title>", f"<h1>自行车站点</h1><div>{line}</div>"))
        assert a.published == iso, line


def test_article_box_dropped_by_its_class_is_walked_when_nothing_else_is_prose():
    # A video page: the article box says "video", comments pull the container up to <body>, where the hint
    # drops the article and the comment items go by theirs: nothing is left. The dropped box holding the
    # sentences is then the article (checked with the record-list rule off, which also catches this page).
    from dataclasses import replace
    from newsclean import Config

    cm = "".join(f"<div class='cmt-item'><div class='u'><a>用户{k}</a><span>{k}小时前</span></div><p>{c}</p>"
                 f"<div class='ops'><a>回复</a></div></div>" for k, c in enumerate(COMMENTS * 2))
    html = (f"<html><head><title>自行车站点_视频</title></head><body><div class='video-main'><h1>自行车站点</h1>"
            f"<div>2023-05-06 10:20</div><div class='player'></div><div class='desc'><p>{A1}</p></div></div>"
            f"<div class='side'><h3>热门视频</h3><ul><li><a>地铁新线开通</a></li></ul></div>{cm}</body></html>")
    cfg = Config()
    for c in (cfg, cfg.replace(html=replace(cfg.html, record_min_items=10 ** 6))):
        a = clean(html, c)
        assert (body(a), a.published) == ([A1], "2023-05-06T10:20:00")


def test_badges_and_buttons_inside_the_h1_are_not_the_title():
    for h1 in ("<span>原创</span>自行车站点年底投用<em>热</em>", "自行车站点年底投用<a class='listen'>听新闻</a>"):
        a = clean(_page("<title>自行车站点年底投用_新闻网</title>", f"<h1>{h1}</h1><div>2023-05-06</div>"))
        assert (a.title, body(a)) == ("自行车站点年底投用", [A1, A2])


def test_info_line_bylines_with_roles_and_latin_names():
    for line, names in (("记者 张三 通讯员 李四", ["张三", "李四"]), ("本报记者 张三 实习生 李四", ["张三", "李四"]),
                        ("作者: Tom Lee", ["Tom Lee"]), ("撰稿：张三", ["张三"]), ("记者：张三 编辑：李四", ["张三"])):
        a = clean(_page("<title>自行车站点</title>", f"<h1>自行车站点</h1><div>{line}</div>"))
        assert a.authors == names, line


def test_folded_rest_of_the_article_in_a_more_content_box_stays():
    # "more" alone names a link box; beside an article word it is the folded rest of the article.
    a3 = "业内人士表示，公共自行车能够有效解决出行最后一公里的问题，还要继续完善配套设施。"
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(
        f"<p>{A2}</p>", f"<div class='more-content'><p>{A2}</p><p>{a3}</p></div>"
                        "<div class='more'><a>查看更多</a></div>"))
    assert body(a) == [A1, A2, a3]
    from newsclean.parse.dom import name_hint
    assert (name_hint("more"), name_hint("more-content"), name_hint("comment-content")) == (-1, 1, -1)


def test_sentence_opening_with_a_comment_word_is_not_a_trailer_heading():
    a3 = "用户留言称，新站点很方便。"
    a = clean(_page("<title>自行车站点</title>", "<h1>自行车站点</h1>").replace(f"<p>{A2}</p>", f"<p>{A2}</p><p>{a3}</p>"))
    assert body(a) == [A1, A2, a3]


def test_a_one_sentence_flash_stays_the_article_beside_dropped_boxes_with_more_sentences():
    # the walk keeps one short sentence (2 marks); the comment and related boxes it drops hold more: a walk that
    # kept any sentence is not replaced by a dropped box (the rescue is for an empty walk only)
    flash = "国家统计局今天发布数据，5月份居民消费价格同比上涨0.3%。"
    html = ("<html><head><title>5月CPI同比上涨0.3%</title></head><body><div><h1>5月CPI同比上涨0.3%</h1>"
            f"<p>{flash}</p><div class='comment-list'><p>说得好！支持。</p><p>早就该这样了，点赞！</p></div>"
            "<div class='related'><p>4月CPI同比上涨0.2%，环比下降0.1%。</p><p>一季度GDP同比增长5.3%。</p></div>"
            "</div></body></html>")
    a = clean(html)
    assert (a.title, body(a)) == ("5月CPI同比上涨0.3%", [flash])
    dropped = " ".join(f.text for f in a.report.fixes if f.step == "parse" and f.after is None)
    assert "说得好！支持。" in dropped and "一季度GDP同比增长5.3%。" in dropped
