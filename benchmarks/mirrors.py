"""Spam-mirror pages with known truth, made from the clean articles, and the evaluation of STRIP + REPEATS.

`generate()` turns each article of ../shared/corpus/clean into a mirror page the way spam mirrors build
them: a keyword-stuffed header, the chrome of one of several news sites, the title printed again, the
page in s2t/s2tw/s2hk script, pinyin annotations, recoverable (UTF-8 read as GBK) and lossy (lost bytes,
``?``) garbles, and a second (third) copy of the body, more garbled, sometimes in another script. Each
page keeps its truth: title, body paragraphs, and every spam/chrome line put on it. Tests reuse it.

`python -m benchmarks.mirrors` prints, over those pages: body character F1 against the truth, title
exact, leftover spam/chrome lines; false positives on the clean articles, on the gold HTML pages and on
the annotation samples; and MB/s of every stage side by side (strip + repeats must not be the bottleneck).
"""
from __future__ import annotations

import html
import json
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from benchmarks.common import CORPUS, print_table

# ---------------------------------------------------------------------------------------------- generator

# Porn/gambling SEO fragments (written for this generator, in the style of real mirror headers).
SPAM_FRAGMENTS = [
    "国产精品一区二区三区", "久久综合色婷婷", "亚洲欧美日韩在线播放", "免费高清无码视频", "人妻少妇中文字幕",
    "日本一区二区高清不卡", "澳门百家乐官网开户", "六合彩开奖结果查询", "真人娱乐城注册送彩金", "午夜福利影院在线观看",
    "成人AV网站免费看", "欧美大片在线观看", "青青草在线视频", "伊人久久大香蕉", "一本道高清无码av", "时时彩计划软件",
    "国产自拍偷拍在线", "精品国产三级a片", "婷婷五月激情综合", "91视频免费观看", "太阳城娱乐注册", "黄色网站免费大全",
]
SEPARATORS = ["|", ",", "、", " ", "_", "，", "-", "｜"]

