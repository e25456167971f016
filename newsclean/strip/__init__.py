"""STRIP stage: spam lines anywhere; page chrome in header/trailer/gap zones around the body.

Order of decisions, per block:
  1. spam (strip.spam): evidence in the line itself; a stuffed run before real text is cut off.
  2. chrome candidates (strip.chrome): phrase data, menu rows, bullets, bare tag words.
  3. zones (strip.zones): runs of non-prose blocks around the prose; strong chrome goes in any zone,
     weak chrome (copyright, source, reprint …) only with other chrome in its zone, "keep" lines
     (editor) never. Related-list bullets go when they follow removed chrome, bare words next to
     footer chrome are tags, and a repeat of removed chrome goes too.
  4. facts (site, source, editor, original title, tags, reprint) go to doc.meta, each recorded.
"""
from __future__ import annotations

import unicodedata
from itertools import compress, count
from operator import or_

from ..config import Config, StripConfig
from ..convert import convert
from ..model import LIST_ITEM, Document
from ..textkey import _t2s, han_count, norm_line, text_key
from . import chrome as ch
from . import spam as sp
from .problems import resolve_problems
from .zones import GAP, TRAILER, Zone, is_prose, zones

STEP = "strip"
# Chrome after which a bare short word is a tag (article footers: 阿里巴巴 between the notice and 5.3k).
_TAG_NEIGHBOURS = {"reprint-notice", "view-count", "tags", "like", "copyright", "source", "editor"}
# Chrome after which list items are a related-article list (not after 划重点：, whose points are the article's).
_LIST_AFTER = {"related", "related-item", "view-count", "tags", "tag", "like", "comment", "share", "social",
               "pagination", "reprint-notice", "app-prompt", "link", "copyright", "login"}
# Chrome after which unbulleted headline lines are still the related list (a heading, or the list so far).
_HEADLINES_AFTER = {"related", "related-line"}


def strip(doc: Document, config: Config) -> Document:
    sc = config.strip
    if not sc.enabled or not doc.blocks:
        return doc
    blocks = doc.blocks
    norms = [norm_line(b.text) for b in blocks]
    removed: dict[int, tuple[str, str, dict]] = {}   # position -> (action, reason, detail)

    if sc.spam:
        _spam_pass(doc, norms, sc, removed)
    if sc.chrome:
        _chrome_pass(doc, norms, sc, removed, config.target)

    gone = set()
    kept = []
    for pos, b in enumerate(blocks):
        if pos in removed:
            action, reason, detail = removed[pos]
            doc.report.add(STEP, action, b.text, where=b.index, reason=reason, detail=detail)
            gone.add(b.index)
        else:
            kept.append(b)
    doc.blocks = kept
    resolve_problems(doc, gone, STEP, "its block was removed as spam or page chrome")
    return doc


def _spam_pass(doc: Document, norms: list[str], sc: StripConfig, removed: dict) -> None:
    vocab = sp.vocabulary(sc.spam_vocabulary)
    latin = sp.vocabulary(sc.spam_vocabulary + sp.LATIN)   # English and pinyin words too, for all-ASCII lines
    # The page is scanned for term starts once; a line is then searched for those few only (none: most pages).
    text = "\n".join(norms)
    page = vocab.starts_in(text)
    few = sum(vocab.starts_count[s] for s in page) < sc.min_spam_hits   # then no line has enough either
    # Starts printed often enough on the page for one line to repeat a term (city-list stuffing); usually none.
    often = [s for s in page if text.count(s) >= sc.min_spam_term_repeats]
    # All-ASCII lines (English or pinyin keywords) are weighed against the whole vocabulary, Latin-scope terms
    # included; such lines are few on a Chinese page.
    m = sc.min_latin_spam_chars
    ascii_lines = {p for p in compress(count(), map(str.isascii, norms)) if len(norms[p]) >= m}
    for pos, b in enumerate(doc.blocks):
        norm = norms[pos]
        if pos in ascii_lines:
            if sp.latin_hits(latin, norm) >= sc.min_spam_hits * sc.weak_term_weight:
                weigh_spam(doc, pos, norms, sc, removed, None, latin)
                continue
            # pinyin written syllable by syllable ('ChengRen DianYing | WuMa ZaiXian'): weighed joined up
            joined = sp.join_syllables(norm)
            if joined != norm and sp.latin_hits(latin, joined) >= sc.min_spam_hits * sc.weak_term_weight:
                ev = sp.evidence(joined, sc, None, latin)
                reason = sp.is_spam(ev, sc)
                if reason:
                    removed[pos] = ("remove_spam", reason + " (pinyin syllables joined)",
                                    {"terms": list(ev.terms), "density": round(ev.density, 3)})
                    continue
        # Too few places a spam term could start, and no link: nothing to weigh (most lines stop here).
        if "." not in norm:
            if (few or vocab.max_hits(norm, page) < sc.min_spam_hits) and not any(
                    norm.count(s) >= sc.min_spam_term_repeats for s in often):
                continue
        # Each link holds a dot: with fewer dots than a line of links needs and no term start, nothing either.
        elif norm.count(".") < sc.min_spam_links and vocab.possible_hits(norm, page) == 0:
            continue
        weigh_spam(doc, pos, norms, sc, removed, page)


