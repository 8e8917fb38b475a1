"""Analyst views (sql/views.sql), built after each load."""

from __future__ import annotations

import hashlib
import re

import duckdb

from warehouse import corrections, frames, load, sql


def create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("views.sql"))


def digest(tables_digest: str, corrections_digest: str | None = None) -> str:
    """build_info.views_digest of views built by the current sql/views.sql on those tables with
    those corrections applied (warehouse.corrections.digest)."""
    key = f"{tables_digest}\0{corrections_digest or ''}\0{sql('views.sql')}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """create() unless the views and their materialised copies were already built from the
    current tables and sql/views.sql (build_info); whether they were (re)built."""
    tables, built = load.build_state(con)
    want = tables and digest(tables, corrections.applied_digest(con))
    if want and built == want:
        return False
    con.execute("BEGIN")
    try:
        create(con)  # looked up per call: tests substitute it
        if want:
            con.execute("UPDATE build_info SET views_digest = $v", {"v": want})
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return True


# --- the catalogue: what each table and view is, for Dagster's asset catalogue ---------------

_COMMENT = re.compile(r"COMMENT ON (?:TABLE|VIEW) (\w+) IS '((?:[^']|'')*)';")


def view_names() -> tuple[str, ...]:
    """The analyst views, in the order sql/views.sql creates them."""
    return tuple(re.findall(r"CREATE OR REPLACE VIEW (\w+)", sql("views.sql")))


def table_names() -> tuple[str, ...]:
    """The contract's tables: reports, the fact tables, check_results and the label dimensions."""
    return ("reports", *frames.TABLES, *frames.dims())


def descriptions() -> dict[str, str]:
    """Table or view name -> its COMMENT ON text in sql/ (read without a database)."""
    return {
        name: text.replace("''", "'")
        for f in ("schema.sql", "views.sql")
        for name, text in _COMMENT.findall(sql(f))
    }


def shape(
    con: duckdb.DuckDBPyConnection, name: str
) -> tuple[int, list[tuple[str, str, str | None]]]:
    """(rows, [(column, type, comment)]) of a table or view of the connected warehouse."""
    (rows,) = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
    columns = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? "
        "AND database_name = current_database() ORDER BY column_index",
        [name],
    ).fetchall()
    return rows, columns
