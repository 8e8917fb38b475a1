"""The parse cache's typed cell columns (ingest.cells.CELLS as DuckDB types) and the label
dimensions generated from the templates."""

from __future__ import annotations

import polars as pl

from ingest.cells import CELLS, TABLES
from parsers.templates import Code, statutory

__all__ = ["CELLS", "TABLES", "cell_type", "dims"]


def cell_type(table: str) -> str:
    """DuckDB type of parse_cache.cells_<table>: one list per column of CELLS[table] (columnar:
    half the JSON of a list of objects, and a third of the time to write it)."""
    return "STRUCT(" + ", ".join(f'"{c}" {t}[]' for c, t in CELLS[table].items()) + ")"


def _dim(key: str, codes: tuple[Code, ...], **extra) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                key: c.code,
                "label_zh": c.zh,
                "label_en": c.en,
                **{k: f(c) for k, f in extra.items()},
                "sort_order": i,
            }
            for i, c in enumerate(codes)
        ]
    )


def dims() -> dict[str, pl.DataFrame]:
    """Label dimensions, generated from the templates the parsers use."""
    st = statutory()
    return {
        "dim_applicant": _dim("applicant", st.applicants),
        "dim_row": _dim(
            "row_code",
            st.request_rows,
            outcome=lambda c: c.group,
            templates=lambda c: list(c.templates),
        ),
        "dim_proceeding": _dim("proceeding", st.proceedings),
        "dim_result": _dim("result", st.results),
        "dim_item": _dim(
            "item",
            st.items,
            metrics_2019=lambda c: list(c.metrics.get("2019", ())),
            metrics_2021=lambda c: list(c.metrics.get("2021", ())),
        ),
        "dim_metric": _dim("metric", st.metrics, unit=lambda c: c.unit, signed=lambda c: c.signed),
    }
