"""Fixture kit: golden-file regression cases for newsclean's output, and their pytest plugin.

A case is a folder::

    fixtures/gbk-page/
        input.bin | input.html | input.txt   the page as fetched (bytes) or as text/HTML
        expected.json                        Article.to_dict(), plus "_generated_by" versions
        expected.md                          Article.to_markdown(), for people to review
        case.toml                            optional: note, url, http_charset, ignore, [config]

``newsclean fixtures new|check|update`` drive it from the command line; ``pytest
--newsclean-fixtures DIR`` runs every case as its own test item. pytest is imported only
inside the plugin's hooks, so the CLI works without it.
"""
from __future__ import annotations

import difflib
import json
import os
import sys
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from .atomic import write_text_atomic
from .config import Config
from .errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

INPUT_NAMES = ("input.bin", "input.html", "input.txt")
EXPECTED_JSON = "expected.json"
EXPECTED_MD = "expected.md"
CASE_TOML = "case.toml"
VERSIONS_KEY = "_generated_by"
# Keys of case.toml besides [config]; anything else is a typo worth an error.
CASE_KEYS = {"note", "url", "source", "http_charset", "ignore", "config", "review"}
# Fields of the JSON contract that are derived from others: shown only when what they derive from matches.
DERIVED = {"text": "sections"}


# ---------------------------------------------------------------- versions

def versions() -> dict[str, str]:
    """The versions that decide the output: newsclean and the OpenCC it converts with."""
    from . import __version__

    try:
        from importlib.metadata import version

        opencc_version = version("opencc")
    except Exception:  # not installed as a distribution: fall back to the module
        try:
            import opencc

            opencc_version = str(getattr(opencc, "__version__", "unknown"))
        except ImportError:
            opencc_version = "missing"
    return {"newsclean": __version__, "opencc": opencc_version}


def version_note(recorded: dict[str, str] | None, current: dict[str, str] | None = None) -> str | None:
    """A sentence when the expected files were made under other versions than the running ones."""
    current = current or versions()
    if not recorded:
        return "expected.json does not record the versions that made it"
    changed = [f"{k} {recorded.get(k, '?')} -> {v}" for k, v in current.items() if recorded.get(k) != v]
    if not changed:
        return None
    return ("expected files were made with " + ", ".join(f"{k} {recorded.get(k, '?')}" for k in current)
            + f"; this run uses {', '.join(f'{k} {v}' for k, v in current.items())} ({'; '.join(changed)}):"
            " differences may come from the upgrade")


# ---------------------------------------------------------------- cases

@dataclass
class Case:
    """One fixture folder."""

    path: Path
    input_path: Path
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def note(self) -> str | None:
        return self.settings.get("note")

    @property
    def ignore(self) -> list[str]:
        return list(self.settings.get("ignore", []))

    def config(self) -> Config:
        return config_from_dict(self.settings.get("config", {}), where=str(self.path / CASE_TOML))

    def read_input(self) -> bytes | str:
        """input.bin is bytes (decoded by newsclean); .html and .txt are UTF-8 text."""
        if self.input_path.name == "input.bin":
            return self.input_path.read_bytes()
        try:
            return self.input_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"not UTF-8 ({e.reason} at byte {e.start}); raw bytes belong in input.bin",
                             str(self.input_path)) from e

    def run(self):
        """Clean the input under the case's config; returns the Article."""
        from .pipeline import clean

        return clean(self.read_input(), self.config(), name=str(self.input_path),
                     http_charset=self.settings.get("http_charset"))

    def expected(self) -> dict[str, Any] | None:
        p = self.path / EXPECTED_JSON
        if not p.exists():
            return None
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError(f"expected.json is not valid JSON: {e}", str(p)) from e

    def expected_markdown(self) -> str | None:
        p = self.path / EXPECTED_MD
        return p.read_text(encoding="utf-8") if p.exists() else None


def load_case(path: str | os.PathLike) -> Case:
    """Read a case folder; InputError when it has no input or a bad case.toml."""
    path = Path(path)
    if not path.is_dir():
        raise InputError("not a fixture case folder", str(path))
    inputs = [path / n for n in INPUT_NAMES if (path / n).exists()]
    if not inputs:
        raise InputError(f"no input file (one of {', '.join(INPUT_NAMES)})", str(path))
    if len(inputs) > 1:
        raise InputError(f"more than one input file: {', '.join(p.name for p in inputs)}", str(path))
    settings: dict[str, Any] = {}
    toml_path = path / CASE_TOML
    if toml_path.exists():
        try:
            settings = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"case.toml is not valid TOML: {e}", str(toml_path)) from e
        unknown = set(settings) - CASE_KEYS
        if unknown:
            raise InputError(f"unknown keys {sorted(unknown)} (known: {sorted(CASE_KEYS)})", str(toml_path))
    case = Case(path, inputs[0], settings)
    case.config()  # fail early on bad overrides
    return case


