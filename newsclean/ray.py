"""newsclean on Ray (``pip install 'newsclean[ray]'``): a Ray Dataset, or the CLI's ``--engine ray``.

    import ray, newsclean.ray
    ds = ray.data.read_parquet("s3://crawl/pages/")          # a column of HTML (bytes or str)
    out = newsclean.ray.clean_dataset(ds, column="html", id_column="url")
    out.write_parquet("s3://crawl/clean/")

Work goes in batches of 1,000+ documents (``map_batches``): a Ray task per document costs far
more than cleaning it. Each batch runs the same plain function as the local pool.
"""
from __future__ import annotations

from typing import Any

from .batch.records import arrow_schema, clean_one, flat_row
from .batch.run import work_chunk
from .config import Config

DEFAULT_BATCH_SIZE = 1000


def _ray():
    try:
        import ray
    except ImportError as e:
        from .batch.inputs import UsageError

        raise UsageError("the Ray engine needs ray: pip install 'newsclean[ray]'") from e
    return ray


def clean_table(table, column: str = "html", id_column: str | None = None, config: Config | None = None,
                charset_column: str | None = None):
    """pyarrow Table in, Table of flat rows (``arrow_schema()``) out; ``error`` is set on failed rows."""
    import pyarrow as pa

    config = config or Config()
    raws = table.column(column).to_pylist()
    ids = table.column(id_column).to_pylist() if id_column else [None] * len(raws)
    charsets = table.column(charset_column).to_pylist() if charset_column else [None] * len(raws)
    rows = []
    for raw, input_id, charset in zip(raws, ids, charsets):
        name = str(input_id) if input_id is not None else None
        rec: dict[str, Any] = clean_one(raw, name, config, charset)
        rows.append(flat_row(rec))
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def clean_dataset(ds, column: str = "html", *, id_column: str | None = None, config: Config | None = None,
                  charset_column: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE, **map_batches_args):
    """A Ray Dataset with a ``column`` of pages -> a Dataset of cleaned rows (lazy, like every Ray Data step).

    Rows have the JSON contract's fields (``sections``, ``problems``, ``report`` as JSON strings;
    ``newsclean.batch.unflat_row`` turns one back into the contract), ``input`` (from ``id_column``,
    default the dataset's ``input`` column when it has one) and ``error`` (None when cleaned).
    Extra keyword arguments go to ``map_batches`` (``concurrency``, ``num_cpus``, ...).
    """
    if id_column is None and "input" in (ds.schema().names if ds.schema() is not None else []):
        id_column = "input"
    return ds.map_batches(clean_table, batch_format="pyarrow", batch_size=batch_size,
                          fn_kwargs={"column": column, "id_column": id_column, "config": config,
                                     "charset_column": charset_column},
                          **map_batches_args)


class RayExecutor:
    """The CLI's ``--engine ray``: the local run's chunks as Ray tasks (bounded in flight, same order,
    same writers). Connects to ``address``, or starts a local Ray with ``num_cpus``."""

    def __init__(self, config: Config, kind: str, address: str | None = None, num_cpus: int | None = None):
        ray = self.ray = _ray()
        self.started = False
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
            self.started = True
        # Chunks in flight follow the cluster's CPUs, not this machine's.
        self.slots = max(1, int(ray.cluster_resources().get("CPU", num_cpus or 1)))
        self.config_ref = ray.put(config)
        self.kind = kind
        self.remote = ray.remote(num_cpus=1, max_retries=1)(work_chunk)

    def submit(self, chunk):
        return self.remote.remote(chunk, self.config_ref, self.kind).future()

    def shutdown(self) -> None:
        if self.started:
            self.ray.shutdown()
