"""Reports → DuckDB: the raw-folder inventory, the parse cache, long frames, one-transaction loads
and the SQL in ``sql/``. Dagster-free, so tests and scripts can call it directly."""

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"


def sql(name: str) -> str:
    return (SQL_DIR / name).read_text("utf-8")
