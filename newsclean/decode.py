"""bytes -> str: BOM, then UTF-8 (fast path), then a declaration that decodes strictly, then detection.

Detection decodes a sample under each Chinese candidate (GB18030, Big5-HKSCS, HZ for ASCII bytes) and
scores the text with a character frequency table (newsclean/data/decode_charfreq.tsv): the right decode
reads as common Chinese, a wrong one as rare characters, kana, private-use or control characters.
chardet is asked only when that score is unsure (it is ~100x slower). See docs/decoding.md.
"""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import DecodeConfig
from .errors import InputError

# Legacy labels decode by their supersets (as browsers do): GB2312/GBK text is GB18030 text, Big5 is
# a subset of Big5-HKSCS (which decodes every Big5 file of the corpus to the same text as big5; cp950
# maps a few symbols differently), Latin-1/ASCII as labels mean cp1252.
SUPERSETS = {"gb2312": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030", "gb_2312-80": "gb18030",
             "x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs", "x-x-big5": "big5hkscs",
             "big5-hkscs": "big5hkscs", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "euc-cn": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs",
             "ascii": "utf-8", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin_1": "cp1252"}
# UTF-32 before UTF-16: FF FE 00 00 starts both.
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
CHINESE = ("gb18030", "big5hkscs")
# Stateful 7-bit encodings: pure ASCII bytes may still be one of these.
SEVEN_BIT = {"hz", "iso2022_jp", "iso2022_jp_2", "iso2022_kr", "utf-7"}
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML = re.compile(rb"""<\?xml[^>]+?encoding\s*=\s*["']([\w.:-]+)""", re.I)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SEPARATED = re.compile(rb"([\x00-\x2f\x3a-\x3f]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_DATA = Path(__file__).with_name("data") / "decode_charfreq.tsv"
_DEFAULT = DecodeConfig()


@dataclass
class Decoded:
    text: str
    encoding: str
    confidence: float
    source: str                      # "bom" | "http" | "meta" | "detected"
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    why: str = ""                    # one line a person can read: what decided it

    def __repr__(self) -> str:
        return (f"Decoded(encoding={self.encoding!r}, source={self.source!r}, confidence={self.confidence:.3f},"
                f" chars={len(self.text)}, why={self.why!r})")


@lru_cache(maxsize=256)
def normalize_label(label: str) -> str | None:
    """A charset label (any spelling Python knows) -> the codec newsclean decodes it with, or None."""
    label = label.strip().strip("\"'").lower()
    if label in SUPERSETS:
        return SUPERSETS[label]
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, SUPERSETS.get(label, name))


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample(data: bytes, encoding: str, size: int) -> str | None:
    """Strict decode of the first `size` bytes; a character cut at the end is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data[:size], final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def _full(data: bytes, encoding: str) -> tuple[str | None, bool]:
    """(strict decode, False); or, when only the last character is cut off, (the rest + U+FFFD, True)."""
    try:
        return data.decode(encoding), False
    except LookupError:
        return None, False
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 4 and ("end of data" in e.reason or "incomplete" in e.reason):
            head = _strict(data[: e.start], encoding)
            if head is not None:
                return head + "\ufffd", True
        return None, False


# ---- language statistics -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """char -> log10 probability, from the frequency table."""
    counts = {}
    with open(_DATA, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            ch, n = line.rstrip("\n").split("\t")
            counts[ch] = int(n)
    total = sum(counts.values())
    return {ch: math.log10(n / total) for ch, n in counts.items()}


@lru_cache(maxsize=65536)
def _backoff(ch: str, config: DecodeConfig) -> float:
    """log10 probability of a character the table does not list, by its kind."""
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if cat in ("Co", "Cn", "Cs", "Cc") or ch == "\ufffd":
        return config.logp_garbage
    if "\u3400" <= ch <= "\u9fff" or 0x20000 <= cp <= 0x3FFFF or 0xF900 <= cp <= 0xFAFF:
        return config.logp_unknown_han
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or 0x2000 <= cp <= 0x206F:
        return config.logp_cjk_punctuation
    if cp < 0x250 or cat == "Mn":
        return config.logp_latin   # pinyin tone letters, accented Latin, combining marks
    return config.logp_other       # kana, hangul, bopomofo, box drawing, Greek, Cyrillic, symbols …


def chinese_score(text: str, config: DecodeConfig | None = None) -> tuple[float, int]:
    """(mean log10 probability per non-ASCII character, how many there were); (0.0, 0) for ASCII.

    Looks at the first `config.score_chars` non-ASCII characters; control characters count as garbage.
    """
    config = config or _DEFAULT
    table = _table()
    chars = "".join(_NON_ASCII.findall(text, 0, 4 * config.score_chars))[: config.score_chars]
    controls = len(_CONTROL.findall(text, 0, 4 * config.score_chars))   # NUL etc.: a wrong UTF-16/32 split
    total = config.logp_garbage * controls
    for ch, k in Counter(chars).items():
        lp = table.get(ch)
        total += (lp if lp is not None else _backoff(ch, config)) * k
    n = len(chars) + controls
    return (total / n if n else 0.0), n


# ---- the decision --------------------------------------------------------------------------------

def _declarations(data: bytes, http_charset: str | None, config: DecodeConfig) -> list[tuple[str, str]]:
    """[(label, source)] in order of authority: HTTP header, then the earliest in-document declaration."""
    found = []
    if http_charset:
        found.append((http_charset, "http"))
    head = data[: config.declaration_scan_bytes]
    if not any(word in head for word in (b"harset", b"HARSET", b"ncoding", b"NCODING", b"Charset", b"Encoding")):
        return found   # cheaper than the regexes on plain text
    hits = [(m.start(), m.group(1)) for p in (_XML, _META) for m in [p.search(head)] if m]
    for _, label in sorted(hits):
        found.append((label.decode("ascii", "replace"), "meta"))
    return found


@dataclass
class _Candidate:
    encoding: str
    score: float
    chars: int


def _score_candidates(data: bytes, encodings: list[str], config: DecodeConfig) -> list[_Candidate]:
    out = []
    for enc in dict.fromkeys(encodings):
        text = _sample(data, enc, config.score_sample_bytes)
        if text is not None:
            out.append(_Candidate(enc, *chinese_score(text, config)))
    out.sort(key=lambda c: c.score, reverse=True)
    return out


def _weights(cands: list[_Candidate], config: DecodeConfig) -> list[tuple[str, float]]:
    """Likelihood ratios of the candidates, each capped at `evidence_chars` characters of evidence."""
    if not cands:
        return []
    best = cands[0].score
    raw = [10 ** max(-30.0, (c.score - best) * min(max(c.chars, 1), config.evidence_chars)) for c in cands]
    total = sum(raw)
    return [(c.encoding, w / total) for c, w in zip(cands, raw)]


def _finish(data: bytes, enc: str, confidence: float, source: str, alts, why: str,
            config: DecodeConfig, text: str | None = None) -> Decoded:
    cut = False
    if text is None:
        text, cut = _full(data, enc)
    if text is None or (cut and config.errors == "strict"):
        if config.errors == "strict":
            raise InputError(f"bytes do not decode strictly as {enc} (nor as any other candidate)")
        text = data.decode(enc, errors="replace")
        why += f"; {text.count(chr(0xFFFD))} undecodable byte run(s) replaced by U+FFFD"
        confidence = min(confidence, 0.5)
    elif cut:
        why += "; the last character is cut off (U+FFFD)"
    return Decoded(text, enc.replace("-sig", ""), round(confidence, 4), source, list(alts), why)


def decode(data: bytes, http_charset: str | None = None, config: DecodeConfig | None = None) -> Decoded:
    """Decodes a page's bytes. See the module doc and docs/decoding.md for how the codec is chosen."""
    config = config or _DEFAULT
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"decode() takes bytes, not {type(data).__name__}"
                         + ("; a str is already decoded" if isinstance(data, str) else ""))
    if not isinstance(data, bytes):
        data = bytes(data)
    if http_charset is not None and not isinstance(http_charset, str):
        raise InputError(f"http_charset must be a str or None, not {type(http_charset).__name__}")

    for bom, enc in BOMS:
        if data.startswith(bom):
            text = _strict(data, enc)
            if text is not None:
                return Decoded(text, enc.replace("-sig", ""), 1.0, "bom", [], f"byte order mark of {enc}")

    declared = _declarations(data, http_charset, config) if config.trust_declared else []
    usable = [(normalize_label(label), label, src) for label, src in declared]
    # An in-document UTF-16/32 label was read as ASCII, so it cannot be true (browsers do the same).
    usable = [(enc, label, src) for enc, label, src in usable
              if enc and not (src == "meta" and enc.startswith(("utf-16", "utf-32")))]
    ignored = [f"{src} {label!r}" for label, src in declared if not normalize_label(label)]

    # Fast path: valid UTF-8 (clean text, and nearly every page today).
    # NUL bytes are not text: likely UTF-16 without a BOM, left to detection.
    text, cut = _full(data, "utf-8") if b"\x00" not in data[: config.score_sample_bytes] else (None, False)
    if text is not None and cut and config.errors == "strict":
        text = None
    if text is not None:
        ascii_only = data.isascii()
        if ascii_only:
            for enc, label, src in usable:
                if enc in SEVEN_BIT:
                    decoded = _strict(data, enc)
                    if decoded is not None:
                        return Decoded(decoded, enc, 1.0, src, [], f"{src} declares {label}; decodes strictly")
            if b"~{" in data:
                hz = _hz(data, text, config)
                if hz:
                    return hz
            agree = next(((e, l, s) for e, l, s in usable if e not in SEVEN_BIT), None)
            if agree:
                return Decoded(text, agree[0], 1.0, agree[2], [], f"ASCII bytes; {agree[2]} declares {agree[1]}")
            return Decoded(text, "utf-8", 1.0, "detected", [], "ASCII bytes")
        utf8_decl = next(((e, l, s) for e, l, s in usable if e == "utf-8"), None)
        if utf8_decl:
            return Decoded(text, "utf-8", 1.0, utf8_decl[2], [], f"{utf8_decl[2]} declares {utf8_decl[1]}; "
                           "bytes are valid UTF-8" + (" but for the last character, cut off (U+FFFD)" if cut else ""))
        legacy = [(e, l, s) for e, l, s in usable if _sample(data, e, config.score_sample_bytes) is not None]
        if legacy:
            # A legacy declaration on valid UTF-8: rare; let the text's statistics settle it.
            enc, label, src = legacy[0]
            cands = _score_candidates(data, ["utf-8", enc], config)
            if cands and cands[0].encoding == enc and _strict(data, enc) is not None:
                return _finish(data, enc, _weights(cands, config)[0][1], src, _weights(cands, config),
                               f"{src} declares {label}; bytes are also valid UTF-8 but read better as {enc}",
                               config)
        why = "bytes are valid UTF-8" + (" but for the last character, cut off (U+FFFD)" if cut else "")
        if usable:
            why += "; " + ", ".join(f"{s} declares {l}" for _, l, s in usable) + " (ignored)"
        return Decoded(text, "utf-8", 1.0 if len(data) > 16 else 0.9, "detected", [], why)

    # A declaration is used when the bytes decode strictly under it, unless the text reads far better
    # under another Chinese codec (a Big5 page declaring GBK decodes strictly but reads as nonsense).
    for enc, label, src in usable:
        text, cut = _full(data, enc)
        if text is None or (cut and config.errors == "strict"):
            ignored.append(f"{src} {label!r} (bytes do not decode strictly)")
            continue
        tail = "; the last character is cut off (U+FFFD)" if cut else ""
        score, n = chinese_score(text[: config.score_sample_bytes], config)
        if n == 0 or score >= config.chinese_score:
            return Decoded(text, enc, 1.0, src, [], f"{src} declares {label}; decodes strictly"
                           + (f", reads as Chinese ({score:.2f})" if n else "") + tail)
        cands = _score_candidates(data, [enc, *CHINESE], config)
        best = cands[0]
        if best.encoding != enc and best.score - score >= config.declared_override_margin:
            full, _ = _full(data, best.encoding)
            if full is not None:
                return _finish(data, best.encoding, _weights(cands, config)[0][1], "detected",
                               _weights(cands, config), f"{src} declares {label} but the text reads far better"
                               f" as {best.encoding} ({best.score:.2f} vs {score:.2f})", config)
        return Decoded(text, enc, 0.9, src, _weights(cands, config), f"{src} declares {label}; decodes strictly"
                       + tail)

    return _detect(data, config, ignored)


