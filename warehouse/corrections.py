"""Corrections and check reviews: versioned CSV files that people write (data/corrections/),
applied on every run apart from the published numbers.

Two kinds of file in the corrections folder, told apart by name:

- ``corrections*.csv``, one row per corrected cell: ``report_sha256, source_path, table, row,
  column, value, reason, who, when``. The report is named by the sha256 of its bytes (the path is
  for people), the cell by its table (``requests``/三, ``review_litigation``/四, ``proactive``/二)
  and its codes (row_code and applicant, proceeding and result, item and metric).
- ``reviews*.csv``, one row per reviewed failed check: ``report_sha256, source_path, check,
  verdict, reason, who, when``; verdict ``confirmed`` (printed that way: confirmed as published)
  or ``parser_error`` (see the report's corrections).

A row that cannot apply never stops a run: it goes to ``correction_issues`` with its file, line
and why (unknown report; stale, the file's bytes changed; unknown cell or check; a value that is
not a number; a second row for the same cell or check). The first row for a cell, in file-name
and line order, is the one that applies.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

import parsers.identities
from parsers.report import Report, Value
from parsers.templates import statutory
from warehouse import SQL_DIR, frames, sql

CORRECTION_COLUMNS = (
    "report_sha256",
    "source_path",
    "table",
    "row",
    "column",
    "value",
    "reason",
    "who",
    "when",
)
REVIEW_COLUMNS = ("report_sha256", "source_path", "check", "verdict", "reason", "who", "when")
VERDICTS = {
    "confirmed": "confirmed as published",
    "parser_error": "parser error, see correction",
}
# Table names a row may use, and the fact table behind each.
TABLES = {
    "requests": "requests",
    "三": "requests",
    "review_litigation": "review_litigation",
    "四": "review_litigation",
    "proactive": "proactive",
    "二": "proactive",
}
FACTS = {
    "requests": ("fact_requests", "row_code", "applicant"),
    "review_litigation": ("fact_review_litigation", "proceeding", "result"),
    "proactive": ("fact_proactive", "item", "metric"),
}
# The checks of parsers.identities that look at values only: what a correction can change.
_VALUE_CHECKS = {n for n in parsers.identities.NAMES if n.startswith(("table3", "table4"))} | {
    "non-negative whole counts"
}


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    fields: dict[str, str]


@dataclass
class Loaded:
    corrections: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)
    issues: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, line, kind, why


def files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix == ".csv" and p.name.startswith(("corrections", "reviews"))
    )


def digest(folder: Path) -> str:
    """Fingerprint of the corrections files and of the code that applies them."""
    h = hashlib.sha256()
    for path in (
        Path(__file__),
        SQL_DIR / "corrections.sql",
        SQL_DIR / "effective.sql",
        *files(folder),
    ):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def read(folder: Path) -> Loaded:
    """Every row of every corrections and reviews file, or an issue for a file that cannot be
    read as one (its name, encoding or header)."""
    out = Loaded()
    for path in files(folder):
        kind, want = (
            ("corrections", CORRECTION_COLUMNS)
            if path.name.startswith("corrections")
            else ("reviews", REVIEW_COLUMNS)
        )
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            out.issues.append((path.name, 0, "bad_file", f"cannot read it as UTF-8 text: {e}"))
            continue
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = tuple(reader.fieldnames or ())
        if missing := [c for c in want if c not in header]:
            out.issues.append(
                (
                    path.name,
                    1,
                    "bad_file",
                    f"the header lacks {', '.join(missing)}; a {kind} file has the "
                    f"columns {','.join(want)}",
                )
            )
            continue
        for fields in reader:
            row = Row(path.name, reader.line_num, {c: (fields.get(c) or "").strip() for c in want})
            if any(row.fields.values()):  # a blank line is no row
                getattr(out, kind).append(row)
    return out


def parse_number(text: str, table: str) -> float | int:
    """The value of a correction; ValueError with the reason when it is not one."""
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"value {text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"value {text!r} is not a finite number")
    if table != "proactive":
        if not number.is_integer():
            raise ValueError(f"value {text!r} is not a whole number (tables 三 and 四 count cases)")
        return int(number)
    return number


@dataclass
class _Warehouse:
    """What validation needs to know of the loaded warehouse."""

    by_id: dict[str, str]  # report_id -> a source path
    by_path: dict[str, str]  # source_path -> report_id
    cells: dict[tuple[str, str], set[tuple[str, str]]]  # (report_id, table) -> cell keys
    templates: dict[str, str | None]  # report_id -> its template, when known
    failed: set[tuple[str, str]]  # (report_id, check_name) of failed checks, published or effective
    checks: set[str]

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection, report_ids: Iterable[str]) -> _Warehouse:
        reports = con.execute(
            "SELECT report_id, source_path, template FROM reports WHERE report_id IS NOT NULL "
            "ORDER BY 2"
        ).fetchall()
        ids = pl.DataFrame({"report_id": sorted(set(report_ids))}, schema={"report_id": pl.String})
        cells: dict[tuple[str, str], set[tuple[str, str]]] = {}
        con.register("_wanted", ids)
        try:
            for table, (fact, row, col) in FACTS.items():
                for rid, r, c in con.execute(
                    f"SELECT report_id, {row}, {col} FROM {fact} JOIN _wanted USING (report_id)"
                ).fetchall():
                    cells.setdefault((rid, table), set()).add((r, c))
        finally:
            con.unregister("_wanted")
        failed = set(
            con.execute(
                "SELECT report_id, check_name FROM check_results WHERE NOT passed UNION "
                "SELECT report_id, check_name FROM corrected_check_results WHERE NOT passed"
            ).fetchall()
        )
        checks = {
            n for (n,) in con.execute("SELECT DISTINCT check_name FROM check_results").fetchall()
        }
        by_id: dict[str, str] = {}
        for rid, path, _ in reports:
            by_id.setdefault(rid, path)
        return cls(
            by_id,
            {p: rid for rid, p, _ in reports},
            cells,
            {rid: template for rid, _, template in reports},
            failed,
            checks | set(parsers.identities.NAMES),
        )


def _codes() -> dict[str, tuple[set[str], set[str]]]:
    s = statutory()
    return {
        "requests": ({c.code for c in s.request_rows}, {c.code for c in s.applicants}),
        "review_litigation": ({c.code for c in s.proceedings}, {c.code for c in s.results}),
        "proactive": ({c.code for c in s.items}, {c.code for c in s.metrics}),
    }


def _template_cells(table: str, template: str) -> set[tuple[str, str]]:
    """The cells a table of the template has: what a person may enter for a report in which ogi
    did not find the table at all (a picture OCR could not read, a table the crawl dropped)."""
    s = statutory()
    if table == "requests":
        return {(r.code, a.code) for r in s.rows_for(template) for a in s.applicants}
    if table == "proactive":
        return {(i.code, m) for i in s.items for m in s.metrics_for(i, template)}
    return {(p.code, r.code) for p in s.proceedings for r in s.results}


class Invalid(ValueError):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def _report(row: Row, wh: _Warehouse) -> str:
    sha, path = row.fields["report_sha256"].lower(), row.fields["source_path"]
    if sha in wh.by_id:
        return sha
    if path in wh.by_path:
        raise Invalid(
            "stale",
            f"{path} changed since this row was written (its bytes are now "
            f"sha256 {wh.by_path[path][:12]}…, the row names {sha[:12]}…): not applied; "
            "look at the new file and write the row again for it",
        )
    raise Invalid(
        "unknown_report",
        f"no file under the raw folder has the sha256 {sha or '(blank)'}"
        f"{f' ({path})' if path else ''}: not applied",
    )


def _complete(row: Row, columns: tuple[str, ...]) -> None:
    if blank := [c for c in columns if c != "source_path" and not row.fields[c]]:
        raise Invalid(
            "incomplete", f"{', '.join(blank)} left blank: every row says what, why, who and when"
        )
    try:
        date.fromisoformat(row.fields["when"])
    except ValueError:
        raise Invalid(
            "incomplete", f"when {row.fields['when']!r} is not an ISO date such as 2026-12-01"
        ) from None


def validate_correction(row: Row, wh: _Warehouse, codes=None) -> tuple:
    """The corrections table row of a corrections file's row; Invalid when it cannot apply."""
    _complete(row, CORRECTION_COLUMNS)
    f = row.fields
    table = TABLES.get(f["table"])
    if table is None:
        raise Invalid(
            "unknown_cell",
            f"unknown table {f['table']!r}: one of requests (三), "
            "review_litigation (四), proactive (二)",
        )
    rows, cols = (codes or _codes())[table]
    for what, code, known in (("row", f["row"], rows), ("column", f["column"], cols)):
        if code not in known:
            raise Invalid(
                "unknown_cell",
                f"unknown {what} code {code!r} of table {table} "
                "(codes: shared/spec/codes.md, dim_* tables)",
            )
    try:
        value = parse_number(f["value"], table)
    except ValueError as e:
        raise Invalid("not_a_number", f"{e}: not applied") from None
    report_id = _report(row, wh)
    cell = (f["row"], f["column"])
    if have := wh.cells.get((report_id, table)):
        if cell not in have:
            raise Invalid(
                "unknown_cell",
                f"the report has no cell {table}/{f['row']}/{f['column']} "
                "(a row of another template): not applied",
            )
    elif (template := wh.templates.get(report_id)) and cell not in _template_cells(table, template):
        raise Invalid(
            "unknown_cell",
            f"{table}/{f['row']}/{f['column']} is no cell of the {template} template "
            "the report follows: not applied",
        )
    return (
        report_id,
        f["source_path"] or wh.by_id[report_id],
        table,
        f["row"],
        f["column"],
        float(value),
        f["reason"],
        f["who"],
        f["when"],
        row.file,
        row.line,
    )


