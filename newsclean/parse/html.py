"""HTML (str, bytes or a BeautifulSoup object) -> the article's blocks plus page metadata.

Steps, in order: build an lxml tree (a soup is walked node by node, not re-serialised); read the head's metadata;
drop scripts, styles, forms and hidden boxes; score every element by its text statistics (parse/content.py); take
the best container; read the info line under the headline; walk the container into blocks (parse/blocks.py).
"""
from __future__ import annotations

import re
import threading
from typing import Any

from lxml import etree

from ..config import Config, HtmlConfig
from ..errors import InputError
from ..model import TITLE, Block, Document
from .blocks import linearize, rescue
from .content import analyse, boost_after_title, choose_container, record_lists
from .dom import JUNK_TAGS, TEXT_JUNK_TAGS, count_chars, is_hidden, norm_text, remove, text_of
from .meta import _NOT_NAME, agrees, choose_title, gather, read_page_meta

STEP = "parse"
_LOCAL = threading.local()  # lxml parsers must not be shared between threads


def _parser(for_str: bool):
    key = "str_parser" if for_str else "bytes_parser"
    p = getattr(_LOCAL, key, None)
    if p is None:
        # Plain etree elements: lxml.html's element-class lookup costs ~2 ms a page and nothing here needs it.
        # huge_tree: without it libxml2 stops at depth 255 and silently drops the rest of a badly nested page.
        # collect_ids=False: nothing looks elements up by id, and the id table costs ~5 % of the parse.
        p = etree.HTMLParser(encoding=None if for_str else "utf-8", remove_comments=True, remove_pis=True,
                             huge_tree=True, collect_ids=False)
        setattr(_LOCAL, key, p)
    return p


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})\b[^>]*>")
# Tags that keep their place however deep: they carry the article's blocks (a <p> does not nest in a <p>).
_KEEP_DEEP = frozenset({"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "img", "hr", "pre", "figcaption",
                        "title", "meta", "html", "head", "body"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "param", "source",
                   "track", "wbr"})


def flatten_deep(html: str, max_depth: int) -> str:
    """The page with the tags opened beyond max_depth (and their matching end tags) left out, in one pass:
    text stays where it was, only the redundant wrappers go."""
    out: list[str] = []
    depth, last = 0, 0
    dropped: dict[str, int] = {}
    for m in _TAG.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        if not closing:
            if depth >= max_depth and name not in _KEEP_DEEP:
                dropped[name] = dropped.get(name, 0) + 1
            else:
                depth += 1
                continue
        elif dropped.get(name):
            dropped[name] -= 1
        else:
            depth = max(0, depth - 1)
            continue
        out.append(html[last:m.start()])
        last = m.end()
    out.append(html[last:])
    return "".join(out)


def _too_deep(parser) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def build_tree(source: Any, max_depth: int = 1000):
    """An lxml root element for HTML given as str, bytes (UTF-8) or a BeautifulSoup object."""
    if isinstance(source, str):
        data = source
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif type(source).__module__.startswith("bs4"):
        from .soup import soup_to_lxml

        return soup_to_lxml(source)
    else:
        raise InputError(f"cannot parse a {type(source).__name__} as HTML")
    try:
        # A str is parsed as is (lxml ignores its <meta charset>); bytes are taken as UTF-8.
        root = etree.fromstring(data, parser=_parser(isinstance(data, str)))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        try:  # e.g. lone surrogates in a str
            root = etree.fromstring(data.encode("utf-8", "replace") if isinstance(data, str) else data,
                                    parser=_parser(False))
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
            raise InputError(f"not parseable as HTML: {e}") from None
    parser = _parser(isinstance(data, str))
    if _too_deep(parser):   # libxml2 stopped at its depth limit and dropped the rest of the page
        flat = flatten_deep(data if isinstance(data, str) else data.decode("utf-8", "replace"), max_depth)
        try:
            root = etree.fromstring(flat, parser=_parser(True))
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
            raise InputError(f"not parseable as HTML: {e}") from None
    if root is None:
        raise InputError("not parseable as HTML: no elements")
    return root




