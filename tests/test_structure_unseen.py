"""Layouts the corpus lacks: each test is a small hand-written article for one general rule, and asserts
the whole output (fields, sections, block kinds)."""
from __future__ import annotations

import newsclean
from newsclean.structure.byline import parse_meta_line
from newsclean.structure.dates import is_relative_time, parse_date

P1 = "当地政府近日出台多项措施，进一步优化营商环境，受到企业和群众的广泛欢迎。"
P2 = "据介绍，这些措施涵盖审批流程、税费减免、融资支持等多个方面，预计惠及企业超过两万家。"
P3 = "业内人士表示，政策的落地见效还需要各部门密切配合，持续跟踪评估实施效果。"


def shape(a):
    """(title, authors, published, [(heading, level, [(kind, text), ...]), ...])."""
    return (a.title, a.authors, a.published,
            [(s.heading, s.level, [(b.kind, b.text) for b in s.blocks]) for s in a.sections])


def body(*texts, kind="paragraph"):
    return [(kind, t) for t in texts]


def test_two_labels_of_one_field_then_names():
    a = newsclean.clean(f"走进大山深处的乡村学校\n文/图 本报记者 刘芳\n{P1}\n{P2}")
    assert shape(a) == ("走进大山深处的乡村学校", ["刘芳"], None, [(None, 1, body(P1, P2))])
    assert a.subtitle is None and a.outlet is None


def test_english_byline():
    a = newsclean.clean(f"外资企业加码中国市场布局\nBy John Smith and Li Wei\n2024-05-09\n{P1}\n{P2}")
    assert shape(a) == ("外资企业加码中国市场布局", ["John Smith", "Li Wei"], "2024-05-09",
                        [(None, 1, body(P1, P2))])
    assert a.subtitle is None
    # a sentence opening with "By" is no byline
    assert parse_meta_line("By the way this is text") is None


def test_contributor_and_updated_labels():
    a = newsclean.clean(f"从一张老照片说起\n特约撰稿人 林默\n更新于2023.11.02\n{P1}\n{P2}")
    assert shape(a) == ("从一张老照片说起", ["林默"], "2023-11-02", [(None, 1, body(P1, P2))])
    # "更新于" is a date label, not a name followed by a date
    m = parse_meta_line("更新于 2023-11-02 10:00")
    assert m is not None and m.authors == [] and m.published == "2023-11-02T10:00"


def test_relative_time_is_page_furniture_not_a_date_nor_a_heading():
    a = newsclean.clean(f"暴雨预警升级 多条线路停运\n3小时前\n{P1}\n{P2}")
    assert shape(a) == ("暴雨预警升级 多条线路停运", [], None, [(None, 1, body(P1, P2))])
    a = newsclean.clean(f"新能源汽车销量持续增长\n2小时前 · 来源：财经网\n{P1}\n{P2}")
    assert shape(a) == ("新能源汽车销量持续增长", [], None, [(None, 1, body(P1, P2))])
    assert a.subtitle is None and a.meta.source == "财经网"
    assert is_relative_time("15分钟前") and is_relative_time("昨天 10:23") and not is_relative_time("三天前的事")


def test_dates_twelve_hour_clock_and_unambiguous_slashes():
    assert parse_date("2024年7月23日 下午3:15") == "2024-07-23T15:15"
    assert parse_date("2024年7月23日 上午9:05") == "2024-07-23T09:05"
    assert parse_date("2024-05-09 中午12:30") == "2024-05-09T12:30"
    assert parse_date("05/19/2024") == "2024-05-19"
    assert parse_date("19/05/2024 10:20") == "2024-05-19T10:20"
    assert parse_date("05/06/2024") is None   # month or day first: not guessed
    a = newsclean.clean(f"海外华人社团举办春节联欢活动\n05/19/2024\n{P1}\n{P2}")
    assert shape(a) == ("海外华人社团举办春节联欢活动", [], "2024-05-19", [(None, 1, body(P1, P2))])


