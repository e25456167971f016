"""Repair plans: the encode/decode steps that undo one garbled span, replayable like ftfy's.

A plan is a list of ``(operation, argument)`` pairs, applied left to right to a string:

- ``("encode", codec)``: str -> bytes, strictly (``sloppy-windows-1252`` and the other ftfy codecs work too)
- ``("encode_holes", codec)``: str -> bytes, each U+FFFD written as the byte 0xFF, which no codec here
  decodes, so the hole stays a U+FFFD after decoding
- ``("encode_filled", "codec|b5,-,a3")``: str -> bytes, the U+FFFDs in turn become the listed bytes (hex;
  ``-`` = still unknown, 0xFF): the lost bytes a repair guessed
- ``("decode", codec)``: bytes -> str, strictly
- ``("decode_holes", codec)``: bytes -> str, each undecodable byte becomes U+FFFD (the lost bytes)
- ``("replace_bytes", "OLD>NEW")``: bytes -> bytes, hex strings; puts back a byte a lost-byte garble ate
- ``("skip_bytes", "N")``: bytes -> bytes, drops the first N bytes (the half of a character whose other
  half was lost; the caller keeps a marker for it)
- ``("transcode", name)`` / ``("apply", name)``: ftfy's fixers, as in ``ftfy.apply_plan``
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class MojibakeFix:
    """One repaired span. `start`/`end` index the text as it was when this fix was applied (fixes apply in order)."""

    start: int
    end: int
    before: str
    after: str
    plan: list = field(default_factory=list)
    kind: str = ""

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252 and friends

HOLE_BYTE = b"\xff"


@lru_cache(maxsize=200_000)
def char_bytes(ch: str, codec: str) -> bytes | None:
    """`ch` encoded by `codec` (U+FFFD as the hole byte), or None; cached: texts repeat their characters."""
    if ch == "\ufffd":
        return HOLE_BYTE
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


def apply_plan(text: str, plan) -> str:
    """Replays `plan` (from ``fix_mojibake(..., explain=True)``) on `text`: the span's `before` gives its `after`."""
    obj: str | bytes = text
    for operation, arg in plan:
        if operation == "encode":
            obj = obj.encode(arg)  # type: ignore[union-attr]
        elif operation == "encode_holes":
            obj = b"".join(HOLE_BYTE if c == "\ufffd" else c.encode(arg) for c in obj)  # type: ignore[union-attr]
        elif operation == "encode_filled":
            codec, _, fills = arg.partition("|")
            queue = iter(fills.split(",") if fills else [])
            obj = b"".join((HOLE_BYTE if (x := next(queue)) == "-" else bytes.fromhex(x)) if c == "\ufffd"
                           else c.encode(codec) for c in obj)  # type: ignore[union-attr]
        elif operation == "decode":
            obj = obj.decode(arg)  # type: ignore[union-attr]
        elif operation == "decode_holes":
            obj = obj.decode(arg, errors="replace")  # type: ignore[union-attr]
        elif operation == "replace_bytes":
            old, _, new = arg.partition(">")
            obj = obj.replace(bytes.fromhex(old), bytes.fromhex(new), 1)  # type: ignore[union-attr]
        elif operation == "skip_bytes":
            obj = obj[int(arg):]
        elif operation in ("transcode", "apply"):
            if arg not in ftfy.FIXERS:
                raise ValueError(f"unknown function in plan: {arg!r}")
            obj = ftfy.FIXERS[arg](obj)
        else:
            raise ValueError(f"unknown plan step: {operation!r}")
    if not isinstance(obj, str):
        raise ValueError("plan does not end with a decode step")
    return obj
