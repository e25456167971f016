"""The `newsclean` command."""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from . import __version__
from .config import Config
from .errors import InputError
from .pipeline import clean

# Modules with a register_cli(subparsers) function, each adding its own command.
SUBCOMMAND_MODULES = ("testing",)

TARGET_CHOICES = {"s": "s", "t": "t", "tw": "tw", "hk": "hk", "none": None}


def _read(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path)
    if p.is_dir():
        raise InputError("is a folder: give a file (batch mode for folders comes with `--jobs`)", path)
    try:
        return p.read_bytes(), path
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path) from e


def render(article, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return article.to_text() + "\n"
    return article.to_markdown()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description="Turn scraped Chinese news pages into clean articles.")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("clean", help="clean a page and print the article",
                       description="Clean a news page (bytes, text or HTML) and print the article.")
    c.add_argument("path", help="input file, or - for standard input")
    c.add_argument("--format", "-f", choices=["md", "json", "text"], default="md",
                   help="output format: md (Markdown, default), json (the JSON contract), text (plain text)")
    c.add_argument("--to", choices=list(TARGET_CHOICES), default="s",
                   help="target script: s simplified (default), t traditional, tw Taiwan, hk Hong Kong, none keep")
    c.add_argument("--charset", default=None, help="charset from the HTTP header, if you have it")
    e = sub.add_parser("explain", help="show what was removed or fixed, and why",
                       description="Clean a page and list every fix, removal and unfixed problem.")
    e.add_argument("path", help="input file, or - for standard input")
    e.add_argument("--to", choices=list(TARGET_CHOICES), default="s", help="target script (as for clean)")
    c.set_defaults(func=run_clean)
    e.set_defaults(func=run_clean)
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
    return args.func(args)


def run_clean(args: argparse.Namespace) -> int:
    config = Config(target=TARGET_CHOICES[args.to])
    try:
        data, name = _read(args.path)
        article = clean(data, config, name=name, http_charset=getattr(args, "charset", None))
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 1
    out = _explain(article) if args.command == "explain" else render(article, args.format)
    sys.stdout.write(out)
    return 0
