"""Batch layer: docs/s with --jobs 1 and --jobs 2, scaling, overhead against a clean() loop, flat memory.

    python -m benchmarks.batch                       # 2,000 documents, RSS at 1,000 and 10,000
    python -m benchmarks.batch --docs 500 --rss 0    # quick look, no memory runs

The dev pages (corpus/html/html/*.html) are repeated (symlinks in a temp folder) to --docs
documents. Everything runs in one process tree on this machine, one after the other, so the
ratios compare like with like; the machine is shared, so the CPU-time columns are printed too.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import CORPUS, print_table

PAGES = CORPUS / "html" / "html"


def make_crawl(root: Path, n: int) -> list[Path]:
    """n documents as symlinks to the dev pages, in folders of one copy each."""
    pages = sorted(PAGES.glob("*.html"))
    out = []
    for i in range(n):
        d = root / f"r{i // len(pages):04d}"
        d.mkdir(exist_ok=True)
        link = d / pages[i % len(pages)].name
        link.symlink_to(pages[i % len(pages)])
        out.append(link)
    return out


def cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def loop(files: list[Path]) -> tuple[float, float, int]:
    """The baseline a user writes: read each file, clean() it, no output."""
    import newsclean

    ok = 0
    t0, c0 = time.perf_counter(), cpu()
    for f in files:
        try:
            newsclean.clean(f.read_bytes(), name=str(f))
            ok += 1
        except newsclean.InputError:
            pass
    return time.perf_counter() - t0, cpu() - c0, ok


def batch(root: Path, out: Path, jobs: int, batch_size: int = 32) -> tuple[float, float, int]:
    """The batch layer as the CLI runs it: walk, chunk, clean, serialise, write JSONL, count."""
    from newsclean.batch import ErrorLog, JsonlWriter, Options, run_paths

    t0, c0 = time.perf_counter(), cpu()
    stats = run_paths([str(root)], JsonlWriter(str(out)), ErrorLog(str(out) + ".errors"),
                      Options(jobs=jobs, batch_size=batch_size))
    return time.perf_counter() - t0, cpu() - c0, stats.written


def layer_only(root: Path, files: list[Path], out: Path, batch_size: int) -> tuple[float, float]:
    """CPU seconds of the batch layer by itself (--jobs 1): clean() replaced by a lookup of articles
    cleaned beforehand, so what is left is walking, reading, chunking, to_dict, JSON and writing."""
    import newsclean
    import newsclean.batch.run as run_mod

    done = {}
    for f in files[: len(list(PAGES.glob("*.html")))]:
        try:
            done[f.name] = newsclean.clean(f.read_bytes())
        except newsclean.InputError:
            pass

    def lookup(raw, config=None, *, name=None, http_charset=None):
        return done[Path(name).name]

    real = run_mod.clean
    run_mod.clean = lookup
    try:
        _wall, cpu_s, n = batch(root, out, 1, batch_size)
    finally:
        run_mod.clean = real
    return cpu_s, n


def tree_rss_kb(pid: int) -> int:
    """Resident memory of pid and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def peak_rss(root: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Peak RSS (MB) of the whole `newsclean clean` process tree, its main process alone, and the wall time."""
    cmd = [sys.executable, "-m", "newsclean", "clean", str(root), "-o", str(out), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    peak_tree = peak_main = 0
    done = threading.Event()

    def sample():
        nonlocal peak_tree, peak_main
        while not done.is_set():
            peak_tree = max(peak_tree, tree_rss_kb(proc.pid))
            try:
                rss = next(int(x.split()[1]) for x in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                           if x.startswith("VmRSS:"))
                peak_main = max(peak_main, rss)
            except (OSError, StopIteration):
                pass
            done.wait(0.2)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    done.set()
    t.join()
    return peak_tree / 1024, peak_main / 1024, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents for the speed runs (default 2000)")
    ap.add_argument("--rss", default="1000,10000", help="document counts for the memory runs, or 0 for none")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each is kept")
    args = ap.parse_args(argv)
    if not PAGES.exists():
        sys.exit(f"{PAGES} not found: the shared corpus is needed")
    with tempfile.TemporaryDirectory(prefix="newsclean-bench-") as tmp:
        tmp = Path(tmp)
        root = tmp / "crawl"
        root.mkdir()
        files = make_crawl(root, args.docs)
        print(f"{len(files)} documents ({len(list(PAGES.glob('*.html')))} dev pages repeated); "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
        import newsclean  # noqa: F401  (import cost is not part of any timing)

        loop(files[:20])  # warm caches (lazy dictionaries) before timing anything
        # Interleaved rounds, best of each: the neighbours' load changes within minutes here.
        runs = {
            "clean() loop": lambda: loop(files),
            "batch --jobs 1": lambda: batch(root, tmp / "out1.jsonl", 1, args.batch_size),
            "batch --jobs 2": lambda: batch(root, tmp / "out2.jsonl", 2, args.batch_size),
        }
        best: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for name, fn in runs.items():
                wall, cpu_s, n = fn()
                b = best.setdefault(name, [float("inf"), float("inf"), n])
                b[0], b[1] = min(b[0], wall), min(b[1], cpu_s)
        rows = [{"tool": name, "docs": n, "wall_s": wall, "docs/s": n / wall, "cpu_ms/doc": 1000 * cpu_s / n}
                for name, (wall, cpu_s, n) in best.items()]
        print_table(rows, baseline="clean() loop", key="wall_s")
        loop_s, j1, j2 = rows[0]["wall_s"], rows[1]["wall_s"], rows[2]["wall_s"]
        print(f"\nscaling --jobs 2 vs --jobs 1: {j1 / j2:.2f}x wall (goal >= 1.8 on 2 idle cores; "
              f"load average now {os.getloadavg()[0]:.1f})")
        # On a shared machine wall time says more about the neighbours than about us. CPU time per
        # document does not: with N idle cores the wall-time scaling is at most N x (CPU/doc at 1 job)
        # / (CPU/doc at N jobs), the loss being the pool's own work (pickling, the parent process).
        print(f"scaling implied by CPU/doc on 2 idle cores: "
              f"{2 * rows[1]['cpu_ms/doc'] / rows[2]['cpu_ms/doc']:.2f}x")
        print(f"batch --jobs 1 vs clean() loop: {100 * (j1 - loop_s) / loop_s:+.1f} % wall, "
              f"{100 * (rows[1]['cpu_ms/doc'] - rows[0]['cpu_ms/doc']) / rows[0]['cpu_ms/doc']:+.1f} % CPU")
        layer = min(layer_only(root, files, tmp / "layer.jsonl", args.batch_size)[0] for _ in range(3))
        layer_ms = 1000 * layer / len(files)
        print(f"batch layer alone (clean() stubbed): {layer_ms:.2f} ms/doc CPU = "
              f"{100 * layer_ms / rows[0]['cpu_ms/doc']:.1f} % of clean() (goal <= 5 %)")

        counts = [int(x) for x in args.rss.split(",") if int(x) > 0]
        if counts:
            mem = []
            big = tmp / "big"
            big.mkdir()
            for n in counts:
                d = big / str(n)
                d.mkdir()
                make_crawl(d, n)
                tree, main_mb, wall = peak_rss(d, tmp / f"rss{n}.jsonl", 2)
                mem.append({"tool": f"{n} docs --jobs 2", "peak_tree_MB": tree, "peak_main_MB": main_mb, "wall_s": wall})
            print()
            print_table(mem, baseline=mem[0]["tool"], key="peak_tree_MB")
            if len(mem) > 1:
                print(f"\npeak RSS {counts[-1]} vs {counts[0]} docs: {mem[-1]['peak_tree_MB'] / mem[0]['peak_tree_MB']:.2f}x "
                      f"(goal within 1.20x)")


if __name__ == "__main__":
    main()
