"""Readers: command-line inputs -> a lazy stream of Items (one per document).

Files are read by the workers (only the path travels); JSONL and WARC records are read here,
in order, and carry their content. Nothing here writes to an input.
"""
from __future__ import annotations

import gzip
import json
import os
import stat
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

RAW, JSONL, WARC = "raw", "jsonl", "warc"
UNLISTABLE = "unlistable"  # a folder the walk could not read: one failed input, not a silent gap
SPECIAL = "special"        # a FIFO, socket or device met in a folder: opening a FIFO blocks forever
SEEN = "seen"              # a link to a folder already read (a loop, or a second way in): one skip
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# WARC responses with these content types are pages to clean; others (images, scripts) are skipped.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/xml", "application/xml")


class UsageError(Exception):
    """A problem with the command line itself (exit status 2)."""


@dataclass(slots=True)
class Item:
    """One document to clean. Exactly one of raw/path holds it, unless it is already failed or skipped."""

    id: str                      # the `input` id in every output record
    rel: str                     # where --out-dir writes it, relative, without the format's suffix
    raw: bytes | str | None = None
    path: str | None = None      # read by the worker
    charset: str | None = None   # from an HTTP header (WARC)
    error: str | None = None     # failed while reading
    skip: str | None = None      # not a page (reason)


@dataclass(frozen=True)
class Fields:
    html: str | None = None      # None: "html", then "text"
    text: str | None = None
    id: str | None = None


def kind_of(path: str, forced: str = "auto") -> str:
    if forced != "auto":
        return forced
    low = path.lower()
    if low.endswith(JSONL_SUFFIXES):
        return JSONL
    if low.endswith(WARC_SUFFIXES):
        return WARC
    return RAW


def check_paths(paths: list[str]) -> None:
    """Fails before any work when an input is missing (a usage error, not a failed document)."""
    if paths.count("-") > 1:
        raise UsageError("'-' (standard input) given more than once")
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise UsageError(f"{p}: no such file or folder")


def _matches(rel: str, globs: list[str]) -> bool:
    return not globs or any(PurePosixPath(rel).match(g) for g in globs)


def out_base(name: str, kind: str) -> str:
    """The output name of a file under --out-dir, without the format's suffix: p.html -> p, x.jsonl -> x
    (a folder of its records)."""
    if kind in (JSONL, WARC):
        return _stem(name)
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def _bases(names: list[str], forced: str, taken: set[str] = frozenset()) -> dict[str, str]:
    """name -> output base for files side by side. Names that would share one output (p.html, p.htm;
    x.jsonl beside a folder x) keep their whole name (p.html.md, p.htm.md), so no output overwrites another."""
    kinds = {n: kind_of(n, forced) for n in names}
    bases = {n: out_base(n, kinds[n]) for n in names}
    count: dict[str, int] = {}
    for b in bases.values():
        count[b] = count.get(b, 0) + 1
    return {n: (n if count[b] > 1 or (kinds[n] != RAW and b != n and b in taken) else b) for n, b in bases.items()}


def walk(folder: str, globs: list[str], exclude: set[str], forced: str = "auto") -> Iterator[tuple[str, str, str]]:
    """(path, path relative to folder, output base) of every file under folder, sorted, hidden files and
    folders left out. Links to folders are followed (a crawl's folders may live elsewhere); a folder
    reached a second time (a link loop, or two links to one place) is read once and reported as SEEN."""
    failed: list[OSError] = []
    seen = {os.path.realpath(folder)}
    for root, dirs, files in os.walk(folder, onerror=failed.append, followlinks=True):
        while failed:
            e = failed.pop(0)
            where = e.filename or root
            yield where, UNLISTABLE + ":" + (e.strerror or str(e)), ""
        kept_dirs = []
        for d in sorted(dirs):
            real = os.path.realpath(os.path.join(root, d))
            if d.startswith(".") or real in exclude:
                continue
            if real in seen:
                yield os.path.join(root, d), SEEN + ":", ""
                continue
            seen.add(real)
            kept_dirs.append(d)
        dirs[:] = kept_dirs
        kept = []
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if _matches(rel, globs) and os.path.realpath(path) not in exclude:
                kept.append((name, path, rel))
        bases = _bases([k[0] for k in kept], forced, set(dirs))
        for name, path, rel in kept:
            yield path, rel, rel[: len(rel) - len(name)] + bases[name]
    for e in failed:  # os.walk reports a folder it cannot list after its last yield
        yield e.filename or folder, UNLISTABLE + ":" + (e.strerror or str(e)), ""


