"""What newsclean reads from OpenCC itself: converters, its version, and character sets from its dictionary files.

The character sets come from the ``.ocd2`` tables the ``opencc`` package ships (STCharacters, TSCharacters):
an ``.ocd2`` file is a marisa trie of keys followed by the values as one block of NUL-terminated UTF-8
strings, preceded by two little-endian uint32 (item count, block length). Only that value block is read.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable

import opencc

# Runs of NUL-terminated UTF-8 strings: where an .ocd2 file keeps its values.
_VALUE_RUN = re.compile(rb"(?:(?:[\xc2-\xf4][\x80-\xbf]+|[\x20-\x7e])+\x00){50,}")


@lru_cache(maxsize=None)
def converter(name: str) -> "opencc.OpenCC":
    """One cached OpenCC converter per config name (building one reads its dictionaries: ~ms)."""
    return opencc.OpenCC(name)


@lru_cache(maxsize=1)
def opencc_version() -> str:
    try:
        from importlib.metadata import version

        return version("opencc")
    except Exception:  # not installed as a distribution
        return str(getattr(opencc, "__version__", "unknown"))


def share_dir() -> Path:
    """Where the installed opencc package keeps its dictionaries."""
    return Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"


def ocd2_values(path: Path) -> set[str]:
    """Every value string of one OpenCC .ocd2 dictionary."""
    data = path.read_bytes()
    best = max(_VALUE_RUN.finditer(data), key=lambda m: len(m.group()), default=None)
    if best is None or best.start() < 8:
        raise ValueError(f"{path}: no value block found (unknown .ocd2 layout)")
    _count, length = struct.unpack("<II", data[best.start() - 8:best.start()])
    if length > len(best.group()):
        raise ValueError(f"{path}: value block shorter than its header says ({len(best.group())} < {length})")
    block = data[best.start():best.start() + length]
    return {v.decode("utf-8") for v in block.split(b"\0") if v}


# Where Han characters live: CJK Extension A, Unified Ideographs, Compatibility Ideographs.
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _per_char(name: str, chars: list[str]) -> list[str]:
    return converter(name).convert("\n".join(chars)).split("\n")


@lru_cache(maxsize=1)
def script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only) single characters, from OpenCC's tables.

    Traditional-only: OpenCC's t2s changes it, s2t keeps it, and it is no simplified form (not a value of
    TSCharacters). Simplified-only: the other way round (not a value of STCharacters), so 干, 后, which are
    also traditional characters (干涉, 皇后), count for neither script.
    """
    share = share_dir()
    trad_forms = ocd2_values(share / "STCharacters.ocd2")
    simp_forms = ocd2_values(share / "TSCharacters.ocd2")
    chars = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)]
    to_s = _per_char("t2s", chars)
    to_t = _per_char("s2t", chars)
    # a character both directions change (compatibility ideographs, 緼 …) is evidence for neither
    trad = {c for c, s, t in zip(chars, to_s, to_t) if s != c and t == c and c not in simp_forms}
    simp = {c for c, s, t in zip(chars, to_s, to_t) if t != c and s == c and c not in trad_forms}
    return frozenset(trad), frozenset(simp)


@lru_cache(maxsize=1)
def regional_variants() -> dict[str, str]:
    """Hong Kong variant characters OpenCC's t2s leaves but hk2s converts (敍, 衞, 綫 …): char -> simplified.

    Read from OpenCC's HKVariants table (its values are the Hong Kong forms) and converted by OpenCC itself,
    so t2s plus this map equals hk2s on single characters at t2s speed.
    """
    forms = sorted(v for v in ocd2_values(share_dir() / "HKVariants.ocd2") if len(v) == 1)
    via_hk = _per_char("hk2s", forms)
    via_t = _per_char("t2s", forms)
    return {c: h for c, h, t in zip(forms, via_hk, via_t) if h != t and len(h) == 1}


DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Single characters t2s leaves but which have one simplified form: OpenCC's HK variants + our data."""
    table = dict(regional_variants())
    for line in (DATA / "convert_chars.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            char, simplified = line.split("\t")[:2]
            table[char] = simplified
    return table


@lru_cache(maxsize=1)
def simplifier() -> tuple["opencc.OpenCC", str]:
    """(converter, the variants it does not convert: the context layer converts those before it runs).

    OpenCC's own t2s config, with its character table TSCharacters rebuilt to also hold the variants (敍 衞 揹
    …): one table in place of another, so conversion costs what t2s costs and the layer need not look for
    them. The table is rebuilt with the `opencc_dict` tool the opencc package ships, once per process, in a
    temporary directory. (One more dictionary in t2s's lookup group instead measured 16-60 % slower: OpenCC
    then looks every character up once more.) The rebuilt converter must agree with t2s on every other Han
    character; on any surprise, plain t2s is returned and the layer converts every variant.
    """
    table = variants()
    try:
        converter_, keys = _rebuilt_t2s(table)
        probe = sorted({chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)} | keys)
        if converter_.convert("\n".join(probe)) == _with_variants(converter("t2s").convert("\n".join(probe)), table):
            return converter_, "".join(sorted(k for k, v in table.items() if converter_.convert(k) != v))
    except Exception:  # no tool, another t2s.json shape, a failed build: plain t2s, variants in Python
        pass
    return converter("t2s"), "".join(sorted(table))


@lru_cache(maxsize=None)
def unchanged_screen(config_file: str) -> Callable[[str], object] | None:
    """The `search` of a regex class holding every character a conversion by this OpenCC config could change,
    or None when its dictionaries cannot be read (then every text is converted).

    OpenCC cuts a text into dictionary matches and replaces each by its first value. A match whose value is
    its key changes nothing, so a text holding no character where some entry's key and value differ (every
    character of the key when their lengths differ) comes out of the conversion as it went in: most
    simplified texts, which t2s would otherwise scan at ~20 ns a character. The entries are read with the
    `opencc_dict` tool the opencc package ships, from every dictionary of the config (normalisation too)."""
    try:
        share = share_dir()
        path = Path(config_file)
        if not path.is_absolute():
            path = share / (config_file if config_file.endswith(".json") else f"{config_file}.json")
        config = json.loads(path.read_text(encoding="utf-8"))
        chars: set[str] = set()
        # The dumps go through a pipe where there is /dev/stdout: a folder would outlive a worker killed
        # while it reads them (a stop after its start-up, when another config is first needed).
        folder = None if _PIPE_OUT else Path(tempfile.mkdtemp(prefix=_folder_prefix()))
        try:
            for d in _dict_files(config):
                file = Path(d["file"]) if Path(d["file"]).is_absolute() else share / d["file"]
                for key, value in _entries(file, d["type"], folder).items():
                    if value != key:
                        chars.update([k for k, v in zip(key, value) if k != v] if len(key) == len(value) else key)
        finally:
            if folder is not None:
                shutil.rmtree(folder, True)
    except Exception:   # no tool, an unknown config or dictionary shape: no screen
        return None
    bmp = "".join(sorted(c for c in chars if ord(c) < 0x10000))
    astral = sorted(c for c in chars if ord(c) >= 0x10000)
    # astral characters as one range: a class listing hundreds of them is scanned ~200x slower
    span = f"{astral[0]}-{astral[-1]}" if astral else ""
    return re.compile("[" + re.escape(bmp) + span + "]").search if bmp or span else (lambda text: None)


_PREFIX = "newsclean-opencc-"


