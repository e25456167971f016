"""dedupe on a small local Ray: the same verdicts as the in-process run."""
from __future__ import annotations

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pytest.importorskip("pyarrow")

from newsclean.dedupe import dedupe_dataset, find_duplicates, find_duplicates_ray  # noqa: E402

from test_dedupe import _crawl  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    # Same settings as tests/test_ray.py; left running for the next Ray module (ray shuts down at exit):
    # starting Ray costs ~20 s on the CI machine.
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 configure_logging=False, runtime_env={"env_vars": {"RAY_DATA_DISABLE_PROGRESS_BARS": "1"}})
    return ray


def test_ray_matches_local(local_ray):
    crawl = _crawl()
    for r in crawl:  # Ray Data needs one schema: every row the same columns
        r.setdefault("published", None)
        r.setdefault("url", None)
    local = {m.id: (m.cluster, m.duplicate_of) for m in find_duplicates(crawl)}
    ds = ray.data.from_items(crawl)
    rows = dedupe_dataset(ds, batch_size=4).take_all()
    assert {r["id"]: (r["cluster"], r["duplicate_of"]) for r in rows} == local
    assert all(r["text"] for r in rows)  # the records' own columns pass through


def test_cli_engine_ray_matches_local(local_ray, tmp_path):
    import json

    from newsclean.cli import main

    crawl = _crawl()  # rows with different columns: the Ray path sends only what it compares
    local = [(m.id, m.cluster, m.duplicate_of) for m in find_duplicates(crawl)]
    assert [(m.id, m.cluster, m.duplicate_of) for m in find_duplicates_ray(crawl, batch_size=4)] == local
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in crawl), encoding="utf-8")
    assert main(["dedupe", str(src), "-o", str(out), "--engine", "ray", "--drop"]) == 0
    kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in kept] == [i for i, c, d in local if d is None]
    assert kept[0] == {**crawl[[r["id"] for r in crawl].index(kept[0]["id"])], "cluster": kept[0]["cluster"],
                       "duplicate_of": None}


def test_mark_table_drop():
    import pyarrow as pa

    from newsclean.dedupe import _mark_table

    t = pa.table({"id": [1, 2, 3], "text": ["甲", "乙", "丙"]})
    verdict = {"1": ("1", None), "2": ("1", "1"), "3": ("3", None)}
    out = _mark_table(t, verdict, "id", drop=False).to_pylist()
    assert [(r["cluster"], r["duplicate_of"]) for r in out] == [("1", None), ("1", "1"), ("3", None)]
    assert [r["id"] for r in _mark_table(t, verdict, "id", drop=True).to_pylist()] == [1, 3]