def validate_review(row: Row, wh: _Warehouse) -> tuple:
    _complete(row, REVIEW_COLUMNS)
    f = row.fields
    if f["verdict"] not in VERDICTS:
        raise Invalid(
            "incomplete",
            f"unknown verdict {f['verdict']!r}: one of "
            + ", ".join(f"{k} ({v})" for k, v in VERDICTS.items()),
        )
    if f["check"] not in wh.checks:
        raise Invalid("unknown_check", f"unknown check {f['check']!r} (the names in check_results)")
    report_id = _report(row, wh)
    if (report_id, f["check"]) not in wh.failed:
        raise Invalid(
            "not_failed", f"check {f['check']!r} passes for this report: nothing to review"
        )
    return (
        report_id,
        f["source_path"] or wh.by_id[report_id],
        f["check"],
        f["verdict"],
        f["reason"],
        f["who"],
        f["when"],
        row.file,
        row.line,
    )


@dataclass
class Validated:
    corrections: list[tuple] = field(default_factory=list)
    reviews: list[tuple] = field(default_factory=list)
    issues: list[tuple[str, int, str, str]] = field(default_factory=list)


def _first_wins(rows: list[Row], check, key, what: str, out: Validated, target: list) -> None:
    """Each row applied (into `target`) or an issue; a later row for the same `what` (cell or
    check) as an applied one is a duplicate."""
    seen: dict[str, Row] = {}
    for row in rows:
        try:
            valid = check(row)
        except Invalid as e:
            out.issues.append((row.file, row.line, e.kind, str(e)))
            continue
        if (first := seen.get(key(valid))) is not None:
            out.issues.append(
                (
                    row.file,
                    row.line,
                    "duplicate",
                    f"a second row for the same {what} as {first.file}:{first.line}, "
                    "which applies: this one does not",
                )
            )
            continue
        seen[key(valid)] = row
        target.append(valid)


