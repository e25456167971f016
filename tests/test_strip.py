"""STRIP stage rules, one test per rule, on small hand-written pages."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.config import Config, StripConfig
from newsclean.model import LIST_ITEM, PARAGRAPH, Block, Document
from newsclean.strip import strip
from newsclean.strip.spam import evidence, is_spam, spam_cut
from newsclean.textkey import norm_line

CFG = Config()
SC = CFG.strip

BODY = [
    "在互联网的浩瀚进程中，有些战争是为了疆土，有些战争是为了生存。",
    "2025年12月10日，阿里巴巴正式官宣，改版上线仅23天的千问App月活跃用户突破3000万。",
    "看似辉煌的数据背后，是一场由集团亲自带队、集结了100多名工程师秘密研发数月的战役。",
    "这种罕见的紧迫感折射出一个事实：阿里正将千问推向决定未来十年命运的战场。",
]


def doc_of(lines, kinds=None) -> Document:
    kinds = kinds or {}
    return Document(blocks=[Block(t, kind=kinds.get(i, "line"), index=i) for i, t in enumerate(lines)])


def kept(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def removed(doc, action=None) -> list[str]:
    return [f.text for f in doc.report.fixes if f.step == "strip" and f.after is None
            and (action is None or f.action == action)]


# --- spam -------------------------------------------------------------------------------------------

def spam(line: str) -> bool:
    return bool(is_spam(evidence(norm_line(line), SC), SC))


def test_keyword_stuffing_in_any_separator_is_spam():
    words = ["国产精品一区二区", "久久综合色婷婷", "亚洲欧美日韩在线播放", "免费高清无码视频", "午夜福利影院"]
    for sep in ["|", ",", "、", " ", "_", "，"]:
        assert spam(sep.join(words)), sep


def test_traditional_spam_is_spam():
    assert spam("國產精品一區二區|久久綜合色婷婷|亞洲歐美日韓在線播放|免費高清無碼視頻")


def test_one_spam_word_in_news_is_not_spam():
    # 性, 成人, 国际 occur in real news; one or two hits never make a line spam.
    for line in ["英国游客性骚扰中国女孩 律师称可能轻罚惹众怒",
                 "成人教育 国际交流",
                 "该视频在网络上流传，亚洲多国媒体跟进报道了此事。",
                 "国际红十字会宣称叙利亚陷内战 适用国际人道法"]:
        assert not spam(line), line


def test_a_sentence_with_spam_words_needs_far_denser_evidence():
    line = "警方在行动中查获大量色情视频、赌博网站和六合彩、时时彩等非法彩票，涉案金额巨大。"
    ev = evidence(norm_line(line), SC)
    assert ev.score >= 2           # the words are there …
    assert not spam(line)          # … but it is a sentence about them


def test_lines_of_links_are_spam():
    assert spam("www.ab12cd.com www.xx9988.cn www.qqq777.net www.vvv666.top")
    assert not spam("详情请见官网 www.example.com 。")


def test_stuffed_run_before_real_text_is_cut_not_the_line():
    line = "深夜大秀直播APP,国产成人精品久久,免费理论电线,一本一道AV无码中文字幕-百度 您好，欢迎进入上海某仪器科技有限公司网站！"
    cut = spam_cut(line, SC)
    assert cut is not None
    s, e = cut
    assert "国产成人精品久久" in line[s:e] and "欢迎进入上海" not in line[s:e]
    doc = strip(doc_of([line] + BODY), CFG)
    assert "欢迎进入上海" in doc.blocks[0].text and "国产" not in doc.blocks[0].text
    assert [f.action for f in doc.report.fixes if f.step == "strip"] == ["cut_spam"]


def test_spam_line_removed_anywhere_and_reported():
    junk = "国产精品一区二区三区|久久综合色婷婷|亚洲欧美日韩在线播放|免费高清无码视频"
    doc = strip(doc_of(BODY[:2] + [junk] + BODY[2:]), CFG)
    assert kept(doc) == BODY
    assert removed(doc, "remove_spam") == [junk]


def test_spam_thresholds_are_config():
    line = "国产精品一区二区三区|久久综合色婷婷|亚洲欧美日韩在线播放"
    assert spam(line)
    strict = StripConfig(min_spam_hits=50)
    assert not is_spam(evidence(norm_line(line), strict), strict)


# --- chrome -----------------------------------------------------------------------------------------

def test_header_chrome_goes_title_stays():
    lines = ["正在閱讀：", "阿里為什么著急打千問這場仗？", "掃一掃下載界面新聞APP"] + BODY
    doc = strip(doc_of(lines), CFG)
    assert kept(doc) == ["阿里為什么著急打千問這場仗？"] + BODY
    assert removed(doc) == ["正在閱讀：", "掃一掃下載界面新聞APP"]


def test_site_is_noted_from_the_app_prompt_by_pattern():
    for name in ["界面新闻", "澎湃新闻", "某某日报"]:
        doc = strip(doc_of([f"扫一扫下载{name}APP"] + BODY), CFG)
        assert doc.meta.site == name


def test_trailer_widgets_go_and_tag_and_reprint_become_meta():
    trailer = ["本文为转载内容，授权事宜请联系原著作权人。", "阿里巴巴", "5.3k", "  • 阿里吴嘉：千问未来会开放三方业务接入",
               "评论", "暂无评论哦，快来评价一下吧！", "下载界面新闻", "微信公众号", "微博"]
    doc = strip(doc_of(BODY + trailer), CFG)
    assert kept(doc) == BODY
    assert doc.meta.tags == ["阿里巴巴"]
    assert doc.meta.reprint is True
    notice = [f for f in doc.report.fixes if f.text.startswith("本文为转载内容")]
    assert notice and notice[0].detail["facts"] == {"reprint": True}


def test_chrome_words_inside_the_body_stay():
    # Same words as widgets, but sentences in the body: not chrome.
    body = BODY[:2] + ["网友在微博上评论说，这次活动让更多人关注到了山区孩子。", "相关阅读材料已经发给了每一位家长。"] + BODY[2:]
    doc = strip(doc_of(body), CFG)
    assert kept(doc) == body


def test_a_lone_weak_line_stays_without_other_chrome():
    # A publisher's own copyright line at the end of a clean article is not enough evidence of page chrome.
    notice = "声明：此文系本网独家原创稿件，版权所有，如需转载请与本网联系。"
    doc = strip(doc_of(BODY + [notice]), CFG)
    assert kept(doc) == BODY + [notice]
    doc = strip(doc_of(BODY + [notice, "分享到：微博 微信", "我要评论"]), CFG)
    assert kept(doc) == BODY


def test_editor_and_source_lines_are_kept_and_noted():
    lines = BODY + ["（责任编辑：张三）"]
    doc = strip(doc_of(lines), CFG)
    assert kept(doc) == lines
    assert doc.meta.editor == "张三"
    note = [f for f in doc.report.fixes if f.action == "note_meta"]
    assert note and note[0].text == "（责任编辑：张三）"


def test_datelines_bylines_and_end_marks_are_never_chrome():
    lines = ["新华社北京7月1日电（记者 王某）", "文|奇点Journal 孟雯"] + BODY + ["（完）", "2012年07月16日 10:22"]
    doc = strip(doc_of(lines), CFG)
    assert kept(doc) == lines


def test_related_list_items_after_a_related_heading_go_in_html_too():
    lines = BODY + ["相关阅读", "一篇别的新闻的标题？", "另一篇新闻的标题！"]
    doc = strip(doc_of(lines, kinds={len(BODY) + 1: LIST_ITEM, len(BODY) + 2: LIST_ITEM}), CFG)
    assert kept(doc) == BODY


def test_bullets_that_end_an_article_stay():
    lines = BODY + ["• 第一，加强监管。", "• 第二，完善制度。"]
    doc = strip(doc_of(lines), CFG)
    assert kept(doc) == lines


def test_menu_rows_go_only_with_other_chrome():
    menu = "首页 关于我们 新闻中心 产品展示 技术文章 成功案例 在线留言 联系我们"
    assert kept(strip(doc_of([menu] + BODY), CFG)) == [menu] + BODY
    assert kept(strip(doc_of([menu, "当前位置：首页 > 新闻"] + BODY), CFG)) == BODY


def test_problems_of_removed_blocks_are_resolved():
    doc = doc_of(["国产精品一区二区三区|久久综合色婷婷|亚洲欧美日韩在线播放"] + BODY)
    doc.report.problem("repair", "lossy_mojibake", "?", where=0)
    doc.report.problem("repair", "lossy_mojibake", "?", where=2)
    doc = strip(doc, CFG)
    assert [p.where for p in doc.report.problems] == [2]
    assert [f.where for f in doc.report.fixes if f.action == "resolve_problem"] == [0]


def test_disabled_strip_changes_nothing():
    lines = ["正在阅读："] + BODY
    doc = strip(doc_of(lines), Config(strip=StripConfig(enabled=False)))
    assert kept(doc) == lines and not doc.report.fixes


def test_html_blocks_are_judged_alike():
    lines = ["分享到：微博 微信", "标题在这里"] + BODY + ["责任编辑：李四", "相关新闻"]
    doc = strip(doc_of(lines, kinds={i: PARAGRAPH for i in range(len(lines))}), CFG)
    assert kept(doc) == ["标题在这里"] + BODY + ["责任编辑：李四"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(BODY + ["评论", "微博", "5.3k", "正在阅读：", "责任编辑：张三", "阿里巴巴",
                                         "国产精品一区二区三区|久久综合色婷婷|亚洲欧美日韩在线播放"]),
                min_size=1, max_size=14))
def test_every_removed_line_is_in_the_report(lines):
    doc = strip(doc_of(lines), CFG)
    out = kept(doc)
    gone = removed(doc)
    assert sorted(out + gone) == sorted(lines)      # nothing lost silently, nothing invented
    assert all(b in out for b in BODY if b in lines)  # body sentences are never removed


def test_a_removed_spam_line_supports_weak_chrome_in_its_zone():
    notice = "本文来自微信公众号“某某”，作者：张三，经授权发布。"
    assert kept(strip(doc_of([notice] + BODY), CFG)) == [notice] + BODY
    spam_line = "国产精品一区二区三区|久久综合色婷婷|亚洲欧美日韩在线播放"
    doc = strip(doc_of([spam_line, notice] + BODY), CFG)
    assert kept(doc) == BODY and doc.meta.reprint is True