def weigh_spam(doc: Document, pos: int, norms: list[str], sc: StripConfig, removed: dict, page=None,
               vocab=None) -> None:
    """One line past the gate: removed as spam on enough evidence, else a stuffed run cut out of it."""
    b = doc.blocks[pos]
    ev = sp.evidence(norms[pos], sc, page, vocab)
    reason = sp.is_spam(ev, sc)
    if reason:
        removed[pos] = ("remove_spam", reason, {"terms": list(ev.terms), "density": round(ev.density, 3)})
        return
    if ev.score <= 0:
        return
    cut = sp.spam_cut(b.text, sc, vocab)
    if cut:
        s, e = cut
        head, tail = sp.trim_separators(b.text[:s]), sp.trim_separators(b.text[e:])
        new = f"{head} {tail}" if head and tail else head or tail
        doc.report.add(STEP, "cut_spam", b.text, where=b.index, after=new,
                       reason=f"stuffed run removed: {b.text[s:e]!r}", detail={"removed": b.text[s:e]})
        b.text = new
        norms[pos] = norm_line(new)


def _chrome_pass(doc: Document, norms: list[str], sc: StripConfig, removed: dict, target) -> None:
    blocks = doc.blocks
    cands: dict[int, ch.Candidate] = {}
    prose = []
    in_list = False   # under a related-list heading: short lines without a full stop are its headlines
    # decorated, bracketed or all-ASCII lines (few) may match more (ch.may_differ)
    # (C-level maps over the lines: this runs on every line of every page)
    edge = ch.EDGES.__contains__
    special = set(compress(count(), map(or_, map(edge, [n[:1] for n in norms]), map(edge, [n[-1:] for n in norms]))))
    special.update(compress(count(), map(str.isascii, norms)))
    for pos, b in enumerate(blocks):
        if pos in removed:
            prose.append(False)
            continue
        norm = norms[pos]
        c = ch.match_phrase(norm, sc)
        if pos in special and ch.may_differ(norm, c):
            c = ch.match_line(norm, sc, c)
        kw = c is None and ch.is_keyword_list(norm, sc)
        if kw and ch.is_place_list(norm, sc):   # before the menu-row test: a city list reads as a menu too
            c = ch.Candidate("place-list", ch.STRONG, rule="list of place + phrase (city-list stuffing)")
        if c is None and ch.is_nav_line(norm, sc):
            c = ch.Candidate("nav", ch.WEAK, rule="menu row")
        if c is None and kw:
            c = ch.Candidate("keyword-list", ch.WEAK, rule="list of short phrases")
        if c is not None:
            cands[pos] = c
            prose.append(False)
            in_list = c.kind == "related"
            continue
        # Spam and chrome candidates are not prose: they delimit zones.
        # List items are not prose either: related-article titles often end in ？ or ！.
        p = b.kind != LIST_ITEM and not ch.is_bullet(b.text) and is_prose(norm, b.kind, sc)
        if in_list:
            in_list = "。" not in norm and len(norm) <= sc.max_headline_chars
            p = p and not in_list
        prose.append(p)
    accepted: dict[int, tuple[ch.Candidate, Zone]] = {}
    for z in zones(prose):
        members = [p for p in range(z.start, z.end) if p in cands and cands[p].strength != ch.KEEP]
        strong = any(cands[p].strength == ch.STRONG for p in members)
        # A spam line removed from the zone is evidence too: the zone is a mirror's wrapping.
        spam_here = sum(1 for p in range(z.start, z.end) if p in removed)
        supported = strong or len(members) + spam_here >= sc.min_zone_hits
        for p in members:
            if cands[p].strength == ch.STRONG or supported:
                accepted[p] = (cands[p], z)
        _widgets(blocks, norms, z, accepted, removed, sc)
    # Keyword lists printed several times on one page (or beside a spam line) are a stuffer's, wherever they
    # stand: a line of unknown vocabulary between two paragraphs has no chrome beside it in its gap.
    lists = [p for p, c in cands.items() if c.kind == "keyword-list" or (c.kind == "nav" and ch.is_keyword_list(norms[p], sc))]
    # Distinct lines only: a line of the article printed in each body copy is not a second list.
    distinct = len({text_key(blocks[p].text) for p in lists})
    if lists and distinct + sum(1 for a, _, _ in removed.values() if a == "remove_spam") >= sc.min_page_list_lines:
        for p in lists:
            accepted.setdefault(p, (cands[p], Zone("page", p, p + 1)))
    # The same chrome printed again elsewhere (a second footer) goes too.
    keys = {text_key(blocks[p].text) for p in accepted}
    for p, c in cands.items():
        if p not in accepted and c.strength != ch.KEEP and text_key(blocks[p].text) in keys:
            accepted[p] = (c, Zone("repeat", p, p + 1))

    for p in sorted(set(cands) | set(accepted)):
        c = accepted[p][0] if p in accepted else cands[p]
        if c.facts:
            _note_facts(doc, blocks[p], c, target, removing=p in accepted)
    for p, (c, z) in accepted.items():
        if p in removed:
            continue
        detail = {"kind": c.kind, "zone": z.kind}
        if c.facts:
            detail["facts"] = c.facts
        removed[p] = ("remove_chrome", f"{c.kind} ({c.strength}) in {z.kind} zone", detail)