def validate_corrections(con: duckdb.DuckDBPyConnection, loaded: Loaded, out: Validated) -> None:
    wh = _Warehouse.of(con, (r.fields["report_sha256"].lower() for r in loaded.corrections))
    codes = _codes()
    _first_wins(
        loaded.corrections,
        lambda r: validate_correction(r, wh, codes),
        lambda t: "\0".join((t[0], *t[2:5])),
        "cell",
        out,
        out.corrections,
    )


def validate_reviews(con: duckdb.DuckDBPyConnection, loaded: Loaded, out: Validated) -> None:
    """After the corrections are applied and re-checked: a review is of a check that failed,
    as published or after corrections."""
    wh = _Warehouse.of(con, ())
    _first_wins(
        loaded.reviews,
        lambda r: validate_review(r, wh),
        lambda t: t[0] + "\0" + t[2],
        "check",
        out,
        out.reviews,
    )


def validate(con: duckdb.DuckDBPyConnection, loaded: Loaded) -> Validated:
    """Both kinds against the warehouse as it is (the CLI's view of the published file)."""
    out = Validated(issues=list(loaded.issues))
    validate_corrections(con, loaded, out)
    validate_reviews(con, loaded, out)
    out.issues.sort()
    return out


# --- re-checking corrected reports -------------------------------------------------------------


def recheck(
    template: str | None, requests: dict, review_litigation: dict
) -> list[parsers.identities.Check]:
    """parsers.identities' value checks over cells {(row, column): (value, where)}."""

    def cells(grid):
        return {k: Value(v, "" if v is None else str(v), where) for k, (v, where) in grid.items()}

    report = Report(
        template=template, requests=cells(requests), review_litigation=cells(review_litigation)
    )
    return [c for c in parsers.identities.check(report) if c.name in _VALUE_CHECKS]


