"""The published warehouse as files: one Parquet or CSV file per contract table, label dimension
and analyst view (writer state such as parse_cache is left out; marts equal their views)."""

from __future__ import annotations

from pathlib import Path

import duckdb

_SKIP = ("raw_files", "parse_cache", "build_info")


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        name
        for (name,) in con.execute("""
        SELECT table_name FROM duckdb_tables()
        WHERE NOT internal AND NOT starts_with(table_name, 'mart_')
        UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal
        ORDER BY 1""").fetchall()
        if name not in _SKIP
    ]


def export(warehouse: Path, out: Path, fmt: str) -> list[Path]:
    """Write every relation of `warehouse` to `out`/<name>.<fmt>; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
    written = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in relations(con):
            path = out / f"{name}.{fmt}"
            target = str(path).replace("'", "''")
            con.execute(f"""COPY (SELECT * FROM "{name}" ORDER BY ALL) TO '{target}' ({options})""")
            written.append(path)
    return written
