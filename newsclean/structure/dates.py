"""Dates as Chinese pages write them -> ISO 8601.

Forms: 2025年12月10日, 2025-12-10 08:30, 2025/12/10, 2025.12.10, 12月10日(电) with the year taken from
context, full-width digits (２０２５年), Chinese numerals (二〇二五年九月二十七日, 九月二十七日).
A month-day without a known year comes back as ISO 8601's "--MM-DD".
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○Ｏ一二两三四五六七八九十"


def cn_number(s: str) -> int | None:
    """Chinese numeral (up to 99, or a digit-by-digit year like 二〇二五) -> int."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        if all(c in _CN_DIGIT for c in s):
            return int("".join(str(_CN_DIGIT[c]) for c in s))
        return None
    head, _, tail = s.partition("十")
    if (head and head not in _CN_DIGIT) or (tail and tail not in _CN_DIGIT) or "十" in tail:
        return None
    return (_CN_DIGIT[head] if head else 1) * 10 + (_CN_DIGIT[tail] if tail else 0)


_DIGITS = str.maketrans({c: unicodedata.normalize("NFKC", c) for c in "０１２３４５６７８９：－／．"})


_WIDE = {chr(k): v for k, v in _DIGITS.items()}
_WIDE_RX = re.compile("[" + "".join(_WIDE) + "]")


def normalize_digits(text: str) -> str:
    """Full-width digits, colons and separators -> ASCII; everything else unchanged, same length."""
    # (a substitution per full-width character: str.translate looks every character up in the table)
    return _WIDE_RX.sub(lambda m: _WIDE[m[0]], text)


_FULL = re.compile(
    r"(?<!\d)(?P<y>\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*(?:年\s*|(?P<sep>[-/.]))"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*(?:月\s*|(?P=sep))"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})(?!\d)\s*[日号]?"
    # a weekday may stand between the date and its time ("2024年3月5日 星期二 09:30", "（周二）")
    r"(?:\s*(?:[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?\s*)?(?:[T,，]\s*)?(?P<ap>上午|下午|早上|中午|晚上|凌晨)?\s*(?P<H>\d{1,2})\s*[:时点]\s*(?P<M>\d{1,2})"
    r"(?:\s*[:分]\s*(?P<S>\d{1,2}))?)?"
)
# "05/19/2024" (month first, as English-language pages of Chinese outlets write it) or "19/05/2024":
# read only when one part cannot be a month, so the order is never guessed.
_DMY = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])"
                  r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?")
# 12-hour clock words: "下午3:15" is 15:15 ("中午12:30" stays 12:30)
_PM = ("下午", "晚上", "中午")
_MONTH_DAY = re.compile(
    r"(?<![\d年/.-])(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]"
)


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int
    has_year: bool


def _iso(y: int | None, m: int, d: int, hh: int | None = None, mm: int | None = None,
         ss: int | None = None) -> str | None:
    try:
        _dt.date(y or 2000, m, d)  # 2000 is a leap year: 2月29日 without a year stays valid
    except ValueError:
        return None
    if y is None:
        return f"--{m:02d}-{d:02d}"
    out = f"{y:04d}-{m:02d}-{d:02d}"
    if hh is not None and mm is not None and hh < 24 and mm < 60:
        out += f"T{hh:02d}:{mm:02d}"
        if ss is not None and ss < 60:
            out += f":{ss:02d}"
    return out


# Every date form holds 月 or a separator (-/.), maybe full-width: a line without one has no date
# (most lines a caller asks about), and skips both scans.
DATE_MARKS = "月/.－／．-"
DATE_MARK = re.compile(f"[{DATE_MARKS}]")


_EN_MONTHS = {m: k + 1 for k, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                                "nov", "dec"))}
_EN_HINT = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? ?\d")
# "May 9, 2024", "Sept. 9 2024 10:23", "9 May 2024": English dates on bilingual pages
_EN_DATE = re.compile(
    r"(?<![A-Za-z])(?:(?P<mon>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6})\.?\s+(?P<d>\d{1,2})"
    r"(?:st|nd|rd|th)?,?|(?P<d2>\d{1,2})\s+(?P<mon2>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6})\.?,?)"
    r"\s+(?P<y>\d{4})(?!\d)(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?")


