"""Decide every block's role: title, subtitle, metadata line, heading, caption, paragraph …

The result is a Plan (roles by block position plus the metadata found); build.py turns it into an
Article and writes the report. Keeping the decision separate lets the evaluation score it directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..config import StructureConfig
from ..model import CAPTION, HEADING, LIST_ITEM, QUOTE, Block, Document
from .byline import MetaFields, parse_lead, parse_meta_line, strip_end_mark
from .captions import carries_credit, credit_pattern, lone_name
from .dates import context_year
from .headings import assign_levels, numbering
from .text import ends_sentence, folds_to, han_count, has_inner_stop, last_folded, norm1
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
HEADER = "header"        # other lines between title and byline (kicker, printed deck): kept as paragraphs


@dataclass
class Plan:
    roles: list[str]
    why: list[str]                                  # short reason per block, for the report
    styles: dict[int, str] = field(default_factory=dict)   # heading position -> numbering style
    levels: dict[int, int] = field(default_factory=dict)   # heading position -> outline level
    meta: dict[int, MetaFields] = field(default_factory=dict)  # meta line position -> fields
    lead: tuple[int, MetaFields, int] | None = None  # (position, fields, characters taken)
    tail_mark: tuple[int, str] | None = None         # (position, text without its end mark / reporter line)
    tail_meta: MetaFields | None = None              # the reporter line cut from the last paragraph
    title: str | None = None
    subtitle: str | None = None
    year: int | None = None
    # parse_meta_line's answers by line: the header, trailer and body passes ask about the same lines
    _meta_memo: dict[str, MetaFields | None] = field(default_factory=dict, repr=False, compare=False)


def _meta_line(text: str, plan: Plan, cfg: StructureConfig) -> MetaFields | None:
    memo = plan._meta_memo
    if text in memo:
        m = memo[text]
        return replace(m, authors=list(m.authors), credits=list(m.credits)) if m is not None else None
    m = memo[text] = parse_meta_line(text, plan.year, cfg.max_meta_chars)
    return m


def _is_body(text: str, cfg: StructureConfig) -> bool:
    """Running text: ends a sentence or is too long for a heading or caption."""
    return len(text) > cfg.max_caption_chars or ends_sentence(text) or (
        text.rstrip().endswith(("完）", "完)", "完】")) and ends_sentence(strip_end_mark(text)[0]))


def plan_document(doc: Document, cfg: StructureConfig) -> Plan:
    blocks = doc.blocks
    n = len(blocks)
    plan = Plan(roles=[PARAGRAPH_ROLE] * n, why=[""] * n)
    meta = doc.meta
    plan.year = context_year([meta.published, *meta.title_candidates,
                              *(b.text[:500] for b in blocks[: cfg.header_zone_blocks + 3])])
    title, ti = find_title(blocks, meta.title, meta.title_candidates, cfg.max_title_chars, cfg.header_zone_blocks)
    if ti is not None and not meta.title and _all_meta(blocks[ti].text, plan, cfg):
        # a dateline or byline standing first is not the title
        title, ti = None, None
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


def _all_meta(text: str, plan: Plan, cfg: StructureConfig) -> bool:
    if _meta_line(text, plan, cfg) is not None:
        return True
    lead = parse_lead(text, plan.year)
    return bool(lead) and not text[lead[1]:].strip()


def _header(blocks: list[Block], plan: Plan, cfg: StructureConfig, start: int) -> None:
    """Byline and subtitle between the title and the body."""
    end = min(len(blocks), start + cfg.header_zone_blocks)
    tkey = key(plan.title) if plan.title else None
    last_meta = None
    parsed: dict[int, MetaFields] = {}
    for i in range(start, end):
        b = blocks[i]
        m = _meta_line(b.text, plan, cfg)
        if m is None:
            lead = parse_lead(b.text, plan.year)
            if lead and not b.text[lead[1]:].strip():  # a dateline on a line of its own
                m = lead[0]
        if m is not None:
            parsed[i] = m
            last_meta = i
        elif _is_body(b.text, cfg) and (i > start or len(b.text) > cfg.max_subtitle_chars or has_inner_stop(b.text)):
            break  # running text (only the line right under the title may be a sentence-like subtitle)
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
        else:
            plan.roles[i] = HEADER
            plan.why[i] = "between the title and the byline"
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
        m = _meta_line(blocks[i].text, plan, cfg)
        if m is not None:
            plan.roles[i] = META
            plan.why[i] = "end mark" if m.end_mark and len(m.as_dict()) == 1 else "source/editor line"
            plan.meta[i] = m
    # "……。（完）", "……。（记者 张三）" closing the last paragraph
    for i in range(n - 1, lo - 1, -1):
        if plan.roles[i] == PARAGRAPH_ROLE:
            _tail_of_last_paragraph(blocks[i].text, i, plan, cfg)
            break


_TAIL_END = re.compile(r"\s*(?:\(完\)|【完】|\[完\])\s*$")
_TAIL_PAREN = re.compile(r"\s*\(([^()]{2,40})\)\s*$")


_TAIL_NEEDS = re.compile(f"[{re.escape(folds_to('完'))}]")


def _tail_of_last_paragraph(text: str, i: int, plan: Plan, cfg: StructureConfig) -> None:
    if last_folded(text) != ")" and not _TAIL_NEEDS.search(text):
        return  # neither pattern below can match: no 完, no closing bracket (without folding the paragraph)
    norm = norm1(text.rstrip())
    cut = len(norm)
    fields = None
    for _ in range(2):  # the end mark and a reporter line come in either order
        # (each pattern is tried only when the text holds what it needs: most last paragraphs end in 。)
        m = _TAIL_END.search(norm[:cut]) if "完" in norm[:cut] else None
        if m and m.start() > 0:
            cut = m.start()
            continue
        m = _TAIL_PAREN.search(norm[:cut]) if norm[:cut].rstrip().endswith(")") else None
        if m and m.start() > 0 and ends_sentence(norm[: m.start()]):
            f = _meta_line(m.group(1), plan, cfg)
            if f is not None and (f.authors or f.editor or f.source):
                fields, cut = f, m.start()
                continue
        break
    if cut < len(norm):
        plan.tail_mark = (i, text.rstrip()[:cut].rstrip())
        plan.tail_meta = fields


def _lead(blocks: list[Block], plan: Plan, cfg: StructureConfig) -> None:
    for i, b in enumerate(blocks):
        if plan.roles[i] != PARAGRAPH_ROLE:
            continue
        found = parse_lead(b.text, plan.year)
        if not found:
            continue
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
    last = {i: last_folded(t) for i, t in texts.items()}   # each block's last character, folded
    short = {i: not _is_body(t, cfg) and last[i] not in _OPEN_ENDS for i, t in texts.items()}   # (_ends_open)
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
    # a run right after a line ending with a colon is the list that line announces
    intro: set[int] = set()
    for pos, i in enumerate(body):
        if short[i] and pos and last[body[pos - 1]] == ":" and body[pos - 1] == i - 1:
            x = pos
            while x < len(body) and short[body[x]] and (x == pos or body[x] == body[x - 1] + 1):
                intro.add(body[x])
                x += 1
    # many short questions between paragraphs: an interview, its questions are not headings
    interview = sum(1 for i in body if len(texts[i]) <= cfg.max_numbered_heading_chars
                    and last[i] == "?") >= cfg.interview_questions
    for pos, i in enumerate(body):
        b = blocks[i]
        t = texts[i]
        if not short[i] and b.kind not in (HEADING, CAPTION) and last[i] not in _MAYBE_HEADING_ENDS \
                and (len(t) > cfg.max_credit_caption_chars or not credit_pattern(t)):
            # running text (most blocks) keeps its kind's role, as _decide would say: only a caption
            # pattern, a numbered heading's dots or a question's ? could make it anything else
            plan.roles[i] = _FALLBACK.get(b.kind, PARAGRAPH_ROLE)
            plan.why[i] = ""
            continue
        if i in intro and b.kind != HEADING and "bold" not in b.flags and not numbering(t) \
                and not credit_pattern(t):
            plan.roles[i] = LIST_ROLE if b.kind == LIST_ITEM else PARAGRAPH_ROLE
            plan.why[i] = "announced by a colon: list or continued text"
            continue
        if short[i] and b.kind not in (HEADING, CAPTION):
            m = _meta_line(t, plan, cfg)
            if m is not None and (m.authors or m.original_title or m.editor or m.source) and not m.end_mark:
                plan.roles[i] = META
                plan.why[i] = "byline of a part"
                plan.meta[i] = m
                continue
        prev_t = texts.get(body[pos - 1], "") if pos > 0 else ""
        next_t = texts.get(body[pos + 1], "") if pos + 1 < len(body) else ""
        role, why, style = _decide(b, t, prev_t, next_t, short[i], run_len.get(i, 1), pos == len(body) - 1, cfg,
                                   interview)
        if role == HEADING_ROLE and why.startswith("short line") and (
                _table_row(pos, body, texts, cfg) or (pos + 1 < len(body) and body[pos + 1] == i + 1
                                                     and _table_row(pos + 1, body, texts, cfg))):
            role, why = PARAGRAPH_ROLE, "a table's row, or the line right above one (单位：万元)"
        plan.roles[i] = role
        plan.why[i] = why
        if role == HEADING_ROLE:
            plan.styles[i] = style
    _runs(blocks, plan, body, short, cfg)
    heading_styles = [(i, plan.styles[i]) for i in body if plan.roles[i] == HEADING_ROLE]
    body = [i for i in body if plan.roles[i] != META]
    # consecutive heading lines form one heading: they share the first line's style
    styles: list[str] = []
    groups: list[int] = []
    for idx, (i, style) in enumerate(heading_styles):
        prev_style = heading_styles[idx - 1][1] if idx else None
        if idx and heading_styles[idx - 1][0] == i - 1 and (style == "plain" or prev_style == "number_only"):
            plan.styles[i] = plan.styles[i - 1]
            continue
        plan.styles[i] = style
        styles.append(style)
        groups.append(i)
    # bold and plain headings stand beside the page's top tag heading, not under the last one
    top = styles[0] if styles and styles[0].startswith("h") else None
    styles = [top if top and s in ("bold", "plain") else s for s in styles]
    for i, level in zip(groups, assign_levels(styles)):
        plan.levels[i] = level
    for i, _ in heading_styles:
        if i not in plan.levels:
            plan.levels[i] = plan.levels.get(i - 1, 1)


_CELL_STOP = re.compile(r"[。！？；，,;!?]")


def _cells(t: str, cfg: StructureConfig) -> list[str] | None:
    parts = t.split() if (" " in t or "\u3000" in t or "\t" in t) and not _CELL_STOP.search(t) else ()
    return parts if len(parts) >= cfg.min_table_cells else None


def _table_row(pos: int, body: list[int], texts: dict[int, str], cfg: StructureConfig) -> bool:
    """A line of a table flattened to text: next to a line of the same number (3+) of space-separated cells,
    one of the two mostly numbers ('项目 2022年 2023年 增长' over '营业收入 1200 1350 12.5%'). Asked only
    of the few lines about to become headings."""
    mine = _cells(texts[body[pos]], cfg)
    if not mine:
        return False
    for q in (pos - 1, pos + 1):
        if 0 <= q < len(body) and abs(body[q] - body[pos]) == 1:
            other = _cells(texts[body[q]], cfg)
            if other and len(other) == len(mine) and any(
                    sum(any(ch.isdigit() for ch in c) for c in row) * 2 >= len(row) for row in (mine, other)):
                return True
    return False


def _runs(blocks: list[Block], plan: Plan, body: list[int], short: dict[int, bool], cfg: StructureConfig) -> None:
    """Decisions that need the whole run of adjacent short lines."""
    runs: list[list[int]] = []
    for i in body:
        if short[i] and runs and runs[-1][-1] == i - 1 and short.get(i - 1):
            runs[-1].append(i)
        elif short[i]:
            runs.append([i])
    first_body = next((i for i in body if not short[i]), None)
    pos_of = {i: p for p, i in enumerate(body)}
    for run in runs:
        # a heading leads into text: a run that no paragraph follows (trailer buttons, a last line) is not one
        after = body[pos_of[run[-1]] + 1] if pos_of[run[-1]] + 1 < len(body) else None
        if after is None or after != run[-1] + 1 or plan.roles[after] not in (PARAGRAPH_ROLE, LIST_ROLE, QUOTE_ROLE):
            for i in run:
                if plan.roles[i] == HEADING_ROLE and plan.why[i].startswith(("short line", "numbered", "short q")):
                    plan.roles[i] = PARAGRAPH_ROLE
                    plan.why[i] = "short line that no paragraph follows"
    _top_captions(blocks, plan, body, short, runs, first_body, cfg)
    for run in runs:
        # right after the title, before any paragraph: a printed deck, not a section heading
        head = run[0]
        after_title = head == 0 or plan.roles[head - 1] in (TITLE_ROLE, SUBTITLE, META, DUPLICATE, HEADER)
        if after_title and plan.roles[head] == HEADING_ROLE and plan.styles.get(head) == "bracket" \
                and (first_body is None or head < first_body) \
                and not any(plan.styles.get(j) == "bracket" and plan.roles[j] == HEADING_ROLE
                            for j in _headings(plan) if j > head + 1):   # the first of 【…】 sections
            plan.roles[head] = HEADER  # 【专栏名】 over the body: a column name, not a section
            plan.why[head] = "column name under the title"
            continue
        if (after_title and plan.subtitle is None and plan.roles[head] == HEADING_ROLE
                and plan.styles.get(head) == "plain" and (first_body is None or head < first_body)
                and (len(run) > 1 or _deck_like(blocks[head].text, cfg))):
            plan.roles[head] = SUBTITLE
            plan.why[head] = "deck under the title"
            plan.subtitle = blocks[head].text.strip()
            for i in run[1:]:
                if plan.roles[i] == HEADING_ROLE and plan.styles.get(i) == "plain":
                    if _like_a_later_heading(blocks, plan, i, cfg):
                        continue
                    same = key(blocks[i].text) in (key(plan.subtitle), key(plan.title or ""))
                    plan.roles[i] = DUPLICATE if same else HEADER
                    plan.why[i] = "printed copy of the title or subtitle" if same else "deck under the title"


def _top_captions(blocks: list[Block], plan: Plan, body: list[int], short: dict[int, bool], runs: list[list[int]],
                  first_body: int | None, cfg: StructureConfig) -> None:
    """Pictures often lead a page: the lines between the title and the first paragraph are their captions
    when one of them is a marked caption, or when they do not restate the headline (a deck does)."""
    if not body:
        return
    start = body[0]
    if start and plan.roles[start - 1] not in (TITLE_ROLE, SUBTITLE, META, DUPLICATE, HEADER):
        return
    # sentence-length lines opening the body, one of them a marked caption (图为, （左二）): all captions
    lead = []
    for i in body:
        if i != start + len(lead) or not cfg.min_caption_sentence_chars <= len(blocks[i].text.strip()) <= cfg.max_caption_chars:
            break
        lead.append(i)
    # (not when they are the whole body: a short article of short paragraphs with one picture)
    # (nor beside a caption that credits its own picture: "…。 记者 王刚 摄" stands alone, the spread's would all)
    if len(lead) < len(body) and any(plan.roles[i] == CAPTION_ROLE and plan.why[i].startswith("caption or photo")
                                     and not carries_credit(blocks[i].text) for i in lead):
        for i in lead:
            if plan.roles[i] == PARAGRAPH_ROLE:
                plan.roles[i] = CAPTION_ROLE
                plan.why[i] = "beside a marked caption under the title"
        return
    top = [i for i in body if first_body is None or i < first_body]
    top = top[: next((k for k, i in enumerate(top) if i != top[0] + k), len(top))]  # the contiguous start
    if not top or top[0] and plan.roles[top[0] - 1] not in (TITLE_ROLE, SUBTITLE, META, DUPLICATE, HEADER):
        return
    if len(top) > cfg.max_lead_caption_lines:
        return  # more lines than pictures lead a page with: not a caption block (and keeps this linear)
    # a marked caption among them: its sentence-length neighbours are captions too
    marked = [i for i in top if plan.roles[i] == CAPTION_ROLE]
    if marked:
        for i in range(top[0], first_body if first_body is not None else top[-1] + 1):
            t = blocks[i].text.strip()
            if plan.roles[i] in (PARAGRAPH_ROLE, HEADING_ROLE) and cfg.min_caption_sentence_chars <= len(t) <= cfg.max_caption_chars:
                plan.roles[i] = CAPTION_ROLE
                plan.why[i] = "beside a marked caption under the title"
        return
    if len(top) < 2 or plan.subtitle is not None or any(numbering(blocks[i].text) for i in top):
        return
    if len({key(blocks[i].text) for i in top}) < len(top):  # a kicker printed twice is not a caption
        return
    if any(_like_a_later_heading(blocks, plan, i, cfg) for i in top):
        return  # shaped like the article's headings: a heading under a deck, not picture captions
    restates = max(_overlap(blocks[i].text, plan.title or "") for i in top)
    if restates < cfg.deck_title_overlap and all(len(blocks[i].text.strip()) >= cfg.min_caption_sentence_chars // 2
                                                 for i in top):
        for i in top:
            plan.roles[i] = CAPTION_ROLE
            plan.why[i] = "lines under the title that do not restate it: captions of leading pictures"


def _like_a_later_heading(blocks: list[Block], plan: Plan, i: int, cfg: StructureConfig) -> bool:
    """Shares its shape (character bigrams) with a heading further down the article."""
    return any(_overlap(blocks[i].text, blocks[j].text) >= cfg.heading_shape_overlap
               for j in _headings(plan) if j >= i + 2)


def _headings(plan: Plan) -> list[int]:
    """Indices of the blocks planned as headings (a scan of roles, cheap next to the overlaps it saves)."""
    return [j for j, role in enumerate(plan.roles) if role == HEADING_ROLE]


def _overlap(text: str, title: str) -> float:
    """Share of `text`'s character bigrams that also occur in `title`."""
    a, b = key(text), key(title)
    grams = {a[k: k + 2] for k in range(len(a) - 1)}
    if not grams:
        return 0.0
    return len(grams & {b[k: k + 2] for k in range(len(b) - 1)}) / len(grams)


