"""Which part of the page is the article: text statistics per element, then the best-scoring container.

Every element gets, bottom-up in one pass: its visible characters, how many of them are link text, and its sentence
punctuation outside links. Each block that directly holds prose (a <p>, or a <div> of text and <br>) scores
1 + punctuation + length bonus, and passes that score up to its ancestors with a decay, as Readability does. An
element's final score is that sum times (1 - link density), plus a bonus or malus for its class/id words. The best
element is the article container; siblings that score close to it (an article split over several <div>s) join it.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import add, attrgetter, itemgetter

from lxml import etree

from ..config import HtmlConfig
from .dom import BLOCK_TAGS, CHROME_TAGS, count_chars, count_punct, element_hint, text_of

# Block tags that hold paragraphs rather than being one: their own loose text scores for themselves.
_CONTAINERS = frozenset({"div", "section", "article", "main", "td", "body", "center", "blockquote", "dd", "form"})


@dataclass
class Stats:
    """Per-element text statistics, indexed by the element's position in document order."""

    els: list
    pos: dict
    parent: list[int]          # index of the parent element, -1 for the root
    chars: list[int]           # visible characters in the subtree
    link: list[int]            # of which inside <a>
    punct: list[int]           # sentence punctuation outside links
    texts: list[tuple[int, int]] = field(default_factory=list)   # own text: (characters, punctuation)
    tails: list[tuple[int, int]] = field(default_factory=list)   # tail text: (characters, punctuation)
    score: list[float] = field(default_factory=list)
    hint: list[int] = field(default_factory=list)
    listy: set[int] = field(default_factory=set)   # boxes made of 3+ same-class items (teaser lists)
    items: dict[int, list[int]] = field(default_factory=dict)   # listy box -> its repeated items
    tags: list[str] = field(default_factory=list)
    link_punct: dict[int, int] = field(default_factory=dict)   # link index -> sentence punctuation inside it
    scored: list[int] = field(default_factory=list)   # indexes with a score, in document order

    def link_density(self, i: int) -> float:
        return self.link[i] / self.chars[i] if self.chars[i] else 0.0


_ZERO = (0, 0)
_getparent = etree._Element.getparent
_tag, _text, _tail = attrgetter("tag"), attrgetter("text"), attrgetter("tail")


def analyse(root, config: HtmlConfig, els: list | None = None) -> Stats:
    if els is None:
        els = list(root.iter(etree.Element))   # elements only, filtered in C
    n = len(els)
    # map() with C-level callables: no Python frame per element.
    pos = dict(zip(els, range(n)))
    parent = list(map(pos.get, map(_getparent, els), repeat(-1)))
    tags = list(map(_tag, els))
    # Own text and tail: (characters, punctuation); most tails are indentation, skipped without counting.
    texts = [count_chars(t) if t and not t.isspace() else _ZERO for t in map(_text, els)]
    tails = [count_chars(t) if t and not t.isspace() else _ZERO for t in map(_tail, els)]
    chars = [a[0] for a in texts]
    punct = [a[1] for a in texts]
    link = [0] * n
    # "flow" = text held directly by an element and its inline descendants (not nested blocks).
    flow_nl, flow_p = chars[:], punct[:]
    units: list[tuple[int, float]] = []
    link_punct: dict[int, int] = {}
    min_unit, per_point, max_points = config.min_unit_chars, config.chars_per_point, config.max_length_points
    isblock = list(map(BLOCK_TAGS.__contains__, tags))
    for i in range(n - 1, -1, -1):
        tail = tails[i]
        c = chars[i]
        if not c and tail is _ZERO:
            continue   # nothing to count or pass up (empty boxes, images, line breaks)
        block = isblock[i]
        if tags[i] == "a":
            if punct[i]:
                link_punct[i] = punct[i]
            link[i], punct[i], flow_nl[i], flow_p[i] = c, 0, 0, 0
        elif block and flow_nl[i] >= min_unit:
            units.append((i, 1.0 + flow_p[i] + min(flow_nl[i] / per_point, max_points)))
        j = parent[i]
        if j < 0:
            continue
        tc, tp = tail   # the tail belongs to the parent's flow
        chars[j] += c + tc
        if link[i]:
            link[j] += link[i]
        punct[j] += punct[i] + tp
        if block:
            flow_nl[j] += tc
            flow_p[j] += tp
        else:
            flow_nl[j] += flow_nl[i] + tc
            flow_p[j] += flow_p[i] + tp
    stats = Stats(els, pos, parent, chars, link, punct, texts, tails, tags=tags, link_punct=link_punct)
    score = [0.0] * n
    for i, s in units:
        j = i if tags[i] in _CONTAINERS else parent[i]
        level = 0
        while j >= 0 and level < 5:
            score[j] += s / (1 if level == 0 else 2 if level == 1 else level * 3)
            j = parent[j]
            level += 1
    hint = [0] * n
    pos_f, neg_f = config.pos_hint_factor, config.neg_hint_factor
    scored = list(compress(range(n), score))
    for i in scored:
        el = els[i]
        if el.get("class") or el.get("id"):
            h = hint[i] = element_hint(el)
        else:
            h = 0
        factor = pos_f if h > 0 else neg_f if h < 0 else 1.0
        score[i] *= (1.0 - (link[i] / chars[i] if chars[i] else 0.0)) * factor
    stats.score, stats.hint, stats.scored = score, hint, scored
    _penalise_repeats(stats, config, scored)
    return stats


