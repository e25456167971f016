"""The decision: BOM, UTF-8 fast path, strict declarations, then detection (see docs/decoding.md)."""
from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass, field

from ..config import DecodeConfig
from ..errors import InputError
from .binary import refuse_binary
from .labels import BOMS, SEVEN_BIT, declarations, normalize_label
from .readings import Candidate, decode_full, decode_mixed, decode_sample, decode_strict, score_readings, weigh
from .score import chinese_score

CHINESE = ("gb18030", "big5hkscs")
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


def decode(data: bytes, http_charset: str | None = None, config: DecodeConfig | None = None, *,
           name: str | None = None) -> Decoded:
    """Decodes a page's bytes. See the module doc and docs/decoding.md for how the codec is chosen.

    `name` (a file name, URL or id) is put in the InputError raised for bytes that are not text.
    """
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
            text = decode_strict(data, enc)
            if text is not None:
                return Decoded(text, enc.replace("-sig", ""), 1.0, "bom", [], f"byte order mark of {enc}")

    declared = declarations(data, http_charset, config) if config.trust_declared else []
    usable = [(normalize_label(label), label, src) for label, src in declared]
    # An in-document UTF-16/32 label was read as ASCII, so it cannot be true (browsers do the same).
    usable = [(enc, label, src) for enc, label, src in usable
              if enc and not (src == "meta" and enc.startswith(("utf-16", "utf-32")))]
    ignored = [f"{src} {label!r}" for label, src in declared if not normalize_label(label)]

    # Fast path: valid UTF-8 (clean text, and nearly every page today).
    # NUL bytes are not text: likely UTF-16 without a BOM, left to detection.
    text, cut = decode_full(data, "utf-8") if b"\x00" not in data[: config.score_sample_bytes] else (None, False)
    if text is not None and cut and config.errors == "strict":
        text = None
    if text is not None:
        ascii_only = data.isascii()
        if ascii_only:
            for enc, label, src in usable:
                if enc in SEVEN_BIT:
                    decoded = decode_strict(data, enc)
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
        legacy = [(e, l, s) for e, l, s in usable if decode_sample(data, e, config.score_sample_bytes) is not None]
        if legacy:
            # A legacy declaration on valid UTF-8: rare; let the text's statistics settle it.
            enc, label, src = legacy[0]
            cands = score_readings(data, ["utf-8", enc], config)
            if cands and cands[0].encoding == enc and decode_strict(data, enc) is not None:
                return _finish(data, enc, weigh(cands, config)[0][1], src, weigh(cands, config),
                               f"{src} declares {label}; bytes are also valid UTF-8 but read better as {enc}",
                               config)
        why = "bytes are valid UTF-8" + (" but for the last character, cut off (U+FFFD)" if cut else "")
        if usable:
            why += "; " + ", ".join(f"{s} declares {l}" for _, l, s in usable) + " (ignored)"
        return Decoded(text, "utf-8", 1.0 if len(data) > 16 else 0.9, "detected", [], why)

    # A declaration is used when the bytes decode strictly under it, unless the text reads far better
    # under another Chinese codec (a Big5 page declaring GBK decodes strictly but reads as nonsense).
    for enc, label, src in usable:
        text, cut = decode_full(data, enc)
        if text is None or (cut and config.errors == "strict"):
            ignored.append(f"{src} {label!r} (bytes do not decode strictly)")
            continue
        tail = "; the last character is cut off (U+FFFD)" if cut else ""
        score, n = chinese_score(text[: config.score_sample_bytes], config)
        if n == 0 or score >= config.chinese_score:
            return Decoded(text, enc, 1.0, src, [], f"{src} declares {label}; decodes strictly"
                           + (f", reads as Chinese ({score:.2f})" if n else "") + tail)
        cands = score_readings(data, [enc, *CHINESE], config)
        best = cands[0]
        if best.encoding != enc and best.score - score >= config.declared_override_margin:
            full, _ = decode_full(data, best.encoding)
            if full is not None:
                return _finish(data, best.encoding, weigh(cands, config)[0][1], "detected",
                               weigh(cands, config), f"{src} declares {label} but the text reads far better"
                               f" as {best.encoding} ({best.score:.2f} vs {score:.2f})", config, full)
        return Decoded(text, enc, 0.9, src, weigh(cands, config), f"{src} declares {label}; decodes strictly"
                       + tail)

    return _detect(data, config, ignored, name)


