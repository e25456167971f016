"""str or BeautifulSoup -> blocks. Plain text by lines; HTML via parse.html."""
from __future__ import annotations

import re
from typing import Any

from ..config import Config
from ..model import Document
from .text import parse_text

_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|article|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def parse(source: Any, config: Config, name: str | None = None) -> Document:
    if isinstance(source, str) and not looks_like_html(source):
        doc = parse_text(source)
    else:
        from .html import parse_html

        doc = parse_html(source, config)
    doc.name = name
    return doc