def _hz(data: bytes, ascii_text: str, config: DecodeConfig) -> Decoded | None:
    """ASCII bytes with HZ escapes (~{ … ~}) that decode to Chinese are HZ."""
    text = _strict(data, "hz")
    if text is None or text == ascii_text:
        return None
    score, n = chinese_score(text, config)
    if n and score >= config.hz_score:
        return Decoded(text, "hz", 0.99, "detected", [("hz", 0.99), ("utf-8", 0.01)],
                       f"ASCII bytes with HZ escapes that decode to Chinese ({score:.2f})")
    return None


def _mixed(data: bytes, legacy: str, config: DecodeConfig) -> tuple[str, int, int] | None:
    """Each run between ASCII separators as UTF-8 or as `legacy`, whichever decodes strictly and reads
    better (bad bytes as U+FFFD); None unless both codecs occur. Separators are bytes below 0x40 but
    digits: never part of a GBK/Big5 character, nor of a UTF-8 one (GB18030's four-byte form uses digits)."""
    parts, utf8_runs, legacy_runs = [], 0, 0
    for run in _SEPARATED.split(data):
        if run.isascii():
            parts.append(run.decode("ascii"))
            continue
        as_utf8, as_legacy = _strict(run, "utf-8"), _strict(run, legacy)
        if as_utf8 is not None and (as_legacy is None or
                                    chinese_score(as_utf8, config)[0] >= chinese_score(as_legacy, config)[0]):
            parts.append(as_utf8)
            utf8_runs += 1
        elif as_legacy is not None:
            parts.append(as_legacy)
            legacy_runs += 1
        else:
            # Neither: UTF-8 then legacy with no separator between. Split where UTF-8 stops being valid.
            try:
                run.decode("utf-8")
            except UnicodeDecodeError as e:
                if e.start:
                    parts.append(run[: e.start].decode("utf-8"))
                    utf8_runs += 1
                    run = run[e.start:]
            parts.append(run.decode(legacy, errors="replace"))
            legacy_runs += 1
    if not (utf8_runs and legacy_runs):
        return None
    return "".join(parts), utf8_runs, legacy_runs