def _widgets(blocks, norms, z: Zone, accepted: dict, removed: dict, sc: StripConfig) -> None:
    """Inside one zone: related-list bullets after removed chrome, bare tag words next to footer chrome."""
    prev_chrome = None
    for p in range(z.start, z.end):
        if p in accepted:
            prev_chrome = accepted[p][0].kind
            continue
        if p in removed:
            continue
        b = blocks[p]
        # Headlines in a related list have no full stop; an article's list points often do.
        if prev_chrome in _LIST_AFTER and (ch.is_bullet(b.text) or b.kind == LIST_ITEM) and "。" not in norms[p]:
            accepted[p] = (ch.Candidate("related-item", ch.STRONG, rule=f"list item after {prev_chrome}"), z)
            continue
        # Below a related-list heading after the body, headlines printed as plain lines (no bullet) are the list.
        if (prev_chrome in _HEADLINES_AFTER and z.kind in (TRAILER, GAP) and "。" not in norms[p]
                and han_count(norms[p]) >= sc.min_prose_han):
            accepted[p] = (ch.Candidate("related-item", ch.STRONG, rule=f"headline after {prev_chrome}"), z)
            prev_chrome = "related-line"
            continue
        if ch.is_bare_word(norms[p], sc):
            nxt = next((q for q in range(p + 1, z.end) if not ch.is_bare_word(norms[q], sc)), None)
            neighbours = {prev_chrome}
            if nxt is not None and nxt in accepted:
                neighbours.add(accepted[nxt][0].kind)
            if neighbours & _TAG_NEIGHBOURS:
                accepted[p] = (ch.Candidate("tag", ch.STRONG, {"tags": [blocks[p].text.strip()]}, "bare word by footer"), z)
                prev_chrome = "tags"
                continue
        prev_chrome = None


def _note_facts(doc: Document, block, c: ch.Candidate, target, removing: bool) -> None:
    meta = doc.meta
    for name, value in c.facts.items():
        if name == "reprint":
            if not meta.reprint:
                meta.reprint = True
            recorded = True
        elif name == "tags":
            recorded = [convert(t, target) for t in value]
            for t in recorded:
                if t not in meta.tags:
                    meta.tags.append(t)
        else:
            recorded = convert(_original_case(value, block.text), target)
            if getattr(meta, name) is None:
                setattr(meta, name, recorded)
        if not removing:
            # The line stays (structure, or not enough evidence to call it chrome); the fact is still noted.
            doc.report.add(STEP, "note_meta", block.text, where=block.index, after=block.text,
                           reason=f"{c.kind} line: {name} noted, line kept", detail={name: recorded})


def _original_case(value: str, original: str) -> str:
    """Facts are matched lower-cased and width-folded; give Latin names back their case from the page, and
    a value holding folded punctuation (an original title's ，！？) its printed characters."""
    if not any(c.isupper() for c in original):
        if value.isascii() or not any(not c.isalnum() and not c.isspace() for c in value):
            return value
        text = unicodedata.normalize("NFKC", original)
        i = text.find(value) if len(text) == len(original) else -1
        return original[i:i + len(value)] if i >= 0 else value
    text = unicodedata.normalize("NFKC", original)
    for form in (text, _t2s(text)):   # the value went through t2s: a traditional page is searched in both forms
        low = form.lower()
        i = low.find(value) if len(low) == len(form) else -1
        if i >= 0:
            return form[i:i + len(value)]
    return value
