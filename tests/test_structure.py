"""The structure stage: title, subtitle, byline/dateline, headings and nesting, captions, the report."""
from __future__ import annotations

import re

import pytest

from newsclean import Config, to_simplified
from newsclean.model import CAPTION, HEADING, PARAGRAPH, Block, Document, Meta
from newsclean.structure import plan_document, structure

CFG = Config()
BODY = "这是一段完整的正文内容，用来把标题和小标题隔开，长度足够像一段真正的新闻正文。"


def doc_of(lines, *, html=False, meta=None) -> Document:
    """Blocks from (text) or (text, kind, level, flags) tuples."""
    blocks = []
    for i, x in enumerate(lines):
        if isinstance(x, str):
            x = (x,)
        text, kind, level, flags = (list(x) + [None, 0, set()][len(x) - 1:])[:4]
        blocks.append(Block(text=text, kind=kind or ("line" if not html else PARAGRAPH), index=i,
                            level=level or 0, flags=set(flags or ())))
    return Document(blocks=blocks, is_html=html, meta=meta or Meta())


def run(lines, **kw):
    return structure(doc_of(lines, **kw), CFG)


def headings(article):
    return [(s.heading, s.level) for s in article.sections if s.heading]


def kinds(article):
    return {b.text: b.kind for b in article.paragraphs}


# --- the sample page (issue 2), blocks as strip/repeats will hand them over -------------------------

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def _fullwidth(t: str) -> str:
    table = {",": "，", "?": "？", ":": "：", "!": "！", ";": "；"}
    return re.sub(r"(?<=[\u4e00-\u9fff”」])[,?:!;]|[,?:!;](?=[\u4e00-\u9fff“「])", lambda m: table[m.group(0)], t)


@pytest.fixture(scope="module")
def sample_article(sample_text):
    lines = [ln.strip() for ln in sample_text.splitlines() if ln.strip()]
    start = lines.index("阿里為什么著急打千問這場仗?", 4)  # the title after the app prompt
    end = next(i for i, ln in enumerate(lines) if ln.startswith("這場戰(zhàn)爭沒有終點"))
    body = [_fullwidth(to_simplified(_PINYIN.sub("", ln))) for ln in lines[start: end + 1]]
    return structure(doc_of(body), CFG)


def test_sample_title_subtitle_byline(sample_article):
    a = sample_article
    assert a.title == "阿里为什么着急打千问这场仗？"
    assert a.subtitle == "“入口战”，阿里有过教训。"
    assert a.authors == ["孟雯"]
    assert a.outlet == "奇点Journal"


def test_sample_sections_and_paragraphs(sample_article):
    a = sample_article
    assert [s.heading for s in a.sections] == [
        None, "一场不容有失的“入口保卫战”", "收缩战线，把子弹留给「超级入口」",
        "终极赌注：用C端入口驱动TO B飞轮", "一场定义未来十年的“无限战争”"]
    assert sum(b.kind == PARAGRAPH for b in a.paragraphs) == 56


def test_sample_captions(sample_article):
    caps = [b.text for b in sample_article.paragraphs if b.kind == CAPTION]
    assert len(caps) == 3
    assert caps[0] == "林俊旸"
    assert caps[1].startswith("Hugging Face监测数据显示")
    assert caps[2].startswith("仅2025年上半年")


def test_sample_byline_moved_with_report(sample_article):
    fixes = [f for f in sample_article.report.fixes if f.step == "structure" and f.action == "byline"]
    assert [f.text.replace("\xa0", " ") for f in fixes] == ["文|奇点Journal 孟雯"]  # the page has an NBSP
    assert fixes[0].detail == {"authors": ["孟雯"], "outlet": "奇点Journal"}
    assert "文|奇点Journal" not in sample_article.text


# --- headings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    "一、加大汽车消费支持力度", "（一）扩大回收网点覆盖", "1. 市场表现", "2、政策解读", "第三部分 未来展望",
    "【写在最后】", "01 减肥有多难", "①数据来源说明",
])
def test_numbered_heading_styles(heading):
    a = run(["标题在这里", BODY, heading, BODY])
    assert headings(a) == [(heading, 1)]


def test_plain_short_line_between_paragraphs_is_heading():
    a = run(["标题在这里", BODY, "终极赌注：用C端入口驱动TO B飞轮", BODY, "收缩战线，把子弹留给「超级入口」", BODY])
    assert [h for h, _ in headings(a)] == ["终极赌注：用C端入口驱动TO B飞轮", "收缩战线，把子弹留给「超级入口」"]


def test_short_line_ending_a_sentence_is_not_heading():
    a = run(["标题在这里", BODY, "这是一句话。", BODY])
    assert headings(a) == []