def _deck_like(text: str, cfg: StructureConfig) -> bool:
    """A long or two-clause line (spaced halves, an exclamation) reads as a printed deck."""
    t = norm1(text).strip()
    return len(t) >= cfg.min_deck_chars or " " in t or any(c in t[:-1] for c in "!?")


def _question_heading(t: str, prev_t: str, next_t: str, cfg: StructureConfig) -> bool:
    """'城市怎样平等对待农民工？' alone between paragraphs: a one-clause question heading."""
    t = t.strip()
    if not t.endswith("?") or not cfg.min_question_heading_chars <= len(t) <= cfg.max_question_heading_chars:
        return False
    inner = t[:-1]
    if any(c in inner for c in ":：;；。!！?？") or inner.count("，") + inner.count(",") > 1 \
            or t[0] in "\"“「『":
        return False
    return bool(prev_t) and bool(next_t) and ends_sentence(prev_t) and len(next_t) > len(t)


_OPEN_ENDS = frozenset(",、:-—…")


def _ends_open(text: str) -> bool:
    """Ends with a comma, colon or dash: the sentence goes on in the next block."""
    return last_folded(text) in _OPEN_ENDS


_FALLBACK = {LIST_ITEM: LIST_ROLE, QUOTE: QUOTE_ROLE}
_MAYBE_HEADING_ENDS = frozenset(".…?")   # a body block's role when nothing else fits
_TRAIL_DOTS = re.compile(r"(?:\.{2,}|…+)$")
_TOPIC = re.compile(r"#[^#]{1,40}#")
_LAST_PAREN = re.compile(r"[(（][^()（）]*[)）]$")


