"""Coverage-guided fuzzing of decode() and clean() with atheris, for a bounded time.

    pip install -e ".[fuzz]"
    python -m benchmarks.fuzz --seconds 120 [--corpus DIR] [--target clean|readers]

Any exception other than InputError is a bug: atheris stops and writes the crashing input to
crash-*; turn each find into a regression test in tests/test_hostile.py.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__)
    ap.add_argument("--seconds", type=int, default=60, help="stop after this many seconds")
    ap.add_argument("--corpus", default=None, help="a folder of seed inputs (atheris adds to it)")
    ap.add_argument("--max-len", type=int, default=0, help="longest input tried (0: libFuzzer's default, grows slowly)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (0: libFuzzer picks one)")
    ap.add_argument("--target", choices=("clean", "readers"), default="clean",
                    help="clean: decode() and clean(); readers: the batch JSONL and WARC readers on a file")
    args = ap.parse_args(argv)
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install -e '.[fuzz]'")
        return
    with atheris.instrument_imports():
        import newsclean
        import newsclean.batch.inputs as inputs
    work = tempfile.mkdtemp(prefix="newsclean-fuzz-")

    def readers_input(data: bytes) -> None:
        """Every record of a (broken) JSONL or WARC file is one Item: an id and exactly one of
        content, error or skip. A reader that raises or yields a nameless Item is a bug."""
        for name in ("in.jsonl", "in.warc", "in.warc.gz", "in.jsonl.gz"):
            path = os.path.join(work, name)
            with open(path, "wb") as f:
                f.write(data)
            for item in inputs.items([path]):
                assert item.id, item
                assert sum(x is not None for x in (item.raw, item.error, item.skip)) == 1, item

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        as_text = fdp.ConsumeBool()
        for raw in (data, fdp.ConsumeUnicode(len(data)) if as_text else data[1:]):
            try:
                newsclean.decode(raw) if isinstance(raw, bytes) and raw else None
                newsclean.clean(raw)
            except newsclean.InputError:
                pass

    libfuzzer_args = [sys.argv[0], f"-max_total_time={args.seconds}", "-rss_limit_mb=4096"]
    if args.max_len:
        libfuzzer_args.append(f"-max_len={args.max_len}")
    if args.seed:
        libfuzzer_args.append(f"-seed={args.seed}")
    if args.corpus:
        libfuzzer_args.append(args.corpus)
    atheris.Setup(libfuzzer_args, readers_input if args.target == "readers" else one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
