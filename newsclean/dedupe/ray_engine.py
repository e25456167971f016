"""The same deduplication over a Ray Dataset (the ``ray`` extra)."""
from __future__ import annotations

from typing import Any, Iterable

from ..config import DedupeConfig
from ..errors import InputError
from .choose import _Doc
from .keys import _np
from .run import Match, _fields, cluster, features


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
    _np()   # numpy is needed: fail before the dataset is read
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