# Chrome of several sites' page styles. {site} {n} {k} {tag} {source} {editor} are filled in; "BULLETS" is
# the related-article list (other articles' titles); "EDITOR" lines are structure: truth keeps them.
STYLES: dict[str, dict] = {
    "jiemian": {"site": "界面新闻",
                "header": ["正在阅读：", "扫一扫下载{site}APP"],
                "trailer": ["本文为转载内容，授权事宜请联系原著作权人。", "{tag}", "{k}k", "BULLETS", "评论",
                            "暂无评论哦，快来评价一下吧！", "下载{site}", "微信公众号", "微博"]},
    "sina": {"site": "新浪新闻",
             "header": ["新浪首页 > 新闻中心 > 国内新闻 > 正文", "字号：大 中 小", "分享到：微博 微信 QQ空间"],
             "trailer": ["EDITOR:责任编辑：{editor}", "相关阅读", "BULLETS", "我要评论", "{n}人参与", "登录|注册",
                         "打开新浪新闻客户端阅读全文"]},
    "sohu": {"site": "搜狐",
             "header": ["搜狐首页 > 新闻 > 正文", "打开搜狐新闻APP"],
             "trailer": ["返回搜狐，查看更多", "声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
                         "阅读 ({n})", "推荐阅读", "BULLETS", "我来说两句", "{n}人参与"]},
    "netease": {"site": "网易新闻",
                "header": ["网易首页 > 新闻中心 > 滚动新闻 > 正文", "打开网易新闻 查看更多图片"],
                "trailer": ["本文来源：{source}", "EDITOR:责任编辑：{editor}_NB{n}", "跟贴 {n} 参与 {k}", "热门推荐",
                            "BULLETS", "网易新闻客户端", "扫码下载网易新闻客户端"]},
    "qq": {"site": "腾讯新闻",
           "header": ["当前位置：腾讯网 > 新闻 > 正文", "扫描二维码 分享到微信"],
           "trailer": ["{n}阅读", "举报", "相关推荐", "BULLETS", "关注腾讯新闻，了解更多", "分享到：微信 朋友圈 QQ空间"]},
    "thepaper": {"site": "澎湃新闻",
                 "header": ["澎湃新闻 > 时事 > 中国政库", "字号"],
                 "trailer": ["澎湃新闻报料：021-962866", "澎湃新闻，未经授权不得转载", "收藏", "我要举报", "相关推荐",
                             "BULLETS", "查看更多"]},
    "people": {"site": "人民网",
               "header": ["人民网 >> 社会 >> 正文", "分享到："],
               "trailer": ["EDITOR:(责编：{editor})", "关注人民网微信", "相关新闻", "BULLETS",
                           "人民网版权所有，未经书面授权禁止使用", "Copyright © 1997-2024 by www.people.com.cn. all rights reserved"]},
    "xinhua": {"site": "新华网",
               "header": ["新华网 > 正文", "字体：小 中 大", "分享到："],
               "trailer": ["【纠错】", "EDITOR:责任编辑：{editor}", "相关新闻", "BULLETS", "新华网版权所有，未经协议授权，禁止下载使用或建立镜像"]},
    "ifeng": {"site": "凤凰网",
              "header": ["凤凰网首页 > 资讯 > 正文", "大字号", "打开凤凰新闻客户端"],
              "trailer": ["评论 {n}", "参与 {k}", "猜你喜欢", "BULLETS",
                          "特别声明：以上文章内容仅代表作者本人观点，不代表凤凰网观点或立场。如有关于作品内容、版权或其它问题请于作品发表后的30日内与凤凰网联系。"]},
    "huxiu": {"site": "虎嗅",
              "header": ["本文来自：{source}，原标题《{title}》，编辑：{editor}", "划重点："],
              "trailer": ["本文来自虎嗅，原文链接：https://www.huxiu.com/article/{n}.html", "未经授权，禁止转载",
                          "收藏", "评论", "推荐阅读", "BULLETS", "下载虎嗅APP，第一时间获取深度独到的商业科技资讯"]},
}
# Styles written after the detector's data was tuned on the ones above: a held-out check of its generality.
HELD_OUT_STYLES: dict[str, dict] = {
    "chinanews": {"site": "中国新闻网",
                  "header": ["中新网首页 > 新闻中心 > 国内新闻", "【字体：大 中 小】", "打印"],
                  "trailer": ["EDITOR:【编辑:{editor}】", "关于我们 | About us | 联系我们 | 广告服务 | 供稿服务 | 法律声明 | 招聘信息 | 网站地图",
                              "本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。",
                              "未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。"]},
    "huanqiu": {"site": "环球网",
                "header": ["环球网 > 国际新闻 > 正文", "扫码关注环球网微信"],
                "trailer": ["EDITOR:责编：{editor}", "环球时报-环球网原创稿件，未经授权不得转载", "你可能还喜欢", "BULLETS",
                            "网友评论", "{n}条评论"]},
    "36kr": {"site": "36氪",
             "header": ["本文来自微信公众号“{source}”，作者：{editor}，36氪经授权发布。"],
             "trailer": ["该文观点仅代表作者本人，36氪平台仅提供信息存储空间服务。", "收藏", "分享至", "推荐阅读", "BULLETS", "+1"]},
    "toutiao": {"site": "今日头条",
                "header": ["打开今日头条APP查看更多", "举报/反馈"],
                "trailer": ["相关推荐", "BULLETS", "发表评论", "写评论...", "{n}条评论"]},
}
# The generator's own test for such a notice (not newsclean's data): a rights claim or a reprint condition.
OWN_NOTICE = re.compile(r"^(声明|版权声明|免责声明)[:：]|版权所有|转载请注明|未经授权不得转载|授权事宜")
EDITORS = ["张三", "李明", "王芳", "陈静", "刘洋"]
SOURCES = ["新华社", "中国新闻网", "北京日报", "经济观察报", "央视新闻"]
TAGS = ["公益", "社会", "民生", "教育", "健康", "环保"]


