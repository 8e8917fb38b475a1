"""The graph's resources: the paths (pipelines.paths), the build database, how files are parsed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from ingest.contract import Limits, env_limits
from pipelines.paths import build_path, corrections, resolve


class OgiPaths(dg.ConfigurableResource):
    """Absolute paths of the raw folder, the published warehouse file and the corrections."""

    raw_dir: str
    warehouse: str
    corrections_dir: str = ""  # empty: pipelines.paths.corrections()

    @property
    def corrections(self) -> Path:
        return corrections(self.corrections_dir or None)

    # Publish even when the raw folder lost more than half of its files since the last run (an
    # unmounted share must not empty what analysts read): `ogi run --allow-shrink`, or
    # OGI_ALLOW_SHRINK=1 for the schedule and the sensor.
    allow_shrink: bool = False

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def published(self) -> Path:
        return Path(self.warehouse)


class BuildDatabase(DuckDBResource):
    """The build database. dagster-duckdb's resource closes its connection only when the block
    ends normally; one left open by a failing step would hold the file for the rest of the
    process (the next run's CHECKPOINT, the publish). This one closes it either way."""

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = super().get_connection().__enter__()
        try:
            yield con
        finally:
            con.close()


class ParseSettings(dg.ConfigurableResource):
    """How files are parsed: by default in isolated local worker processes with per-file limits
    (ingest.pool); with executor `dask`, on the Dask cluster whose scheduler is
    `dask_scheduler` (ingest.dask_cluster, which says what its limits are there)."""

    workers: int = 0  # local executor; 0: one per core
    timeout_s: float = 60.0  # local executor only
    memory_mb: int = 2048  # local executor only
    executor: Literal["local", "dask"] = "local"
    dask_scheduler: str = ""  # e.g. tcp://host:8786
    progress: bool = False  # a progress bar on stderr, when it is a terminal and parsing is long
    retry_failed: bool = False  # parse every `failed` content again (`ogi run --force`)

    def limits(self) -> Limits:
        if self.executor == "dask" and not self.dask_scheduler:
            raise dg.Failure("the dask executor needs a scheduler address (OGI_DASK_SCHEDULER)")
        return Limits(
            timeout_s=self.timeout_s,
            memory_mb=self.memory_mb,
            workers=self.workers or os.cpu_count() or 1,
            dask_scheduler=self.dask_scheduler if self.executor == "dask" else "",
        )


def parse_settings_from_env(progress: bool = False, retry_failed: bool = False) -> ParseSettings:
    env = os.environ.get
    limits = env_limits()
    return ParseSettings(
        workers=int(env("OGI_PARSE_WORKERS", "0")),
        timeout_s=limits.timeout_s,
        memory_mb=limits.memory_mb,
        executor=env("OGI_PARSE_EXECUTOR", "local"),
        dask_scheduler=env("OGI_DASK_SCHEDULER", ""),
        progress=progress,
        retry_failed=retry_failed,
    )


def make_resources(
    raw_dir: str | Path | None = None,
    warehouse: str | Path | None = None,
    progress: bool = False,
    corrections_dir: str | Path | None = None,
    retry_failed: bool = False,
    allow_shrink: bool | None = None,
) -> dict:
    """Resources for one raw folder, warehouse and corrections folder (pipelines.paths);
    `progress` shows a progress bar while parsing (the CLI's), `retry_failed` parses failures
    again (`--force`), `allow_shrink` (default: OGI_ALLOW_SHRINK) publishes a folder that lost
    most of its files."""
    raw, wh = resolve(raw_dir, warehouse)
    if allow_shrink is None:
        allow_shrink = os.environ.get("OGI_ALLOW_SHRINK", "") not in ("", "0")
    return {
        "paths": OgiPaths(
            raw_dir=str(raw),
            warehouse=str(wh),
            corrections_dir=str(corrections(corrections_dir)),
            allow_shrink=allow_shrink,
        ),
        "duckdb": BuildDatabase(database=str(build_path(wh))),
        "parsing": parse_settings_from_env(progress, retry_failed),
    }
