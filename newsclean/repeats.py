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
from collections import Counter, defaultdict
from functools import lru_cache

from .config import Config, RepeatsConfig
from .model import Block, Document
from .strip.problems import resolve_problems
from .textkey import ANNOTATION, bigrams, han_count, similarity, text_key

STEP = "repeats"
# Marks of a garbled copy: U+FFFD and private-use characters, "?" runs, a "?" between Han characters or
# before Latin letters (a lost byte before a pinyin residue: ?yōu), HTML tag debris (?!?/p>), and kana,
# hangul or box drawing, which GBK/Big5 misreadings produce and Chinese news rarely holds.
_BAD = re.compile(
    r"[\ufffd\ue000-\uf8ff\u3040-\u30ff\u3130-\u318f\uac00-\ud7af\u2500-\u257f]|[?？]{2,}|(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])"
    r"|[?？](?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])|</?[a-z]{1,6}>|(?<![<a-z])/[a-z]{1,6}>"
)
_SHINGLE = 4
_MAX_POSTING = 64
_PROBE_STRIDE = 3   # every 3rd shingle of a new block is looked up: copies share far more than that
_INDEX_FROM = 256   # earlier blocks from which a shingle index is cheaper than a set intersection per block
_DIGITS = re.compile(r"\d+")
_PIECE_PREFIX = 8   # rebroken copies: earlier blocks are indexed by this many first key characters


def remove_repeats(doc: Document, config: Config) -> Document:
    rc = config.repeats
    if not rc.enabled or len(doc.blocks) < 2:
        return doc
    keys = _drop_rebroken_copies(doc, [text_key(b.text) for b in doc.blocks], rc)
    blocks = doc.blocks
    grams = _Grams(keys)
    root, sim = _match(keys, rc, grams)
    if all(r == i for i, r in enumerate(root)):
        return doc
    # Position pairing only extends bodies already found on text alone (templated lists look alike too).
    _align_gaps(root, keys, rc, _repeated_bodies(root, keys, rc), grams)
    for i in range(len(root)):   # a block paired by position may have been another's first copy
        root[i] = root[root[i]]
    groups: dict[int, list[int]] = defaultdict(list)
    for pos, r in enumerate(root):
        if r != pos:
            groups[r].append(pos)
    in_body = _repeated_bodies(root, keys, rc)
    # The page's first block is the title line the structure stage reads. A repeat of it goes when the page
    # is a mirror (spam/chrome removed, or a repeated body); a publisher's page that prints the headline
    # again as its first line keeps it.
    mirror = bool(in_body) or any(f.step == "strip" and f.after is None for f in doc.report.fixes)
    # A lone repeated paragraph goes only where something shows the page is a copy (a repeated body, spam
    # removed, long paragraphs printed twice in a row, copies that differ or carry garble marks): a
    # publisher's page that prints a paragraph twice keeps it as printed, flagged as a problem.
    doubled = _doubled_paragraphs(groups, keys, rc) >= rc.min_repeated_paragraphs
    copied = doubled or bool(in_body) or any(f.action in ("remove_spam", "cut_spam") for f in doc.report.fixes)
    bad = _badness(doc)
    drop: set[int] = set()
    for r, later in groups.items():
        for pos in later:
            if pos in in_body:
                drop.add(pos)
            elif r == 0 and len(keys[pos]) < rc.min_repeat_chars:
                if mirror:
                    drop.add(pos)
            elif len(keys[pos]) < rc.min_repeat_chars or han_count(keys[pos]) < rc.min_repeat_han:
                # Outside a repeated body a short line repeats for a reason: an interview's question, a
                # caption, a code line; not right under itself on a page that doubles its lines.
                if doubled and pos == r + 1 and keys[pos] == keys[r]:
                    drop.add(pos)
            elif not copied and blocks[pos].text.strip() == blocks[r].text.strip() \
                    and not bad(blocks[pos]) and not bad(blocks[r]):
                doc.report.problem(STEP, "repeated_paragraph",
                                   f"block {blocks[pos].index} repeats block {blocks[r].index}; kept as the page prints it",
                                   blocks[pos].index)
            elif keys[pos] == keys[r]:
                # Inside one body only exact repeats go: templated lines (网友甲捐赠了… 网友乙捐赠了…) are
                # similar, not copies …
                drop.add(pos)
            elif len(keys[pos]) >= rc.min_fuzzy_alone_chars:
                # … unless long enough that similarity cannot come from a template.
                drop.add(pos)

    # On a mirror page a line repeating the page's <title> (kept by parse as a title candidate) below the
    # first block is a copy's title line too, even when parse took the first one out of the blocks.
    if mirror and doc.meta.title_candidates:
        cands = [k for k in (text_key(t) for t in doc.meta.title_candidates) if k]
        for pos in range(1, len(blocks)):
            k = keys[pos]
            if pos in drop or not k or len(k) >= rc.min_repeat_chars or len(k) < rc.min_title_chars:
                continue
            if any(k == c or (k in c and 2 * len(k) >= len(c)) for c in cands):
                drop.add(pos)
                doc.report.add(STEP, "remove_repeat", blocks[pos].text, where=blocks[pos].index,
                               reason="repeats the page title (a title candidate) below the top of a mirror page",
                               detail={"title_candidates": list(doc.meta.title_candidates)})

    replace: dict[int, int] = {}   # root position -> position of the copy kept there
    for r, later in sorted(groups.items()):
        copies = [r] + [p for p in later if p in drop]
        if len(copies) < 2:
            continue
        best = _best_copy(copies, blocks, keys, bad, rc, grams)
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

    # A block only a later copy has (between two of its dropped lines) joins the first copy after the
    # counterpart of the line before it, so the body reads in order.
    partner = _partners(root)
    follow: dict[int, list[int]] = defaultdict(list)
    joined: set[int] = set()
    for pos in range(1, len(blocks) - 1):
        if pos in drop or root[pos] != pos or pos - 1 not in drop or pos - 1 not in in_body:
            continue
        after = next((q for q in range(pos + 1, min(len(blocks), pos + rc.max_body_gap + 1)) if q in in_body), None)
        if after is not None:
            follow[partner[pos - 1]].append(pos)
            joined.add(pos)
            doc.report.add(STEP, "move_unique", blocks[pos].text, where=blocks[pos].index, after=blocks[pos].text,
                           reason="only a later copy has it: placed after its neighbour's first copy",
                           detail={"after_block": blocks[partner[pos - 1]].index})

    out: list[Block] = []
    gone = set()
    moved = set(replace.values())
    for pos, b in enumerate(blocks):
        if pos in joined:
            continue
        if pos in replace:
            out.append(blocks[replace[pos]])
            gone.add(b.index)
        elif pos in drop:
            if pos not in moved:
                gone.add(b.index)
        else:
            out.append(b)
        out.extend(blocks[q] for q in follow.get(pos, ()))
    doc.blocks = out
    resolve_problems(doc, gone, STEP, "its block was a repeated copy; the kept copy is elsewhere")
    return doc


