"""REPEATS stage rules: repeated bodies in any script/annotation state, best copy per paragraph, and the
repeats a real article has (table cells, templated lines, a headline printed again) left alone."""
from __future__ import annotations

import opencc
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsclean.config import Config, RepeatsConfig
from newsclean.model import Block, Document
from newsclean.repeats import remove_repeats
from newsclean.textkey import text_key

CFG = Config()
T = opencc.OpenCC("s2t")

TITLE = "阿里为什么着急打千问这场仗？"
BODY = [
    "在互联网的浩瀚进程中，有些战争是为了疆土，有些战争是为了生存。",
    "2025年12月10日，阿里巴巴正式官宣，改版上线仅23天的千问App月活跃用户突破3000万。",
    "一场不容有失的入口保卫战",
    "看似辉煌的数据背后，是一场由集团亲自带队、集结了100多名工程师秘密研发数月的战役。",
    "林俊旸",
    "这种罕见的紧迫感折射出一个事实：阿里正将千问推向决定未来十年命运的战场。",
]


def doc_of(lines) -> Document:
    return Document(blocks=[Block(t, index=i) for i, t in enumerate(lines)])


def keys(doc) -> list[str]:
    return [text_key(b.text) for b in doc.blocks]


def test_second_copy_in_another_script_with_annotations_is_removed():
    copy2 = [T.convert(x) for x in [TITLE] + BODY]
    copy2[1] = copy2[1].replace("戰", "戰(zhàn)").replace("為", "為(wèi)")
    doc = remove_repeats(doc_of([TITLE] + BODY + copy2), CFG)
    assert keys(doc) == [text_key(x) for x in [TITLE] + BODY]
    reasons = {f.reason.split(":")[0] for f in doc.report.fixes if f.action == "remove_repeat"}
    assert reasons == {"repeated body"}


def test_best_copy_wins_per_paragraph_and_the_report_says_which():
    garbled = BODY[3].replace("秘密研发", "??淇藙t")
    copy1 = [TITLE] + BODY[:3] + [garbled] + BODY[4:]
    copy2 = [TITLE] + BODY
    doc = remove_repeats(doc_of(copy1 + copy2), CFG)
    texts = [b.text for b in doc.blocks]
    assert texts == [TITLE] + BODY                       # paragraph 4 from copy 2, in copy 1's place
    fix = [f for f in doc.report.fixes if f.text == garbled]
    assert fix and fix[0].detail["kept_copy"] == 2 and fix[0].detail["kept_block"] == len(copy1) + 4


def test_garbled_flag_and_problems_count_against_a_copy():
    para = BODY[0] + BODY[3]
    a, b = Block(para, index=0, flags={"garbled"}), Block(para, index=1)
    doc = Document(blocks=[a, b])
    doc.report.problem("repair", "lossy_mojibake", "x", where=0)
    doc = remove_repeats(doc, CFG)
    assert [x.index for x in doc.blocks] == [1]
    assert doc.report.problems == []                     # the dropped copy's problem is resolved …
    assert [f.where for f in doc.report.fixes if f.action == "resolve_problem"] == [0]   # … and recorded


def test_three_copies_keep_one():
    doc = remove_repeats(doc_of(BODY + ["评论"] + BODY + BODY), CFG)
    assert keys(doc) == [text_key(x) for x in BODY + ["评论"]]


def test_a_too_garbled_short_line_is_paired_by_position_inside_a_body():
    copy2 = list(BODY)
    copy2[2] = "一场不容?淇藙t入口保卫"                 # short heading, garbled beyond matching
    doc = remove_repeats(doc_of(BODY + copy2), CFG)
    assert [b.text for b in doc.blocks] == BODY


def test_repeated_paragraph_on_a_copied_page_is_removed():
    lines = BODY[:2] + [BODY[1]] + BODY[2:]
    doc = doc_of(lines)
    doc.report.add("strip", "remove_spam", "澳门威尼斯人娱乐城", where=99)   # the page is a mirror's copy
    doc = remove_repeats(doc, CFG)
    assert [b.text for b in doc.blocks] == BODY


