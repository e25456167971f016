"""Near-duplicate detection: quality on constructed mirror copies, and speed, beside datasketch.

    python -m benchmarks.dedupe [--per-article 11] [--seed 1] [--no-datasketch]

Builds a crawl from ../shared/corpus/clean (83 real articles) and the reference texts in
../shared/corpus/html/expected (unrelated pages): each article with variants made the way
mirror sites make them — extra header/footer, garbled characters, paragraphs dropped or
swapped, s2t/s2tw/s2hk conversion, pinyin annotations, cut to half, and combinations.
Prints pairwise recall per variant kind, precision, and docs/s per core for newsclean's
signing beside datasketch's plain MinHash (and its LSH without verification) on the same input.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from itertools import combinations
from pathlib import Path

from benchmarks.common import CORPUS

# Chrome a mirror adds, written for this benchmark.
HEADERS = ["正在阅读：", "扫一扫下载新闻客户端，随时随地看新闻", "首页 > 新闻中心 > 国内新闻 > 正文",
           "本站提示：本文内容来源于网络，仅供参考", "【字体：大 中 小】 打印本页 关闭窗口"]
FOOTERS = ["免责声明：本文转载自网络，版权归原作者所有，如有侵权请联系删除。", "责任编辑：王小明",
           "关注我们的微信公众号，获取更多精彩内容", "相关阅读：\n· 本周热点新闻回顾\n· 专家解读最新政策",
           "评论\n暂无评论哦，快来抢沙发吧！", "阅读 5.3k 点赞 128"]
JUNK = ["?", "\ufffd", "锟斤拷", "Ã©", "â€", "ï¿½", "?"]
SENT_END = re.compile(r"(?<=[。！？!?])")


def load_articles() -> list[dict]:
    path = CORPUS / "clean" / "corpus.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_unrelated() -> list[str]:
    d = CORPUS / "html" / "expected"
    out = []
    for p in sorted(d.glob("*.txt")):
        t = p.read_text(encoding="utf-8", errors="replace").strip()
        if len(t) >= 200:
            out.append(t)
    return out


def units(body: str) -> list[str]:
    """Paragraphs, or sentences when there are too few paragraphs to drop one without halving the text."""
    paras = [p for p in body.split("\n") if p.strip()]
    if len(paras) >= 5:
        return paras
    sents = [s for s in SENT_END.split(body.replace("\n", "")) if s.strip()]
    return sents if len(sents) >= 3 else paras


def v_header_footer(body, rng):
    return "\n".join(rng.sample(HEADERS, 2) + [body] + rng.sample(FOOTERS, 2))


def v_garbled(body, rng, rate=0.03):
    chars = list(body)
    idx = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(idx, max(1, int(len(idx) * rate))):
        chars[i] = rng.choice(JUNK)
    return "".join(chars)


def v_dropped(body, rng, share=0.2):
    u = units(body)
    k = max(1, round(len(u) * share))
    gone = set(rng.sample(range(1, len(u)), min(k, len(u) - 1))) if len(u) > 1 else set()
    return "\n".join(x for i, x in enumerate(u) if i not in gone)


def v_swapped(body, rng):
    u = units(body)
    if len(u) >= 2:
        for _ in range(max(1, len(u) // 4)):
            i = rng.randrange(len(u) - 1)
            u[i], u[i + 1] = u[i + 1], u[i]
    return "\n".join(u)


def v_truncated(body, rng):
    return body[: len(body) // 2]


def _opencc(config):
    import opencc

    conv = opencc.OpenCC(config)
    return lambda body, rng: conv.convert(body)


def v_annotated(body, rng, rate=0.7):
    """The mirror pattern: traditional text, default readings after characters that differ between scripts."""
    import opencc
    from pypinyin import Style, pinyin

    trad = opencc.OpenCC("s2t").convert(body)
    if len(trad) != len(body):
        return trad
    out = []
    for s, t in zip(body, trad):
        out.append(t)
        if s != t and rng.random() < rate:
            out.append(f"({pinyin(s, style=Style.TONE)[0][0]})")
    return "".join(out)


def variant_makers():
    s2t, s2tw, s2hk = _opencc("s2t"), _opencc("s2tw"), _opencc("s2hk")
    return {
        "header_footer": v_header_footer,
        "garbled": v_garbled,
        "dropped": v_dropped,
        "swapped": v_swapped,
        "s2t": s2t,
        "s2tw": s2tw,
        "s2hk": s2hk,
        "annotated": v_annotated,
        "truncated": v_truncated,
        "s2t+header_footer": lambda b, r: v_header_footer(s2t(b, r), r),
        "garbled+dropped": lambda b, r: v_dropped(v_garbled(b, r), r),
    }


MIRROR_HOSTS = ["news.{x}.top", "www.{x}.xyz", "{x}.vip", "m.{x}.cc", "{x}.com", "wap.{x}.net"]


def _host(rng):
    name = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(rng.randint(5, 9)))
    return rng.choice(MIRROR_HOSTS).format(x=name)


def distinct_articles(articles: list[dict]) -> tuple[list[dict], int]:
    """Drops articles the corpus holds twice (containment >= 0.5 with an earlier one): they are not unrelated."""
    from newsclean.dedupe import normalize, shingles, similarity

    kept, sets, dropped = [], [], 0
    for a in articles:
        sh = shingles(normalize(a["body"]))
        if any(similarity(sh, o)[1] >= 0.5 for o in sets):
            dropped += 1
            continue
        kept.append(a)
        sets.append(sh)
    return kept, dropped


def build(per_article: int = 11, seed: int = 1) -> tuple[list[dict], int]:
    """The documents, and how many corpus articles were left out as duplicates of others."""
    rng = random.Random(seed)
    makers = list(variant_makers().items())[:per_article]
    articles, dropped = distinct_articles(load_articles())
    docs = []
    for a in articles:
        body = a["body"]
        # The original: its own site, the earliest date; copies: later, on other (often mirror-shaped) hosts.
        docs.append({"id": f"{a['id']}/original", "family": a["id"], "kind": "original", "text": body,
                     "url": a.get("url"), "published": "2012-06-01T08:00:00"})
        for kind, make in makers:
            docs.append({"id": f"{a['id']}/{kind}", "family": a["id"], "kind": kind, "text": make(body, rng),
                         "url": f"http://{_host(rng)}/{rng.randint(1000, 99999)}.html",
                         "published": f"2012-06-{rng.randint(2, 28):02d}T08:00:00"})
    for i, t in enumerate(load_unrelated()):
        docs.append({"id": f"unrelated/{i}", "family": f"unrelated/{i}", "kind": "unrelated", "text": t})
    rng.shuffle(docs)
    return docs, dropped


def evaluate(docs: list[dict], cluster_of: dict[str, str]) -> dict:
    """Pairwise recall per variant kind (a variant paired with its original and the other variants),
    overall recall without / with truncation, and pairwise precision."""
    fam: dict[str, list[dict]] = {}
    for d in docs:
        fam.setdefault(d["family"], []).append(d)
    per_kind: dict[str, list[int]] = {}
    hit_all = tot_all = 0
    for members in fam.values():
        for x, y in combinations(members, 2):
            same = cluster_of[x["id"]] == cluster_of[y["id"]]
            kinds = {x["kind"], y["kind"]} - {"original"} or {"original"}
            key = "truncated" if "truncated" in kinds else (
                next(iter(kinds)) if len(kinds) == 1 else "variant-variant")
            per_kind.setdefault(key, [0, 0])
            per_kind[key][0] += same
            per_kind[key][1] += 1
            if key != "truncated":
                hit_all += same
                tot_all += 1
    pred_pairs = wrong = 0
    by_cluster: dict[str, list[dict]] = {}
    for d in docs:
        by_cluster.setdefault(cluster_of[d["id"]], []).append(d)
    for members in by_cluster.values():
        for x, y in combinations(members, 2):
            pred_pairs += 1
            wrong += x["family"] != y["family"]
    return {
        "recall_by_kind": {k: v[0] / v[1] for k, v in sorted(per_kind.items())},
        "recall_all_but_truncation": hit_all / tot_all if tot_all else 1.0,
        "precision": (pred_pairs - wrong) / pred_pairs if pred_pairs else 1.0,
        "false_pairs": wrong, "predicted_pairs": pred_pairs,
    }


def run_newsclean(docs):
    from newsclean.dedupe import find_duplicates

    t0 = time.perf_counter()
    matches = find_duplicates(docs)
    dt = time.perf_counter() - t0
    return {m.id: m.cluster for m in matches}, dt, matches


def sign_newsclean(texts, repeat=1):
    from newsclean.dedupe import DedupeConfig, normalize, shingles, signature

    cfg = DedupeConfig()
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            signature(shingles(normalize(t, cfg), cfg.shingle), cfg)
    return (time.perf_counter() - t0) / repeat


def sign_datasketch(texts, num_perm=128, normalise=True):
    """datasketch's plain MinHash, one update per 5-character shingle (its documented use)."""
    from datasketch import MinHash

    from newsclean.dedupe import DedupeConfig, normalize

    cfg = DedupeConfig()
    sigs = []
    t0 = time.perf_counter()
    for t in texts:
        s = normalize(t, cfg) if normalise else t
        m = MinHash(num_perm=num_perm)
        for i in range(max(1, len(s) - 4)):
            m.update(s[i:i + 5].encode("utf-8"))
        sigs.append(m)
    return sigs, time.perf_counter() - t0


