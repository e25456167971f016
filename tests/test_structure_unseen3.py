"""Structure on a third set of page forms: a weekday between a date and its time, a wire's story code after
its closing editor line. Small hand-written articles; each asserts the whole output."""
from __future__ import annotations

import newsclean
from newsclean.structure.byline import parse_meta_line
from newsclean.structure.dates import parse_date

P1 = "当地政府近日出台多项措施，进一步优化营商环境，受到企业和群众的广泛欢迎。"
P2 = "据介绍，这些措施涵盖审批流程、税费减免、融资支持等多个方面，预计惠及企业超过两万家。"


def shape(a):
    return (a.title, a.authors, a.published,
            [(s.heading, s.level, [(b.kind, b.text) for b in s.blocks]) for s in a.sections])


def test_weekday_between_date_and_time():
    assert parse_date("2024年3月5日 星期二 09:30") == "2024-03-05T09:30"
    assert parse_date("2024年3月5日（周二）09:30") == "2024-03-05T09:30"
    assert parse_date("2024-03-05 礼拜二 下午3:20") == "2024-03-05T15:20"
    assert parse_date("2024年3月5日 星期二") == "2024-03-05"   # no time: the weekday is not taken alone
    a = newsclean.clean(f"全市启动春季植树活动\n2024年3月5日 星期二 09:30\n{P1}\n{P2}")
    assert shape(a) == ("全市启动春季植树活动", [], "2024-03-05T09:30",
                        [(None, 1, [("paragraph", P1), ("paragraph", P2)])])


def test_story_code_after_a_closing_editor_line():
    m = parse_meta_line("（编辑：陈怡君）1130305")   # labels are read on the simplified shadow
    assert m is not None and m.editor == "陈怡君"
    assert parse_meta_line("（1130305）") is None          # a code alone is nothing
    assert parse_meta_line("（详见第三版）1130305") is None   # text in brackets stays text
    a = newsclean.clean(f"行政院會通過新版長照計畫\n{P1}\n{P2}\n（編輯：陳怡君）1130305", config=newsclean.Config(target=None))
    assert [b.text for s in a.sections for b in s.blocks] == [P1, P2]
    assert a.meta.editor == "陳怡君"


def test_review_steps_and_source_labels():
    m = parse_meta_line("责任编辑：孙悦　审校：徐明　终审：吴刚")
    assert m is not None and m.editor == "孙悦" and not m.authors
    m = parse_meta_line("（本文来源：工人日报）")
    assert m is not None and m.source == "工人日报"
    a = newsclean.clean(f"全市启动春季植树活动\n{P1}\n{P2}\n（本文来源：工人日报）\n编辑：王芳 初审：李娜 终审：吴刚")
    assert shape(a) == ("全市启动春季植树活动", [], None, [(None, 1, [("paragraph", P1), ("paragraph", P2)])])
    assert a.meta.source == "工人日报" and a.meta.editor == "王芳"


def test_a_field_running_on_after_a_source_and_staff_codes():
    # portal footers: the editor label follows the source's value directly, the editor carries a CMS code
    m = parse_meta_line("本文来源：新京报责任编辑：杜硕_NB12556")
    assert m is not None and (m.source, m.editor) == ("新京报", "杜硕")
    m = parse_meta_line("本文来源：上海证券报·中国证券网责任编辑：NF041")
    assert m is not None and (m.source, m.editor) == ("上海证券报·中国证券网", None)
    # a name field does not run on after a value: "来源：新华网编辑部" is one source
    m = parse_meta_line("来源：新华网编辑部")
    assert m is not None and m.source == "新华网编辑部" and m.editor is None
    assert parse_meta_line("记者：A123") is None   # a code is no reporter
    a = newsclean.clean(f"全市启动春季植树活动\n{P1}\n{P2}\n本文来源：新京报责任编辑：杜硕_NB12556")
    assert [b.text for s in a.sections for b in s.blocks] == [P1, P2]
    assert (a.meta.source, a.meta.editor) == ("新京报", "杜硕")


def test_a_small_flattened_table_is_no_heading():
    table = ["单位：万元", "项目 2022年 2023年 增长", "营业收入 1200 1350 12.5%", "净利润 150 180 20.0%"]
    a = newsclean.clean("\n".join(["公司发布年度报告", P1, *table, P2]))
    assert shape(a) == ("公司发布年度报告", [], None, [(None, 1, [("paragraph", t) for t in [P1, *table, P2]])])
    # a short line of three words over a paragraph is still a heading: no numbers row beside it
    a = newsclean.clean("\n".join(["公司发布年度报告", P1, "城市 乡村 山区", P2]))
    assert [s.heading for s in a.sections] == [None, "城市 乡村 山区"]


def test_bracketed_house_reports():
    a = newsclean.clean(f"美国宣布新一轮制裁措施\n【环球时报综合报道】{P1}\n{P2}")
    assert shape(a) == ("美国宣布新一轮制裁措施", [], None, [(None, 1, [("paragraph", P1), ("paragraph", P2)])])
    assert a.outlet == "环球时报"
    a = newsclean.clean(f"美国宣布新一轮制裁措施\n【深度报道】{P1}\n{P2}")   # a column name, no outlet: text stays
    assert [b.text for s in a.sections for b in s.blocks] == [f"【深度报道】{P1}", P2]


def test_a_reporter_label_running_into_a_word_is_no_byline():
    # 记者会 is a press conference: the text after 记者 runs on with no separator and is no name; two names
    # written together are read only after a separator ("记者：上官云宋宇晟").
    assert parse_meta_line("记者会于下午举行") is None
    assert parse_meta_line("记者：上官云宋宇晟").authors == ["上官云宋宇晟"]
    assert parse_meta_line("新华社记者邹多为").authors == ["邹多为"]
