"""HTML extraction, side by side: newsclean vs trafilatura, readability-lxml, GNE and newspaper4k on the dev pages.

    python -m benchmarks.extract [--tools newsclean,trafilatura,...] [--repeat N] [--pages] [--limit N]

Per tool, in one run: character-bigram P/R/F1 against the `gold-full` expected texts (../shared/corpus/html,
MANIFEST.tsv), pages below F1 0.8, empty outputs, titles right (where an expected title exists), chrome phrases
leaked (../shared/corpus/lists/chrome_phrases_zh.tsv plus the phrases issue 4 names; "chrome" leaves out the
lines newsclean labels as captions, such as 图片来源：… credits, "chrome_all" counts every output line), median and total time per
page and the ratio to trafilatura's median. Inputs: tools that take bytes get the raw bytes (newsclean,
trafilatura, readability-lxml); GNE and newspaper4k take only text and get the page decoded by newsclean.decode
(decode time not counted), which spares them the wrong-charset pages.

readability-lxml pins chardet<6, which would break newsclean's chardet 7: it runs in its own venv
(NEWSCLEAN_READABILITY_PYTHON, default /work/venv-readability/bin/python) through a subprocess that times each page
itself; it is skipped with a note when that interpreter is missing.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import CORPUS, print_table, time_calls

HTML = CORPUS / "html"
CHROME = CORPUS / "lists" / "chrome_phrases_zh.tsv"
# Chrome named in issue 4 that the shared list does not spell out.
EXTRA_CHROME = [("分享到", "exact"), ("网友评论", "exact"), ("责任编辑", "prefix")]
READABILITY_PY = os.environ.get("NEWSCLEAN_READABILITY_PYTHON", "/work/venv-readability/bin/python")
TOOLS = ["newsclean", "newsclean-parse", "trafilatura", "readability-lxml", "gne", "newspaper4k"]
# readability-lxml runs after the others, in a subprocess: its times are not interleaved with theirs.


# -- the corpus -----------------------------------------------------------------------------------------------

def load_pages(limit: int | None = None) -> list[dict]:
    with open(HTML / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    pages = []
    for r in rows[:limit] if limit else rows:
        page = {"id": r["id"], "raw": (HTML / r["local_file"]).read_bytes(), "gold": None, "title": None,
                "encoding": r["bytes_encoding"], "declared": (r["declared_charset"] or "").lower(),
                "notes": r["notes"]}
        kind, exp = r["expected_kind"], r["expected_file"]
        if exp and kind.startswith("gold-full"):
            text = (HTML / exp).read_text(encoding="utf-8")
            if "hand extraction" in kind:  # that benchmark's files are: title, blank line, body
                head, _, body = text.partition("\n\n")
                page["title"], text = head.strip(), body
            page["gold"] = text
        elif exp.endswith(".snippets.json"):
            page["title"] = (json.loads((HTML / exp).read_text(encoding="utf-8")).get("title") or "").strip() or None
        pages.append(page)
    return pages


# -- measures -------------------------------------------------------------------------------------------------

def bigrams(text: str) -> Counter:
    s = "".join(text.split())
    return Counter(s[i:i + 2] for i in range(len(s) - 1))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = bigrams(pred), bigrams(gold)
    if not p or not g:
        return 0.0, 0.0, 0.0
    hit = sum((p & g).values())
    prec, rec = hit / sum(p.values()), hit / sum(g.values())
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def chrome_patterns() -> list[re.Pattern]:
    pats = []
    with open(CHROME, encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row or row[0].startswith("phrase") or len(row) < 4 or row[1] == "html-attr":
                continue
            pats.append(_pattern(row[0], row[3]))
    pats.extend(_pattern(p, m) for p, m in EXTRA_CHROME)
    return pats


def _pattern(phrase: str, match: str) -> re.Pattern:
    # Literal kinds may still be written as alternations (a|b): keep the regex, anchor it as the kind says.
    body = phrase if match.startswith("regex") or "|" in phrase or "\\" in phrase or "[" in phrase \
        else re.escape(phrase)
    if match.startswith("prefix"):
        return re.compile(rf"^\s*(?:{body})", re.M)
    if match.startswith("exact-line"):
        return re.compile(rf"^\s*(?:{body})\s*$", re.M)
    if match.startswith("suffix"):
        return re.compile(rf"(?:{body})\s*$", re.M)
    return re.compile(body, re.M)


def count_chrome(text: str, pats: list[re.Pattern]) -> int:
    return sum(len(p.findall(text)) for p in pats)


def norm_title(t: str | None) -> str:
    return "".join((t or "").split())


# -- the tools ------------------------------------------------------------------------------------------------
# Each maker returns one(page) -> (text, title). In-process tools are timed page by page in turn (round robin),
# so that the load of this shared machine falls on all of them alike.

def make_newsclean():
    import newsclean

    def one(p):
        a = newsclean.clean(p["raw"], name=p["id"])
        return a.text, a.title, a
    return one


def body_lines(a) -> str:
    """newsclean's text without the paragraphs it labelled captions: a photo credit (图片来源：…) labelled as
    a caption is structure, not leaked chrome (the gold texts keep credits, so F1 uses the full text)."""
    return "\n".join([s.heading for s in a.sections if s.heading]
                     + [b.text for b in a.paragraphs if b.kind != "caption"])


def make_newsclean_parse():
    from newsclean.config import Config
    from newsclean.decode import decode
    from newsclean.parse import parse

    cfg = Config()

    def one(p):
        doc = parse(decode(p["raw"], config=cfg.decode).text, cfg)
        return "\n".join(b.text for b in doc.blocks if b.kind != "title"), doc.meta.title
    return one


def make_trafilatura():
    import trafilatura

    def one(p):
        return trafilatura.extract(p["raw"], include_comments=False) or "", None
    return one


def trafilatura_titles(pages, outs) -> None:
    """trafilatura returns the title from a second call; not timed, not part of extract()."""
    import trafilatura

    for p, o in zip(pages, outs):
        meta = trafilatura.extract_metadata(p["raw"])
        o["title"] = meta.title if meta else None


def make_gne():
    from gne import GeneralNewsExtractor

    ex = GeneralNewsExtractor()

    def one(p):
        r = ex.extract(p["text"])
        return r.get("content") or "", r.get("title")
    return one


def make_newspaper():
    from newspaper import Article

    def one(p):
        a = Article("http://example.com/a.html", language="zh", fetch_images=False)
        a.download(input_html=p["text"])
        a.parse()
        return a.text, a.title
    return one


def run_readability(pages, repeat):
    """In its own venv (it pins chardet<6): one subprocess for all pages, timing each page itself."""
    if not Path(READABILITY_PY).exists():
        print(f"readability-lxml skipped: no interpreter at {READABILITY_PY} "
              "(python -m venv /work/venv-readability && /work/venv-readability/bin/pip install readability-lxml)")
        return None
    code = r"""
