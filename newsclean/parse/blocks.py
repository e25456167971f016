"""The article container -> blocks in reading order, dropping the chrome boxes that sit inside it.

Inside the container a box is dropped when its tag is chrome (nav, aside, footer, form), its class/id says chrome,
it is mostly link text, or its whole (short) text is a chrome phrase. A "related articles"/"comments" heading past
the middle of the article ends it. Every dropped box keeps its text in the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..config import HtmlConfig
from ..model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, Block
from .content import Stats
from .dom import BLOCK_TAGS, CHROME_TAGS, HEADINGS, chrome_phrases, count_punct, element_hint, norm_text, text_of

_BOLD = frozenset({"b", "strong"})
_CAPTION_NAME = re.compile(r"caption|(?:pic|img|image|photo|tu)[-_]?(?:text|txt|info|desc|title|note|zhu)|desc", re.I)
_FILE_LIKE = re.compile(r"^[\w\-. ]+\.(?:jpe?g|png|gif|webp|bmp)$|^(?:img|image|pic|photo|图片|图像)\d*$", re.I)
_SIZE = re.compile(r"\d+")
_ENTER, _TAIL, _EXIT = "enter", "tail", "exit"


_SENTENCE_END = tuple("。！？!?")
_LABEL_END = tuple(":：")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2}")   # words going on after a link, not a separator or a date
_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.I)
_PARA_END = tuple("。！？!?”」』…")


def _pre_paragraphs(raw: str) -> list[str]:
    """Preformatted text (<pre>, white-space:pre-wrap) split at its line breaks into paragraphs: at a blank line,
    after a line ending a sentence, or before an indented line. Other breaks are hard wraps inside a paragraph
    and are joined as norm_text joins them."""
    if "\n" not in raw and "\r" not in raw:
        return [raw]
    out: list[list[str]] = [[]]
    prev = ""
    for line in raw.replace("\r", "\n").split("\n"):
        if not line.strip():
            if out[-1]:
                out.append([])
            prev = ""
            continue
        indented = line[:1] in ("\u3000", "\t") or line.startswith("  ")
        if out[-1] and (prev.endswith(_PARA_END) or indented):
            out.append([])
        out[-1].append(line)
        prev = line.rstrip()
    return ["\n".join(p) for p in out if p]


def _linked_sentence(el) -> bool:
    """A paragraph whose sentence ends outside its links ("…有<a>1197名困难学生</a>有望获得爱心运动鞋。"), or runs
    on in words right after a link ("会上，<a>某某基金会</a>与承办方签约<a>…。</a>"): prose with keyword links, not
    a list of links (a list's text outside links is labels and separators: "相关阅读：", "|", "、", dates)."""
    if el.tag != "p" or not len(el):
        return False
    last = (el[-1].tail or "").rstrip()
    if last.endswith(_SENTENCE_END):
        return True
    lead = (el.text or "").strip()
    return bool(lead) and not lead.endswith(_LABEL_END) and any(
        child.tag == "a" and _HAN_RUN.match(child.tail or "") for child in el)


def _opens_with_link(el, min_chars: int) -> bool:
    """The item's first text is a link of at least min_chars characters (a teaser's linked headline)."""
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            if node.tag == "a":
                return len("".join(text_of(node).split())) >= min_chars
            if node.text and not node.text.isspace():
                return False
        elif node is not el and node.tail and not node.tail.isspace():
            return False
    return False


def _teaser_list(stats: Stats, i: int, config: HtmlConfig) -> bool:
    """A box of repeated items (teasers, other articles' cards) most of which open with a linked headline:
    another article's title and summary, never this article's text, wherever it stands in the container."""
    items = stats.items.get(i, ())
    hits = sum(_opens_with_link(stats.els[k], config.teaser_title_chars) for k in items)
    return len(items) >= 3 and 3 * hits >= 2 * len(items)


@dataclass
class Dropped:
    text: str
    reason: str
    el: object = None   # the dropped element, when a whole box went


@dataclass
class _Ctx:
    kind: str = PARAGRAPH
    level: int = 0
    bold: bool = False
    caption: bool = False
    tag: str | None = None     # the block element the text sits in
    pre: bool = False          # inside <pre> or white-space:pre*: the source's line breaks are the layout


@dataclass
class Linearizer:
    stats: Stats
    config: HtmlConfig
    container_punct: int
    blocks: list[Block] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)
    _ctx: _Ctx | None = None
    _bold_chars: int = 0
    _chars: int = 0
    _after_image: bool = False
    _emitted_punct: int = 0
    _stopped: bool = False

    # -- text accumulation ------------------------------------------------------------------------------------
    def _add(self, text: str | None, ctx: _Ctx) -> None:
        if not text:
            return
        if self._ctx is None:
            if not text.strip():
                return
            self._ctx = ctx
        self._parts.append(text)
        n = len(text.strip())
        self._chars += n
        if ctx.bold:
            self._bold_chars += n

    def flush(self) -> None:
        if self._ctx is None:
            return
        ctx = self._ctx
        if ctx.pre:
            paras = _pre_paragraphs("".join(self._parts))
            if len(paras) > 1:
                self._parts = [paras[-1]]
                for para in paras[:-1]:
                    self._emit(norm_text(para), ctx, False)
        text = norm_text("".join(self._parts))
        bold = self._chars > 0 and self._bold_chars >= self._chars
        self._parts, self._ctx, self._bold_chars, self._chars = [], None, 0, 0
        self._emit(text, ctx, bold)

    def _emit(self, text: str, ctx: _Ctx, bold: bool) -> None:
        """One block (a paragraph of a preformatted box is one too)."""
        if not text:
            return
        kind = CAPTION if ctx.caption and ctx.kind == PARAGRAPH else ctx.kind
        flags = set()
        if bold:
            flags.add("bold")
        self._emitted_punct += count_punct(text)
        if self._after_image:
            flags.add("after_image")
            self._after_image = False
        self.blocks.append(Block(text=text, kind=kind, tag=ctx.tag, level=ctx.level, flags=flags))

    # -- decisions ----------------------------------------------------------------------------------------------
    def _drop_reason(self, el, i: int) -> str | None:
        s, cfg = self.stats, self.config
        big = self.container_punct and s.punct[i] >= cfg.keep_share * self.container_punct
        if el.tag in CHROME_TAGS and not big:
            return f"<{el.tag}> inside the article"
        hint = s.hint[i] if s.score[i] else (element_hint(el) if el.get("class") or el.get("id") else 0)
        if hint < 0 and not big:
            return f"class/id names page chrome ({(el.get('class') or '')} {(el.get('id') or '')})".replace(" )", ")")
        if el.tag == "a" and 0 < s.chars[i] <= cfg.chrome_max_chars and el.getnext() is None \
                and not (el.tail or "").strip() and not big:
            # A link closing its paragraph whose text is a chrome phrase: a "back to the home page" button.
            text = norm_text(text_of(el))
            if chrome_phrases()[0].match(text):
                return "page-chrome link ending a paragraph"
        if el.tag not in BLOCK_TAGS:  # inline boxes, links included, are part of their paragraph
            return None
        if i in s.listy and not big and _teaser_list(s, i, cfg):
            return "a teaser list (repeated items, each opening with a linked headline)"
        if s.chars[i] and s.link[i] / s.chars[i] > cfg.max_link_density and s.punct[i] < 3 and not big \
                and not _linked_sentence(el):
            return f"link list ({s.link[i]}/{s.chars[i]} characters are links)"
        if 0 < s.chars[i] <= cfg.chrome_max_chars:
            text = norm_text(text_of(el))
            drop, tail = chrome_phrases()
            if tail.match(text) and self._emitted_punct >= cfg.tail_min_share * self.container_punct:
                self._stopped = True
                return f"'{text}' starts the page trailer (related items, comments)"
            if drop.match(text):
                return "page-chrome phrase"
        return None

    def _image(self, el, ctx: _Ctx) -> None:
        if el.get("src") is None and el.get("data-src") is None and el.get("data-original") is None:
            return self._drop_alt(el, "alt text of an image without a source")
        for attr in ("width", "height"):
            m = _SIZE.match(el.get(attr) or "")
            if m and int(m.group()) < self.config.min_image_px:
                return self._drop_alt(el, "alt text of a small image (icon)")
        if self._ctx is not None:  # an image inside a running line of text is an inline picture
            return self._drop_alt(el, "alt text of an inline picture")
        self._after_image = True
        alt = norm_text(el.get("alt") or el.get("title") or "")
        if len(alt) >= self.config.alt_caption_chars and not _FILE_LIKE.match(alt):
            self.blocks.append(Block(text=alt, kind=CAPTION, tag="img", flags={"alt"}))

    def _drop_alt(self, el, reason: str) -> None:
        alt = el.get("alt") or el.get("title")
        if alt and not alt.isspace():
            self.dropped.append(Dropped(norm_text(alt), reason))

    # -- the walk -----------------------------------------------------------------------------------------------
    def walk(self, root, ctx: _Ctx, top: bool = False) -> None:
        """Document order with an explicit stack: broken pages nest thousands deep (lxml's huge_tree allows it)."""
        stack: list[tuple] = [(_ENTER, root, ctx, top)]
        while stack:
            op, el, ctx, extra = stack.pop()
            if op is _TAIL:
                if self._stopped:
                    if el.tail and el.tail.strip():
                        self.dropped.append(Dropped(norm_text(el.tail), "after the page trailer started"))
                else:
                    self._add(el.tail, ctx)
                continue
            if op is _EXIT:
                self.flush()
                continue
            if self._stopped:
                self.record(el, "after the page trailer started")
                continue
            tag = el.tag
            if not isinstance(tag, str):
                continue
            i = self.stats.pos.get(el)
            if i is None:
                continue
            if not extra:
                reason = self._drop_reason(el, i)
                if reason:
                    self.record(el, reason)
                    continue
            if tag == "br":
                self.flush()
                continue
            if tag == "img":
                self._image(el, ctx)
                continue
            block = tag in BLOCK_TAGS
            if block:
                self.flush()
                ctx = self._context(el, ctx)
                if ctx.tag != tag:
                    ctx = _Ctx(ctx.kind, ctx.level, ctx.bold, ctx.caption, tag, ctx.pre)
                stack.append((_EXIT, el, ctx, None))
            elif tag in _BOLD and not ctx.bold:
                ctx = _Ctx(ctx.kind, ctx.level, True, ctx.caption, ctx.tag, ctx.pre)
            self._add(el.text, ctx)
            for child in reversed(el):
                stack.append((_TAIL, child, ctx, None))
                stack.append((_ENTER, child, ctx, False))

    def _context(self, el, ctx: _Ctx) -> _Ctx:
        tag = el.tag
        if tag in HEADINGS:
            return _Ctx(HEADING, HEADINGS[tag], ctx.bold, False)
        if tag == "li" and ctx.kind != QUOTE:
            return _Ctx(LIST_ITEM, 0, ctx.bold, ctx.caption)
        if tag == "blockquote":
            return _Ctx(QUOTE, 0, ctx.bold, False)
        if tag in ("figcaption", "caption"):
            return _Ctx(ctx.kind, ctx.level, ctx.bold, True)
        name = f"{el.get('class') or ''} {el.get('id') or ''}"
        if name.strip() and _CAPTION_NAME.search(name):
            return _Ctx(ctx.kind, ctx.level, ctx.bold, True)
        if not ctx.pre:
            style = el.get("style")
            if tag == "pre" or style and "pre" in style and _PRE_STYLE.search(style):
                return _Ctx(ctx.kind, ctx.level, ctx.bold, ctx.caption, ctx.tag, True)
        return ctx

    def record(self, el, reason: str) -> None:
        text = norm_text(text_of(el))
        if text:
            self.dropped.append(Dropped(text, reason, el))


