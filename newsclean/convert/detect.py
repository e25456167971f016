"""Which script a text is written in, from the characters that belong to one script only (OpenCC's tables)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from ..config import ConvertConfig
from .context import script_patterns

SIMPLIFIED, TRADITIONAL, MIXED = "simplified", "traditional", "mixed"
_DEFAULT = ConvertConfig()


@dataclass(frozen=True)
class ScriptResult:
    script: str        # "simplified", "traditional" or "mixed"
    ratio: float       # traditional-only / (traditional-only + simplified-only) characters; 0.0 without evidence
    traditional: int   # traditional-only characters seen
    simplified: int    # simplified-only characters seen
    chars: int         # characters looked at (a long text is sampled)

    @property
    def evidence(self) -> int:
        return self.traditional + self.simplified

    def to_dict(self) -> dict:
        return asdict(self)


def _sample(text: str, limit: int, pieces: int = 8) -> str:
    """At most `limit` characters from `pieces` evenly spread places (a mixed page changes script mid-way)."""
    if len(text) <= limit:
        return text
    size = limit // pieces
    step = (len(text) - size) // (pieces - 1)
    return "".join(text[i * step:i * step + size] for i in range(pieces))


def detect_script(text: str, config: ConvertConfig | None = None) -> ScriptResult:
    """simplified / traditional / mixed, with the traditional ratio. Text with no script-specific
    character (人民, 中文) is valid in both and reported as simplified with ratio 0.0 and evidence 0."""
    cfg = config or _DEFAULT
    if len(text) > cfg.detect_sample_chars:
        text = _sample(text, cfg.detect_sample_chars)
    trad, simp = script_patterns()        # regex classes: counting in C beats str.translate here
    t, s = len(trad.findall(text)), len(simp.findall(text))
    n = t + s
    ratio = t / n if n else 0.0
    minority = min(t, s)
    if n and minority >= cfg.mixed_min_chars and minority / n >= cfg.mixed_min_share:
        script = MIXED
    else:
        script = TRADITIONAL if t > s else SIMPLIFIED
    return ScriptResult(script, ratio, t, s, len(text))