def test_bracket_headings_in_a_series_are_not_a_column_name():
    a = newsclean.clean(f"本周科技要闻回顾\n【芯片】\n{P1}\n{P2}\n【人工智能】\n{P3}")
    assert shape(a) == ("本周科技要闻回顾", [], None,
                        [("【芯片】", 1, body(P1, P2)), ("【人工智能】", 1, body(P3))])
    # a lone 【…】 over the body stays the column name it is (kept as text, no section)
    a = newsclean.clean(f"本周科技要闻回顾\n【科技观察】\n{P1}\n{P2}")
    assert shape(a) == ("本周科技要闻回顾", [], None, [(None, 1, body("【科技观察】", P1, P2))])


def test_photo_credit_in_brackets_closing_a_caption():
    cap = "灯光秀现场吸引了大量市民驻足观看。（摄影：吴昊）"
    a = newsclean.clean(f"城市夜景灯光秀亮相滨江\n{P1}\n{cap}\n{P2}\n{P3}")
    assert shape(a) == ("城市夜景灯光秀亮相滨江", [], None,
                        [(None, 1, [("paragraph", P1), ("caption", cap), ("paragraph", P2), ("paragraph", P3)])])


def test_a_marked_caption_does_not_turn_a_short_article_into_captions():
    cap = "图为农民在田间插秧。新华社记者 赵强 摄"
    a = newsclean.clean(f"春耕时节田间忙\n{cap}\n{P1}\n{P2}\n{P3}")
    assert shape(a) == ("春耕时节田间忙", [], None,
                        [(None, 1, [("caption", cap), ("paragraph", P1), ("paragraph", P2), ("paragraph", P3)])])


def test_bracketed_file_photo_is_a_caption_not_a_reporter():
    a = newsclean.clean(f"全国铁路迎来暑运客流高峰\n{P1}\n（资料图）\n{P2}\n{P3}")
    assert shape(a) == ("全国铁路迎来暑运客流高峰", [], None,
                        [(None, 1, [("paragraph", P1), ("caption", "（资料图）"), ("paragraph", P2),
                                    ("paragraph", P3)])])
    assert a.subtitle is None


def test_quoted_japanese_words_are_not_repaired():
    for word in ("かわいい", "カワイイ", "おいしい", "ドラえもん"):
        text = f"网友评论：“太好看了”，也有人用日语写道“{word}”，还有网友留言。\n{P1}"
        a = newsclean.clean(text)
        assert [f for f in a.report.fixes if f.step == "repair"] == []
        assert a.paragraphs[0].text == f"网友评论：“太好看了”，也有人用日语写道“{word}”，还有网友留言。"


def test_symbols_units_and_identifiers_are_left_alone():
    lines = ["该框架的新版本（v2.3.1）已于5月9日发布，下载地址为https://example.org/releases，问题反馈可发送邮件至dev@example.org。",
             "新版本引入了名为async_task_pool的接口，调用parse_config()即可读取配置，性能提升约35%。",
             "在室温25℃、湿度60%的环境下，设备以120km/h的速度运行，机房面积约为300㎡。",
             "改进有三项：①启动更快；②内存更省；③文档更全。★重点推荐★：新的命令行工具。",
             "※注意：旧版本的配置文件需要手动迁移，详见官网说明→“迁移指南”。",
             "这款售价€1,299的产品采用了Pokémon联名设计，工作温度为-20°C～60°C，精度±0.5%，重量约250g。"]
    a = newsclean.clean("开源社区发布新版本编程框架\n" + "\n".join(lines))
    assert [f for f in a.report.fixes if f.step == "repair"] == []
    assert shape(a) == ("开源社区发布新版本编程框架", [], None, [(None, 1, body(*lines))])


def test_date_closing_a_labelled_line():
    m = parse_meta_line("来源：新华社 作者：陈刚 2024-05-09 08:00:00")
    assert (m.source, m.authors, m.published) == ("新华社", ["陈刚"], "2024-05-09T08:00:00")
    m = parse_meta_line("作者：张三 2024年5月9日")
    assert (m.authors, m.published) == (["张三"], "2024-05-09")


