"""REPEATS stage: a body printed more than once, and paragraphs repeated inside one body, are kept once.

Blocks are compared by ``textkey.text_key`` (one script, no annotations, no punctuation), exactly and
by character-bigram similarity, so a traditional, annotated or partly garbled copy still matches.
Each set of copies keeps one block at the place of the first copy, taken from the best copy: the
fewest garble marks (repair's "garbled" flag, its problems, ``?``/U+FFFD next to Han characters).
Long paragraphs are de-duplicated anywhere; short lines (title, byline, caption) only inside a
repeated body or when they repeat the title, since real articles repeat short lines (table cells, labels).
"""
from __future__ import annotations

import re
from collections import defaultdict

from .config import Config, RepeatsConfig
from .model import Block, Document
from .strip.problems import resolve_problems
from .textkey import ANNOTATION, bigrams, similarity, text_key

STEP = "repeats"
# Marks of a garbled copy: U+FFFD and private-use characters, "?" runs, a "?" between Han characters or
# before Latin letters (a lost byte before a pinyin residue: ?yōu), HTML tag debris (?!?/p>).
_BAD = re.compile(
    r"[\ufffd\ue000-\uf8ff]|[?？]{2,}|(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])"
    r"|[?？](?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])|</?[a-z]{1,6}>|(?<![<a-z])/[a-z]{1,6}>"
)
_SHINGLE = 4


def remove_repeats(doc: Document, config: Config) -> Document:
    rc = config.repeats
    if not rc.enabled or len(doc.blocks) < 2:
        return doc
    blocks = doc.blocks
    keys = [text_key(b.text) for b in blocks]
    root, sim = _match(keys, rc)
    groups: dict[int, list[int]] = defaultdict(list)
    for pos, r in enumerate(root):
        if r != pos:
            groups[r].append(pos)
    if not groups:
        return doc

    _align_gaps(root, keys, rc)
    for pos, r in enumerate(root):
        if r != pos and pos not in groups[r]:
            groups[r].append(pos)
    in_body = _repeated_bodies(root, keys, rc)
    # The page's first block is the title line the structure stage reads. A repeat of it goes when the page
    # is a mirror (spam/chrome removed, or a repeated body); a publisher's page that prints the headline
    # again as its first line keeps it.
    mirror = bool(in_body) or any(f.step == "strip" and f.after is None for f in doc.report.fixes)
    drop: set[int] = set()
    for r, later in groups.items():
        for pos in later:
            if pos in in_body:
                drop.add(pos)
            elif r == 0:
                if mirror:
                    drop.add(pos)
            elif len(keys[pos]) >= rc.min_paragraph_chars and keys[pos] == keys[r]:
                # Inside one body only exact repeats go: templated lines (网友甲捐赠了… 网友乙捐赠了…) are
                # similar, not copies …
                drop.add(pos)
            elif len(keys[pos]) >= rc.min_fuzzy_alone_chars:
                # … unless long enough that similarity cannot come from a template.
                drop.add(pos)

    bad = _badness(doc)
    replace: dict[int, int] = {}   # root position -> position of the copy kept there
    for r, later in sorted(groups.items()):
        copies = [r] + [p for p in later if p in drop]
        if len(copies) < 2:
            continue
        # Fewest garble marks; then the fullest copy (a copy may have lost a linked word); then the first.
        best = min(copies, key=lambda p: (bad(blocks[p]), -len(keys[p]), p))
        if best != r:
            replace[r] = best
        why = "repeated body" if any(p in in_body for p in copies[1:]) else "repeated paragraph"
        detail = {"copies": [blocks[p].index for p in copies], "kept_copy": copies.index(best) + 1,
                  "kept_block": blocks[best].index, "garble_marks": [bad(blocks[p]) for p in copies]}
        for n, p in enumerate(copies, 1):
            if p == best:
                continue
            doc.report.add(STEP, "remove_repeat", blocks[p].text, where=blocks[p].index,
                           reason=f"{why}: copy {n} of {len(copies)}, kept copy {copies.index(best) + 1} "
                                  f"(block {blocks[best].index})",
                           detail={**detail, "similarity": round(sim[p] if p != r else sim[best], 3)})
        if best != r:
            drop.add(r)
            drop.add(best)   # it moves to r's place

    out: list[Block] = []
    gone = set()
    moved = set(replace.values())
    for pos, b in enumerate(blocks):
        if pos in replace:
            out.append(blocks[replace[pos]])
        elif pos in drop:
            if pos not in moved:
                gone.add(b.index)
        else:
            out.append(b)
    doc.blocks = out
    resolve_problems(doc, gone, STEP, "its block was a repeated copy; the kept copy is elsewhere")
    return doc