def _penalise_repeats(stats: Stats, config: HtmlConfig, scored: list[int]) -> None:
    """Boxes with the same tag and class as two or more siblings are items of a list (teasers), not an article."""
    seen: dict = {}
    els, parent, tags = stats.els, stats.parent, stats.tags
    score = stats.score
    for i in scored:   # the elements with a score, in document order
        cls = els[i].get("class") if score[i] else None
        if cls:
            seen.setdefault((parent[i], tags[i], cls), []).append(i)
    stats.listy = set()
    for (j, _, _), group in seen.items():
        if len(group) >= 3:
            stats.items.setdefault(j, []).extend(group)
            for i in group:
                stats.score[i] *= config.repeat_factor
            if j >= 0 and j not in stats.listy:
                stats.listy.add(j)  # the box holding the items is a list too
                stats.score[j] *= config.repeat_factor


def offsets(stats: Stats) -> tuple[list[int], list[int]]:
    """Characters and sentence punctuation of the text before each element's start, in reading order."""
    n = len(stats.els)
    off, poff = [0] * n, [0] * n
    run, prun = [0] * n, [0] * n   # running position inside each element, as its children are passed
    texts, tails, parent, chars, punct = stats.texts, stats.tails, stats.parent, stats.chars, stats.punct
    for i in range(n):
        j = parent[i]
        if j >= 0:
            off[i], poff[i] = run[j], prun[j]
            run[j] += chars[i] + tails[i][0]
            prun[j] += punct[i] + tails[i][1]
        run[i], prun[i] = off[i] + texts[i][0], poff[i] + texts[i][1]
    return off, poff


class _Starts:
    """offsets(), element by element on demand: prefix sums of text in document order (C-speed accumulate) minus
    the tails of the element's ancestors (they come after its start). Sentence punctuation leaves out text inside
    links, as Stats.punct does (each link's inner punctuation is taken off at its position); an element inside a
    link falls back to offsets()."""

    def __init__(self, stats: Stats):
        self.stats = stats
        first, second = itemgetter(0), itemgetter(1)
        texts, tails = stats.texts, stats.tails
        self.c = list(accumulate(map(add, map(first, texts), map(first, tails)), initial=0))
        w = list(map(add, map(second, texts), map(second, tails)))
        for i, v in stats.link_punct.items():
            w[i] -= v
        self.p = list(accumulate(w, initial=0))
        self.anc: dict[int, tuple[int, int, bool]] = {-1: (0, 0, False)}
        self.full: tuple[list[int], list[int]] | None = None

    def _anc_tails(self, i: int) -> tuple[int, int, bool]:
        anc, parent, tails, tags = self.anc, self.stats.parent, self.stats.tails, self.stats.tags
        path = []
        while i not in anc:
            path.append(i)
            i = parent[i]
        c, p, in_link = anc[i]
        for k in reversed(path):
            j = parent[k]
            if j >= 0:
                tc, tp = tails[j]
                c, p, in_link = c + tc, p + tp, in_link or tags[j] == "a"
            anc[k] = (c, p, in_link)
        return c, p, in_link

    def __call__(self, i: int) -> tuple[int, int]:
        c, p, in_link = self._anc_tails(i)
        if in_link:
            if self.full is None:
                self.full = offsets(self.stats)
            return self.full[0][i], self.full[1][i]
        return self.c[i] - c, self.p[i] - p


def boost_after_title(stats: Stats, title_index: int | None, config: HtmlConfig) -> None:
    """The article starts right under its headline: boost boxes that begin within a few lines of it, with no prose
    in between (a recommended article further down starts after the real one's sentences)."""
    if title_index is None:
        return
    start_of = _Starts(stats)
    t_start, p_start = start_of(title_index)
    t_end, p_end = t_start + stats.chars[title_index], p_start + stats.punct[title_index]
    for i in stats.scored:
        if stats.score[i] <= 0:
            continue
        start, pstart = start_of(i)
        if t_end <= start <= t_end + config.title_gap_chars and pstart - p_end <= config.title_gap_punct:
            stats.score[i] *= config.title_factor
        elif start <= t_start < start + stats.chars[i] and t_start - start <= config.title_gap_chars \
                and p_start - pstart <= config.title_gap_punct:
            stats.score[i] *= config.title_factor


