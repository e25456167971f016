"""The fixture kit: cases, the readable diff, the CLI, versions."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import InputError
from newsclean.cli import main
from newsclean.testing import (
    VERSIONS_KEY, check_case, config_from_dict, diff_articles, find_cases, load_case, mark_changes, new_case,
    version_note, versions, write_expected,
)

HTML = ("<html><head><meta charset='utf-8'><title>测试新闻标题</title></head><body>"
        "<h1>测试新闻标题</h1>"
        "<p>这是第一段正文，内容讲述了一件事情的来龙去脉，文字足够长，足以成为正文。</p>"
        "<p>这是第二段正文，记者在现场进行了采访，并且记录下了所见所闻和各方的看法。</p>"
        "</body></html>")
GBK_TEXT = ("秋季运动会圆满落幕\n\n本届运动会共有一千二百名学生参加，设田径、跳绳和拔河等十八个项目，"
            "朱镕老师担任总裁判。\n\n比赛期间，同学们奋勇争先，赛出了风格，也赛出了水平，多项校纪录被打破。\n")


@pytest.fixture()
def html_case(tmp_path):
    return new_case(HTML, "simple", tmp_path, note="two paragraphs")


def _edit_expected(case, fn):
    p = case.path / "expected.json"
    d = json.loads(p.read_text(encoding="utf-8"))
    fn(d)
    p.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")


# ---------------------------------------------------------------- marking changes

_TEXT = st.text(alphabet=st.sampled_from(list("新闻正文记者现场采访一二三abc，。")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(_TEXT, _TEXT)
def test_marks_round_trip(before, after):
    b, a = mark_changes(before, after)
    assert re.sub(r"\[-(.*?)-\]", r"\1", b) == before
    assert re.sub(r"\{\+(.*?)\+\}", "", a) == re.sub(r"\[-(.*?)-\]", "", b)  # the common part
    assert re.sub(r"\{\+(.*?)\+\}", r"\1", a) == after
    assert (b == before and a == after) == (before == after)


def test_marks_only_changed_characters():
    b, a = mark_changes("记者在现场进行了采访", "记者在现场做了采访")
    assert b == "记者在现场[-进行-]了采访"
    assert a == "记者在现场{+做+}了采访"
    # a one-character run between two changes is folded into one change, which reads better
    b, a = mark_changes("记者在现场采访", "记者在场外采访")
    assert (b, a) == ("记者在[-现场-]采访", "记者在{+场外+}采访")


# ---------------------------------------------------------------- diff

def _article(paragraphs, title="标题", **kw):
    d = {"title": title, "authors": [], "sections": [{"heading": None, "blocks": [
        {"kind": "paragraph", "text": t} for t in paragraphs]}], "text": "\n".join(paragraphs),
        "problems": [], "report": []}
    d.update(kw)
    return d


def test_diff_equal_is_empty():
    a = _article(["甲段。", "乙段。"])
    assert diff_articles(a, json.loads(json.dumps(a))) == []


def test_diff_names_the_changed_paragraph_and_marks_it():
    old = _article(["第一段文字。", "第二段有旧字。", "第三段。"])
    new = _article(["第一段文字。", "第二段有新字。", "第三段。"])
    out = "\n".join(diff_articles(old, new))
    assert "paragraph 2" in out and "paragraph 1" not in out and "paragraph 3" not in out
    assert "[-旧-]" in out and "{+新+}" in out
    assert "text: changed with sections" in out  # derived field not shown twice
    assert "{" not in out.replace("{+新+}", "")  # no JSON dump of the article


def test_diff_reports_gone_and_new_paragraphs_and_fields():
    old = _article(["一。", "二。"], title="旧标题", tags=["甲"])
    new = _article(["一。", "二。", "三。"], title="新标题", tags=["甲", "乙"])
    out = "\n".join(diff_articles(old, new))
    assert "paragraph 3 (new): 三。" in out
    assert "title:" in out and "[-旧-]" in out
    assert 'tags: ["甲"] -> ["甲", "乙"]' in out
    gone = "\n".join(diff_articles(new, old))
    assert "paragraph 3 (gone): 三。" in gone


def test_diff_report_entries_one_per_line():
    fix = {"step": "strip", "action": "remove_chrome", "text": "扫一扫", "where": 3}
    old = _article(["一。"], report=[fix])
    new = _article(["一。"], report=[])
    out = diff_articles(old, new)
    assert out[0].startswith("report (1 -> 0 entries)")
    assert "strip remove_chrome #3" in out[1] and "(gone)" in out[1]


def test_diff_ignore_and_versions_key():
    old = _article(["一。"], report=[{"step": "x", "action": "y", "text": "z"}])
    new = _article(["一。"])
    old[VERSIONS_KEY] = {"newsclean": "0.0.1", "opencc": "1"}
    assert diff_articles(old, new, ignore=["report"]) == []


# ---------------------------------------------------------------- versions

def test_version_note():
    cur = {"newsclean": "1.0", "opencc": "1.1.9"}
    assert version_note(dict(cur), cur) is None
    note = version_note({"newsclean": "0.9", "opencc": "1.1.9"}, cur)
    assert "newsclean 0.9" in note and "newsclean 1.0" in note and "upgrade" in note
    assert "does not record" in version_note(None, cur)
    assert set(versions()) == {"newsclean", "opencc"}


# ---------------------------------------------------------------- cases and config

def test_config_from_dict_nested_and_errors():
    c = config_from_dict({"target": "tw", "strip": {"enabled": False}})
    assert c.target == "tw" and c.strip.enabled is False and c.repair.mojibake is True
    assert config_from_dict({"target": "none"}).target is None
    with pytest.raises(InputError, match="nosuch"):
        config_from_dict({"strip": {"nosuch": 1}})
    with pytest.raises(InputError, match="target"):
        config_from_dict({"target": "xx"})


def test_load_case_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no input file"):
        load_case(tmp_path / "empty")
    two = tmp_path / "two"
    two.mkdir()
    (two / "input.txt").write_text("甲", encoding="utf-8")
    (two / "input.html").write_text("<p>甲</p>", encoding="utf-8")
    with pytest.raises(InputError, match="more than one input"):
        load_case(two)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "input.txt").write_text("甲", encoding="utf-8")
    (bad / "case.toml").write_text("note = ", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_case(bad)
    (bad / "case.toml").write_text('nose = "typo"', encoding="utf-8")
    with pytest.raises(InputError, match="unknown keys"):
        load_case(bad)


def test_new_case_html_round_trip(html_case):
    assert html_case.input_path.name == "input.html"
    exp = html_case.expected()
    assert exp[VERSIONS_KEY] == versions()
    assert exp["title"] == "测试新闻标题"
    assert (html_case.path / "expected.md").read_text(encoding="utf-8").startswith("# 测试新闻标题")
    assert check_case(html_case).ok
    with pytest.raises(InputError, match="already exists"):
        new_case(HTML, "simple", html_case.path.parent)


def test_new_case_bytes_and_config(tmp_path):
    case = new_case(GBK_TEXT.encode("gbk"), "gbk", tmp_path, url="http://example.com/a", config={"target": "t"},
                    note="GBK bytes")
    assert case.input_path.name == "input.bin"
    assert case.input_path.read_bytes() == GBK_TEXT.encode("gbk")
    assert case.settings["url"] == "http://example.com/a"
    assert case.config().target == "t"
    exp = case.expected()
    assert "朱鎔" in exp["text"]  # decoded from GBK, then converted to traditional
    assert check_case(case).ok


def test_check_detects_edit_and_update_accepts(html_case):
    _edit_expected(html_case, lambda d: d["sections"][0]["blocks"][1].update(
        text=d["sections"][0]["blocks"][1]["text"].replace("现场", "场外")))
    r = check_case(html_case)
    assert not r.ok
    msg = r.message()
    assert "paragraph 2" in msg and "[-场外-]" in msg and "{+现场+}" in msg and "two paragraphs" in msg
    assert r.note is None  # same versions: no version sentence
    write_expected(html_case)
    assert check_case(html_case).ok


def test_check_says_when_versions_differ(html_case):
    def age(d):
        d[VERSIONS_KEY] = {"newsclean": "0.0.1", "opencc": "0.1"}
        d["title"] = "旧标题"
    _edit_expected(html_case, age)
    r = check_case(html_case)
    assert not r.ok and "newsclean 0.0.1" in r.message() and "upgrade" in r.message()


def test_stale_markdown_is_a_difference(html_case):
    (html_case.path / "expected.md").write_text("# 别的\n", encoding="utf-8")
    r = check_case(html_case)
    assert not r.ok and "expected.md is stale" in r.message()


def test_missing_expected_fails(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    (d / "input.html").write_text(HTML, encoding="utf-8")
    r = check_case(load_case(d))
    assert not r.ok and "no expected.json" in r.message()


def test_find_cases_only(tmp_path):
    new_case(HTML, "a", tmp_path)
    new_case(HTML, "b", tmp_path)
    assert [c.name for c in find_cases(tmp_path)] == ["a", "b"]
    assert [c.name for c in find_cases(tmp_path, only=["b"])] == ["b"]
    with pytest.raises(InputError, match="no case named zz"):
        find_cases(tmp_path, only=["zz"])


# ---------------------------------------------------------------- CLI

def test_cli_new_check_update(tmp_path, capsys):
    src = tmp_path / "page.html"
    src.write_text(HTML, encoding="utf-8")
    root = tmp_path / "fx"
    assert main(["fixtures", "new", str(src), "--name", "p1", "--dir", str(root), "--note", "看两段"]) == 0
    assert main(["fixtures", "new", str(src), "--name", "p2", "--dir", str(root), "--to", "tw"]) == 0
    assert load_case(root / "p2").config().target == "tw"
    assert main(["fixtures", "check", str(root)]) == 0
    assert "2 of 2 fixture cases match" in capsys.readouterr().out
    case = load_case(root / "p1")
    _edit_expected(case, lambda d: d.update(title="别的标题"))
    assert main(["fixtures", "check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "fixture p1" in out and "title:" in out and "p2" not in out.split("differ:")[0].split("fixture p1")[0]
    assert "1 of 2 fixture cases match" in out
    assert main(["fixtures", "update", str(root), "--only", "p1"]) == 0
    assert "output changed in 1: p1" in capsys.readouterr().out
    assert main(["fixtures", "check", str(root)]) == 0


def test_cli_errors(tmp_path, capsys):
    assert main(["fixtures", "check", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["fixtures", "new", str(tmp_path / "nope.html"), "--name", "x", "--dir", str(tmp_path)]) == 1


def test_import_without_pytest(tmp_path):
    """The CLI path must not need pytest: block it and run a check."""
    new_case(HTML, "a", tmp_path)
    code = ("import sys; sys.modules['pytest'] = None; sys.modules['_pytest'] = None\n"
            "from newsclean.cli import main\n"
            f"sys.exit(main(['fixtures', 'check', {str(tmp_path)!r}]))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "1 of 1 fixture cases match" in r.stdout


def test_unlike_replacements_show_as_gone_and_new():
    old = _article(["一。"], report=[{"step": "repair", "action": "repair", "text": "甲乙丙丁戊己庚辛", "where": 1}])
    new = _article(["一。"], report=[{"step": "convert", "action": "opencc_version", "text": "", "reason": "opencc"}])
    out = "\n".join(diff_articles(old, new))
    assert "report[0] (gone): repair repair #1" in out and "report[0] (new): convert opencc_version" in out
    assert "[-" not in out and "{+" not in out


_WORDS = st.sampled_from(["新闻", "记者", "采访", "现场", "一", "二", "。"])
_PARA = st.builds(lambda kind, ws: {"kind": kind, "text": "".join(ws)},
                  st.sampled_from(["paragraph", "caption", "list_item"]), st.lists(_WORDS, max_size=4))
_SECTION = st.builds(lambda h, bs: {"heading": h, "blocks": bs}, st.none() | _WORDS, st.lists(_PARA, max_size=3))
_ARTICLE = st.fixed_dictionaries({
    "title": st.none() | _WORDS, "tags": st.lists(_WORDS, max_size=2), "sections": st.lists(_SECTION, max_size=3),
    "report": st.lists(st.fixed_dictionaries({"step": _WORDS, "action": _WORDS, "text": _WORDS}), max_size=3),
})


@settings(max_examples=80, deadline=None)
@given(_ARTICLE, _ARTICLE)
def test_diff_is_empty_exactly_when_equal(x, y):
    for d in (x, y):
        d["text"] = "\n".join(b["text"] for s in d["sections"] for b in s["blocks"])
    assert (diff_articles(x, y) == []) == (x == y)
    assert diff_articles(x, json.loads(json.dumps(x))) == []


def test_check_dir_reports_a_crashing_case_and_goes_on(tmp_path, monkeypatch):
    from newsclean import testing

    new_case(HTML, "a", tmp_path)
    new_case(HTML.replace("第二段", "另一段"), "b", tmp_path)
    real = testing.Case.run

    def run(self):
        if self.name == "a":
            raise RuntimeError("stage bug")
        return real(self)

    monkeypatch.setattr(testing.Case, "run", run)
    results = {r.case.name: r for r in testing.check_dir(tmp_path)}
    assert not results["a"].ok and "RuntimeError: stage bug" in results["a"].message()
    assert results["b"].ok
