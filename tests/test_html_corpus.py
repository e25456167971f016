"""The HTML parse stage on the shared corpus: gold pages, titles, no empty output, U+FFFD flagged.

Reads ../shared/corpus/html at test time (skipped when absent); nothing from it is copied into the repo.
"""
from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from newsclean import Config
from newsclean.decode import decode
from newsclean.parse.html import parse_html

from conftest import CORPUS, need

CFG = Config()


def _bigram_f1(pred: str, gold: str) -> float:
    ps, gs = "".join(pred.split()), "".join(gold.split())
    pc, gc = Counter(ps[i:i + 2] for i in range(len(ps) - 1)), Counter(gs[i:i + 2] for i in range(len(gs) - 1))
    hit = sum((pc & gc).values())
    if not hit:
        return 0.0
    prec, rec = hit / sum(pc.values()), hit / sum(gc.values())
    return 2 * prec * rec / (prec + rec)


@pytest.fixture(scope="session")
def pages():
    html = need(CORPUS / "html")
    with open(html / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        raw = (html / r["local_file"]).read_bytes()
        doc = parse_html(decode(raw).text, CFG)
        out.append((r, raw, doc))
    return out


def _body(doc) -> str:
    return "\n".join(b.text for b in doc.blocks if b.kind != "title")


def test_gold_pages_f1(pages):
    scores = {}
    for r, _, doc in pages:
        if r["expected_kind"].startswith("gold-full"):
            gold = (CORPUS / "html" / r["expected_file"]).read_text(encoding="utf-8")
            if "hand extraction" in r["expected_kind"]:  # that benchmark's files start with the title
                gold = gold.partition("\n\n")[2]
            scores[r["id"]] = _bigram_f1(_body(doc), gold)
    assert len(scores) >= 30
    assert sum(scores.values()) / len(scores) >= 0.95, scores
    assert min(scores.values()) >= 0.8, {k: v for k, v in scores.items() if v < 0.8}


def test_no_page_is_empty(pages):
    empty = [r["id"] for r, _, doc in pages if not _body(doc).strip()]
    assert not empty


def test_expected_titles(pages):
    checked = 0
    for r, _, doc in pages:
        exp = None
        if r["expected_file"].endswith(".snippets.json"):
            exp = json.loads((CORPUS / "html" / r["expected_file"]).read_text(encoding="utf-8")).get("title")
        elif "hand extraction" in r["expected_kind"]:
            exp = (CORPUS / "html" / r["expected_file"]).read_text(encoding="utf-8").split("\n", 1)[0]
        if exp:
            checked += 1
            assert "".join((doc.meta.title or "").split()) == "".join(exp.split()), r["id"]
    assert checked >= 3


def test_pages_with_replacement_chars_are_flagged(pages):
    for r, raw, doc in pages:
        has = "\ufffd" in decode(raw).text
        flagged = any(p.kind == "replacement_char" for p in doc.report.problems)
        assert flagged == has, r["id"]
    assert any("U+FFFD" in r["notes"] for r, _, _ in pages)


def test_start_offsets_on_demand_equal_the_full_walk(pages):
    """boost_after_title reads element starts from prefix sums (parse/content.py _Starts); they must equal the
    plain walk, links (whose text does not count as punctuation) and elements inside links included."""
    from newsclean.parse.content import _Starts, analyse, offsets
    from newsclean.parse.html import _prune, build_tree

    for _, raw, _ in pages[:12]:
        root = build_tree(decode(raw).text)
        _prune(root, CFG.html)
        stats = analyse(root, CFG.html)
        off, poff = offsets(stats)
        start_of = _Starts(stats)
        assert [start_of(i) for i in range(len(stats.els))] == list(zip(off, poff))
