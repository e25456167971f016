"""Near-duplicate articles across a crawl: mirror copies, script-converted, trimmed and garbled ones.

    from newsclean.dedupe import dedupe_records
    out = dedupe_records(records)          # each record gets "cluster" and "duplicate_of"

Steps, each a function:
  normalize   one script (simplified), NFKC, lower case, punctuation and whitespace dropped
  shingles    hashes of overlapping 5-character windows (numpy, vectorised)
  signature   one-permutation MinHash with densification over the shingle hashes
  candidates  LSH banding of the signatures
  verify      real similarity of the shingle sets (Jaccard, or containment for trimmed copies)
  clusters    union-find over verified pairs; the cleanest copy of each cluster is kept

Needs numpy (the ``dedupe`` extra).
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from .atomic import write_text_atomic
from .config import KEEP_RULES, DedupeConfig
from .errors import InputError

_MASK64 = (1 << 64) - 1
# Characters that are not letters or digits (CJK ideographs count as letters).
_NON_WORD = re.compile(r"[\W_]+")
# Signs of damage a clean copy does not have: replacement character, GBK/UTF-8 round-trip debris,
# Latin-1 mojibake lead characters, a "?" glued to Chinese.
_DAMAGE = re.compile(r"\ufffd|锟斤拷|烫烫烫|屯屯屯|[ÃÂâåæçéèäÐ][\x80-\xbf\u0152-\u2122]|(?<=[\u4e00-\u9fff])\?|\?(?=[\u4e00-\u9fff])")

# Cheap test before the real annotation detector: a Han character followed by a bracketed latin syllable.
_MAYBE_ANNOTATED = re.compile(r"[\u3400-\u9fff][(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\s*[)）]")

@dataclass
class Match:
    """The verdict for one input document."""

    id: str
    cluster: str              # the kept copy's id; shared by all near-duplicates
    duplicate_of: str | None  # None for the kept copy
    similarity: float | None = None  # to the kept copy, when a duplicate


# ---------------------------------------------------------------- normalise and shingle

def normalize(text: str, config: DedupeConfig | None = None) -> str:
    """The text as compared: simplified, NFKC, lower case, only letters and digits."""
    config = config or DedupeConfig()
    if not isinstance(text, str):
        raise InputError(f"dedupe needs text, not {type(text).__name__}")
    if config.strip_annotations and _MAYBE_ANNOTATED.search(text):
        from .repair.pinyin import strip_annotations

        text = strip_annotations(text)
    text = unicodedata.normalize("NFKC", text)
    if config.simplify:
        from .convert import to_simplified

        text = to_simplified(text)
    return _NON_WORD.sub("", text.lower())


def _np():
    try:
        import numpy
    except ImportError as e:  # pragma: no cover
        raise ImportError("newsclean.dedupe needs numpy: pip install 'newsclean[dedupe]'") from e
    return numpy


def shingles(norm: str, width: int = 5):
    """Sorted unique 64-bit hashes of the width-character windows of a normalised text."""
    np = _np()
    if not norm:
        return np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(cps) < width:
        width = len(cps)  # a very short text is one shingle
    n = len(cps) - width + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for k in range(width):  # polynomial hash, wrapping mod 2**64
            h = h * np.uint64(0x100000001B3) + cps[k:k + n]
        h = _mix(np, h)
    return np.unique(h)


def _mix(np, h):
    """splitmix64 finaliser: spreads the polynomial hash over all 64 bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        h = h ^ (h >> np.uint64(31))
    return h