def _detect(data: bytes, config: DecodeConfig, ignored: list[str]) -> Decoded:
    note = f"; ignored {', '.join(ignored)}" if ignored else ""
    encodings = list(CHINESE)
    nul = b"\x00" in data[: config.score_sample_bytes]
    if nul:
        encodings += ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"]
    cands = _score_candidates(data, encodings, config)
    if (not cands or cands[0].score < config.chinese_score) and not nul and len(data) % 2 == 0:
        # Chinese UTF-16 without BOM or ASCII has no NUL bytes to give it away.
        cands = sorted(cands + _score_candidates(data, ["utf-16-le", "utf-16-be"], config),
                       key=lambda c: c.score, reverse=True)
    weights = _weights(cands, config)
    if cands:
        best = cands[0]
        margin = best.score - cands[1].score if len(cands) > 1 else math.inf
        if best.score >= config.chinese_score and margin >= config.min_margin:
            return _finish(data, best.encoding, weights[0][1], "detected", weights,
                           f"reads as Chinese under {best.encoding} ({best.score:.2f}"
                           + (f", next {cands[1].encoding} {cands[1].score:.2f})" if len(cands) > 1 else ")")
                           + note, config)

    # Unsure: ask the statistical detector and weigh its answer with ours.
    import chardet

    guess = chardet.detect(data[: config.detect_sample_bytes])
    label = guess.get("encoding") or ""
    enc = normalize_label(label) if label else None
    conf = float(guess.get("confidence") or 0.0)
    said = f"chardet says {label or 'nothing'} ({conf:.2f})"
    known = {c.encoding: c for c in cands}
    best_score = cands[0].score if cands else -math.inf
    if enc in known and best_score - known[enc].score < config.min_margin:
        # A near tie between our readings: chardet's vote breaks it.
        return _finish(data, enc, max(conf, dict(weights)[enc]), "detected", weights,
                       f"{enc} ({known[enc].score:.2f}) and {cands[0].encoding} ({best_score:.2f}) read alike; "
                       + said + note, config)
    if enc and enc not in known:
        extra = _score_candidates(data, [enc], config)
        if extra and ((conf >= config.unsure_confidence and best_score < config.chinese_score)
                      or extra[0].score >= max(config.chinese_score, best_score + config.min_margin)):
            # Not Chinese under GB18030/Big5: chardet knows other scripts better than our Chinese table.
            others = [(c.encoding, round((1 - conf) * w, 4)) for c, (_, w) in zip(cands, weights)]
            return _finish(data, enc, conf, "detected", [(enc, conf), *others],
                           f"no Chinese reading (best {best_score:.2f}); " + said + note, config)

    # Damaged or mixed bytes: readings where what does not decode becomes U+FFFD (scored as garbage),
    # and readings that take each line as UTF-8 when it is valid UTF-8, else as a Chinese codec.
    if best_score < config.chinese_score:
        head = data[: config.score_sample_bytes]
        lossy = []   # (candidate, text of the whole input or None to decode it with errors="replace")
        for name in dict.fromkeys([*CHINESE, "utf-8", *([enc] if enc else [])]):
            try:
                lossy.append((_Candidate(name, *chinese_score(head.decode(name, errors="replace"), config)), None))
            except LookupError:
                continue
        for name in CHINESE:
            mixed = _mixed(head, name, config)
            if mixed is not None:
                lossy.append((_Candidate(name, *chinese_score(mixed[0], config)), mixed))
        lossy.sort(key=lambda c: c[0].score, reverse=True)
        if lossy and (not cands or lossy[0][0].score >= best_score + config.min_margin):
            top, mixed = lossy[0]
            weights = _weights([c for c, _ in lossy if c.encoding != top.encoding or c is top], config)
            if mixed is None:
                return _finish(data, top.encoding, min(weights[0][1], 0.5), "detected", weights,
                               f"best reading is {top.encoding} ({top.score:.2f}) with bad bytes; " + said + note,
                               config)
            text, utf8_runs, legacy_runs = _mixed(data, top.encoding, config) or (mixed[0], 0, 0)
            if config.errors == "strict" and "\ufffd" in text:
                raise InputError(f"bytes mix UTF-8 and {top.encoding} and some decode as neither")
            return Decoded(text, top.encoding, min(weights[0][1], 0.5), "detected", weights,
                           f"mixed: {utf8_runs} run(s) of UTF-8, {legacy_runs} of {top.encoding} ({top.score:.2f});"
                           " " + said + note)
    best = cands[0]
    return _finish(data, best.encoding, weights[0][1], "detected", weights,
                   f"best Chinese reading is {best.encoding} ({best.score:.2f}); " + said + note, config)
