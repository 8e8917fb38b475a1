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
    }
