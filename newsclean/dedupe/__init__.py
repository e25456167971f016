"""Near-duplicate articles across a crawl: mirror copies, script-converted, trimmed and garbled ones.

    from newsclean.dedupe import dedupe_records
    out = dedupe_records(records)          # each record gets "cluster" and "duplicate_of"

Steps, each a function:
  normalize   one script (simplified), NFKC, lower case, punctuation and whitespace dropped
  shingles    hashes of overlapping 5-character windows (numpy, vectorised)
  signature   one-permutation MinHash with densification over the shingle hashes
  candidates  LSH banding of the signatures
  verify      real similarity of the shingle sets (Jaccard, or containment for trimmed copies)
  clusters    union-find over verified pairs; the cleanest copy of each cluster is kept

Needs numpy (the ``dedupe`` extra).
"""
from __future__ import annotations

from ..config import DedupeConfig
from .choose import looks_like_mirror
from .cli import register_cli
from .keys import normalize, shingles, signature, similarity
from .ray_engine import _mark_table, dedupe_dataset, find_duplicates_ray
from .run import (Match, cluster, dedupe, dedupe_records, features, features_parallel, find_duplicates,
                  lsh_buckets, verify)

__all__ = ["DedupeConfig", "Match", "cluster", "dedupe", "dedupe_dataset", "dedupe_records", "features", "features_parallel",
           "find_duplicates", "find_duplicates_ray", "looks_like_mirror", "lsh_buckets", "normalize",
           "register_cli", "shingles", "signature", "similarity", "verify", "_mark_table"]
