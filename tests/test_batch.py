"""Batch runs through the CLI: many inputs -> JSONL / folder / Parquet, errors kept, counts add up."""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
from pathlib import Path

import pytest

import newsclean
from newsclean import Config
import newsclean.batch.run as run_mod
from newsclean.cli import main

PAGE = ("<html><head><title>地方新闻第{n}号</title></head><body><h1>地方新闻第{n}号</h1>"
        "<p>本报讯 今天上午，市政府召开第{n}次新闻发布会，介绍了城市建设的最新进展。</p>"
        "<p>会议指出，今年以来全市共完成道路改造{n}公里，新建公园三处，市民满意度明显提升。</p></body></html>")


def page(n: int) -> bytes:
    return PAGE.format(n=n).encode("utf-8")


def expected(raw, input_id: str, config: Config | None = None) -> dict:
    article = newsclean.clean(raw, config or Config(), name=input_id)
    return json.loads(json.dumps({"input": input_id, **article.to_dict()}, ensure_ascii=False))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def summary_counts(err: str) -> dict[str, int]:
    m = re.search(r"(\d+) inputs: (\d+) written, (\d+) failed, (\d+) skipped", err)
    assert m, err
    return dict(zip(("inputs", "written", "failed", "skipped"), map(int, m.groups())))


def make_crawl(root: Path, n: int = 6, bad: tuple[int, ...] = ()) -> list[Path]:
    """n pages in root (two in a subfolder); indexes in `bad` are empty files (an InputError)."""
    paths = []
    for i in range(n):
        p = root / ("sub" if i % 3 == 2 else "") / f"p{i:02d}.html"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"  \n" if i in bad else page(i))
        paths.append(p)
    return sorted(paths, key=lambda p: str(p.relative_to(root)).replace("sub/", "sub0/"))


def walk_order(root: Path) -> list[str]:
    out = []
    for r, dirs, files in os.walk(root):
        dirs.sort()
        out += [os.path.join(r, f) for f in sorted(files)]
    return out


def test_folder_to_jsonl_in_input_order_with_failures_recorded(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=7, bad=(3,))
    order = walk_order(crawl)
    out = tmp_path / "out.jsonl"
    rc = main(["clean", str(crawl), "-o", str(out), "--jobs", "2", "--batch-size", "2"])
    err = capsys.readouterr().err
    assert rc == 1  # one failed, the rest written
    records = read_jsonl(out)
    good = [p for p in order if not p.endswith("p03.html")]
    assert [r["input"] for r in records] == good
    for r in records:
        assert r == expected(Path(r["input"]).read_bytes(), r["input"])
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [e["input"] for e in errors] == [p for p in order if p.endswith("p03.html")]
    assert "empty" in errors[0]["error"] and errors[0]["kind"] == "input"
    counts = summary_counts(err)
    assert counts == {"inputs": 7, "written": 6, "failed": 1, "skipped": 0}
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_random_binary_file_is_recorded_and_the_real_page_written(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "a.html").write_bytes(random.Random(5).randbytes(4096))   # no file signature, not text
    (crawl / "b.html").write_bytes(page(1))
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1"]) == 1
    assert [r["input"] for r in read_jsonl(out)] == [str(crawl / "b.html")]
    [e] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert e["input"] == str(crawl / "a.html") and e["kind"] == "input"
    assert "a.html: input is not text" in e["error"]
    assert summary_counts(capsys.readouterr().err) == {"inputs": 2, "written": 1, "failed": 1, "skipped": 0}


def test_unordered_writes_the_same_records(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=6)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["clean", str(crawl), "-o", str(a), "-j", "2", "--batch-size", "1"]) == 0
    assert main(["clean", str(crawl), "-o", str(b), "-j", "2", "--batch-size", "1", "--unordered"]) == 0
    key = lambda r: r["input"]  # noqa: E731
    assert sorted(read_jsonl(a), key=key) == sorted(read_jsonl(b), key=key)


