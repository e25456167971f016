"""Mojibake repair side by side with ftfy, in one run: speed on clean and garbled text, and repair quality.

    python -m benchmarks.repair            # ratios are against ftfy.fix_text on the same text

Clean text: the 83 clean articles of ../shared/corpus/clean, as UTF-8 and as GBK bytes; newsclean pays for
decode + fix_mojibake, ftfy gets the already-decoded text. Garbled text: the 85 strings of
constructed.jsonl. Quality: exact restores of the cases whose bytes survive, flags on the lossy ones, and
changes made to clean text (both tools).
"""
from __future__ import annotations

import difflib
import json
from collections import Counter

import ftfy

import newsclean
from newsclean.repair import holes
from newsclean.repair.mojibake import repair_mojibake

from .common import CORPUS, print_table, summarize, time_calls

FTFY_SAFE = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                 normalization=None, fix_latin_ligatures=False)


def _cold_fix(text: str) -> str:
    """fix_mojibake without the lost-byte cache a repeated call would hit (best-of-3 timing repeats calls)."""
    holes.fill.cache_clear()
    return newsclean.fix_mojibake(text)


def _clean_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "clean" / "articles").glob("*.txt"))]


def _constructed() -> list[dict]:
    path = CORPUS / "encoding" / "mojibake" / "constructed.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _speed(texts: list[str], label: str, with_bytes: list[bytes] | None = None) -> None:
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    rows = [summarize("ftfy.fix_text", time_calls(ftfy.fix_text, texts), nbytes),
            summarize("ftfy (safe cfg)", time_calls(lambda t: ftfy.fix_text(t, FTFY_SAFE), texts), nbytes),
            summarize("fix_mojibake", time_calls(_cold_fix, texts), nbytes)]
    if with_bytes is not None:
        rows.append(summarize("decode only", time_calls(newsclean.decode, with_bytes), nbytes))
        rows.append(summarize("decode+fix", time_calls(lambda b: newsclean.fix_mojibake(newsclean.decode(b).text),
                                                       with_bytes), nbytes))
    print(f"\n## speed: {label} ({len(texts)} texts, {nbytes / 1e6:.2f} MB as UTF-8); ratio = time / ftfy.fix_text")
    print_table(rows, baseline="ftfy.fix_text", key="total_s")
    base = rows[0]["MB/s"]
    for r in rows[1:]:
        print(f"  {r['tool']:>16}: {r['MB/s']:.3f} MB/s = {r['MB/s'] / base:.2f}x ftfy.fix_text's throughput")


def _quality(cases: list[dict], clean: list[str]) -> None:
    print("\n## quality: constructed.jsonl (exact = output equals the original; flagged = a garble reported)")
    per: dict[str, Counter] = {}
    for c in cases:
        k = per.setdefault(c["kind"], Counter())
        res = repair_mojibake(c["garbled"])
        k["n"] += 1
        k["survives"] += "\ufffd" not in c["garbled"] and "锟斤拷" not in c["garbled"]
        k["newsclean exact"] += res.text == c["original"]
        k["newsclean flagged"] += bool(res.garbles)
        theirs = ftfy.fix_text(c["garbled"], FTFY_SAFE)
        k["ftfy exact"] += theirs == c["original"]
        k["newsclean chars%"] += _kept(res.text, c["original"])
        k["ftfy chars%"] += _kept(theirs, c["original"])
    cols = ["n", "survives", "newsclean exact", "newsclean flagged", "ftfy exact", "newsclean chars%", "ftfy chars%"]
    print("(chars% = share of the original's characters found in order in the output, averaged over the cases)")
    print(f"{'kind':<58}" + "".join(f"{c:>19}" for c in cols))
    tot: Counter = Counter()
    for kind, k in per.items():
        tot.update(k)
        print(f"{kind:<58}" + "".join(f"{_cell(k, c):>19}" for c in cols))
    print(f"{'total':<58}" + "".join(f"{_cell(tot, c):>19}" for c in cols))
    ours = sum(repair_mojibake(t).text != t for t in clean)
    theirs = sum(ftfy.fix_text(t) != t for t in clean)
    safe = sum(ftfy.fix_text(t, FTFY_SAFE) != t for t in clean)
    print(f"\nclean articles changed: newsclean {ours}/{len(clean)}, ftfy.fix_text {theirs}/{len(clean)}, "
          f"ftfy safe config {safe}/{len(clean)}")


def _kept(out: str, original: str) -> float:
    m = difflib.SequenceMatcher(None, out, original, autojunk=False)
    return 100 * sum(b.size for b in m.get_matching_blocks()) / max(1, len(original))


def _cell(k: Counter, col: str) -> str:
    return f"{k[col] / k['n']:.1f}" if col.endswith("%") else str(k[col])


def main() -> None:
    clean = _clean_texts()
    cases = _constructed()
    _speed(clean, "clean Chinese, UTF-8 bytes", [t.encode("utf-8") for t in clean])
    gbk = [t for t in clean if _gbk_ok(t)]
    _speed(gbk, "clean Chinese, GBK bytes", [t.encode("gb18030") for t in gbk])
    _speed([c["garbled"] for c in cases], "garbled (constructed.jsonl)")
    _quality(cases, clean)


def _gbk_ok(text: str) -> bool:
    try:
        text.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


if __name__ == "__main__":
    main()
