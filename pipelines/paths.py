"""Where the raw files are and where the warehouse goes, without importing Dagster (so that
`ogi status` and `ogi run` over an unchanged folder start fast).

The graph writes to a private *build* database beside the published file (``x.duckdb`` →
``x.build.duckdb``) and its last asset swaps a complete copy in, so readers of the published file
never block the writer nor see a half-loaded warehouse.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def resolve(
    raw_dir: str | Path | None = None,
    warehouse: str | Path | None = None,
) -> tuple[Path, Path]:
    """(raw folder, published warehouse). Arguments (CLI flags) resolve against the working
    directory; the defaults, from OGI_RAW_DIR / OGI_WAREHOUSE, against the repository."""
    raw = Path(raw_dir).resolve() if raw_dir else ROOT / os.environ.get("OGI_RAW_DIR", "data/raw")
    wh = (
        Path(warehouse).resolve()
        if warehouse
        else ROOT / os.environ.get("OGI_WAREHOUSE", "data/warehouse.duckdb")
    )
    return raw, wh


def corrections(folder: str | Path | None = None) -> Path:
    """The folder of corrections and check reviews (warehouse.corrections): the argument against
    the working directory, else $OGI_CORRECTIONS or data/corrections against the repository."""
    if folder:
        return Path(folder).resolve()
    return ROOT / os.environ.get("OGI_CORRECTIONS", "data/corrections")


def build_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.stem}.build{warehouse.suffix}")


def own_files(warehouse: Path) -> Callable[[Path], bool]:
    """Whether a path is one of the warehouse's own files: the published file, the build file,
    their WALs, the run record, publish's temporary copies and a damaged build set aside. A
    warehouse kept inside its raw folder must not read these as reports (they change with every
    run, so the folder would never settle)."""
    folder = warehouse.parent.resolve()
    stem, suffix = (re.escape(p) for p in (warehouse.stem, warehouse.suffix))
    names = re.compile(
        rf"\.?(?:{stem}(?:\.build)?{suffix}|{stem}\.last-run\.json)"
        rf"(?:\.wal|\.\d+\.tmp(?:\.wal)?|\.damaged[^/]*)?"
    )
    return lambda path: bool(names.fullmatch(path.name)) and path.parent.resolve() == folder
