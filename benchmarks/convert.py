"""Script conversion, side by side: newsclean (t2s + context layer + detection) against plain OpenCC.

    python -m benchmarks.convert

Speed on the same texts in one run (ratio to OpenCC t2s), and quality: characters wrong after the round
trip of the 83 clean articles through s2t / s2tw / s2hk, and the context table tests/data/convert_cases.tsv.
"""
from __future__ import annotations

import sys
from pathlib import Path

import opencc

import newsclean
from newsclean.convert import opencc_version, to_simplified

from .common import CORPUS, ROOT, SAMPLE, print_table, summarize, time_calls

CASES = ROOT / "tests" / "data" / "convert_cases.tsv"


def _articles() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "clean" / "articles").glob("*.txt"))]


def _newsclean_with_detection(text: str) -> str:
    newsclean.detect_script(text)
    return to_simplified(text)


def _tools() -> dict:
    t2s, tw2s, hk2s = (opencc.OpenCC(c) for c in ("t2s", "tw2s", "hk2s"))
    return {
        "opencc t2s": t2s.convert,
        "opencc tw2s": tw2s.convert,
        "opencc hk2s": hk2s.convert,
        "newsclean": to_simplified,
        "newsclean+detect": _newsclean_with_detection,
    }


def _interleaved(tools: dict, texts: list[str], rounds: int) -> dict[str, list[float]]:
    """Per-text best time of each tool; every text is timed by all tools back to back, in a rotating order,
    round after round, so the shared machine's load hits every tool alike."""
    names = list(tools)
    best = {name: [float("inf")] * len(texts) for name in names}
    for r in range(rounds):
        for k, text in enumerate(texts):
            for j in range(len(names)):
                name = names[(j + r + k) % len(names)]
                t = time_calls(tools[name], [text], repeat=1)[0]
                if t < best[name][k]:
                    best[name][k] = t
    return best


def speed(tools: dict, label: str, texts: list[str], rounds: int = 25) -> dict[str, float]:
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"\n## speed: {label} ({len(texts)} texts, {nbytes / 1e6:.2f} MB; per text, and as one text)")
    for fn in tools.values():  # warm up: dictionaries, tables, caches
        fn(texts[0])
    per_text = _interleaved(tools, texts, rounds)
    one_text = _interleaved(tools, ["\n".join(texts)], rounds)
    rows = []
    for name in tools:
        row = summarize(name, per_text[name], nbytes)
        row["one_text_ms"] = 1000 * one_text[name][0]
        rows.append(row)
    print_table(rows, baseline="opencc t2s", key="total_s")
    base = next(r for r in rows if r["tool"] == "opencc t2s")
    extra = {}
    for r in rows:
        if r["tool"].startswith("newsclean"):
            extra[r["tool"]] = r["total_s"] / base["total_s"] - 1
            print(f"  {r['tool']}: {r['total_s'] / base['total_s'] - 1:+.0%} per text, "
                  f"{r['one_text_ms'] / base['one_text_ms'] - 1:+.0%} as one text vs opencc t2s")
    return extra


def breakdown(label: str, texts: list[str], rounds: int = 25) -> None:
    """What newsclean adds to t2s, part by part, as a share of t2s on the same texts: timed separately, these
    small parts are far less disturbed by a loaded machine than two end-to-end runs compared."""
    from newsclean.convert import context
    from newsclean.convert.tables import simplifier

    t2s, with_variants = simplifier()
    held = sys.modules["newsclean.convert"]._held()

    def layer(text: str):
        decisions = [x for x in context.decide(text, 20, not with_variants) if x.output != x.char or x.char in held]
        return context.apply(text, decisions, held) if decisions else text

    parts = {"opencc t2s": t2s.convert, "context layer": layer, "detection": newsclean.detect_script}
    best = _interleaved(parts, texts, rounds)
    total = {k: sum(v) for k, v in best.items()}
    base = total["opencc t2s"]
    print(f"\n## cost of the layer, part by part: {label}")
    print_table([{"tool": k, "total_ms": 1000 * v, "share_of_t2s": v / base} for k, v in total.items()])
    print(f"  context layer + detection: {(total['context layer'] + total['detection']) / base:+.0%} on top of t2s")


def quality(tools: dict, articles: list[str]) -> None:
    print("\n## quality: characters wrong after simplified -> OpenCC s2t/s2tw/s2hk -> back")
    total = sum(map(len, articles))
    rows = []
    for name, fn in tools.items():
        if name == "newsclean+detect":
            continue
        row = {"tool": name}
        for cfg in ("s2t", "s2tw", "s2hk"):
            cc = opencc.OpenCC(cfg)
            row[cfg] = sum(x != y for a in articles for x, y in zip(a, fn(cc.convert(a))))
        row["worst_%right"] = 100 * (1 - max(row[c] for c in ("s2t", "s2tw", "s2hk")) / total)
        rows.append(row)
    print(f"({total:,} characters per direction)")
    print_table(rows)
    cases = [line.split("\t")[:2] for line in CASES.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    print(f"\n## quality: context table ({len(cases)} cases), right out of {len(cases)}")
    print_table([{"tool": name, "right": sum(fn(s) == e for s, e in cases)}
                 for name, fn in tools.items() if name != "newsclean+detect"])


def main(argv: list[str] | None = None) -> int:
    articles = _articles()
    if not articles:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    print(f"opencc {opencc_version()}, newsclean {newsclean.__version__}")
    tools = _tools()
    tw = opencc.OpenCC("s2tw")
    traditional = [tw.convert(a) for a in articles]
    speed(tools, "traditional (clean articles through s2tw)", traditional)
    speed(tools, "simplified (clean articles)", articles)
    if Path(SAMPLE).exists():
        sample = Path(SAMPLE).read_text(encoding="utf-8")
        speed(tools, "mixed mirror page (the sample's lines)", [ln for ln in sample.split("\n") if ln.strip()])
    breakdown("traditional, per text", traditional)
    breakdown("traditional, as one text", ["\n".join(traditional)])
    breakdown("simplified, per text", articles)
    breakdown("simplified, as one text", ["\n".join(articles)])
    quality(tools, articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