def test_a_publishers_own_repeated_paragraph_stays_and_is_flagged():
    # No spam, no repeated body: the page printed the paragraph twice; the cleaner keeps what it shows.
    lines = BODY[:2] + [BODY[1]] + BODY[2:]
    doc = remove_repeats(doc_of(lines), CFG)
    assert [b.text for b in doc.blocks] == lines
    assert [(p.kind, p.where) for p in doc.report.problems] == [("repeated_paragraph", 2)]


LONG = [
    "记者从市交通委员会获悉，今年全市将新开通三条地铁线路，新增运营里程超过六十公里，覆盖五个行政区。",
    "据介绍，新线路开通后，早高峰期间主要换乘站的客流压力将明显缓解，部分通勤时间可缩短二十分钟左右。",
    "与此同时，相关部门还将优化公交接驳线路，在新开通的车站周边增设非机动车停车点和出租车候客区。",
    "业内专家认为，轨道交通网络的加密将带动沿线区域发展，但也需要同步完善配套服务和运营安全管理。",
]


def test_every_long_paragraph_printed_twice_is_a_copy():
    # p p q q r r s s: a scraper took two copies of every paragraph; the page shows no other copy evidence.
    doc = remove_repeats(doc_of([x for p in LONG for x in (p, p)]), CFG)
    assert [b.text for b in doc.blocks] == LONG
    assert sum(f.action == "remove_repeat" for f in doc.report.fixes) == len(LONG)
    assert doc.report.problems == []


def test_on_a_doubled_page_short_lines_right_under_themselves_go_too():
    lines = [x for p in LONG[:3] + ["１．父母双亡的；", "备注：", LONG[3]] for x in (p, p)]
    doc = remove_repeats(doc_of(lines), CFG)
    assert [b.text for b in doc.blocks] == LONG[:3] + ["１．父母双亡的；", "备注：", LONG[3]]


def test_a_copy_with_paragraphs_run_together_is_removed():
    copy2 = [T.convert(LONG[0] + LONG[1]), T.convert(LONG[2]) + T.convert(LONG[3])]   # other script, other breaks
    doc = remove_repeats(doc_of(LONG + copy2), CFG)
    assert [b.text for b in doc.blocks] == LONG
    assert [f.where for f in doc.report.fixes if f.action == "remove_repeat"] == [4, 5]


def test_a_copy_with_a_paragraph_split_in_two_is_removed():
    half = len(LONG[1]) // 2
    doc = remove_repeats(doc_of(LONG + [LONG[1][:half], LONG[1][half:]]), CFG)
    assert [b.text for b in doc.blocks] == LONG
    assert [f.where for f in doc.report.fixes if f.action == "remove_repeat"] == [4, 5]


def test_paragraphs_that_only_begin_alike_stay():
    lines = [LONG[0], LONG[1], LONG[0][:20] + "但具体开通时间仍需等待有关部门最终验收通过后才能确定下来，请市民关注。"]
    doc = remove_repeats(doc_of(lines), CFG)
    assert [b.text for b in doc.blocks] == lines


def test_two_long_paragraphs_printed_twice_stay():
    # Below Config.repeats.min_repeated_paragraphs: a publisher may print a pull quote again (out of order:
    # two repeats in the order of their first copies would be a repeated body).
    lines = [LONG[0], LONG[1], LONG[2], LONG[1], LONG[3], LONG[0]]
    doc = remove_repeats(doc_of(lines), CFG)
    assert [b.text for b in doc.blocks] == lines
    assert len(doc.report.problems) == 2


def test_title_printed_again_goes_only_on_a_mirror_page():
    lines = [TITLE, TITLE] + BODY
    assert [b.text for b in remove_repeats(doc_of(lines), CFG).blocks] == lines
    doc = doc_of(lines)
    doc.report.add("strip", "remove_chrome", "正在阅读：", where=99)
    assert [b.text for b in remove_repeats(doc, CFG).blocks] == [TITLE] + BODY


