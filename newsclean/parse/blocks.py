"""The article container -> blocks in reading order, dropping the chrome boxes that sit inside it.

Inside the container a box is dropped when its tag is chrome (nav, aside, footer, form), its class/id says chrome,
it is mostly link text, or its whole (short) text is a chrome phrase. A "related articles"/"comments" heading past
the middle of the article ends it. Every dropped box keeps its text in the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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


def _linked_sentence(el) -> bool:
    """A paragraph whose sentence ends outside its links ("…有<a>1197名困难学生</a>有望获得爱心运动鞋。"): prose
    with keyword links, not a list of links (a list's text outside links is labels and separators)."""
    if el.tag != "p" or not len(el):
        return False
    last = (el[-1].tail or "").rstrip()
    return last.endswith(_SENTENCE_END)


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
        text = norm_text("".join(self._parts))
        ctx = self._ctx
        bold = self._chars > 0 and self._bold_chars >= self._chars
        self._parts, self._ctx, self._bold_chars, self._chars = [], None, 0, 0
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
                    ctx = _Ctx(ctx.kind, ctx.level, ctx.bold, ctx.caption, tag)
                stack.append((_EXIT, el, ctx, None))
            elif tag in _BOLD and not ctx.bold:
                ctx = _Ctx(ctx.kind, ctx.level, True, ctx.caption, ctx.tag)
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
