"""Adversarial sizes: time clean() on an input and on the same input doubled; the ratio must stay <= 2.5.

A ratio near 2 means linear time; far above it means a quadratic step or regex backtracking.
`--full` uses the sizes of the issue (10 MB line, 50 MB page); the default is a quicker scale.
"""
from __future__ import annotations

import argparse
import time

import newsclean
from newsclean import Config

PARA = "记者从有关部门获悉，相关工作正在有序推进，预计年底前全部完成。"


def cases(scale: float) -> dict:
    mb = int(1_000_000 * scale)
    return {
        "one line, no newline": lambda n: (PARA * (n // len(PARA.encode()) + 1)).encode()[: n - n % 3],
        "| separators": lambda n: ("色情|" * (n // 7)).encode(),
        "one repeated character": lambda n: ("啊" * (n // 3)).encode(),
        "HTML nested deep": lambda n: ("<div>" * (n // 1000) + "<p>" + PARA + "</p>" + "</div>" * (n // 1000)).encode(),
        "tiny paragraphs": lambda n: ("\n\n".join(f"第{i}段。" for i in range(n // 100))).encode(),
        "big HTML page": lambda n: ("<html><body>" + "".join(
            f"<div class='c{i % 50}'><p>{PARA}{i}</p><a href='#'>链接{i}</a></div>" for i in range(n // 200)) +
            "</body></html>").encode(),
        "_base": mb,
    }


SIZES = {  # base size in units of `mb`, as the issue names them (doubled in the run)
    "one line, no newline": 5, "| separators": 0.5, "one repeated character": 0.5,
    "HTML nested deep": 5,  # n//1000 -> 5,000 then 10,000 levels at full scale
    "tiny paragraphs": 5, "big HTML page": 25,
}


def _time(raw: bytes, config: Config) -> float:
    t0 = time.perf_counter()
    try:
        newsclean.clean(raw, config)
    except newsclean.InputError:
        pass
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.adversarial", description=__doc__)
    ap.add_argument("--full", action="store_true", help="the issue's sizes (slow: minutes)")
    args = ap.parse_args(argv)
    scale = 1.0 if args.full else 0.05
    made = cases(scale)
    base = made.pop("_base")
    config = Config(max_bytes=200 * 1024 * 1024)
    print(f"{'case':28} {'size':>10} {'t(n) s':>9} {'t(2n) s':>9} {'ratio':>7}")
    for name, make in made.items():
        n = int(SIZES[name] * base)
        t1 = _time(make(n), config)
        t2 = _time(make(2 * n), config)
        flag = "" if t2 / max(t1, 1e-9) <= 2.5 else "  <-- superlinear"
        print(f"{name:28} {2 * n / 1e6:>8.1f}MB {t1:>9.3f} {t2:>9.3f} {t2 / max(t1, 1e-9):>7.2f}{flag}")


if __name__ == "__main__":
    main()
