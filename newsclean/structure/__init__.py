"""Blocks -> Article: title, subtitle, byline and dateline, sections with nested headings, captions.

Data flow inside the stage (one module per step):
  title.py     the title (and its printed duplicates), the subtitle
  byline.py    byline / source / editor / date lines at the head and tail, the dateline opening the lead
  classify.py  each body block -> heading (with numbering style), caption, paragraph, list item, quote
  build.py     sections from the headings, nested by numbering; the Article
"""
from __future__ import annotations

from ..config import Config
from ..model import Article, Document
from .build import build_article, outline
from .classify import Plan, plan_document

STEP = "structure"

__all__ = ["Plan", "outline", "plan_document", "structure"]


def structure(doc: Document, config: Config) -> Article:
    """The structure stage: decides every block's role, moves metadata lines to fields, builds sections."""
    plan = plan_document(doc, config.structure)
    return build_article(doc, plan)
