"""A parsed report → the cells each warehouse table gets from it, as plain tuples and one JSON
document. Computed in the parse workers (ingest.contract.parse), so that loading the warehouse is
SQL; the column types are DuckDB's, the contract with warehouse.load."""

from __future__ import annotations

import json
import math

import parsers.identities
from parsers.identities import derive
from parsers.report import Report

# What the parse cache keeps of each table per content (parse_cache.cells_<table>), with the
# DuckDB types of sql/schema.sql: the columns that depend on the report, without report_id and the
# labels, which the load joins from the dimensions (warehouse.load.load_cached).
_CELL = {"raw": "VARCHAR", "source_where": "VARCHAR", "note": "VARCHAR"}
_DERIVED = {"derived_value": "BIGINT", "derived_rule": "VARCHAR"}
CELLS: dict[str, dict[str, str]] = {
    "fact_requests": {
        "row_code": "VARCHAR",
        "applicant": "VARCHAR",
        "value": "BIGINT",
        **_CELL,
        **_DERIVED,
    },
    "fact_review_litigation": {
        "proceeding": "VARCHAR",
        "result": "VARCHAR",
        "value": "BIGINT",
        **_CELL,
        **_DERIVED,
    },
    "fact_proactive": {"item": "VARCHAR", "metric": "VARCHAR", "value": "DOUBLE", **_CELL},
    "fact_extra": {
        "table_name": "VARCHAR",
        "row_label": "VARCHAR",
        "column_label": "VARCHAR",
        "value": "DOUBLE",
        **_CELL,
    },
    "check_results": {
        "check_name": "VARCHAR",
        "passed": "BOOLEAN",
        "detail": "VARCHAR",
        "severity": "VARCHAR",
    },
}
TABLES = tuple(CELLS)


def _whole(v):
    """A count for a BIGINT column: a float truncated, a non-finite one NULL."""
    if v is None or type(v) is int:
        return v
    return int(v) if math.isfinite(v) else None


def _finite(v):
    return v if v is None or math.isfinite(v) else None


def cells(r: Report) -> dict[str, list[tuple]]:
    """The rows of `r` in each table, as tuples of CELLS[table] (no report_id, no labels)."""
    derived = derive(r)
    get = derived.get
    none = (None, None)
    return {
        "fact_requests": [
            (
                row,
                app,
                _whole(v.value),
                v.raw,
                v.where,
                v.note,
                *get(("requests", (row, app)), none),
            )
            for (row, app), v in r.requests.items()
        ],
        "fact_review_litigation": [
            (
                p,
                res,
                _whole(v.value),
                v.raw,
                v.where,
                v.note,
                *get(("review_litigation", (p, res)), none),
            )
            for (p, res), v in r.review_litigation.items()
        ],
        "fact_proactive": [
            (item, m, _finite(v.value), v.raw, v.where, v.note)
            for (item, m), v in r.proactive.items()
        ],
        "fact_extra": [
            (t, row, col, _finite(v.value), v.raw, v.where, v.note)
            for (t, row, col), v in r.extra.items()
        ],
        "check_results": [
            (c.name, bool(c.passed), c.detail, c.severity) for c in parsers.identities.check(r)
        ],  # looked up per call: tests substitute it
    }


def cells_json(r: Report) -> str:
    """cells() as one JSON object of columns per table, which DuckDB reads into the typed
    parse_cache.cells_<table> columns (warehouse.load.write_parse_cache)."""
    return json.dumps(
        {
            t: dict(zip(CELLS[t], map(list, zip(*rows)))) if rows else dict.fromkeys(CELLS[t], [])
            for t, rows in cells(r).items()
        },
        ensure_ascii=False,
        allow_nan=False,
    )
