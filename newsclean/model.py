"""Plain data that flows through the stages: blocks in, an Article out."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Kinds a block can have while it flows through the stages.
LINE = "line"            # plain-text line, not yet classified
PARAGRAPH = "paragraph"
HEADING = "heading"
CAPTION = "caption"
LIST_ITEM = "list_item"
QUOTE = "quote"
TITLE = "title"          # the page's own title (<title>, <h1>)

# Kinds an output block may have (the JSON contract).
BODY_KINDS = (PARAGRAPH, CAPTION, LIST_ITEM, QUOTE)


@dataclass
class Block:
    """One unit of text every stage works on."""

    text: str
    kind: str = LINE
    index: int = 0                 # position in the parsed input, stable across stages
    tag: str | None = None         # HTML tag it came from, None for plain text
    level: int = 0                 # heading level (1 = top) once known
    flags: set[str] = field(default_factory=set)  # e.g. "after_image", "bold", "garbled"


@dataclass
class Fix:
    """One change a stage made: enough to explain it and to undo it."""

    step: str                      # decode, parse, repair, strip, repeats, convert, structure
    action: str                    # e.g. "remove_spam", "fix_mojibake", "convert"
    text: str                      # the removed or original text
    where: int | None = None       # block index
    after: str | None = None       # the replacement, when the text was changed, not removed
    reason: str | None = None      # why, in words a user reads
    detail: dict[str, Any] | None = None  # step-specific data (plan, copy used, …)

    def to_dict(self) -> dict[str, Any]:
        # Field by field, not asdict(): its deep copy was ~90 % of serialising an article (batch output).
        d = {k: v for k, v in vars(self).items() if v is not None}
        if "detail" in d:
            d["detail"] = dict(d["detail"])
        return d


@dataclass
class Problem:
    """Something newsclean found and could not fix."""

    step: str
    kind: str                      # e.g. "lossy_mojibake", "replacement_char"
    text: str
    where: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    fixes: list[Fix] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, step: str, action: str, text: str, **kw: Any) -> None:
        self.fixes.append(Fix(step, action, text, **kw))

    def problem(self, step: str, kind: str, text: str, where: int | None = None) -> None:
        self.problems.append(Problem(step, kind, text, where))

    def removed(self) -> list[Fix]:
        return [f for f in self.fixes if f.after is None]


@dataclass
class Meta:
    """Facts about the article gathered on the way; becomes Article fields."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    site: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    reprint: bool = False
    source: str | None = None          # 来源
    editor: str | None = None          # 责任编辑
    original_title: str | None = None  # 原标题
    dateline: str | None = None        # place of a dateline, e.g. 北京
    credits: list[str] = field(default_factory=list)  # photographers, illustrators (摄, 漫画)
    title_candidates: list[str] = field(default_factory=list)  # <title>, og:title, h1 …


@dataclass
class Document:
    """The work in progress handed from stage to stage."""

    blocks: list[Block]
    meta: Meta = field(default_factory=Meta)
    report: Report = field(default_factory=Report)
    encoding: str | None = None
    is_html: bool = False
    name: str | None = None         # the input's name, for messages


@dataclass
class Paragraph:
    kind: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text}


@dataclass
class Section:
    heading: str | None
    blocks: list[Paragraph] = field(default_factory=list)
    level: int = 1
    sections: list["Section"] = field(default_factory=list)  # deeper sections, only in Article.outline()

    def to_dict(self) -> dict[str, Any]:
        d = {"heading": self.heading, "level": self.level, "blocks": [b.to_dict() for b in self.blocks]}
        if self.sections:
            d["sections"] = [s.to_dict() for s in self.sections]
        return d


@dataclass
class Article:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    site: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    reprint: bool = False
    sections: list[Section] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    meta: Meta = field(default_factory=Meta)
    encoding: str | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for s in self.sections for b in s.blocks]

    @property
    def text(self) -> str:
        """The body as plain text: headings and blocks, one per line."""
        lines: list[str] = []
        for s in self.sections:
            if s.heading:
                lines.append(s.heading)
            lines.extend(b.text for b in s.blocks)
        return "\n".join(lines)

    def sentences(self) -> list[str]:
        from .sentences import split_sentences

        return [s for p in self.paragraphs for s in split_sentences(p.text)]

    def outline(self) -> list[Section]:
        """Sections nested by heading level (Article.sections stays flat, in reading order)."""
        from .structure import outline

        return outline(self.sections)

    def keywords(self, k: int = 10) -> list[str]:
        from .keywords import extract_keywords

        return extract_keywords(self.text, k)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "outlet": self.outlet,
            "site": self.site,
            "published": self.published,
            "tags": list(self.tags),
            "reprint": self.reprint,
            "source": self.meta.source,
            "editor": self.meta.editor,
            "original_title": self.meta.original_title,
            "dateline": self.meta.dateline,
            "encoding": self.encoding,
            "sections": [s.to_dict() for s in self.sections],
            "text": self.text,
            "problems": [p.to_dict() for p in self.report.problems],
            "report": [f.to_dict() for f in self.report.fixes],
        }

    def to_markdown(self) -> str:
        from .render import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        head = [x for x in (self.title, self.subtitle) if x]
        return "\n\n".join(head + [self.text]) if head else self.text
