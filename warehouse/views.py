"""Analyst views (sql/views.sql), built after each load."""

from __future__ import annotations

import hashlib

import duckdb

from warehouse import corrections, load, sql


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
