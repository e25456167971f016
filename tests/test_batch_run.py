"""The run layer on its own: chunking, counting, ordering, and the engine-agnostic batch function."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsclean
from newsclean.batch import ErrorLog, Item, Options, clean_pandas, clean_records, flat_row, unflat_row
from newsclean.batch.run import run

from test_batch import PAGE  # noqa: E402  (tests/ is on sys.path under pytest)


class ListWriter:
    payload = "jsonl"

    def __init__(self, done=()):
        self.rows, self.done, self.committed = [], set(done), False

    def is_done(self, item):
        return item.id in self.done

    def write(self, item, payload):
        self.rows.append((item.id, json.loads(payload)))

    def commit(self):
        self.committed = True


def item_of(kind: str, i: int) -> Item:
    if kind == "good":
        return Item(f"g{i}", f"g{i}", raw=PAGE.format(n=i % 3))
    if kind == "empty":
        return Item(f"e{i}", f"e{i}", raw="   ")
    if kind == "skip":
        return Item(f"s{i}", f"s{i}", skip="not a page")
    if kind == "done":
        return Item(f"d{i}", f"d{i}", raw=PAGE.format(n=0))
    return Item(f"x{i}", f"x{i}", error="InputError: unreadable")


@settings(max_examples=25, deadline=None)
@given(kinds=st.lists(st.sampled_from(["good", "empty", "skip", "done", "error"]), max_size=12),
       batch_size=st.integers(1, 5), ordered=st.booleans())
def test_counts_add_up_and_order_is_kept(kinds, batch_size, ordered):
    items = [item_of(k, i) for i, k in enumerate(kinds)]
    writer = ListWriter(done={it.id for it in items if it.id.startswith("d")})
    errors = ErrorLog(None)
    stats = run(iter(items), writer, errors, Options(jobs=1, batch_size=batch_size, ordered=ordered))
    assert stats.inputs == len(items) == stats.written + stats.failed + stats.skipped
    assert stats.written == kinds.count("good") and stats.failed == kinds.count("empty") + kinds.count("error")
    assert stats.resumed == kinds.count("done") and stats.skipped == kinds.count("skip") + kinds.count("done")
    assert [i for i, _ in writer.rows] == [it.id for it in items if it.id.startswith("g")]
    assert errors.count == stats.failed and writer.committed


def test_clean_records_is_clean_per_record():
    recs = [{"input": "a", "html": PAGE.format(n=1).encode()}, {"input": "b", "html": ""}, {"input": "c"},
            {"html": PAGE.format(n=2), "charset": "utf-8"}]
    out = clean_records(recs)
    assert [r["input"] for r in out] == ["a", "b", "c", "3"]  # no id: the position in the batch
    assert out[0] == {"input": "a", **newsclean.clean(PAGE.format(n=1).encode(), name="a").to_dict()}
    assert out[1]["kind"] == "input" and "empty" in out[1]["error"]
    assert "'html'" in out[2]["error"]
    assert out[3]["title"] == newsclean.clean(PAGE.format(n=2)).title


def test_flat_rows_round_trip():
    rec = {"input": "a", **newsclean.clean(PAGE.format(n=4)).to_dict()}
    row = flat_row(rec)
    assert isinstance(row["sections"], str) and row["error"] is None
    back = unflat_row(row)
    back.pop("error")
    assert back == json.loads(json.dumps(rec, ensure_ascii=False))


def test_clean_pandas_gives_the_same_rows():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"url": ["u1", "u2", "u3"], "html": [PAGE.format(n=1), None, PAGE.format(n=3)]})
    out = clean_pandas(df, column="html", id_column="url")
    assert list(out["input"]) == ["u1", "u2", "u3"]
    assert out["error"].isna().tolist() == [True, False, True]
    row = {k: (None if isinstance(v, float) and v != v else v) for k, v in out.iloc[2].to_dict().items()}
    assert unflat_row(row)["text"] == newsclean.clean(PAGE.format(n=3)).text
    assert unflat_row(row)["sections"] == json.loads(flat_row({"input": "u3", **newsclean.clean(PAGE.format(n=3)).to_dict()})["sections"])


def test_a_failing_run_keeps_the_old_output(tmp_path):
    from newsclean.batch import JsonlWriter

    out = tmp_path / "out.jsonl"
    out.write_text('{"input": "old"}\n')

    def broken_reader():
        yield item_of("good", 1)
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        run(broken_reader(), JsonlWriter(str(out)), ErrorLog(str(tmp_path / "e.jsonl")), Options(jobs=1, batch_size=1))
    assert out.read_text() == '{"input": "old"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
