"""`newsclean dedupe`: JSONL in, JSONL out (gzip by the name), in two passes over the file."""
from __future__ import annotations

import json
import os
import sys
from typing import Any, Iterator

from ..atomic import write_text_atomic
from ..config import KEEP_RULES, DedupeConfig
from ..errors import InputError
from .ray_engine import find_duplicates_ray
from .run import dedupe_records, find_duplicates


def register_cli(subparsers) -> None:
    """Adds `newsclean dedupe IN.jsonl -o OUT.jsonl`."""
    p = subparsers.add_parser("dedupe", help="mark or drop near-duplicate articles in a JSONL file",
                              description="Find near-duplicate articles (mirror copies, script-converted, "
                                          "trimmed, garbled) and mark each record with cluster and duplicate_of.")
    p.add_argument("input", help="JSONL file (e.g. the output of `newsclean clean … -o out.jsonl`), or - for stdin")
    p.add_argument("-o", "--output", default="-", help="output JSONL (default: stdout)")
    p.add_argument("--drop", action="store_true", help="write only the kept copies")
    p.add_argument("--id-field", default="id", help="record id field (default: id, else input)")
    p.add_argument("--text-field", default="text", help="text field (default: text)")
    p.add_argument("--jaccard", type=float, default=DedupeConfig.jaccard,
                   help=f"Jaccard of 5-character shingles that makes a duplicate (default {DedupeConfig.jaccard})")
    p.add_argument("--keep", default=",".join(KEEP_RULES),
                   help="rules choosing the kept copy, in order (default: %(default)s)")
    p.add_argument("--no-simplify", action="store_true", help="do not convert to simplified before comparing")
    p.add_argument("--jobs", "-j", type=int, default=1, help="processes for normalising and signing (default 1)")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="where to normalise and sign: local processes (default) or a Ray cluster")
    p.add_argument("--address", help="Ray cluster address for --engine ray (default: start a local Ray)")
    p.set_defaults(func=_run_cli)


def _iter_jsonl(path: str) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file (.gz read as gzip, as `newsclean clean -o out.jsonl.gz` writes it) or stdin,
    one at a time."""
    import gzip
    import zlib
    from pathlib import Path

    if path == "-":
        stream = sys.stdin.buffer
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError("is a folder: give the JSONL file", path)
        if not p.is_file():
            raise InputError("no such file", path)
        stream = gzip.open(p, "rb") if p.name.lower().endswith(".gz") else open(p, "rb")
    n = 0
    try:
        for n, raw in enumerate(stream, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"line {n} is not UTF-8 ({e.reason} at byte {e.start})", path) from e
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as e:
                raise InputError(f"line {n} is not JSON: {e}", path) from e
            if not isinstance(rec, dict):
                raise InputError(f"line {n} is not a JSON object", path)
            yield rec
    except (OSError, EOFError, zlib.error) as e:  # a truncated or corrupt .gz
        raise InputError(f"cannot read past line {n}: {e}", path) from e
    finally:
        if path != "-":
            stream.close()


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    return list(_iter_jsonl(path))


def _slim(rec: dict[str, Any], id_field: str, text_field: str) -> dict[str, Any]:
    """What _fields reads of a record, without the rest (a cleaned record's report can be most of it)."""
    keep = {k: rec.get(k) for k in (id_field, "input", text_field, "body", "title", "url", "site", "published")
            if rec.get(k) is not None}
    probs = rec.get("problems")
    if probs is not None:
        keep["problems"] = len(probs) if isinstance(probs, list) else probs
    return keep


class _LineSink:
    """JSONL lines to stdout, or to a temp file beside the target renamed into place (gzip for .gz)."""

    def __init__(self, path: str):
        import gzip
        import tempfile
        from pathlib import Path

        self.path = path
        if path == "-":
            self.f, self.tmp = sys.stdout, None
            return
        target = Path(path)
        fd, self.tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
        raw = os.fdopen(fd, "wb")
        self.raw = raw
        self.f = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if path.lower().endswith(".gz") else raw

    def write(self, line: str) -> None:
        self.f.write(line if self.tmp is None else line.encode("utf-8"))

    def commit(self) -> None:
        if self.tmp is None:
            self.f.flush()
            return
        self.f.close()
        self.raw.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.tmp is not None:
            self.f.close()
            self.raw.close()
            os.unlink(self.tmp)


def _dedupe_file(args, config: DedupeConfig) -> tuple[int, int]:
    """Two passes over a file: the features of every record (kept: ids and shingles, not records), then
    each record again, marked, straight to the output. Returns (records, kept)."""
    slim = (_slim(r, args.id_field, args.text_field) for r in _iter_jsonl(args.input))
    matches = find_duplicates(slim, config, id_field=args.id_field, text_field=args.text_field,
                              jobs=max(1, args.jobs))
    sink = _LineSink(args.output)
    n = kept = 0
    try:
        for rec, m in zip(_iter_jsonl(args.input), matches):
            n += 1
            kept += m.duplicate_of is None
            if args.drop and m.duplicate_of is not None:
                continue
            sink.write(json.dumps({**rec, "cluster": m.cluster, "duplicate_of": m.duplicate_of},
                                  ensure_ascii=False) + "\n")
        if n != len(matches):
            raise InputError("changed while it was read", args.input)
    except BaseException:
        sink.abort()
        raise
    sink.commit()
    return n, kept


def _write_jsonl(path: str, records: list[dict[str, Any]]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if path == "-":
        sys.stdout.write(lines)
        return
    if path.lower().endswith(".gz"):  # as the name says: gzip (readable by zcat and `newsclean clean`)
        import gzip

        from ..atomic import write_bytes_atomic

        write_bytes_atomic(path, gzip.compress(lines.encode("utf-8"), mtime=0))
        return
    write_text_atomic(path, lines)


def _run_cli(args) -> int:
    try:
        config = DedupeConfig(jaccard=args.jaccard, simplify=not args.no_simplify,
                              keep=tuple(r.strip() for r in args.keep.split(",") if r.strip()))
    except ValueError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 2
    if args.engine != "ray" and args.input != "-":
        try:
            n, kept = _dedupe_file(args, config)
        except InputError as e:
            print(f"newsclean: error: {e}", file=sys.stderr)
            return 1
        print(f"dedupe: {n} records, {n - kept} duplicates, {kept} kept", file=sys.stderr)
        return 0
    try:
        records = _read_jsonl(args.input)
        if args.engine == "ray":
            matches = find_duplicates_ray(records, config, id_field=args.id_field, text_field=args.text_field,
                                          address=args.address, num_cpus=args.jobs if args.jobs > 1 else None)
            out = [{**r, "cluster": m.cluster, "duplicate_of": m.duplicate_of} for r, m in zip(records, matches)
                   if not (args.drop and m.duplicate_of is not None)]
        else:
            out = dedupe_records(records, config, id_field=args.id_field, text_field=args.text_field,
                                 drop=args.drop, jobs=max(1, args.jobs))
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 1
    _write_jsonl(args.output, out)
    kept = len(out) if args.drop else sum(r["duplicate_of"] is None for r in out)
    print(f"dedupe: {len(records)} records, {len(records) - kept} duplicates, {kept} kept", file=sys.stderr)
    return 0
