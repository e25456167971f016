"""Sentence splitting for Chinese text.

Splits after 。！？… (and their ASCII forms . ! ? when they sit in Chinese context), keeps the closing
quotes and brackets that follow with their sentence, and never splits inside a number (3.14), a URL,
an e-mail address or a book title 《…》.
"""
from __future__ import annotations

import re

_ENDERS = "。！？!?…"
_CLOSERS = "”’」』）)】〕》\"'"
# Spans that are never split: URLs, e-mail, domain-like tokens, book titles (bounded, so an
# unclosed 《 cannot swallow a paragraph).
_ATOMIC = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|《[^《》\n]{0,80}》"
)


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\u3000" <= c <= "\u303f" \
        or "\uff00" <= c <= "\uffef" or c in "“”‘’"


def _protected(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _ATOMIC.finditer(text):
        a, b = m.span()
        # a trailing ASCII period of a protected token may still end the sentence ("见www.a.cn.")
        if text[b - 1] == "." and b - a > 1:
            b -= 1
        for i in range(a, b):
            mask[i] = True
    return mask


def _ends_here(text: str, i: int) -> bool:
    c = text[i]
    if c in "。！？…":
        return True
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if c in "!?":
        # ASCII ! and ? end a sentence when Chinese text is on either side
        return _is_cjk(prev) or _is_cjk(nxt) or prev in _CLOSERS
    if c == ".":
        if prev.isdigit() and nxt.isdigit():
            return False
        if nxt.isascii() and nxt.isalnum():
            return False
        return _is_cjk(prev) or (prev in _CLOSERS and prev != "")
    return False


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, closing quotes/brackets kept with the sentence they close."""
    if not text:
        return []
    mask = _protected(text)
    out: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if not mask[i] and text[i] in _ENDERS + "." and _ends_here(text, i):
            j = i + 1
            # runs of enders (？！, ……, ...) and then closers stay together
            while j < n and not mask[j] and (text[j] in _ENDERS or text[j] == "."):
                j += 1
            while j < n and text[j] in _CLOSERS and _closes(text, start, j):
                j += 1
            piece = text[start:j].strip()
            if piece:
                out.append(piece)
            start = j
            i = j
            continue
        i += 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _closes(text: str, start: int, j: int) -> bool:
    """A closer at j belongs to the sentence; an ASCII quote only if it closes one opened in it."""
    c = text[j]
    if c in "\"'":
        return text.count(c, start, j) % 2 == 1
    return True
