"""The `clean` and `explain` commands on one page: printed to stdout, as before batch mode."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import newsclean
from newsclean import Config
from newsclean.cli import main

from test_batch import page


def test_one_file_prints_markdown_json_and_text(tmp_path, capsys):
    p = tmp_path / "a.html"
    p.write_bytes(page(3))
    article = newsclean.clean(page(3), name=str(p))
    assert main(["clean", str(p)]) == 0
    assert capsys.readouterr().out == article.to_markdown()
    assert main(["clean", str(p), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    assert out.err == ""  # no summary line for one page
    assert main(["clean", str(p), "-f", "text", "--to", "tw"]) == 0
    assert capsys.readouterr().out == newsclean.clean(page(3), Config(target="tw")).to_text() + "\n"


def test_stdin_and_explain(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(5))))
    assert main(["clean", "-"]) == 0
    assert capsys.readouterr().out == newsclean.clean(page(5)).to_markdown()
    p = tmp_path / "a.html"
    p.write_bytes(page(5))
    assert main(["explain", str(p)]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\n") and len(out.splitlines()) >= len(newsclean.clean(page(5)).report.fixes)


def test_one_bad_file_is_an_error_with_its_name(tmp_path, capsys):
    p = tmp_path / "empty.html"
    p.write_bytes(b"")
    assert main(["clean", str(p)]) == 1
    assert str(p) in capsys.readouterr().err
    assert main(["clean", str(tmp_path / "nope.html")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_the_installed_command_runs_a_batch_and_exits_2_on_usage(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(page(1))
    r = subprocess.run([sys.executable, "-m", "newsclean", "clean", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl")],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "" and "1 written" in r.stderr and "\r" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "newsclean", "clean", str(tmp_path / "in"), "--bogus"],
                       capture_output=True, text=True)
    assert r.returncode == 2