@dataclass
class MirrorPage:
    id: str
    text: str
    is_html: bool
    title: str                      # truth (simplified, as in the clean article)
    body: list[str]                 # truth paragraphs, plus structure lines the page adds (editor lines)
    junk: list[str] = field(default_factory=list)   # every spam/chrome line put on the page, as printed
    style: str = ""
    script: str = "s"
    features: list[str] = field(default_factory=list)
    # Lines of the clean article that are its own rights/reprint notice ("声明：此文系…版权所有…"): the issue calls
    # such lines chrome (#10 item 2) yet keeps them on the article alone (item 5); scored both ways.
    own_notices: list[str] = field(default_factory=list)


def load_articles(corpus: Path = CORPUS) -> list[dict]:
    path = corpus / "clean" / "corpus.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        paras = [p.strip() for p in d["body"].split("\n") if p.strip()]
        if d.get("title") and paras:
            out.append({"id": d["id"], "title": d["title"].strip(), "body": paras})
    return out


@lru_cache(maxsize=None)
def _cc(name: str):
    import opencc

    return opencc.OpenCC(name)


def _script(text: str, script: str) -> str:
    return text if script == "s" else _cc({"t": "s2t", "tw": "s2tw", "hk": "s2hk"}[script]).convert(text)


def _annotate(text: str, rng: random.Random, rate: float) -> str:
    """字(zì) after a share of Han characters, as mirror spam does."""
    from pypinyin import Style, pinyin

    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < rate:
            py = pinyin(ch, style=Style.TONE, heteronym=False)[0][0]
            if py and py != ch:
                out.append(f"({py})")
    return "".join(out)


def _garble_recoverable(text: str, rng: random.Random) -> str:
    """A span of UTF-8 read as GBK (reversible when the bytes decode strictly)."""
    for _ in range(10):
        if len(text) < 8:
            return text
        i = rng.randrange(0, len(text) - 4)
        span = text[i:i + rng.choice([2, 4, 6])]
        try:
            bad = span.encode("utf-8").decode("gbk")
        except UnicodeDecodeError:
            continue
        return text[:i] + bad + text[i + len(span):]
    return text


def _garble_lossy(text: str, rng: random.Random) -> str:
    """A span whose bytes were lost: '?' and wrong characters, not recoverable."""
    if len(text) < 8:
        return text
    i = rng.randrange(0, len(text) - 4)
    span = text[i:i + 3]
    raw = span.encode("utf-8")[1:]
    bad = "?" + raw.decode("gbk", errors="replace").replace("\ufffd", "?")
    return text[:i] + bad + text[i + len(span):]


def _spam_line(rng: random.Random) -> str:
    sep = rng.choice(SEPARATORS)
    return sep.join(rng.sample(SPAM_FRAGMENTS, rng.randint(4, 8)))


def _link_spam(rng: random.Random) -> str:
    tlds = [".com", ".cn", ".cc", ".net", ".top"]
    parts = []
    for _ in range(rng.randint(3, 6)):
        name = "".join(rng.choice("abcdefghjkmnpqrstwxyz0123456789") for _ in range(rng.randint(5, 9)))
        parts.append(f"www.{name}{rng.choice(tlds)}")
    return " ".join(parts)


def _fill(line: str, ctx: dict) -> str:
    return line.format(**ctx)