def _hz(data: bytes, ascii_text: str, config: DecodeConfig) -> Decoded | None:
    """ASCII bytes with HZ escapes (~{ … ~}) that decode to Chinese are HZ."""
    text = decode_strict(data, "hz")
    if text is None or text == ascii_text:
        return None
    score, n = chinese_score(text, config)
    if n and score >= config.hz_score:
        return Decoded(text, "hz", 0.99, "detected", [("hz", 0.99), ("utf-8", 0.01)],
                       f"ASCII bytes with HZ escapes that decode to Chinese ({score:.2f})")
    return None


def _detect(data: bytes, config: DecodeConfig, ignored: list[str], name: str | None) -> Decoded:
    note = f"; ignored {', '.join(ignored)}" if ignored else ""
    encodings = list(CHINESE)
    nul = b"\x00" in data[: config.score_sample_bytes]
    if nul:
        encodings += ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"]
    cands = score_readings(data, encodings, config)
    if (not cands or cands[0].score < config.chinese_score) and not nul and len(data) % 2 == 0:
        # Chinese UTF-16 without BOM or ASCII has no NUL bytes to give it away; a UTF-16 reading that is not
        # Chinese either is no evidence (mostly-ASCII bytes with one bad byte read as rare hanzi, pair by pair).
        wide = [c for c in score_readings(data, ["utf-16-le", "utf-16-be"], config) if c.score >= config.chinese_score]
        cands = sorted(cands + wide, key=lambda c: c.score, reverse=True)
    weights = weigh(cands, config)
    weak = False
    if cands:
        best = cands[0]
        margin = best.score - cands[1].score if len(cands) > 1 else math.inf
        weak = best.score < config.sure_chinese_score and _spaced_words(
            decode_sample(data, best.encoding, config.score_sample_bytes) or "") >= config.spaced_word_share
        if best.score >= config.chinese_score and margin >= config.min_margin and not weak:
            return _finish(data, best.encoding, weights[0][1], "detected", weights,
                           f"reads as Chinese under {best.encoding} ({best.score:.2f}"
                           + (f", next {cands[1].encoding} {cands[1].score:.2f})" if len(cands) > 1 else ")")
                           + note, config)
    decoded = _unsure(data, config, cands, weights, note, weak)
    if config.errors != "strict":   # strict mode raises on undecodable bytes already
        # The rest decides by elimination, so random bytes get here; a reading of them is garbage.
        refuse_binary(data, decoded.text, decoded.encoding, config, name)
    return decoded


_HAN_SPACE_HAN = re.compile(r"[\u3400-\u9fff] +(?=[\u3400-\u9fff])")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _latin(data: bytes, enc: str, config: DecodeConfig) -> bool:
    """`enc` is a single-byte code page that reads the bytes as Latin-script text (letters below U+0250 and
    general punctuation): not Cyrillic, Greek, Arabic … which cp1252 would garble."""
    try:
        if codecs.lookup(enc).name in ("utf-8", "utf-16", "utf-32") or len("é".encode(enc)) != 1:
            return False
    except (LookupError, UnicodeEncodeError):
        return False
    text = decode_sample(data, enc, config.score_sample_bytes)
    return bool(text) and all(ord(c) < 0x250 or 0x2000 <= ord(c) <= 0x206F or c in "€™" for c in text)


def _spaced_words(text: str) -> float:
    """Spaces between Han characters per Han character: Chinese runs its characters together, while Korean
    (EUC-KR hangul read as GB2312 hanzi) puts a space after every word of two to four syllables."""
    han = len(_HAN.findall(text))
    return len(_HAN_SPACE_HAN.findall(text)) / han if han else 0.0


