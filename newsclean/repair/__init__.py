"""The repair stage, per block: mojibake, invisible/control characters, pinyin annotations, punctuation.

Mojibake comes first: UTF-8 read as Latin-1 holds C1 controls (U+0080–U+009F) that are its bytes, so the
control-character cleanup must not see them before. It also comes before annotation stripping: an annotation orphaned by a lost byte (``?shù)倪_``) is the
clue that puts the byte back, and the byte-level repairs need the text exactly as garbled. The pinyin
step then removes the intact spam annotations; the damaged ones it hands back are reported. Every garble
left (lost bytes, U+FFFD, 烫烫烫) is a problem with its block index, and its block is flagged "garbled"
so that a later stage can prefer a cleaner copy of the paragraph.
"""
from __future__ import annotations

import re
import unicodedata

from ..config import AnnotationConfig, Config
from ..model import Document
from .mentions import talks_about_encoding
from .mojibake import apply_plan, fix_mojibake, is_suspicious, pair_directions, repair_mojibake
from .pinyin import strip_annotations
from .unicode import ASCII_MARKS, CONTROL_CHARS, INVISIBLE_CHARS, fix_chinese_punctuation, fix_unicode

STEP = "repair"
GARBLED = "garbled"

__all__ = ["GARBLED", "STEP", "apply_plan", "fix_mojibake", "repair", "repair_mojibake"]


def _annotations(text: str, config: AnnotationConfig):
    """(text, removed annotations, damaged ones left for the mojibake report) from the pinyin step."""
    new, fixes = strip_annotations(text, explain=True, config=config)
    return new, list(fixes), list(fixes.damaged)


def _whole_block(doc: Document, where: int, text: str, fix, action: str, reason: str) -> str:
    """Applies a text -> text fix to a block's text, reporting the change (old and new text) if any."""
    new = fix(text)
    if new != text:
        doc.report.add(STEP, action, text, where=where, after=new, reason=reason)
    return new


# A character some step acts on: invisible and control characters, the ASCII marks made full-width, and
# the brackets strip_annotations looks for (it leaves text without one alone).
_ACTED_ON = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}{ASCII_MARKS}()（）]")


def _plain(text: str, rc) -> bool:
    """Nothing in `text` for any step to change or report (most blocks): the steps are skipped."""
    return not _ACTED_ON.search(text) and unicodedata.is_normalized("NFC", text) and not is_suspicious(text, rc)


def repair(doc: Document, config: Config) -> Document:
    rc = config.repair
    about: list[bool] = []

    def about_encoding() -> bool:
        """Does the page talk about encodings anywhere (its title or any block)? Asked once, and only when a
        garble was found: an article about 锟斤拷 names its subject in one paragraph and quotes it in another."""
        if not about:
            about.append(talks_about_encoding("\n".join(b.text for b in doc.blocks), rc))
        return about[0]

    todo = [b for b in doc.blocks if not _plain(b.text, rc)]
    results = {}
    if rc.mojibake:
        results = {id(b): repair_mojibake(b.text, rc, about_encoding=about_encoding) for b in todo}
        # GBK<->Big5 garble repaired somewhere on the page is evidence for its short blocks (a garbled table's
        # cells, one per line: 青岛 read as Big5 is ч絢, 无 is 拸), which are too short to be judged alone.
        directions = list(dict.fromkeys(d for r in results.values() for d in pair_directions(r.fixes)))
        if directions:
            for b in doc.blocks:
                # (A short garble can pass the clean-text screen: 南昌 read as Big5 is 鰍荻, two "common" characters.)
                if len(b.text.strip()) > rc.pair_context_block_chars or (
                        id(b) in results and pair_directions(results[id(b)].fixes)):
                    continue
                res = repair_mojibake(b.text, rc, about_encoding=about_encoding, pair_context=directions,
                                      screen=False)
                if id(b) in results or res.fixes:
                    results[id(b)] = res
            todo = [b for b in doc.blocks if id(b) in results]
    for block in todo:
        text = block.text
        where = block.index
        garbled = False
        if rc.mojibake:
            res = results[id(block)]
            for f in res.fixes:
                doc.report.add(STEP, "fix_mojibake", f.before, where=where, after=f.after, reason=f.kind,
                               detail={"plan": [list(s) for s in f.plan], "start": f.start, "end": f.end})
            for g in res.garbles:
                doc.report.problem(STEP, g.kind, g.text, where)
            garbled = bool(res.garbles)
            text = res.text
        if rc.unicode:
            text = _whole_block(doc, where, text, fix_unicode, "fix_unicode",
                                "invisible or control characters removed, NFC")
        if rc.annotations:
            new, removed, damaged = _annotations(text, config.annotations)
            for f in removed:
                doc.report.add(STEP, "strip_annotation", f.before, where=where, after=f.after,
                               reason=getattr(f, "reason", None) or "spam pinyin annotation")
            reported = {g.text for g in res.garbles} if rc.mojibake else set()
            for f in damaged:
                if not any(f.before in r or r in f.before for r in reported):
                    doc.report.problem(STEP, "damaged_annotation", f.before, where)
                garbled = True
            text = new
        if rc.chinese_punctuation:
            text = _whole_block(doc, where, text, fix_chinese_punctuation, "fix_punctuation",
                                "ASCII punctuation inside Chinese text made full-width")
        if garbled:
            block.flags.add(GARBLED)
        block.text = text
    return doc