def _decide(b: Block, t: str, prev_t: str, next_t: str, is_short: bool, run: int, last: bool,
            cfg: StructureConfig, interview: bool = False) -> tuple[str, str, str]:
    """(role, reason, heading style) for one body block."""
    nt = norm1(t)
    if b.kind == CAPTION:
        return CAPTION_ROLE, "caption element", ""
    if len(t) <= cfg.max_credit_caption_chars and credit_pattern(t):
        return CAPTION_ROLE, "caption or photo-credit pattern", ""
    if b.kind == HEADING:
        if len(t) <= cfg.max_html_heading_chars and not (ends_sentence(t) and len(t) > cfg.max_heading_chars):
            return HEADING_ROLE, "heading element", f"h{b.level or 1}"
        return PARAGRAPH_ROLE, "heading element holding running text", ""
    fallback = _FALLBACK.get(b.kind, PARAGRAPH_ROLE)
    bare = nt.rstrip()
    trimmed = _TRAIL_DOTS.sub("", bare) if bare.endswith((".", "…")) else bare
    # (the helpers fold widths themselves, and folding twice changes nothing: they are given t, whose
    # folded form is cached, not nt)
    if (not is_short and trimmed != bare and numbering(t) and len(t) <= cfg.max_numbered_heading_chars
            and not ends_sentence(trimmed) and b.kind not in (LIST_ITEM, QUOTE)):
        return HEADING_ROLE, f"numbered heading ({numbering(t)})", numbering(t) or "plain"
    if not interview and bare.endswith("?") and _question_heading(nt, prev_t, next_t, cfg) \
            and b.kind not in (LIST_ITEM, QUOTE):
        return HEADING_ROLE, "short question between paragraphs", numbering(t) or "plain"
    if not is_short:
        return fallback, "", ""
    if lone_name(t, [prev_t, next_t]):
        return CAPTION_ROLE, "lone name mentioned next to it", ""
    if "after_image" in b.flags and "bold" not in b.flags:
        return CAPTION_ROLE, "short line where an image stood", ""
    style = numbering(t)
    if run > cfg.max_heading_run and "bold" not in b.flags:
        return (LIST_ROLE if style or b.kind == LIST_ITEM else fallback), "run of short lines (list or table)", ""
    if b.kind in (LIST_ITEM, QUOTE):
        return fallback, "", ""
    ends_open = _ends_open(t)
    if _TOPIC.fullmatch(nt.strip()):
        return fallback, "a #topic# tag", ""
    if style and len(t) <= cfg.max_numbered_heading_chars and not ends_open:
        return HEADING_ROLE, f"numbered heading ({style})", style
    if "bold" in b.flags and len(t) <= cfg.max_numbered_heading_chars and not ends_open:
        return HEADING_ROLE, "bold short paragraph", "bold"
    prev_opens = last_folded(prev_t) in (":", "：")
    han_share = han_count(t) / max(1, len(t.replace(" ", "")))
    if (len(t) <= cfg.max_heading_chars and han_count(t) >= cfg.min_heading_han and not has_inner_stop(t)
            and han_share >= cfg.min_han_share
            and not ends_open and not last):
        return HEADING_ROLE, "short line without sentence punctuation between paragraphs", "plain"
    announces = _ends_open(_LAST_PAREN.sub("", t))
    one_sentence = "…" not in t and ".." not in nt  # chatty text trails off; captions do not
    if (cfg.max_heading_chars < len(t) <= cfg.max_caption_chars and han_count(t) >= cfg.min_caption_han
            and han_share >= cfg.min_han_share
            and not ends_open and not prev_opens and not last and run == 1 and not announces and one_sentence):
        return CAPTION_ROLE, "caption-like line without final punctuation", ""
    return fallback, "", ""
