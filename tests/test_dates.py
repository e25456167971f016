"""Dates as Chinese pages write them -> ISO 8601."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean.structure.dates import cn_number, context_year, find_dates, parse_date


@pytest.mark.parametrize("text, year, iso", [
    ("2025年12月10日", None, "2025-12-10"),
    ("2025-12-10 08:30", None, "2025-12-10T08:30"),
    ("2025/1/5 8:05:09", None, "2025-01-05T08:05:09"),
    ("2025.12.10", None, "2025-12-10"),
    ("发布时间：2025年12月10日 08:30", None, "2025-12-10T08:30"),
    ("12月10日电", 2025, "2025-12-10"),
    ("12月10日电", None, "--12-10"),
    ("２０２５年１２月１０日", None, "2025-12-10"),
    ("中新网杭州６月１９日电", 2024, "2024-06-19"),
    ("二〇二五年九月二十七日", None, "2025-09-27"),
    ("九月二十七日", 2025, "2025-09-27"),
    ("十月一日", 2024, "2024-10-01"),
])
def test_forms(text, year, iso):
    assert parse_date(text, year) == iso


@pytest.mark.parametrize("text", ["2月30日", "2025年13月1日", "13月1日", "没有日期的句子", "3.14"])
def test_not_dates(text):
    assert parse_date(text, 2025) is None


def test_leap_day_without_year_is_kept():
    assert parse_date("2月29日") == "--02-29"


@pytest.mark.parametrize("s, n", [("九", 9), ("十", 10), ("十二", 12), ("二十七", 27), ("三十一", 31), ("二〇二五", 2025)])
def test_chinese_numerals(s, n):
    assert cn_number(s) == n


def test_context_year_takes_first_full_date():
    assert context_year([None, "记者 张三", "2024年3月1日 来源：新华网", "2025-01-01"]) == 2024
    assert context_year(["12月10日电"]) is None


def test_find_dates_positions():
    text = "会议于2025年12月10日召开，12月12日闭幕。"
    found = find_dates(text, 2025)
    assert [f.iso for f in found] == ["2025-12-10", "2025-12-12"]
    assert text[found[0].start:found[0].end].startswith("2025年12月10日")


_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_CN = "〇一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(0, 4))
def test_every_style_round_trips(d, style):
    y, m, day = d.year, d.month, d.day
    text = [
        f"{y}年{m}月{day}日",
        f"{y}-{m:02d}-{day:02d}",
        f"{y}年{m}月{day}日".translate(_FW),
        "".join(_CN[int(c)] for c in str(y)) + f"年{_cn(m)}月{_cn(day)}日",
        f"{m}月{day}日电",
    ][style]
    assert parse_date("据报道，" + text + "，会议召开。", y) == d.isoformat()
