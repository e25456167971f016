"""The hand-marked structure fixture set (tests/data/structure): heading and caption F1 >= 0.95.

Marks are line numbers in ../shared/corpus files (no article text in the repo); benchmarks/structure.py
prints the same scores with the naive baseline and every disagreement (`--errors`).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, need

sys.path.insert(0, str(ROOT))  # the scorer lives in benchmarks/, beside the package
from benchmarks.structure import f1, predict, score  # noqa: E402

MARKS = Path(__file__).parent / "data" / "structure"


@pytest.fixture(scope="module")
def fixtures():
    need(CORPUS)
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(MARKS.glob("*.json"))]


def test_fixture_set_is_large_and_marks_only(fixtures):
    assert len([fx for fx in fixtures if fx.get("set") != "heldout"]) >= 30
    for fx in fixtures:
        assert set(fx) <= {"file", "set", "headings", "captions", "meta", "note"}
        assert all(isinstance(n, int) for k in ("headings", "captions", "meta") for n in fx[k])
        lines = (CORPUS / fx["file"]).read_text(encoding="utf-8").splitlines()
        for k in ("headings", "captions", "meta"):
            assert all(lines[n - 1].strip() for n in fx[k]), (fx["file"], k)


def test_heading_caption_byline_f1(fixtures):
    scores = score(predict, [fx for fx in fixtures if fx.get("set") != "heldout"])
    for kind, floor in (("headings", 0.95), ("captions", 0.95), ("meta", 0.9)):
        p, r, f = f1(*scores[kind])
        assert f >= floor, (kind, p, r, f)


def test_heldout_set_finds_what_was_marked(fixtures):
    held = [fx for fx in fixtures if fx.get("set") == "heldout"]
    scores = score(predict, held)
    for kind in ("headings", "captions"):
        p, r, _ = f1(*scores[kind])
        assert r >= 0.9 and p >= 0.8, (kind, p, r)
