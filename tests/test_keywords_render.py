"""Keywords (lazy jieba) and Markdown rendering."""
from __future__ import annotations

import subprocess
import sys

from newsclean import Config
from newsclean.model import Article, Meta, Paragraph, Section
from newsclean.render import to_markdown

TEXT = ("阿里巴巴正式官宣，千问App月活跃用户突破3000万。千问是阿里在AI时代的超级入口，"
        "阿里云和千问共同构成阿里的AI战略。字节跳动的豆包也在争夺AI入口。")


def test_keywords_from_simplified_text():
    a = Article(sections=[Section(heading=None, blocks=[Paragraph("paragraph", TEXT)])])
    kw = a.keywords(5)
    assert 0 < len(kw) <= 5
    assert "千问" in kw
    assert all(len(w) > 1 and w in TEXT for w in kw)


def test_keywords_on_traditional_text_come_out_simplified():
    a = Article(sections=[Section(heading=None, blocks=[Paragraph("paragraph", "阿里雲與千問構成戰略。千問是入口。")])])
    assert all(w == w.translate(str.maketrans("雲與問構戰", "云与问构战")) for w in a.keywords(5))


def test_jieba_not_loaded_by_clean():
    code = ("import sys, newsclean; a = newsclean.clean('标题\\n\\n第一段正文，内容完整。\\n\\n第二段正文。'); "
            "print('jieba' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().splitlines()[-1] == "False"


def _article():
    meta = Meta(source="新华网", editor="王五", original_title="原来的标题", dateline="北京")
    return Article(title="标题", subtitle="副标题", authors=["孟雯", "张三"], outlet="奇点Journal",
                   published="2025-12-10", tags=["阿里巴巴"], meta=meta, sections=[
                       Section(heading=None, blocks=[Paragraph("paragraph", "导语。")]),
                       Section(heading="一、大标题", level=1, blocks=[Paragraph("caption", "林俊旸"),
                                                                  Paragraph("list_item", "要点"),
                                                                  Paragraph("quote", "引文")]),
                       Section(heading="（一）小标题", level=2, blocks=[Paragraph("paragraph", "# 不是标题*")]),
                   ])


def test_markdown_layout():
    md = to_markdown(_article())
    lines = md.split("\n\n")
    assert lines[0] == "# 标题"
    assert lines[1] == "**副标题**"
    assert lines[2] == "*孟雯、张三 · 奇点Journal · 2025-12-10 · 北京*"
    assert "## 一、大标题" in lines and "### （一）小标题" in lines
    assert "*林俊旸*" in lines and "- 要点" in lines and "> 引文" in lines
    assert "Tags: `阿里巴巴`" in md and "Editor: 王五" in md and "Original title: 原来的标题" in md


def test_markdown_escapes_text_that_would_become_syntax():
    md = to_markdown(_article())
    assert "\\# 不是标题\\*" in md
    assert "\n# 不是标题" not in md


def test_markdown_of_config_free_article_is_just_text():
    a = Article(sections=[Section(heading=None, blocks=[Paragraph("paragraph", "只有正文。")])])
    assert to_markdown(a) == "只有正文。\n"
    assert Config().structure.max_heading_chars > 0
