"""Structure evaluation: heading, caption and byline F1 on the hand-marked fixture set.

    python -m benchmarks.structure            # scores, per kind, micro-averaged over the files
    python -m benchmarks.structure --errors   # also every line marked differently from the person
    python -m benchmarks.structure --dump FILE  # the roles newsclean gives one corpus file (for marking)

The marks (tests/data/structure/*.json) hold line numbers only; the article text is read from
../shared/corpus at run time. Each file's lines become plain-text blocks, as the text parser makes them.
For comparison, the baseline every extractor offers: none of them marks headings or captions in
plain text, so their F1 is 0 — the table prints a "short line = heading" rule as the naive baseline.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsclean.config import Config
from newsclean.model import Block, Document
from newsclean.structure import plan_document
from newsclean.structure.text import ends_sentence

from .common import CORPUS, ROOT

MARKS = ROOT / "tests" / "data" / "structure"
KINDS = ("headings", "captions", "meta")


def load_doc(rel: str) -> tuple[Document, list[int]]:
    """A corpus file as plain-text blocks; returns the document and each block's 1-based line number."""
    text = (CORPUS / rel).read_text(encoding="utf-8")
    blocks, lines = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            blocks.append(Block(text=line.strip(), index=len(blocks)))
            lines.append(n)
    return Document(blocks=blocks), lines


def predict(rel: str, config: Config | None = None) -> dict[str, set[int]]:
    doc, lines = load_doc(rel)
    plan = plan_document(doc, (config or Config()).structure)
    out = {k: set() for k in KINDS}
    for pos, role in enumerate(plan.roles):
        if role == "heading":
            out["headings"].add(lines[pos])
        elif role == "caption":
            out["captions"].add(lines[pos])
        elif role == "meta":
            out["meta"].add(lines[pos])
    return out


def naive(rel: str) -> dict[str, set[int]]:
    """Baseline: every short line without final punctuation after the first is a heading; no captions."""
    doc, lines = load_doc(rel)
    heads = {lines[i] for i, b in enumerate(doc.blocks) if i and len(b.text) <= 30 and not ends_sentence(b.text)}
    return {"headings": heads, "captions": set(), "meta": set()}


def marks() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(MARKS.glob("*.json"))]


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(predictor, fixtures: list[dict], errors: bool = False) -> dict[str, tuple[int, int, int]]:
    counts = {k: [0, 0, 0] for k in KINDS}
    for fx in fixtures:
        got = predictor(fx["file"])
        for k in KINDS:
            want = set(fx.get(k, []))
            c = counts[k]
            c[0] += len(got[k] & want)
            c[1] += len(got[k] - want)
            c[2] += len(want - got[k])
            if errors and (got[k] ^ want):
                print(f"  {fx['file']}: {k} extra {sorted(got[k] - want)} missed {sorted(want - got[k])}")
    return {k: tuple(v) for k, v in counts.items()}


def _norm(text: str) -> str:
    from newsclean import to_simplified
    from newsclean.structure.title import key

    return key(to_simplified(text.strip("*# ")))