def sign_rensa(texts, num_perm=128, normalise=True):
    """rensa's RMinHash (Rust) over the same 5-character shingles; None when rensa is not installed."""
    try:
        from rensa import RMinHash
    except ImportError:
        return None
    from newsclean.dedupe import DedupeConfig, normalize

    cfg = DedupeConfig()
    t0 = time.perf_counter()
    for t in texts:
        s = normalize(t, cfg) if normalise else t
        m = RMinHash(num_perm=num_perm, seed=1)
        m.update([s[i:i + 5] for i in range(max(1, len(s) - 4))])
        m.digest()
    return time.perf_counter() - t0


def sign_only(norms):
    """Signing alone, on texts normalised beforehand: where each tool's own time goes."""
    from newsclean.dedupe import DedupeConfig, shingles, signature

    cfg = DedupeConfig()
    out = {}
    t0 = time.perf_counter()
    for s in norms:
        signature(shingles(s, cfg.shingle), cfg)
    out["newsclean (numpy shingles + one-permutation)"] = time.perf_counter() - t0
    try:
        from datasketch import MinHash

        t0 = time.perf_counter()
        for s in norms:
            m = MinHash(num_perm=128)
            for i in range(max(1, len(s) - 4)):
                m.update(s[i:i + 5].encode("utf-8"))
        out["datasketch MinHash(128)"] = time.perf_counter() - t0
    except ImportError:
        pass
    try:
        from rensa import RMinHash

        t0 = time.perf_counter()
        for s in norms:
            m = RMinHash(num_perm=128, seed=1)
            m.update([s[i:i + 5] for i in range(max(1, len(s) - 4))])
            m.digest()
        out["rensa RMinHash(128)"] = time.perf_counter() - t0
    except ImportError:
        pass
    return out