def make_page(article: dict, others: list[dict], seed: int, styles: dict | None = None) -> MirrorPage:
    rng = random.Random(seed)
    styles = styles or STYLES
    style_name = list(styles)[seed % len(styles)]
    style = styles[style_name]
    script = ["t", "tw", "hk", "s"][seed % 4]
    script2 = rng.choice([script, script, "t", "s"])
    is_html = seed % 4 == 1
    title, body = article["title"], list(article["body"])
    ctx = {"site": style["site"], "n": rng.randint(100, 99999), "k": round(rng.uniform(1, 9.9), 1),
           "tag": rng.choice(TAGS), "editor": rng.choice(EDITORS), "source": rng.choice(SOURCES), "title": title}
    features = [style_name, script]
    junk: list[str] = []
    extra_truth: list[str] = []

    def S(text: str, scr: str = script) -> str:
        return _script(text, scr)

    head: list[tuple[str, str]] = []  # (kind, text) kind: junk/title/body
    spam = _spam_line(rng)
    head.append(("junk", spam))
    junk.append(spam)
    for line in style["header"]:
        t = S(_fill(line, ctx))
        head.append(("junk", t))
        junk.append(t)
    head.insert(rng.randint(1, len(head)), ("title", S(title)))
    if rng.random() < 0.5:
        head.append(("title", S(title)))          # title printed twice, as on the sample
        features.append("title-twice")

    # Copy 1: recoverable garbles, some annotation; lossy garbles now and then (copy 2 is clean there).
    copy1, copy2 = [], []
    lossy_in_1 = set(rng.sample(range(len(body)), k=min(len(body), 1))) if rng.random() < 0.3 else set()
    for i, p in enumerate(body):
        a = S(p)
        b = S(p, script2)
        if rng.random() < 0.15:
            a = _garble_recoverable(a, rng)
        if i in lossy_in_1:
            a = _garble_lossy(a, rng)
        elif rng.random() < 0.35:
            b = _garble_lossy(b, rng)
        if rng.random() < 0.3:
            a = _annotate(a, rng, 0.05)
        b = _annotate(b, rng, 0.15)
        copy1.append(a)
        copy2.append(b)
    if lossy_in_1:
        features.append("lossy-in-copy-1")
    if len(body) > 3 and rng.random() < 0.2:
        k = max(range(len(body)), key=lambda i: len(body[i]))
        copy1.insert(k + 1, copy1[k])               # a paragraph printed twice inside the body
        features.append("paragraph-twice")

    trailer: list[tuple[str, str]] = []
    for line in style["trailer"]:
        if line == "BULLETS":
            for o in rng.sample(others, 3):
                t = S(o["title"])
                trailer.append(("bullet", t))
                junk.append(t)
        elif line.startswith("EDITOR:"):
            t = S(_fill(line[7:], ctx))
            trailer.append(("body", t))
            extra_truth.append(_fill(line[7:], ctx))
        else:
            t = S(_fill(line, ctx))
            trailer.append(("junk", t))
            junk.append(t)
    if rng.random() < 0.3:
        ls = _link_spam(rng)
        trailer.append(("junk", ls))
        junk.append(ls)
        features.append("link-spam")

    page: list[tuple[str, str]] = list(head) + [("body", p) for p in copy1]
    copies = 1 if seed % 7 == 3 else (3 if seed % 7 == 5 else 2)
    features.append(f"{copies}-copies")
    for c in range(1, copies):
        page += trailer
        page.append(("title", S(title, script2)))
        page += [("body", p) for p in copy2]
    page += trailer
    truth = body + extra_truth

    if is_html:
        text = _to_html(page, S(title))
        features.append("html")
    else:
        text = "\n\n".join(("  • " + t) if k == "bullet" else t for k, t in page) + "\n"
    notices = [p for p in body if OWN_NOTICE.search(p)]
    return MirrorPage(article["id"], text, is_html, title, truth, junk, style_name, script, features, notices)


def _to_html(page: list[tuple[str, str]], title: str) -> str:
    """The mirror style of HTML: everything pasted into one content box, one <p> a line, bullets in <ul>."""
    out = [f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head><body>",
           "<div class=\"content\">"]
    in_ul = False
    for kind, text in page:
        if kind == "bullet" and not in_ul:
            out.append("<ul>")
            in_ul = True
        elif kind != "bullet" and in_ul:
            out.append("</ul>")
            in_ul = False
        t = html.escape(text)
        out.append(f"<li><a href=\"#\">{t}</a></li>" if kind == "bullet" else f"<p>{t}</p>")
    if in_ul:
        out.append("</ul>")
    out.append("</div></body></html>")
    return "\n".join(out)


def generate(limit: int | None = None, corpus: Path = CORPUS, styles: dict | None = None) -> list[MirrorPage]:
    everything = load_articles(corpus)
    pages = []
    for i, a in enumerate(everything[:limit] if limit else everything):
        others = [o for o in everything if o["id"] != a["id"]]
        pages.append(make_page(a, others, i, styles))
    return pages


