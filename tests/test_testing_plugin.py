"""The pytest plugin, run in an inner pytest session (pytester)."""
from __future__ import annotations

import json

import pytest

from newsclean.testing import load_case, new_case

pytest_plugins = ("pytester",)

HTML = ("<html><head><meta charset='utf-8'><title>测试新闻标题</title></head><body><h1>测试新闻标题</h1>"
        "<p>这是第一段正文，内容讲述了一件事情的来龙去脉，文字足够长，足以成为正文。</p>"
        "<p>这是第二段正文，记者在现场进行了采访，并且记录下了所见所闻和各方的看法。</p></body></html>")


def _plugin_args(pytestconfig) -> list[str]:
    # Loaded through the pytest11 entry point normally; load it by hand if autoload is off.
    return [] if pytestconfig.pluginmanager.has_plugin("newsclean") else ["-p", "newsclean.testing"]


@pytest.fixture()
def fx(pytester):
    root = pytester.path / "fx"
    new_case(HTML, "alpha", root)
    new_case(HTML.replace("第二段", "另一段"), "beta", root)
    return root


def test_each_case_is_an_item_named_after_it(pytester, pytestconfig, fx):
    r = pytester.runpytest_inprocess("--newsclean-fixtures", str(fx), "--collect-only", "-q",
                                     *_plugin_args(pytestconfig))
    out = r.stdout.str()
    assert "fx::alpha" in out and "fx::beta" in out
    assert "2 tests collected" in out
    r = pytester.runpytest_inprocess("--newsclean-fixtures", str(fx), *_plugin_args(pytestconfig))
    r.assert_outcomes(passed=2)


def test_failure_shows_readable_diff_and_update_fixes(pytester, pytestconfig, fx):
    p = fx / "beta" / "expected.json"
    d = json.loads(p.read_text(encoding="utf-8"))
    d["sections"][0]["blocks"][0]["text"] = d["sections"][0]["blocks"][0]["text"].replace("来龙去脉", "前因后果")
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    args = ["--newsclean-fixtures", str(fx), *_plugin_args(pytestconfig)]
    r = pytester.runpytest_inprocess(*args)
    r.assert_outcomes(passed=1, failed=1)
    out = r.stdout.str()
    assert "newsclean fixture beta" in out
    assert "section 1 paragraph 1" in out and "[-前因后果-]" in out and "{+来龙去脉+}" in out
    assert "Traceback" not in out and "AssertionError" not in out
    r = pytester.runpytest_inprocess(*args, "--newsclean-update")
    r.assert_outcomes(passed=2)
    assert "rewrote expected files of 2 cases" in r.stdout.str()
    assert "来龙去脉" in p.read_text(encoding="utf-8")
    pytester.runpytest_inprocess(*args).assert_outcomes(passed=2)


def test_keyword_selection_applies(pytester, pytestconfig, fx):
    r = pytester.runpytest_inprocess("--newsclean-fixtures", str(fx), "-k", "beta", *_plugin_args(pytestconfig))
    r.assert_outcomes(passed=1, deselected=1)


def test_absent_option_leaves_normal_collection_alone(pytester, pytestconfig, fx):
    pytester.makepyfile(test_plain="def test_one():\n    assert 1 + 1 == 2\n")
    r = pytester.runpytest_inprocess(*_plugin_args(pytestconfig))
    r.assert_outcomes(passed=1)
    assert "alpha" not in r.stdout.str()
    # with the option, both the normal test and the cases run
    r = pytester.runpytest_inprocess("--newsclean-fixtures", str(fx), *_plugin_args(pytestconfig))
    r.assert_outcomes(passed=3)


def test_broken_case_is_its_own_error(pytester, pytestconfig, fx):
    (fx / "alpha" / "case.toml").write_text('notee = "typo"\n', encoding="utf-8")
    r = pytester.runpytest_inprocess("--newsclean-fixtures", str(fx), *_plugin_args(pytestconfig))
    r.assert_outcomes(passed=1, failed=1)
    assert "unknown keys" in r.stdout.str()
    with pytest.raises(Exception):
        load_case(fx / "alpha")
