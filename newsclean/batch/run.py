"""The run: items -> chunks -> workers -> writers, with counts, progress and a summary.

Work goes out in chunks of documents (a task per document costs more than the cleaning), at
most ``2 * jobs`` chunks in flight, so memory stays flat however many inputs there are.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import zlib
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..config import Config
from ..errors import InputError
from ..pipeline import clean
from .inputs import JSONL, RAW, SEEN, SPECIAL, UNLISTABLE, Fields, Item, read_limited, sources
from .records import describe_error, flat_row, render

# (id, raw, path, charset): what travels to a worker for one document.
Task = tuple[str, Any, "str | None", "str | None"]


def payload_of(article, input_id: str, kind: str):
    if kind == "jsonl":
        return json.dumps({"input": input_id, **article.to_dict()}, ensure_ascii=False)
    if kind == "row":
        return flat_row({"input": input_id, **article.to_dict()})
    return render(article, kind)


def read_file(path: str, name: str, limit: int | None = None) -> bytes:
    """The bytes of a file, at most limit + 1 of them: an oversized file (or /dev/zero, named on the
    command line) costs no more memory than clean() needs to refuse it. FIFOs and devices met in a
    folder never get here (inputs.SPECIAL); one named on the command line, as `<(zcat page.gz)`, is read."""
    try:
        with open(path, "rb") as f:
            return read_limited(f, name, limit)
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", name) from e


def work_chunk(chunk: list[Task], config: Config, kind: str) -> list[tuple[bool, Any]]:
    """Cleans one chunk; each document gives (True, payload) or (False, error dict). Never raises."""
    out = []
    for input_id, raw, path, charset in chunk:
        try:
            if raw is None:
                raw = read_file(path, input_id, config.max_bytes)
            article = clean(raw, config, name=input_id, http_charset=charset)
            out.append((True, payload_of(article, input_id, kind)))
        except Exception as exc:  # one bad document never stops the run
            out.append((False, describe_error(exc)))
    return out


# --- executors: submit(chunk) -> Future of work_chunk's result -------------------------------

class InlineExecutor:
    """--jobs 1: clean in this process (no pickling, no pool)."""

    slots = 1

    def __init__(self, config: Config, kind: str):
        self.config, self.kind = config, kind
        self.stop: threading.Event | None = None  # set by run(): a stop is taken between documents

    def submit(self, chunk: list[Task]) -> Future:
        out = []
        for task in chunk:
            if self.stop is not None and self.stop.is_set():
                raise KeyboardInterrupt  # the chunk is not written: its documents are not counted
            out.extend(work_chunk([task], self.config, self.kind))
        f: Future = Future()
        f.set_result(out)
        return f

    def shutdown(self) -> None:
        pass


_WORKER: dict[str, Any] = {}


# Traditional text: its first cleaning builds what a worker builds once (OpenCC tables, in a temp folder).
WARM_UP = "測試文字：這是一段繁體中文的新聞內容。"
STOP_GRACE_SECONDS = 10.0  # at most this long a stop waits for starting workers to finish building


def _init_worker(config: Config, kind: str, main_pid: int | None = None, ready=None) -> None:
    # The parent handles Ctrl-C and SIGHUP (sent to the whole group by a terminal): it keeps the finished
    # records and then ends the workers itself. SIGTERM must end a worker: the pool stops the survivors
    # of a dead worker with it (a worker ignoring it left the run spinning forever after its summary),
    # so it gets the default action back (the parent's stop handler is inherited through fork).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER["config"], _WORKER["kind"] = config, kind
    # Build the per-process tables now, with SIGTERM held back until it is done: a worker killed while
    # building leaves its temp folder in $TMPDIR for good. (Blocked before the watcher thread starts, so
    # that thread never takes the signal; the main thread takes it once unblocked.)
    hold = ready is not None and hasattr(signal, "pthread_sigmask")
    if hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    if main_pid is not None:
        threading.Thread(target=_exit_with, args=(main_pid, os.getppid()), daemon=True).start()
    if ready is not None:
        try:
            clean(WARM_UP, config)
        except Exception:
            pass
        finally:
            if hold:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        with ready.get_lock():  # a stop kills workers only once they are past this
            ready.value += 1


def _exit_with(main_pid: int, ppid: int) -> None:
    """A worker whose run was killed (SIGKILL, the OOM killer) would wait for work forever, an idle
    process per core left behind by every crash: it leaves as soon as the run is gone."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass
        if os.getppid() != ppid:  # re-parented: whoever started us is gone
            os._exit(1)


