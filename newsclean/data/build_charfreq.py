"""Builds decode_charfreq.tsv, the character frequency table the decoder scores candidate decodes with.

Source: jieba 0.42.1's dict.txt (MIT licence; word frequencies from People's Daily and other corpora).
A character's count is the sum of the frequencies of the dictionary words containing it. Traditional
characters (for Big5 pages) get the count of their simplified form through OpenCC's t2s (Apache-2.0),
when that is larger than their own. A short list of Chinese punctuation gets hand-assigned counts
(jieba's dictionary has no punctuation), scaled to the counts of common characters.

Run from the repo root:  python newsclean/data/build_charfreq.py
"""
from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

OUT = Path(__file__).with_name("decode_charfreq.tsv")

# (characters, rank of the hanzi whose count they get): the commonest marks rank with the commonest characters.
PUNCTUATION = [("，。", 1), ("、“”：（）《》；？！…—", 60), ("‘’·「」『』【】〈〉～％", 600)]


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def build() -> collections.Counter:
    import jieba
    import opencc

    counts: collections.Counter = collections.Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split(" ")
            for ch in word:
                if _is_han(ch):
                    counts[ch] += int(freq)
    t2s = opencc.OpenCC("t2s")
    for cp in list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000)):
        ch = chr(cp)
        simplified = t2s.convert(ch)
        if simplified != ch and len(simplified) == 1 and counts.get(simplified, 0) > counts.get(ch, 0):
            counts[ch] = counts[simplified]
    ranked = [c for _, c in counts.most_common()]
    for chars, rank in PUNCTUATION:
        for ch in chars:
            counts[ch] = ranked[rank]
    return counts


def main() -> None:
    counts = build()
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# Character frequencies for scoring candidate decodes (newsclean.decode).\n")
        fh.write("# Derived from jieba 0.42.1 dict.txt (MIT): sum of word frequencies per character;\n")
        fh.write("# traditional characters get their OpenCC t2s form's count; punctuation hand-assigned.\n")
        fh.write("# Rebuild: python newsclean/data/build_charfreq.py\n")
        for ch, n in counts.most_common():
            fh.write(f"{ch}\t{n}\n")
    print(f"wrote {len(counts)} characters to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
