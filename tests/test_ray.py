"""Ray: clean_dataset and `--engine ray` give the same records as the local run (a small local Ray)."""
from __future__ import annotations

import json

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from conftest import CORPUS, need  # noqa: E402
from newsclean.batch import clean_records, unflat_row  # noqa: E402
from newsclean.cli import main  # noqa: E402

from test_batch import page, read_jsonl  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 configure_logging=False, runtime_env={"env_vars": {"RAY_DATA_DISABLE_PROGRESS_BARS": "1"}})
    yield ray
    if started:
        ray.shutdown()


@pytest.fixture(scope="module")
def pages():
    html = need(CORPUS / "html" / "html")
    files = sorted(html.glob("*.html"))[::15][:5]
    return [{"input": str(p), "html": p.read_bytes()} for p in files] + [{"input": "empty", "html": b"  "}]


def test_clean_dataset_matches_local_records(local_ray, pages):
    import newsclean.ray

    ds = ray.data.from_items(pages)
    rows = sorted(newsclean.ray.clean_dataset(ds, batch_size=4).take_all(), key=lambda r: r["input"])
    local = sorted(clean_records(pages), key=lambda r: r["input"])
    assert [r["input"] for r in rows] == [r["input"] for r in local]
    for row, want in zip(rows, local):
        if "error" in want:
            assert row["error"] == want["error"] and row["title"] is None
        else:
            got = unflat_row(row)
            assert got.pop("error") is None
            assert got == json.loads(json.dumps(want, ensure_ascii=False))


def test_engine_ray_writes_what_the_local_pool_writes(local_ray, tmp_path, capsys):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for i in range(5):
        (crawl / f"p{i}.html").write_bytes(page(i) if i != 2 else b"")
    a, b = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["clean", str(crawl), "-o", str(a), "-j", "1"]) == 1
    assert main(["clean", str(crawl), "-o", str(b), "--engine", "ray", "--batch-size", "2"]) == 1
    assert a.read_bytes() == b.read_bytes() and len(read_jsonl(b)) == 4
    assert read_jsonl(tmp_path / "ray.errors.jsonl") == read_jsonl(tmp_path / "local.errors.jsonl")