def _english(text: str) -> list[FoundDate]:
    out = []
    for m in _EN_DATE.finditer(text):
        mon = (m["mon"] or m["mon2"]).lower()
        mo = _EN_MONTHS.get(mon[:3])
        if mo is None or (len(mon) > 3 and not ("january february march april may june july august september "
                                               "sept october november december").count(mon)):
            continue
        iso = _iso(int(m["y"]), mo, int(m["d"] or m["d2"]), *(int(m[g]) if m[g] else None for g in "HMS"))
        if iso:
            out.append(FoundDate(iso, m.start(), m.end(), True))
    return out


def english_date_line(text: str) -> str | None:
    """The ISO date when all of `text` is one English date ("May 9, 2024", "9 May 2024 10:23")."""
    t = text.strip()
    if len(t) > 32 or not _EN_HINT.search(t):
        return None
    found = _english(t)
    return found[0].iso if found and found[0].start == 0 and found[0].end >= len(t.rstrip(".")) else None


def find_dates(text: str, year: int | None = None) -> list[FoundDate]:
    """Every date in `text`, in order; month-day forms take `year` when given."""
    if not DATE_MARK.search(text):
        return _english(text) if _EN_HINT.search(text) else []
    found = _scan(text, year)
    if _EN_HINT.search(text):
        found = sorted(found + [f for f in _english(text)
                                if not any(o.start <= f.start < o.end for o in found)], key=lambda f: f.start)
    return found


def _scan(text: str, year: int | None) -> list[FoundDate]:
    norm = normalize_digits(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for m in _FULL.finditer(norm):
        y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
        if y is None or mo is None or d is None or not 1000 <= y <= 2999:
            continue
        hh = int(m["H"]) if m["H"] else None
        if hh is not None and hh < 12 and m["ap"] in _PM:
            hh += 12
        iso = _iso(y, mo, d, hh, *(int(m[g]) if m[g] else None for g in "MS"))
        if iso:
            found.append(FoundDate(iso, m.start(), m.end(), True))
            taken.append(m.span())
    if "/" in norm:
        for m in _DMY.finditer(norm):
            if any(a <= m.start() < b for a, b in taken):
                continue
            a, b = int(m["a"]), int(m["b"])
            if (a > 12) == (b > 12):
                continue  # both could be the month (or neither): ambiguous
            mo, d = (b, a) if a > 12 else (a, b)
            iso = _iso(int(m["y"]), mo, d, *(int(m[g]) if m[g] else None for g in "HMS"))
            if iso:
                found.append(FoundDate(iso, m.start(), m.end(), True))
                taken.append(m.span())
    for m in _MONTH_DAY.finditer(norm):
        if any(a <= m.start() < b for a, b in taken):
            continue
        mo, d = cn_number(m["m"]), cn_number(m["d"])
        if mo is None or d is None:
            continue
        iso = _iso(year, mo, d)
        if iso:
            found.append(FoundDate(iso, m.start(), m.end(), year is not None))
    found.sort(key=lambda f: f.start)
    return found


def parse_date(text: str, year: int | None = None) -> str | None:
    """The first date in `text` as ISO 8601 (YYYY-MM-DD[THH:MM[:SS]], or --MM-DD without a year)."""
    dates = find_dates(text, year)
    return dates[0].iso if dates else None


# "3小时前", "刚刚", "昨天 10:23": when the page was viewed, not when the article was published
_RELATIVE = re.compile(r"(?:\d{1,3}\s*(?:秒|分钟|小时|天|周|个月)前|刚刚|今天|昨天|前天)(?:\s*\d{1,2}:\d{2})?")


def is_relative_time(text: str) -> bool:
    """All of `text` is a relative time stamp (never a date)."""
    t = text.strip()
    return len(t) <= 12 and ("前" in t or "刚" in t or "天" in t) and _RELATIVE.fullmatch(normalize_digits(t)) is not None


def context_year(texts) -> int | None:
    """The year of the first full date in `texts` (strings), to complete month-day datelines."""
    for t in texts:
        if t and DATE_MARK.search(t):
            y = _first_year(normalize_digits(t))
            if y is not None:
                return y
    return None


def _first_year(norm: str) -> int | None:
    """The year of the first valid full date (what find_dates lists first with has_year), without the
    month-day scan or the rest of the text."""
    for m in _FULL.finditer(norm):
        y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
        if y is not None and mo is not None and d is not None and 1000 <= y <= 2999 and _iso(y, mo, d):
            return y
    return None