def test_nested_numbering_gives_nested_sections():
    a = run(["标题在这里", BODY, "一、总体要求", BODY, "（一）基本原则", BODY, "（二）主要目标", BODY,
             "二、重点任务", BODY, "（一）扩大内需", BODY])
    assert headings(a) == [("一、总体要求", 1), ("（一）基本原则", 2), ("（二）主要目标", 2),
                           ("二、重点任务", 1), ("（一）扩大内需", 2)]
    tree = a.outline()
    assert [s.heading for s in tree if s.heading] == ["一、总体要求", "二、重点任务"]
    first = next(s for s in tree if s.heading == "一、总体要求")
    assert [s.heading for s in first.sections] == ["（一）基本原则", "（二）主要目标"]
    assert first.to_dict()["sections"][0]["heading"] == "（一）基本原则"


def test_html_heading_tags_levels_and_bold():
    a = run([("标题", "title"), ("引言段落。" + BODY,), ("哪些人需要优先接种", HEADING, 2), (BODY,),
             ("接种前要注意什么", HEADING, 3), (BODY,), ("出现症状怎么办", PARAGRAPH, 0, {"bold"}), (BODY,)],
            html=True)
    assert headings(a) == [("哪些人需要优先接种", 1), ("接种前要注意什么", 2), ("出现症状怎么办", 1)]


def test_list_of_short_lines_is_not_headings():
    table = ["城市", "收费", "青岛", "无", "南昌", "无", "深圳", "２元"]
    a = run(["标题在这里", BODY, *table, BODY])
    assert headings(a) == []
    assert all(kinds(a)[t] == PARAGRAPH for t in table)


def test_lines_announced_by_colon_are_not_headings():
    a = run(["标题在这里", "捐赠者名单如下：", "张迪忠、李强分别认捐五百双运动鞋", "陈飞宇夫妇认捐一百双运动鞋", BODY])
    assert headings(a) == []


def test_question_heading():
    a = run(["标题在这里", BODY, "城市怎样平等对待农民工？", BODY])
    assert headings(a) == [("城市怎样平等对待农民工？", 1)]


def test_multi_line_heading_is_one_section():
    a = run(["标题在这里", BODY, "男孩家长特地登门感谢", "小学四年级女生救５岁男孩", BODY])
    assert headings(a) == [("男孩家长特地登门感谢 小学四年级女生救５岁男孩", 1)]


# --- captions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("caption", [
    "图为会议现场", "▲资料图", "中新社发 王辛莉 摄", "（图／路透社）", "图片来源：视觉中国",
    "获救者贾志强（左二）代表获救者向施救的农民工鞠躬致谢", "◎ 图：@人民日报微博截图",
])
def test_caption_patterns(caption):
    a = run(["标题在这里", BODY, caption, BODY])
    assert kinds(a)[caption] == CAPTION
    assert headings(a) == []


def test_lone_name_mentioned_nearby_is_caption():
    a = run(["标题在这里", "今年4月，通义实验室核心成员林俊旸出任千问产品负责人，这是一次重要任命。", "林俊旸", BODY])
    assert kinds(a)["林俊旸"] == CAPTION


def test_caption_like_sentence_without_final_punctuation():
    line = "仅2025年上半年，中国公有云大模型调用量就实现近400%的增长"
    a = run(["标题在这里", BODY, line, BODY])
    assert kinds(a)[line] == CAPTION


def test_after_image_flag_makes_caption_not_heading():
    a = run([("标题", "title"), (BODY,), ("灰鹤在芦苇丛边休息", PARAGRAPH, 0, {"after_image"}), (BODY,)], html=True)
    assert kinds(a)["灰鹤在芦苇丛边休息"] == CAPTION
    assert headings(a) == []


def test_caption_is_reported_not_removed():
    a = run(["标题在这里", BODY, "图为会议现场", BODY])
    fix = next(f for f in a.report.fixes if f.action == "caption")
    assert fix.after == fix.text == "图为会议现场"


# --- byline, dateline, lead, trailer ---------------------------------------------------------------

@pytest.mark.parametrize("line, authors, outlet", [
    ("文|奇点Journal 孟雯", ["孟雯"], "奇点Journal"),
    ("作者：张三", ["张三"], None),
    ("记者 王小明 李四", ["王小明", "李四"], None),
    ("通讯员 赵六", ["赵六"], None),
    ("本报记者 黄轶涵／文 黄昕／漫画", ["黄轶涵"], None),
    ("（记者 张三 通讯员 李四）", ["张三", "李四"], None),
    ("新华社记者邹多为、唐诗凝、丁乐", ["邹多为", "唐诗凝", "丁乐"], "新华社"),
])
def test_byline_lines(line, authors, outlet):
    a = run(["标题在这里", line, BODY, BODY])
    assert a.authors == authors
    assert a.outlet == outlet
    assert line not in a.text
    assert any(f.action == "byline" and f.text == line for f in a.report.fixes)


