"""Which copy of a cluster is kept: mirror hosts, and the ranking of copies by the configured rules."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from ..config import DedupeConfig


@lru_cache(maxsize=1)
def _mirror_patterns() -> tuple[re.Pattern, ...]:
    text = resources.files("newsclean.data").joinpath("dedupe_mirror_hosts.txt").read_text(encoding="utf-8")
    return tuple(re.compile(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def looks_like_mirror(site_or_url: str | None) -> bool:
    """Whether a host (or URL) has the shape of a spam-mirror site."""
    if not site_or_url:
        return False
    s = site_or_url.strip().lower()
    host = urlsplit(s if "//" in s else "//" + s).hostname or ""
    return bool(host) and any(p.search(host) for p in _mirror_patterns())


@dataclass
class _Doc:
    id: str
    order: int
    norm_len: int
    sh: Any
    problems: int
    date: str | None
    host: str | None
    sig: Any = None


def _rank(doc: _Doc, config: DedupeConfig, longest: int) -> tuple:
    """Sort key within a cluster whose longest body has `longest` characters: smaller is better."""
    key: list = []
    for rule in config.keep:
        if rule == "problems":
            key.append(doc.problems)
        elif rule == "length":
            # within length_tolerance of the cluster's longest counts as full length (ties)
            key.append(0.0 if doc.norm_len * config.length_tolerance >= longest else longest / max(doc.norm_len, 1))
        elif rule == "date":
            key.append((doc.date is None, doc.date or ""))
        elif rule == "mirror":
            key.append(looks_like_mirror(doc.host))
        elif rule == "order":
            key.append(doc.order)
    key.append(doc.order)
    return tuple(key)