def _drop_rebroken_copies(doc: Document, keys: list[str], rc: RepeatsConfig) -> list[str]:
    """Removes a copy that breaks the text into paragraphs elsewhere: a later block whose key is two or more
    consecutive earlier blocks' keys run together (a merged copy), or consecutive later blocks whose keys
    together are one earlier block's (a split copy). The exact join of 20+ key characters does not happen
    by chance; the first copy stays. First, before paragraphs are matched: a merged copy is similar to its
    longer half and would pass for a fuller copy of it. Returns the keys of the blocks left."""
    starts: dict[str, list[int]] = defaultdict(list)
    drop: dict[int, tuple[int, int]] = {}   # position -> the first copy's span (first, last)
    short: set[int] = set()   # lengths of the indexed keys shorter than the prefix
    n = len(keys)

    def run(text: str, pos: int) -> int:
        """The position after the blocks from pos whose keys, run together, are exactly `text` (or -1)."""
        at = 0
        while at < len(text) and pos < n and pos not in drop:
            if keys[pos] and not text.startswith(keys[pos], at):
                return -1
            at += len(keys[pos])
            pos += 1
        return pos if at == len(text) else -1

    for pos, key in enumerate(keys):
        if len(key) < rc.min_rebroken_piece_chars or pos in drop:
            continue
        found = starts.get(key[:_PIECE_PREFIX], ())
        if short:   # a piece shorter than the index prefix (a heading run into its paragraph) is indexed whole
            more = [q for size in short if size < len(key) for q in starts.get(key[:size], ())]
            if more:
                found = sorted({*found, *more})
        for first in found:
            earlier = keys[first]
            if len(key) > len(earlier) >= 1 and len(key) >= rc.min_paragraph_chars:
                end = run(key, first)   # merged: key = keys[first] + keys[first + 1] + …
                if 0 <= end <= pos and end - first >= 2:
                    drop[pos] = (first, end - 1)
                    break
            elif len(earlier) > len(key) and len(earlier) >= rc.min_paragraph_chars:
                end = run(earlier, pos)   # split: keys[pos] + keys[pos + 1] + … = earlier
                if end - pos >= 2:
                    for q in range(pos, end):
                        drop[q] = (first, first)
                    break
        if pos not in drop:
            starts[key[:_PIECE_PREFIX]].append(pos)
            if len(key) < _PIECE_PREFIX:
                short.add(len(key))
    if not drop:
        return keys
    blocks = doc.blocks
    for q, (a, b) in sorted(drop.items()):
        span = f"block {blocks[a].index}" if a == b else f"blocks {blocks[a].index}-{blocks[b].index}"
        doc.report.add(STEP, "remove_repeat", blocks[q].text, where=blocks[q].index,
                       reason=f"repeated body broken into other paragraphs: the text of {span} again")
    doc.blocks = [b for q, b in enumerate(blocks) if q not in drop]
    resolve_problems(doc, {blocks[q].index for q in drop}, STEP,
                     "its block was a repeated copy; the kept copy is elsewhere")
    return [k for q, k in enumerate(keys) if q not in drop]


