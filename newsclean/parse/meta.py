"""Page-level metadata from the DOM: title, authors, published date, site, tags.

Sources, best first: <meta> (Open Graph, article:*, name=…), JSON-LD, <title>/<h1>, and the short lines between the
headline and the first paragraph (the "info line": date, 来源, 作者), which lie outside the article container.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from lxml import etree

from .dom import chrome_phrases, norm_text

_SEP = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--|——)\s*")
_HYPHEN_SITE = re.compile(r"^(.{4,}?)\s*[-–—]\s*([\u4e00-\u9fff][^-–—]{1,11})$")
_LEADING_SEP = re.compile(r"^\s*[-–—_|｜]+\s*(.+)$")
_LIST_SEP = re.compile(r"[,，、;；|]+")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?"   # a weekday between date and time
    r"(?:\s*T?\s*(?P<half>上午|中午|下午|晚上|凌晨|早上|[AaPp][Mm])?\s*"   # a 12-hour clock's half of the day
    r"(?P<h>\d{1,2})\s*[:：时]\s*(?P<mi>\d{1,2})(?:\s*[:：分]\s*(?P<s>\d{1,2}))?(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d\d:?\d\d(?!\d))?")
_AFTERNOON = ("下午", "晚上", "PM", "pm", "Pm", "pM")
# A year and a month/day printed in separate boxes ("2024 05/09 22:27:02"): only with the time, which makes it
# a timestamp and not two stray numbers.
_SPLIT_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s+(?P<mo>\d{1,2})\s*/\s*(?P<d>\d{1,2})\s+(?P<h>\d{1,2})\s*:\s*"
                         r"(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?")
_COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d\d)(?P<mo>\d\d)(?P<d>\d\d)(?:(?P<h>\d\d)(?P<mi>\d\d)(?P<s>\d\d)?)?$")
_LABELS = r"(?:作者|记者|编辑|责任编辑|责编|时间|发布|日期|浏览|阅读|点击)"
_SOURCE = re.compile(rf"(?:来源|稿源|出处)\s*[:：]\s*([^\s|｜/\[\]【】]{{2,20}}?)(?=\s|$|[|｜/\]】]|{_LABELS})")
# A name ends at a separator or a bracket: "[作者：唐宁]", "【作者：钱海】【来源：…】", "作者：张三（某某大学教授）".
_AUTHOR = re.compile(r"(?:作者|记者|撰文|撰稿|文)(?:\s*[:：丨/／｜]|\|)\s*([^\s|｜,，\[\]【】（）()〔〕]{2,12}(?:[ 、，,][^\s|｜,，\[\]【】（）()〔〕]{2,4}(?=[\s|｜,，、\]】）)〕]|$)){0,3})"
                     # "记者 张三", "作者 李四": a space is separator enough before a Han name
                     r"|(?:作者|记者)\s+([\u4e00-\u9fff]{2,4}(?:(?:[ 、，,]+[\u4e00-\u9fff]){1,2}){0,3}(?:[ 、，,][\u4e00-\u9fff]{2,4}){0,3})(?![\u4e00-\u9fff:：])")
_AUTHOR_LABELS = re.compile(rf"^{_LABELS}|^(?:来源|稿源|出处|发布|发表|更新|字号|分享)|[:：\d]")
_NOT_NAME = re.compile(r"https?:|www\.|@|\d{3}")

# <meta> keys (name, property or itemprop, lower-cased), best first.
TITLE_KEYS = ("og:title", "twitter:title", "title", "headline", "sharetitle")
SITE_KEYS = ("og:site_name", "application-name", "sitename", "site_name", "apple-mobile-web-app-title")
AUTHOR_KEYS = ("author", "article:author", "byline", "dc.creator", "sailthru.author", "og:article:author")
DATE_KEYS = ("article:published_time", "og:article:published_time", "og:published_time", "og:release_date",
             "datepublished", "publishdate", "pubdate", "publish_date", "publishtime", "publish-date",
             "publish_time", "dc.date.issued", "dc.date", "date", "sailthru.date", "weibo:article:create_at")
TAG_KEYS = ("keywords", "news_keywords", "article:tag", "og:article:tag")


@dataclass
class PageMeta:
    """What the head and the markup say, before the article container is known."""

    title_tag: str | None = None
    metas: dict[str, list[str]] = field(default_factory=dict)
    ld: list[dict] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)

    def first(self, keys) -> str | None:
        for k in keys:
            for v in self.metas.get(k, ()):
                if v:
                    return v
        return None


@lru_cache(maxsize=1)
def site_suffixes() -> tuple[str, ...]:
    text = resources.files("newsclean.data").joinpath("html_site_suffixes.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


_ITEMPROP = etree.XPath("//*[@itemprop]")


def read_page_meta(root, has_itemprop: bool = True) -> PageMeta:
    pm = PageMeta()
    for el in root.iter("title", "meta", "script", "h1", "time"):
        tag = el.tag
        if tag == "title" and pm.title_tag is None:
            pm.title_tag = norm_text(el.text or "") or None
        elif tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            val = el.get("content")
            if key and val and val.strip():
                pm.metas.setdefault(key, []).append(norm_text(val))
        elif tag == "script":
            if (el.get("type") or "").lower() == "application/ld+json" and el.text:
                pm.ld.extend(_ld_objects(el.text))
        elif tag == "h1":
            text = _heading_text(el)
            if text:
                pm.h1.append(text)
        elif tag == "time":
            dt = el.get("datetime") or el.get("pubdate")
            if dt:
                pm.times.append(dt)
    for el in _ITEMPROP(root) if has_itemprop else ():
        if el.tag != "meta":
            key = el.get("itemprop").lower()
            if key in ("datepublished", "author", "headline"):
                val = el.get("content") or el.get("datetime")
                if not val and key == "author" and el.get("itemscope") is not None:
                    val = _scoped_name(el)   # a Person box: its own name, not its badges and bios
                val = val or norm_text("".join(el.itertext()))
                if val:
                    pm.metas.setdefault(key, []).append(norm_text(val))
    return pm


def _scoped_name(el) -> str | None:
    """The itemprop=name inside an itemscope (schema.org microdata) element."""
    for sub in el.iter():
        if sub is not el and (sub.get("itemprop") or "").lower() == "name":
            return norm_text(sub.get("content") or "".join(sub.itertext())) or None
    return None


def _heading_text(el) -> str:
    """A headline's text without the buttons pages put inside it ("播报文章", "分享")."""
    drop = chrome_phrases()[0]
    parts = [el.text or ""]
    for child in el:
        t = norm_text("".join(child.itertext())) if isinstance(child.tag, str) else ""
        if not (t and len(t) <= 8 and drop.fullmatch(t)):
            parts.append("".join(child.itertext()) if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return norm_text("".join(parts))


def _ld_objects(text: str) -> list[dict]:
    try:
        data = json.loads(text.strip().rstrip(";"))
    except ValueError:
        return []
    out, todo = [], [data]
    while todo:
        x = todo.pop(0)
        if isinstance(x, list):
            todo.extend(x)
        elif isinstance(x, dict):
            if "@graph" in x:
                todo.extend(x["@graph"] if isinstance(x["@graph"], list) else [x["@graph"]])
            types = x.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and ("Article" in t or t in ("BlogPosting", "WebPage", "NewsArticle"))
                   for t in types):
                out.append(x)
    return out