def find_cases(root: str | os.PathLike, only: Iterable[str] | None = None) -> list[Case]:
    """Every case folder under root (a folder holding an input file), sorted by path.

    root may itself be a case. ``only`` keeps cases with those names.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError("fixture folder does not exist", str(root))
    dirs = sorted({p.parent for n in INPUT_NAMES for p in root.rglob(n)})
    cases = [load_case(d) for d in dirs]
    if only:
        wanted = set(only)
        missing = wanted - {c.name for c in cases}
        if missing:
            raise InputError(f"no case named {', '.join(sorted(missing))}", str(root))
        cases = [c for c in cases if c.name in wanted]
    return cases


def config_from_dict(data: dict[str, Any], where: str = "config") -> Config:
    """Config with overrides from a dict: top-level fields, and tables for the stage sub-configs."""
    return _apply(Config(), data, where)


def _apply(obj: Any, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise InputError(f"[{where}] has no setting {key!r} (known: {', '.join(sorted(known))})", where)
        current = getattr(obj, key)
        if is_dataclass(current) and isinstance(value, dict):
            changes[key] = _apply(current, value, f"{where}.{key}")
        else:
            if key == "target" and value == "none":
                value = None  # TOML has no null
            changes[key] = value
    try:
        return replace(obj, **changes)
    except (TypeError, ValueError) as e:
        raise InputError(f"bad setting: {e}", where) from e


# ---------------------------------------------------------------- writing

def expected_payload(article) -> dict[str, Any]:
    return {VERSIONS_KEY: versions(), **article.to_dict()}


def write_expected(case: Case, article=None) -> None:
    """(Re)write expected.json and expected.md from the current output."""
    article = article if article is not None else case.run()
    payload = json.dumps(expected_payload(article), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(case.path / EXPECTED_JSON, payload)
    write_text_atomic(case.path / EXPECTED_MD, article.to_markdown())


def _toml_str(s: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(s, ensure_ascii=False)


def new_case(source: bytes | str | os.PathLike, name: str, root: str | os.PathLike = "fixtures", *,
             kind: str | None = None, note: str | None = None, url: str | None = None,
             http_charset: str | None = None, config: dict[str, Any] | None = None,
             overwrite: bool = False) -> Case:
    """Write a case from an input and the current output, for a person to review.

    ``source``: a ``Path`` (its bytes are stored as input.bin unless it ends in .html/.htm/.txt and is
    UTF-8), raw bytes (e.g. ``response.body`` in a spider: stored as input.bin, decoded by newsclean), or
    a str of text or HTML. ``kind`` forces "bin", "html" or "txt".
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise InputError("case name must be a plain folder name", name)
    if isinstance(source, os.PathLike):
        src_path = Path(source)
        if not src_path.is_file():
            raise InputError("no such file", str(src_path))
        data: bytes | str = src_path.read_bytes()
        if kind is None:
            kind = "bin"
            if src_path.suffix.lower() in (".html", ".htm", ".txt", ".md"):
                try:
                    data = data.decode("utf-8")
                    kind = "html" if src_path.suffix.lower() in (".html", ".htm") else "txt"
                except UnicodeDecodeError:
                    kind = "bin"
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        kind = kind or "bin"
    elif isinstance(source, str):
        data = source
        kind = kind or ("html" if source.lstrip()[:1] == "<" else "txt")
    else:
        raise InputError(f"cannot make a case from a {type(source).__name__}", name)
    if kind not in ("bin", "html", "txt"):
        raise InputError(f"kind must be bin, html or txt, not {kind!r}", name)
    path = Path(root) / name
    if path.exists() and any(path.iterdir()) and not overwrite:
        raise InputError("case already exists (use `fixtures update` to refresh it)", str(path))
    target = path / f"input.{kind}"
    stored = (data if isinstance(data, bytes) else data.encode("utf-8")) if kind == "bin" else \
        (data if isinstance(data, str) else data.decode("utf-8"))
    # Clean before writing anything: an input newsclean refuses (empty, binary, no text) leaves no
    # half case behind (it made `fixtures check` fail and blocked a second `fixtures new`).
    from .pipeline import clean

    article = clean(stored, config_from_dict(config or {}, where=f"{name}: config"), name=str(target),
                    http_charset=http_charset)
    path.mkdir(parents=True, exist_ok=True)
    for n in INPUT_NAMES:
        (path / n).unlink(missing_ok=True)
    if kind == "bin":
        target.write_bytes(stored)
    else:
        target.write_text(stored, encoding="utf-8", newline="")
    lines = []
    if note:
        lines.append(f"note = {_toml_str(note)}")
    if url:
        lines.append(f"url = {_toml_str(url)}")
    if http_charset:
        lines.append(f"http_charset = {_toml_str(http_charset)}")
    if config:
        lines.append("")
        lines.extend(_toml_table("config", config))
    if lines:
        (path / CASE_TOML).write_text("\n".join(lines) + "\n", encoding="utf-8")
    case = load_case(path)
    write_expected(case, article)
    return case