def test_a_bug_in_one_document_is_recorded_with_where_and_skipped(tmp_path, capsys, monkeypatch):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=5)
    real = run_mod.clean

    def buggy(raw, config=None, *, name=None, http_charset=None):
        if name and name.endswith("p01.html"):
            raise ZeroDivisionError("boom")
        return real(raw, config, name=name, http_charset=http_charset)

    monkeypatch.setattr(run_mod, "clean", buggy)  # forked workers inherit the patch
    out = tmp_path / "out.jsonl"
    errors = tmp_path / "errs.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "-j", "2", "--errors", str(errors)]) == 1
    [e] = read_jsonl(errors)
    assert e["input"].endswith("p01.html")
    assert e["error"] == "ZeroDivisionError: boom" and e["kind"] == "bug"
    assert "test_batch.py" in e["where"] and "buggy" in e["where"]
    assert len(read_jsonl(out)) == 4
    assert not (tmp_path / "out.errors.jsonl").exists()  # --errors replaces the default place


def test_a_worker_that_dies_costs_only_its_document(tmp_path, capsys, monkeypatch):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=6)
    real = run_mod.clean

    def crashing(raw, config=None, *, name=None, http_charset=None):
        if name and name.endswith("p04.html"):
            os._exit(3)  # a segfault or the OOM killer, as the pool sees it
        return real(raw, config, name=name, http_charset=http_charset)

    monkeypatch.setattr(run_mod, "clean", crashing)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "-j", "2", "--batch-size", "3"]) == 1
    err = capsys.readouterr().err
    assert summary_counts(err) == {"inputs": 6, "written": 5, "failed": 1, "skipped": 0}
    [e] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert e["input"].endswith("p04.html") and "died" in e["error"]
    assert [r["input"] for r in read_jsonl(out)] == [p for p in walk_order(crawl) if not p.endswith("p04.html")]


def test_resume_skips_what_is_done_keeps_it_and_retries_failures(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=4, bad=(1,))
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1"]) == 1
    first = out.read_bytes()
    (crawl / "p01.html").write_bytes(page(1))   # the failed one is fixed
    (crawl / "p09.html").write_bytes(page(9))   # and a new page arrives
    capsys.readouterr()
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1", "--resume"]) == 0
    counts = summary_counts(capsys.readouterr().err)
    assert counts == {"inputs": 5, "written": 2, "failed": 0, "skipped": 3}
    after = out.read_bytes()
    assert after.startswith(first)  # finished records are kept byte for byte
    ids = [r["input"] for r in read_jsonl(out)]
    assert sorted(ids) == sorted(walk_order(crawl)) and len(ids) == len(set(ids))
    # the stale errors log is replaced by this run's (empty: nothing failed)
    assert (tmp_path / "out.errors.jsonl").read_text() == ""


def test_resume_on_gzip_output(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=3)
    out = tmp_path / "out.jsonl.gz"
    assert main(["clean", str(crawl / "p00.html"), str(crawl / "p01.html"), "-o", str(out), "-j", "1"]) == 0
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1", "--resume"]) == 0
    import gzip

    ids = [json.loads(x)["input"] for x in gzip.open(out, "rt", encoding="utf-8")]
    assert len(ids) == 4 - 1 and len(set(ids)) == 3


