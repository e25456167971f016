"""newsclean.clean side by side with ftfy.fix_text and trafilatura.extract on the same inputs.

ftfy and trafilatura each do only part of the job (ftfy: text repair; trafilatura: HTML extraction),
so the ratios say what the whole pipeline costs relative to the tool a user would pick instead.
"""
from __future__ import annotations

import argparse

import newsclean

from .common import CORPUS, SAMPLE, print_table, summarize, time_calls


def dev_pages(limit: int | None = None) -> list[bytes]:
    pages = sorted((CORPUS / "html" / "html").glob("*.html"))
    return [p.read_bytes() for p in pages[:limit]]


def _tools():
    tools = {"newsclean": lambda x: newsclean.clean(x)}
    try:
        import ftfy

        tools["ftfy.fix_text"] = lambda x: ftfy.fix_text(x.decode("utf-8", "replace") if isinstance(x, bytes) else x)
    except ImportError:
        print("ftfy not installed: pip install -e '.[bench]'")
    try:
        import trafilatura

        tools["trafilatura"] = lambda x: trafilatura.extract(x)
    except ImportError:
        print("trafilatura not installed: pip install -e '.[bench]'")
    return tools


def run(name: str, inputs: list, repeat: int) -> None:
    nbytes = sum(len(x.encode() if isinstance(x, str) else x) for x in inputs)
    print(f"\n## {name}: {len(inputs)} inputs, {nbytes / 1e6:.2f} MB")
    rows = []
    for tool, fn in _tools().items():
        if tool == "trafilatura" and name == "sample (plain text)":
            continue  # trafilatura takes HTML only
        rows.append(summarize(tool, time_calls(fn, inputs, repeat), nbytes))
    print_table(rows, baseline="newsclean")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pipeline", description=__doc__)
    ap.add_argument("--pages", type=int, default=None, help="only the first N dev pages")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per input")
    args = ap.parse_args(argv)
    if SAMPLE.exists():
        run("sample (plain text)", [SAMPLE.read_text(encoding="utf-8")], args.repeat * 3)
    if (CORPUS / "html").exists():
        run("dev pages (HTML bytes)", dev_pages(args.pages), args.repeat)


if __name__ == "__main__":
    main()