def _toml_table(name: str, data: dict[str, Any]) -> list[str]:
    plain = [(k, v) for k, v in data.items() if not isinstance(v, dict)]
    tables = [(k, v) for k, v in data.items() if isinstance(v, dict)]
    out = [f"[{name}]"] + [f"{k} = {_toml_value(v)}" for k, v in plain]
    for k, v in tables:
        out += _toml_table(f"{name}.{k}", v)
    return out


def _toml_value(v: Any) -> str:
    if v is None:
        return '"none"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return _toml_str(str(v))


# ---------------------------------------------------------------- comparing

# Equal runs this short between two changes are folded into one change: "b{+yl+}i{+n+}e" reads worse
# than "[-subtitle-]" / "{+byline+}".
_MIN_EQUAL_RUN = 3
# Replaced items less alike than this are shown as one gone and one new, not as a marked edit.
_MIN_PAIR_RATIO = 0.5


def mark_changes(before: str, after: str) -> tuple[str, str]:
    """Both strings with the changed characters marked: ``[-gone-]`` in before, ``{+new+}`` in after.

    Inline markers, not carets: Chinese characters are double width, so carets under a line misalign.
    """
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    segs: list[list[str]] = []  # [kind, old, new]; kind "=" or "~"
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        kind = "=" if op == "equal" else "~"
        segs.append([kind, before[i1:i2], after[j1:j2]])
    # fold short equal runs that sit between two changes
    merged: list[list[str]] = []
    for k, seg in enumerate(segs):
        short_gap = (seg[0] == "=" and len(seg[1]) < _MIN_EQUAL_RUN and 0 < k < len(segs) - 1
                     and merged and merged[-1][0] == "~")
        kind = "~" if short_gap else seg[0]
        if merged and merged[-1][0] == "~" and kind == "~":
            merged[-1][1] += seg[1]
            merged[-1][2] += seg[2]
        else:
            merged.append([kind, seg[1], seg[2]])
    b_out: list[str] = []
    a_out: list[str] = []
    for kind, old, new in merged:
        if kind == "=":
            b_out.append(old)
            a_out.append(new)
            continue
        if old:
            b_out.append(f"[-{old}-]")
        if new:
            a_out.append(f"{{+{new}+}}")
    return "".join(b_out), "".join(a_out)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _body_units(sections: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Sections flattened to (label, text): headings and blocks, numbered as a reader counts them."""
    units: list[tuple[str, str]] = []
    n = 0
    for si, s in enumerate(sections or [], 1):
        if s.get("heading"):
            units.append((f"section {si} heading", s["heading"]))
        for b in s.get("blocks", []):
            n += 1
            units.append((f"section {si} {b.get('kind', 'paragraph')} {n}", b.get("text", "")))
    return units


def _entry_line(entry: Any) -> str:
    """One report/problem entry on one line."""
    if not isinstance(entry, dict):
        return _show(entry)
    head = " ".join(str(entry[k]) for k in ("step", "action", "kind") if entry.get(k) is not None)
    where = f" #{entry['where']}" if entry.get("where") is not None else ""
    text = _show(entry.get("text", ""))
    after = f" -> {_show(entry['after'])}" if entry.get("after") is not None else ""
    rest = {k: v for k, v in entry.items() if k not in ("step", "action", "kind", "where", "text", "after")}
    extra = f" {_show(rest)}" if rest else ""
    return f"{head}{where} {text}{after}{extra}"


def _diff_sequence(title: str, old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[str]:
    """Readable diff of two labelled text sequences: which item changed, before/after with marks."""
    sm = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                (lo, to), (ln, tn) = old[i1 + k], new[j1 + k]
                if difflib.SequenceMatcher(None, to, tn, autojunk=False).ratio() < _MIN_PAIR_RATIO:
                    out += [f"  - {lo} (gone): {to}", f"  + {ln} (new): {tn}"]
                    continue
                b, a = mark_changes(to, tn)
                label = lo if lo == ln else f"{lo} -> {ln}"
                out += [f"  ~ {label}:", f"      before: {b}", f"      after:  {a}"]
            for lo, to in old[i1 + pairs:i2]:
                out.append(f"  - {lo} (gone): {to}")
            for ln, tn in new[j1 + pairs:j2]:
                out.append(f"  + {ln} (new): {tn}")
        elif op == "delete":
            for lo, to in old[i1:i2]:
                out.append(f"  - {lo} (gone): {to}")
        elif op == "insert":
            for ln, tn in new[j1:j2]:
                out.append(f"  + {ln} (new): {tn}")
    return [f"{title}:"] + out if out else []


def diff_articles(expected: dict[str, Any], actual: dict[str, Any], ignore: Iterable[str] = ()) -> list[str]:
    """Lines describing every difference, per field and per paragraph; [] when equal."""
    ignore = set(ignore) | {VERSIONS_KEY}
    out: list[str] = []
    keys = [k for k in list(expected) + [k for k in actual if k not in expected] if k not in ignore]
    for key in keys:
        if key not in expected:
            out.append(f"{key}: new field {_show(actual[key])}")
            continue
        if key not in actual:
            out.append(f"{key}: field gone (was {_show(expected[key])})")
            continue
        old, new = expected[key], actual[key]
        if old == new:
            continue
        base = DERIVED.get(key)
        if base and base not in ignore and expected.get(base) != actual.get(base):
            out.append(f"{key}: changed with {base} (see above)")
            continue
        if key == "sections":
            lines = _diff_sequence("sections (body, per paragraph)", _body_units(old), _body_units(new))
            if not lines:  # same texts, different grouping or kinds
                lines = [f"sections: same text, different structure: {_show(old)} -> {_show(new)}"]
            out += lines
        elif key in ("report", "problems") and isinstance(old, list) and isinstance(new, list):
            lab_old = [(f"{key}[{i}]", _entry_line(e)) for i, e in enumerate(old)]
            lab_new = [(f"{key}[{i}]", _entry_line(e)) for i, e in enumerate(new)]
            out += _diff_sequence(f"{key} ({len(old)} -> {len(new)} entries)", lab_old, lab_new)
        elif isinstance(old, str) and isinstance(new, str):
            if "\n" in old or "\n" in new:
                out += _diff_sequence(key, [(f"line {i}", t) for i, t in enumerate(old.split("\n"), 1)],
                                      [(f"line {i}", t) for i, t in enumerate(new.split("\n"), 1)])
            else:
                b, a = mark_changes(old, new)
                out += [f"{key}:", f"      before: {b}", f"      after:  {a}"]
        else:
            out.append(f"{key}: {_show(old)} -> {_show(new)}")
    return out


@dataclass
class CaseResult:
    case: Case
    ok: bool
    diff: list[str] = field(default_factory=list)
    note: str | None = None         # versions differ
    error: str | None = None        # could not run / no expected files

    def message(self) -> str:
        lines = [f"fixture {self.case.name} ({self.case.path})"]
        if self.case.note:
            lines.append(f"  note: {self.case.note}")
        if self.note:
            lines.append(f"  versions: {self.note}")
        if self.error:
            lines.append(f"  {self.error}")
        lines += ["  " + d for d in self.diff]
        if not self.ok and not self.error:
            lines.append(f"  review, then accept with: newsclean fixtures update {self.case.path.parent} "
                         f"--only {self.case.name}   (or pytest --newsclean-update)")
        return "\n".join(lines)


def check_case(case: Case) -> CaseResult:
    """Run a case and compare with its expected files."""
    expected = case.expected()
    if expected is None:
        return CaseResult(case, False, error="no expected.json yet: run `newsclean fixtures update` and review it")
    try:
        article = case.run()
    except InputError as e:
        return CaseResult(case, False, error=f"cleaning failed: {e}")
    actual = article.to_dict()
    diff = diff_articles(expected, actual, case.ignore)
    md = case.expected_markdown()
    if not diff and md is not None and md != article.to_markdown():
        diff = _diff_sequence("expected.md is stale (expected.json matches)",
                              [(f"line {i}", t) for i, t in enumerate(md.split("\n"), 1)],
                              [(f"line {i}", t) for i, t in enumerate(article.to_markdown().split("\n"), 1)])
    elif md is None:
        diff = diff + ["expected.md is missing"]
    return CaseResult(case, not diff, diff, note=version_note(expected.get(VERSIONS_KEY)) if diff else None)


def check_dir(root: str | os.PathLike, only: Iterable[str] | None = None) -> list[CaseResult]:
    """Every case checked; a case that crashes newsclean is a failed result, not the end of the run."""
    results = []
    for case in find_cases(root, only):
        try:
            results.append(check_case(case))
        except Exception as e:  # a bug in a stage: report it with the case, go on with the others
            import traceback

            frame = traceback.extract_tb(e.__traceback__)[-1]
            results.append(CaseResult(case, False, error=f"newsclean raised {type(e).__name__}: {e} "
                                                         f"({frame.filename}:{frame.lineno})"))
    return results


# ---------------------------------------------------------------- CLI

def register_cli(subparsers) -> None:
    """Adds `newsclean fixtures new|check|update`."""
    f = subparsers.add_parser("fixtures", help="create, check and update fixture cases",
                              description="Golden-file fixture cases: new, check, update.")
    sub = f.add_subparsers(dest="fixtures_command", required=True)
    n = sub.add_parser("new", help="write a case from an input and the current output, for review")
    n.add_argument("input", help="the page: raw bytes, .html or .txt")
    n.add_argument("--name", required=True, help="case folder name")
    n.add_argument("--dir", default="fixtures", help="fixture folder (default: fixtures)")
    n.add_argument("--note", help="what a reviewer should see in the output")
    n.add_argument("--url", help="where the page came from")
    n.add_argument("--charset", help="charset from the HTTP header, if any")
    n.add_argument("--to", choices=["s", "t", "tw", "hk", "none"], help="target script for this case")
    n.add_argument("--force", action="store_true", help="overwrite an existing case")
    n.set_defaults(func=_cli_new)
    c = sub.add_parser("check", help="compare every case with its expected files; exit 1 on any difference")
    c.add_argument("dir", nargs="?", default="fixtures")
    c.add_argument("--only", action="append", metavar="NAME", help="check only this case (repeatable)")
    c.set_defaults(func=_cli_check)
    u = sub.add_parser("update", help="rewrite expected files from the current output (after review)")
    u.add_argument("dir", nargs="?", default="fixtures")
    u.add_argument("--only", action="append", metavar="NAME", help="update only this case (repeatable)")
    u.set_defaults(func=_cli_update)


def _cli_new(args) -> int:
    config = {"target": args.to} if args.to else None
    try:
        case = new_case(Path(args.input), args.name, args.dir, note=args.note, url=args.url,
                        http_charset=args.charset, config=config, overwrite=args.force)
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 1
    print(f"wrote {case.path}: {case.input_path.name}, {EXPECTED_JSON}, {EXPECTED_MD}"
          f"\nreview {case.path / EXPECTED_MD} before committing")
    return 0


def _cli_check(args) -> int:
    try:
        results = check_dir(args.dir, args.only)
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 2
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(r.message() + "\n")
    print(f"{len(results) - len(failed)} of {len(results)} fixture cases match"
          + (f"; {len(failed)} differ: {', '.join(r.case.name for r in failed)}" if failed else ""))
    return 1 if failed or not results else 0


def _cli_update(args) -> int:
    try:
        cases = find_cases(args.dir, args.only)
    except InputError as e:
        print(f"newsclean: error: {e}", file=sys.stderr)
        return 2
    changed, failed = [], []
    for case in cases:
        try:
            before = check_case(case)
            write_expected(case)
        except Exception as e:  # one case newsclean cannot clean: say so, update the others
            failed.append(case.name)
            print(f"newsclean: {case.name}: not updated: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        if not before.ok:
            changed.append(case.name)
    print(f"updated {len(cases) - len(failed)} cases; output changed in {len(changed)}"
          + (f": {', '.join(changed)} (review their expected.md diffs)" if changed else ""))
    return 1 if failed else 0


# ---------------------------------------------------------------- pytest plugin
# pytest loads this module through the `pytest11` entry point; the hooks below import pytest lazily.

def pytest_addoption(parser):
    group = parser.getgroup("newsclean")
    group.addoption("--newsclean-fixtures", action="append", default=[], metavar="DIR",
                    help="collect newsclean fixture cases from DIR (repeatable)")
    group.addoption("--newsclean-update", action="store_true", default=False,
                    help="rewrite expected files of newsclean fixture cases instead of checking them")


def pytest_configure(config):
    if config.getoption("--newsclean-fixtures", default=None):
        config.addinivalue_line("markers", "newsclean_fixture: a newsclean golden-file fixture case")


def pytest_collection_modifyitems(session, config, items):
    roots = config.getoption("--newsclean-fixtures", default=None) or []
    for root in roots:
        items.extend(_collect_items(session, Path(root)))


# -k/-m deselection runs in its own modifyitems hook: ours must add the items before it.
try:  # pluggy comes with pytest; plain CLI use does not need it
    from pluggy import HookimplMarker as _HookimplMarker

    pytest_collection_modifyitems = _HookimplMarker("pytest")(tryfirst=True)(pytest_collection_modifyitems)
except ImportError:  # pragma: no cover
    pass


class FixtureMismatch(AssertionError):
    def __init__(self, result: CaseResult):
        super().__init__(result.message())
        self.result = result


_CLASSES: dict[str, type] = {}


def _item_classes() -> tuple[type, type]:
    """pytest node classes, built on first use so importing this module never needs pytest."""
    if not _CLASSES:
        import pytest

        class NewscleanFixtureDir(pytest.Collector):
            def collect(self):
                return []

        class NewscleanFixtureItem(pytest.Item):
            def __init__(self, *, case_path: Path, **kw):
                super().__init__(**kw)
                self.case_path = case_path
                self.add_marker("newsclean_fixture")

            def runtest(self):
                case = load_case(self.case_path)  # InputError -> reported as an error of this case
                if self.config.getoption("--newsclean-update"):
                    write_expected(case)
                    if not hasattr(self.config, "_newsclean_updated"):
                        self.config._newsclean_updated = []
                    self.config._newsclean_updated.append(case.name)
                    return
                result = check_case(case)
                if not result.ok:
                    raise FixtureMismatch(result)

            def repr_failure(self, excinfo, style=None):
                if isinstance(excinfo.value, (FixtureMismatch, InputError)):
                    return str(excinfo.value)
                return super().repr_failure(excinfo, style)

            def reportinfo(self):
                return self.case_path, None, f"newsclean fixture {self.name}"

        _CLASSES["dir"] = NewscleanFixtureDir
        _CLASSES["item"] = NewscleanFixtureItem
    return _CLASSES["dir"], _CLASSES["item"]


def _collect_items(session, root: Path) -> list:
    """One item per case folder under root, named after the case."""
    dir_cls, item_cls = _item_classes()
    root = root if root.is_absolute() else Path(session.config.invocation_params.dir) / root
    if not root.is_dir():
        raise InputError("fixture folder given to --newsclean-fixtures does not exist", str(root))
    label = root.resolve().as_posix()
    for base in (session.config.rootpath, session.config.invocation_params.dir):
        try:
            label = root.resolve().relative_to(Path(base).resolve()).as_posix()
            break
        except ValueError:
            continue
    parent = dir_cls.from_parent(session, name=label or ".", path=root, nodeid=label or ".")
    dirs = sorted({p.parent for n in INPUT_NAMES for p in root.rglob(n)})
    names = [d.relative_to(root).as_posix() if d != root else d.name for d in dirs]
    items = [item_cls.from_parent(parent, name=n, path=d, case_path=d) for n, d in zip(names, dirs)]
    # Tell the terminal reporter (collected counts, --collect-only) as normal collection would.
    import pytest

    session.ihook.pytest_collectreport(report=pytest.CollectReport(parent.nodeid, "passed", None, items))
    return items


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    updated = getattr(config, "_newsclean_updated", None)
    if updated:
        terminalreporter.write_line(f"newsclean: rewrote expected files of {len(updated)} cases "
                                    f"({', '.join(updated)}); review them before committing")
