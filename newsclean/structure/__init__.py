"""Blocks -> Article: title, subtitle, byline and dateline, sections with nested headings, captions.

Data flow inside the stage (one module per step):
  title.py     the title (and its printed duplicates), the subtitle
  byline.py    byline / source / editor / date lines at the head and tail, the dateline opening the lead
  classify.py  each body block -> heading (with numbering style), caption, paragraph, list item, quote
  build.py     sections from the headings, nested by numbering; the Article
"""
from __future__ import annotations

from dataclasses import replace

from ..config import Config
from ..model import Article, Document
from .build import build_article, outline
from .classify import Plan, plan_document

STEP = "structure"

__all__ = ["Plan", "outline", "plan_document", "structure"]


def structure(doc: Document, config: Config) -> Article:
    """The structure stage: decides every block's role, moves metadata lines to fields, builds sections."""
    if config.target == "s":
        plan = plan_document(doc, config.structure)
    else:
        plan = _plan_on_simplified(doc, config)
    return build_article(doc, plan)


def _plan_on_simplified(doc: Document, config: Config) -> Plan:
    """Labels, patterns and word lists are simplified: decide on a simplified shadow of the blocks, then
    give every value taken from the text back its characters in the document's own script."""
    from ..convert import to_simplified

    shadow_blocks = [replace(b, text=to_simplified(b.text), flags=set(b.flags)) for b in doc.blocks]
    m = doc.meta
    shadow_meta = replace(m, title=to_simplified(m.title) if m.title else None, authors=list(m.authors),
                          tags=list(m.tags), credits=list(m.credits),
                          title_candidates=[to_simplified(t) for t in m.title_candidates])
    plan = plan_document(Document(blocks=shadow_blocks, meta=shadow_meta), config.structure)

    def back(value, pos):
        if not value or pos is None:
            return value
        orig, simp = doc.blocks[pos].text, shadow_blocks[pos].text
        a = simp.find(value)
        if a >= 0 and len(orig) == len(simp):
            return orig[a: a + len(value)]
        from ..convert import convert
        return convert(value, config.target) if config.target else value

    def fields_back(f, pos):
        for name in ("outlet", "source", "editor", "original_title", "dateline"):
            setattr(f, name, back(getattr(f, name), pos))
        f.authors = [back(a, pos) for a in f.authors]
        f.credits = [back(c, pos) for c in f.credits]

    for pos, f in plan.meta.items():
        fields_back(f, pos)
    if plan.lead:
        pos, f, taken = plan.lead
        fields_back(f, pos)
        if len(doc.blocks[pos].text) != len(shadow_blocks[pos].text):
            plan.lead = None  # offsets would not carry over: leave the paragraph whole
    if plan.tail_mark:
        pos, rest = plan.tail_mark
        plan.tail_mark = (pos, doc.blocks[pos].text.rstrip()[: len(rest)] if len(doc.blocks[pos].text) ==
                          len(shadow_blocks[pos].text) else _convert_back(rest, config.target))
        if plan.tail_meta is not None:
            fields_back(plan.tail_meta, pos)
    roles = plan.roles
    if m.title:
        plan.title = m.title
    elif "title" in roles:
        plan.title = doc.blocks[roles.index("title")].text
    elif plan.title:
        plan.title = _convert_back(plan.title, config.target)
    if "subtitle" in roles:
        plan.subtitle = doc.blocks[roles.index("subtitle")].text.strip().lstrip("—- ").strip()
    return plan


def _convert_back(text, target):
    from ..convert import convert

    return convert(text, target) if target else text