def _match(keys: list[str], rc: RepeatsConfig, gram: _Grams | None = None) -> tuple[list[int], list[float]]:
    """For each position, the first position of its copy set (itself if none) and the similarity."""
    n = len(keys)
    root = list(range(n))
    sim = [1.0] * n
    exact: dict[str, int] = {}
    gram = gram or _Grams(keys)
    shingles = _shingles_str if gram.wide else _shingles

    # Earlier blocks are looked up only once some block could be a copy: a block whose probes mostly miss
    # every earlier shingle (the set `seen`, kept at C speed) has no candidate, and most pages have none.
    seen: set = set()
    remember = seen.update
    earlier = _Earlier()
    add = earlier.add
    min_fuzzy = rc.min_fuzzy_chars
    for i, k in enumerate(keys):
        if not k:
            continue
        if k in exact:
            root[i] = root[exact[k]]
            continue
        exact[k] = i
        if len(k) < min_fuzzy:
            continue
        rows, probe = shingles(k)
        if len(probe & seen) * 4 >= len(probe):
            best_j, best_s = None, rc.paragraph_similarity
            # Only the most promising earlier blocks are scored exactly.
            for j in earlier.ranked(probe):
                s = similarity(gram(i), gram(j))
                # Lines alike but for their numbers are a template (电话：5879… / 电话：6438…), not copies.
                if s >= best_s and (s >= rc.same_numbers_similarity or _DIGITS.findall(k) == _DIGITS.findall(keys[j])):
                    best_j, best_s = j, s
            if best_j is not None:
                root[i] = root[best_j]
                sim[i] = best_s
        remember(*rows)
        add(i, rows)
    return root, sim


# Characters a UTF-16 code unit cannot hold alone (and lone surrogates): keys with them get string shingles.
_WIDE = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")


