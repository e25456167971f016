"""Decoding: accuracy and speed of newsclean.decode next to chardet and charset-normalizer, in one run.

    python -m benchmarks.decode            # all three corpora
    python -m benchmarks.decode --quick    # the labelled encoding corpus only

Accuracy: a tool is right on a file when its answer decodes the bytes strictly to the text the label's
codec gives (or the label's superset gives: GB2312 read as GB18030 is right). Every tool is timed on
detect + decode, so the MB/s compare the same work.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from benchmarks.common import CORPUS, print_table, time_calls
from newsclean.config import DecodeConfig
from newsclean.decode import decode, normalize_label


def manifest(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def label_texts(data: bytes, label: str) -> set[str]:
    """What counts as right: the strict decode under the label, or under its superset (GB2312 read as
    GB18030 differs only where Python's gb2312 codec maps two symbols unlike every browser)."""
    out = set()
    for codec in (label, normalize_label(label)):
        try:
            out.add(data.decode(codec))
        except (UnicodeDecodeError, LookupError, TypeError):
            pass
    return out


def _strict(data: bytes, codec: str | None) -> str | None:
    try:
        return data.decode(codec) if codec else None
    except (UnicodeDecodeError, LookupError):
        return None


def tools() -> dict:
    """name -> bytes -> decoded text (or None when the tool gives no usable answer)."""
    out = {
        "newsclean": lambda d: decode(d).text,
        "newsclean-bytes-only": lambda d: decode(d, config=DecodeConfig(trust_declared=False)).text,
    }
    try:
        import chardet

        out[f"chardet-{chardet.__version__}"] = lambda d: _strict(d, chardet.detect(d)["encoding"])
    except ImportError:
        print("chardet not installed: skipped", file=sys.stderr)
    try:
        import charset_normalizer

        def cn(d: bytes) -> str | None:
            best = charset_normalizer.from_bytes(d).best()
            return str(best) if best is not None else None

        out[f"charset-normalizer-{charset_normalizer.__version__}"] = cn
    except ImportError:
        print("charset-normalizer not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
    return out


def encoding_corpus() -> list[tuple[str, bytes, set[str]]]:
    root = CORPUS / "encoding"
    rows = []
    for r in manifest(root / "MANIFEST.tsv"):
        data = (root / r["local_file"]).read_bytes()
        try:
            data.decode(r["label"])   # the 73 files whose label decodes them strictly
        except UnicodeDecodeError:
            continue
        rows.append((r["local_file"], data, label_texts(data, r["label"])))
    return rows


def html_corpus() -> list[tuple[str, bytes, set[str]]]:
    root = CORPUS / "html"
    return [(r["id"], data, {data.decode(r["bytes_encoding"])})
            for r in manifest(root / "MANIFEST.tsv") for data in [(root / r["local_file"]).read_bytes()]]


def clean_corpus() -> list[tuple[str, bytes, set[str]]]:
    files = sorted((CORPUS / "clean" / "articles").glob("*.txt"))
    return [(f.name, f.read_bytes(), {f.read_text(encoding="utf-8")}) for f in files]


def snippet_corpus(chars: int) -> list[tuple[str, bytes, set[str]]]:
    """`chars`-character snippets of the clean articles' bodies in GBK, and through OpenCC s2t in Big5
    (snippets Big5 cannot encode are left out): short inputs are where detectors fail."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    out = []
    for f in sorted((CORPUS / "clean" / "articles").glob("*.txt")):
        body = f.read_text(encoding="utf-8").split("\n\n", 1)[-1].replace("\n", "")
        simplified = body[100: 100 + chars]
        for codec, text in (("gbk", simplified), ("big5", s2t.convert(simplified))):
            try:
                out.append((f"{f.stem}.{codec}", text.encode(codec), {text}))
            except UnicodeEncodeError:
                pass
    return out


def run(name: str, corpus: list, fns: dict, repeat: int) -> None:
    nbytes = sum(len(d) for _, d, _ in corpus)
    size = f"{nbytes / 1e6:.2f} MB" if nbytes >= 100_000 else f"{nbytes / 1e3:.1f} KB"
    print(f"\n== {name}: {len(corpus)} files, {size}")
    rows = []
    for tool, fn in fns.items():
        misses = [n for n, d, truth in corpus if fn(d) not in truth]
        times = time_calls(fn, [d for _, d, _ in corpus], repeat=repeat)
        total = sum(times)
        rows.append({"tool": tool, "right": f"{len(corpus) - len(misses)}/{len(corpus)}",
                     "MB/s": nbytes / total / 1e6, "total_s": total})
        if misses:
            print(f"  {tool} wrong on: {', '.join(misses[:6])}{' …' if len(misses) > 6 else ''}")
    print_table(rows, baseline="newsclean", key="MB/s")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the labelled encoding corpus only")
    ap.add_argument("--repeat", type=int, default=3, help="best-of timing repeats")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS} (set NEWSCLEAN_SHARED)")
    fns = tools()
    print("ratio_vs_newsclean is MB/s relative to newsclean (below 1 = slower than newsclean)")
    run("encoding corpus (labelled GB2312/GBK/GB18030/Big5/HKSCS/HZ/UTF-8)", encoding_corpus(), fns, args.repeat)
    if not args.quick:
        run("html pages, raw bytes (utf-8, gbk; 11 declare the wrong charset)", html_corpus(), fns, args.repeat)
        for chars in (4, 8, 16):
            run(f"{chars}-character snippets of the clean articles, GBK and Big5", snippet_corpus(chars), fns, 1)
        reference = {"bytes.decode('utf-8') floor": lambda d: d.decode("utf-8")}
        try:
            import ftfy

            # Not a decoder: the repair step users reach for, to show how small decoding's share is.
            reference["ftfy.fix_text (reference)"] = lambda d: ftfy.fix_text(d.decode("utf-8"))
        except ImportError:
            pass
        run("clean articles, UTF-8 (fast path)", clean_corpus(), {**fns, **reference}, args.repeat)


if __name__ == "__main__":
    main()