def test_short_repeats_of_a_real_article_stay():
    # table cells, labels and a repeated address/byline pair (as in the clean corpus)
    lines = BODY[:2] + ["北京", "不调整", "上海", "不调整", "广州", "不调整"] + \
        ["地址：北京海淀区某某路36号", "某某基金会项目部"] + BODY[2:] + ["地址：北京海淀区某某路36号", "某某基金会项目部"]
    assert [b.text for b in remove_repeats(doc_of(lines), CFG).blocks] == lines


def test_interview_questions_and_code_lines_repeat_legitimately():
    q = "美国10年期国债收益率可能变为负值吗？你的预测是什么？"
    lines = [q, "专家甲：短期内不太可能，长期来看货币政策的极限会受到考验。", q, "专家乙：我们不会对收益率为负的债券给出具体建议。",
             "handler = pymongo.MongoClient().test.data", "print(1)", "handler = pymongo.MongoClient().test.data"]
    assert [b.text for b in remove_repeats(doc_of(lines), CFG).blocks] == lines


def test_templated_lines_are_not_copies():
    lines = ["网友李丽春捐赠了3380元（人民币），可帮助到100名孩子穿上运动鞋；",
             "网友傅亮亮捐赠了3380元（人民币），可帮助到100名孩子穿上运动鞋；",
             "游客咨询电话：58792888", "游客咨询电话：64387100"]
    assert [b.text for b in remove_repeats(doc_of(lines), CFG).blocks] == lines


def test_similarity_threshold_is_config():
    near = BODY[0].replace("疆土", "领土")
    lines = BODY + [near] + BODY[1:]
    strict = Config(repeats=RepeatsConfig(paragraph_similarity=0.99))
    assert near not in [b.text for b in remove_repeats(doc_of(lines), CFG).blocks]
    assert near in [b.text for b in remove_repeats(doc_of(lines), strict).blocks]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(BODY), min_size=2, max_size=6, unique=True),
       st.sampled_from(["s2t", "s2tw", "s2hk"]), st.integers(1, 3))
def test_any_body_repeated_in_any_script_comes_out_once(body, script, copies):
    # A body has a paragraph; two short lines repeated are what real articles do (kept, see above).
    assume(any(len(text_key(x)) >= CFG.repeats.min_paragraph_chars for x in body))
    conv = opencc.OpenCC(script)
    lines = body + [conv.convert(x) for _ in range(copies) for x in body]
    doc = remove_repeats(doc_of(lines), CFG)
    assert keys(doc) == [text_key(x) for x in body]
    removed = [f.text for f in doc.report.fixes if f.action == "remove_repeat"]
    assert sorted(removed + [b.text for b in doc.blocks]) == sorted(lines)   # every removal reported


def test_a_copy_title_matching_the_page_title_goes_on_a_mirror_page():
    # HTML: parse keeps <title> as a candidate and may take the top title line out of the blocks.
    lines = BODY + [T.convert(TITLE)] + [T.convert(x) for x in BODY]
    doc = doc_of(lines)
    doc.meta.title_candidates.append(TITLE + "_某某网")
    assert T.convert(TITLE) in [b.text for b in remove_repeats(doc_of(lines), CFG).blocks]  # no <title>: kept
    doc = remove_repeats(doc, CFG)
    assert [b.text for b in doc.blocks] == BODY


def test_a_paragraph_only_the_second_copy_has_joins_the_body_in_order():
    extra = "此外，记者了解到，相关部门已经着手研究后续的配套政策，预计年内出台。"
    copy2 = BODY[:3] + [extra] + BODY[3:]
    doc = remove_repeats(doc_of(BODY + ["评论"] + copy2), CFG)
    assert [b.text for b in doc.blocks] == BODY[:3] + [extra] + BODY[3:] + ["评论"]
    assert [f.action for f in doc.report.fixes if f.text == extra] == ["move_unique"]
