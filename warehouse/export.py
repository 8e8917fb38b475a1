"""The published warehouse as files: one Parquet or CSV file per contract table, label dimension
and analyst view (writer state such as parse_cache is left out; marts equal their views).

CSV is written for spreadsheets: UTF-8 with a byte-order mark (Excel on a Chinese Windows reads
UTF-8 without one as the local code page), and a text cell that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, which
spreadsheets show as text (OWASP's rule against CSV injection). Numbers are left as they are.
Parquet keeps every value as stored."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

_SKIP = ("raw_files", "parse_cache", "build_info")
BOM = "\ufeff".encode()
_FORMULA = "^[=+\\-@\t\r]"


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


def _csv_select(con: duckdb.DuckDBPyConnection, name: str) -> str:
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
        "ORDER BY column_index",
        [name],
    ).fetchall()
    cells = ", ".join(
        f"""CASE WHEN regexp_matches("{c}", '{_FORMULA}') THEN '''' || "{c}" ELSE "{c}" END AS "{c}" """
        if t == "VARCHAR"
        else f'"{c}"'
        for c, t in columns
    )
    return f'SELECT {cells} FROM "{name}" ORDER BY ALL'


def export(warehouse: Path, out: Path, fmt: str) -> list[Path]:
    """Write every relation of `warehouse` to `out`/<name>.<fmt>; returns the files written. Each
    file is written under a temporary name and renamed when complete; on an error nothing
    half-written is left (nor `out`, when this call created it)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = relations(con)  # fails on a file that is no warehouse, before anything is written
        created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        tmp = out / f".ogi-export.{os.getpid()}.tmp"
        try:
            for name in names:
                path = out / f"{name}.{fmt}"
                target = str(tmp).replace("'", "''")
                if fmt == "parquet":
                    con.execute(
                        f"""COPY (SELECT * FROM "{name}" ORDER BY ALL) TO '{target}' (FORMAT parquet)"""
                    )
                else:
                    con.execute(
                        f"COPY ({_csv_select(con, name)}) TO '{target}' (FORMAT csv, HEADER)"
                    )
                    _prepend_bom(tmp)
                os.replace(tmp, path)
                written.append(path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            if created:
                for path in written:
                    path.unlink(missing_ok=True)
                out.rmdir()
            raise
    return written


def _prepend_bom(path: Path) -> None:
    body = path.with_name(path.name + ".body")
    os.replace(path, body)
    try:
        with open(body, "rb") as src, open(path, "wb") as dst:
            dst.write(BOM)
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    finally:
        body.unlink(missing_ok=True)