def _folder_prefix() -> str:
    """This process's prefix for its table folders, after removing the folders of processes that are gone
    (a worker killed while it built its tables, SIGKILL or the OOM killer, cannot remove its own)."""
    root = Path(tempfile.gettempdir())
    for old in root.glob(f"{_PREFIX}*-*") if os.name == "posix" else ():   # kill(pid, 0) only asks on POSIX
        pid = old.name[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(old, True)
    return f"{_PREFIX}{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # another user's process: alive
        return True
    return True


def _dict_files(config: dict) -> list[dict]:
    """The dictionaries a config reads, groups flattened, normalisation first."""
    out: list[dict] = []
    todo = [step["dict"] for step in [*config.get("normalization", []), *config["conversion_chain"]]]
    while todo:
        d = todo.pop(0)
        if d.get("type") == "group":
            todo[:0] = d["dicts"]
        elif d.get("type") in ("ocd2", "text") and "file" in d:
            out.append(d)
        else:
            raise ValueError(f"unknown OpenCC dictionary {d!r}")
    return out


_PIPE_OUT = os.name == "posix" and os.path.exists("/dev/stdout")


def _entries(file: Path, kind: str, folder: Path | None) -> dict[str, str]:
    """key -> the value OpenCC uses (the first) of one dictionary file (an .ocd2 dumped into `folder`, or
    through a pipe when it is None)."""
    if kind == "ocd2":
        tool = share_dir().parent.parent / "bin" / "opencc_dict"
        out_file = "/dev/stdout" if folder is None else str(folder / (file.name + ".txt"))
        done = subprocess.run([str(tool), "-i", str(file), "-o", out_file, "-f", "ocd2", "-t", "text"],
                              check=True, capture_output=True, timeout=60)
        text = done.stdout.decode("utf-8") if folder is None else Path(out_file).read_text(encoding="utf-8")
    else:
        text = file.read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            out[key] = values.split(" ")[0]
    return out


def _with_variants(per_line: str, table: dict[str, str]) -> str:
    """One character per line, as t2s gave them, with the variants' lines as the table says."""
    return "\n".join(table.get(c, c) for c in per_line.split("\n"))


def _rebuilt_t2s(table: dict[str, str]) -> tuple["opencc.OpenCC", set[str]]:
    """(t2s with the variants in its TSCharacters table, the single-character keys of that table)."""
    share = share_dir()
    tool = share.parent.parent / "bin" / "opencc_dict"
    config = json.loads((share / "t2s.json").read_text(encoding="utf-8"))
    chain = config["conversion_chain"]
    if len(chain) != 1 or chain[0]["dict"].get("type") != "group":
        raise ValueError("unexpected t2s.json")
    for step in [*config.get("normalization", []), *chain]:
        for d in step["dict"].get("dicts", [step["dict"]]):
            if "file" in d:
                d["file"] = str(share / d["file"])
    characters = [d for d in chain[0]["dict"]["dicts"] if Path(d.get("file", "")).name == "TSCharacters.ocd2"]
    if len(characters) != 1 or characters[0]["type"] != "ocd2":
        raise ValueError("no TSCharacters.ocd2 in t2s.json")
    # OpenCC reads every file while it builds the converter, and the screen is read here too: the folder can
    # go at once (an atexit clean-up never ran in batch workers, which end with os._exit: one folder each).
    with tempfile.TemporaryDirectory(prefix=_folder_prefix()) as tmp:
        folder = Path(tmp)
        dump, merged = folder / "TSCharacters.txt", folder / "TSCharacters+variants.ocd2"
        run = partial(subprocess.run, check=True, capture_output=True, timeout=60)
        run([str(tool), "-i", characters[0]["file"], "-o", str(dump), "-f", "ocd2", "-t", "text"])
        entries = dict(line.split("\t", 1) for line in dump.read_text(encoding="utf-8").splitlines() if "\t" in line)
        entries.update(table)                 # a variant's own entry (衹 衹 只: t2s keeps it) gives way
        dump.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(entries.items())), encoding="utf-8")
        run([str(tool), "-i", str(dump), "-o", str(merged), "-f", "text", "-t", "ocd2"])
        characters[0]["file"] = str(merged)
        config["name"] = "OpenCC t2s, TSCharacters with newsclean's variants"
        path = folder / "newsclean_t2s.json"
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        built = opencc.OpenCC(str(path))
        unchanged_screen(built.config)   # cached by config path: read its dictionaries while they exist
        return built, {k for k in entries if len(k) == 1}