def rescue(lin: Linearizer, stats: Stats, config: HtmlConfig) -> Linearizer:
    """When the walk kept no prose but dropped a box holding sentences (an article box whose class says
    "video", inside a container that also holds many comments), that box is the article: walk it instead."""
    if lin._emitted_punct:   # any sentence kept: a short flash stays itself, whatever its page drops
        return lin
    pos, punct = stats.pos, stats.punct
    boxes = [d for d in lin.dropped if d.el is not None and d.el in pos]
    if not boxes:
        return lin
    best = max(boxes, key=lambda d: punct[pos[d.el]])
    if punct[pos[best.el]] < config.rescue_min_punct:
        return lin
    again = linearize([best.el], stats, config)
    # what the first walk kept goes too, and is reported like every removal
    kept = [Dropped(b.text, "outside the box walked as the article (the first walk found no prose)")
            for b in lin.blocks]
    again.dropped[:0] = kept + [d for d in lin.dropped if d is not best]
    return again


def linearize(container: list, stats: Stats, config: HtmlConfig) -> Linearizer:
    punct = sum(stats.punct[stats.pos[e]] for e in container if e in stats.pos)
    lin = Linearizer(stats, config, punct)
    for el in container:
        lin.walk(el, _Ctx(), top=True)
        lin.flush()
    _settle_alt_captions(lin.blocks)
    return lin


def _settle_alt_captions(blocks: list[Block]) -> None:
    """An alt text is a caption only when the page shows no caption of its own right after the picture."""
    keep = []
    for k, b in enumerate(blocks):
        if "alt" in b.flags:
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if nxt is not None and "after_image" in nxt.flags and (
                    b.text in nxt.text or nxt.text in b.text or nxt.kind == CAPTION):
                continue
            if nxt is not None and "alt" in nxt.flags:
                continue
        keep.append(b)
    blocks[:] = keep