def _fields(stats: Stats, i: int) -> list[int]:
    """The text-bearing children of item i, looking through single-child wrappers (li > div > fields)."""
    els, pos, chars, texts = stats.els, stats.pos, stats.chars, stats.texts
    for _ in range(3):
        kids = [k for k in map(pos.get, els[i]) if k is not None and chars[k]]
        if len(kids) == 1 and not texts[i][0]:
            i = kids[0]
            continue
        return kids
    return []


def _is_label(stats: Stats, k: int, config: HtmlConfig) -> bool:
    """A short field naming someone or something: letters (Han or Latin), no sentence punctuation but a final
    colon ("北京网友：", a linked title, "回复"). A bare time or date ("10:20", "05-06") is not one."""
    if stats.chars[k] > config.record_field_chars:
        return False
    text = "".join(text_of(stats.els[k]).split()).rstrip(":：")
    return bool(text) and not count_punct(text) and any(ch.isalpha() for ch in text)


def _is_record(stats: Stats, i: int, config: HtmlConfig) -> bool:
    """A record (a comment, a forum reply, a teaser): several text fields, one of them a short label (a user
    name, a linked title, a button row). A paragraph wrapper holds one field; an interview's question and
    answer are both sentences; a timeline entry's short field is its time, not a name."""
    kids = _fields(stats, i)
    return len(kids) >= 2 and any(_is_label(stats, k, config) for k in kids)


