"""Where each parse runs: in the local worker pool (ingest.pool), or on a Dask cluster when one is
configured (ingest.dask_cluster). Never in the calling process: there a file could hold the run
without a time or memory limit. Workers start warm from the forkserver (ingest.warm), so even a
run of one small file pays only a fork (~0.1 s, against ~1 s of loading the parsers' data in the
calling process).
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest import pool
from ingest.contract import Job, Limits, ParseFile, parse_file


def parse_all(
    jobs: list[Job],
    limits: Limits,
    parse_file: ParseFile = parse_file,
) -> Iterator[tuple[Job, dict | None]]:
    """(job, parse_cache row) for every job, in completion order. The row is None when the file
    changed since it was hashed (see contract.parse_file)."""
    if limits.dask_scheduler:
        from ingest import dask_cluster  # only when configured: distributed costs ~1 s to import

        yield from dask_cluster.parse_on_dask(jobs, limits)
    else:
        yield from pool.parse_pooled(jobs, limits, parse_file)
