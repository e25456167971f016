"""Script conversion: OpenCC plus a context layer (著/着, 於 surnames, variants OpenCC's t2s leaves), and
script detection.

    convert(text, "s" | "t" | "tw" | "hk" | None)   to_simplified(text)   detect_script(text)
    convert_document(doc, config)                    the pipeline stage
"""
from __future__ import annotations

from typing import Callable, NamedTuple

from ..config import TARGETS, Config, ConvertConfig
from ..errors import InputError
from ..model import Document
from . import context
from .context import Decision
from .detect import ScriptResult, detect_script
from .tables import converter, opencc_version, simplifier, unchanged_screen

STEP = "convert"
# OpenCC config for each target; "s" is t2s plus the context layer.
OPENCC_CONFIGS = {"s": "t2s", "t": "s2t", "tw": "s2tw", "hk": "s2hk"}

__all__ = ["convert", "to_simplified", "to_simplified_explained", "convert_document", "detect_script",
           "ScriptResult", "Decision", "OPENCC_CONFIGS", "opencc_version"]


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise InputError(f"cannot convert a {type(text).__name__}: pass str")
    return text


def to_simplified_explained(text: str, context_rules: bool = True,
                            window: int = 20) -> tuple[str, list[Decision]]:
    """(simplified text, the decisions where the context layer overrode OpenCC's t2s)."""
    _check_text(text)
    if not context_rules or not text:
        plain = converter("t2s")
        return text if _screen(plain)(text) is None else plain.convert(text), []
    layer = _LAYER or _layer()
    decisions = _decisions(text, window, layer)
    if not decisions:
        return _t2s(layer, text), []
    staged, holds = context.apply(text, decisions, layer.held)
    return _restore(_t2s(layer, staged), holds), decisions


def _t2s(layer: _Layer, text: str) -> str:
    return text if layer.may_change(text) is None else layer.t2s(text)


def _screen(cc) -> Callable[[str], object]:
    """`search` of a regex class of the characters the converter could change (None: the text comes out as it
    went in); a converter whose dictionaries cannot be read gets a screen that always says convert."""
    return unchanged_screen(cc.config) or _ALWAYS


def _ALWAYS(text: str) -> bool:
    return True


def _decisions(text: str, window: int, layer: _Layer) -> list[Decision]:
    """Where the context layer overrides t2s in `text`: none on most texts, which hold no trigger character
    (a few `in` tests, C-speed: cheaper than one regex class scan)."""
    if not any(map(text.__contains__, layer.triggers)):
        return []
    chars = context.layer_chars(text, layer.checks)
    if not chars:
        return []
    held = layer.held
    # a decision that keeps a character t2s keeps anyway (著名's 著) changes nothing
    return [d for d in context.decide_at(text, chars, window) if d.output != d.char or d.char in held]


def _restore(out: str, holds: dict[str, str]) -> str:
    """Put back the characters that passed t2s as placeholders."""
    for placeholder, char in holds.items():
        out = out.replace(placeholder, char)
    return out


def _held() -> frozenset[str]:
    """Rule outputs that t2s would change again (於): they pass t2s as placeholders."""
    return (_LAYER or _layer()).held


class _Layer(NamedTuple):
    t2s: Callable[[str], str]     # OpenCC t2s, its character table holding the variants where it could
    leftovers: str                # the variants t2s leaves to the layer
    held: frozenset[str]          # rule outputs that pass t2s as placeholders
    checks: tuple                 # context.triggers(leftovers)
    triggers: tuple[str, ...]     # every character the layer looks at: a text holding none goes to t2s alone
    may_change: Callable[[str], object]   # None when t2s would return the text unchanged (most simplified text)


# Built on first use, then read on every call (a module global: to_simplified runs per block and per key).
_LAYER: _Layer | None = None


def _layer() -> _Layer:
    global _LAYER
    t2s, leftovers = simplifier()
    rules = context.load_rules()
    outputs = {out for shapes in rules.by_char.values() for _, t in shapes for out, _ in t.values()}
    outputs |= set(context.load_names().surnames)
    held = frozenset(c for c in outputs if converter("t2s").convert(c) != c)
    checks = context.triggers(leftovers)
    _LAYER = _Layer(t2s.convert, leftovers, held, checks, checks[0], _screen(t2s))
    return _LAYER


def to_simplified(text: str) -> str:
    """Simplified Chinese: OpenCC t2s with the context layer. Cached converter; fast enough for keys."""
    layer = _LAYER or _layer()
    if type(text) is str and not any(map(text.__contains__, layer.triggers)):
        # the usual text: nothing for the layer; and OpenCC only when some character could change
        return text if layer.may_change(text) is None else layer.t2s(text)
    return to_simplified_explained(text)[0]   # raises InputError for non-str


