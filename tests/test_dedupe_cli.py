"""`newsclean dedupe` on what `newsclean clean` writes: gzip in and out, bad bytes, wrong paths."""
from __future__ import annotations

import gzip
import json

from newsclean.cli import main

from test_dedupe import _crawl


def _lines(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def test_gzip_jsonl_in_and_out(tmp_path, capsys):
    # `newsclean clean crawl/ -o out.jsonl.gz` then `newsclean dedupe out.jsonl.gz -o deduped.jsonl.gz`
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(_lines(_crawl())))
    plain = tmp_path / "in.jsonl"
    plain.write_bytes(_lines(_crawl()))
    out, ref = tmp_path / "out.jsonl.gz", tmp_path / "ref.jsonl"
    assert main(["dedupe", str(plain), "-o", str(ref)]) == 0
    assert main(["dedupe", str(src), "-o", str(out)]) == 0
    assert gzip.decompress(out.read_bytes()) == ref.read_bytes()
    assert "4 duplicates" in capsys.readouterr().err


def test_a_line_that_is_not_utf8_is_an_error_naming_the_line(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_bytes(_lines(_crawl()[:2]) + '{"id": "g", "text": "国标码"}\n'.encode("gbk"))
    assert main(["dedupe", str(src), "-o", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "UTF-8" in err and "Traceback" not in err
    assert main(["dedupe", str(tmp_path)]) == 1
    assert "folder" in capsys.readouterr().err


def test_a_file_is_deduplicated_in_two_passes_not_held_in_memory(tmp_path, capsys):
    # `newsclean clean` records carry their whole report: a crawl's JSONL is many times its text. The
    # command keeps what comparing needs (ids, shingles), not the records (it held them all, twice).
    import tracemalloc

    records = [{**r, "report": [{"text": "删" * 50_000}]} for r in _crawl()] * 4
    for i, r in enumerate(records):
        records[i] = {**r, "id": f"{r['id']}-{i}"}
    src = tmp_path / "in.jsonl"
    src.write_bytes(_lines(records))
    out = tmp_path / "out.jsonl"
    from newsclean.dedupe import normalize

    normalize("預熱：載入轉換表。")  # the conversion tables load once per process: not what is measured
    tracemalloc.start()
    try:
        assert main(["dedupe", str(src), "-o", str(out)]) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = src.stat().st_size
    assert peak < size / 2, (peak, size)
    from newsclean.dedupe import dedupe_records

    assert out.read_bytes() == _lines(dedupe_records(records))  # the same output as the in-memory API
    assert "28 records" in capsys.readouterr().err
