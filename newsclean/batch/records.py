"""The engine-agnostic batch function: a list of records in, a list of records out.

Every engine calls this one function: the local process pool, Ray (tasks or Ray Data's
``map_batches``), Spark (``mapInPandas``) and Dask (``map_partitions``). A bad document
becomes a record with ``error`` set; it never raises.
"""
from __future__ import annotations

import json
import traceback
from typing import Any, Iterable

from ..config import Config
from ..errors import InputError
from ..pipeline import clean

# Contract fields that are lists of objects: stored as JSON strings in flat (table) rows.
NESTED = ("sections", "problems", "report")
# The JSON contract's scalar and list-of-string fields, in Article.to_dict() order.
SCALARS = ("title", "subtitle", "outlet", "site", "published", "source", "editor", "original_title",
           "dateline", "encoding", "text")
STRING_LISTS = ("authors", "tags")


def describe_error(exc: BaseException) -> dict[str, str]:
    """The error message, its kind, and for bugs where it was raised (the traceback's last frame)."""
    text = str(exc).strip().splitlines()
    message = f"{type(exc).__name__}: {text[-1]}" if text else type(exc).__name__
    out = {"error": message, "kind": "input" if isinstance(exc, InputError) else "bug"}
    if out["kind"] == "bug" and exc.__traceback__ is not None:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        out["where"] = f"{frame.filename}:{frame.lineno} in {frame.name}"
    return out


def clean_one(raw: Any, input_id: str, config: Config, charset: str | None = None) -> dict[str, Any]:
    """One document -> ``{"input": id, **Article.to_dict()}`` or ``{"input": id, "error": ..., "kind": ...}``."""
    try:
        article = clean(raw, config, name=input_id, http_charset=charset)
        return {"input": input_id, **article.to_dict()}
    except Exception as exc:  # one bad document must never stop a batch
        return {"input": input_id, **describe_error(exc)}


def clean_records(records: Iterable[dict[str, Any]], config: Config | None = None, *, column: str = "html",
                  id_column: str | None = "input", charset_column: str | None = "charset") -> list[dict[str, Any]]:
    """Cleans each record's ``column`` (bytes, text or HTML). Plain lists in, plain lists out.

    The id is ``record[id_column]`` when present, else the record's position in this batch.
    """
    config = config or Config()
    out = []
    for i, rec in enumerate(records):
        input_id = rec.get(id_column) if id_column else None
        input_id = str(input_id) if input_id is not None else str(i)
        raw = rec.get(column)
        if raw is None:
            out.append({"input": input_id, "error": f"InputError: {input_id}: no {column!r} field", "kind": "input"})
            continue
        charset = rec.get(charset_column) if charset_column else None
        out.append(clean_one(raw, input_id, config, charset))
    return out


def render(article, fmt: str) -> str:
    """One article as a file's text: md (Markdown), json (the JSON contract), text (plain)."""
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return article.to_text() + "\n"
    return article.to_markdown()


def flat_row(result: dict[str, Any]) -> dict[str, Any]:
    """A result record as one table row: nested lists as JSON strings, ``error`` None when cleaned."""
    row: dict[str, Any] = {"input": result["input"]}
    for k in SCALARS:
        row[k] = result.get(k)
    for k in STRING_LISTS:
        row[k] = list(result.get(k) or [])
    row["reprint"] = result.get("reprint")
    for k in NESTED:
        row[k] = json.dumps(result[k], ensure_ascii=False) if k in result else None
    row["error"] = result.get("error")
    return row


def unflat_row(row: dict[str, Any]) -> dict[str, Any]:
    """Inverse of flat_row for a cleaned row: the JSON contract plus ``input``."""
    out = dict(row)
    for k in NESTED:
        if out.get(k) is not None:
            out[k] = json.loads(out[k])
    for k in STRING_LISTS:
        out[k] = list(out.get(k) if out.get(k) is not None else [])
    return out


def arrow_schema():
    """The fixed table schema of flat rows (Parquet output, Ray Data batches)."""
    import pyarrow as pa

    fields = [pa.field("input", pa.string())]
    fields += [pa.field(k, pa.string()) for k in SCALARS]
    fields += [pa.field(k, pa.list_(pa.string())) for k in STRING_LISTS]
    fields += [pa.field("reprint", pa.bool_())]
    fields += [pa.field(k, pa.string()) for k in NESTED]
    fields += [pa.field("error", pa.string())]
    return pa.schema(fields)


def spark_schema() -> str:
    """The flat rows' schema as a Spark DDL string, for ``mapInPandas(..., schema=spark_schema())``."""
    types = {"string": "string", "bool": "boolean", "list<item: string>": "array<string>"}
    return ", ".join(f"{f.name} {types[str(f.type)]}" for f in arrow_schema())


def clean_pandas(df, column: str = "html", id_column: str | None = None, config: Config | None = None,
                 charset_column: str | None = None):
    """pandas DataFrame in, DataFrame of flat rows out (Spark ``mapInPandas``, Dask ``map_partitions``).

    Without ``id_column`` the id is the frame's index label.
    """
    import pandas as pd

    ids = df[id_column].astype(str).tolist() if id_column else [str(i) for i in df.index]
    charsets = df[charset_column].tolist() if charset_column else [None] * len(df)
    config = config or Config()
    rows = [flat_row(clean_one(raw, i, config, cs) if raw is not None else
                     {"input": i, "error": f"InputError: {i}: no {column!r} value", "kind": "input"})
            for raw, i, cs in zip(df[column].tolist(), ids, charsets)]
    return pd.DataFrame(rows, columns=arrow_schema().names)