def signature(sh, config: DedupeConfig | None = None):
    """One-permutation MinHash: each shingle falls in one of num_perm bins; a bin keeps its minimum.

    O(shingles) instead of O(shingles * num_perm). Empty bins (short texts) borrow the next non-empty
    bin's value, salted by the distance ("rotation" densification), so every bin is comparable.
    """
    config = config or DedupeConfig()
    np = _np()
    k = config.num_perm
    empty = np.uint64(_MASK64)
    sig = np.full(k, empty, dtype=np.uint64)
    if len(sh) == 0:
        return sig
    with np.errstate(over="ignore"):
        h = _mix(np, sh ^ np.uint64(config.seed * 0x9E3779B97F4A7C15 & _MASK64))
    np.minimum.at(sig, (h % np.uint64(k)).astype(np.intp), h // np.uint64(k))
    missing = sig == empty
    if missing.any() and not missing.all():
        filled = np.flatnonzero(~missing)
        idx = np.flatnonzero(missing)
        pos = np.searchsorted(filled, idx) % len(filled)
        src = filled[pos]
        dist = ((src - idx) % k).astype(np.uint64)
        with np.errstate(over="ignore"):
            sig[idx] = sig[src] + dist * np.uint64(0x9E3779B97F4A7C15)
    return sig


def similarity(a, b) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two sorted unique hash arrays."""
    np = _np()
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


# ---------------------------------------------------------------- choosing the kept copy

@lru_cache(maxsize=1)
def _mirror_patterns() -> tuple[re.Pattern, ...]:
    text = resources.files("newsclean.data").joinpath("dedupe_mirror_hosts.txt").read_text(encoding="utf-8")
    return tuple(re.compile(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def looks_like_mirror(site_or_url: str | None) -> bool:
    """Whether a host (or URL) has the shape of a spam-mirror site."""
    if not site_or_url:
        return False
    s = site_or_url.strip().lower()
    host = urlsplit(s if "//" in s else "//" + s).hostname or ""
    return bool(host) and any(p.search(host) for p in _mirror_patterns())


@dataclass
class _Doc:
    id: str
    order: int
    norm_len: int
    sh: Any
    problems: int
    date: str | None
    host: str | None
    sig: Any = None


def _rank(doc: _Doc, config: DedupeConfig, longest: int) -> tuple:
    """Sort key within a cluster whose longest body has `longest` characters: smaller is better."""
    key: list = []
    for rule in config.keep:
        if rule == "problems":
            key.append(doc.problems)
        elif rule == "length":
            # within length_tolerance of the cluster's longest counts as full length (ties)
            key.append(0.0 if doc.norm_len * config.length_tolerance >= longest else longest / max(doc.norm_len, 1))
        elif rule == "date":
            key.append((doc.date is None, doc.date or ""))
        elif rule == "mirror":
            key.append(looks_like_mirror(doc.host))
        elif rule == "order":
            key.append(doc.order)
    key.append(doc.order)
    return tuple(key)


# ---------------------------------------------------------------- reading items

def _fields(item: Any, i: int, id_field: str, text_field: str) -> tuple[str, str, int, str | None, str | None]:
    """(id, text, problems, published, host) of an Article or a dict record."""
    if isinstance(item, dict):
        rid = item.get(id_field)
        if rid is None and id_field == "id":
            rid = item.get("input")  # `newsclean clean` output names its records by input
        text = item.get(text_field)
        if text is None and text_field == "text":
            text = item.get("body")
        if text is None:
            raise InputError(f"record {i} has no {text_field!r} field")
        if not isinstance(text, str):
            raise InputError(f"record {i}: {text_field!r} is a {type(text).__name__}, not text")
        probs = item.get("problems")
        if isinstance(probs, str):  # flat table rows (Parquet, Ray) hold the list as JSON
            try:
                probs = json.loads(probs)
            except ValueError:
                probs = None
        n_prob = len(probs) if isinstance(probs, list) else int(probs) if isinstance(probs, (int, float)) else 0
        if not text.strip() and item.get("title"):
            text = str(item["title"])
        host = item.get("url") or item.get("site")
        return (str(rid) if rid is not None else str(i), text, n_prob, item.get("published"), host)
    if hasattr(item, "to_dict") and hasattr(item, "sections"):  # Article
        text = item.text or (item.title or "")
        return (str(i), text, len(item.problems), item.published, item.site)
    raise InputError(f"item {i}: dedupe takes Articles or dict records, not {type(item).__name__}")


# ---------------------------------------------------------------- the whole run

def features(items: Iterable[Any], config: DedupeConfig | None = None, *, id_field: str = "id",
             text_field: str = "text", start: int = 0) -> list[_Doc]:
    """What clustering needs of each item: normalised length, shingles, signature, the keep-rule facts.

    The expensive part (normalising, hashing); a cluster engine runs it on batches in parallel.
    """
    config = config or DedupeConfig()
    docs: list[_Doc] = []
    for i, item in enumerate(items, start):
        rid, text, n_prob, date, host = _fields(item, i, id_field, text_field)
        norm = normalize(text, config)
        sh = shingles(norm, config.shingle)
        d = _Doc(rid, i, len(norm), sh, n_prob + len(_DAMAGE.findall(text)), date, host)
        if len(sh) >= config.min_shingles:
            d.sig = signature(sh, config)
        docs.append(d)
    return docs


def _features_chunk(args: tuple) -> list[_Doc]:
    chunk, config, id_field, text_field, start = args
    return features(chunk, config, id_field=id_field, text_field=text_field, start=start)


def features_parallel(items: Sequence[Any], config: DedupeConfig, *, id_field: str = "id",
                      text_field: str = "text", jobs: int = 2, chunk_size: int = 500) -> list[_Doc]:
    """``features`` over chunks in ``jobs`` processes, in input order."""
    from concurrent.futures import ProcessPoolExecutor

    tasks = [(items[i:i + chunk_size], config, id_field, text_field, i) for i in range(0, len(items), chunk_size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [d for part in pool.map(_features_chunk, tasks) for d in part]


def find_duplicates(items: Iterable[Any], config: DedupeConfig | None = None, *, id_field: str = "id",
                    text_field: str = "text", jobs: int = 1) -> list[Match]:
    """One Match per item, in input order. ``jobs`` > 1 normalises and signs in that many processes."""
    config = config or DedupeConfig()
    if jobs > 1:
        items = list(items)
        if len(items) > 500:
            return cluster(features_parallel(items, config, id_field=id_field, text_field=text_field,
                                             jobs=jobs, chunk_size=max(100, min(2000, len(items) // (4 * jobs)))),
                           config)
    return cluster(features(items, config, id_field=id_field, text_field=text_field), config)


def cluster(docs: list[_Doc], config: DedupeConfig | None = None) -> list[Match]:
    """Matches for prepared documents (``features``), in the order given; ``doc.order`` breaks ties."""
    config = config or DedupeConfig()
    seen_ids: set[str] = set()
    for d in docs:
        if d.id in seen_ids:
            raise InputError(f"duplicate id {d.id!r} (record {d.order}): ids must be unique; pick --id-field")
        seen_ids.add(d.id)
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best_sim: dict[tuple[int, int], float] = {}

    def join(a: int, b: int, sim: float) -> None:
        best_sim[(min(a, b), max(a, b))] = sim
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Exact duplicates after normalisation, whatever their length.
    exact: dict[bytes, int] = {}
    for i, d in enumerate(docs):
        key = d.sh.tobytes()
        if key in exact:
            join(exact[key], i, 1.0)
        else:
            exact[key] = i
    # LSH over the documents long enough to compare by shingles.
    checked: set[tuple[int, int]] = set()
    for members in lsh_buckets(docs, config):
        for x, y in _bucket_pairs(members, config.max_bucket_pairs):
            pair = (x, y)
            # Already one cluster through other verified pairs: checking this pair adds nothing.
            if pair in checked or find(x) == find(y):
                continue
            checked.add(pair)
            ok, sim = verify(docs[x].sh, docs[y].sh, config)
            if ok:
                join(x, y, sim)
    # Keep the best-ranked copy of each cluster.
    groups: dict[int, list[int]] = {}
    for i in range(len(docs)):
        groups.setdefault(find(i), []).append(i)
    out: list[Match | None] = [None] * len(docs)
    for members in groups.values():
        longest = max(docs[m].norm_len for m in members)
        kept = min(members, key=lambda m: _rank(docs[m], config, longest))
        for m in members:
            if m == kept:
                out[m] = Match(docs[m].id, docs[kept].id, None)
            else:
                sim = best_sim.get((min(m, kept), max(m, kept)))
                if sim is None:
                    sim = verify(docs[m].sh, docs[kept].sh, config)[1]
                out[m] = Match(docs[m].id, docs[kept].id, docs[kept].id, round(sim, 4))
    return out  # type: ignore[return-value]


def lsh_buckets(docs: Sequence[_Doc], config: DedupeConfig):
    """Groups (positions in docs, ascending) that share a band of their signatures, band by band.

    Each band's rows are hashed to one 64-bit key per document and grouped by sorting: memory is one key
    array per band, not a dict entry per document and band.
    """
    np = _np()
    idx = [i for i, d in enumerate(docs) if len(d.sh) >= config.min_shingles]
    if len(idx) < 2:
        return
    for i in idx:
        if docs[i].sig is None:
            docs[i].sig = signature(docs[i].sh, config)
    sigs = np.stack([docs[i].sig for i in idx])
    pos = np.asarray(idx)
    for b in range(config.bands):
        keys = np.zeros(len(idx), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(b * config.rows, (b + 1) * config.rows):
                keys = _mix(np, keys * np.uint64(0x100000001B3) + sigs[:, r])
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
        ends = np.append(starts[1:], len(sk))
        for st, en in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            yield sorted(pos[order[st:en]].tolist())


def _bucket_pairs(members: Sequence[int], limit: int):
    """All pairs of a small bucket; in a big one, every member against the first few only."""
    if len(members) * (len(members) - 1) // 2 <= limit:
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                yield (x, y) if x < y else (y, x)
        return
    heads = members[:max(1, limit // max(1, len(members)))]
    for h in heads:
        for y in members:
            if y != h:
                yield (h, y) if h < y else (y, h)


def verify(a, b, config: DedupeConfig) -> tuple[bool, float]:
    """Whether two shingle sets are near-duplicates, and the similarity that decided it."""
    if len(a) == 0 or len(b) == 0:
        return False, 0.0
    small, large = sorted((len(a), len(b)))
    jac, cont = similarity(a, b)
    if jac >= config.jaccard:
        return True, jac
    if small / large >= config.min_size_ratio and cont >= config.containment:
        return True, cont
    return False, max(jac, cont)


def dedupe_records(records: Iterable[dict[str, Any]], config: DedupeConfig | None = None, *,
                   id_field: str = "id", text_field: str = "text", drop: bool = False,
                   jobs: int = 1) -> list[dict[str, Any]]:
    """Records with ``cluster`` and ``duplicate_of`` added; with ``drop``, only the kept copies."""
    records = list(records)
    matches = find_duplicates(records, config, id_field=id_field, text_field=text_field, jobs=jobs)
    out = []
    for rec, m in zip(records, matches):
        if drop and m.duplicate_of is not None:
            continue
        out.append({**rec, "cluster": m.cluster, "duplicate_of": m.duplicate_of})
    return out


def dedupe(items: Iterable[Any], config: DedupeConfig | None = None, **kw: Any) -> list[Any]:
    """The kept items only (Articles or dicts), in input order."""
    items = list(items)
    matches = find_duplicates(items, config, **kw)
    return [it for it, m in zip(items, matches) if m.duplicate_of is None]


# ---------------------------------------------------------------- Ray

def _feature_table(table, text_column: str, id_column: str, config: DedupeConfig):
    """pyarrow batch of records -> pyarrow table of features (runs on Ray workers)."""
    import pyarrow as pa

    rows = table.to_pylist()
    docs = features(rows, config, id_field=id_column, text_field=text_column)
    return pa.table({
        "id": [d.id for d in docs],
        # input position when the rows carry one (the CLI's slim records), so "order" means input order
        "order": [r.get("_order", -1) for r in rows],
        "norm_len": [d.norm_len for d in docs],
        "sh": [d.sh.tobytes() for d in docs],
        "sig": [d.sig.tobytes() if d.sig is not None else None for d in docs],
        "problems": [d.problems for d in docs],
        "date": [str(d.date) if d.date is not None else None for d in docs],
        "host": [str(d.host) if d.host is not None else None for d in docs],
    })


def _docs_from_rows(rows: list[dict]) -> list[_Doc]:
    np = _np()
    docs = [_Doc(r["id"], r["order"] if r.get("order", -1) >= 0 else i, r["norm_len"],
                 np.frombuffer(r["sh"], dtype=np.uint64), r["problems"], r["date"], r["host"],
                 np.frombuffer(r["sig"], dtype=np.uint64) if r["sig"] is not None else None)
            for i, r in enumerate(rows)]
    docs.sort(key=lambda d: d.order)
    return docs


def find_duplicates_ray(items: Iterable[Any], config: DedupeConfig | None = None, *, id_field: str = "id",
                        text_field: str = "text", batch_size: int = 1000, address: str | None = None,
                        num_cpus: int | None = None) -> list[Match]:
    """``find_duplicates`` with normalising and signing on Ray (connects to ``address`` or starts a local Ray).

    Only what the comparison needs (id, text, problem count, date, host) travels to the workers.
    """
    try:
        import ray
    except ImportError as e:  # pragma: no cover
        raise ImportError("the Ray engine needs ray: pip install 'newsclean[ray,dedupe]'") from e
    config = config or DedupeConfig()
    slim = []
    for i, item in enumerate(items):
        rid, text, n_prob, date, host = _fields(item, i, id_field, text_field)
        slim.append({"_order": i, "id": rid, "text": text, "problems": n_prob,
                     "published": None if date is None else str(date), "url": None if host is None else str(host)})
    if not slim:
        return []
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    feats = ray.data.from_items(slim).map_batches(
        _feature_table, batch_format="pyarrow", batch_size=batch_size,
        fn_kwargs={"text_column": "text", "id_column": "id", "config": config})
    docs = _docs_from_rows(feats.take_all())
    matches = {m.id: m for m in cluster(docs, config)}
    return [matches[r["id"]] for r in slim]


_VERDICTS: dict[str, dict] = {}


def _mark_table(table, verdict: dict, id_column: str, drop: bool):
    """Adds cluster and duplicate_of to a pyarrow batch; with drop, keeps only the kept copies."""
    import pyarrow as pa

    if not isinstance(verdict, dict):  # an ObjectRef: fetch once per worker process
        key = verdict.hex()
        if key not in _VERDICTS:
            import ray

            _VERDICTS.clear()
            _VERDICTS[key] = ray.get(verdict)
        verdict = _VERDICTS[key]
    ids = [str(x) for x in table.column(id_column).to_pylist()]
    clusters = [verdict[i][0] for i in ids]
    dups = [verdict[i][1] for i in ids]
    table = table.append_column("cluster", pa.array(clusters, pa.string()))
    table = table.append_column("duplicate_of", pa.array(dups, pa.string()))
    if drop:
        table = table.filter(pa.array([d is None for d in dups]))
    return table


def dedupe_dataset(ds, *, text_column: str = "text", id_column: str = "id", config: DedupeConfig | None = None,
                   drop: bool = False, batch_size: int = 1000, **map_batches_args):
    """A Ray Dataset of records -> the same Dataset with ``cluster`` and ``duplicate_of`` (only kept rows with drop).

    Normalising, hashing and signing — nearly all the work — run in ``map_batches`` across the cluster;
    the features (shingle hashes, ~8 bytes each) come back to the driver for LSH, verification and the
    choice of the kept copy; the verdicts go out again as one object. ``id_column`` must be unique
    (default ``id``, else ``input`` as written by ``newsclean clean``). The ``order`` keep rule follows the
    order rows reach the driver; set ``DataContext.get_current().execution_options.preserve_order = True``
    for input order.
    """
    try:
        import ray
    except ImportError as e:  # pragma: no cover
        raise ImportError("dedupe_dataset needs ray: pip install 'newsclean[ray,dedupe]'") from e
    np = _np()
    config = config or DedupeConfig()
    names = ds.schema().names
    if id_column not in names and id_column == "id" and "input" in names:
        id_column = "input"
    if id_column not in names:
        raise InputError(f"the dataset has no id column {id_column!r} (columns: {', '.join(names)})")
    if text_column not in names:
        raise InputError(f"the dataset has no text column {text_column!r} (columns: {', '.join(names)})")
    feats = ds.map_batches(_feature_table, batch_format="pyarrow", batch_size=batch_size,
                           fn_kwargs={"text_column": text_column, "id_column": id_column, "config": config},
                           **map_batches_args)
    verdict = {m.id: (m.cluster, m.duplicate_of) for m in cluster(_docs_from_rows(feats.take_all()), config)}
    return ds.map_batches(_mark_table, batch_format="pyarrow", batch_size=batch_size,
                          fn_kwargs={"verdict": ray.put(verdict), "id_column": id_column, "drop": drop},
                          **map_batches_args)


# ---------------------------------------------------------------- CLI

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

        from .atomic import write_bytes_atomic

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