def test_byline_like_sentence_stays_in_body():
    line = "记者从相关部门获悉，地铁一号线将于年底通车。"
    a = run(["标题在这里", line, BODY])
    assert a.authors == []
    assert line in a.text


@pytest.mark.parametrize("lead, rest, outlet, place, authors, published", [
    ("新华社北京2025年12月10日电（记者 张三、李四）", "今天，会议召开。", "新华社", "北京", ["张三", "李四"], "2025-12-10"),
    ("中新网杭州６月１９日电　", "今天，会议召开。", "中新网", "杭州", [], None),
    ("本报讯（记者 张三 通讯员 李四）", "昨天，会议召开。", None, None, ["张三", "李四"], None),
])
def test_dateline_leads(lead, rest, outlet, place, authors, published):
    a = run(["标题在这里", lead + rest + BODY, BODY])
    assert a.outlet == outlet
    assert a.meta.dateline == place
    assert a.authors == authors
    assert a.published == published
    assert a.paragraphs[0].text == rest + BODY
    fix = next(f for f in a.report.fixes if f.action == "dateline")
    assert fix.text == lead + rest + BODY and fix.after == rest + BODY


def test_dateline_year_from_context():
    a = run(["标题在这里", "2025年12月10日 08:30", "新华社北京12月10日电 今天，会议召开。" + BODY, BODY])
    assert a.published == "2025-12-10T08:30"
    assert a.meta.dateline == "北京"


def test_trailer_source_editor_original_title_end_mark():
    a = run(["标题在这里", BODY, BODY + "（完）", "来源：新华网", "原标题：阿里为什么着急", "责任编辑：王五"])
    assert a.meta.source == "新华网"
    assert a.meta.original_title == "阿里为什么着急"
    assert a.meta.editor == "王五"
    assert a.paragraphs[-1].text == BODY
    assert "责任编辑" not in a.text and "（完）" not in a.text
    actions = {f.action for f in a.report.fixes if f.step == "structure"}
    assert {"byline", "end_mark"} <= actions


def test_print_source_and_bracketed_editor():
    a = run(["标题在这里", BODY, "《人民日报》（2024年05月10日 04版）", "【责任编辑：刘峻凌】"])
    assert a.meta.source == "人民日报"
    assert a.published == "2024-05-10"
    assert a.meta.editor == "刘峻凌"


def test_nothing_lost_every_removed_line_is_in_the_report(sample_article):
    removed = {f.text for f in sample_article.report.fixes if f.step == "structure" and f.after is None}
    removed = {t.replace("\xa0", " ") for t in removed}
    assert {"阿里为什么着急打千问这场仗？", "“入口战”，阿里有过教训。", "文|奇点Journal 孟雯"} <= removed


def test_known_title_is_not_duplicated():
    a = run(["冬季流感防治指南", BODY, BODY], meta=Meta(title="冬季流感防治指南"))
    assert a.title == "冬季流感防治指南"
    assert "冬季流感防治指南" not in a.text


def test_json_contract_keys(sample_article):
    d = sample_article.to_dict()
    for k in ("title", "subtitle", "authors", "outlet", "site", "published", "tags", "reprint", "sections",
              "text", "problems", "report"):
        assert k in d
    sec = d["sections"][1]
    assert set(sec) >= {"heading", "blocks"}
    assert {b["kind"] for s in d["sections"] for b in s["blocks"]} <= {"paragraph", "caption", "list_item", "quote"}


def test_plan_roles_cover_every_block(sample_article):
    doc = doc_of(["标题在这里", "作者：张三", BODY, "一、小标题", BODY])
    plan = plan_document(doc, CFG.structure)
    assert plan.roles == ["title", "meta", "paragraph", "heading", "paragraph"]


@pytest.mark.parametrize("target", ["tw", None])
def test_traditional_output_keeps_its_script(target):
    lines = ["多地開展秋季森林防火演練", "新華社杭州11月5日電（記者 吳曉峰 林芳）", "進入秋冬季節，森林火險等級上升。" + BODY,
             "一、演練過程", BODY, "圖為演練現場", BODY, "責任編輯：王五"]
    a = structure(doc_of(lines), Config(target=target))
    assert a.title == "多地開展秋季森林防火演練"
    assert a.authors == ["吳曉峰", "林芳"]
    assert a.outlet == "新華社" and a.meta.dateline == "杭州" and a.meta.editor == "王五"
    assert headings(a) == [("一、演練過程", 1)]
    assert kinds(a)["圖為演練現場"] == CAPTION


