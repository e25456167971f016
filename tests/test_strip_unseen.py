"""STRIP on mirror-page styles the first data was not tuned on: other spam trades, other portals' chrome.

Small hand-written pages; each test asserts the whole output (what stays, in order).
"""
from __future__ import annotations

from newsclean.config import Config
from newsclean.model import Block, Document
from newsclean.repeats import remove_repeats
from newsclean.strip import strip
from newsclean.strip.spam import evidence, is_spam
from newsclean.textkey import norm_line

CFG = Config()
SC = CFG.strip

TITLE = "老城区改造启动 首批三个街区明年完工"
BODY = [
    "本市老城区改造工程昨天正式启动，首批涉及三个街区、一千二百余户居民，预计明年底完工。",
    "市住建局负责人介绍，改造将保留街巷原有格局，同步更新供水、排水和燃气管网。",
    "部分居民表示，希望改造期间能妥善安排临时停车和老人出行。",
    "据了解，改造方案已在社区公示两周，共收到意见建议八十余条，大部分已被采纳。",
]


def run(lines: list[str]) -> list[str]:
    doc = Document(blocks=[Block(t, kind="line", index=i) for i, t in enumerate(lines)])
    doc = remove_repeats(strip(doc, CFG), CFG)
    return [b.text for b in doc.blocks]


def spam(line: str) -> bool:
    return bool(is_spam(evidence(norm_line(line), SC), SC))


# --- spam of other trades -----------------------------------------------------------------------------

def test_spam_headers_of_other_trades_go():
    headers = [
        "网贷口子_黑户也能下款_秒批小额贷款_急用钱借款_信用卡套现",
        "男科医院哪家好 治疗阳痿早泄 无痛人流多少钱 白癜风治疗",
        "新开传奇私服|复古传奇发布网|魔域私服|变态sf",
        "刻章办证、代开发票、假学历、代办驾驶证",
    ]
    for h in headers:
        assert run([h, TITLE, *BODY]) == [TITLE, *BODY], h


def test_city_list_repeating_one_service_is_spam():
    # One distinct term only: the repeat across separated pieces is the evidence.
    assert spam("北京代孕|上海代孕|广州代孕|深圳代孕|杭州代孕")
    assert spam("南京私家侦探 成都私家侦探 武汉私家侦探 西安私家侦探")
    # Three repeats are not enough; a weak (news) term repeated is not evidence; a sentence is not stuffing.
    assert not spam("北京代孕|上海代孕|广州代孕")
    assert not spam("北京医院、上海医院、广州医院、深圳医院、杭州医院")
    assert not spam("警方在北京、上海、广州、深圳破获代孕案，代孕中介代孕广告代孕网站均被查处。")


def test_spam_between_paragraphs_goes():
    page = [TITLE, BODY[0], BODY[1], "代办驾驶证-刻章办证-发票代开-办假学历", BODY[2],
            "上海代孕|成都代孕|深圳代孕|天津代孕|广州代孕", BODY[3]]
    assert run(page) == [TITLE, *BODY]


def test_news_sentences_on_the_same_topics_stay():
    lines = [
        "记者调查发现，部分网贷平台以“秒批”“不看征信”为噱头诱导大学生借款。",
        "市卫健委提醒，治疗白癜风、牛皮癣等疾病应到正规医院就诊，警惕虚假医疗广告。",
        "警方捣毁一个制售假证的团伙，查获伪造的驾驶证、毕业证和公章三百余枚。",
        "这款经典网络游戏的私服问题由来已久，版权方多次起诉传奇私服运营者。",
    ]
    assert run([TITLE, *lines]) == [TITLE, *lines]


# --- chrome of other portals ---------------------------------------------------------------------------

def test_public_account_repost_chrome_goes():
    page = ["点击上方蓝字关注我们", TITLE, *BODY, "往期回顾", "· 暴雨过后 这些路段仍需绕行", "· 本周末天气晴好适合出游",
            "写留言", "在看", "点赞", "原文链接：https://example.com/a/1.html"]
    assert run(page) == [TITLE, *BODY]


def test_platform_buttons_and_counters_go():
    page = ["已关注", "1234 人赞同了该文章", TITLE, *BODY, "编辑于 2024-05-06 10:22・IP 属地北京", "赞同 1234",
            "添加评论", "申请转载"]
    assert run(page) == [TITLE, *BODY]
    forum = ["楼主", "只看该作者", "电梯直达", TITLE, *BODY, "回复", "使用道具 举报", "发表回复", "本版积分规则"]
    assert run(forum) == [TITLE, *BODY]


def test_two_level_breadcrumb_goes_with_other_chrome_only():
    assert run(["人民网 >> 时政", "字号", TITLE, *BODY]) == [TITLE, *BODY]
    # Alone between paragraphs it has no support: a weak candidate stays.
    mid = [TITLE, BODY[0], BODY[1], "北京 > 上海", BODY[2], BODY[3]]
    assert run(mid) == mid


def test_badge_and_account_lines_above_the_headline_go():
    assert run(["凤凰网资讯 > 社会 > 正文", "原创", "凤凰网资讯官方账号", TITLE, *BODY]) == [TITLE, *BODY]


def test_unbulleted_headlines_after_a_related_heading_go():
    page = [TITLE, *BODY, "相关文章", "暴雨过后 这些路段仍需绕行通知", "本周末天气晴好适合全家出游", "换一换"]
    assert run(page) == [TITLE, *BODY]
    # After chrome that is not a list heading (an editor line), a following short line is not taken as a headline.
    page = [TITLE, *BODY, "责任编辑：张三", "老城区改造的下一步怎么走"]
    assert run(page) == page


