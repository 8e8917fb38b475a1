"""The parse cache's typed cell columns (ingest.cells.CELLS as DuckDB types) and the label
dimensions generated from the templates."""

from __future__ import annotations

import polars as pl

from ingest.cells import CELLS, TABLES
from parsers.templates import Code, statutory

__all__ = ["CELLS", "LABELS", "TABLES", "cell_type", "dims"]


# How rows of each table get their labels (the dim_* tables): joined by a load, and by the
# corrections' effective views for cells a person entered.
LABELS = {
    "fact_requests": """LEFT JOIN (SELECT row_code, label_zh AS row_label_zh FROM dim_row) USING (row_code)
        LEFT JOIN (SELECT applicant, label_zh AS applicant_label_zh FROM dim_applicant) USING (applicant)""",
    "fact_review_litigation": """
        LEFT JOIN (SELECT proceeding, label_zh AS proceeding_label_zh FROM dim_proceeding) USING (proceeding)
        LEFT JOIN (SELECT result, label_zh AS result_label_zh FROM dim_result) USING (result)""",
    "fact_proactive": """LEFT JOIN (SELECT item, label_zh AS item_label_zh FROM dim_item) USING (item)
        LEFT JOIN (SELECT metric, label_zh AS metric_label_zh, unit FROM dim_metric) USING (metric)""",
    "fact_extra": "",
    "check_results": "",
}


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