def _work_in_worker(chunk: list[Task]):
    return work_chunk(chunk, _WORKER["config"], _WORKER["kind"])


class PoolExecutor:
    """--jobs N: a process pool; the config goes to each worker once, chunks carry only documents."""

    def __init__(self, jobs: int, config: Config, kind: str):
        self.jobs, self.config, self.kind = jobs, config, kind
        self.slots = jobs
        self.pool = self._new(jobs)

    def _new(self, jobs: int) -> ProcessPoolExecutor:
        import multiprocessing

        self.ready = multiprocessing.Value("i", 0)  # workers past their start-up build
        return ProcessPoolExecutor(jobs, initializer=_init_worker,
                                   initargs=(self.config, self.kind, os.getpid(), self.ready))

    def submit(self, chunk: list[Task]) -> Future:
        return self.pool.submit(_work_in_worker, chunk)

    def isolate(self, chunk: list[Task]) -> list[tuple[bool, Any]]:
        """After a worker died (a crash, the OOM killer): rerun the chunk a document at a time in a
        fresh one-worker pool, so only the document that kills a worker is recorded as failed."""
        out = []
        pool = self._new(1)
        for task in chunk:
            try:
                out.extend(pool.submit(_work_in_worker, [task]).result())
            except BrokenProcessPool:
                out.append((False, {"error": f"{task[0]}: the worker process died cleaning it", "kind": "bug"}))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._new(1)
        pool.shutdown()
        return out

    def restart(self) -> None:
        self.shutdown(cancel=True)  # a broken pool: end its survivors too
        self.pool = self._new(self.jobs)

    def shutdown(self, cancel: bool = False) -> None:
        if not cancel:
            self.pool.shutdown()
            return
        # Stopped (Ctrl-C, SIGTERM): the chunks in flight will not be written, so their workers need
        # not finish them: the run ends now, not after its slowest chunk.
        procs = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while (self.ready.value < sum(p.is_alive() for p in procs) and time.monotonic() < deadline):
            time.sleep(0.02)  # a worker still building its tables: let it finish (and clean up)
        for proc in procs:
            try:
                proc.kill()
            except (OSError, ValueError, AttributeError):
                pass


# --- counting, progress ----------------------------------------------------------------------

@dataclass
class Stats:
    inputs: int = 0
    written: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0          # of skipped: already in the output
    seconds: float = 0.0
    interrupted: bool = False
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        skipped = f"{self.skipped} skipped" + (f" ({self.resumed} already done)" if self.resumed else "")
        head = "interrupted" if self.interrupted else "done"
        return (f"newsclean: {head}: {self.inputs} inputs: {self.written} written, {self.failed} failed, "
                f"{skipped} in {self.seconds:.1f} s ({rate:.1f} docs/s)")


def count_inputs(paths, globs, forced, fields, exclude) -> int | None:
    """How many documents there are, when that is cheap to know (files, JSONL lines); None for WARC or stdin."""
    n = 0
    for path, _rel, kind in sources(list(paths), list(globs), forced, fields, exclude):
        if path == "-" or kind not in (RAW, JSONL, UNLISTABLE, SPECIAL, SEEN):
            return None
        if kind != JSONL:
            n += 1
        else:
            import gzip

            opener = gzip.open if path.lower().endswith(".gz") else open
            try:
                with opener(path, "rb") as f:
                    n += sum(1 for line in f if line.strip())
            except (OSError, EOFError, zlib.error):
                return None
    return n


