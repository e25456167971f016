"""Many documents: files, folders, JSONL, WARC -> JSONL, Parquet or a folder; in parallel, with progress.

    from newsclean.batch import clean_records
    clean_records([{"input": "a", "html": raw}, ...])   # the per-batch function every engine calls

The command line is ``newsclean clean INPUT... -o out.jsonl`` (see docs/batch.md).
"""
from .inputs import Fields, Item, UsageError, items
from .outputs import DirWriter, ErrorLog, JsonlWriter, ParquetWriter, default_errors_path, open_writer
from .records import arrow_schema, clean_one, clean_pandas, clean_records, flat_row, render, spark_schema, unflat_row
from .run import Options, Stats, default_jobs, run_paths, work_chunk

__all__ = [
    "DirWriter", "ErrorLog", "Fields", "Item", "JsonlWriter", "Options", "ParquetWriter", "Stats", "UsageError",
    "arrow_schema", "clean_one", "clean_pandas", "clean_records", "default_errors_path", "default_jobs", "flat_row",
    "items", "open_writer", "render", "run_paths", "spark_schema", "unflat_row", "work_chunk",
]