def test_this_article_author_label():
    a = newsclean.clean(f"读书是一辈子的事\n本文作者：林清\n{P1}\n{P2}")
    assert shape(a) == ("读书是一辈子的事", ["林清"], None, [(None, 1, body(P1, P2))])


def test_picture_from_the_web_caption():
    cap = "选手们从起点出发（图片来自网络）"
    a = newsclean.clean(f"城市马拉松鸣枪开跑\n{P1}\n{cap}\n{P2}\n{P3}")
    assert shape(a) == ("城市马拉松鸣枪开跑", [], None,
                        [(None, 1, [("paragraph", P1), ("caption", cap), ("paragraph", P2), ("paragraph", P3)])])


def test_house_report_leads_in_brackets_and_xiaoxi():
    a = newsclean.clean(f"本港首季经济增长\n【明报专讯】{P1}\n{P2}")
    assert shape(a) == ("本港首季经济增长", [], None, [(None, 1, body(P1, P2))])
    assert a.outlet == "明报"
    a = newsclean.clean(f"全国春播粮食已完成四成\n央视网消息：{P1}\n{P2}")
    assert shape(a) == ("全国春播粮食已完成四成", [], None, [(None, 1, body(P1, P2))])
    assert a.outlet == "央视网"
    # "消息" in running text is no lead
    text = f"本报消息灵通人士说，{P1}"
    a = newsclean.clean(f"全国春播粮食已完成四成\n{text}\n{P2}")
    assert [b.text for b in a.paragraphs] == [text, P2] and a.outlet is None


def test_bracketed_wire_dateline_with_reporter_and_place_run_together():
    a = newsclean.clean(f"行政院会通过新版长照计划\n（中央社记者王大明台北9日电）{P1}\n{P2}")
    assert shape(a) == ("行政院会通过新版长照计划", ["王大明"], None, [(None, 1, body(P1, P2))])
    assert (a.outlet, a.meta.dateline) == ("中央社", "台北")
    a = newsclean.clean(f"美国公布新数据\n（中央社记者林宏翰、李小华华盛顿8日专电）{P1}\n{P2}")
    assert (a.authors, a.outlet, a.meta.dateline) == (["林宏翰", "李小华"], "中央社", "华盛顿")
    assert [b.text for b in a.paragraphs] == [P1, P2]


def test_english_dates():
    assert parse_date("May 9, 2024") == "2024-05-09"
    assert parse_date("Sept. 9 2024 10:23") == "2024-09-09T10:23"
    assert parse_date("9 May 2024") == "2024-05-09"
    assert parse_date("Mayday 9 2024") is None and parse_date("Mar 32, 2024") is None
    a = newsclean.clean(f"国际油价连续三周上涨\nMay 9, 2024\n{P1}\n{P2}")
    assert shape(a) == ("国际油价连续三周上涨", [], "2024-05-09", [(None, 1, body(P1, P2))])
    assert parse_meta_line("May 9, 2024 is a day") is None


def test_a_caption_crediting_its_own_picture_is_no_photo_spread():
    cap = "一群白鹭在湿地上空飞翔。 本报记者 王刚 摄"
    a = newsclean.clean(f"候鸟迁徙季来临\n{P1}\n{cap}\n{P2}\n（视频截图）\n{P3}")
    assert shape(a) == ("候鸟迁徙季来临", [], None,
                        [(None, 1, [("paragraph", P1), ("caption", cap), ("paragraph", P2),
                                    ("caption", "（视频截图）"), ("paragraph", P3)])])


def test_serial_and_post_end_marks():
    for mark in ("（未完待续）", "（全文完）", "—END—", "- END -"):
        a = newsclean.clean(f"一个小镇的故事\n{P1}\n{P2}\n{mark}")
        assert shape(a) == ("一个小镇的故事", [], None, [(None, 1, body(P1, P2))])
        # removed with its text in the report (by structure, or by strip before it)
        assert any(f.text == mark and f.after is None for f in a.report.fixes)


