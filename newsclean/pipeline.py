"""Runs the stages in data-flow order; nothing else."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .config import Config
from .convert import convert_document
from .decode import decode
from .errors import InputError
from .model import Article
from .parse import parse
from .repair import repair
from .repeats import remove_repeats
from .strip import strip
from .structure import structure


def _to_source(raw: Any, config: Config, name: str | None, http_charset: str | None):
    """bytes -> str via decode; str and BeautifulSoup pass through. Returns (source, encoding)."""
    if isinstance(raw, memoryview | bytearray):
        raw = bytes(raw)
    if isinstance(raw, bytes):
        if len(raw) > config.max_bytes:
            raise InputError(f"input is {len(raw):,} bytes, over Config.max_bytes={config.max_bytes:,}", name)
        if not raw or raw.isspace():   # not strip(): it copies the whole page
            raise InputError("input is empty", name)
        kind = _binary_kind(raw)
        if kind:
            raise InputError(f"input is {kind} data, not a page (decompress or extract it first)", name)
        decoded = decode(raw, http_charset=http_charset, config=config.decode, name=name)
        return decoded.text, decoded.encoding
    if isinstance(raw, str):
        if len(raw) > config.max_bytes:
            raise InputError(f"input is {len(raw):,} characters, over Config.max_bytes={config.max_bytes:,}", name)
        if not raw or raw.isspace():   # not strip(): it copies the whole page
            raise InputError("input is empty", name)
        return raw, None
    if _is_soup(raw):
        return raw, None
    raise InputError(
        f"cannot clean a {type(raw).__name__}: pass bytes, str (text or HTML) or a BeautifulSoup object", name
    )


# File signatures of formats that are never a page: a crawl holds them under .html names (a saved
# gzip response, an image) and decoding them "succeeds" as UTF-16 or Big5 garbage.
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"),
          (b"PK\x03\x04", "zip"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
          (b"%PDF-", "PDF"), (b"\x00\x00\x01\x00", "icon"), (b"wOF2", "font"), (b"wOFF", "font"))


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if raw[:4] == b"RIFF" and raw[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return raw[8:12].decode().strip()
    return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates cannot be encoded or parsed: make them U+FFFD and count them for the report."""
    try:
        text.encode("utf-8")   # C speed; only a text holding a surrogate fails (5x faster than the regex)
        return text, 0
    except UnicodeEncodeError:
        return _LONE_SURROGATE.subn("\ufffd", text)


@lru_cache(maxsize=1)
def _default_config() -> Config:
    """One shared default: Config and its stage configs are frozen, and building them costs ~0.1 ms a page."""
    return Config()


def _is_soup(obj: Any) -> bool:
    return type(obj).__module__.startswith("bs4") and hasattr(obj, "find_all")


def clean(raw: Any, config: Config | None = None, *, name: str | None = None,
          http_charset: str | None = None) -> Article:
    """Clean one page (bytes, text, HTML or a BeautifulSoup object) into an Article."""
    config = config or _default_config()
    source, encoding = _to_source(raw, config, name, http_charset)
    surrogates = 0
    if isinstance(raw, str):   # text decoded here holds none: Python's decoders reject lone surrogates
        source, surrogates = _replace_surrogates(source)
    doc = parse(source, config, name=name)
    doc.encoding = encoding
    if surrogates:
        doc.report.problem("decode", "lone_surrogate", f"{surrogates} lone surrogate(s) replaced by U+FFFD")
    doc = repair(doc, config)
    doc = strip(doc, config)
    doc = remove_repeats(doc, config)
    doc = convert_document(doc, config)
    article = structure(doc, config)
    if not article.text.strip() and not article.title:
        raise InputError("no article text left after cleaning", name)
    return article
