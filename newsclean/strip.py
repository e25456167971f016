"""Spam lines and page chrome. First cut; deepened in issue 10."""
from __future__ import annotations

from .config import Config
from .model import Document

STEP = "strip"


def strip(doc: Document, config: Config) -> Document:
    if not config.strip.enabled:
        return doc
    return doc
