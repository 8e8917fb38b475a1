"""Analyst views (sql/views.sql), built after each load."""

from __future__ import annotations

import duckdb

from warehouse import sql


def create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("views.sql"))
