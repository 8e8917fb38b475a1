"""DuckDB: the schema, the parse cache, one-transaction loads, views, exports and the data
dictionary; the SQL lives in ``sql/``. Dagster-free, so tests and scripts can call it directly."""

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"


def sql(name: str) -> str:
    return (SQL_DIR / name).read_text("utf-8")