import json, sys, time, lxml.html
from readability import Document
out = []
for path in json.load(sys.stdin)["paths"]:
    raw = open(path, "rb").read()
    best, text, title = float("inf"), "", None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        try:
            d = Document(raw)
            html, title = d.summary(html_partial=True), d.short_title()
            text = lxml.html.fromstring(html).text_content() if html.strip() else ""
        except Exception as e:
            text, title = "", None
        best = min(best, time.perf_counter() - t0)
    out.append({"text": text, "title": title, "time": best})
json.dump(out, sys.stdout, ensure_ascii=False)
""".replace("REPEAT", str(repeat))
    paths = [str(HTML / "html" / f"{p['id']}.html") for p in pages]
    res = subprocess.run([READABILITY_PY, "-c", code], input=json.dumps({"paths": paths}), capture_output=True,
                         text=True, check=True)
    return json.loads(res.stdout)


def run_interleaved(pages, makers: dict, repeat: int) -> dict[str, list[dict]]:
    """For each page, `repeat` rounds in which every tool runs once, in a fresh random order each round (so
    a tool neither always follows the same other tool nor meets a different load than the others); each
    tool's best round counts."""
    outs: dict[str, list[dict]] = {name: [] for name in makers}
    rng = random.Random(0)
    for p in pages:
        best = {name: (float("inf"), "", None, None) for name in makers}
        for _ in range(repeat):
            order = list(makers.items())
            rng.shuffle(order)
            for name, one in order:
                t0 = time.perf_counter()
                try:
                    text, title, *article = one(p)
                except Exception as e:  # a tool failing on a page counts as an empty output
                    text, title, article = "", None, None
                    p.setdefault("errors", []).append(f"{name}: {type(e).__name__}: {e}")
                took = time.perf_counter() - t0
                if took < best[name][0]:
                    best[name] = (took, text, title, article)
        for name in makers:
            took, text, title, article = best[name]
            out = {"text": text or "", "title": title, "time": took}
            if article:
                out["chrome_text"] = body_lines(article[0])
            outs[name].append(out)
    return outs


MAKERS = {"newsclean": make_newsclean, "newsclean-parse": make_newsclean_parse, "trafilatura": make_trafilatura,
          "gne": make_gne, "newspaper4k": make_newspaper}


# -- report ---------------------------------------------------------------------------------------------------

def score(tool: str, pages, outs, pats) -> dict:
    f1s, ps, rs, titles_ok, titles_n = [], [], [], 0, 0
    per_page = {}
    for p, o in zip(pages, outs):
        if p["gold"] is not None:
            pr, rc, f1 = prf(o["text"], p["gold"])
            ps.append(pr), rs.append(rc), f1s.append(f1)
            per_page[p["id"]] = f1
        if p["title"]:
            titles_n += 1
            titles_ok += norm_title(o["title"]) == norm_title(p["title"])
    times = [o["time"] for o in outs]
    return {
        "tool": tool,
        "F1": statistics.mean(f1s) if f1s else 0.0, "P": statistics.mean(ps) if ps else 0.0,
        "R": statistics.mean(rs) if rs else 0.0, "min_F1": min(f1s) if f1s else 0.0,
        "below_0.8": sum(f < 0.8 for f in f1s), "empty": sum(not o["text"].strip() for o in outs),
        "titles": f"{titles_ok}/{titles_n}",
        "chrome": sum(count_chrome(o.get("chrome_text", o["text"]), pats) for o in outs),
        "chrome_all": sum(count_chrome(o["text"], pats) for o in outs),
        "median_ms": 1000 * statistics.median(times), "total_s": sum(times), "_pages": per_page,
    }


