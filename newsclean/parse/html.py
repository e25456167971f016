"""HTML -> blocks. First cut: lxml, drop scripts/styles/nav, one block per text element. Deepened in issue 4."""
from __future__ import annotations

from typing import Any

import lxml.html
from lxml import etree

from ..config import Config
from ..model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block, Document

_DROP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg", "button", "select"}
_BLOCK = {"p": PARAGRAPH, "h1": HEADING, "h2": HEADING, "h3": HEADING, "h4": HEADING, "li": LIST_ITEM,
          "blockquote": QUOTE, "figcaption": CAPTION}


def _tree(source: Any):
    if isinstance(source, str):
        return lxml.html.document_fromstring(source.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    return lxml.html.document_fromstring(str(source))  # BeautifulSoup object


def parse_html(source: Any, config: Config) -> Document:
    root = _tree(source)
    doc = Document(blocks=[], is_html=True)
    title = root.findtext(".//title")
    if title:
        doc.meta.title_candidates.append(title.strip())
    for el in list(root.iter(etree.Element)):
        if el.tag in _DROP:
            el.drop_tree()
    for el in root.iter(*_BLOCK):
        text = " ".join(el.text_content().split())
        if text:
            level = int(el.tag[1]) if el.tag in ("h1", "h2", "h3", "h4") else 0
            doc.blocks.append(Block(text=text, kind=_BLOCK[el.tag], index=len(doc.blocks), tag=el.tag, level=level))
    return doc
