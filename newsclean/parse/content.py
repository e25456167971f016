"""Which part of the page is the article: text statistics per element, then the best-scoring container.

Every element gets, bottom-up in one pass: its visible characters, how many of them are link text, and its sentence
punctuation outside links. Each block that directly holds prose (a <p>, or a <div> of text and <br>) scores
1 + punctuation + length bonus, and passes that score up to its ancestors with a decay, as Readability does. An
element's final score is that sum times (1 - link density), plus a bonus or malus for its class/id words. The best
element is the article container; siblings that score close to it (an article split over several <div>s) join it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import HtmlConfig
from .dom import BLOCK_TAGS, count_chars, element_hint

# Block tags that hold paragraphs rather than being one: their own loose text scores for themselves.
_CONTAINERS = frozenset({"div", "section", "article", "main", "td", "body", "center", "blockquote", "dd", "form"})


@dataclass
class Stats:
    """Per-element text statistics, indexed by the element's position in document order."""

    els: list
    pos: dict
    chars: list[int]           # visible characters in the subtree
    link: list[int]            # of which inside <a>
    punct: list[int]           # sentence punctuation outside links
    score: list[float] = field(default_factory=list)
    hint: list[int] = field(default_factory=list)

    def link_density(self, i: int) -> float:
        return self.link[i] / self.chars[i] if self.chars[i] else 0.0


def analyse(root, config: HtmlConfig) -> Stats:
    els = [e for e in root.iter() if isinstance(e.tag, str)]
    n = len(els)
    pos = {e: i for i, e in enumerate(els)}
    chars, link, punct = [0] * n, [0] * n, [0] * n
    # "flow" = text held directly by an element and its inline descendants (not nested blocks).
    flow_nl, flow_punct = [0] * n, [0] * n
    units: list[tuple[int, float]] = []
    for i in range(n - 1, -1, -1):
        el = els[i]
        tag = el.tag
        c, p = count_chars(el.text)
        tc, tl, tp = c, 0, p
        fnl, fp = c, p
        for child in el:
            j = pos.get(child)
            if j is None:
                continue
            tc += chars[j]
            tl += link[j]
            tp += punct[j]
            if child.tag not in BLOCK_TAGS:
                fnl += flow_nl[j]
                fp += flow_punct[j]
            if child.tail:
                c, p = count_chars(child.tail)
                tc += c
                tp += p
                fnl += c
                fp += p
        if tag == "a":
            tl, tp, fnl, fp = tc, 0, 0, 0
        chars[i], link[i], punct[i] = tc, tl, tp
        flow_nl[i], flow_punct[i] = fnl, fp
        if tag in BLOCK_TAGS and fnl >= config.min_unit_chars:
            units.append((i, 1.0 + fp + min(fnl / config.chars_per_point, config.max_length_points)))
    stats = Stats(els, pos, chars, link, punct)
    score = [0.0] * n
    for i, s in units:
        el = els[i]
        if el.tag not in _CONTAINERS:
            el = el.getparent()
        level = 0
        while el is not None and level < 5:
            j = pos.get(el)
            if j is None:
                break
            score[j] += s / (1 if level == 0 else 2 if level == 1 else level * 3)
            el = el.getparent()
            level += 1
    hint = [0] * n
    for i, el in enumerate(els):
        if score[i]:
            hint[i] = element_hint(el)
            factor = config.pos_hint_factor if hint[i] > 0 else config.neg_hint_factor if hint[i] < 0 else 1.0
            score[i] = score[i] * (1.0 - stats.link_density(i)) * factor
    stats.score, stats.hint = score, hint
    _penalise_repeats(stats, config)
    return stats


def _penalise_repeats(stats: Stats, config: HtmlConfig) -> None:
    """Boxes with the same tag and class as two or more siblings are items of a list (teasers), not an article."""
    seen: dict = {}
    for i, el in enumerate(stats.els):
        if stats.score[i] and el.get("class"):
            parent = el.getparent()
            seen.setdefault((parent, el.tag, el.get("class")), []).append(i)
    for group in seen.values():
        if len(group) >= 3:
            for i in group:
                stats.score[i] *= config.repeat_factor


def offsets(stats: Stats) -> tuple[list[int], list[int]]:
    """Characters and sentence punctuation of the text before each element's start, in reading order."""
    n = len(stats.els)
    off, poff = [0] * n, [0] * n
    for i, el in enumerate(stats.els):
        c, p = count_chars(el.text)
        run, prun = off[i] + c, poff[i] + p
        for child in el:
            j = stats.pos.get(child)
            if j is None:
                continue
            off[j], poff[j] = run, prun
            c, p = count_chars(child.tail)
            run += stats.chars[j] + c
            prun += stats.punct[j] + p
    return off, poff


def boost_after_title(stats: Stats, title_index: int | None, config: HtmlConfig) -> None:
    """The article starts right under its headline: boost boxes that begin within a few lines of it, with no prose
    in between (a recommended article further down starts after the real one's sentences)."""
    if title_index is None:
        return
    off, poff = offsets(stats)
    t_start, p_start = off[title_index], poff[title_index]
    t_end, p_end = t_start + stats.chars[title_index], p_start + stats.punct[title_index]
    for i, s in enumerate(stats.score):
        if s <= 0:
            continue
        start = off[i]
        if t_end <= start <= t_end + config.title_gap_chars and poff[i] - p_end <= config.title_gap_punct:
            stats.score[i] *= config.title_factor
        elif start <= t_start < start + stats.chars[i] and t_start - start <= config.title_gap_chars \
                and p_start - poff[i] <= config.title_gap_punct:
            stats.score[i] *= config.title_factor


def choose_container(stats: Stats, config: HtmlConfig) -> list:
    """The article container: the best element, plus siblings that look like more of the same article."""
    n = len(stats.els)
    if not n:
        return []
    best = max(range(n), key=stats.score.__getitem__)
    if stats.score[best] <= 0:
        body = next((e for e in stats.els if e.tag == "body"), stats.els[0])
        return [body]
    top = stats.els[best]
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(config.sibling_min_score, config.sibling_score_share * stats.score[best])
    sibs = [s for s in parent if s in stats.pos and stats.chars[stats.pos[s]]]
    k = next(n for n, s in enumerate(sibs) if s is top)
    neighbours = {id(sibs[k - 1]) if k else None, id(sibs[k + 1]) if k + 1 < len(sibs) else None}
    out = []
    for sib in sibs:
        j = stats.pos[sib]
        if sib is top:
            out.append(sib)
            continue
        if stats.hint[j] < 0 or stats.link_density(j) > config.max_link_density:
            continue
        if id(sib) in neighbours and stats.punct[j] >= config.neighbour_min_punct \
                and stats.link_density(j) < config.neighbour_max_link_density:
            out.append(sib)  # a lead or summary box right beside the body
            continue
        same_class = sib.get("class") and sib.get("class") == top.get("class")
        if stats.score[j] + (config.sibling_min_score if same_class else 0) >= threshold:
            out.append(sib)
        elif sib.tag == "p" and stats.chars[j] >= config.sibling_para_chars and stats.punct[j] >= 2:
            out.append(sib)
    return out