def convert(text: str, target: str | None = "s") -> str:
    """Convert to `target`: "s" simplified (t2s + context), "t" (OpenCC standard), "tw", "hk", None = keep."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS!r}, not {target!r}")
    _check_text(text)
    if target is None:
        return text
    if target == "s":
        return to_simplified(text)
    return converter(OPENCC_CONFIGS[target]).convert(text)


def _sample(doc: Document, limit: int) -> str:
    parts, n = [], 0
    for b in doc.blocks:
        if n >= limit:
            break
        parts.append(b.text[: limit - n])
        n += len(parts[-1])
    return "\n".join(parts)


def convert_document(doc: Document, config: Config) -> Document:
    """The pipeline stage: converts every block to config.target; records the OpenCC version and each change."""
    if config.target is None:
        return doc
    cc: ConvertConfig = config.convert
    script = detect_script(_sample(doc, cc.detect_sample_chars), config=cc)
    name = OPENCC_CONFIGS[config.target] + (" + context rules" if config.target == "s" and cc.context_rules else "")
    doc.report.add(STEP, "opencc_version", "", after="", reason=f"opencc {opencc_version()}, {name}",
                   detail={"opencc": opencc_version(), "config": OPENCC_CONFIGS[config.target],
                           "context_rules": cc.context_rules, "target": config.target,
                           "script": script.to_dict()})
    texts = [block.text for block in doc.blocks]
    if config.target == "s" and cc.context_rules and all(type(t) is str and "\n" not in t for t in texts):
        results = _simplify_blocks(texts, cc.context_window)
    elif config.target == "s":
        results = [to_simplified_explained(t, cc.context_rules, cc.context_window) for t in texts]
    else:
        results = [(convert(t, config.target), []) for t in texts]
    for block, (new, decisions) in zip(doc.blocks, results):
        if new == block.text:
            continue
        detail = None
        if decisions:  # where the context layer overrode OpenCC, so a reader can check it
            detail = {"context": [d.to_dict() for d in decisions[: cc.max_reported_decisions]],
                      "context_total": len(decisions)}
        doc.report.add(STEP, "convert", block.text, where=block.index, after=new, detail=detail)
        block.text = new
    _convert_meta(doc, config.target)
    return doc


# Text fields of Meta the page's head or info line filled (strip's facts are converted as they are noted).
_META_TEXT = ("title", "subtitle", "outlet", "site", "source", "editor", "original_title", "dateline")
_META_LISTS = ("authors", "tags", "credits", "title_candidates")


def _convert_meta(doc: Document, target: str) -> None:
    """Metadata in the article's script too: a traditional <title> beside a simplified body is one article.
    All values in one conversion, joined by newlines (no OpenCC key holds one): each OpenCC call after other
    work starts with its tables out of the CPU caches."""
    meta = doc.meta
    where = [(name, None) for name in _META_TEXT if isinstance(getattr(meta, name), str) and getattr(meta, name)]
    where += [(name, k) for name in _META_LISTS for k, v in enumerate(getattr(meta, name)) if isinstance(v, str)]
    values = [getattr(meta, name) if k is None else getattr(meta, name)[k] for name, k in where]
    if not values:
        return
    outs = convert("\n".join(values), target).split("\n")
    if len(outs) != len(values):   # a value holding a line break: one call per value
        outs = [convert(v, target) for v in values]
    changed: dict = {}
    for (name, k), old, new in zip(where, values, outs):
        if new == old:
            continue
        if k is None:
            setattr(meta, name, new)
            changed[name] = [old, new]
        else:
            items = getattr(meta, name)
            before = changed[name][0] if name in changed else list(items)
            items[k] = new
            changed[name] = [before, list(items)]
    if changed:
        doc.report.add(STEP, "convert_meta", "", after="", reason=f"metadata converted to {target}",
                       detail=changed)


def _simplify_blocks(texts: list[str], window: int) -> list[tuple[str, list[Decision]]]:
    """`to_simplified_explained` of every text, with one OpenCC call for all: the layer stages each text,
    then t2s converts them joined by newlines (no OpenCC key holds one, so no match crosses a text's end),
    instead of a call per block, each between two runs of Python that push OpenCC's tables out of the
    CPU caches."""
    layer = _LAYER or _layer()
    t2s, held = layer.t2s, layer.held
    staged, explained = [], []
    for text in texts:
        decisions = _decisions(text, window, layer)
        if decisions:
            text, holds = context.apply(text, decisions, held)
            explained.append((decisions, holds))
        else:
            explained.append(None)
        staged.append(text)
    joined = "\n".join(staged)
    outs = (joined if layer.may_change(joined) is None else t2s(joined)).split("\n")
    if len(outs) != len(texts):           # not expected: then one call per text, as ever
        return [to_simplified_explained(t, True, window) for t in texts]
    results = []
    for out, ex in zip(outs, explained):
        if ex is None:
            results.append((out, []))
            continue
        decisions, holds = ex
        results.append((_restore(out, holds), decisions))
    return results