def cluster_datasketch_lsh(docs, sigs, threshold=0.5, num_perm=128):
    """datasketch MinHashLSH, candidates joined without verification (what a quick script does)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent = {d["id"]: d["id"] for d in docs}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d, m in zip(docs, sigs):
        for other in lsh.query(m):
            parent[find(other)] = find(d["id"])
        lsh.insert(d["id"], m)
    return {d["id"]: find(d["id"]) for d in docs}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-article", type=int, default=11, help="variants per article (max 11)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-datasketch", action="store_true", help="skip the datasketch comparison")
    ap.add_argument("--speed-docs", type=int, default=300, help="documents timed per tool (default 300)")
    args = ap.parse_args(argv)
    docs, dropped = build(args.per_article, args.seed)
    n_art = sum(d["kind"] == "original" for d in docs)
    print(f"{len(docs)} documents: {n_art} articles with {args.per_article} variants each, "
          f"{sum(d['kind'] == 'unrelated' for d in docs)} unrelated "
          f"({dropped} corpus articles left out: the corpus holds them twice)")

    cluster_of, dt, matches = run_newsclean(docs)
    res = evaluate(docs, cluster_of)
    kept = {m.id for m in matches if m.duplicate_of is None}
    kept_original = sum(f"{d['family']}/original" in kept for d in docs if d["kind"] == "original")
    rows = [("newsclean.dedupe", res, len(docs) / dt)]
    print(f"newsclean keeps the original in {kept_original} of {n_art} families")

    texts = [d["text"] for d in docs]

    if not args.no_datasketch:
        sigs_norm, _ = sign_datasketch(texts, normalise=True)
        sigs_raw, _ = sign_datasketch(texts, normalise=False)
        for name, sigs in (("datasketch LSH, raw text", sigs_raw), ("datasketch LSH, normalised", sigs_norm)):
            rows.append((name + " (no verify)", evaluate(docs, cluster_datasketch_lsh(docs, sigs)), None))

    kinds = sorted({k for _, r, _ in rows for k in r["recall_by_kind"]})
    print("\npairwise recall by variant kind (pairs with a truncated copy counted under truncated)")
    print(f"{'kind':>20}" + "".join(f"{name[:28]:>30}" for name, _, _ in rows))
    for k in kinds:
        print(f"{k:>20}" + "".join(f"{r['recall_by_kind'].get(k, float('nan')):>30.4f}" for _, r, _ in rows))
    for key in ("recall_all_but_truncation", "precision", "false_pairs", "predicted_pairs"):
        print(f"{key[:20]:>20}" + "".join(f"{r[key]:>30.4f}" if isinstance(r[key], float) else f"{r[key]:>30}"
                                          for _, r, _ in rows))

    # Speed, one process (= per core), on the same texts for every tool: warmed up, interleaved,
    # best of 3, because this machine's load swings more than the differences between runs.
    sample = texts[: args.speed_docs]
    from newsclean.dedupe import DedupeConfig, normalize

    cfg = DedupeConfig()
    for t in sample[:20]:
        normalize(t, cfg)
    tools = {"newsclean (one-permutation, numpy)": lambda: sign_newsclean(sample)}
    if not args.no_datasketch:
        tools["datasketch MinHash(128), normalised"] = lambda: sign_datasketch(sample, normalise=True)[1]
    if sign_rensa(sample[:2]) is not None:
        tools["rensa RMinHash(128), normalised"] = lambda: sign_rensa(sample)
    best = {name: min(fn() for _ in range(3)) for name, fn in tools.items()}
    base = best.get("datasketch MinHash(128), normalised")
    print(f"\nspeed, one core: normalise + shingle + sign {len(sample)} documents (best of 3)")
    print(f"{'tool':>46}{'docs/s':>10}{'x datasketch':>14}")
    for name, t in best.items():
        ratio = f"{base / t:>14.1f}" if base else ""
        print(f"{name:>46}{len(sample) / t:>10.0f}{ratio}")
    print(f"{'newsclean find_duplicates, whole run':>46}{len(docs) / dt:>10.0f}"
          f"{'' if not base else f'{(len(docs) / dt) / (len(sample) / base):>14.1f}'}")

    norms = [normalize(t, cfg) for t in sample]
    runs = [sign_only(norms) for _ in range(3)]
    times = {k: min(r[k] for r in runs) for k in runs[0]}
    base = times.get("datasketch MinHash(128)")
    print(f"\nsigning only, texts normalised beforehand (one core, best of 3)")
    for name, t in times.items():
        ratio = f"{base / t:>14.1f}" if base else ""
        print(f"{name:>46}{len(norms) / t:>10.0f}{ratio}")


if __name__ == "__main__":
    main()
