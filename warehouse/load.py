"""Writes to the build database, each step in one transaction, and publishes a finished copy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from warehouse import sql
from warehouse.frames import dims

_PARSE_CACHE_COLUMNS = ("sha256", "parser_version", "parsed_name", "status", "error", "agency",
                        "province", "city", "county", "admin_code", "report_year", "template",
                        "source_format", "n_values", "meta_notes", "report_json")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("schema.sql"))


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def replace_raw_files(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> None:
    with _transaction(con):
        con.execute("DELETE FROM raw_files")
        _insert(con, "raw_files", frame)


def prune_parse_cache(con: duckdb.DuckDBPyConnection, parser_version: str) -> None:
    """Keep only parses of current content by the current parser."""
    con.execute(
        "DELETE FROM parse_cache WHERE parser_version <> $v OR sha256 NOT IN "
        "(SELECT sha256 FROM raw_files WHERE sha256 IS NOT NULL)", {"v": parser_version})


def write_parse_cache(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    frame = pl.DataFrame([{c: r.get(c) for c in _PARSE_CACHE_COLUMNS} for r in rows],
                         schema_overrides={"report_year": pl.Int32, "n_values": pl.Int32,
                                           "meta_notes": pl.List(pl.String)},
                         infer_schema_length=None)
    with _transaction(con):
        con.register("_keys", frame.select("sha256", "parser_version"))
        con.execute("DELETE FROM parse_cache WHERE (sha256, parser_version) IN (SELECT * FROM _keys)")
        con.unregister("_keys")
        _insert(con, "parse_cache", frame)


def stale_report_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Contents whose cells are not loaded yet from their current parse."""
    return [r[0] for r in con.execute("""
        SELECT DISTINCT c.sha256 FROM parse_cache c JOIN raw_files f USING (sha256)
        WHERE NOT EXISTS (SELECT 1 FROM reports r
                          WHERE r.report_id = c.sha256 AND r.parser_version = c.parser_version)
        ORDER BY 1""").fetchall()]


def load(con: duckdb.DuckDBPyConnection, report_ids: list[str],
         facts: dict[str, pl.DataFrame]) -> None:
    """One transaction: replace the cells of `report_ids` with `facts`, drop cells of contents no
    longer in the raw folder, refresh the label dimensions, rebuild `reports` (with is_canonical),
    then the checks across reports and each report's confidence."""
    ids = pl.DataFrame({"report_id": report_ids}, schema={"report_id": pl.String})
    with _transaction(con):
        con.register("_batch_ids", ids)
        for table, frame in facts.items():
            con.execute(f"""
                DELETE FROM {table}
                WHERE report_id IN (SELECT report_id FROM _batch_ids)
                   OR report_id NOT IN (SELECT sha256 FROM raw_files WHERE sha256 IS NOT NULL)""")
            _insert(con, table, frame)
        con.unregister("_batch_ids")
        for table, frame in dims().items():
            con.execute(f"DELETE FROM {table}")
            _insert(con, table, frame)
        con.execute(sql("reports.sql"))
        con.execute(sql("checks.sql"))


def publish(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Copy the build database to `target` atomically: readers of `target` see the previous
    complete copy or this one, never a half-written file, and never hold the writer's lock."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        (db,) = con.execute("SELECT current_database()").fetchone()
        con.execute(f"ATTACH '{str(tmp).replace(chr(39), chr(39) * 2)}' AS ogi_publish")
        con.execute(f'COPY FROM DATABASE "{db}" TO ogi_publish')
        con.execute("DETACH ogi_publish")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
