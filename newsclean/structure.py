"""Blocks -> Article: title, byline, sections, captions. First cut; deepened in issue 5."""
from __future__ import annotations

from .config import Config
from .model import BODY_KINDS, HEADING, LINE, PARAGRAPH, TITLE, Article, Document, Paragraph, Section

STEP = "structure"


def structure(doc: Document, config: Config) -> Article:
    meta = doc.meta
    blocks = list(doc.blocks)
    title = meta.title
    if title is None and blocks and blocks[0].kind in (LINE, TITLE, HEADING):
        title = blocks.pop(0).text
    sections = [Section(heading=None)]
    for b in blocks:
        if b.kind == HEADING:
            sections.append(Section(heading=b.text, level=b.level or 1))
        else:
            kind = b.kind if b.kind in BODY_KINDS else PARAGRAPH
            sections[-1].blocks.append(Paragraph(kind=kind, text=b.text))
    sections = [s for s in sections if s.heading or s.blocks]
    return Article(title=title, subtitle=meta.subtitle, authors=meta.authors, outlet=meta.outlet, site=meta.site,
                   published=meta.published, tags=meta.tags, reprint=meta.reprint, sections=sections,
                   report=doc.report, meta=meta, encoding=doc.encoding)