class Progress:
    """A bar on stderr (documents, docs/s, errors, ETA) via tqdm; a no-op when off."""

    OPEN = "{n_fmt} docs [{elapsed}, {rate_fmt}{postfix}]"  # no total known (yet): no bar, no ETA
    KNOWN = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"

    def __init__(self, on: bool, total_fn: Callable[[], int | None] | None):
        self.bar = None
        self.counter: threading.Thread | None = None
        self.total: int | None = None
        self._failed = 0
        if not on:
            return
        from tqdm import tqdm

        try:  # a pseudo-terminal may report 0 columns (`script`, CI runners): tqdm would print nothing
            sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
        except (OSError, ValueError, AttributeError):
            sized = False
        size = {} if sized else {"ncols": 100, "nrows": 20}  # tqdm hides a bar at rows <= 0
        self.bar = tqdm(total=None, unit="doc", file=sys.stderr, dynamic_ncols=sized, smoothing=0.1,
                        bar_format=self.OPEN, **size)
        if total_fn is not None:
            def count():
                self.total = total_fn()
            self.counter = threading.Thread(target=count, daemon=True)
            self.counter.start()

    def update(self, n: int, failed: int) -> None:
        if self.bar is None:
            return
        self._failed = failed
        if self.total is not None and self.bar.total is None:
            self.bar.total = self.total
            self.bar.bar_format = self.KNOWN
        self.bar.set_postfix_str(f"errors={failed}", refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        if self.bar is None:
            return
        if self.counter is not None:
            self.counter.join(timeout=1.0)  # the walk is as long as the run: it is done, or nearly
        self.update(0, self._failed)
        self.bar.close()


# --- the run ---------------------------------------------------------------------------------

@dataclass
class Options:
    config: Config = field(default_factory=Config)
    jobs: int = 1
    batch_size: int = 64
    ordered: bool = True
    progress: bool = False
    engine: str = "local"            # local | ray
    address: str | None = None       # Ray cluster address; None: start a local Ray


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def make_executor(opts: Options, kind: str):
    if opts.engine == "ray":
        from ..ray import RayExecutor

        return RayExecutor(opts.config, kind, address=opts.address, num_cpus=opts.jobs)
    if opts.jobs <= 1:
        return InlineExecutor(opts.config, kind)
    return PoolExecutor(opts.jobs, opts.config, kind)


POLL_SECONDS = 0.2  # how often a wait for a chunk looks at the stop request


def run(items: Iterable[Item], writer, errors, opts: Options,
        total_fn: Callable[[], int | None] | None = None, stop: threading.Event | None = None) -> Stats:
    """Cleans every item into writer; failures go to errors (an ErrorLog). Commits both, even on Ctrl-C.

    ``stop``, once set (the command line sets it on SIGINT/SIGTERM), ends the run at the next record
    boundary as Ctrl-C does: finished records are kept, the output is committed.
    """
    stats = Stats()

    def check_stop() -> None:
        if stop is not None and stop.is_set():
            raise KeyboardInterrupt  # at a safe point: between records, never inside a write

    def wait_any(futures) -> set:
        while True:
            done, _ = wait(futures, timeout=POLL_SECONDS if stop is not None else None,
                           return_when=FIRST_COMPLETED)
            if done:
                return done
            check_stop()

    t0 = time.perf_counter()
    executor = make_executor(opts, writer.payload)
    if isinstance(executor, InlineExecutor):
        executor.stop = stop
    ship_bytes = opts.engine == "ray"  # cluster workers may not see our files: send the bytes
    progress = Progress(opts.progress, total_fn)
    # [items, tasks, future, how many of the items are written or failed]: an entry leaves `pending` only
    # once wholly consumed, so a Ctrl-C in the middle of one never loses or repeats its records.
    pending: deque[list] = deque()
    max_pending = 2 * max(1, executor.slots)  # keeps every worker busy, bounds memory

    def fail(item_id: str, error: dict[str, str]) -> None:
        stats.failed += 1
        errors.write(item_id, error)

    def consume(entry) -> None:
        chunk_items, tasks, fut, start = entry
        try:
            results = fut.result()
        except BrokenProcessPool:
            check_stop()  # workers killed by a stop signal to the whole group: stop, do not rerun them
            results = executor.isolate(tasks)
        except Exception as exc:  # an engine failure (e.g. a lost Ray task): every document of the chunk failed
            results = [(False, describe_error(exc))] * len(tasks)
        for k in range(start, len(chunk_items)):
            ok, payload = results[k]
            if ok:
                try:
                    writer.write(chunk_items[k], payload)
                    stats.written += 1
                except InputError as exc:  # the writer refuses this one (it would overwrite its input)
                    fail(chunk_items[k].id, describe_error(exc))
            else:
                fail(chunk_items[k].id, payload)
            entry[3] = k + 1
        progress.update(len(chunk_items) - start, stats.failed)

    def drain(block_until: int) -> None:
        """Consume finished chunks until at most block_until are pending."""
        while len(pending) > block_until:
            check_stop()
            if opts.ordered:
                wait_any([pending[0][2]])
                consume(pending[0])
                pending.popleft()
            else:
                done = wait_any([e[2] for e in pending])
                for e in [e for e in pending if e[2] in done]:
                    consume(e)
                    pending.remove(e)
        if opts.ordered:  # also take whatever is already finished at the head, to keep output flowing
            while pending and pending[0][2].done():
                consume(pending[0])
                pending.popleft()

    def submit(chunk: list[Item]) -> None:
        tasks: list[Task] = []
        kept: list[Item] = []
        for item in chunk:
            raw = item.raw
            if ship_bytes and raw is None:
                try:
                    raw = read_file(item.path, item.id, opts.config.max_bytes)
                except InputError as exc:
                    fail(item.id, describe_error(exc))
                    progress.update(1, stats.failed)
                    continue
            kept.append(item)
            tasks.append((item.id, raw, None if raw is not None else item.path, item.charset))
        if tasks:
            try:
                fut = executor.submit(tasks)
            except BrokenProcessPool:
                executor.restart()
                fut = executor.submit(tasks)
            pending.append([kept, tasks, fut, 0])
        drain(max_pending - 1)

    chunk: list[Item] = []
    try:
        for item in items:
            check_stop()
            stats.inputs += 1
            if item.skip:
                stats.skipped += 1
                stats.skip_reasons[item.skip] = stats.skip_reasons.get(item.skip, 0) + 1
                progress.update(1, stats.failed)
            elif writer.is_done(item):
                stats.skipped += 1
                stats.resumed += 1
                progress.update(1, stats.failed)
            elif item.error:
                fail(item.id, {"error": item.error, "kind": "input"})
                progress.update(1, stats.failed)
            else:
                chunk.append(item)
                if len(chunk) >= opts.batch_size:
                    submit(chunk)
                    chunk = []
        if chunk:
            submit(chunk)
        drain(0)
    except KeyboardInterrupt:
        # Keep what is finished: the output stays a valid file of whole records, and --resume
        # picks up from there. Documents still in flight are not counted as inputs.
        stats.interrupted = True
        for entry in pending:
            fut = entry[2]
            if not fut.done() or fut.cancelled() or fut.exception() is not None:  # unfinished, or its worker died
                if opts.ordered:
                    break  # later records must not overtake this one
                continue
            try:
                consume(entry)
            except (Exception, KeyboardInterrupt):  # KeyboardInterrupt: a second signal; keep what is written
                break
        # Documents still in flight or not yet sent were not processed: they are not counted.
        stats.inputs = stats.written + stats.failed + stats.skipped
        pending.clear()
        executor.shutdown(cancel=True) if isinstance(executor, PoolExecutor) else executor.shutdown()
    except BaseException:
        # Anything else is a failure of the run itself: drop the new output, keep the old one.
        progress.close()
        executor.shutdown(cancel=True) if isinstance(executor, PoolExecutor) else executor.shutdown()
        writer.abort()
        errors.abort()
        raise
    else:
        executor.shutdown()
    progress.close()
    writer.commit()
    errors.commit()
    stats.seconds = time.perf_counter() - t0
    return stats


def run_paths(paths: list[str], writer, errors, opts: Options, *, globs: Iterable[str] = (),
              input_format: str = "auto", fields: Fields = Fields(), exclude: set[str] = frozenset(),
              stop: threading.Event | None = None) -> Stats:
    """The CLI's batch run over files, folders, JSONL, WARC and stdin."""
    from .inputs import items as read_items

    globs = list(globs)
    total_fn = None
    if opts.progress and "-" not in paths:
        def total_fn():
            return count_inputs(paths, globs, input_format, fields, exclude)
    return run(read_items(paths, globs, input_format, fields, exclude, opts.config.max_bytes), writer, errors, opts,
               total_fn, stop)
