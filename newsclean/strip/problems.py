"""Problems of removed blocks are resolved, not left dangling: the report lists only what remains."""
from __future__ import annotations

from ..model import Document


def resolve_problems(doc: Document, removed: set[int], step: str, why: str) -> None:
    """Drop the problems whose block was removed, recording each as resolved in the report."""
    if not removed or not doc.report.problems:
        return
    keep = []
    for p in doc.report.problems:
        if p.where is not None and p.where in removed:
            doc.report.add(step, "resolve_problem", p.text, where=p.where, after=p.text, reason=why,
                           detail={"problem_step": p.step, "kind": p.kind})
        else:
            keep.append(p)
    doc.report.problems = keep