_LINK_TEXT = etree.XPath("//a//text()", smart_strings=False)
# Elements that can be hidden: their `style` and `hidden` attributes, found in C (attribute axes are ~2x faster
# than a predicate on every element); each value's .getparent() is its element.
_MAY_HIDE = etree.XPath("descendant-or-self::*/@style | descendant-or-self::*/@hidden")


def _prune(root, config: HtmlConfig, report=None) -> list:
    """Removes junk tags and comments, and hidden boxes unless one holds most of the page's prose (some pages,
    WeChat's among them, hide the whole article until a script shows it). Returns the elements left, in
    document order (analyse() reads them)."""
    if report is not None:
        shown: dict[str, list[str]] = {}
        for el in root.iter(*TEXT_JUNK_TAGS):
            if any(a.tag in JUNK_TAGS for a in el.iterancestors()):
                continue   # inside a junk box: goes with it, unseen
            text = norm_text(text_of(el))
            if text:
                shown.setdefault(el.tag, []).append(text)
        for tag, texts in shown.items():   # one entry per kind: fallback and form text a reader may have seen
            report.add(STEP, "drop_fallback_text", " ".join(texts),
                       reason=f"text inside <{tag}> (script fallback, form field or template), not article text")
    # In C, keeping each removed element's tail in the flow.
    etree.strip_elements(root, *JUNK_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    hidden = [el for el in dict.fromkeys(a.getparent() for a in _MAY_HIDE(root)) if is_hidden(el)]
    total = None
    gone: set = set()
    for el in hidden:
        if el.getparent() is None or (gone and any(a in gone for a in el.iterancestors())):
            continue  # inside a box already removed
        text = text_of(el)
        punct = count_chars(text)[1]
        if punct >= config.min_hidden_check_punct:
            if total is None:  # the page's sentence punctuation outside links
                total = count_chars(text_of(root))[1] - count_chars("".join(_LINK_TEXT(root)))[1]
            if punct >= config.keep_share * total:
                continue
        text = norm_text(text)
        if text and report is not None:
            report.add(STEP, "drop_hidden", text, reason="hidden element (display:none, visibility:hidden)")
        gone.add(el)
        remove(el)
    return list(root.iter(etree.Element))   # after the removals: no filtering of a longer list


_MAX_HEADLINE_CANDIDATES = 40
_TITLE_BOX = etree.XPath("//*[contains(@class, 'title') or contains(@class, 'Title')]")


def _title_index(stats, title: str | None) -> int | None:
    """The element showing the headline: an <h1>-<h3>, else a *title* box, whose text agrees with the title."""
    if not title:
        return None
    limit = 3 * len(title)
    pos = stats.pos
    heads = [pos[e] for e in stats.els[0].iter("h1", "h2", "h3") if e in pos] if stats.els else []
    for group in (heads, None):
        if group is None and stats.els:
            group = sorted(stats.pos[e] for e in _TITLE_BOX(stats.els[0].getroottree()) if e in stats.pos)
        for i in group or ():
            if 0 < stats.chars[i] <= limit and agrees(norm_text(text_of(stats.els[i])), title):
                return i
    # No heading box: a short element showing the headline alone (old table pages set it in <font><b>); the
    # first one in reading order, outside links (a teaser may repeat the headline further down). Its length
    # is close to the headline's; only the first few such elements are read (the headline is near the top).
    size = len("".join(title.split()))
    low, high = size * 3 // 4, size * 3 // 2
    cands = [i for i, c, k in zip(range(len(stats.chars)), stats.chars, stats.link) if low <= c <= high and not k]
    for i in cands[:_MAX_HEADLINE_CANDIDATES]:
        if stats.tags[i] not in ("title", "body", "html") and agrees(norm_text(text_of(stats.els[i])), title):
            return i
    return None


def _add_lines(lines: list[str], texts, max_chars: int | None = None) -> None:
    """Each non-empty text (an element's text or tail) as one line, its whitespace runs made single spaces:
    the gaps separate the fields of an info line."""
    for t in texts:
        text = " ".join((t or "").split())
        if text and (max_chars is None or len(text) <= max_chars):
            lines.append(text)


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _info_lines(stats, start: int | None, limit: int = 40, title: str | None = None) -> list[str]:
    """Short text lines right after the headline element, up to the first prose paragraph."""
    if start is None:
        return []
    end = min(len(stats.els), start + 1 + limit)
    parent = stats.parent
    # The headline's own descendants, by position (they follow it in document order): a heading's are its
    # badges and buttons; a *title* box's are read, it may hold the date line under the headline.
    inside = {start} if stats.tags[start] in _HEADING_TAGS else set()
    lines = []
    box = not inside
    for i in range(start + 1, end):
        if parent[i] in inside:
            inside.add(i)
            continue
        el = stats.els[i]
        parts = (el.text, el.tail)
        if box and title and el.text and agrees(el.text.strip(), title):
            parts = (el.tail,)   # the headline itself, inside its box: a date in it is not the page's
        if stats.punct[i] >= 3 and stats.chars[i] > 60:
            if stats.texts[i][1] or not len(el):
                break
            # A wrapper of the prose (a forum post's box, an article box holding its own info line): read on
            # inside it; its tail comes after the prose.
            parts = (el.text,)
        _add_lines(lines, parts)
    return lines


def _info_before(stats, anchor: int | None, limit: int = 12) -> list[str]:
    """Short text lines just before the headline (or the article): a date or source box printed above it.
    Stops at prose or a link list (another article's teasers); link text itself is not read."""
    if anchor is None:
        return []
    els, chars, punct, link, parent = stats.els, stats.chars, stats.punct, stats.link, stats.parent
    around, j = set(), parent[anchor]
    while j >= 0:   # the anchor's ancestors, by position (no element proxies)
        around.add(j)
        j = parent[j]
    lines = []
    for i in range(anchor - 1, max(-1, anchor - 1 - limit), -1):
        if i in around:
            continue
        el = els[i]
        if (punct[i] >= 3 and chars[i] > 60) or (chars[i] > 20 and link[i] > chars[i] / 2):
            break
        _add_lines(lines, (el.tail, None if el.tag == "a" else el.text))
    return lines[::-1]


def _lines_after(container: list, limit: int = 30) -> list[str]:
    """Short text lines right after the article container (a "发布于 …" line under the body)."""
    if not container:
        return []
    lines = []
    for el in _following(container[-1], limit):
        _add_lines(lines, (el.text, el.tail), max_chars=60)
    return lines


def _rel_authors(stats, anchor: int | None, before: int = 12, after: int = 40) -> list[str]:
    """The text of <a rel="author"> links (HTML's link type for the article's author) around the headline:
    a byline stands next to it, and a look at ~50 elements costs nothing (an XPath over the page ~0.5 ms)."""
    if anchor is None:
        return []
    out = []
    tags, els = stats.tags, stats.els
    for i in range(max(0, anchor - before), min(len(els), anchor + after)):
        if tags[i] == "a" and "author" in (els[i].get("rel") or "").lower().split():
            name = norm_text(text_of(els[i]))
            if name and len(name) <= 20 and not _NOT_NAME.search(name) and name not in out:
                out.append(name)
    return out[:3]


def _following(el, limit: int = 30):
    """The first `limit` elements after el in document order (XPath's following axis, without building it whole)."""
    n = 0
    node = el
    while node is not None:
        for sib in node.itersiblings():
            for d in sib.iter(etree.Element):
                yield d
                n += 1
                if n >= limit:
                    return
        node = node.getparent()
_EDITOR = re.compile(r"(?:责任编辑|责编)\s*[:：]\s*([^\s)）】\]]{2,20})")


def _editor_after(container: list) -> str | None:
    """The editor line just after the article container (pages print it under the body, outside it)."""
    if not container:
        return None
    for el in _following(container[-1]):
        if el.text and ("编" in el.text):
            m = _EDITOR.search(el.text)
            if m:
                return m.group(1)
    return None


def parse_html(source: Any, config: Config) -> Document:
    cfg = config.html
    root = build_tree(source, cfg.max_depth)
    doc = Document(blocks=[], is_html=True)
    pm = read_page_meta(root, not isinstance(source, str) or "itemprop" in source)
    els = _prune(root, cfg, doc.report)
    stats = analyse(root, cfg, els)
    choice = choose_title(pm)
    title = choice.title
    title_at = _title_index(stats, title)
    boost_after_title(stats, title_at, cfg)
    records = record_lists(stats, title_at, cfg)
    if records:   # rare (comment-heavy pages): score the page again without them
        for el in records:
            doc.report.add(STEP, "drop_chrome", norm_text(text_of(el)),
                           reason="a list of records (comments, replies) after the article's start")
            remove(el)
        stats = analyse(root, cfg, list(root.iter(etree.Element)))
        title_at = _title_index(stats, title)
        boost_after_title(stats, title_at, cfg)
    container = choose_container(stats, cfg, title_at)
    anchor = title_at if title_at is not None else (stats.pos.get(container[0]) if container else None)
    found = gather(pm, _info_lines(stats, title_at, title=title), choice, _info_before(stats, anchor),
                   lambda: _lines_after(container))
    meta = doc.meta
    meta.title_candidates = found.title.candidates
    if found.title.confident:
        meta.title = title
    if not found.authors:   # HTML's own author link near the headline, when nothing else names one
        found.authors = _rel_authors(stats, anchor)
    meta.site, meta.authors, meta.published, meta.tags = found.site, found.authors, found.published, found.tags
    if found.source:
        meta.source = found.source
    editor = _editor_after(container)
    if editor:
        meta.editor = editor

    lin = rescue(linearize(container, stats, cfg), stats, cfg)
    blocks = lin.blocks
    # The headline is metadata, not body: drop it from the top of the body (or mark it when unsure).
    for k, b in enumerate(blocks[:3]):
        if title and agrees(b.text, title) and len(b.text) <= 2 * len(title):
            if meta.title:
                doc.report.add(STEP, "title_to_meta", b.text, reason="the headline, kept as the article title")
                del blocks[k]
            else:
                b.kind = TITLE
            break
    if not meta.title and title and not any(b.kind == TITLE for b in blocks):
        blocks.insert(0, Block(text=title, kind=TITLE, tag="title"))
    for i, b in enumerate(blocks):
        b.index = i
    doc.blocks = blocks
    for d in lin.dropped:
        doc.report.add(STEP, "drop_chrome", d.text, reason=d.reason)
    if cfg.report_outside:
        _report_outside(doc, container)
    _flag_replacement_chars(doc, source, stats)
    return doc


def _report_outside(doc: Document, container: list) -> None:
    """Every text box outside the container, kept in the report so the removal can be undone."""
    if not container:
        return
    inside = set(container)
    node = container[0]
    path = []
    while node is not None:
        path.append(node)
        node = node.getparent()
    on_path = set(path)
    for anc in path[1:]:
        for child in anc:
            if child in on_path or child in inside or not isinstance(child.tag, str):
                continue
            text = norm_text(text_of(child))
            if text:
                doc.report.add(STEP, "outside_article", text, reason="outside the article container")


def _flag_replacement_chars(doc: Document, source: Any, stats) -> None:
    # `in` first: it finds a single character with memchr, ~10x faster than count() on a page without one
    n = source.count("\ufffd") if isinstance(source, str) and "\ufffd" in source else 0
    if not n and not isinstance(source, str):
        n = sum((t or "").count("\ufffd") for el in stats.els for t in (el.text, el.tail))
    if not n:
        return
    where = next((b.index for b in doc.blocks if "\ufffd" in b.text), None)
    sample = doc.blocks[where].text if where is not None else ""
    at = sample.find("\ufffd")
    context = sample[max(0, at - 15): at + 15] if at >= 0 else ""
    doc.report.problem(STEP, "replacement_char",
                       f"the page source already contains {n} U+FFFD replacement character(s)"
                       + (f": …{context}…" if context else " (outside the article text)"), where)
