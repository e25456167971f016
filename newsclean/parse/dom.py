"""Small DOM helpers shared by the HTML modules: hint and phrase data, text normalisation, per-element text stats."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lxml import etree

# Tags whose content is never article text.
JUNK_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset", "object", "embed",
    "canvas", "audio", "video", "source", "track", "select", "option", "optgroup", "button", "input", "textarea",
    "link", "meta", "head", "map", "area", "dialog",
})
# Junk tags whose text a reader may see (fallbacks, form fields, templates): dropped, but reported with their text.
TEXT_JUNK_TAGS = frozenset({"noscript", "template", "select", "option", "optgroup", "textarea", "button", "dialog",
                            "iframe", "object", "canvas", "audio", "video"})
# Tags that are chrome wherever they stand inside an article container.
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu"})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "pre", "hr", "center", "address", "form", "fieldset", "body", "html", "details",
    "summary", "menu",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Sentence punctuation: the strongest single signal that a text is prose, not chrome.
PUNCT = frozenset("，。！？；：、“”‘’「」…,.!?;")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SPLIT_NAME = re.compile(r"[\s\-_:.]+|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Hints:
    neg_tokens: frozenset[str]
    neg_substr: tuple[str, ...]
    pos_tokens: frozenset[str]
    pos_substr: tuple[str, ...]
    weak_tokens: frozenset[str] = frozenset()   # chrome only when no article word stands beside them


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("newsclean.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def hints() -> Hints:
    sets: dict[tuple[str, str], list[str]] = {("neg", "token"): [], ("neg", "substr"): [], ("pos", "token"): [],
                                              ("pos", "substr"): [], ("weakneg", "token"): []}
    for row in _data_lines("html_hints.tsv"):
        token, kind, match = row[0].strip().lower(), row[1].strip(), row[2].strip()
        sets[(kind, match)].append(token)
        if match == "substr":  # a substring hint also hits the bare token
            sets[(kind, "token")].append(token)
    return Hints(frozenset(sets[("neg", "token")]), tuple(sets[("neg", "substr")]),
                 frozenset(sets[("pos", "token")]), tuple(sets[("pos", "substr")]),
                 frozenset(sets[("weakneg", "token")]))


@lru_cache(maxsize=1)
def chrome_phrases() -> tuple[re.Pattern, re.Pattern]:
    """(drop, tail) regexes, each one alternation anchored at the start of an element's text."""
    drop, tail = [], []
    for row in _data_lines("html_chrome.tsv"):
        (tail if row[1].strip() == "tail" else drop).append(f"(?:{row[0]})")
    return re.compile("|".join(drop)), re.compile("|".join(tail))


@lru_cache(maxsize=1)
def _substr_patterns() -> tuple[re.Pattern | None, re.Pattern | None]:
    """One alternation each for the neg and pos substrings (none holds a separator, so searching the tokens
    joined by spaces finds exactly the substrings inside a token)."""
    h = hints()
    return tuple(re.compile("|".join(map(re.escape, subs))) if subs else None for subs in (h.neg_substr, h.pos_substr))


@lru_cache(maxsize=4096)
def name_hint(name: str) -> int:
    """-1 for a chrome name, +1 for an article-body name, 0 otherwise; chrome wins when both appear, except a
    weak chrome word ("more-content": the rest of a folded article is not a "more" link box)."""
    h = hints()
    tokens = [t.lower() for t in _SPLIT_NAME.split(name) if t]
    joined = " ".join(tokens)
    neg_re, pos_re = _substr_patterns()
    if not h.neg_tokens.isdisjoint(tokens) or (neg_re is not None and neg_re.search(joined)):
        return -1
    if not h.pos_tokens.isdisjoint(tokens) or (pos_re is not None and pos_re.search(joined)):
        return 1
    if not h.weak_tokens.isdisjoint(tokens):
        return -1
    return 0


def element_hint(el) -> int:
    cls, eid = el.get("class"), el.get("id")
    if not cls and not eid:
        return 0
    return name_hint(f"{cls or ''} {eid or ''}")


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if not style:
        return False
    low = style.lower()
    return ("none" in low or "hidden" in low) and bool(_HIDDEN_STYLE.search(low))


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))




def norm_text(text: str) -> str:
    """Collapse whitespace. A line break between two CJK characters is source formatting and disappears; a space
    typed between them (names, fields: "何苗 张梦洁") stays one space."""
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    # Line by line (2-3x faster than regexes over the whole text): each line's whitespace collapsed, blank lines
    # gone, a break between two CJK characters joined without a space.
    parts: list[str] = []
    prev = ""
    cjk = _CJK.match
    for line in text.replace("\r", "\n").split("\n"):
        if not line or line.isspace():
            continue
        line = " ".join(line.split())
        if prev:
            parts.append("" if cjk(prev) and cjk(line) else " ")
        parts.append(line)
        prev = line[-1]
    return "".join(parts)


_PUNCT_RE = re.compile("[" + re.escape("".join(sorted(PUNCT))) + "]")


def count_punct(text: str) -> int:
    return len(_PUNCT_RE.findall(text))


def count_chars(text: str | None) -> tuple[int, int]:
    """(visible characters, sentence punctuation) in a text node. C-speed: split/join and a regex (translate with a
    deletion table is ~5x slower on Chinese text)."""
    if not text:
        return 0, 0
    vis = "".join(text.split())
    if not vis:
        return 0, 0
    return len(vis), len(_PUNCT_RE.findall(vis))


def remove(el) -> None:
    """Remove an element but keep its tail text in the flow (lxml's tail belongs to the element)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def text_of(el) -> str:
    """All text under an element, without its tail (lxml's C serialiser: ~10x faster than joining itertext)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def is_element(el) -> bool:
    return isinstance(el.tag, str)


COMMENT_TYPES = (etree._Comment, etree._ProcessingInstruction, etree._Entity)