def test_reporters_after_a_dateline_without_brackets():
    a = newsclean.clean(f"长江流域禁渔成效明显\n本报武汉5月9日电　记者李四、王五报道：{P1}\n{P2}")
    assert shape(a) == ("长江流域禁渔成效明显", ["李四", "王五"], None, [(None, 1, body(P1, P2))])
    assert a.meta.dateline == "武汉"
    # "记者从…获悉" is the lead's text, not a byline
    a = newsclean.clean(f"国家统计局发布数据\n新华社北京5月9日电 记者从国家统计局获悉：{P1}\n{P2}")
    assert (a.authors, a.outlet, a.meta.dateline) == ([], "新华社", "北京")
    assert [b.text for b in a.paragraphs] == [f"记者从国家统计局获悉：{P1}", P2]


def test_emoji_sequences_keep_their_joiners():
    text = "网友留言“全家出动👨\u200d👩\u200d👧”，场面十分热闹。"
    a = newsclean.clean(f"周末亲子活动受欢迎\n{text}\n{P1}")
    assert [f for f in a.report.fixes if f.step == "repair"] == []
    assert a.paragraphs[0].text == text
    # a zero-width space is still removed
    a = newsclean.clean(f"周末亲子活动受欢迎\n零宽\u200b空格。\n{P1}")
    assert a.paragraphs[0].text == "零宽空格。"


def test_a_dateline_line_with_bare_names_in_brackets_is_still_a_byline():
    a = newsclean.clean(f"空间站科学实验取得新进展\n新华社北京5月9日电（张三、李四）\n{P1}\n{P2}")
    assert shape(a) == ("空间站科学实验取得新进展", ["张三", "李四"], None, [(None, 1, body(P1, P2))])
    assert (a.outlet, a.meta.dateline) == ("新华社", "北京")


def test_bracketed_reporting_outlet_closing_the_article():
    a = newsclean.clean(f"港铁新线明年通车\n{P1}\n{P2}\n（星岛日报报道）")
    assert shape(a) == ("港铁新线明年通车", [], None, [(None, 1, body(P1, P2))])
    assert a.meta.source == "星岛日报"
    assert parse_meta_line("（据报道）") is None and parse_meta_line("（综合报道）") is None


def test_picture_provided_by_caption_stands_alone():
    cap = "渔民在码头整理渔网。（图片由受访者提供）"
    a = newsclean.clean(f"海岛渔村的新生活\n{P1}\n{cap}\n{P2}\n受访者供图\n{P3}")
    assert shape(a) == ("海岛渔村的新生活", [], None,
                        [(None, 1, [("paragraph", P1), ("caption", cap), ("paragraph", P2),
                                    ("caption", "受访者供图"), ("paragraph", P3)])])


def test_social_platform_header_lines():
    # WeChat: 原创 <author> <account> <date> 发表于<province>
    m = parse_meta_line("原创 张三 科技日报 2024-05-09 10:23 发表于北京")
    assert (m.authors, m.source, m.published) == (["张三"], "科技日报", "2024-05-09T10:23")
    m = parse_meta_line("原创 科技日报 2024-05-09")
    assert (m.authors, m.source, m.published) == ([], "科技日报", "2024-05-09")
    # portal feeds: <date>·<account>
    m = parse_meta_line("2024-05-09 10:23·湖北日报")
    assert (m.authors, m.source, m.published) == ([], "湖北日报", "2024-05-09T10:23")
    assert parse_meta_line("2024-05-09 10:23·今天天气很好") is None
    # a poster's IP location closing a who-when line
    m = parse_meta_line("张三 2024-05-09 10:23 IP属地：湖北")
    assert (m.authors, m.published) == (["张三"], "2024-05-09T10:23")
    # a two-character name before a date is the author; a weekday or a time word is not
    assert parse_meta_line("张三 2024年5月1日").authors == ["张三"]
    assert parse_meta_line("周四 2024-05-09").authors == []
    a = newsclean.clean(f"科技创新成果展开幕\n原创 张三 科技日报 2024-05-09 10:23 发表于北京\n{P1}\n{P2}")
    assert shape(a) == ("科技创新成果展开幕", ["张三"], "2024-05-09T10:23", [(None, 1, body(P1, P2))])
    assert a.meta.source == "科技日报"