def decode_check(pages) -> tuple[int, int, list[str]]:
    """GBK pages and UTF-8 pages declaring gb2312: does newsclean.decode give the text the bytes hold?"""
    from newsclean.decode import decode

    ok, n, bad = 0, 0, []
    for p in pages:
        if p["encoding"] == "gb18030" or (p["encoding"] == "utf-8" and p["declared"] in ("gb2312", "gbk")):
            n += 1
            if decode(p["raw"]).text == p["raw"].decode(p["encoding"]):
                ok += 1
            else:
                bad.append(p["id"])
    return ok, n, bad


def soup_timing(pages, n: int = 30, repeat: int = 2) -> None:
    """BeautifulSoup input: walking the soup into lxml vs str(soup) and re-parsing, and the same page as str."""
    from bs4 import BeautifulSoup

    from newsclean.config import Config
    from newsclean.parse.html import parse_html

    cfg = Config()
    sample = pages[:n]
    soups = [BeautifulSoup(p["text"], "lxml") for p in sample]
    walk = time_calls(lambda s: parse_html(s, cfg), soups, repeat)
    reserialise = time_calls(lambda s: parse_html(str(s), cfg), soups, repeat)
    from_str = time_calls(lambda t: parse_html(t, cfg), [p["text"] for p in sample], repeat)
    same = sum([b.text for b in parse_html(s, cfg).blocks] == [b.text for b in parse_html(p["text"], cfg).blocks]
               for s, p in zip(soups, sample))
    med = statistics.median
    print(f"BeautifulSoup input, {len(sample)} pages: walk the soup {1000 * med(walk):.1f} ms, "
          f"str(soup) + parse {1000 * med(reserialise):.1f} ms, the page as str {1000 * med(from_str):.1f} ms "
          f"(median); same blocks as from str on {same}/{len(sample)} pages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--repeat", type=int, default=2, help="best of N runs per page (this machine is noisy)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--pages", action="store_true", help="print per-page F1 on the gold pages")
    args = ap.parse_args()
    if not (HTML / "MANIFEST.tsv").exists():
        print(f"corpus not found at {HTML}: skipped")
        return
    pages = load_pages(args.limit)
    from newsclean.decode import decode

    for p in pages:
        p["text"] = decode(p["raw"]).text
    pats = chrome_patterns()
    tools = args.tools.split(",")
    makers = {}
    for tool in tools:
        if tool in MAKERS:
            try:
                makers[tool] = MAKERS[tool]()
            except ImportError as e:
                print(f"{tool} skipped: {e}")
    for one in makers.values():  # warm-up: lazy loads (dictionaries, jieba) are not per-page costs
        try:
            one(pages[0])
        except Exception:
            pass
    outs_by_tool = run_interleaved(pages, makers, args.repeat)
    if "trafilatura" in outs_by_tool:
        trafilatura_titles(pages, outs_by_tool["trafilatura"])
    if "readability-lxml" in tools:
        outs = run_readability(pages, args.repeat)
        if outs is not None:
            outs_by_tool["readability-lxml"] = outs
    rows = [score(tool, pages, outs_by_tool[tool], pats) for tool in tools if tool in outs_by_tool]
    n_gold = sum(p["gold"] is not None for p in pages)
    print(f"{len(pages)} pages, {n_gold} with gold-full text, {sum(bool(p['title']) for p in pages)} with a title")
    print_table([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], baseline="trafilatura")
    if "trafilatura" in outs_by_tool:
        base = [o["time"] for o in outs_by_tool["trafilatura"]]
        for tool, outs in outs_by_tool.items():
            if tool != "trafilatura" and tool in makers:   # readability-lxml runs apart, in its own venv
                per_page = statistics.median(o["time"] / b for o, b in zip(outs, base) if b)
                print(f"{tool}: median of per-page time ratios to trafilatura {per_page:.3f} "
                      f"(each page's two times taken in the same rounds)")
    ok, n, bad = decode_check(pages)
    print(f"decode: {ok}/{n} GBK and UTF-8-declaring-gb2312 pages decoded right" + (f"; wrong: {bad}" if bad else ""))
    if "newsclean" in args.tools:
        soup_timing(pages, repeat=args.repeat)
    if args.pages:
        ids = [p["id"] for p in pages if p["gold"] is not None]
        print("page".ljust(28) + "".join(r["tool"][:12].rjust(13) for r in rows))
        for i in ids:
            print(i.ljust(28) + "".join(f"{r['_pages'].get(i, 0):13.3f}" for r in rows))
    errors = [(p["id"], e) for p in pages for e in p.get("errors", [])]
    for pid, e in errors[:20]:
        print(f"error {pid}: {e[:160]}", file=sys.stderr)


if __name__ == "__main__":
    main()
