"""Writers: JSONL (.jsonl, .jsonl.gz, stdout), a mirrored folder of .md/.json/.txt, Parquet.

Every file is written under a temporary name beside its target and renamed into place when
complete, so a reader never sees half a file and an interrupted run leaves the old output
intact. ``--resume`` reads the ids already in the output and copies them into the new file.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
import shutil
import sys
import zlib
from pathlib import Path
from typing import IO, Any

from .inputs import Item, UsageError

# What a worker sends back for each cleaned document, per kind of output.
PAYLOAD_JSONL, PAYLOAD_ROW = "jsonl", "row"   # a JSON line; a flat table row
DIR_SUFFIX = {"md": ".md", "json": ".json", "text": ".txt"}


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def stale_temps(target: Path) -> list[Path]:
    """Temp files of target left by runs whose process is gone (killed before the rename)."""
    out = []
    for p in sorted(target.parent.glob(glob.escape(f".{target.name}.tmp-") + "*")):
        pid = p.name.rsplit("-", 1)[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            out.append(p)
    return out


def remove_stale(target: Path) -> None:
    """Delete the temp files of target left by killed runs: the output just committed supersedes them."""
    for stale in stale_temps(target):
        stale.unlink(missing_ok=True)


def _first_id(line: bytes) -> str | None:
    """The `input` id of one output line; fast when `input` is the first key, as we write it."""
    text = line.decode("utf-8", "replace").strip()
    if not text:
        return None
    prefix = '{"input": '
    if text.startswith(prefix):
        try:
            value, _ = json.JSONDecoder().raw_decode(text, len(prefix))
            return str(value)
        except ValueError:
            pass
    try:
        rec = json.loads(text)
    except ValueError:
        return None  # a line cut short by a crash is not a finished record
    return str(rec.get("input")) if isinstance(rec, dict) and "input" in rec else None


class JsonlWriter:
    payload = PAYLOAD_JSONL

    def __init__(self, target: str, resume: bool = False):
        self.target = Path(target)
        self.gz = self.target.name.lower().endswith(".gz")
        self.temp = temp_path(self.target)
        self.done: set[str] = set()
        self.count = 0
        raw = open(self.temp, "wb")
        self.f: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="wb") if self.gz else raw
        self._raw = raw
        if resume and self.target.exists():
            self._take_whole_records(self.target)
        if resume:
            self._salvage()

    def _take_whole_records(self, path: Path) -> None:
        """Copy the whole records of an output into this one. A file cut short (a `> out.jsonl` killed
        midway, a truncated .gz) ends in a part of a line: that record is not done, and is left out."""
        opener = gzip.open if self.gz else open
        try:
            with opener(path, "rb") as f:
                for line in f:
                    if not line.endswith(b"\n"):
                        break  # cut short
                    rid = _first_id(line)
                    if rid is None or rid in self.done:
                        continue
                    self.done.add(rid)
                    self.f.write(line)
        except (OSError, EOFError, zlib.error):
            pass  # a gzip stream cut short: keep the records read before the cut

    def _salvage(self) -> None:
        """Whole records from the temp file of a run that was killed (SIGKILL, OOM, power loss) and
        never renamed it: they join this output, so --resume does not clean them again."""
        for stale in stale_temps(self.target):
            self._take_whole_records(stale)
            stale.unlink(missing_ok=True)

    def is_done(self, item: Item) -> bool:
        return item.id in self.done

    def write(self, item: Item, payload: str) -> None:
        self.f.write(payload.encode("utf-8"))
        self.f.write(b"\n")
        self.count += 1

    def commit(self) -> None:
        self.f.close()
        if self._raw is not self.f:
            self._raw.close()
        os.replace(self.temp, self.target)
        remove_stale(self.target)  # a killed run's records (not --resume'd) are not wanted any more

    def abort(self) -> None:
        self.f.close()
        if self._raw is not self.f:
            self._raw.close()
        self.temp.unlink(missing_ok=True)


class StdoutWriter:
    """JSONL on standard output (a pipe): no temp file, no resume."""

    payload = PAYLOAD_JSONL

    def __init__(self):
        self.count = 0

    def is_done(self, item: Item) -> bool:
        return False

    def write(self, item: Item, payload: str) -> None:
        sys.stdout.write(payload + "\n")
        self.count += 1

    def commit(self) -> None:
        sys.stdout.flush()

    def abort(self) -> None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):  # the reader is gone (a broken pipe): nothing left to save
            pass


class DirWriter:
    """One file per input under out_dir, at the input's relative path with the format's suffix.

    Each file is written in out_dir/.newsclean-tmp-PID/ and renamed into place, so a run killed
    mid-write leaves its half file in one hidden folder that the next run removes (the walk of an
    input folder skips hidden folders, so it is never read back)."""

    TEMP_PREFIX = ".newsclean-tmp-"

    def __init__(self, out_dir: str, fmt: str, resume: bool = False):
        self.root = Path(out_dir)
        self.fmt = fmt
        self.payload = fmt
        self.resume = resume
        self.count = 0
        self.temp_dir = self.root / f"{self.TEMP_PREFIX}{os.getpid()}"
        self._n = 0

    def target(self, item: Item) -> Path:
        return self.root / (item.rel + DIR_SUFFIX[self.fmt])  # rel: the output base the readers chose

    def is_done(self, item: Item) -> bool:
        return self.resume and self.target(item).exists()

    def write(self, item: Item, payload: str) -> None:
        target = self.target(item)
        if item.path is not None and target.exists() and os.path.samefile(target, item.path):
            # an output folder over the input tree (notes/2024 notes/2025 --out-dir notes -f text)
            from ..errors import InputError

            raise InputError(f"its output {target} would overwrite it: inputs are never modified", item.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        self._n += 1
        temp = self.temp_dir / f"{self._n}{DIR_SUFFIX[self.fmt]}"
        temp.write_text(payload, encoding="utf-8")
        try:
            os.replace(temp, target)
        except OSError:  # another file system mounted inside the output folder: rename beside the target
            beside = temp_path(target)
            shutil.move(str(temp), str(beside))
            os.replace(beside, target)
        self.count += 1

    def _clean_temps(self) -> None:
        for d in self.root.glob(glob.escape(self.TEMP_PREFIX) + "*"):
            pid = d.name[len(self.TEMP_PREFIX):]
            if d.is_dir() and pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
                shutil.rmtree(d, ignore_errors=True)

    def commit(self) -> None:
        self._clean_temps()

    abort = commit


class ParquetWriter:
    """Flat rows (nested lists as JSON strings) with a fixed schema, one row group per batch of rows."""

    payload = PAYLOAD_ROW
    ROWS_PER_GROUP = 1000

    def __init__(self, target: str, resume: bool = False):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as e:
            raise UsageError("Parquet output needs pyarrow: pip install 'newsclean[parquet]'") from e
        from .records import arrow_schema

        self.pa, self.pq = pa, pq
        self.schema = arrow_schema()
        self.target = Path(target)
        self.temp = temp_path(self.target)
        self.done: set[str] = set()
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        old = None
        if resume and self.target.exists():
            try:
                old = pq.ParquetFile(self.target)
            except (OSError, pa.ArrowException) as e:  # cut short (no footer) or not Parquet at all
                raise UsageError(f"{target}: cannot --resume from it: not a readable Parquet file ({e}); "
                                 "move it away to start afresh") from e
        self.w = pq.ParquetWriter(self.temp, self.schema)
        try:
            for batch in old.iter_batches(batch_size=self.ROWS_PER_GROUP) if old is not None else ():
                self.done.update(str(x) for x in batch.column("input").to_pylist())
                self.w.write_table(pa.Table.from_batches([batch]).cast(self.schema))
        except BaseException:
            self.abort()
            raise

    def is_done(self, item: Item) -> bool:
        return item.id in self.done

    def write(self, item: Item, payload: dict[str, Any]) -> None:
        self.rows.append(payload)
        self.count += 1
        if len(self.rows) >= self.ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.w.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> None:
        self._flush()
        self.w.close()
        os.replace(self.temp, self.target)
        remove_stale(self.target)  # a killed run's file has no footer: nothing in it can be read back

    def abort(self) -> None:
        self.w.close()
        self.temp.unlink(missing_ok=True)


class ErrorLog:
    """The errors JSONL: one line per failed input. Written (atomically) when there is a failure to
    record or a previous log to replace, so a stale log never outlives a clean rerun."""

    def __init__(self, target: str | None):
        self.target = Path(target) if target else None
        self.lines: IO[str] | None = None
        self.count = 0

    def write(self, item_id: str, error: dict[str, str]) -> None:
        self.count += 1
        if self.target is None:  # no file to keep them in (output on stdout): say them on stderr
            print(f"newsclean: failed: {item_id}: {error.get('error')}", file=sys.stderr)
            return
        if self.lines is None:
            self.lines = open(temp_path(self.target), "w", encoding="utf-8")
        self.lines.write(json.dumps({"input": item_id, **error}, ensure_ascii=False) + "\n")

    def abort(self) -> None:
        if self.lines is not None:
            self.lines.close()
            temp_path(self.target).unlink(missing_ok=True)

    def commit(self) -> None:
        if self.target is None:
            return
        for stale in stale_temps(self.target):  # a killed run's half log: its failures were retried now
            stale.unlink(missing_ok=True)
        if self.lines is None and self.target.exists():
            self.lines = open(temp_path(self.target), "w", encoding="utf-8")
        if self.lines is not None:
            self.lines.close()
            os.replace(temp_path(self.target), self.target)


def default_errors_path(output: str | None, out_dir: str | None) -> str | None:
    """Beside the output: out.jsonl -> out.errors.jsonl; DIR -> DIR.errors.jsonl; stdout -> none."""
    if out_dir:
        return str(Path(out_dir.rstrip("/\\")).with_name(Path(out_dir.rstrip("/\\")).name + ".errors.jsonl"))
    if output and output != "-":
        p = Path(output)
        name = p.name
        for suffix in (".jsonl.gz", ".jsonl", ".parquet", ".ndjson"):
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        return str(p.with_name(name + ".errors.jsonl"))
    return None


def open_writer(output: str | None, out_dir: str | None, fmt: str, resume: bool):
    if out_dir:
        return DirWriter(out_dir, fmt, resume)
    if output is None or output == "-":
        return StdoutWriter()
    low = output.lower()
    if low.endswith(".parquet"):
        return ParquetWriter(output, resume)
    if low.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return JsonlWriter(output, resume)
    raise UsageError(f"{output}: -o takes a .jsonl, .jsonl.gz or .parquet file (or --out-dir DIR for .md/.json/.txt)")