def test_output_appears_only_when_complete_and_inputs_are_untouched(tmp_path, capsys, monkeypatch):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=3)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in crawl.rglob("*") if p.is_file()}
    out = tmp_path / "out.jsonl"
    seen = []
    real = run_mod.clean

    def watching(raw, config=None, **kw):
        seen.append((out.exists(), [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.tmp-")]))
        return real(raw, config, **kw)

    monkeypatch.setattr(run_mod, "clean", watching)
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1"]) == 0
    assert seen and all(not exists and len(temps) == 1 for exists, temps in seen)
    assert out.exists() and not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in crawl.rglob("*") if p.is_file()}
    assert after == before


def test_interrupt_keeps_whole_records_and_counts_add_up(tmp_path, capsys, monkeypatch):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=6)
    real = run_mod.clean

    def interrupted(raw, config=None, *, name=None, **kw):
        if name.endswith("p04.html"):
            raise KeyboardInterrupt
        return real(raw, config, name=name, **kw)

    monkeypatch.setattr(run_mod, "clean", interrupted)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1", "--batch-size", "2"]) == 130
    counts = summary_counts(capsys.readouterr().err)
    records = read_jsonl(out)  # every line parses
    assert counts["inputs"] == counts["written"] + counts["failed"] + counts["skipped"] == len(records) == 2
    monkeypatch.setattr(run_mod, "clean", real)
    assert main(["clean", str(crawl), "-o", str(out), "-j", "1", "--resume"]) == 0
    assert [r["input"] for r in read_jsonl(out)][:2] == [r["input"] for r in records]
    assert len(read_jsonl(out)) == 6


def test_out_dir_mirrors_the_tree(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=4)
    out = tmp_path / "clean"
    assert main(["clean", str(crawl), "--out-dir", str(out), "-f", "json", "-j", "1", "--glob", "*.html"]) == 0
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["p00.json", "p01.json", "p03.json", "sub/p02.json"]
    got = json.loads((out / "sub" / "p02.json").read_text(encoding="utf-8"))
    src = str(crawl / "sub" / "p02.html")
    assert {"input": src, **got} == expected((crawl / "sub" / "p02.html").read_bytes(), src)
    md = tmp_path / "md"
    assert main(["clean", str(crawl), "--out-dir", str(md), "-j", "1"]) == 0
    assert (md / "p00.md").read_text(encoding="utf-8") == newsclean.clean(page(0)).to_markdown()


def test_glob_and_hidden_files(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=3)
    (crawl / "notes.txt").write_text("不是网页")
    (crawl / ".hidden.html").write_bytes(page(7))
    out = tmp_path / "o.jsonl"
    assert main(["clean", str(crawl), "--glob", "*.html", "-o", str(out), "-j", "1"]) == 0
    assert sorted(Path(r["input"]).name for r in read_jsonl(out)) == ["p00.html", "p01.html", "p02.html"]


def test_output_inside_the_input_folder_is_not_read_back(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=2)
    out = crawl / "clean"
    assert main(["clean", str(crawl), "--out-dir", str(out), "-j", "1"]) == 0
    assert main(["clean", str(crawl), "--out-dir", str(out), "-j", "1"]) == 0
    counts = summary_counts(capsys.readouterr().err)
    assert counts["inputs"] == 2


def test_jsonl_input_fields_ids_and_bad_lines(tmp_path, capsys):
    src = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"url": "u1", "body": PAGE.format(n=1)}, ensure_ascii=False),
        "{not json",
        json.dumps({"url": "u3", "other": "x"}),
        "",
        json.dumps({"url": "u5", "body": PAGE.format(n=5)}, ensure_ascii=False),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rc = main(["clean", str(src), "--html-field", "body", "--id-field", "url", "-o", str(out), "-j", "1"])
    assert rc == 1
    assert [r["input"] for r in read_jsonl(out)] == ["u1", "u5"]
    assert read_jsonl(out)[1] == expected(PAGE.format(n=5), "u5")
    errors = {e["input"]: e["error"] for e in read_jsonl(tmp_path / "out.errors.jsonl")}
    assert set(errors) == {f"{src}:2", "u3"}
    assert "JSON" in errors[f"{src}:2"] and "'body'" in errors["u3"]
    assert summary_counts(capsys.readouterr().err) == {"inputs": 4, "written": 2, "failed": 2, "skipped": 0}