class _Grams:
    """The bigram sets of a page's keys, each made once: machine words (_bigrams) unless some key has a
    _WIDE character, then strings (textkey.bigrams); one page uses one form, sizes and overlaps alike."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.wide = _WIDE.search("".join(keys)) is not None
        self.make = bigrams if self.wide else _bigrams
        self.sets: dict[int, set] = {}

    def __call__(self, j: int) -> set:
        g = self.sets.get(j)
        if g is None:
            g = self.sets[j] = self.make(self.keys[j])
        return g


def _shingles(key: str) -> tuple[tuple[list[int], ...], set[int]]:
    """The key's 4-character shingles (in rows that together hold every one) and its probes (every
    _PROBE_STRIDE-th shingle from the first), each shingle as the 64-bit word of its 4 UTF-16 code units:
    four C-level casts instead of a slice each. Only for keys without _WIDE characters (one page uses one
    form: the two forms do not compare)."""
    n = len(key)
    raw = memoryview(key.encode("utf-16-le"))
    # Row o: the shingles at positions o, o+4, o+8 …
    r0 = raw[:8 * (n // 4)].cast("Q").tolist()
    r1 = raw[2:2 + 8 * ((n - 1) // 4)].cast("Q").tolist()
    r2 = raw[4:4 + 8 * ((n - 2) // 4)].cast("Q").tolist()
    r3 = raw[6:6 + 8 * ((n - 3) // 4)].cast("Q").tolist()
    # Positions 0, 3, 6, 9 (mod 12) are rows 0, 3, 2, 1 from their first, first, second, third word on.
    probe = set(r0[::3])
    probe.update(r3[::3], r2[1::3], r1[2::3])
    return (r0, r1, r2, r3), probe


def _bigrams(key: str) -> set:
    """textkey.bigrams as 32-bit words of 2 UTF-16 code units (same sizes and overlaps: same similarity)."""
    n = len(key)
    if n < 2:
        return bigrams(key)
    raw = memoryview(key.encode("utf-16-le"))
    out = set(raw[:4 * (n // 2)].cast("I"))
    out.update(raw[2:2 + 4 * ((n - 1) // 2)].cast("I"))
    return out


def _shingles_str(key: str) -> tuple[tuple[list[str]], set[str]]:
    shl = [key[j:j + _SHINGLE] for j in range(len(key) - _SHINGLE + 1)]
    return (shl,), set(shl[::_PROBE_STRIDE])


class _Earlier:
    """The shingles of the blocks so far, and which blocks share the most of a new block's probes.

    A shingle in more than _MAX_POSTING blocks (中华人民共和国) tells nothing and is not counted; that keeps
    the lookup linear. With few blocks each block's shingle set (made when first needed: most pages
    never look) is intersected with the probes in C;
    from _INDEX_FROM blocks on, an index (shingle -> blocks) is built once and kept up to date, which
    is cheaper then. Both rank by shared probes, then by position.
    """

    def __init__(self) -> None:
        self.pos: list[int] = []
        self.rows: list[tuple] = []
        self.sets: list[set] = []     # shingle sets of the first len(self.sets) blocks
        self.freq: Counter = Counter()     # shingle -> blocks holding it (counted only once it matters)
        self.counted = 0
        self.index: dict | None = None
        self.indexed = 0

    def add(self, pos: int, rows: tuple) -> None:
        self.pos.append(pos)
        self.rows.append(rows)

    def _fill(self) -> None:
        for rows in self.rows[len(self.sets):]:
            self.sets.append(set().union(*rows))

    def ranked(self, probe: set, top: int = 5) -> list[int]:
        """The `top` earlier blocks holding the most of the probes, at least a quarter of them."""
        n = len(self.pos)
        if n >= _INDEX_FROM:
            return self._ranked_by_index(probe, top)
        self._fill()
        live = probe
        if n > _MAX_POSTING:   # below, no shingle can be in more blocks than that
            for sh in self.sets[self.counted:]:
                self.freq.update(sh)
            self.counted = n
            freq = self.freq
            live = {x for x in probe if freq[x] <= _MAX_POSTING}
        counts = list(map(len, map(live.intersection, self.sets)))
        need = max(1, -(-len(probe) // 4))   # c * 4 >= len(probe), and a shared probe at all
        if not counts or max(counts) < need:
            return []
        hits = [(c, m) for m, c in enumerate(counts) if c >= need]
        hits.sort(key=lambda h: -h[0])   # stable: position order among equals
        return [self.pos[m] for _, m in hits[:top]]

    def _ranked_by_index(self, probe: set, top: int) -> list[int]:
        if self.index is None:
            self.index = defaultdict(list)
        index = self.index
        self._fill()
        for j, sh in zip(self.pos[self.indexed:], self.sets[self.indexed:]):
            for x in sh:
                index[x].append(j)
        self.indexed = len(self.pos)
        counts: dict[int, int] = defaultdict(int)
        for x in probe:
            posting = index.get(x, ())
            if len(posting) > _MAX_POSTING:
                continue
            for j in posting:
                counts[j] += 1
        ranked = sorted(counts.items(), key=lambda h: (-h[1], h[0]))
        return [j for j, c in ranked[:top] if c * 4 >= len(probe)]


def _partners(root: list[int]) -> list[int]:
    """For each later copy, its counterpart in order: the earliest earlier member of its set after the
    previous later copy's counterpart (a first copy may hold the same line twice: 地址… twice)."""
    members: dict[int, list[int]] = defaultdict(list)
    partner = list(range(len(root)))
    last = -1
    for i, r in enumerate(root):
        if r != i:
            earlier = [m for m in members[r] if m > last] or members[r]
            partner[i] = earlier[0]
            last = partner[i]
        members[r].append(i)
    return partner


