"""End-to-end properties of clean(): input types, errors, the JSON contract, idempotence, nothing lost silently."""
import json

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean
from newsclean import Config, InputError, clean

CONTRACT_KEYS = {"title", "subtitle", "authors", "outlet", "site", "published", "tags", "reprint",
                 "sections", "text", "problems", "report"}

ARTICLE = """北京城市副中心建设取得新进展

记者从市发展改革委获悉，今年以来副中心累计完成投资超过一千亿元，一批重大项目陆续开工。

据介绍，城市绿心森林公园已接待游客超过两千万人次，周边配套设施正在加快建设。

业内人士表示，副中心的产业导入仍需时间，交通和公共服务的短板有待补齐。
"""

SENTENCES = [
    "今年以来，全市经济运行总体平稳。", "记者从有关部门获悉，相关项目已经开工建设。",
    "专家认为，这一政策将有利于扩大内需。", "据统计，前三季度社会消费品零售总额同比增长百分之五。",
    "当地居民表示，出行比以前方便多了。", "该公司负责人介绍，新产品将于明年上市。",
    "会议强调，要坚持稳中求进工作总基调。", "目前，各项准备工作正在有序推进。",
]
paragraphs = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map("".join)
articles = st.lists(paragraphs, min_size=2, max_size=8, unique=True).map(
    lambda ps: "城市建设的新进展\n\n" + "\n\n".join(ps))


def test_contract_keys_and_types():
    d = clean(ARTICLE).to_dict()
    assert CONTRACT_KEYS <= set(d)
    assert d["title"] == "北京城市副中心建设取得新进展"
    assert isinstance(d["authors"], list) and isinstance(d["tags"], list) and isinstance(d["reprint"], bool)
    assert all(b["kind"] in {"paragraph", "caption", "list_item", "quote"} for s in d["sections"] for b in s["blocks"])
    json.dumps(d, ensure_ascii=False)  # serialisable
    assert "一批重大项目陆续开工" in d["text"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5"])
def test_bytes_in_any_encoding_give_the_same_article(encoding):
    # Big5 cannot hold simplified characters: compare with the traditional text it does hold.
    text = newsclean.convert(ARTICLE, "t") if encoding == "big5" else ARTICLE
    assert clean(text.encode(encoding)).text == clean(text).text


def test_beautifulsoup_input_equals_string_input():
    html = "<html><head><title>测试</title></head><body><article>" + "".join(
        f"<p>{line}</p>" for line in ARTICLE.splitlines() if line) + "</article></body></html>"
    from_soup = clean(BeautifulSoup(html, "html.parser"))
    assert from_soup.text == clean(html).text
    assert "副中心累计完成投资" in from_soup.text


@pytest.mark.parametrize("bad, message", [
    (12345, "cannot clean a int"),
    (b"", "empty"),
    ("   \n ", "empty"),
])
def test_bad_input_raises_input_error_naming_the_problem(bad, message):
    with pytest.raises(InputError, match=message):
        clean(bad, name="page-1")
    try:
        clean(bad, name="page-1")
    except InputError as e:
        assert "page-1" in str(e)


def test_max_bytes_is_enforced_with_a_clear_message():
    with pytest.raises(InputError, match="max_bytes"):
        clean(ARTICLE.encode() * 10, Config(max_bytes=100))


def test_target_none_keeps_the_script():
    text = "臺灣的經濟發展\n\n這是一個關於經濟發展的報導，內容涉及多個產業。"
    assert "經濟" in clean(text, Config(target=None)).text
    assert "经济" in clean(text).text


def test_invalid_target_is_rejected():
    with pytest.raises(ValueError, match="target"):
        Config(target="xx")


def _removed_or_kept(line: str, article) -> bool:
    """Follow a line through the report's changes; it must end in the output or in a recorded removal."""
    current, seen = line, set()
    while current not in seen:
        seen.add(current)
        out = article.text + "\n" + "\n".join(x for x in (article.title, article.subtitle) if x)
        if current in out:
            return True
        for fix in article.report.fixes:
            if fix.text == current and fix.after is None:
                return True
        step = next((f.after for f in article.report.fixes if f.text == current and f.after is not None), None)
        if step is None:
            return False
        current = step
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_no_line_is_lost_silently(text):
    article = clean(text)
    for line in filter(None, (x.strip() for x in text.splitlines())):
        assert _removed_or_kept(line, article), line


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_cleaning_clean_output_changes_nothing(text):
    once = clean(text)
    twice = clean(once.to_text())
    assert twice.title == once.title
    assert twice.text == once.text
    assert twice.to_text() == once.to_text()


def test_public_api_names():
    for name in ("clean", "decode", "fix_mojibake", "apply_plan", "to_simplified", "convert",
                 "strip_annotations", "Config", "Article", "InputError"):
        assert hasattr(newsclean, name), name