def _rechecked(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """check results over the effective values of every report with a correction."""
    grids: dict[str, tuple[str | None, dict, dict]] = {}
    for rid, template in con.execute("""
            SELECT DISTINCT c.report_id, r.template FROM corrections c JOIN reports r USING (report_id)
            ORDER BY 1""").fetchall():
        grids[rid] = (template, {}, {})
    for table, index in (("requests", 1), ("review_litigation", 2)):
        fact, row, col = FACTS[table]
        for rid, r, c, value, where in con.execute(f"""
                SELECT report_id, {row}, {col}, effective_value, source_where
                FROM {fact}_effective WHERE report_id IN (SELECT report_id FROM corrections)""").fetchall():
            grids[rid][index][(r, c)] = (value, where)
    return [
        (rid, c.name, bool(c.passed), c.detail, c.severity)
        for rid, (template, req, lit) in grids.items()
        for c in recheck(template, req, lit)
    ]


# The checks across years (sql/checks.sql) again over the effective values, for each pair of
# years where either report has a correction.
_CROSS_YEAR_EFFECTIVE = """
    INSERT INTO corrected_check_results
    SELECT report_id, check_name, passed, detail, severity FROM cross_year_checks(true)
    WHERE report_id IN (SELECT report_id FROM corrections)
       OR prev_id IN (SELECT report_id FROM corrections)"""


# --- the pipeline's step ----------------------------------------------------------------------


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The corrections tables and views, then one effective view per fact table, its value of
    the fact's own type (schema.sql)."""
    con.execute(sql("corrections.sql"))
    template = sql("effective.sql")
    for table, (fact, row, column) in FACTS.items():
        (value_type,) = con.execute(
            "SELECT data_type FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ? AND column_name = 'value'",
            [fact],
        ).fetchone()
        con.execute(
            template.format(
                fact=fact,
                table=table,
                row=row,
                column=column,
                type=value_type,
                labels=frames.LABELS[fact],
            )
        )


def applied_digest(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT corrections_digest FROM build_info").fetchall()
    return rows[0][0] if rows else None


def refresh(con: duckdb.DuckDBPyConnection, folder: Path) -> Validated | None:
    """apply() unless the same corrections files were applied since the tables were last loaded
    (build_info.corrections_digest, which every load resets); None when nothing was done."""
    want = digest(folder)
    if applied_digest(con) == want:
        return None
    return apply(con, folder, want)


def apply(con: duckdb.DuckDBPyConnection, folder: Path, want: str | None = None) -> Validated:
    """One transaction: the corrections, reviews and issues tables replaced by what the folder
    holds now, corrected reports re-checked, the views marked for rebuilding."""
    loaded = read(folder)
    out = Validated(issues=list(loaded.issues))
    con.execute("BEGIN")
    try:
        for table in (
            "corrections",
            "check_reviews",
            "correction_issues",
            "corrected_check_results",
        ):
            con.execute(f"DELETE FROM {table}")
        validate_corrections(con, loaded, out)
        _insert(con, "corrections", out.corrections)
        _insert(con, "corrected_check_results", _rechecked(con))
        con.execute(_CROSS_YEAR_EFFECTIVE)
        con.execute(sql("confidence.sql"))
        validate_reviews(con, loaded, out)
        _insert(con, "check_reviews", out.reviews)
        out.issues.sort()
        _insert(con, "correction_issues", out.issues)
        con.execute(
            "UPDATE build_info SET corrections_digest = $d, views_digest = NULL",
            {"d": want or digest(folder)},
        )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return out


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


# --- writing rows (the CLI) -------------------------------------------------------------------


def append(folder: Path, kind: str, fields: dict[str, str]) -> tuple[str, int]:
    """Append one row to corrections.csv or reviews.csv (with a header when new): (file, line)."""
    columns = CORRECTION_COLUMNS if kind == "corrections" else REVIEW_COLUMNS
    path = folder / f"{kind}.csv"
    folder.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    text = "" if new else path.read_text("utf-8-sig")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if new:
        writer.writerow(columns)
    writer.writerow([fields.get(c, "") for c in columns])
    prefix = "" if new or text.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8", newline="") as out:
        out.write(prefix + buf.getvalue())
    reader = csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline=""))
    for _ in reader:
        pass
    return path.name, reader.line_num
