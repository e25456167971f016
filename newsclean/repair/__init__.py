"""Per-block repairs, in order: invisible/control characters, mojibake, pinyin annotations, punctuation."""
from __future__ import annotations

from ..config import Config
from ..model import Document
from .mojibake import fix_mojibake
from .pinyin import strip_annotations
from .unicode import fix_unicode, fix_chinese_punctuation

STEP = "repair"


def repair(doc: Document, config: Config) -> Document:
    rc = config.repair
    for block in doc.blocks:
        text = block.text
        if rc.unicode:
            text = fix_unicode(text)
        if rc.mojibake:
            text, fixes = fix_mojibake(text, explain=True)
            for f in fixes:
                doc.report.add(STEP, "fix_mojibake", f.before, where=block.index, after=f.after,
                               detail={"plan": f.plan})
        if rc.annotations:
            text = strip_annotations(text)
        if rc.chinese_punctuation:
            text = fix_chinese_punctuation(text)
        if text != block.text:
            doc.report.add(STEP, "repair", block.text, where=block.index, after=text)
            block.text = text
    return doc
