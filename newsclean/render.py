"""Article -> Markdown."""
from __future__ import annotations

from .model import CAPTION, LIST_ITEM, QUOTE, Article


def to_markdown(article: Article) -> str:
    out: list[str] = []
    if article.title:
        out.append(f"# {article.title}")
    if article.subtitle:
        out.append(f"*{article.subtitle}*")
    byline = " · ".join(x for x in [", ".join(article.authors), article.outlet, article.site, article.published] if x)
    if byline:
        out.append(f"> {byline}")
    for s in article.sections:
        if s.heading:
            out.append("#" * min(6, s.level + 1) + f" {s.heading}")
        for b in s.blocks:
            if b.kind == CAPTION:
                out.append(f"*[{b.text}]*")
            elif b.kind == LIST_ITEM:
                out.append(f"- {b.text}")
            elif b.kind == QUOTE:
                out.append(f"> {b.text}")
            else:
                out.append(b.text)
    if article.tags:
        out.append("Tags: " + ", ".join(article.tags))
    return "\n\n".join(out) + "\n"
