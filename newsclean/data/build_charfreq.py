"""Builds charfreq.tsv, the character frequency table of newsclean.charfreq (decoding and mojibake repair).

Source and licences: see charfreq.md beside this file.
Run from the repo root, in the project venv:  python newsclean/data/build_charfreq.py
"""
from __future__ import annotations

import collections
import sys
from pathlib import Path

from newsclean.charfreq import is_han, jieba_words

OUT = Path(__file__).with_name("charfreq.tsv")

# (characters, rank of the hanzi whose count they get): the commonest marks rank with the commonest characters.
PUNCTUATION = [("，。", 1), ("、“”：（）《》；？！…—", 60), ("‘’·「」『』【】〈〉～％", 600)]


def build() -> collections.Counter:
    import opencc

    words = list(jieba_words())
    counts = _han_counts(words)
    # Traditional text: the same words through OpenCC's phrase-aware s2t, s2tw and s2hk, so a traditional
    # character weighs what its words weigh (製 from 制造, while 傢 gets only 家具, not all of 家).
    # A character's own default traditional form also gets its whole weight (钟 -> 鍾, in names and places).
    simplified = list(counts.items())
    joined = "\n".join(w for w, _ in words)
    for cfg in ("s2t", "s2tw", "s2hk"):
        conv = opencc.OpenCC(cfg)
        converted = conv.convert(joined).split("\n")
        assert len(converted) == len(words), cfg
        for ch, n in _han_counts(list(zip(converted, (f for _, f in words)))).items():
            counts[ch] = max(counts[ch], n)
        for (ch, n), trad in zip(simplified, conv.convert("\n".join(ch for ch, _ in simplified)).split("\n")):
            if len(trad) == 1:
                counts[trad] = max(counts[trad], n)
    ranked = [n for _, n in counts.most_common()]
    for chars, rank in PUNCTUATION:
        for ch in chars:
            counts[ch] = ranked[rank]
    return counts


def _han_counts(words: list[tuple[str, int]]) -> collections.Counter:
    """A character's count: the sum of the frequencies of the words containing it (once per occurrence)."""
    out: collections.Counter = collections.Counter()
    for word, freq in words:
        for ch in word:
            if is_han(ch):
                out[ch] += freq
    return out


def main() -> None:
    counts = build()
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# Character weights: jieba 0.42.1 dict.txt word frequencies summed per character (MIT licence);\n")
        fh.write("# traditional forms counted over the same words through OpenCC s2t/s2tw/s2hk (Apache-2.0);\n")
        fh.write("# punctuation hand-assigned, ranked with common characters.\n")
        fh.write("# See charfreq.md. Rebuild: python newsclean/data/build_charfreq.py\n")
        for ch, n in counts.most_common():
            fh.write(f"{ch}\t{n}\n")
    print(f"wrote {len(counts)} characters to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