def test_other_wordings_of_font_size_tags_and_subscribe():
    page = ["文字 › 大 中 小", TITLE, *BODY, "标签 城市更新", "订阅每日新闻", "更多国内新闻", "热门"]
    assert run(page) == [TITLE, *BODY]


# --- clean texts of genres the corpus lacks: nothing removed ----------------------------------------

def test_clean_genres_untouched():
    texts = [
        ["专访社区医生：慢性病管理要从日常做起", "问：社区里慢性病患者多吗？",
         "答：多。登记在册的高血压患者有一千四百多人。", "问：患者最常见的误区是什么？",
         "答：很多人觉得血压降下来就可以停药，这是非常危险的。"],
        ["关于举办秋季招聘会的通知", "一、时间：2024年10月19日上午9:00至下午4:00。",
         "二、报名方式：请于10月10日前登录学校就业网报名。", "联系人：赵老师", "电话：0571-88881234"],
        ["一位网友的“分享到朋友圈”引发的讨论",
         "她每次看到好文章都会点击“分享到朋友圈”，却发现家人很少阅读。",
         "有网友说，“点赞”和“在看”已经成了一种社交礼仪。",
         "顾客扫一扫二维码才能点餐，有的还必须先关注公众号。"],
        ["版本更新说明", "新增夜间模式，可在“设置－显示”中开启。", "修复了部分机型上分享到微信时闪退的问题。",
         "如在使用中遇到问题，可通过“我的－意见反馈”提交。"],
    ]
    for t in texts:
        assert run(t) == t


def test_question_headlines_under_a_related_heading_go():
    # Headlines ending in ？ look like sentences; under a related heading, short and without 。, they are the list.
    page = [TITLE, *BODY, "猜你喜欢", "老城区改造，你家在范围内吗？", "暴雨过后 这些路段仍需绕行", "城市更新该听谁的？"]
    assert run(page) == [TITLE, *BODY]
    # A question sentence in the body, with no related heading above it, stays.
    page = [TITLE, BODY[0], "老城区改造，你家在范围内吗？", *BODY[1:]]
    assert run(page) == page


def test_site_name_lines_and_platform_headers_go_beside_other_chrome():
    page = ["美国之音中文网", "分享", "打印", TITLE, *BODY, "百度首页", "换一换"]
    assert run(page) == [TITLE, *BODY]
    page = ["BBC News, 中文", "跳过广告", TITLE, *BODY]
    assert run(page) == [TITLE, *BODY]
    page = ["知乎 首发于 城市观察专栏", "写文章", TITLE, *BODY]
    assert run(page) == [TITLE, *BODY]


def test_app_promotion_goes_beside_chrome_but_not_as_a_sentence():
    page = [TITLE, *BODY, "不用抽 不用抢 现在用APP看新闻 保证天天中奖", "相关新闻"]
    assert run(page) == [TITLE, *BODY]
    sentence = "调查显示，六成老人已习惯用APP看新闻。"
    page = [TITLE, BODY[0], sentence, *BODY[1:]]
    assert run(page) == page


# --- stuffing in a vocabulary the data lacks: shape, position and the page --------------------------

def test_keyword_list_of_unknown_vocabulary_goes_beside_chrome():
    stuffed = "刷单兼职日结_在家兼职赚钱_宝妈兼职_手机兼职打字员"
    assert run([stuffed, "央视网 > 新闻频道 > 国内", TITLE, *BODY]) == [TITLE, *BODY]


def test_keyword_lists_twice_on_a_page_go_anywhere():
    one = "代写论文|论文代发表|职称论文发表|论文降重"
    two = "瘦身胶囊，增高药，快速减肥方法，美白针"
    page = [one, TITLE, BODY[0], BODY[1], two, BODY[2], BODY[3]]
    assert run(page) == [TITLE, *BODY]
    # One list alone between paragraphs, no other stuffing on the page: a list of names stays.
    names = "北京大学、清华大学、复旦大学、浙江大学"
    page = [TITLE, BODY[0], names, *BODY[1:]]
    assert run(page) == page


def test_lines_split_at_slashes_or_spaces_are_not_keyword_lists():
    schedule = "周六/日的下午 周六/日的晚上 周一/二的上午 周三/四的上午"
    byline = "本报记者 黄轶涵/文 黄昕/漫画 实习生 王明"
    one = "代写论文|论文代发表|职称论文发表|论文降重"
    two = "瘦身胶囊，增高药，快速减肥方法，美白针"
    # A stuffed page (two keyword lists go anywhere); the article's own split lines between paragraphs stay.
    page = [one, TITLE, BODY[0], schedule, BODY[1], two, BODY[2], byline, BODY[3]]
    assert run(page) == [TITLE, BODY[0], schedule, BODY[1], BODY[2], byline, BODY[3]]


def test_blog_weibo_and_repost_footers_go():
    page = ["城市观察的微博", "5289粉丝", "+关注", TITLE, *BODY, "转发 12", "收藏(0)", "转载(0)", "评论 (0)",
            "前一篇：", "后一篇：", "以上内容来源于网络，如有侵权请告知删除", "点击下方“阅读原文”查看更多"]
    assert run(page) == [TITLE, *BODY]
