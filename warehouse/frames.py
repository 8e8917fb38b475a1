"""Reports → long rows, one set per warehouse table: as polars frames typed even when empty, and as
the cells the parse cache keeps per content (computed by the parse workers, so a load is SQL)."""

from __future__ import annotations

import json
import math
from functools import cache

import polars as pl

import parsers.identities
from parsers.identities import derive
from parsers.report import Report, Value
from parsers.templates import Code, statutory

_CELL = {"value": pl.Int64, "raw": pl.String, "source_where": pl.String, "note": pl.String}
S = pl.String
_DERIVED = {"derived_value": pl.Int64, "derived_rule": S}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "fact_requests": {"report_id": S, "row_code": S, "applicant": S, **_CELL, **_DERIVED,
                      "row_label_zh": S, "applicant_label_zh": S},
    "fact_review_litigation": {"report_id": S, "proceeding": S, "result": S, **_CELL, **_DERIVED,
                               "proceeding_label_zh": S, "result_label_zh": S},
    "fact_proactive": {"report_id": S, "item": S, "metric": S, **_CELL, "value": pl.Float64,
                       "unit": S, "item_label_zh": S, "metric_label_zh": S},
    "fact_extra": {"report_id": S, "table_name": S, "row_label": S, "column_label": S,
                   **_CELL, "value": pl.Float64},
    "check_results": {"report_id": S, "check_name": S, "passed": pl.Boolean, "detail": S,
                      "severity": S},
}
TABLES = tuple(SCHEMAS)

# What the parse cache keeps of each table per content (parse_cache.cells_<table>): the columns
# that depend on the report, without report_id and the labels, which the load joins from the
# dimensions. The SQL types match sql/schema.sql; load.load_cached turns them into the tables.
CELLS: dict[str, tuple[str, ...]] = {
    "fact_requests": ("row_code", "applicant", "value", "raw", "source_where", "note",
                      "derived_value", "derived_rule"),
    "fact_review_litigation": ("proceeding", "result", "value", "raw", "source_where", "note",
                               "derived_value", "derived_rule"),
    "fact_proactive": ("item", "metric", "value", "raw", "source_where", "note"),
    "fact_extra": ("table_name", "row_label", "column_label", "value", "raw", "source_where",
                   "note"),
    "check_results": ("check_name", "passed", "detail", "severity"),
}
_SQL_TYPE = {pl.Int64: "BIGINT", pl.Float64: "DOUBLE", pl.String: "VARCHAR",
             pl.Boolean: "BOOLEAN"}


def cell_type(table: str) -> str:
    """DuckDB type of parse_cache.cells_<table>: a list of structs of CELLS[table]."""
    return "STRUCT(" + ", ".join(f"{c} {_SQL_TYPE[SCHEMAS[table][c]]}" for c in CELLS[table]) + ")[]"


@cache
def _zh() -> dict[str, dict[str, str]]:
    st = statutory()
    groups = {"applicant": st.applicants, "row": st.request_rows, "proceeding": st.proceedings,
              "result": st.results, "item": st.items, "metric": st.metrics}
    return {k: {c.code: c.zh for c in codes} for k, codes in groups.items()}


def _cell(v: Value) -> dict:
    return {"value": v.value, "raw": v.raw, "source_where": v.where, "note": v.note}


def _derived(derived: dict, table: str, key: tuple) -> dict:
    value, rule = derived.get((table, key), (None, None))
    return {"derived_value": value, "derived_rule": rule}


