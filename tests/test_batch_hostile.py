"""Batch runs over the worst of a crawl: every input is accounted for, and a killed run resumes
to the same output as a run that was never interrupted."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsclean.cli import main

from test_batch import _warc, page, read_jsonl, summary_counts  # noqa: E402  (tests/ is on sys.path)


def _truncated_warc(path: Path) -> None:
    """A WARC.gz whose last page record is cut in the middle of its gzip member."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for i in (20, 21):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"http://b.example/{i}", "response", payload=BytesIO(page(i)),
                                                http_headers=http))
        cut = f.tell()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://b.example/22", "response", payload=BytesIO(page(22) * 20),
                                            http_headers=http))
        end = f.tell()
    data = path.read_bytes()
    path.write_bytes(data[: cut + (end - cut) // 2])


def hostile_crawl(root: Path) -> None:
    root.mkdir()
    for i in range(4):
        (root / f"p{i}.html").write_bytes(page(i))
    (root / "empty.html").write_bytes(b"")
    (root / "blank.html").write_bytes(b" \n\t\r\n ")
    (root / "nul.html").write_bytes(b"\x00" * 500)
    (root / "page.html.gz").write_bytes(gzip.compress(page(9))[:40])        # broken gzip, read as bytes
    (root / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)      # an image named .html
    lines = b"".join(json.dumps({"html": page(i).decode(), "url": f"j{i}"}).encode() + b"\n" for i in range(10, 13))
    (root / "pages.jsonl.gz").write_bytes(gzip.compress(lines)[:-25])     # truncated gzip JSONL
    (root / "bad.jsonl").write_bytes(b'{"html": "x"\n[1, 2]\n{"other": 1}\n')
    _warc(root / "ok.warc.gz")
    _truncated_warc(root / "cut.warc.gz")
    (root / "junk.warc.gz").write_bytes(b"\x1f\x8b\x08\x00junk" * 50)      # not a WARC at all
    os.symlink(root / "missing" / "gone.html", root / "dangling.html")    # unreadable: points nowhere
    os.mkfifo(root / "fifo.html")                                          # unreadable: would block forever
    os.symlink("/dev/zero", root / "zero.html")                            # unreadable: never ends


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_crawl_every_input_accounted_for(tmp_path, capsys, jobs):
    crawl = tmp_path / "crawl"
    hostile_crawl(crawl)
    out = tmp_path / "out.jsonl"
    status = main(["clean", str(crawl), "-o", str(out), "--jobs", jobs, "--batch-size", "3"])
    counts = summary_counts(capsys.readouterr().err)
    records = read_jsonl(out)
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert status == 1
    assert counts["inputs"] == counts["written"] + counts["failed"] + counts["skipped"]
    assert counts["written"] == len(records) and counts["failed"] == len(errors)
    written, failed = {r["input"] for r in records}, {e["input"] for e in errors}
    assert not written & failed
    # Every document we can name is somewhere: a record, an error (with its id) or a skip.
    files = {str(crawl / n) for n in ("empty.html", "blank.html", "nul.html", "dangling.html", "fifo.html",
                                      "zero.html", "page.html.gz", "logo.html")}
    assert files <= failed
    assert {str(crawl / f"p{i}.html") for i in range(4)} <= written
    assert {"http://a.example/1", "http://a.example/2", "http://b.example/20", "http://b.example/21"} <= written
    assert f"{crawl}/pages.jsonl.gz:read" in failed and f"{crawl}/junk.warc.gz:read" in failed
    assert {f"{crawl}/bad.jsonl:{n}" for n in (1, 2, 3)} <= failed
    assert counts["skipped"] == 2  # the image and the 404 of ok.warc.gz
    reasons = {e["input"]: e["error"] for e in errors}
    assert "regular file" in reasons[str(crawl / "fifo.html")]
    assert "regular file" in reasons[str(crawl / "zero.html")]
    assert "cannot read" in reasons[str(crawl / "dangling.html")]
    assert "gzip data" in reasons[str(crawl / "page.html.gz")] and "PNG data" in reasons[str(crawl / "logo.html")]
    assert all(e["kind"] == "input" for e in errors), [e for e in errors if e["kind"] != "input"]
    # The cut WARC record is either cleaned from what arrived or failed: never lost, never both.
    assert ("http://b.example/22" in written) != any(i.startswith(f"{crawl}/cut.warc.gz") or i == "http://b.example/22"
                                                      for i in failed)


def test_oversized_file_is_refused_without_reading_it_all(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / "big.html").write_bytes(page(1) * 200)
    (crawl / "small.html").write_bytes(page(2))
    out = tmp_path / "out.jsonl"
    from newsclean.batch.run import read_file
    with pytest.raises(Exception, match="max_bytes=1,000"):
        read_file(str(crawl / "big.html"), "big", limit=1000)
    assert read_file(str(crawl / "small.html"), "small", limit=1000) == page(2)
    assert main(["clean", str(crawl), "-o", str(out), "--jobs", "1"]) == 0  # default limit: both fine
    assert len(read_jsonl(out)) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_on_the_command_line_is_read(tmp_path, capsys):
    # `newsclean clean <(zcat page.gz) -o out.jsonl`: a pipe the user names is input, not junk.
    import threading

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(page(3),), daemon=True)
    writer.start()
    out = tmp_path / "out.jsonl"
    (tmp_path / "b.html").write_bytes(page(4))
    assert main(["clean", str(fifo), str(tmp_path / "b.html"), "-o", str(out), "--jobs", "1"]) == 0
    writer.join(timeout=10)
    assert read_jsonl(out)[0]["input"] == str(fifo)
    from newsclean.batch.run import read_file
    with pytest.raises(Exception, match="max_bytes=4,096"):
        read_file("/dev/zero", "zero", limit=4096)  # bounded even for a device that never ends


# --- killed midway, then --resume ------------------------------------------------------------

N_DOCS = 360   # big enough that a run is still going when it is killed (clean() got faster)


def _crawl(root: Path) -> None:
    root.mkdir()
    for i in range(N_DOCS):
        (root / f"p{i:04d}.html").write_bytes(b"" if i % 37 == 5 else page(i))


def _cli(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "newsclean", "clean", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, **kw)


def _records_in_temp(out: Path) -> int:
    n = 0
    for t in out.parent.glob(f".{out.name}.tmp-*"):
        n += t.read_bytes().count(b"\n")
    return n


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def killed_crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("killed")
    _crawl(root / "crawl")
    ref = root / "ref.jsonl"
    p = _cli(str(root / "crawl"), "-o", str(ref), "--jobs", "2", "--batch-size", "4")
    _, err = p.communicate(timeout=300)
    assert p.returncode == 1, err  # the empty pages fail
    return root, read_jsonl(ref), read_jsonl(root / "ref.errors.jsonl")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_run_resumes_to_the_same_output(killed_crawl, sig):
    root, ref, ref_errors = killed_crawl
    out = root / f"out-{sig.name}.jsonl"
    p = _cli(str(root / "crawl"), "-o", str(out), "--jobs", "2", "--batch-size", "4")
    try:
        deadline = time.monotonic() + 120
        while _records_in_temp(out) < 8 and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert p.poll() is None, "the run finished before it could be killed: make the crawl bigger"
        os.kill(p.pid, sig)  # the parent only, as the OOM killer or a Ctrl-C to one process would
        p.wait(timeout=60)
        deadline = time.monotonic() + 20
        while _group_alive(p.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group_alive(p.pid), "worker processes outlived the killed run"
    finally:
        try:  # the workers too, if the killed parent left any behind
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    partial = read_jsonl(out) if out.exists() else []
    if sig == signal.SIGINT:
        assert p.returncode == 130
        assert 0 < len(partial) < len(ref) and partial == ref[: len(partial)]  # whole records, in order
    else:
        assert not out.exists()  # never renamed: the temp file holds what was done
        assert _records_in_temp(out) >= 8
    r = _cli(str(root / "crawl"), "-o", str(out), "--jobs", "2", "--batch-size", "4", "--resume")
    _, err = r.communicate(timeout=300)
    assert r.returncode == 1, err
    assert read_jsonl(out) == ref  # the same records, in the same order
    errs = read_jsonl(root / f"out-{sig.name}.errors.jsonl")
    assert sorted(e["input"] for e in errs) == sorted(e["input"] for e in ref_errors)
    assert not list(root.glob(f".out-{sig.name}*.tmp-*")), "no temp file outlives the resumed run"
    counts = summary_counts(err.decode())
    assert counts["inputs"] == N_DOCS == counts["written"] + counts["failed"] + counts["skipped"]
    assert counts["skipped"] > 0 if sig == signal.SIGINT else True
    if sig == signal.SIGKILL:
        assert counts["skipped"] >= 8, "the killed run's finished records were reused"


def test_a_folder_that_cannot_be_listed_is_a_failed_input(tmp_path, capsys, monkeypatch):
    # As root, chmod 000 does not stop a listing: make os.walk's listing fail as it does for other users.
    crawl = tmp_path / "crawl"
    (crawl / "locked").mkdir(parents=True)
    (crawl / "locked" / "p9.html").write_bytes(page(9))
    (crawl / "p1.html").write_bytes(page(1))
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(crawl), "-o", str(out), "--jobs", "1"]) == 1
    counts = summary_counts(capsys.readouterr().err)
    assert counts == {"inputs": 2, "written": 1, "failed": 1, "skipped": 0}
    (err,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert err["input"] == str(crawl / "locked") and "Permission denied" in err["error"]


def test_corrupt_gzip_jsonl_is_one_failed_input_not_a_dead_run(tmp_path, capsys):
    # Found by `python -m benchmarks.fuzz --target readers`: zlib.error (not an OSError) from a
    # corrupt deflate stream escaped the reader and aborted the whole run.
    lines = b"".join(json.dumps({"html": page(i).decode(), "url": f"u{i}"}).encode() + b"\n" for i in range(40))
    packed = bytearray(gzip.compress(lines))
    packed[len(packed) // 2: len(packed) // 2 + 8] = b"\xff" * 8   # damage in the middle of the stream
    (tmp_path / "a.jsonl.gz").write_bytes(bytes(packed))
    (tmp_path / "b.html").write_bytes(page(50))
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.html"), "-o", str(out),
                 "--progress"]) == 1
    counts = summary_counts(capsys.readouterr().err)
    errors = read_jsonl(tmp_path / "out.errors.jsonl")
    assert counts["inputs"] == counts["written"] + counts["failed"] + counts["skipped"]
    assert str(tmp_path / "b.html") in {r["input"] for r in read_jsonl(out)}  # the run went on
    assert f"{tmp_path}/a.jsonl.gz:read" in {e["input"] for e in errors}
