"""Bylines, datelines, source/editor lines and end marks -> metadata fields.

A line is taken as metadata only when ALL of it parses: labels from data/structure_labels.tsv
(作者, 记者, 来源, 原标题, 责任编辑 …) with values of the expected kind (names, short text, a date),
optionally after an outlet or a date. Anything left over means the line is body text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .captions import credit_pattern
from .dates import DATE_MARK, DATE_MARKS, english_date_line, find_dates, is_relative_time, parse_date
from .text import data_lines, folds_to, has_inner_stop, is_name, norm1, required_chars, screen

_SPLIT_NAMES = re.compile(r"[\s、,，;；/|丨]+|(?<=[\u4e00-\u9fff])(?:和|及|与)(?=[\u4e00-\u9fff]{2})")
_SEP = r"\s*[:|/丨]\s*"
_SEP_RE = re.compile(_SEP)
_PARENS = re.compile(r"^[(【\[](.*)[)】\]]$")
_STAFF_CODE = re.compile(r"[_\s]*[A-Za-z]{1,4}\d{3,}$")
_STORY_CODE = re.compile(r"^([(【\[].*[)】\]])\s*\d{6,8}$")
# "《人民日报》（2024年05月10日 04版）": the print edition the page reproduces
_PRINT_SOURCE = re.compile(r"^《\s*(?P<outlet>[^《》]{2,20}?)\s*》\s*\((?P<date>[^()]{6,20}?)\s*(?:第?\s*\d{1,3}\s*版)?\s*\)$")
_SUFFIX_CREDIT = re.compile(r"(?P<value>[^/]+?)\s*/\s*(?P<label>文|摄影|摄|图|漫画|制图)(?=\s|$)")
# a dateline opens the lead paragraph: <outlet><place><date>电|讯
_DATELINE = re.compile(
    r"^\s*(?P<pre>[\u4e00-\u9fffA-Za-z]{2,24}?)\s*(?P<date>(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日)\s*"
    r"(?:电|讯)"
)
# "本报讯", "【明报专讯】", "【环球时报综合报道】", "央视网消息：": the house's own report
# (a one-character house name only in brackets: "晨报讯（…）" is left whole, as the corpus' clean texts keep it)
_HOUSE = re.compile(r"^\s*(?:(?P<open>[【\[])(?P<bpre>[\u4e00-\u9fff]{1,10}?(?:日报|晚报|早报|商报|时报|网|报|社|台))"
                    r"(?:专讯|快讯|讯|(?:综合)?报道)[】\]]|(?P<pre>本报|本刊|本台|本网|[\u4e00-\u9fff]{2,10}?(?:日报|晚报|早报|商报|时报|网|报|社|台))"
                    r"(?:专讯|快讯|讯|消息(?=\s*[:(])))")
_ROLE_TOKEN = re.compile(r"^(?P<outlet>[\u4e00-\u9fffA-Za-z]{0,10}?)(?:特约记者|实习记者|见习记者|记者|通讯员|实习生|特约评论员|评论员|特约撰稿人|撰稿人)$")
# "广州日报记者赖伟行": outlet, role word, names in one token
_ROLE_INSIDE = re.compile(r"^(?P<outlet>[\u4e00-\u9fffA-Za-z]{0,12}?)(?:特约记者|记者|通讯员|特约评论员|评论员)"
                          r"(?P<names>[\u4e00-\u9fff·]{2,12})$")
_NAMES_OUTLET = re.compile(r"^(?P<names>[^()]{2,20}?)\s*\((?P<org>[^()]{2,16})\)$")
_WIRE_WORDS = ("专稿", "特稿", "供稿", "稿", "报道", "综合报道")
_BRACKET_SOURCE = re.compile(r"^(?P<org>[\u4e00-\u9fffA-Za-z]{2,16}?)(?:综合报道|报道|专稿|供稿)$")
_DATE_WHO = re.compile(r"^(?P<date>\d[^·|丨]{7,24}?)\s*[·|丨]\s*(?P<who>[^\s\d·|丨]{2,20})$")
# "… 2024-05-09 10:23 发表于北京", "IP属地：湖北": where the poster was, not a field of the article
_IP_PLACE = re.compile(r"\s+(?:发表于|发布于|IP属地\s*:?)\s*[\u4e00-\u9fff]{2,3}$")
_WHO_DATE = re.compile(r"^(?P<who>[^\s\d][^\s]{1,24})\s+(?P<date>\d.{7,24})$")
# "本文首发于39深呼吸公众号", "本文转载自新华网": where the article comes from
_SOURCE_STATEMENT = re.compile(r"^(?:本文|此文|该文)?(?:首发于|首发在|转载自|转自|来源于|原载于|原文刊载于|刊发于)\s*(?P<src>[^,，;；。]{2,40})[。.]?$")
# "（记者 张三）", and the lenticular brackets of Taiwan and Hong Kong papers ("〔记者王小明／台北报导〕")
_LEAD_PAREN = re.compile(r"^\s*[(〔【]\s*(?P<inner>[^()〔〕【】]{2,60})[)〕】]")
_LEAD_OPENERS = "(〔【"
# "台北报导", "综合报道": where or how the story was reported, closing a byline; not a name
_REPORTED = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:报导|报道)$")
# "By John Smith and Li Wei": an English byline on a Chinese page
_BY = re.compile(r"^by\s+(?P<names>.{2,70})$", re.I)
_BY_SPLIT = re.compile(r"\s*(?:,|，|、|&|\band\b)\s*")


@dataclass
class MetaFields:
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    source: str | None = None
    editor: str | None = None
    original_title: str | None = None
    published: str | None = None
    credits: list[str] = field(default_factory=list)
    dateline: str | None = None
    end_mark: bool = False

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], False)}


@lru_cache(maxsize=None)
def _labels() -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    table = {}
    for ln in data_lines("structure_labels.tsv"):
        label, fld, kind = ln.split("\t")[:3]
        table[label] = (fld, kind)
    alts = "|".join(re.escape(x) for x in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?P<label>{alts})")


@lru_cache(maxsize=None)
def outlets() -> tuple[str, ...]:
    return tuple(sorted(data_lines("structure_outlets.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(data_lines("structure_outlet_suffixes.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _end_marks() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in data_lines("structure_endmarks.txt"))


_LATIN = re.compile(r"[A-Za-z]")
_SHORT_ORG = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,8}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{5,8}")
_LATIN_WHO = re.compile(r"[A-Za-z][\w.-]{2,24}")


def is_outlet(token: str) -> bool:
    token = token.strip()
    if not token or len(token) > 20 or has_inner_stop(token):
        return False
    return token in outlets() or token.endswith(_suffixes()) or bool(_LATIN.search(token))


def split_outlet_place(pre: str) -> tuple[str | None, str]:
    """'新华社北京' -> ('新华社', '北京'); '中国经济网' -> ('中国经济网', '')."""
    for o in outlets():
        if pre.startswith(o):
            return o, pre[len(o):]
    best = None
    for k in range(2, len(pre) + 1):
        if pre[:k].endswith(_suffixes()) and len(pre) - k <= 8:
            best = k
            break
    if best:
        return pre[:best], pre[best:]
    return None, pre


@lru_cache(maxsize=None)
def _end_mark_screen() -> re.Pattern | None:
    return screen("|".join(p.pattern for p in _end_marks()))


@lru_cache(maxsize=None)
def _raw_end_mark_screen() -> re.Pattern | None:
    """The end-mark screen for text not yet width-folded."""
    chars = required_chars("|".join(p.pattern for p in _end_marks()))
    return re.compile(f"[{re.escape(folds_to(chars))}]") if chars else None


def strip_end_mark(text: str) -> tuple[str, bool]:
    t = norm1(text).strip()
    sc = _end_mark_screen()
    if sc is not None and not sc.search(t):   # every end mark holds 完: most lines skip the patterns
        return t, False
    for p in _end_marks():
        m = p.search(t)
        if m:
            return (t[: m.start()] + t[m.end():]).strip(), True
    return t, False


@lru_cache(maxsize=None)
def _byline_verbs() -> frozenset[str]:
    return frozenset(data_lines("structure_byline_verbs.txt"))


def _names(value: str) -> list[str] | None:
    toks = [t for t in _SPLIT_NAMES.split(value.strip()) if t]
    if len(toks) in (2, 3) and all(len(t) == 1 for t in toks):  # "邹 明": a name spaced out
        toks = ["".join(toks)]
    return toks if toks and all(is_name(t) for t in toks) else None


def _add(out: MetaFields, fld: str, kind: str, value: str, year: int | None, runs_on: bool = False) -> bool:
    """Reads one field's value into `out`; False when the value is not of the field's kind. `runs_on`: the value
    follows its label with no separator ("新华社记者邹多为"), where a run of Han characters is a word going on
    (记者会于下午举行: 记者会, a press conference), not two names written together."""
    value = value.strip(" :|/-—")
    if not value:
        return False
    if kind == "names" and fld == "editor" and value[-1:].isdigit():
        # a CMS staff code after (or instead of) the editor's name: "杜硕_NB12556", "NF041"
        value = _STAFF_CODE.sub("", value)
        if not value:
            return True   # the label and a code only: a byline line, nothing to record
    if kind == "names":
        # "本报记者 黄轶涵", "新华社记者 张三": the role word is not a name
        toks = []
        for tok in _SPLIT_NAMES.split(value):
            inside = _ROLE_INSIDE.match(tok)
            if inside and is_name(inside["names"]):
                if inside["outlet"] and is_outlet(inside["outlet"]):
                    out.outlet = out.outlet or inside["outlet"]
                toks.append(inside["names"])
                continue
            r = _ROLE_TOKEN.match(tok)
            if r:
                if r["outlet"] and r["outlet"] not in ("本报", "本刊", "本台", "本网") and is_outlet(r["outlet"]):
                    out.outlet = out.outlet or r["outlet"]
                continue
            if tok and tok not in _byline_verbs() and not _REPORTED.match(tok):
                toks.append(tok)
        value = " ".join(toks)
        if not value:
            return False
        names = _names(value)
        if names is None and fld == "authors" and not runs_on and _HAN_RUN.fullmatch(value):
            names = [value]  # two names written together ("上官云宋宇晟"): kept whole, not guessed apart
        if names is None:
            toks = [t for t in _SPLIT_NAMES.split(value) if t]
            # "文|奇点Journal 孟雯": an outlet may lead the names
            if len(toks) >= 2 and is_outlet(toks[0]) and _names(" ".join(toks[1:])):
                out.outlet = out.outlet or toks[0]
                names = toks[1:]
            else:
                return False
        target = getattr(out, fld)
        if isinstance(target, list):
            target.extend(n for n in names if n not in target)
        else:
            setattr(out, fld, target or "、".join(names))
        return True
    if kind == "who_source":   # "原创 张三 科技日报": the author, then the account publishing it
        toks = value.split()
        if len(toks) >= 2 and is_name(toks[0]) and not has_inner_stop(value):
            out.authors.extend(t for t in toks[:1] if t not in out.authors)
            value = " ".join(toks[1:])
        fld = "source"
        if len(value) > 40 or has_inner_stop(value):
            return False
        out.source = out.source or value
        return True
    if kind == "date":
        d = parse_date(value, year)
        if not d:
            return False
        out.published = out.published or d
        return True
    if len(value) > 80 or (fld != "original_title" and has_inner_stop(value)):
        return False
    if fld == "source":  # "39健康网2024-04-23 12:27:25": a source with its date
        dates = find_dates(value, year)
        if dates and dates[-1].end >= len(norm1(value).rstrip()) - 1 and dates[-1].start > 0:
            if not dates[-1].iso.startswith("--"):
                out.published = out.published or dates[-1].iso
            value = value[: dates[-1].start].strip()
    if fld == "original_title" and value.startswith(("：", ":")):
        value = value[1:]
    setattr(out, fld, getattr(out, fld) or value)
    return True


def parse_meta_line(text: str, year: int | None = None, max_chars: int = 80) -> MetaFields | None:
    """All of `text` as byline/source/editor/date metadata, or None when any part is body text."""
    if len(text) > max_chars:   # too long even without an end mark: said without folding the text
        sc = _raw_end_mark_screen()
        if sc is not None and not sc.search(text) and len(text.strip()) > max_chars:
            return None
    out = _parse_meta_line(text, year, max_chars)
    if out is not None and out.credits and not (out.authors or out.source or out.editor or out.published):
        return None  # a photo credit alone ("图/路透社") is a caption, not a byline
    if out is not None:
        _restore_width(out, text)
    return out


def _restore_width(out: MetaFields, original: str) -> None:
    """Values were read from the width-folded line: give them back their original characters."""
    norm = norm1(original)

    def back(v: str | None) -> str | None:
        if not v:
            return v
        a = norm.find(v)
        return original[a: a + len(v)] if a >= 0 else v

    out.source, out.original_title, out.outlet = back(out.source), back(out.original_title), back(out.outlet)
    out.authors = [back(a) or a for a in out.authors]


_SPACED_LABEL = re.compile(r"^([\u4e00-\u9fff]) +([\u4e00-\u9fff])(?=\s*[:|])")   # "监 制：高明勇"
_PAREN_FIELD = re.compile(r"\s*\((?=[^()]*[:|])([^()]*)\)")


@lru_cache(maxsize=None)
def _meta_screen() -> re.Pattern | None:
    """Characters a metadata line needs one of: a label's, a source statement's, a date's, or ( / 《.
    The steps below only drop characters (brackets, spaces), so a line without any cannot parse."""
    parts = [required_chars(_labels()[1].pattern), required_chars(_SOURCE_STATEMENT.pattern), "(/《", DATE_MARKS]
    if not all(parts):
        return None
    return re.compile("[" + re.escape("".join(sorted(set("".join(parts))))) + "]")


def _parse_meta_line(text: str, year: int | None, max_chars: int) -> MetaFields | None:
    t, end = strip_end_mark(text)
    if not t:
        return MetaFields(end_mark=end) if end else None
    if len(t) > max_chars:
        return None
    if not end and t[:3].lower() == "by ":
        bm = _BY.match(t)
        names = [x for x in _BY_SPLIT.split(bm["names"]) if x] if bm else []
        return MetaFields(authors=names) if names and all(is_name(x) for x in names) else None
    if not end and t[:1].isascii() and t[:1].isalnum():
        d = english_date_line(t)   # "May 9, 2024"
        if d:
            return MetaFields(published=d)
    if not end and is_relative_time(t):
        return MetaFields()  # "3小时前": when the page was viewed, not a date of the article
    if not end:   # (with an end mark, a line that empties below is the end mark alone)
        sc = _meta_screen()
        if sc is not None and not sc.search(t):
            return None
    out = MetaFields(end_mark=end)
    if ("于" in t or "IP" in t) and (ip := _IP_PLACE.search(t)):
        t = t[: ip.start()]
    if t[-1:].isdigit() and t[:1] in "(【[" and (code := _STORY_CODE.match(t)):
        t = code.group(1)   # "（編輯：張三）1130305": a wire's story code (CNA's ROC date) after its editor line
    m = _PARENS.match(t)
    if m:
        t = m.group(1).strip()
        # "（星岛日报报道）": the outlet that reported it, in brackets on its own line
        w = _BRACKET_SOURCE.match(t)
        if w and is_outlet(w["org"]):
            out.source = w["org"]
            return out
    # "监 制：高明勇": a label spaced out
    t = _SPACED_LABEL.sub(r"\1\2", t) if " " in t else t
    # "陈立希（新华社专稿）": names, then the outlet in brackets
    nb = _NAMES_OUTLET.match(t) if "(" in t else None
    if nb and _names(nb["names"]) and (is_outlet(nb["org"]) or nb["org"].endswith(_WIRE_WORDS)):
        out.authors = _names(nb["names"]) or []
        out.outlet = re.sub("(?:" + "|".join(_WIRE_WORDS) + ")$", "", nb["org"]) or None
        return out
    # "作者：刘俊 （来源：广州日报）": parenthesised fields are fields like the others
    t = (_PAREN_FIELD.sub(r" \1", t) if "(" in t else t).strip()
    st = _SOURCE_STATEMENT.match(t)
    if st and not has_inner_stop(st["src"]):
        out.source = st["src"].strip(" .")
        return out
    ps = _PRINT_SOURCE.match(t)
    if ps and parse_date(ps["date"], year):
        out.source = ps["outlet"]
        out.published = parse_date(ps["date"], year)
        return out
    # "本报记者 黄轶涵/文 黄昕/漫画"
    credits = list(_SUFFIX_CREDIT.finditer(t)) if "/" in t else []   # its scan is slow: most lines hold no /
    if credits and "".join(c.group(0) for c in credits).replace(" ", "") == t.replace(" ", ""):
        for c in credits:
            fld = "authors" if c["label"] == "文" else "credits"
            if not _add(out, fld, "names", c["value"], year):
                return None
        return out
    table, label_re = _labels()
    hits = []
    pos = 0
    for lm in label_re.finditer(t):
        if lm.start() < pos:
            continue
        label = lm["label"]
        rest = t[lm.end():]
        sep = _SEP_RE.match(rest)
        if len(label) == 1 and not sep:
            continue
        before = t[lm.start() - 1] if lm.start() else ""
        # (a labelled field may run straight on after a free-text value: "本文来源：新京报责任编辑：杜硕")
        if hits and before not in " |,，;；)" and not (sep and len(label) >= 2 and table[hits[-1]["label"]][1] == "text"):
            continue
        if hits and not t[hits[-1].end(): lm.start()].strip() and table[hits[-1]["label"]][0] == table[label][0]:
            head = hits[-1].start() if len(hits) == 1 else head
            hits[-1] = lm   # "文/图 本报记者 刘芳": two labels of one field, the names after the second
            pos = lm.end()
            continue
        if not hits and lm.start() and not _valid_prefix(t[: lm.start()], year) and not (
                _ROLE_TOKEN.match(label) and _SHORT_ORG.fullmatch(t[: lm.start()])):
            continue  # a reporter label may follow any short organisation name ("总台央视记者")
        # only reporter labels run straight into the names ("新华社记者邹多为"); "编辑点评" is not a byline
        if not sep and not (rest and rest[0].isspace()) and not _ROLE_TOKEN.match(label) and not (
                table[label][1] == "date" and rest[:1].isdigit()):   # "更新于2023.11.02"
            continue
        if not hits:
            head = lm.start()
        hits.append(lm)
        pos = lm.end()
    if not hits:
        d = parse_date(t, year) if _maybe_date(t) else None
        if d:
            out.published = d
            # "张三 2024-05-09 10:23": a two-character name passes for a date's leftovers; 周四 does not
            wd = _WHO_DATE.match(t) if t[:1] > "\u4e00" else None
            if wd and is_name(wd["who"]) and not _TIME_WORD.fullmatch(wd["who"]) and _only_date(wd["date"]):
                out.authors = [wd["who"]]
            return out
        # "maomaobear 2015-06-19 11:20:11", "张三 2024年5月1日": who, then when
        wd = _WHO_DATE.match(t)
        if wd and _only_date(wd["date"]) and parse_date(wd["date"], year) and (
                is_name(wd["who"]) or _LATIN_WHO.fullmatch(wd["who"])):
            out.authors = [wd["who"]]
            out.published = parse_date(wd["date"], year)
            return out
        # "2024-05-09 10:23·湖北日报": when, then the account that published it
        dw = _DATE_WHO.match(t) if t[:1].isdigit() else None
        if dw and _only_date(dw["date"]) and parse_date(dw["date"], year) and is_outlet(dw["who"]):
            out.source = dw["who"]
            out.published = parse_date(dw["date"], year)
            return out
        return out if end and not t else None
    # "来源：新华社 作者：陈刚 2024-05-09 08:00:00": the line's date closes it, after the last field's value
    if DATE_MARK.search(t, hits[-1].end()) and table[hits[-1]["label"]][1] != "date":
        dates = find_dates(t[hits[-1].end():], year)
        last = dates[-1] if dates else None
        if last and last.start > 0 and hits[-1].end() + last.end >= len(t.rstrip()) - 1 \
                and t[hits[-1].end() + last.start - 1].isspace() and not last.iso.startswith("--"):
            out.published = last.iso
            t = t[: hits[-1].end() + last.start].rstrip()
    prefix = t[:head].strip()
    if prefix and is_relative_time(prefix.rstrip(" ·|")):
        prefix = ""   # "2小时前 · 来源：财经网"
    if prefix:
        d = parse_date(prefix, year) if _maybe_date(prefix) else None
        if d:
            out.published = d
        else:
            out.outlet = prefix
    for i, h in enumerate(hits):
        stop = hits[i + 1].start() if i + 1 < len(hits) else len(t)
        fld, kind = table[h["label"]]
        rest = t[h.end(): stop]
        if not _add(out, fld, kind, rest, year, runs_on=not _SEP_RE.match(rest) and not rest[:1].isspace()):
            return None
    return out


def _valid_prefix(prefix: str, year: int | None) -> bool:
    p = prefix.strip()
    if not p or is_relative_time(p.rstrip(" ·|")):
        return True
    if _maybe_date(p) and parse_date(p, year):
        return True
    return is_outlet(p) and len(p) <= 12


_NOT_DATE = re.compile(r"[\d\s年月日号:/.\-T时分秒]|星期.|周.|上午|下午|[〇零一二三四五六七八九十]")


_TIME_WORD = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]|上午|下午|凌晨|中午|晚上|早上|今天|昨天|前天")


def _maybe_date(text: str) -> bool:
    """Nothing but a date's characters, and a date's mark (月, -, /, .): the cheap tests before parse_date."""
    return DATE_MARK.search(text) is not None and _only_date(text)


def _only_date(text: str) -> bool:
    rest = _NOT_DATE.sub("", text)
    return len(rest) <= 2


def parse_lead(text: str, year: int | None = None) -> tuple[MetaFields, int] | None:
    """A dateline/lead opening a paragraph ('新华社北京12月10日电（记者 张三）…', '本报讯（记者…）').

    Returns the fields and how many characters of `text` the lead takes, or None.
    """
    # A lead needs 讯, or 月 and 电, or opens with a bracket: most paragraphs have none and skip the
    # folding and the scans (width folding keeps these characters and what is a space).
    first = text.lstrip()[:1]
    if not first or ("讯" not in text and ("电" not in text or "月" not in text) and norm1(first) not in _LEAD_OPENERS
                     and "消息" not in text[:20]):
        return None
    return _parse_lead(text, year)


# "（中央社记者王大明台北9日电）": the dateline in brackets, reporter and place run together
_PAREN_DATELINE = re.compile(r"^\s*\((?P<org>[\u4e00-\u9fff]{2,8}?)(?:特约记者|记者)(?P<who>[\u4e00-\u9fff、·]{4,30}?)"
                             r"(?P<date>(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)(?:专电|电)\)")


# the reporters after a dateline without brackets, closed by 报道 or a colon
_LEAD_REPORTER = re.compile(r"\s*(?:特约记者|记者|通讯员)\s*(?P<names>[\u4e00-\u9fff·、 ]{2,30}?)\s*(?:报道\s*:?|:)")


def _paren_dateline(t: str, year: int | None) -> tuple[MetaFields, int] | None:
    m = _PAREN_DATELINE.match(t)
    if not m or not is_outlet(m["org"]):
        return None
    *names, last = m["who"].split("、")
    # the last name runs into the place: names are mostly 3 characters (2 when only 4 are left)
    k = 2 if len(last) == 4 else 3
    names.append(last[:k])
    place = last[k:]
    if len(place) < 2 or not all(is_name(n) for n in names):
        return None
    date = m["date"] if "月" in m["date"] else None
    return MetaFields(authors=names, outlet=m["org"], dateline=place,
                      published=parse_date(date, year) if date else None), m.end()


def _parse_lead(text: str, year: int | None) -> tuple[MetaFields, int] | None:
    t = norm1(text)
    if t.lstrip()[:1] == "(" and "日" in t[:40]:
        found = _paren_dateline(t, year)
        if found:
            return found
    out = MetaFields()
    end = 0
    m = _DATELINE.match(t)
    if m:
        outlet, place = split_outlet_place(m["pre"])
        if outlet is None:
            return None
        out.outlet = outlet if outlet not in ("本报", "本刊", "本台", "本网") else None
        out.dateline = place or None
        out.published = parse_date(m["date"], year)
        end = m.end()
    else:
        m = _HOUSE.match(t)
        if m:
            o = m["pre"] or m["bpre"]
            out.outlet = None if o in ("本报", "本刊", "本台", "本网") else o
            end = m.end()
    p = _LEAD_PAREN.match(t[end:])
    if p:
        inner = parse_meta_line(p["inner"], year)
        # bare names only in round brackets: "【编者按】", "【独家】" open leads too
        # (after a dateline, or opening a paragraph: "（未完待续）" alone on a line is no reporter)
        if inner is None and t[end:].lstrip()[:1] == "(" and _names(p["inner"]) and not credit_pattern(p["inner"]) \
                and (end or t[end + p.end():].strip()):
            inner = MetaFields(authors=_names(p["inner"]) or [])
        if inner and inner.authors:
            out.authors = inner.authors
            out.outlet = out.outlet or inner.outlet
            end += p.end()
    elif m and (r := _LEAD_REPORTER.match(t, end)) and _names(r["names"]):
        out.authors = _names(r["names"]) or []   # "本报武汉5月9日电　记者李四报道："
        end = r.end()
    if not end:
        return None
    # separators after the lead
    while end < len(t) and t[end] in " :—-|":
        end += 1
    return out, end
