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
    """Per-text best time of each tool, the tools taking turns round by round (shared-machine noise hits all)."""
    best = {name: [float("inf")] * len(texts) for name in tools}
    for _ in range(rounds):
        for name, fn in tools.items():
            for k, t in enumerate(time_calls(fn, texts, repeat=1)):
                best[name][k] = min(best[name][k], t)
    return best


def speed(tools: dict, label: str, texts: list[str], rounds: int = 15) -> dict[str, float]:
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
    quality(tools, articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