def _unsure(data: bytes, config: DecodeConfig, cands: list[Candidate], weights: list[tuple[str, float]],
            note: str, weak: bool = False) -> Decoded:
    # Unsure: ask the statistical detector and weigh its answer with ours.
    import chardet

    guess = chardet.detect(data[: config.detect_sample_bytes])
    label = guess.get("encoding") or ""
    enc = normalize_label(label) if label else None
    conf = float(guess.get("confidence") or 0.0)
    said = f"chardet says {label or 'nothing'} ({conf:.2f})"
    if enc and enc != "cp1252" and conf < config.unsure_confidence and _latin(data, enc, config):
        # Unsure between single-byte code pages that all read the bytes as Latin letters (cp850, MacLatin2 …):
        # windows-1252, what browsers assume for unlabelled Western pages, when it decodes the bytes.
        if decode_sample(data, "cp1252", config.score_sample_bytes) is not None:
            enc, said = "cp1252", said + "; unsure among Latin code pages: cp1252"
    known = {c.encoding: c for c in cands}
    best_score = cands[0].score if cands else -math.inf
    if enc in known and best_score - known[enc].score < config.min_margin:
        # A near tie between our readings: chardet's vote breaks it, unless neither reads as Chinese and a reading
        # with bad bytes does (a Big5 page with a corrupt byte still decodes strictly, and badly, as GB18030).
        if best_score < config.chinese_score:
            lossy = _lossy(data, config, cands, best_score, enc, said, note)
            if lossy is not None:
                return lossy
        return _finish(data, enc, max(conf, dict(weights)[enc]), "detected", weights,
                       f"{enc} ({known[enc].score:.2f}) and {cands[0].encoding} ({best_score:.2f}) read alike; "
                       + said + note, config)
    if enc and enc not in known:
        extra = score_readings(data, [enc], config)
        if extra and ((conf >= config.unsure_confidence and (best_score < config.chinese_score or weak))
                      or extra[0].score >= max(config.chinese_score, best_score + config.min_margin)):
            # Not Chinese under GB18030/Big5: chardet knows other scripts better than our Chinese table.
            others = [(c.encoding, round((1 - conf) * w, 4)) for c, (_, w) in zip(cands, weights)]
            return _finish(data, enc, conf, "detected", [(enc, conf), *others],
                           f"no Chinese reading (best {best_score:.2f}); " + said + note, config)

    if best_score < config.chinese_score:
        lossy = _lossy(data, config, cands, best_score, enc, said, note)
        if lossy is not None:
            return lossy
    best = cands[0]
    return _finish(data, best.encoding, weights[0][1], "detected", weights,
                   f"best Chinese reading is {best.encoding} ({best.score:.2f}); " + said + note, config)


def _lossy(data: bytes, config: DecodeConfig, cands: list[Candidate], best_score: float, enc: str | None,
           said: str, note: str) -> Decoded | None:
    """Damaged or mixed bytes: readings where what does not decode becomes U+FFFD (scored as garbage),
    and mixed readings: each run of non-ASCII bytes as UTF-8 or as a Chinese codec, whichever reads better.
    The best of them, when it reads better than every strict reading by min_margin; else None."""
    head = data[: config.score_sample_bytes]
    lossy = []   # (candidate, text of the whole input or None to decode it with errors="replace")
    for name in dict.fromkeys([*CHINESE, "utf-8", *([enc] if enc else [])]):
        try:
            lossy.append((Candidate(name, *chinese_score(head.decode(name, errors="replace"), config)), None))
        except LookupError:
            continue
    for name in CHINESE:
        mixed = decode_mixed(head, name, config)
        if mixed is not None:
            lossy.append((Candidate(name, *chinese_score(mixed[0], config)), mixed))
    lossy.sort(key=lambda c: c[0].score, reverse=True)
    if lossy and (not cands or lossy[0][0].score >= best_score + config.min_margin):
        top, mixed = lossy[0]
        weights = weigh([c for c, _ in lossy if c.encoding != top.encoding or c is top], config)
        if mixed is None:
            return _finish(data, top.encoding, min(weights[0][1], 0.5), "detected", weights,
                           f"best reading is {top.encoding} ({top.score:.2f}) with bad bytes; " + said + note,
                           config)
        text, utf8_runs, legacy_runs = decode_mixed(data, top.encoding, config) or mixed
        if config.errors == "strict" and "\ufffd" in text:
            raise InputError(f"bytes mix UTF-8 and {top.encoding} and some decode as neither")
        return Decoded(text, top.encoding, min(weights[0][1], 0.5), "detected", weights,
                       f"mixed: {utf8_runs} run(s) of UTF-8, {legacy_runs} of {top.encoding} ({top.score:.2f});"
                       " " + said + note)
    return None


def _finish(data: bytes, enc: str, confidence: float, source: str, alts, why: str,
            config: DecodeConfig, text: str | None = None) -> Decoded:
    cut = False
    if text is None:
        text, cut = decode_full(data, enc)
    if text is None or (cut and config.errors == "strict"):
        if config.errors == "strict":
            raise InputError(f"bytes do not decode strictly as {enc} (nor as any other candidate)")
        text = data.decode(enc, errors="replace")
        why += f"; {text.count(chr(0xFFFD))} undecodable byte run(s) replaced by U+FFFD"
        confidence = min(confidence, 0.5)
    elif cut:
        why += "; the last character is cut off (U+FFFD)"
    return Decoded(text, enc.replace("-sig", ""), round(confidence, 4), source, list(alts), why)
