"""Where each parse runs: small runs of plain text in this process, everything else in the local
worker pool (ingest.pool), or on a Dask cluster when one is configured (ingest.dask_cluster).

Small runs of plain-text files parse in the calling process: starting workers costs more than
parsing them, and the text backend is pure Python, where a bug is an exception that already costs
only its file (contract.parse). Whatever may reach a C library (PDF, zip, HTML) or is large is
always isolated.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

from ingest import pool, raw
from ingest.contract import Job, Limits, ParseFile, parse_file

_INPROCESS_MAX_BYTES = 1 << 20


def parse_all(
    jobs: list[Job],
    limits: Limits,
    parse_file: ParseFile = parse_file,
) -> Iterator[tuple[Job, dict | None]]:
    """(job, parse_cache row) for every job, in completion order. The row is None when the file
    changed since it was hashed (see contract.parse_file)."""
    jobs = [replace(job, path=raw.on_disk(job.path)) for job in jobs]
    if len(jobs) <= limits.inprocess_max and all(map(_pure_python, jobs)):
        for job in jobs:
            yield job, parse_file(job.path, job.sha256, job.name)
    elif limits.dask_scheduler:
        from ingest import dask_cluster  # only when configured: distributed costs ~1 s to import

        yield from dask_cluster.parse_on_dask(jobs, limits)
    else:
        yield from pool.parse_pooled(jobs, limits, parse_file)


def _pure_python(job: Job) -> bool:
    """Small plain text, which only the pure-Python text backend reads (parsers.backends)."""
    try:
        with job.path.open("rb") as f:
            head = f.read(4096)
            f.seek(0, os.SEEK_END)
            size = f.tell()
    except OSError:
        return False  # the worker will record why
    return (
        size <= _INPROCESS_MAX_BYTES
        and b"%PDF-" not in head
        and b"<" not in head
        and not head.startswith(b"PK")
    )