def _match(keys: list[str], rc: RepeatsConfig) -> tuple[list[int], list[float]]:
    """For each position, the first position of its copy set (itself if none) and the similarity."""
    n = len(keys)
    root = list(range(n))
    sim = [1.0] * n
    exact: dict[str, int] = {}
    grams: list[set[str] | None] = [None] * n
    shingles: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if not k:
            continue
        if k in exact:
            root[i] = root[exact[k]]
            continue
        exact[k] = i
        if len(k) < rc.min_fuzzy_chars:
            continue
        g = bigrams(k)
        grams[i] = g
        counts: dict[int, int] = defaultdict(int)
        sh = {k[j:j + _SHINGLE] for j in range(len(k) - _SHINGLE + 1)}
        for s in sh:
            for j in shingles.get(s, ()):
                counts[j] += 1
        best_j, best_s = None, rc.paragraph_similarity
        # Only the most promising earlier blocks are scored exactly.
        for j, c in sorted(counts.items(), key=lambda x: -x[1])[:5]:
            if c * 4 < len(sh):
                break
            s = similarity(g, grams[j])
            if s >= best_s:
                best_j, best_s = j, s
        if best_j is not None:
            root[i] = root[best_j]
            sim[i] = best_s
        for s in sh:
            shingles[s].append(i)
    return root, sim


def _repeated_bodies(root: list[int], keys: list[str], rc: RepeatsConfig) -> set[int]:
    """Positions inside repeated bodies: runs of matched blocks at most max_body_gap apart whose first copies
    come in the same order (a table repeating "不调整" is not a body), with at least min_body_blocks
    blocks and min_body_chars key characters."""
    matched = [i for i, r in enumerate(root) if r != i]
    out: set[int] = set()
    run: list[int] = []

    def close(run: list[int]) -> None:
        if len(run) >= rc.min_body_blocks and sum(len(keys[i]) for i in run) >= rc.min_body_chars:
            out.update(run)

    for i in matched:
        if run and i - run[-1] <= rc.max_body_gap + 1 and root[i] > root[run[-1]]:
            run.append(i)
            continue
        close(run)
        run = [i]
    close(run)
    return out


def _align_gaps(root: list[int], keys: list[str], rc: RepeatsConfig) -> None:
    """Between two matched blocks whose first copies are as far apart as they are, pair the unmatched blocks
    one to one with the first copy's blocks: a copy too garbled (or too short) to match on its own text."""
    matched = [i for i, r in enumerate(root) if r != i]
    for a, b in zip(matched, matched[1:]):
        ra, rb = root[a], root[b]
        gap = b - a
        if gap < 2 or gap > rc.max_body_gap + 1 or rb - ra != gap:
            continue
        for k in range(1, gap):
            later, first = a + k, ra + k
            if root[later] != later or root[first] != first or not keys[later] or not keys[first]:
                continue
            if not 0.5 <= len(keys[later]) / len(keys[first]) <= 2:
                continue
            root[later] = first


def _badness(doc: Document):
    problems: dict[int, int] = defaultdict(int)
    for p in doc.report.problems:
        if p.where is not None:
            problems[p.where] += 1

    def bad(b: Block) -> int:
        # Leftover annotations count too: a copy the repair stage could not clean is the worse copy.
        # An annotation is removable, a garble is not: garble marks weigh more.
        return (40 * ("garbled" in b.flags) + 20 * problems.get(b.index, 0) + 4 * len(_BAD.findall(b.text))
                + len(ANNOTATION.findall(b.text)))

    return bad
