"""Where the raw files are and where the warehouse goes.

The graph writes to a private *build* database beside the published file (``x.duckdb`` →
``x.build.duckdb``) and its last asset swaps a complete copy in, so readers of the published file
never block the writer nor see a half-loaded warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from warehouse.parse_pool import Limits

ROOT = Path(__file__).resolve().parents[1]


class OgiPaths(dg.ConfigurableResource):
    """Absolute paths of the raw folder and the published warehouse file."""

    raw_dir: str
    warehouse: str

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def published(self) -> Path:
        return Path(self.warehouse)


class ParseSettings(dg.ConfigurableResource):
    """How files are parsed (warehouse.parse_pool): isolated worker processes with per-file limits."""

    workers: int = 0  # 0: one per core
    timeout_s: float = 60.0
    memory_mb: int = 2048

    def limits(self) -> Limits:
        return Limits(timeout_s=self.timeout_s, memory_mb=self.memory_mb,
                      workers=self.workers or os.cpu_count() or 1)


def parse_settings_from_env() -> ParseSettings:
    env = os.environ.get
    return ParseSettings(workers=int(env("OGI_PARSE_WORKERS", "0")),
                         timeout_s=float(env("OGI_PARSE_TIMEOUT_S", "60")),
                         memory_mb=int(env("OGI_PARSE_MEMORY_MB", "2048")))


def build_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.stem}.build{warehouse.suffix}")


def make_resources(raw_dir: str | Path | None = None, warehouse: str | Path | None = None) -> dict:
    """Resources for one raw folder and warehouse. Arguments (CLI flags) resolve against the
    working directory; the defaults, from OGI_RAW_DIR / OGI_WAREHOUSE, against the repository."""
    raw = Path(raw_dir).resolve() if raw_dir else ROOT / os.environ.get("OGI_RAW_DIR", "data/raw")
    wh = (Path(warehouse).resolve() if warehouse
          else ROOT / os.environ.get("OGI_WAREHOUSE", "data/warehouse.duckdb"))
    return {
        "paths": OgiPaths(raw_dir=str(raw), warehouse=str(wh)),
        "duckdb": DuckDBResource(database=str(build_path(wh))),
        "parsing": parse_settings_from_env(),
    }