def record_lists(stats: Stats, title_index: int | None, config: HtmlConfig) -> list:
    """Lists of records (comments, replies, dated teasers) that would decide the container although they begin
    after the article has: the best box is such a list or holds one with a large share of its sentences, and
    prose stands between the headline and the list's start. Many short, punctuation-rich comments can outscore
    a short article and drag the container up to their common ancestor; these lists leave the scoring."""
    if title_index is None or not stats.scored:
        return []
    score, parent, els, tags, punct, chars = stats.score, stats.parent, stats.els, stats.tags, stats.punct, stats.chars
    best = max(stats.scored, key=score.__getitem__)
    if score[best] <= 0:
        return []
    # Only the items inside the best box matter: they follow it in document order, up to its subtree's end.
    best_el = els[best]
    end, node = len(els), best_el
    while node is not None:
        nxt = node.getnext()
        while nxt is not None and nxt not in stats.pos:
            nxt = nxt.getnext()
        if nxt is not None:
            end = stats.pos[nxt]
            break
        node = node.getparent()
    scored = stats.scored
    groups: dict = {}
    for i in scored[bisect_right(scored, best):bisect_left(scored, end)]:
        if score[i] > 0:
            groups.setdefault((parent[i], tags[i], els[i].get("class")), []).append(i)
    start_of = None
    out = []
    for (j, _, _), items in groups.items():
        if len(items) < config.record_min_items or punct[j] < config.record_min_share * punct[best]:
            continue
        box = els[j]
        sizes = sorted(chars[i] for i in items)
        if sizes[len(sizes) // 2] > config.record_max_item_chars:
            continue   # long items: paragraphs or timeline entries, not comments
        if 3 * sum(_is_record(stats, i, config) for i in items) < 2 * len(items):
            continue
        if start_of is None:
            start_of = _Starts(stats)
            p_title = start_of(title_index)[1] + punct[title_index]
        if start_of(j)[1] - p_title < config.record_min_prose_before:
            continue   # the list starts at the headline: it may be the article itself (a live blog)
        out.append(box)
    # Nested qualifying lists: the outermost goes, with what it holds.
    return [b for b in out if not any(a in out for a in b.iterancestors())]


# Marks of sentences, not of fields: no colons (labels), enumeration commas (name lists) or full stops (dates).
_SENTENCE_MARK = re.compile("[，。！？；…!?;,]")


def _sentence_marks(el) -> int:
    """A lead's commas and stops, not the labels of an info line ("[作者：唐宁] [来源：…] [时间：2024.05.11]")."""
    return len(_SENTENCE_MARK.findall(text_of(el)))


def _only_prose_child(stats: Stats, top, parent, config: HtmlConfig) -> bool:
    """top is the only child of parent with text, but for short marks without letters (a time, a number, a
    bullet): a name or a counter beside it ("张三", "12 人赞同") makes the item a record, not a paragraph."""
    pos, chars, punct = stats.pos, stats.chars, stats.punct
    for c in parent:
        k = pos.get(c)
        if c is top or k is None or not chars[k]:
            continue
        if chars[k] > config.record_field_chars or punct[k] or any(ch.isalpha() for ch in text_of(c)):
            return False
    return True


def _repeated_item(el) -> bool:
    """el shares its tag and class with at least two siblings (an item of a gallery or a list)."""
    cls = el.get("class")
    if not cls:
        return False
    tag, n = el.tag, 0
    for sib in el.getparent():
        if sib is not el and sib.tag == tag and sib.get("class") == cls:
            n += 1
            if n >= 2:
                return True
    return False


def _subtree_end(stats: Stats, i: int) -> int:
    """The position right after element i's last descendant."""
    end, node = len(stats.els), stats.els[i]
    while node is not None:
        nxt = node.getnext()
        while nxt is not None and nxt not in stats.pos:
            nxt = nxt.getnext()
        if nxt is not None:
            return stats.pos[nxt]
        node = node.getparent()
    return end


def _headline_column(stats: Stats, best: int, title_index: int | None, config: HtmlConfig) -> int:
    """When the best box holds the headline inside one of its children together with paragraphs of prose, that
    child is the article's column and the best box's other children are other columns (a side column of
    notices, a right-hand table cell): the best box inside the headline's column is the article. A child
    holding the headline and a short lead is a header box: the body beside it belongs to the article."""
    if title_index is None or title_index == best:
        return best
    parent, punct = stats.parent, stats.punct
    x = title_index
    while x >= 0 and parent[x] != best:
        x = parent[x]
    if x < 0 or x == title_index or punct[x] - punct[title_index] < config.column_min_punct:
        return best
    if 2 * (punct[x] - punct[title_index]) > punct[best]:
        return best   # the headline's column holds most of the prose: the best box is that article already
    scored = stats.scored
    inside = scored[bisect_left(scored, x):bisect_left(scored, _subtree_end(stats, x))]
    return max(inside, key=stats.score.__getitem__, default=best)


def choose_container(stats: Stats, config: HtmlConfig, title_index: int | None = None) -> list:
    """The article container: the best element, plus siblings that look like more of the same article."""
    n = len(stats.els)
    if not n:
        return []
    best = stats.score.index(max(stats.score))   # the first best, as max() over the positions gives
    if stats.score[best] <= 0:
        body = next((e for e in stats.els if e.tag == "body"), stats.els[0])
        return [body]
    best = _headline_column(stats, best, title_index, config)
    top = stats.els[best]
    parent = top.getparent()
    row = False
    if parent is not None and parent.getparent() is not None and _only_prose_child(stats, top, parent, config) \
            and (top.tag in ("td", "th") and parent.tag == "tr" or _repeated_item(parent)):
        # One paragraph per table row (old portals), one caption per picture item (<dl><dt><img><dd>…), one
        # entry per live-blog item beside its time: the rows or items are the siblings to weigh, not the cell.
        top, parent, row = parent, parent.getparent(), True
    if parent is None or top.tag in ("td", "th"):
        return [top]   # cells side by side are columns: an article does not run on into the next one
    threshold = max(config.sibling_min_score, config.sibling_score_share * stats.score[best])
    sibs = [s for s in parent if s in stats.pos and stats.chars[stats.pos[s]]]
    k = next(n for n, s in enumerate(sibs) if s is top)
    # Only the box before: a lead or summary precedes the body; boxes after it are notices and disclaimers.
    # (Not among table rows: the row before the body is the date and source line.)
    neighbours = {id(sibs[k - 1]) if k and not row else None}
    out = []
    plain = []   # siblings that are not chrome by their name, links or list shape
    for sib in sibs:
        j = stats.pos[sib]
        if sib is top:
            out.append(sib)
            plain.append(sib)
            continue
        if stats.hint[j] < 0 or stats.link_density(j) > config.max_link_density or j in stats.listy \
                or sib.tag in CHROME_TAGS:   # an <aside> or <nav> beside the article is never more of it
            continue
        plain.append(sib)
        if id(sib) in neighbours and stats.punct[j] >= config.neighbour_min_punct \
                and stats.link_density(j) < config.neighbour_max_link_density \
                and _sentence_marks(sib) >= config.neighbour_min_sentence_marks \
                and not (title_index is not None and j <= title_index < _subtree_end(stats, j)):
            out.append(sib)  # a lead or summary box right before the body (not the headline's own box)
            continue
        same_class = sib.get("class") and sib.get("class") == top.get("class")
        if stats.score[j] + (config.sibling_min_score if same_class else 0) >= threshold:
            out.append(sib)
        elif (sib.tag == "p" or row and sib.tag == "tr") and stats.chars[j] >= config.sibling_para_chars \
                and stats.punct[j] >= 2:
            out.append(sib)
    if row and len(out) > 1:
        # The short rows between paragraph rows (subheadings, a one-line paragraph) are the article too.
        first, last = plain.index(out[0]), plain.index(out[-1])
        out = plain[first:last + 1]
    return out
