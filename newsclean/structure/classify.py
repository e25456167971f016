"""Decide every block's role: title, subtitle, metadata line, heading, caption, paragraph …

The result is a Plan (roles by block position plus the metadata found); build.py turns it into an
Article and writes the report. Keeping the decision separate lets the evaluation score it directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import StructureConfig
from ..model import CAPTION, HEADING, LIST_ITEM, QUOTE, Block, Document
from .byline import MetaFields, parse_lead, parse_meta_line, strip_end_mark
from .captions import credit_pattern, lone_name
from .dates import context_year
from .headings import assign_levels, numbering
from .text import ends_sentence, han_count, has_inner_stop, norm1
from .title import find_title, key

# roles
TITLE_ROLE = "title"
SUBTITLE = "subtitle"
META = "meta"            # byline, source, editor, date, end mark: moved to metadata
DUPLICATE = "duplicate"  # a printed copy of the title or subtitle
HEADING_ROLE = "heading"
CAPTION_ROLE = "caption"
PARAGRAPH_ROLE = "paragraph"
LIST_ROLE = "list_item"
QUOTE_ROLE = "quote"


@dataclass
class Plan:
    roles: list[str]
    why: list[str]                                  # short reason per block, for the report
    styles: dict[int, str] = field(default_factory=dict)   # heading position -> numbering style
    levels: dict[int, int] = field(default_factory=dict)   # heading position -> outline level
    meta: dict[int, MetaFields] = field(default_factory=dict)  # meta line position -> fields
    lead: tuple[int, MetaFields, int] | None = None  # (position, fields, characters taken)
    tail_mark: tuple[int, str] | None = None         # (position, text without its end mark)
    title: str | None = None
    subtitle: str | None = None
    year: int | None = None


def _is_body(text: str, cfg: StructureConfig) -> bool:
    """Running text: ends a sentence or is too long for a heading or caption."""
    return ends_sentence(text) or len(text) > cfg.max_caption_chars


def plan_document(doc: Document, cfg: StructureConfig) -> Plan:
    blocks = doc.blocks
    n = len(blocks)
    plan = Plan(roles=[PARAGRAPH_ROLE] * n, why=[""] * n)
    meta = doc.meta
    plan.year = context_year([meta.published, *meta.title_candidates, *(b.text for b in blocks[: cfg.header_zone_blocks + 3])])
    title, ti = find_title(blocks, meta.title, meta.title_candidates, cfg.max_title_chars, cfg.header_zone_blocks)
    plan.title = title
    start = 0
    if ti is not None:
        plan.roles[ti] = TITLE_ROLE
        plan.why[ti] = "title"
        for j in range(ti):  # blocks before the title within the window: kickers, channel names
            plan.roles[j] = PARAGRAPH_ROLE
        start = ti + 1
    _header(blocks, plan, cfg, start)
    _trailer(blocks, plan, cfg)
    _lead(blocks, plan, cfg)
    _body(blocks, plan, cfg)
    return plan


def _header(blocks: list[Block], plan: Plan, cfg: StructureConfig, start: int) -> None:
    """Byline and subtitle between the title and the body."""
    end = min(len(blocks), start + cfg.header_zone_blocks)
    tkey = key(plan.title) if plan.title else None
    last_meta = None
    parsed: dict[int, MetaFields] = {}
    for i in range(start, end):
        b = blocks[i]
        m = parse_meta_line(b.text, plan.year, cfg.max_meta_chars)
        if m is not None:
            parsed[i] = m
            last_meta = i
        elif _is_body(b.text, cfg) and len(b.text) > cfg.max_subtitle_chars:
            break
    if last_meta is None:
        # no byline: a leading "——" line or an HTML subheading right after the title is the subtitle
        if start < len(blocks):
            b = blocks[start]
            t = b.text.strip()
            if (t.startswith(("——", "--", "—")) or (b.kind == HEADING and b.level >= 2 and start > 0)) \
                    and len(t) <= cfg.max_subtitle_chars and not has_inner_stop(t):
                plan.roles[start] = SUBTITLE
                plan.why[start] = "subtitle"
                plan.subtitle = t.lstrip("—- ").strip()
        _duplicates(blocks, plan, start, end, tkey)
        return
    seen = set()
    for i in range(start, last_meta + 1):
        b = blocks[i]
        k = key(b.text)
        if i in parsed:
            plan.roles[i] = META
            plan.why[i] = "byline"
            plan.meta[i] = parsed[i]
        elif (tkey and k == tkey) or k in seen:
            plan.roles[i] = DUPLICATE
            plan.why[i] = "printed copy of the title or subtitle"
        elif plan.subtitle is None and len(b.text) <= cfg.max_subtitle_chars and not has_inner_stop(b.text):
            plan.roles[i] = SUBTITLE
            plan.why[i] = "subtitle"
            plan.subtitle = b.text.strip().lstrip("—- ").strip()
        seen.add(k)
    _duplicates(blocks, plan, last_meta + 1, end, tkey)


def _duplicates(blocks: list[Block], plan: Plan, a: int, b: int, tkey: str | None) -> None:
    skey = key(plan.subtitle) if plan.subtitle else None
    for i in range(a, b):
        k = key(blocks[i].text)
        if plan.roles[i] == PARAGRAPH_ROLE and k and k in (tkey, skey):
            plan.roles[i] = DUPLICATE
            plan.why[i] = "printed copy of the title or subtitle"


def _trailer(blocks: list[Block], plan: Plan, cfg: StructureConfig) -> None:
    """Editor, source, end marks and reporter lines after the body."""
    n = len(blocks)
    lo = max(0, n - cfg.trailer_zone_blocks)
    for i in range(n - 1, lo - 1, -1):
        if plan.roles[i] != PARAGRAPH_ROLE:
            continue
        m = parse_meta_line(blocks[i].text, plan.year, cfg.max_meta_chars)
        if m is not None:
            plan.roles[i] = META
            plan.why[i] = "end mark" if m.end_mark and len(m.as_dict()) == 1 else "source/editor line"
            plan.meta[i] = m
    # "……。（完）" closing the last paragraph
    for i in range(n - 1, lo - 1, -1):
        if plan.roles[i] == PARAGRAPH_ROLE:
            rest, found = strip_end_mark(blocks[i].text)
            if found and rest:
                plan.tail_mark = (i, _keep_width(blocks[i].text, rest))
            break


def _keep_width(original: str, normalized_rest: str) -> str:
    """The original characters of `original` that `normalized_rest` (its norm1 form, trimmed) covers."""
    norm = norm1(original)
    a = norm.find(normalized_rest)
    return original[a: a + len(normalized_rest)] if a >= 0 else normalized_rest


def _lead(blocks: list[Block], plan: Plan, cfg: StructureConfig) -> None:
    for i, b in enumerate(blocks):
        if plan.roles[i] != PARAGRAPH_ROLE:
            continue
        found = parse_lead(b.text, plan.year)
        if found:
            fields, taken = found
            plan.lead = (i, fields, taken)
            if not b.text[taken:].strip():
                plan.roles[i] = META
                plan.why[i] = "dateline"
                plan.meta[i] = fields
                plan.lead = None
        return


def _body(blocks: list[Block], plan: Plan, cfg: StructureConfig) -> None:
    n = len(blocks)
    body = [i for i in range(n) if plan.roles[i] == PARAGRAPH_ROLE]
    if plan.lead and plan.lead[0] in body and not blocks[plan.lead[0]].text[plan.lead[2]:].strip():
        body.remove(plan.lead[0])
    texts = {i: blocks[i].text.strip() for i in body}
    short = {i: not _is_body(texts[i], cfg) for i in body}
    # runs of consecutive short body blocks (a table, a list, a poem when long)
    run_len: dict[int, int] = {}
    k = 0
    while k < len(body):
        j = k
        while j + 1 < len(body) and body[j + 1] == body[j] + 1 and short[body[j]] and short[body[j + 1]]:
            j += 1
        for x in body[k: j + 1]:
            run_len[x] = j - k + 1 if short[body[k]] else 1
        k = j + 1
    heading_styles: list[tuple[int, str]] = []
    for pos, i in enumerate(body):
        b = blocks[i]
        t = texts[i]
        prev_t = texts.get(body[pos - 1], "") if pos > 0 else ""
        next_t = texts.get(body[pos + 1], "") if pos + 1 < len(body) else ""
        role, why, style = _decide(b, t, prev_t, next_t, short[i], run_len.get(i, 1), pos == len(body) - 1, cfg)
        plan.roles[i] = role
        plan.why[i] = why
        if role == HEADING_ROLE:
            heading_styles.append((i, style))
    # consecutive heading lines form one heading: they share the first line's style
    styles: list[str] = []
    groups: list[int] = []
    for idx, (i, style) in enumerate(heading_styles):
        if idx and heading_styles[idx - 1][0] == i - 1 and style == "plain":
            plan.styles[i] = plan.styles[i - 1]
            continue
        plan.styles[i] = style
        styles.append(style)
        groups.append(i)
    for i, level in zip(groups, assign_levels(styles)):
        plan.levels[i] = level
    for i, _ in heading_styles:
        if i not in plan.levels:
            plan.levels[i] = plan.levels.get(i - 1, 1)


def _decide(b: Block, t: str, prev_t: str, next_t: str, is_short: bool, run: int, last: bool,
            cfg: StructureConfig) -> tuple[str, str, str]:
    """(role, reason, heading style) for one body block."""
    nt = norm1(t)
    if b.kind == CAPTION:
        return CAPTION_ROLE, "caption element", ""
    if credit_pattern(nt) and len(t) <= cfg.max_credit_caption_chars:
        return CAPTION_ROLE, "caption or photo-credit pattern", ""
    if b.kind == HEADING:
        if len(t) <= cfg.max_html_heading_chars and not (ends_sentence(t) and len(t) > cfg.max_heading_chars):
            return HEADING_ROLE, "heading element", f"h{b.level or 1}"
        return PARAGRAPH_ROLE, "heading element holding running text", ""
    fallback = LIST_ROLE if b.kind == LIST_ITEM else QUOTE_ROLE if b.kind == QUOTE else PARAGRAPH_ROLE
    if not is_short:
        return fallback, "", ""
    if lone_name(t, [prev_t, next_t]):
        return CAPTION_ROLE, "lone name mentioned next to it", ""
    if "after_image" in b.flags and "bold" not in b.flags:
        return CAPTION_ROLE, "short line where an image stood", ""
    style = numbering(nt)
    if run > cfg.max_heading_run and "bold" not in b.flags:
        return (LIST_ROLE if style or b.kind == LIST_ITEM else fallback), "run of short lines (list or table)", ""
    if b.kind in (LIST_ITEM, QUOTE):
        return fallback, "", ""
    ends_open = nt.rstrip().endswith((",", "、", ":", "，", "：", "-", "—"))
    if style and len(t) <= cfg.max_numbered_heading_chars and not ends_open:
        return HEADING_ROLE, f"numbered heading ({style})", style
    if "bold" in b.flags and len(t) <= cfg.max_numbered_heading_chars and not ends_open:
        return HEADING_ROLE, "bold short paragraph", "bold"
    prev_opens = norm1(prev_t).rstrip().endswith((":", "："))
    if (len(t) <= cfg.max_heading_chars and han_count(t) >= cfg.min_heading_han and not has_inner_stop(t)
            and not ends_open and not last and not prev_opens):
        return HEADING_ROLE, "short line without sentence punctuation between paragraphs", "plain"
    if (len(t) <= cfg.max_caption_chars and han_count(t) >= cfg.min_caption_han and not ends_open
            and not prev_opens and run <= cfg.max_heading_run):
        return CAPTION_ROLE, "caption-like line without final punctuation", ""
    return fallback, "", ""
