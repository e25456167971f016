"""What a user running `newsclean clean` over a real crawl meets: output names, signals, pipes, leftovers."""
from __future__ import annotations

import json
import os
from pathlib import Path

import newsclean
from newsclean.cli import main

from test_batch import page, read_jsonl, summary_counts


def out_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_out_dir_never_writes_two_inputs_to_one_file(tmp_path, capsys):
    # p.html, p.htm and p.txt all lose their suffix: each must keep its own output file
    crawl = tmp_path / "crawl"
    (crawl / "a").mkdir(parents=True)
    for n, name in enumerate(["p.html", "p.htm", "p.txt", "q.html"]):
        (crawl / "a" / name).write_bytes(page(n))
    (crawl / "x.jsonl").write_text(json.dumps({"html": page(7).decode()}) + "\n", encoding="utf-8")
    (crawl / "x.ndjson").write_text(json.dumps({"html": page(8).decode()}) + "\n", encoding="utf-8")
    out = tmp_path / "clean"
    assert main(["clean", str(crawl), "--out-dir", str(out), "-j", "1"]) == 0
    counts = summary_counts(capsys.readouterr().err)
    files = out_files(out)
    assert counts["written"] == 6 and len(files) == 6
    assert "a/q.md" in files  # a name shared by no sibling keeps the short form
    texts = {(out / f).read_text(encoding="utf-8") for f in files}
    assert texts == {newsclean.clean(page(n)).to_markdown() for n in (0, 1, 2, 3, 7, 8)}


def test_out_dir_same_name_in_two_inputs_is_a_usage_error(tmp_path, capsys):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "index.html").write_bytes(page(1))
    out = tmp_path / "clean"
    argv = ["clean", str(tmp_path / "x" / "index.html"), str(tmp_path / "y" / "index.html"), "--out-dir", str(out)]
    assert main(argv) == 2
    assert "index" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
    # the same names as JSONL records are fine: ids are the full paths
    assert main(argv[:3] + ["-o", str(tmp_path / "o.jsonl"), "-j", "1"]) == 0
    assert len(read_jsonl(tmp_path / "o.jsonl")) == 2


def small_limit(monkeypatch, limit=1000):
    import newsclean.cli as cli

    monkeypatch.setattr(cli, "Config", lambda **kw: newsclean.Config(max_bytes=limit, **kw))


def test_one_file_or_stdin_is_never_read_past_the_limit(tmp_path, capsys, monkeypatch):
    small_limit(monkeypatch)
    big = tmp_path / "big.html"
    big.write_bytes(page(1) * 100)
    for argv in (["clean", str(big)], ["explain", str(big)], ["clean", "/dev/zero"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "max_bytes=1,000" in err and "not read further" in err, argv
    for argv in (["clean", "-"], ["clean", "-", "-o", str(tmp_path / "o.jsonl")]):
        with open("/dev/zero", "rb") as zero:
            monkeypatch.setattr("sys.stdin", type("In", (), {"buffer": zero})())
            assert main(argv) == 1
        err = capsys.readouterr().err
        assert "not read further" in err or "-o" in argv, argv
    assert "not read further" in read_jsonl(tmp_path / "o.errors.jsonl")[0]["error"]