def test_jsonl_on_stdin_to_stdout(tmp_path, capsys, monkeypatch):
    import io
    import sys

    data = "\n".join(json.dumps({"text": PAGE.format(n=i)}, ensure_ascii=False) for i in range(3)) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    assert main(["clean", "-", "--text-field", "text", "-j", "1"]) == 0
    out = capsys.readouterr().out
    recs = [json.loads(x) for x in out.splitlines()]
    assert [r["input"] for r in recs] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert recs[2] == expected(PAGE.format(n=2), "<stdin>:3")


def _warc(path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    gbk = PAGE.format(n=2).replace("<head>", '<head><meta charset="gbk">').encode("gbk")
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)

        def response(uri, status, ctype, body):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http))

        w.write_record(w.create_warc_record("http://a.example/1", "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response("http://a.example/1", "200 OK", "text/html; charset=utf-8", page(1))
        response("http://a.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        response("http://a.example/2", "200 OK", "text/html; charset=gbk", gbk)
        response("http://a.example/gone", "404 Not Found", "text/html", page(4))


def test_warc_gz_response_records(tmp_path, capsys):
    src = tmp_path / "crawl.warc.gz"
    _warc(src)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "-j", "2"]) == 0
    recs = read_jsonl(out)
    assert [r["input"] for r in recs] == ["http://a.example/1", "http://a.example/2"]
    assert recs[1]["title"] == newsclean.clean(PAGE.format(n=2)).title  # GBK bytes decoded
    assert summary_counts(capsys.readouterr().err) == {"inputs": 4, "written": 2, "failed": 0, "skipped": 2}


def test_parquet_rows_match_jsonl_records(tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    from newsclean.batch import unflat_row

    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=3)
    j, p = tmp_path / "o.jsonl", tmp_path / "o.parquet"
    assert main(["clean", str(crawl), "-o", str(j), "-j", "1"]) == 0
    assert main(["clean", str(crawl), "-o", str(p), "-j", "1"]) == 0
    rows = [unflat_row(r) for r in pq.read_table(p).to_pylist()]
    assert all(r.pop("error") is None for r in rows)
    assert rows == read_jsonl(j)
    (crawl / "p07.html").write_bytes(page(7))
    assert main(["clean", str(crawl), "-o", str(p), "-j", "1", "--resume"]) == 0
    assert pq.read_table(p).column("input").to_pylist()[-1].endswith("p07.html")
    assert pq.read_table(p).num_rows == 4


@pytest.mark.parametrize("argv, needle", [
    (["x.html", "-o", "a.jsonl", "--out-dir", "d"], "not both"),
    (["missing-folder/", "{crawl}"], "no such file"),
    (["{crawl}", "-o", "out.csv"], ".jsonl"),
    (["{crawl}", "--resume"], "--resume"),
    (["{crawl}", "-o", "o.jsonl", "--jobs", "0"], "at least 1"),
    (["{crawl}/p00.html", "{crawl}", "-o", "{crawl}/p00.html"], "overwrite an input"),
    (["{crawl}", "-o", "o.jsonl", "-f", "md"], "--out-dir"),
    (["{crawl}", "-o", "o.jsonl", "--address", "auto"], "--engine ray"),
    (["{crawl}", "-o", "o.jsonl", "--html-field", "a", "--text-field", "b"], "not both"),
])
def test_usage_errors_exit_2(tmp_path, capsys, argv, needle, monkeypatch):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=1)
    monkeypatch.chdir(tmp_path)
    rc = main(["clean"] + [a.format(crawl=crawl) for a in argv])
    assert rc == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_progress_only_when_asked_on_a_pipe(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    make_crawl(crawl, n=2)
    assert main(["clean", str(crawl), "-o", str(tmp_path / "a.jsonl"), "-j", "1"]) == 0
    quiet = capsys.readouterr().err
    assert quiet.count("\n") == 1 and quiet.startswith("newsclean: done:")
    assert main(["clean", str(crawl), "-o", str(tmp_path / "b.jsonl"), "-j", "1", "--progress"]) == 0
    loud = capsys.readouterr().err
    assert "2/2" in loud and "doc/s" in loud and "errors=0" in loud