def _match(pred: list[str], want: list[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) with containment either way: a two-line heading may come back as one."""
    pred = [p for p in map(_norm, pred) if len(p) >= 2]
    want = [w for w in map(_norm, want) if w]
    hit = lambda a, b: a in b or b in a  # noqa: E731
    fn = sum(not any(hit(w, p) for p in pred) for w in want)
    fp = sum(not any(hit(p, w) for w in want) for p in pred)
    return len(want) - fn, fp, fn


def _html_pages(fixtures: list[dict]) -> list[tuple[dict, Path]]:
    import csv

    rows = csv.DictReader((CORPUS / "html" / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    by_expected = {"html/" + r["expected_file"]: CORPUS / "html" / r["local_file"] for r in rows if r["expected_file"]}
    return [(fx, by_expected[fx["file"]]) for fx in fixtures if fx["file"] in by_expected]


def html_side_by_side(fixtures: list[dict]) -> None:
    """End to end on the raw HTML of the marked gold pages: newsclean vs trafilatura (markdown with formatting,
    where headings come back as '#' lines or bold-only lines). Captions: trafilatura has none to give."""
    import newsclean

    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    pages = _html_pages(fixtures)
    totals = {("newsclean", "headings"): [0, 0, 0], ("newsclean", "captions"): [0, 0, 0],
              ("trafilatura", "headings"): [0, 0, 0]}
    for fx, html in pages:
        gold = (CORPUS / fx["file"]).read_text(encoding="utf-8").splitlines()
        want_h = [gold[n - 1] for n in fx["headings"]]
        want_c = [gold[n - 1] for n in fx["captions"]]
        raw = html.read_bytes()
        try:
            a = newsclean.clean(raw, name=str(html))
            got_h = [s.heading for s in a.sections if s.heading]
            got_c = [b.text for b in a.paragraphs if b.kind == "caption"]
        except Exception:  # a page newsclean fails on counts as finding nothing
            got_h, got_c = [], []
        for k, res in ((("newsclean", "headings"), _match(got_h, want_h)),
                       (("newsclean", "captions"), _match(got_c, want_c))):
            totals[k] = [x + y for x, y in zip(totals[k], res)]
        if trafilatura:
            md = trafilatura.extract(raw, output_format="markdown", include_formatting=True) or ""
            lines = [ln.strip() for ln in md.splitlines()]
            heads = [ln for ln in lines[1:] if ln.startswith("#") or (ln.startswith("**") and ln.endswith("**"))]
            totals[("trafilatura", "headings")] = [
                x + y for x, y in zip(totals[("trafilatura", "headings")], _match(heads, want_h))]
    print(f"\nend to end on the raw HTML of {len(pages)} marked gold pages "
          f"({sum(len(f['headings']) for f, _ in pages)} headings, {sum(len(f['captions']) for f, _ in pages)} captions):")
    print(f"{'kind':>10} {'tool':>22} {'precision':>10} {'recall':>8} {'F1':>6}")
    for (tool, kind), res in sorted(totals.items(), key=lambda x: (x[0][1], x[0][0])):
        if tool == "trafilatura" and trafilatura is None:
            continue
        p, r, f = f1(*res)
        print(f"{kind:>10} {tool:>22} {p:10.3f} {r:8.3f} {f:6.3f}")
    print(f"{'captions':>10} {'trafilatura':>22} {'(none)':>10}")


def dump(rel: str) -> None:
    doc, lines = load_doc(rel)
    plan = plan_document(doc, Config().structure)
    for pos, b in enumerate(doc.blocks):
        print(f"{lines[pos]:4d} {plan.roles[pos]:10s} {len(b.text):4d} {b.text[:70]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--dump")
    ap.add_argument("--no-html", action="store_true", help="skip the end-to-end HTML comparison")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    if args.dump:
        dump(args.dump)
        return 0
    every = marks()
    fixtures = [m for m in every if m.get("set") != "heldout"]
    heldout = [m for m in every if m.get("set") == "heldout"]
    t0 = time.perf_counter()
    ours = score(predict, fixtures, args.errors)
    elapsed = time.perf_counter() - t0
    base = score(naive, fixtures)
    print(f"structure fixture set: {len(fixtures)} articles, "
          f"{sum(len(f.get('headings', [])) for f in fixtures)} headings, "
          f"{sum(len(f.get('captions', [])) for f in fixtures)} captions, "
          f"{sum(len(f.get('meta', [])) for f in fixtures)} byline/metadata lines marked by a person")
    print(f"{'kind':>10} {'tool':>22} {'precision':>10} {'recall':>8} {'F1':>6}")
    for k in KINDS:
        for name, res in (("newsclean", ours), ("naive short-line rule", base)):
            if name != "newsclean" and k != "headings":
                continue
            p, r, f = f1(*res[k])
            print(f"{k:>10} {name:>22} {p:10.3f} {r:8.3f} {f:6.3f}")
    print(f"newsclean structure planning: {1000 * elapsed / max(1, len(fixtures)):.2f} ms per article")
    if heldout:
        held = score(predict, heldout, args.errors)
        print(f"\nheld-out set (marked after the rules were written): {len(heldout)} shorter articles, "
              f"{sum(len(f['headings']) for f in heldout)} headings, {sum(len(f['captions']) for f in heldout)} "
              f"captions, {sum(len(f['meta']) for f in heldout)} metadata lines")
        for k in KINDS:
            p, r, f = f1(*held[k])
            tp, fp, fn = held[k]
            print(f"{k:>10} {'newsclean':>22} {p:10.3f} {r:8.3f} {f:6.3f}   (tp {tp}, fp {fp}, fn {fn})")
    if not args.no_html:
        html_side_by_side(fixtures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
