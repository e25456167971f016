"""Article -> Markdown: title, subtitle, a byline line, headings by level, captions marked, tags."""
from __future__ import annotations

import re

from .model import CAPTION, LIST_ITEM, QUOTE, Article

# Characters that would turn a paragraph into Markdown syntax when they open a line.
_LINE_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,}|\|)")
_INLINE = re.compile(r"([\\`*_\[\]<])")


def _escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return "\\" + text if _LINE_START.match(text) else text


def byline(article: Article) -> str:
    """'孟雯 · 奇点Journal · 2025-12-10 · 北京' — who, for whom, when, where."""
    meta = article.meta
    parts = ["、".join(article.authors), article.outlet,
             article.site if article.site and article.site != article.outlet else None,
             article.published, meta.dateline]
    return " · ".join(p for p in parts if p)


def to_markdown(article: Article) -> str:
    out: list[str] = []
    if article.title:
        out.append(f"# {_escape(article.title)}")
    if article.subtitle:
        out.append(f"**{_escape(article.subtitle)}**")
    line = byline(article)
    if line:
        out.append(f"*{_escape(line)}*")
    for s in article.sections:
        if s.heading:
            out.append("#" * min(6, s.level + 1) + f" {_escape(s.heading)}")
        for b in s.blocks:
            text = _escape(b.text)
            if b.kind == CAPTION:
                out.append(f"*{text}*")  # a caption: a line of its own in italics, as under a picture
            elif b.kind == LIST_ITEM:
                out.append(f"- {text}")
            elif b.kind == QUOTE:
                out.append(f"> {text}")
            else:
                out.append(text)
    notes = []
    meta = article.meta
    if meta.original_title:
        notes.append(f"Original title: {_escape(meta.original_title)}")
    if meta.source and meta.source != article.outlet:
        notes.append(f"Source: {_escape(meta.source)}")
    if meta.editor:
        notes.append(f"Editor: {_escape(meta.editor)}")
    if article.reprint:
        notes.append("Reprint")
    if article.tags:
        notes.append("Tags: " + ", ".join(f"`{t}`" for t in article.tags))
    if notes:
        out.append("---")
        out.append("  \n".join(notes))
    return "\n\n".join(out) + "\n"
