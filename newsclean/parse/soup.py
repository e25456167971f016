"""A BeautifulSoup tree -> an lxml tree, node by node, without serialising the soup back to HTML.

Scrapers often hold a BeautifulSoup object already; str(soup) then re-parsing costs more than walking the soup once
(measured in benchmarks/extract.py). Comments, doctypes and processing instructions are left out.
"""
from __future__ import annotations

import re

from lxml import etree

_NAME_OK = re.compile(r"^[A-Za-z_][\w.\-]*$")
# Never article text (the parse stage removes them too); not building them saves most of the walk on script-heavy
# pages. <script> is kept only for JSON-LD metadata.
_SKIP = frozenset({"style", "noscript", "svg", "template", "iframe", "canvas", "math", "object", "embed", "select",
                   "button", "textarea"})


def soup_to_lxml(soup):
    """Returns the root <html> element of an lxml tree holding the soup's elements and text."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    skip = (Comment, Declaration, Doctype, ProcessingInstruction)
    root = etree.Element("html")
    # (lxml parent, bs4 node children iterator, last lxml child)
    stack = [(root, iter(soup.contents))]
    last: list = [None]
    while stack:
        parent, it = stack[-1]
        node = next(it, None)
        if node is None:
            stack.pop()
            last.pop()
            continue
        if isinstance(node, Tag):
            name = node.name.lower() if node.name else "span"
            if name in _SKIP or (name == "script" and (node.get("type") or "").lower() != "application/ld+json"):
                continue  # dropped by the parse stage anyway; only JSON-LD scripts carry metadata
            if not _NAME_OK.match(name):
                name = "span"
            if name == "html" and parent is root and len(stack) == 1 and not len(root):
                el = root  # the soup's own <html> becomes the root
                _set_attrs(el, node.attrs)
                stack.append((el, iter(node.contents)))
                last.append(None)
                continue
            el = etree.SubElement(parent, name)
            _set_attrs(el, node.attrs)
            last[-1] = el
            stack.append((el, iter(node.contents)))
            last.append(None)
        elif isinstance(node, NavigableString) and not isinstance(node, skip):
            text = str(node)
            prev = last[-1]
            if prev is None:
                parent.text = (parent.text or "") + text
            else:
                prev.tail = (prev.tail or "") + text
    return root


def _set_attrs(el, attrs: dict) -> None:
    for k, v in attrs.items():
        if isinstance(v, list):
            v = " ".join(v)
        try:
            el.set(k, v if isinstance(v, str) else str(v))
        except (ValueError, TypeError):  # names or control characters lxml refuses
            continue
