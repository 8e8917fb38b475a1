"""`ogi export`: the published warehouse's tables and views as files, one per relation."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from pipelines.cli.text import shown
from warehouse import export as exporter


def export(warehouse: str, fmt: str, out: str) -> int:
    path, target = Path(warehouse), Path(out)
    problem = (
        f"no warehouse at {path}"
        if not path.is_file()
        else f"{target} exists and is not a folder"
        if target.exists() and not target.is_dir()
        else None
    )
    if problem:
        print(f"ogi: {shown(problem)}", file=sys.stderr)
        return 1
    try:
        files = exporter.export(path, target, fmt)
    except (duckdb.Error, OSError) as e:
        print(f"ogi: cannot export {shown(path)}: {shown(_first_line(e))}", file=sys.stderr)
        return 1
    print(f"wrote {len(files)} {fmt} files to {shown(target)}")
    return 0


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
