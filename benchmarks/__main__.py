"""`python -m benchmarks [NAME ...]`: run the named benchmarks (default: all that exist), in one process.

Each module in this folder has a main(); they compare newsclean side by side with the tool a user
would pick instead, in one run, as ratios (these machines are noisy: compare ratios, not seconds).
"""
from __future__ import annotations

import importlib
import sys

# In data-flow order; each runs as `python -m benchmarks.NAME` too.
ALL = ["pipeline", "decode", "repair", "extract", "mirrors", "convert", "structure", "batch", "dedupe"]


def main() -> None:
    names = sys.argv[1:] or ALL
    for name in names:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"benchmarks.{name}":
                print(f"\n# {name}: no such benchmark yet")
                continue
            raise
        print(f"\n# {name}")
        sys.argv = [f"benchmarks.{name}"]  # each main() parses its own (empty) arguments
        module.main()


main()