def rows(report_id: str, r: Report) -> dict[str, list[dict]]:
    """The rows one report contributes to each table in TABLES."""
    zh, units = _zh(), {m.code: m.unit for m in statutory().metrics}
    derived = derive(r)
    return {
        "fact_requests": [
            {"report_id": report_id, "row_code": row, "applicant": app, **_cell(v),
             **_derived(derived, "requests", (row, app)),
             "row_label_zh": zh["row"].get(row), "applicant_label_zh": zh["applicant"].get(app)}
            for (row, app), v in r.requests.items()],
        "fact_review_litigation": [
            {"report_id": report_id, "proceeding": p, "result": res, **_cell(v),
             **_derived(derived, "review_litigation", (p, res)),
             "proceeding_label_zh": zh["proceeding"].get(p), "result_label_zh": zh["result"].get(res)}
            for (p, res), v in r.review_litigation.items()],
        "fact_proactive": [
            {"report_id": report_id, "item": item, "metric": m, **_cell(v), "unit": units.get(m),
             "item_label_zh": zh["item"].get(item), "metric_label_zh": zh["metric"].get(m)}
            for (item, m), v in r.proactive.items()],
        "fact_extra": [
            {"report_id": report_id, "table_name": t, "row_label": row, "column_label": col, **_cell(v)}
            for (t, row, col), v in r.extra.items()],
        "check_results": [
            {"report_id": report_id, "check_name": c.name, "passed": bool(c.passed),
             "detail": c.detail, "severity": c.severity}
            for c in parsers.identities.check(r)],  # looked up per call: tests substitute it
    }


def _whole(v):
    """A count as the Int64 column stores it (polars truncates a float the same way)."""
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
    out = {
        "fact_requests": [
            (row, app, _whole(v.value), v.raw, v.where, v.note, *get(("requests", (row, app)), none))
            for (row, app), v in r.requests.items()],
        "fact_review_litigation": [
            (p, res, _whole(v.value), v.raw, v.where, v.note,
             *get(("review_litigation", (p, res)), none))
            for (p, res), v in r.review_litigation.items()],
        "fact_proactive": [
            (item, m, _finite(v.value), v.raw, v.where, v.note)
            for (item, m), v in r.proactive.items()],
        "fact_extra": [
            (t, row, col, _finite(v.value), v.raw, v.where, v.note)
            for (t, row, col), v in r.extra.items()],
        "check_results": [
            (c.name, bool(c.passed), c.detail, c.severity)
            for c in parsers.identities.check(r)],  # looked up per call: tests substitute it
    }
    return out


def cells_json(r: Report) -> str:
    """cells() as one JSON object of lists of objects, which DuckDB reads into the typed
    parse_cache.cells_<table> columns (load.write_parse_cache)."""
    return json.dumps({t: [dict(zip(CELLS[t], row)) for row in rows]
                       for t, rows in cells(r).items()}, ensure_ascii=False, allow_nan=False)


def frames(reports: dict[str, Report]) -> dict[str, pl.DataFrame]:
    """Long frames of many reports, keyed by report_id."""
    acc: dict[str, list[dict]] = {t: [] for t in TABLES}
    for report_id, r in reports.items():
        for table, rs in rows(report_id, r).items():
            acc[table].extend(rs)
    return {t: pl.DataFrame(acc[t], schema=SCHEMAS[t], orient="row") for t in TABLES}


def _dim(key: str, codes: tuple[Code, ...], **extra) -> pl.DataFrame:
    return pl.DataFrame([
        {key: c.code, "label_zh": c.zh, "label_en": c.en,
         **{k: f(c) for k, f in extra.items()}, "sort_order": i}
        for i, c in enumerate(codes)])


def dims() -> dict[str, pl.DataFrame]:
    """Label dimensions, generated from the templates the parsers use."""
    st = statutory()
    return {
        "dim_applicant": _dim("applicant", st.applicants),
        "dim_row": _dim("row_code", st.request_rows, outcome=lambda c: c.group,
                        templates=lambda c: list(c.templates)),
        "dim_proceeding": _dim("proceeding", st.proceedings),
        "dim_result": _dim("result", st.results),
        "dim_item": _dim("item", st.items, metrics_2019=lambda c: list(c.metrics.get("2019", ())),
                         metrics_2021=lambda c: list(c.metrics.get("2021", ()))),
        "dim_metric": _dim("metric", st.metrics, unit=lambda c: c.unit, signed=lambda c: c.signed),
    }
