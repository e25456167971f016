"""Script conversion: OpenCC plus a context layer (著/着, 於 surnames, variants OpenCC's t2s leaves), and
script detection.

    convert(text, "s" | "t" | "tw" | "hk" | None)   to_simplified(text)   detect_script(text)
    convert_document(doc, config)                    the pipeline stage
"""
from __future__ import annotations

from functools import lru_cache

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
    t2s, with_variants = simplifier()
    held = _held()
    # a decision that keeps a character t2s keeps anyway (著名's 著) changes nothing
    decisions = [d for d in context.decide(text, window, not with_variants) if d.output != d.char or d.char in held]
    if not decisions:
        return t2s.convert(text), []
    staged, holds = context.apply(text, decisions, held)
    out = t2s.convert(staged)
    for placeholder, char in holds.items():
        out = out.replace(placeholder, char)
    return out, decisions


@lru_cache(maxsize=1)
def _held() -> frozenset[str]:
    """Rule outputs that t2s would change again (於): they pass t2s as placeholders."""
    rules = context.load_rules()
    outputs = {out for shapes in rules.by_char.values() for _, t in shapes for out, _ in t.values()}
    outputs |= set(context.load_names().surnames)
    return frozenset(c for c in outputs if converter("t2s").convert(c) != c)


@lru_cache(maxsize=1)
def _fast() -> tuple:
    """(converter, strings whose presence calls for the context layer): looked up once for the fast path.

    A character whose every rule names a neighbour (甚: only [甚]麼) needs that pair, not the character."""
    t2s, with_variants = simplifier()
    rules, surnames = context.load_rules(), context.load_names().surnames
    needles = []
    for char in context._trigger(not with_variants):
        near = rules.neighbours.get(char)
        if near is None or char in surnames:
            needles.append(char)
        else:
            needles += [left + char for left in near[0]] + [char + right for right in near[1]]
    return t2s, tuple(needles)


def to_simplified(text: str) -> str:
    """Simplified Chinese: OpenCC t2s with the context layer. Cached converter; fast enough for keys."""
    t2s, needles = _fast()
    if type(text) is str:
        for needle in needles:          # most texts hold none of the few characters the layer looks at
            if needle in text:
                return to_simplified_explained(text)[0]
        return t2s.convert(text)
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
    for block in doc.blocks:
        if config.target == "s":
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
