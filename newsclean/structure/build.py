"""Plan -> Article: metadata merged into fields, sections from the headings, every move in the report."""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import CAPTION, LIST_ITEM, PARAGRAPH, QUOTE, Article, Document, Paragraph, Section
from .byline import MetaFields, _suffixes as _outlet_suffixes, is_outlet, outlets
from .captions import credit_of
from .text import is_name
from .classify import (CAPTION_ROLE, DUPLICATE, HEADING_ROLE, LIST_ROLE, META, QUOTE_ROLE, SUBTITLE,
                       TITLE_ROLE, Plan)

STEP = "structure"
_HAN = re.compile(r"[\u4e00-\u9fff]{2,12}")
_KIND = {CAPTION_ROLE: CAPTION, LIST_ROLE: LIST_ITEM, QUOTE_ROLE: QUOTE}


def _merge(doc: Document, fields: MetaFields, byline_outlet: list[str]) -> None:
    m = doc.meta
    for a in fields.authors:
        if a not in m.authors:
            m.authors.append(a)
    if fields.outlet:
        byline_outlet.append(fields.outlet)
    m.source = m.source or fields.source
    m.editor = m.editor or fields.editor
    m.original_title = m.original_title or fields.original_title
    m.dateline = m.dateline or fields.dateline
    if fields.published and not m.published and not fields.published.startswith("--"):
        m.published = fields.published
    credits = getattr(m, "credits", None)
    if credits is not None:
        credits.extend(c for c in fields.credits if c not in credits)


def _prefer_text_byline(doc: Document, byline_authors: list[str]) -> None:
    """Page metadata often names the site as author ('网易', 'sina_mobile'); a byline in the text wins."""
    if not byline_authors:
        return
    m = doc.meta
    def site_like(a: str) -> bool:
        return not is_name(a) or is_outlet(a) or any(a in x for x in (m.site, m.outlet) if x)

    dropped = [a for a in m.authors if a not in byline_authors and site_like(a)]
    if dropped:
        m.authors[:] = [a for a in m.authors if a not in dropped]
        doc.report.add(STEP, "authors_from_byline", "、".join(dropped), after="、".join(m.authors),
                       reason="page-metadata authors that are not personal names, replaced by the byline in the text")


_OUTLET_END = ("报", "网")   # one-character outlet endings that personal names (3+ characters) do not take


def _outlet_authors(doc: Document, byline_authors: list[str]) -> None:
    """A page-metadata author that is a Han outlet name ('新京报', '自由时报') is the publisher, not a person:
    it goes to Meta.outlet. Single-character endings like 社 or 台 end personal names too (张建社): only 报
    and 网 count, and the multi-character ones (日报, 时报, 新闻 …)."""
    m = doc.meta

    def outlet_like(a: str) -> bool:
        if a in byline_authors or not _HAN.fullmatch(a) or not is_outlet(a):
            return False
        return a in outlets() or any(len(x) > 1 and a.endswith(x) for x in _outlet_suffixes()) \
            or (len(a) >= 3 and a.endswith(_OUTLET_END))

    dropped = [a for a in m.authors if outlet_like(a)]
    if dropped:
        m.authors[:] = [a for a in m.authors if a not in dropped]
        m.outlet = m.outlet or dropped[0]
        doc.report.add(STEP, "outlet_not_author", "、".join(dropped), after="、".join(m.authors) or None,
                       reason="a page-metadata author that is an outlet's name, kept as Meta.outlet")