def _ld_first(pm: PageMeta, key: str):
    for obj in pm.ld:
        if obj.get(key):
            return obj[key]
    return None


def _names(value) -> list[str]:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if not isinstance(value, str):
        return []
    return [n for n in (norm_text(x) for x in _LIST_SEP.split(value)) if n]


# -- title ----------------------------------------------------------------------------------------------------

def _bigrams(s: str) -> set[str]:
    s = "".join(s.split())
    return {s[i:i + 2] for i in range(len(s) - 1)}


def similar(a: str, b: str) -> float:
    """Dice similarity of character bigrams (whitespace ignored)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 1.0 if "".join(a.split()) == "".join(b.split()) and a.strip() else 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def agrees(a: str, b: str) -> bool:
    ca, cb = "".join(a.split()), "".join(b.split())
    if not ca or not cb:
        return False
    if len(ca) >= 4 and len(cb) >= 4 and (ca in cb or cb in ca):
        return True
    return similar(a, b) >= 0.6


def _strip_site(title: str) -> tuple[str, str | None]:
    """'Headline_Channel_Site' -> ('Headline', 'Site'); a title without separators stays whole."""
    lead = _LEADING_SEP.match(title)
    if lead:  # "-Site": the page left the headline part empty
        return "", lead.group(1)
    parts = [p for p in _SEP.split(title) if p]
    if len(parts) < 2:
        # A bare hyphen splits only when what follows is a short CJK name ("…城！-新华网"; not "COVID-19").
        m = _HYPHEN_SITE.match(title)
        if m and m.group(2).lower().endswith(site_suffixes()):
            return m.group(1), m.group(2)
        return title, None
    # The headline is the longest part ("Site_Headline" happens too); the site is the far end.
    head = max(parts, key=len)
    far = parts[0] if head is parts[-1] else parts[-1]
    return head, (far if far != head and len(far) <= 20 else None)


_LABEL_PREFIX = re.compile(r"^[\[【［〔][^\]】］〕]{1,10}[\]】］〕]\s*(?=\S)")


_MAX_BADGE = 4   # characters of a badge or button at either end of an <h1>


@dataclass
class TitleChoice:
    title: str | None
    confident: bool
    candidates: list[str]
    site_from_title: str | None


def _site_name_only(stripped: str | None, site: str | None, title_tag: str | None) -> bool:
    """A <title> that is a short site name alone ("晨报网"): nothing was cut from it and it ends like one."""
    return bool(stripped) and site is None and stripped == title_tag and len(stripped) <= 10 \
        and stripped.lower().endswith(site_suffixes())


def choose_title(pm: PageMeta) -> TitleChoice:
    meta_title = pm.first(TITLE_KEYS) or (_ld_first(pm, "headline") if isinstance(_ld_first(pm, "headline"), str)
                                          else None)
    cands = [c for c in [pm.title_tag, meta_title, *pm.h1[:3]] if c]
    seen, candidates = set(), []
    for c in cands:
        if c not in seen:
            seen.add(c)
            candidates.append(c)
    stripped, site = _strip_site(pm.title_tag) if pm.title_tag else (None, None)
    stripped = stripped or None
    # Compare with the headline part only: a section name in an <h1> ("新闻中心") may appear in the site suffix.
    refs = [x for x in (stripped, _strip_site(meta_title)[0] if meta_title else None) if x]
    # An <h1> that agrees with the <title> or og:title is the headline as shown on the page.
    agreeing = [h for h in pm.h1 if any(agrees(h, r) for r in refs)]
    if agreeing and not meta_title and _site_name_only(stripped, site, pm.title_tag):
        # "<title>某某日报</title>" and a logo <h1> saying the same: the headline is a longer <h1> beside it
        longer = [h for h in pm.h1 if h not in agreeing and len(h) > len(stripped)]
        if longer:
            return TitleChoice(longer[0], len(longer) == 1, candidates, stripped)
    if agreeing:
        best = max(agreeing, key=lambda h: max(similar(h, r) for r in refs))
        m = _LABEL_PREFIX.match(best)
        if m and any(best[m.end():] == r or not _LABEL_PREFIX.match(r) and best[m.end():] in r for r in refs):
            best = best[m.end():]   # "[社会新闻] headline": a forum or section label the <title> leaves out
        else:
            # "原创headline热", "headline听新闻": badges and buttons inside the <h1> that the <title> leaves out
            for r in refs:
                at = best.find(r) if len(r) >= 4 else -1
                if at >= 0 and best != r and at <= _MAX_BADGE and len(best) - at - len(r) <= _MAX_BADGE:
                    best = r
                    break
        return TitleChoice(best, True, candidates, site)
    if meta_title:
        meta_head, _ = _strip_site(meta_title)
        confident = pm.title_tag is None or agrees(meta_head, pm.title_tag)
        return TitleChoice(meta_head, confident, candidates, site)
    if stripped and pm.h1 and _site_name_only(stripped, site, pm.title_tag) \
            and not any(agrees(h, stripped) for h in pm.h1):
        # "<title>晨报网</title>": the site's name alone; the page's headline is its <h1>
        return TitleChoice(pm.h1[0], len(pm.h1) == 1, candidates, stripped)
    if stripped:
        return TitleChoice(stripped, not pm.h1, candidates, site)
    if pm.h1:
        return TitleChoice(pm.h1[0], len(pm.h1) == 1, candidates, site)
    return TitleChoice(None, False, candidates, site)


# -- dates ------------------------------------------------------------------------------------------------------

def iso_date(text: str | None) -> str | None:
    """The first date in `text` as ISO 8601 (date, or date and time; with the offset when the text states one)."""
    if not text:
        return None
    text = text.strip()
    m = _COMPACT_DATE.match(text) or _DATE.search(text) or _SPLIT_DATE.search(text)
    if not m:
        return None
    g = m.groupdict()
    y, mo, d, h, mi, s, tz, half = g["y"], g["mo"], g["d"], g["h"], g["mi"], g["s"], g.get("tz"), g.get("half")
    y, mo, d = int(y), int(mo), int(d)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None and mi is not None:
        h, mi, s = int(h), int(mi), int(s or 0)
        if half == "中午":   # noon: "中午12:30" is 12:30, "中午1:10" is 13:10
            h = h if h >= 11 else h + 12
        elif half and h <= 12:   # "下午3:20" is 15:20; "凌晨12:05" is 00:05
            h = (h % 12) + (12 if half in _AFTERNOON else 0)
        if h > 23 or mi > 59 or s > 59:
            return out
        out += f"T{h:02d}:{mi:02d}:{s:02d}"
        if tz:
            out += "+00:00" if tz == "Z" else f"{tz[:3]}:{tz[-2:]}"
    return out


# -- putting it together ----------------------------------------------------------------------------------------

@dataclass
class Found:
    title: TitleChoice
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    sources: dict[str, str] = field(default_factory=dict)   # field -> where it came from


_LONG_HAN = re.compile(r"^[\u4e00-\u9fff]{5,}$")   # Han names have 2-4 characters (foreign ones a ·)
_ROLE = re.compile(r"(?:特约|见习|实习|摄影)?记者|通讯员|实习生|撰稿人?|特约撰稿人?")
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z.'-]*$")
# Author fields that name no one: "compiled from the web", "anonymous".
_NO_ONE = re.compile(r"^(?:网络|网上|互联网|综合|本站|本网)(?:整理|综合|转载|编辑)?$|^佚名$|^不详$")
_CREDIT = re.compile(r"(?:摄影?|供图|图|绘|制图)(?![\u4e00-\u9fff])")
_LABELLED_DATE = re.compile(r"(?:发布于|发表于|发布时间|发布日期|发表时间)\s*[:：]?\s*(.{8,40})")


def _authors_in(line: str) -> list[str]:
    """The names after an author label; a token with a label, colon or digit ends them ("作者：张三 点击数：9")."""
    m = _AUTHOR.search(line)
    if not m:
        return []
    tokens = [a for a in re.split(r"[ 、，,]", m.group(1) or m.group(2)) if a]
    # "Tom Lee": a Latin name's words, set apart only by a space, are one name
    for k in range(len(tokens) - 1, 0, -1):
        if _LATIN_WORD.match(tokens[k]) and _LATIN_WORD.match(tokens[k - 1]) \
                and f"{tokens[k - 1]} {tokens[k]}" in line:
            tokens[k - 1:k + 1] = [f"{tokens[k - 1]} {tokens[k]}"]
    after = line[m.end():].lstrip()
    if _CREDIT.match(after) or any(_CREDIT.fullmatch(a) for a in tokens):
        return []   # "记者 赵明 摄": a photo credit, not the article's author
    names: list[str] = []
    half = ""   # a two-character name set with a gap ("方  敏"), as bylines pad them to three
    for a in tokens:
        if _AUTHOR_LABELS.search(a) or _LONG_HAN.match(a):
            break   # a label, a field, or a sentence ("记者：在这所学校里…？" opens an interview question)
        if _ROLE.fullmatch(a):
            continue   # "记者 张三 通讯员 李四": the role word between names
        if _NO_ONE.match(a):
            continue
        if len(a) == 1:
            half, a = ("", half + a) if half else (a, "")
            if not a:
                continue
        names.append(a)
    return names


def _read_lines(found: Found, lines: list[str], published: str | None, authors: list[str]):
    """Date, source and authors from short lines near the headline: line by line, then all of them joined (a
    date or a byline printed in separate boxes: "2024" "05/09" "22:27", "作者" "张三")."""
    if not lines:
        return published, authors
    joined = " ".join(lines)
    if not published or "T" not in published:
        # the first date in reading order; a date-only value (from the head or here) then looks line by line
        # for the same day's time
        for line in (joined, *lines):
            p = iso_date(line)
            if p and (not published or ("T" in p and "T" not in published and p.startswith(published))):
                published, found.sources["published"] = p, "info line"
            if published and "T" in published:
                break
    # Source and authors: the first in reading order, across the line breaks ("来源：" "1905电影网").
    if not found.source:
        m = _SOURCE.search(joined)
        if m:
            found.source = m.group(1)
    if not authors:
        authors = _authors_in(joined)
        if authors:
            found.sources["authors"] = "info line"
    return published, authors


def gather(pm: PageMeta, info_lines: list[str], title: TitleChoice | None = None,
           before_lines: list[str] = (), after_lines=None) -> Found:
    """info_lines follow the headline; before_lines precede it (or the article, when no headline box is
    found) and are read only for what the first did not give; after_lines(), the lines under the article (a
    labelled "发布于 …" line), are asked for only when nothing else gave a date."""
    found = Found(title or choose_title(pm))
    site = pm.first(SITE_KEYS)
    publisher = _ld_first(pm, "publisher")
    if site:
        found.site, found.sources["site"] = site, "meta"
    elif _names(publisher):
        found.site, found.sources["site"] = _names(publisher)[0], "json-ld"
    elif found.title.site_from_title:
        found.site, found.sources["site"] = found.title.site_from_title, "title"

    authors = []
    for key in AUTHOR_KEYS:
        for v in pm.metas.get(key, ()):
            authors.extend(_names(v))
    authors.extend(_names(_ld_first(pm, "author")))
    authors = [a for a in dict.fromkeys(authors) if a != found.site and len(a) <= 30 and not _NOT_NAME.search(a)]
    if authors:
        found.sources["authors"] = "meta"

    published = None
    for key in DATE_KEYS:
        for v in pm.metas.get(key, ()):
            published = iso_date(v)
            if published:
                found.sources["published"] = f"meta {key}"
                break
        if published:
            break
    if not published:
        ld = _ld_first(pm, "datePublished")
        published = iso_date(ld) if isinstance(ld, str) else None
        if published:
            found.sources["published"] = "json-ld"
    if not published:
        for t in pm.times:
            published = iso_date(t)
            if published:
                found.sources["published"] = "<time>"
                break

    # The info line under the headline, then the lines above it, then a labelled date under the article.
    published, authors = _read_lines(found, info_lines, published, authors)
    if not published or "T" not in published or not authors or not found.source:
        published, authors = _read_lines(found, list(before_lines), published, authors)
    if not published:
        for line in (after_lines() if after_lines else ()):
            m = _LABELLED_DATE.search(line)
            published = iso_date(m.group(1)) if m else None
            if published:
                found.sources["published"] = "line under the article"
                break
    found.authors, found.published = authors, published

    tags: list[str] = []
    for key in TAG_KEYS:
        for v in pm.metas.get(key, ()):
            parts = _LIST_SEP.split(v)
            if len(parts) == 1 and " " in v and re.search(r"[\u4e00-\u9fff]", v):
                parts = v.split()
            tags.extend(p.strip() for p in parts)
    ld_kw = _ld_first(pm, "keywords")
    if isinstance(ld_kw, str):
        tags.extend(p.strip() for p in _LIST_SEP.split(ld_kw))
    elif isinstance(ld_kw, list):
        tags.extend(str(x).strip() for x in ld_kw)
    title = found.title.title or ""
    found.tags = [t for t in dict.fromkeys(tags) if t and len(t) <= 20 and t != found.site and t != title][:20]
    return found