@pytest.mark.parametrize("tail, authors", [
    ("（记者 张三 李四）", ["张三", "李四"]),
    ("（完）", []),
    ("（记者 张三）（完）", ["张三"]),
    ("(总台央视记者 奚丹霓 张赛)", ["奚丹霓", "张赛"]),
])
def test_reporter_line_closing_the_last_paragraph(tail, authors):
    a = run(["标题在这里", BODY, "会议最后宣布闭幕。" + tail])
    assert a.paragraphs[-1].text == "会议最后宣布闭幕。"
    assert a.authors == authors
    fix = next(f for f in a.report.fixes if f.action == "end_mark")
    assert fix.text.endswith(tail) and fix.after == "会议最后宣布闭幕。"


def test_parenthesis_that_is_not_a_byline_stays():
    a = run(["标题在这里", BODY, "会议最后宣布闭幕。（详见附件）"])
    assert a.paragraphs[-1].text == "会议最后宣布闭幕。（详见附件）"


def test_text_byline_replaces_site_named_as_author():
    a = run(["标题在这里", "作者：栗思", BODY, BODY], meta=Meta(authors=["网易"], site="网易订阅"))
    assert a.authors == ["栗思"]
    fix = next(f for f in a.report.fixes if f.action == "authors_from_byline")
    assert fix.text == "网易"


def test_page_meta_authors_kept_without_a_text_byline():
    a = run(["标题在这里", BODY, BODY], meta=Meta(authors=["网易"], site="网易订阅"))
    assert a.authors == ["网易"]


def test_sample_page_end_to_end(sample_text):
    """Issue 2's acceptance for the structure part, through every stage from the raw page."""
    import newsclean

    a = newsclean.clean(sample_text)
    assert a.title == "阿里为什么着急打千问这场仗？"
    assert a.subtitle == "“入口战”，阿里有过教训。"
    assert a.authors == ["孟雯"] and a.outlet == "奇点Journal"
    assert [s.heading for s in a.sections][1:] == [
        "一场不容有失的“入口保卫战”", "收缩战线，把子弹留给「超级入口」",
        "终极赌注：用C端入口驱动TO B飞轮", "一场定义未来十年的“无限战争”"]
    assert sum(b.kind == PARAGRAPH for b in a.paragraphs) == 56
    caps = [b.text for b in a.paragraphs if b.kind == CAPTION]
    assert caps[0] == "林俊旸" and caps[1].startswith("Hugging Face") and caps[2].startswith("仅2025年上半年")


# --- property: nothing is lost ---------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.sampled_from([
    BODY, "第二段正文，写得也很完整。", "一、总体要求", "（一）基本原则", "林俊旸", "图为会议现场", "作者：张三",
    "文|奇点Journal 孟雯", "责任编辑：王五", "来源：新华网", "（完）", "收缩战线，把子弹留给「超级入口」",
    "新华社北京12月10日电（记者 张三）今天，会议召开。", "仅2025年上半年，中国公有云大模型调用量就实现近400%的增长",
    "会议最后宣布闭幕。（记者 李四）", "2025年12月10日 08:30", "阿里为什么着急打千问这场仗？", "青岛", "无",
])


@settings(max_examples=120, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=14))
def test_every_line_is_kept_or_reported(lines):
    a = run(lines)
    kept = a.text
    fixes = [f for f in a.report.fixes if f.step == "structure"]
    for line in lines:
        in_body = line in kept
        moved = any(f.text == line and f.after is None for f in fixes)
        edited = any(f.text == line and f.after is not None and f.after in kept for f in fixes)
        assert in_body or moved or edited, line
    assert all(b.text.strip() for b in a.paragraphs)
    assert not any(s.heading is None and not s.blocks for s in a.sections)


def test_interview_questions_are_not_headings():
    qa = ["债券市场存在泡沫吗？", BODY, "会有破坏性的崩盘吗？", BODY, "央行现在应该做什么？", BODY,
          "投资者应该卖出还是买入？", BODY]
    a = run(["标题在这里", BODY, *qa])
    assert headings(a) == []


def test_first_published_statement_is_the_source():
    a = run(["标题在这里", "本文首发于39深呼吸公众号（shenhuxi39）", BODY, BODY])
    assert a.meta.source == "39深呼吸公众号（shenhuxi39）"
    assert "首发" not in a.text