def _top_name(p: str) -> str:
    return "stdin" if p == "-" else Path(os.path.abspath(p)).name


def out_clashes(paths: list[str], forced: str = "auto") -> list[str]:
    """Command-line inputs that --out-dir would write under the same name (x/index.html and y/index.html)."""
    names = [_top_name(p) for p in paths]
    return sorted({n for n in names if names.count(n) > 1})


def _regular(path: str) -> bool:
    """A regular file, or a path whose read will say what is wrong (a dangling symlink)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def sources(paths: list[str], globs: list[str], forced: str, fields: Fields,
            exclude: set[str] = frozenset()) -> Iterator[tuple[str, str, str]]:
    """(path, output base, kind) of every input file, in command-line order, folders expanded."""
    many = len(paths) > 1
    top = _bases([_top_name(p) for p in paths if p != "-" and not os.path.isdir(p)], forced,
                 {_top_name(p) for p in paths if p != "-" and os.path.isdir(p)})
    for p in paths:
        if p == "-":
            stdin_kind = forced if forced != "auto" else (JSONL if fields != Fields() else RAW)
            yield "-", "stdin", stdin_kind
        elif os.path.isdir(p):
            prefix = (_top_name(p) + "/") if many else ""
            for path, rel, base in walk(p, globs, exclude, forced):
                if rel.startswith(UNLISTABLE + ":"):
                    yield path, rel, UNLISTABLE
                elif rel == SEEN + ":":
                    yield path, "", SEEN
                elif not _regular(path):
                    yield path, prefix + base, SPECIAL
                else:
                    yield path, prefix + base, kind_of(path, forced)
        else:
            yield p, top[_top_name(p)], kind_of(p, forced)


def items(paths: list[str], globs: list[str] = (), forced: str = "auto", fields: Fields = Fields(),
          exclude: set[str] = frozenset(), limit: int | None = None) -> Iterator[Item]:
    """Every document of every input, lazily, in input order; standard input is read up to limit bytes."""
    for path, rel, kind in sources(list(paths), list(globs), forced, fields, exclude):
        if kind == UNLISTABLE:
            yield Item(path, "unlistable", error=f"InputError: {path}: cannot list the folder: {rel.split(':', 1)[1]}")
        elif kind == SEEN:
            yield Item(path, rel, skip="a link to a folder already read (a loop, or a second way in)")
        elif kind == SPECIAL:
            yield Item(path, rel, error=f"InputError: {path}: not a regular file (a FIFO, socket or device): not read")
        elif kind == RAW:
            if path == "-":
                try:
                    yield Item("<stdin>", rel, raw=read_limited(sys.stdin.buffer, "<stdin>", limit))
                except Exception as e:  # an InputError (over the limit) or a read error
                    yield Item("<stdin>", rel, error=f"{type(e).__name__}: {e}")
            else:
                yield Item(path, rel, path=path)
        elif kind == JSONL:
            yield from read_jsonl(path, rel, fields)
        else:
            yield from read_warc(path, rel)


def read_limited(f: IO[bytes], name: str, limit: int | None) -> bytes:
    """All of f, or an InputError once it holds more than limit bytes (read no further: /dev/zero,
    an endless pipe or a huge file costs no more memory than clean() needs to refuse it)."""
    from ..errors import InputError

    data = f.read() if limit is None else f.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise InputError(f"input is over Config.max_bytes={limit:,} bytes (not read further)", name)
    return data


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def _stem(rel: str) -> str:
    for suffix in JSONL_SUFFIXES + WARC_SUFFIXES:
        if rel.lower().endswith(suffix):
            return rel[: -len(suffix)]
    return rel


def read_jsonl(path: str, base: str, fields: Fields) -> Iterator[Item]:
    """One Item per non-blank line; a line that is not a JSON object or lacks the field is a failed Item.
    base: the folder --out-dir puts the records in (out_base)."""
    name = "<stdin>" if path == "-" else path
    stem = base
    wanted = [fields.html] if fields.html else [fields.text] if fields.text else ["html", "text"]
    f = _open(path)
    try:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            fallback_id = f"{name}:{lineno}"
            item_rel = f"{stem}/{lineno:08d}"
            try:
                rec = json.loads(line)
            except ValueError as e:
                yield Item(fallback_id, item_rel, error=f"InputError: {fallback_id}: not a JSON line ({e})")
                continue
            if not isinstance(rec, dict):
                yield Item(fallback_id, item_rel, error=f"InputError: {fallback_id}: not a JSON object")
                continue
            rid = rec.get(fields.id) if fields.id else None
            item_id = str(rid) if rid is not None else fallback_id
            raw = next((rec[k] for k in wanted if rec.get(k) is not None), None)
            if raw is None:
                yield Item(item_id, item_rel, error=f"InputError: {item_id}: no {' or '.join(map(repr, wanted))} field")
            else:
                yield Item(item_id, item_rel, raw=raw, charset=rec.get("charset") if isinstance(rec.get("charset"), str) else None)
    except (OSError, EOFError, zlib.error) as e:  # a truncated or corrupt .gz: record it, go on with the next input
        yield Item(f"{name}:read", f"{stem}/read-error", error=f"InputError: {name}: cannot read further: {e}")
    finally:
        if path != "-":
            f.close()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"\'')
    return None


def read_warc(path: str, base: str) -> Iterator[Item]:
    """One Item per WARC response record; non-page or non-2xx responses become skipped Items.
    base: the folder --out-dir puts the records in (out_base)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:  # warcio is a core dependency; this only happens in a broken install
        raise UsageError("reading WARC needs warcio: pip install 'newsclean[warc]'") from e
    name = "<stdin>" if path == "-" else path
    stem = base
    f = sys.stdin.buffer if path == "-" else open(path, "rb")
    n = 0
    try:
        archive = ArchiveIterator(f, arc2warc=True)
        for record in archive:
            if record.rec_type != "response":
                continue
            n += 1
            headers = record.rec_headers
            item_id = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or f"{name}#{n}"
            item_rel = f"{stem}/{n:08d}"
            http = record.http_headers
            ctype = (http.get_header("Content-Type") if http else None) or ""
            status = http.get_statuscode() if http else None
            if status and not str(status).startswith("2"):
                yield Item(item_id, item_rel, skip=f"HTTP status {status}")
                continue
            if ctype and not ctype.split(";")[0].strip().lower().startswith(PAGE_TYPES):
                yield Item(item_id, item_rel, skip=f"not a page: {ctype.split(';')[0].strip()}")
                continue
            try:
                raw = record.content_stream().read()
            except Exception as e:  # a broken record body (bad chunking or compression)
                yield Item(item_id, item_rel, error=f"InputError: {item_id}: cannot read the WARC record ({e})")
                continue
            missing = getattr(record.raw_stream, "limit", 0)  # bytes the record announced but the file lacks
            if missing:
                yield Item(item_id, item_rel, error=f"InputError: {item_id}: WARC record cut short ({missing:,} bytes missing)")
                continue
            yield Item(item_id, item_rel, raw=raw, charset=_charset(ctype))
        # warcio ends quietly at a gzip member cut short: bytes left over are a lost record, say so
        size = os.fstat(f.fileno()).st_size if path != "-" and os.path.isfile(path) else None
        if size is not None and archive.offset < size and f.seek(archive.offset) >= 0 and f.read().strip(b"\r\n\x00"):
            yield Item(f"{name}:read", f"{stem}/read-error",
                       error=f"InputError: {name}: {size - archive.offset:,} bytes after the last whole record (truncated?)")
    except Exception as e:  # a corrupt archive: record it, keep the records read so far, go on
        yield Item(f"{name}:read", f"{stem}/read-error", error=f"InputError: {name}: cannot read further: {e}")
    finally:
        if path != "-":
            f.close()