def _repeated_bodies(root: list[int], keys: list[str], rc: RepeatsConfig) -> set[int]:
    """Positions inside repeated bodies: runs of matched blocks at most max_body_gap apart whose counterparts
    come in the same order (a table repeating "不调整" is not a body), with at least min_body_blocks
    blocks and min_body_chars key characters or one paragraph of min_paragraph_chars."""
    partner = _partners(root)
    matched = [i for i, r in enumerate(root) if r != i]
    out: set[int] = set()
    run: list[int] = []

    def close(run: list[int]) -> None:
        if len(run) < rc.min_body_blocks:
            return
        chars = sum(len(keys[i]) for i in run)
        if chars < rc.min_body_chars and not any(len(keys[i]) >= rc.min_paragraph_chars for i in run):
            return
        # Most of the stretch must be copies: an interview repeating its questions between new answers,
        # or code repeating `import json`, is not a second body.
        span = sum(len(keys[i]) for i in range(run[0], run[-1] + 1))
        if chars < rc.body_match_share * span or sum(map(han_count, (keys[i] for i in run))) < rc.min_body_han:
            return
        out.update(run)

    for i in matched:
        # The copy precedes the repeat: counterparts inside the run itself are a table's recurring cells.
        if run and i - run[-1] <= rc.max_body_gap + 1 and partner[run[-1]] < partner[i] < run[0]:
            run.append(i)
            continue
        close(run)
        run = [i]
    close(run)
    return out


def _doubled_paragraphs(groups: dict[int, list[int]], keys: list[str], rc: RepeatsConfig) -> int:
    """How many different paragraphs, long enough to go alone, the page prints twice in a row (a listing
    repeats its long notes too, but under different items)."""
    return sum(1 for r, later in groups.items() if r + 1 in later and keys[r + 1] == keys[r]
               and len(keys[r]) >= rc.min_repeat_chars and han_count(keys[r]) >= rc.min_repeat_han)


def _best_copy(copies: list[int], blocks: list[Block], keys: list[str], bad, rc: RepeatsConfig,
               grams: _Grams) -> int:
    """Fewest garble marks; among those the first, unless a later copy holds it and more (the first lost a
    linked word): a longer copy with foreign characters does not cover the shorter's bigrams."""
    least = min(bad(blocks[p]) for p in copies)
    tied = [p for p in copies if bad(blocks[p]) == least]
    best = tied[0]
    for p in tied[1:]:
        if len(keys[p]) > len(keys[best]):
            mine = grams(best)
            if mine and len(mine & grams(p)) >= rc.fuller_copy_cover * len(mine):
                best = p
    return best


def _align_gaps(root: list[int], keys: list[str], rc: RepeatsConfig, bodies: set[int], grams: _Grams) -> None:
    """Pair blocks a copy garbled (or shortened) beyond matching on their own text, by position:
    between two matched blocks whose counterparts are as far apart as they are, one to one; after a
    copy's last match, on while the blocks still look alike."""
    partner = _partners(root)
    matched = [i for i, r in enumerate(root) if r != i and i in bodies]

    def pair(later: int, first: int) -> bool:
        if root[later] != later or first >= later or not keys[later] or not keys[first]:
            return False
        if not 0.5 <= len(keys[later]) / len(keys[first]) <= 2:
            return False
        root[later] = root[first]
        return True

    for a, b in zip(matched, matched[1:]):
        gap = b - a
        if 2 <= gap <= rc.max_body_gap + 1 and partner[b] - partner[a] == gap and partner[b] < a:
            for k in range(1, gap):
                pair(a + k, partner[a] + k)
    for n, a in enumerate(matched):
        nxt = matched[n + 1] if n + 1 < len(matched) else len(root)
        for k in range(1, rc.max_body_gap + 1):
            later, first = a + k, partner[a] + k
            if later >= nxt or first >= a:
                break
            if similarity(grams(later), grams(first)) < rc.tail_similarity or not pair(later, first):
                break


def _badness(doc: Document):
    problems: dict[int, int] = defaultdict(int)
    for p in doc.report.problems:
        if p.where is not None:
            problems[p.where] += 1

    @lru_cache(maxsize=None)
    def bad_text(text: str) -> int:
        return 4 * len(_BAD.findall(text)) + len(ANNOTATION.findall(text))

    def bad(b: Block) -> int:
        # Leftover annotations count too: a copy the repair stage could not clean is the worse copy.
        # An annotation is removable, a garble is not: garble marks weigh more.
        return 40 * ("garbled" in b.flags) + 20 * problems.get(b.index, 0) + bad_text(b.text)

    return bad