def build_article(doc: Document, plan: Plan) -> Article:
    rep = doc.report
    meta = doc.meta
    byline_authors: list[str] = []
    outlets: list[str] = []
    sections = [Section(heading=None)]
    open_heading = False  # the last section's heading may still grow (multi-line headings)
    for pos, b in enumerate(doc.blocks):
        role = plan.roles[pos]
        if role == TITLE_ROLE:
            rep.add(STEP, "title", b.text, where=b.index, reason="moved to Article.title")
            continue
        if role == SUBTITLE:
            rep.add(STEP, "subtitle", b.text, where=b.index, reason="moved to Article.subtitle")
            continue
        if role == DUPLICATE:
            rep.add(STEP, "remove_duplicate_title", b.text, where=b.index, reason=plan.why[pos])
            continue
        if role == META:
            fields = plan.meta.get(pos, MetaFields())
            byline_authors.extend(fields.authors)
            _merge(doc, fields, outlets)
            rep.add(STEP, "byline", b.text, where=b.index, reason=f"{plan.why[pos]}: moved to metadata",
                    detail=fields.as_dict())
            continue
        if role == HEADING_ROLE:
            level = plan.levels.get(pos, 1)
            if open_heading and pos > 0 and plan.roles[pos - 1] == HEADING_ROLE and plan.levels.get(pos - 1) == level \
                    and plan.styles.get(pos) == plan.styles.get(pos - 1) and not sections[-1].blocks \
                    and (plan.why[pos].startswith("short line") or plan.styles.get(pos) == "number_only"):
                sections[-1].heading = f"{sections[-1].heading} {b.text.strip()}"
            else:
                sections.append(Section(heading=b.text.strip(), level=level))
            open_heading = True
            rep.add(STEP, "heading", b.text, where=b.index, after=b.text,
                    reason=plan.why[pos], detail={"level": level, "style": plan.styles.get(pos)})
            continue
        open_heading = False
        text = b.text
        if plan.lead and plan.lead[0] == pos:
            fields, taken = plan.lead[1], plan.lead[2]
            byline_authors.extend(fields.authors)
            rest = text[taken:].strip()
            _merge(doc, fields, outlets)
            rep.add(STEP, "dateline", text, where=b.index, after=rest,
                    reason=f"dateline/lead {text[:taken].strip()!r} moved to metadata", detail=fields.as_dict())
            text = rest
        if plan.tail_mark and plan.tail_mark[0] == pos:
            rest = plan.tail_mark[1]
            if plan.tail_meta is not None:
                byline_authors.extend(plan.tail_meta.authors)
                _merge(doc, plan.tail_meta, outlets)
                rep.add(STEP, "end_mark", text, where=b.index, after=rest,
                        reason="end mark / reporter line moved to metadata", detail=plan.tail_meta.as_dict())
            else:
                rep.add(STEP, "end_mark", text, where=b.index, after=rest, reason="end mark removed")
            text = rest
        if not text.strip():
            continue
        kind = _KIND.get(role, PARAGRAPH)
        if role == CAPTION_ROLE:
            rep.add(STEP, "caption", text, where=b.index, after=text, reason=plan.why[pos])
            credit = credit_of(text)
            if credit and credit not in meta.credits:
                meta.credits.append(credit)
                rep.add(STEP, "credit", text, where=b.index, after=text, reason="photo credit noted in Meta.credits",
                        detail={"credits": credit})
        sections[-1].blocks.append(Paragraph(kind=kind, text=text))
    _prefer_text_byline(doc, byline_authors)
    _outlet_authors(doc, byline_authors)
    if outlets:
        if meta.outlet and meta.outlet != outlets[0] and not meta.site:
            meta.site = meta.outlet
        meta.outlet = outlets[0]
    if plan.title and not meta.title:
        meta.title = plan.title
    if plan.subtitle and not meta.subtitle:
        meta.subtitle = plan.subtitle
    sections = [s for s in sections if s.heading or s.blocks]
    return Article(title=meta.title, subtitle=meta.subtitle, authors=meta.authors, outlet=meta.outlet,
                   site=meta.site, published=meta.published, tags=meta.tags, reprint=meta.reprint,
                   sections=sections, report=rep, meta=meta, encoding=doc.encoding)


def outline(sections: list[Section]) -> list[Section]:
    """The flat, reading-order sections as a tree: each section holds the deeper ones that follow it."""
    roots: list[Section] = []
    stack: list[Section] = []
    for s in sections:
        node = replace(s, sections=[])
        while stack and stack[-1].level >= node.level:
            stack.pop()
        (stack[-1].sections if stack else roots).append(node)
        stack.append(node)
    return roots
