"""The `newsclean` command."""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .config import Config
from .errors import InputError
from .batch.records import render
from .pipeline import clean

# Modules with a register_cli(subparsers) function, each adding its own command.
SUBCOMMAND_MODULES = ("testing", "dedupe")

TARGET_CHOICES = {"s": "s", "t": "t", "tw": "tw", "hk": "hk", "none": None}


def _read(path: str, limit: int | None) -> tuple[bytes, str]:
    """One input's bytes, never more than limit + 1 of them (a huge file, /dev/zero, an endless pipe)."""
    from .batch.inputs import read_limited
    from .batch.run import read_file

    if path == "-":
        return read_limited(sys.stdin.buffer, "<stdin>", limit), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path)
    if p.is_dir():
        raise InputError("is a folder: give a file", path)
    return read_file(path, path, limit), path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description="Turn scraped Chinese news pages into clean articles.")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "clean", help="clean pages: one to stdout, or many (folders, JSONL, WARC) to JSONL, Parquet or a folder",
        description="Clean news pages (bytes, text or HTML). One file prints the article; many inputs, "
                    "-o or --out-dir run a batch in parallel (see docs/batch.md).",
        epilog="exit status: 0 all cleaned, 1 some inputs failed (the rest are written), 2 usage error, "
               "130/143 stopped by Ctrl-C/SIGTERM (finished records kept; --resume continues)")
    c.add_argument("paths", nargs="+", metavar="INPUT",
                   help="file, folder (recursive), .jsonl[.gz], .warc[.gz], or - for standard input")
    c.add_argument("--format", "-f", choices=["md", "json", "text"], default=None,
                   help="md (Markdown, default), json (the JSON contract), text (plain): for one file and --out-dir")
    c.add_argument("--to", choices=list(TARGET_CHOICES), default="s",
                   help="target script: s simplified (default), t traditional, tw Taiwan, hk Hong Kong, none keep")
    c.add_argument("--charset", default=None, help="charset from the HTTP header, if you have it (one file)")
    b = c.add_argument_group("batch")
    b.add_argument("-o", "--output", metavar="FILE",
                   help="write one record per input to FILE: .jsonl, .jsonl.gz or .parquet (- for stdout)")
    b.add_argument("--out-dir", metavar="DIR", help="write one .md/.json/.txt per input, mirroring the input tree")
    b.add_argument("--glob", action="append", default=[], metavar="PATTERN",
                   help="in folders, only files matching PATTERN (e.g. '*.html'); repeatable")
    b.add_argument("--input-format", choices=["auto", "raw", "jsonl", "warc"], default="auto",
                   help="how to read inputs: auto (by suffix, default), raw (one page per file), jsonl, warc")
    b.add_argument("--html-field", metavar="NAME", help="JSONL field holding the page's HTML (default: html, then text)")
    b.add_argument("--text-field", metavar="NAME", help="JSONL field holding the page's text")
    b.add_argument("--id-field", metavar="NAME", help="JSONL field holding the input id (default: FILE:LINE)")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    b.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents per task (default 32 locally, 1000 on Ray)")
    b.add_argument("--unordered", action="store_true", help="write records as they finish, not in input order")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: only on a terminal)")
    b.add_argument("--errors", metavar="FILE", help="errors JSONL (default: beside the output, e.g. out.errors.jsonl)")
    b.add_argument("--resume", action="store_true", help="skip inputs already in the output")
    b.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local process pool (default) or Ray (pip install 'newsclean[ray]')")
    b.add_argument("--address", metavar="ADDR", help="Ray cluster address (default: start a local Ray)")
    e = sub.add_parser("explain", help="show what was removed or fixed, and why",
                       description="Clean a page and list every fix, removal and unfixed problem.")
    e.add_argument("path", help="input file, or - for standard input")
    e.add_argument("--to", choices=list(TARGET_CHOICES), default="s", help="target script (as for clean)")
    c.set_defaults(func=run_clean)
    e.set_defaults(func=run_explain)
    # Other commands live with the code they drive; each module registers its own subparser.
    for module in SUBCOMMAND_MODULES:
        importlib.import_module(f".{module}", __package__).register_cli(sub)
    return parser