# --------------------------------------------------------------------------------------------- evaluation

def _key(text: str) -> str:
    from newsclean.textkey import text_key

    return text_key(text)


def _chars(texts: list[str]) -> Counter:
    return Counter("".join(_key(t) for t in texts))


def char_f1(got: list[str], want: list[str]) -> float:
    g, w = _chars(got), _chars(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def run_stages(text: str, config=None):
    """parse -> repair -> strip -> repeats -> convert: the blocks the structure stage would get."""
    from newsclean.config import Config
    from newsclean.convert import convert_document
    from newsclean.parse import parse
    from newsclean.repair import repair
    from newsclean.repeats import remove_repeats
    from newsclean.strip import strip

    config = config or Config()
    doc = parse(text, config)
    doc = repair(doc, config)
    doc = strip(doc, config)
    doc = remove_repeats(doc, config)
    doc = convert_document(doc, config)
    return doc


@dataclass
class PageScore:
    id: str
    f1: float                 # the article's own notice lines left out of both sides (see MirrorPage.own_notices)
    title_ok: bool
    leftover: list[str]
    features: list[str]
    f1_with_notices: float = 0.0   # … counted as body


def _without(texts: list[str], notices: list[str]) -> list[str]:
    keys = {_key(n) for n in notices}
    return [t for t in texts if _key(t) not in keys]


def score_page(page: MirrorPage, doc) -> PageScore:
    texts = [b.text for b in doc.blocks]
    title = texts[0] if texts else ""
    title_ok = _key(title) == _key(page.title)
    body = texts[1:] if title_ok else texts
    keys = [_key(t) for t in texts]
    leftover = []
    for j in page.junk:
        k = _key(j)
        if not k:
            continue
        if any(k == x or (len(k) >= 8 and k in x) for x in keys):
            leftover.append(j)
    return PageScore(page.id, char_f1(_without(body, page.own_notices), _without(page.body, page.own_notices)),
                     title_ok, leftover, page.features, char_f1(body, page.body))


def evaluate(pages: list[MirrorPage]) -> list[PageScore]:
    return [score_page(p, run_stages(p.text)) for p in pages]


def evaluate_articles(pages: list[MirrorPage]) -> list[tuple[float, bool]]:
    """The whole pipeline (newsclean.clean): body F1 (subtitle + text) and title exact, per page."""
    import newsclean

    out = []
    for p in pages:
        art = newsclean.clean(p.text)
        got = [x for x in (art.subtitle,) if x] + art.text.split("\n")
        if art.meta.editor and not any(art.meta.editor in g for g in got):
            got.append(art.meta.editor)
        out.append((char_f1(_without(got, p.own_notices), _without(p.body, p.own_notices)),
                    _key(art.title or "") == _key(p.title)))
    return out


# ------------------------------------------------------------------------------------------ false positives

def clean_article_removals(corpus: Path = CORPUS, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(article, action, text) of every line strip/repeats removed from the clean articles as they are."""
    out = []
    for a in load_articles(corpus)[:limit]:
        text = a["title"] + "\n\n" + "\n".join(a["body"])
        doc = run_stages(text)
        for f in doc.report.fixes:
            if f.step in ("strip", "repeats") and f.after is None:
                out.append((a["id"], f.action, f.text))
            elif f.step == "strip" and f.action == "cut_spam":
                out.append((a["id"], f.action, f.detail["removed"]))
    return out


_SENT = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def gold_html_pages(corpus: Path = CORPUS) -> list[tuple[str, Path, Path]]:
    rows = (corpus / "html" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    head = rows[0].split("\t")
    out = []
    for r in rows[1:]:
        d = dict(zip(head, r.split("\t")))
        if "gold" in d.get("expected_kind", "") and d.get("expected_file"):
            out.append((d["id"], corpus / "html" / d["local_file"], corpus / "html" / d["expected_file"]))
    return out


def gold_sentences_removed(page: Path, expected: Path) -> list[str]:
    """Gold sentences present in the blocks before strip/repeats and missing after them."""
    from newsclean.config import Config
    from newsclean.decode import decode
    from newsclean.parse import parse
    from newsclean.repair import repair
    from newsclean.repeats import remove_repeats
    from newsclean.strip import strip

    config = Config()
    text = decode(page.read_bytes()).text
    doc = repair(parse(text, config), config)
    before = "\n".join(_key(b.text) for b in doc.blocks)
    doc = remove_repeats(strip(doc, config), config)
    after = "\n".join(_key(b.text) for b in doc.blocks)
    gold = expected.read_text(encoding="utf-8", errors="replace")
    lost = []
    for s in _SENT.findall(gold):
        k = _key(s)
        if len(k) >= 6 and k in before and k not in after:
            lost.append(s.strip())
    return lost


def annotation_sample_results(corpus: Path = CORPUS) -> list[dict]:
    """Per annotation sample: spam lines left, article lines lost (lines with sentence punctuation)."""
    from newsclean.strip.spam import evidence, is_spam
    from newsclean.config import Config
    from newsclean.textkey import norm_line

    sc = Config().strip
    samples = json.loads((corpus / "mirrors" / "annotation-samples.json").read_text(encoding="utf-8"))
    out = []
    for s in samples:
        doc = run_stages(s["text"])
        after = "\n".join(_key(b.text) for b in doc.blocks)
        lines = [x.strip() for x in s["text"].split("\n") if x.strip()]
        spam_lines = [x for x in lines if is_spam(evidence(norm_line(x), sc), sc)]
        removed = [f for f in doc.report.fixes if f.step in ("strip", "repeats") and f.after is None]
        out.append({"id": s["id"], "kind": s["kind"], "lines": len(lines), "removed": len(removed),
                    "spam_left": [x for x in spam_lines if _key(x) in after],
                    "removed_text": [f.text for f in removed]})
    return out


# ---------------------------------------------------------------------------------------------------- speed

def stage_speed(pages: list[MirrorPage], repeat: int = 3) -> list[dict]:
    """Seconds per stage over all pages (best of `repeat`), as MB/s of page text."""
    import copy

    from newsclean.config import Config
    from newsclean.convert import convert_document
    from newsclean.parse import parse
    from newsclean.repair import repair
    from newsclean.repeats import remove_repeats
    from newsclean.strip import strip
    from newsclean.structure import structure

    config = Config()
    nbytes = sum(len(p.text.encode("utf-8")) for p in pages)
    stages = [("parse", lambda x: parse(x, config)), ("repair", lambda d: repair(d, config)),
              ("strip", lambda d: strip(d, config)), ("repeats", lambda d: remove_repeats(d, config)),
              ("convert", lambda d: convert_document(d, config)), ("structure", lambda d: structure(d, config))]
    totals = {name: float("inf") for name, _ in stages}
    from newsclean.textkey import norm_line

    for _ in range(repeat):
        norm_line.cache_clear()   # each round sees the pages as new text
        spent = dict.fromkeys(totals, 0.0)
        for p in pages:
            x = p.text
            for name, fn in stages:
                arg = copy.deepcopy(x) if name != "parse" else x
                t0 = time.perf_counter()
                x = fn(arg)
                spent[name] += time.perf_counter() - t0
        totals = {k: min(totals[k], spent[k]) for k in totals}
    rows = [{"tool": name, "total_s": s, "MB/s": nbytes / s / 1e6 if s else float("inf")} for name, s in totals.items()]
    sr = totals["strip"] + totals["repeats"]
    rows.append({"tool": "strip+repeats", "total_s": sr, "MB/s": nbytes / sr / 1e6})
    rest = sum(v for k, v in totals.items() if k not in ("strip", "repeats"))
    rows.append({"tool": "rest of pipeline", "total_s": rest, "MB/s": nbytes / rest / 1e6})
    return rows


def main() -> None:
    pages = generate()
    scores = evaluate(pages)
    f1s = [s.f1 for s in scores]
    print(f"mirror pages: {len(pages)} from corpus/clean ({sum(p.is_html for p in pages)} HTML; styles: "
          f"{', '.join(sorted({p.style for p in pages}))}; scripts: {dict(Counter(p.script for p in pages))})")
    print(f"body character F1: mean {statistics.mean(f1s):.4f}  min {min(f1s):.4f}  "
          f"pages < 0.95: {sum(f < 0.95 for f in f1s)}  pages < 0.99: {sum(f < 0.99 for f in f1s)}")
    with_n = [s.f1_with_notices for s in scores]
    n_pages = sum(bool(p.own_notices) for p in pages)
    print(f"   the same, counting the clean article's own rights/reprint notice lines as body ({n_pages} pages have "
          f"one; on a mirror page it sits with the site's footer chrome and goes as chrome, reported): "
          f"mean {statistics.mean(with_n):.4f}  min {min(with_n):.4f}  pages < 0.95: {sum(f < 0.95 for f in with_n)}")
    text_scores = [s for s, p in zip(scores, pages) if not p.is_html]
    print(f"title exact, plain-text pages (first block after strip+repeats+convert): "
          f"{sum(s.title_ok for s in text_scores)}/{len(text_scores)}  (HTML titles reach structure via "
          f"<title>/title_candidates: see the whole-pipeline line)")
    try:
        arts = evaluate_articles(pages)
        af1 = [f for f, _ in arts]
        print(f"whole pipeline (newsclean.clean): body F1 mean {statistics.mean(af1):.4f} min {min(af1):.4f}; "
              f"title exact {sum(t for _, t in arts)}/{len(arts)} = {sum(t for _, t in arts) / len(arts):.1%}")
    except Exception as e:  # other stages are built in parallel; report, do not hide our own numbers
        print(f"whole pipeline (newsclean.clean) failed: {type(e).__name__}: {e}")
    left = [(s.id, x) for s in scores for x in s.leftover]
    print(f"leftover spam/chrome lines: {len(left)} of {sum(len(p.junk) for p in pages)} put on the pages")
    for pid, x in left[:20]:
        print(f"   left  {pid[:28]}  {x[:70]!r}")
    for s in sorted(scores, key=lambda s: s.f1)[:5]:
        print(f"   lowest F1 {s.f1:.4f} {s.id[:28]} {s.features}")

    held = generate(styles=HELD_OUT_STYLES)
    hscores = evaluate(held)
    hleft = [(s.id, x) for s in hscores for x in s.leftover]
    print(f"\nheld-out site styles ({', '.join(HELD_OUT_STYLES)}): body F1 mean "
          f"{statistics.mean(s.f1 for s in hscores):.4f} min {min(s.f1 for s in hscores):.4f}; "
          f"leftover {len(hleft)} of {sum(len(p.junk) for p in held)}")
    for pid, x in sorted(set(x for _, x in hleft) and {(None, x) for _, x in hleft}, key=str)[:15]:
        print(f"   left  {x[:70]!r}")

    removed = clean_article_removals()
    print(f"\nclean articles as they are: {len(removed)} lines removed by strip/repeats (want 0)")
    for r in removed[:10]:
        print("   ", r)
    gold = gold_html_pages()
    lost = {pid: gold_sentences_removed(p, e) for pid, p, e in gold}
    print(f"gold HTML pages: {len(gold)}; gold sentences removed by strip/repeats: {sum(map(len, lost.values()))} (want 0)")
    for pid, ls in lost.items():
        for x in ls[:3]:
            print(f"   lost {pid}: {x[:70]!r}")
    ann = annotation_sample_results()
    print(f"annotation samples: spam lines left {sum(len(a['spam_left']) for a in ann)}; "
          f"lines removed per sample: " + ", ".join(f"{a['id']}={a['removed']}" for a in ann))

    print("\nspeed on the generated pages (each stage given the previous stage's output):")
    print_table(stage_speed(pages[:40], repeat=2), baseline="strip+repeats", key="total_s")


if __name__ == "__main__":
    main()
