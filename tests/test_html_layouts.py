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


def test_live_blog_records_right_under_the_headline_stay():
    # Timestamped entries starting at the headline are the article (no prose before them): kept.
    entries = [f"{A1[:-1]}，第{k}次更新。" for k in range(1, 5)]
    items = "".join(f"<li><span>10:0{k}</span><p>{e}</p></li>" for k, e in enumerate(entries))
    html = (f"<html><head><title>直播：站点建设</title></head><body><h1>直播：站点建设</h1>"
            f"<ul class='live'>{items}</ul></body></html>")
    a = clean(html)
    assert [t for t in body(a) if "更新" in t] == entries