def _explain(article) -> str:
    lines = []
    for f in article.report.fixes:
        where = f"#{f.where}" if f.where is not None else ""
        change = f" -> {f.after[:60]!r}" if f.after is not None else ""
        reason = f"  ({f.reason})" if f.reason else ""
        lines.append(f"{f.step:9} {f.action:18} {where:5} {f.text[:60]!r}{change}{reason}")
    for p in article.problems:
        lines.append(f"PROBLEM {p.step:9} {p.kind:18} #{p.where} {p.text[:60]!r}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader of stdout went away (`newsclean clean crawl/ | head`): stop quietly, as shell tools do.
        # Point stdout at /dev/null so the interpreter's last flush at exit does not complain again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 128 + 13  # 141: 128 + SIGPIPE


def _single(args: argparse.Namespace) -> bool:
    """One page to stdout, as before batch mode existed: one raw file (or -) and no batch output."""
    if len(args.paths) != 1 or args.output or args.out_dir or args.errors or args.resume or args.engine != "local":
        return False
    from .batch.inputs import RAW, kind_of

    path = args.paths[0]
    fields_given = args.html_field or args.text_field or args.id_field
    if path == "-":
        return args.input_format in ("auto", "raw") and not fields_given
    return not os.path.isdir(path) and kind_of(path, args.input_format) == RAW


def run_clean(args: argparse.Namespace) -> int:
    if not _single(args):
        return run_batch(args)
    config = Config(target=TARGET_CHOICES[args.to])
    try:
        data, name = _read(args.paths[0], config.max_bytes)
        article = clean(data, config, name=name, http_charset=getattr(args, "charset", None))
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(render(article, args.format or "md"))
    return 0


def run_explain(args: argparse.Namespace) -> int:
    config = Config(target=TARGET_CHOICES[args.to])
    try:
        data, name = _read(args.path, config.max_bytes)
        article = clean(data, config, name=name)
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(_explain(article))
    return 0


def _usage(message: str) -> int:
    print(f"newsclean clean: error: {message}", file=sys.stderr)
    return 2


def run_batch(args: argparse.Namespace) -> int:
    """Many inputs -> JSONL / Parquet / a folder; exit 0 all cleaned, 1 some failed, 2 usage error."""
    from .batch import ErrorLog, Fields, Options, UsageError, default_errors_path, default_jobs, open_writer, run_paths
    from .batch.inputs import check_paths, out_clashes

    if args.output and args.out_dir:
        return _usage("give -o FILE or --out-dir DIR, not both")
    if args.resume and not (args.out_dir or (args.output and args.output != "-")):
        return _usage("--resume needs an output file (-o) or folder (--out-dir)")
    if args.address and args.engine != "ray":
        return _usage("--address is for --engine ray")
    if args.jobs is not None and args.jobs < 1 or args.batch_size is not None and args.batch_size < 1:
        return _usage("--jobs and --batch-size must be at least 1")
    if args.html_field and args.text_field:
        return _usage("give --html-field or --text-field, not both")
    if args.format and not args.out_dir and args.format != "json":
        return _usage(f"--format {args.format} needs --out-dir (-o and stdout get JSONL records)")
    try:
        check_paths(args.paths)
    except UsageError as e:
        return _usage(str(e))
    clashes = out_clashes(args.paths) if args.out_dir else []
    if clashes:
        return _usage(f"--out-dir would write two inputs named {clashes[0]!r} to one place: "
                      "give their common folder, or run them one at a time")
    targets = [t for t in (args.output if args.output != "-" else None, args.out_dir) if t]
    inputs = {os.path.realpath(p) for p in args.paths if p != "-"}
    if any(os.path.realpath(t) in inputs for t in targets):
        return _usage("the output would overwrite an input; inputs are never modified")
    errors_path = args.errors or default_errors_path(args.output, args.out_dir)
    # Output paths are checked (and their folders made) before any work: finding out at the rename, after
    # hours of cleaning, loses the run.
    output_file = args.output if args.output and args.output != "-" else None
    if output_file and os.path.isdir(output_file):
        return _usage(f"{output_file}: is a folder: -o takes a file (--out-dir DIR writes one file per input)")
    if errors_path and os.path.isdir(errors_path):
        return _usage(f"{errors_path}: is a folder: --errors takes a file")
    if args.out_dir and os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        return _usage(f"{args.out_dir}: exists and is not a folder (--out-dir)")
    try:
        for f in (output_file, errors_path):
            if f and os.path.dirname(f):
                os.makedirs(os.path.dirname(f), exist_ok=True)
    except OSError as e:
        return _usage(f"cannot make the folder for {e.filename}: {e.strerror}")
    exclude = {os.path.realpath(t) for t in targets + ([errors_path] if errors_path else [])}
    engine_jobs = args.jobs or default_jobs()
    opts = Options(config=Config(target=TARGET_CHOICES[args.to]), jobs=engine_jobs,
                   batch_size=args.batch_size or (1000 if args.engine == "ray" else 32),
                   ordered=not args.unordered,
                   progress=args.progress if args.progress is not None else sys.stderr.isatty(),
                   engine=args.engine, address=args.address)
    fields = Fields(html=args.html_field, text=args.text_field, id=args.id_field)
    stop, received = threading.Event(), []
    restore = _catch_stop_signals(stop, received)
    try:
        if args.out_dir:
            os.makedirs(args.out_dir, exist_ok=True)
        writer = open_writer(args.output, args.out_dir, args.format or "md", args.resume)
        stats = run_paths(args.paths, writer, ErrorLog(errors_path), opts, globs=args.glob,
                          input_format=args.input_format, fields=fields, exclude=exclude, stop=stop)
    except UsageError as e:
        return _usage(str(e))
    finally:
        restore()
    print(stats.summary() + (f"; errors in {errors_path}" if stats.failed and errors_path else ""), file=sys.stderr)
    if stats.interrupted:
        return 128 + (received[0] if received else signal.SIGINT)  # 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP
    return 1 if stats.failed else 0


def _catch_stop_signals(stop: threading.Event, received: list[int]):
    """SIGINT, SIGTERM and SIGHUP (Ctrl-C, kill, systemd/Slurm/docker stop, a closed terminal) stop a batch
    the same way: at the next record boundary, keeping and renaming what is finished. A second signal stops
    at once. Signals set to be ignored (nohup) stay ignored. Returns the function that restores them."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def on_signal(signum, frame):
        if stop.is_set():  # a second signal: the run is stuck (e.g. reading a stalled pipe)
            raise KeyboardInterrupt
        received.append(signum)
        stop.set()

    old = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) in (signal.SIG_DFL, signal.default_int_handler):
            old[sig] = signal.signal(sig, on_signal)

    def restore():
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return restore
