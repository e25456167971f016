"""Script conversion: OpenCC plus a context layer (著/着, 於 surnames, variants OpenCC's t2s leaves), and
script detection.

    convert(text, "s" | "t" | "tw" | "hk" | None)   to_simplified(text)   detect_script(text)
    convert_document(doc, config)                    the pipeline stage
"""
from __future__ import annotations

from ..config import TARGETS, Config, ConvertConfig
from ..errors import InputError
from ..model import Document
from . import context
from .context import Decision
from .detect import ScriptResult, detect_script
from .tables import converter, opencc_version, simplifier

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
        return converter("t2s").convert(text), []
    state = _STATE or _state()
    if len(text) < context.SHORT and state[4](text) is None:
        return state[0](text), []                       # no trigger char: straight to OpenCC
    chars = context.layer_chars(text, state[3])
    if not chars:
        return state[0](text), []
    return _with_layer(text, chars, window, state)


def _with_layer(text: str, chars: list[str], window: int, state: tuple) -> tuple[str, list[Decision]]:
    t2s, held = state[0], state[2]
    # a decision that keeps a character t2s keeps anyway (著名's 著) changes nothing
    decisions = [d for d in context.decide_at(text, chars, window) if d.output != d.char or d.char in held]
    if not decisions:
        return t2s(text), []
    staged, holds = context.apply(text, decisions, held)
    out = t2s(staged)
    for placeholder, char in holds.items():
        out = out.replace(placeholder, char)
    return out, decisions


def _held() -> frozenset[str]:
    """Rule outputs that t2s would change again (於): they pass t2s as placeholders."""
    return (_STATE or _state())[2]


# (t2s convert, the variants it leaves to the layer, held characters, trigger checks, trigger search): built
# on first use, then read on every call (a module global: to_simplified runs per block and per key elsewhere)
_STATE: tuple | None = None


def _state() -> tuple:
    global _STATE
    t2s, leftovers = simplifier()
    rules = context.load_rules()
    outputs = {out for shapes in rules.by_char.values() for _, t in shapes for out, _ in t.values()}
    outputs |= set(context.load_names().surnames)
    held = frozenset(c for c in outputs if converter("t2s").convert(c) != c)
    checks = context.triggers(leftovers)
    _STATE = (t2s.convert, leftovers, held, checks, checks[1].search)
    return _STATE


def to_simplified(text: str) -> str:
    """Simplified Chinese: OpenCC t2s with the context layer. Cached converter; fast enough for keys."""
    if type(text) is str:
        state = _STATE or _state()
        if len(text) < context.SHORT and state[4](text) is None:
            return state[0](text)                       # most short texts: no trigger char, straight to OpenCC
        chars = context.layer_chars(text, state[3])
        if not chars:
            return state[0](text)
        return _with_layer(text, chars, 20, state)[0]
    return to_simplified_explained(text)[0]  # raises InputError for non-str


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
    quick = config.target == "s" and cc.context_rules
    if quick:   # most blocks are short lines with no character the layer decides: straight to OpenCC
        state = _STATE or _state()
        t2s, search, short = state[0], state[4], context.SHORT
    for block in doc.blocks:
        text = block.text
        if quick and type(text) is str and len(text) < short and search(text) is None:
            new, decisions = t2s(text), None
        elif config.target == "s":
            new, decisions = to_simplified_explained(block.text, cc.context_rules, cc.context_window)
        else:
            new, decisions = convert(block.text, config.target), []
        if new == block.text:
            continue
        detail = None
        if decisions:  # where the context layer overrode OpenCC, so a reader can check it
            detail = {"context": [d.to_dict() for d in decisions[: cc.max_reported_decisions]],
                      "context_total": len(decisions)}
        doc.report.add(STEP, "convert", block.text, where=block.index, after=new, detail=detail)
        block.text = new
    return doc
