"""STRIP on a third set of page forms: decorated and bracketed prompts, English and pinyin keyword stuffing,
city lists of local trades, serial-reader and Weibo furniture, English widgets.

Small hand-written pages; each test asserts the whole output (what stays, in order).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.model import Block, Document
from newsclean.strip import strip
from newsclean.strip.chrome import match_line, match_phrase, unwrap
from newsclean.strip.spam import LATIN, evidence, is_spam, vocabulary
from newsclean.textkey import norm_line

from test_strip_unseen import BODY, CFG, SC, TITLE, run


def spam(line: str) -> bool:
    norm = norm_line(line)
    # an all-ASCII line is weighed against the table with the Latin-scope (English, pinyin) words, as strip does
    vocab = vocabulary(SC.spam_vocabulary + LATIN) if norm.isascii() else None
    return bool(is_spam(evidence(norm, SC, vocab=vocab), SC))


def test_latin_words_stay_out_of_the_chinese_table():
    assert "chengrendianying" not in vocabulary(SC.spam_vocabulary).terms
    assert "chengrendianying" in vocabulary(SC.spam_vocabulary + LATIN).terms
    # a Chinese line holding such a word is weighed as before (its Chinese screen never sees it)
    assert not spam("新闻里提到chengrendianying这个拼音，并非垃圾信息，只是举例说明。")


# --- decorated and bracketed widgets ------------------------------------------------------------------

def test_bracketed_app_prompt_between_paragraphs_goes():
    page = [TITLE, BODY[0], BODY[1], "（打开APP阅读更多）", BODY[2], BODY[3]]
    assert run(page) == [TITLE, *BODY]


def test_decorated_prompts_at_the_ends_go():
    page = ["↓↓↓点击关注，每天获取最新资讯↓↓↓", TITLE, *BODY, "【打开APP，查看更多精彩内容】",
            "↓↓↓扫码下载APP↓↓↓", "▼点击下方名片关注我们▼"]
    assert run(page) == [TITLE, *BODY]


def test_a_strong_row_inside_the_brackets_beats_a_loose_weak_row_outside():
    # '(打开app阅读更多)' as a whole fits the weak mid-line app-promotion row; its words fit a strong one.
    c = match_line(norm_line("（打开APP阅读更多）"), SC)
    assert c is not None and c.strength == "strong"
    assert match_phrase(norm_line("（打开APP阅读更多）"), SC).strength == "weak"   # the rows alone, whole line
    c = match_phrase(norm_line("扫码下载APP"), SC)
    assert c is not None and c.strength == "strong"   # a QR prompt, not a bare app name


def test_only_wrapped_or_ascii_lines_are_asked_twice():
    # strip asks match_line only where may_differ says it could answer otherwise than match_phrase
    from newsclean.strip.chrome import may_differ
    for line in ["（打开APP阅读更多）", "↓↓↓扫码下载APP↓↓↓", "Read more"]:
        norm = norm_line(line)
        assert may_differ(norm, match_phrase(norm, SC)), line
    for line in BODY + ["扫码下载"]:
        norm = norm_line(line)
        assert not may_differ(norm, match_phrase(norm, SC)), line
        assert match_line(norm, SC) == match_phrase(norm, SC)


def test_bracketed_column_names_are_not_unwrapped():
    assert unwrap(norm_line("【评论】"), SC.min_unwrapped_chars) is None
    assert unwrap(norm_line("（完）"), SC.min_unwrapped_chars) is None
    assert unwrap(norm_line("打开APP阅读更多"), SC.min_unwrapped_chars) is None   # nothing to unwrap
    page = [TITLE, "【关注】", BODY[0], BODY[1], "【评论】", BODY[2], BODY[3]]
    assert run(page) == page


# --- keyword stuffing in other scripts and trades -------------------------------------------------------

def test_english_keyword_stuffing_goes():
    assert spam("free porn videos | xxx hd movies | live sex cams | online casino bonus | nude webcam chat")
    assert run(["hot asian girls | adult dating site | best slots online | sexy teen videos", TITLE, *BODY]) == [TITLE, *BODY]


def test_pinyin_keyword_stuffing_goes():
    # stuffers write the vocabulary's keywords in pinyin to pass Chinese filters
    assert spam("chengrendianying,seqingxiaoshuo,huangsewangzhan,baijiale,liuhecai")
    assert run(["seqingxiaoshuo|chengrendianying|liuhecai|baijiale|huangsewangzhan", TITLE, *BODY]) == [TITLE, *BODY]


def test_city_list_of_local_trades_goes_but_news_about_them_stays():
    line = "杭州开锁公司、天津驾校报名、上海搬家公司、长沙管道疏通、成都空调维修、苏州保洁公司"
    assert run([TITLE, line, *BODY]) == [TITLE, *BODY]
    # the trades are legitimate businesses: news naming them is prose, and a list without places is no city list
    for t in ["市场监管部门对搬家公司、开锁公司、管道疏通和家电维修等行业开展专项整治。", "搬家公司、保洁公司、装修公司、开锁公司、货运物流"]:
        news = [TITLE, BODY[0], t, *BODY[1:]]
        assert run(news) == news, t


def test_pinyin_written_syllable_by_syllable_goes():
    page = ["ChengRen DianYing | WuMa ZaiXian | SeQing XiaoShuo | HuangSe WangZhan", TITLE, *BODY]
    assert run(page) == [TITLE, *BODY]
    # an English sentence joined up holds no whole pinyin term: it stays
    line = "The city council met on Monday to discuss new rules for street vendors"
    assert run([TITLE, BODY[0], line, *BODY[1:]]) == [TITLE, BODY[0], line, *BODY[1:]]


def test_reader_and_post_counters_in_other_forms_go():
    novel = ["作者：青山远 | 更新时间：2024-03-05 | 字数：3021", *NOVEL, "本章完", "推荐票 月票 打赏",
             "请记住本书首发域名：example.com"]
    assert run(novel) == NOVEL
    post = "【老城区改造启动】" + BODY[0]
    assert run([post, "收藏", "转发 1.2万", "评论 3456", "赞 2.1万"]) == [post]
    assert run([TITLE, *BODY, "- END -", "喜欢本文请点“在看”", "▼往期精彩回顾▼"]) == [TITLE, *BODY]


def test_city_lists_in_any_trade_go():
    # place + trade, whatever the trade: the place names (data) are the evidence, not the trade's vocabulary
    for line in ["贵阳代驾 太原代驾 南昌代驾 昆明代驾 福州代驾 合肥代驾",
                 "贵阳治疗痛风医院，南宁治疗痛风医院，大连治疗痛风医院，厦门治疗痛风医院，合肥治疗痛风医院"]:
        assert run([TITLE, line, *BODY]) == [TITLE, *BODY], line
        assert run([TITLE, BODY[0], BODY[1], line, BODY[2], BODY[3]]) == [TITLE, *BODY], line


def test_lists_of_places_alone_or_of_institutions_stay():
    for line in ["北京 上海 广州 深圳 杭州", "北京市 上海市 天津市 重庆市 河北省",
                 "北京大学 清华大学 复旦大学 浙江大学 南京大学", "北京代驾|上海代驾|广州代驾|深圳代驾"]:
        page = [TITLE, BODY[0], BODY[1], line, BODY[2], BODY[3]]
        assert run(page) == page, line


def test_a_bracketed_original_title_is_noted_with_its_own_punctuation():
    lines = [TITLE, "（原标题：“中国诺贝尔奖”揭晓！谁是首位获奖女科学家？）", *BODY]
    doc = strip(Document(blocks=[Block(t, kind="line", index=i) for i, t in enumerate(lines)]), CFG)
    assert [b.text for b in doc.blocks] == lines   # a lone weak line: kept, its fact noted
    assert doc.meta.original_title == "“中国诺贝尔奖”揭晓！谁是首位获奖女科学家？"


def test_english_words_in_news_are_not_spam():
    for line in ["该公司旗下的Dating App用户数突破一千万，Bonus积分可兑换礼品。",
                 "Poker Face 是一首流行歌曲 | Lottery 是彩票 | Girls Generation 是组合"]:
        assert not spam(line), line


# --- platform furniture: serial readers, Weibo, English portal widgets -------------------------------------

NOVEL = ["第十二章 雨夜来客",
         "雨下了整整一夜，镇上的石板路被冲刷得发亮。老周披着蓑衣站在门口，望着远处的山路出神。",
         "“这么晚了，谁还会来？”妻子在屋里问了一句。",
         "老周没有回答。他看见山路尽头有一点灯火，正一晃一晃地朝这边移动。",
         "“大叔，能借个地方避避雨吗？”"]


def test_serial_reader_furniture_goes_and_the_chapter_stays():
    page = ["章节报错", "上一章 目录 下一章", *NOVEL, "本章未完，点击下一页继续阅读", "上一章 目录 下一章", "加入书签",
            "→点此关注←"]
    assert run(page) == NOVEL
    assert run(NOVEL) == NOVEL


def test_weibo_post_furniture_goes():
    post = "【老城区改造启动】" + BODY[0]
    page = ["微博正文", "2分钟前 来自 iPhone客户端", post, "转发 12", "评论 3", "赞 45", "收起全文"]
    assert run(page) == [post]
    assert run(["发布于 2小时前", post, "来自微博 weibo.com", "转发(23)"]) == [post]


def test_english_widgets_go():
    page = ["Skip to main content", TITLE, *BODY, "Share this article", "Read more", "Advertisement",
            "You may also like", "Related Topics", "More on this story", "Print this page", "Follow us on Facebook"]
    assert run(page) == [TITLE, *BODY]


# --- idempotence ---------------------------------------------------------------------------------------

_CHROME = ["（打开APP阅读更多）", "↓↓↓扫码下载APP↓↓↓", "点击关注", "Read more", "上一章 目录 下一章",
           "free porn videos | xxx hd movies | live sex cams | online casino bonus",
           "杭州开锁公司、天津驾校报名、上海搬家公司、长沙管道疏通、成都空调维修", "【评论】", "（完）"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(BODY + _CHROME + [TITLE] + NOVEL), min_size=1, max_size=12))
def test_strip_is_idempotent(lines):
    def strip_only(ls):
        doc = Document(blocks=[Block(t, kind="line", index=i) for i, t in enumerate(ls)])
        return [b.text for b in strip(doc, CFG).blocks]

    once = strip_only(lines)
    assert strip_only(once) == once
    # and it only ever removes whole lines, in order (nothing here is cut)
    it = iter(lines)
    assert all(any(x == y for y in it) for x in once)
