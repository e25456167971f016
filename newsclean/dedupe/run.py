"""The whole run: features of every document, candidate pairs, verified clusters, the kept copy of each."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..config import DedupeConfig
from ..errors import InputError
from .choose import _Doc, _rank
from .keys import _mix, _np, normalize, shingles, signature, similarity

# Signs of damage a clean copy does not have: replacement character, GBK/UTF-8 round-trip debris,
# Latin-1 mojibake lead characters, a "?" glued to Chinese.
_DAMAGE = re.compile(r"\ufffd|锟斤拷|烫烫烫|屯屯屯|[ÃÂâåæçéèäÐ][\x80-\xbf\u0152-\u2122]|(?<=[\u4e00-\u9fff])\?|\?(?=[\u4e00-\u9fff])")


@dataclass
class Match:
    """The verdict for one input document."""

    id: str
    cluster: str              # the kept copy's id; shared by all near-duplicates
    duplicate_of: str | None  # None for the kept copy
    similarity: float | None = None  # to the kept copy, when a duplicate


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
