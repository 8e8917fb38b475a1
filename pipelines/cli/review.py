"""`ogi review`: the open failed checks of the published warehouse — most severe first, then the
reports that count most (canonical, most requests handled) — each with the command that explains
it. `ogi review FILE --check NAME --verdict confirmed|parser_error --reason WHY` records a review
of one (warehouse.corrections), so that it is shown as reviewed rather than open."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import runlog
from pipelines.cli.recording import Refused, append, fail, new_row
from warehouse import corrections as people

_SHOWN = 50
# Open failures of error and warning severity; 'info' (nothing to compare) is no failure to review.
_OPEN = """
    WITH handled AS (
        SELECT report_id, effective_value AS handled FROM fact_requests_effective
        WHERE row_code = '3.7' AND applicant = 'total'
    ),
    paths AS (
        SELECT report_id, bool_or(is_canonical) AS canonical,
               min(source_path) FILTER (WHERE is_canonical) AS canonical_path,
               min(source_path) AS first_path
        FROM reports GROUP BY 1
    )
    SELECT s.severity, coalesce(p.canonical_path, p.first_path) AS source_path, s.check_name,
           s.detail, p.canonical, h.handled, s.rechecked
    FROM check_status s JOIN paths p USING (report_id) LEFT JOIN handled h USING (report_id)
    WHERE s.state = 'open' AND s.severity IN ('error', 'warning')
    ORDER BY s.severity = 'error' DESC, p.canonical DESC, h.handled DESC NULLS LAST,
             source_path, s.check_name"""


def review_list(warehouse: Path) -> int:
    if not warehouse.exists():
        return fail(f"no warehouse at {warehouse}: run `ogi run` first")
    record = runlog.read(warehouse)
    raw = Path(record["raw_dir"]) if record else None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(_OPEN).fetchall()
        (reviewed,) = con.execute(
            "SELECT count(*) FROM check_status WHERE state = 'reviewed'"
        ).fetchone()
    print(f"Open failed checks: {len(rows)} ({reviewed} reviewed, not listed)")
    for severity, path, check, detail, canonical, handled, rechecked in rows[:_SHOWN]:
        detail = (detail or "").removeprefix(f"{check}: ")  # a failure repeats its family
        short = detail if len(detail) <= 160 else detail[:159] + "…"
        counts = "canonical" if canonical else "a copy"
        counts += f", {handled} handled" if handled is not None else ""
        counts += ", after corrections" if rechecked else ""
        print(f"\n[{severity}] {path} ({counts})\n  {check}: {short}")
        print(f"  explain: ogi explain {raw / path if raw else path}")
    if len(rows) > _SHOWN:
        print(
            f"\n… and {len(rows) - _SHOWN} more (SELECT * FROM check_status WHERE state = 'open')"
        )
    if rows:
        print(
            "\nRecord a verdict: ogi review FILE --check NAME --verdict confirmed|parser_error "
            "--reason WHY; correct a cell: ogi correct FILE --cell TABLE/ROW/COLUMN --value N "
            "--reason WHY"
        )
    return 0


def review_record(
    warehouse: Path,
    raw: Path,
    folder: Path,
    file: str,
    check: str,
    verdict: str,
    reason: str,
    who: str | None = None,
    when: str | None = None,
) -> int:
    fields = dict(check=check, verdict=verdict, reason=reason)
    try:
        with new_row(warehouse, raw, folder, file, "reviews", fields, who, when) as (con, new):
            detail = con.execute(
                "SELECT detail FROM check_status WHERE report_id = ? AND check_name = ?",
                [new["report_sha256"], check],
            ).fetchone()
    except Refused as e:
        return fail(str(e))
    where_recorded = append(folder, "reviews", new)
    detail = (detail[0] or "").removeprefix(f"{check}: ") if detail else ""
    print(f"{new['source_path']}: {check}: {detail}")
    print(f"  reviewed: {people.VERDICTS[verdict]} — {reason} ({new['who']}, {new['when']})")
    print(where_recorded)
    return 0


def status_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """`ogi status`'s section: corrections applied, checks reviewed, rows that do not apply."""
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "correction_issues" not in tables:
        return []
    (fixes,) = con.execute("SELECT count(*) FROM corrections").fetchone()
    states = dict(
        con.execute(
            "SELECT state, count(*) FROM check_status WHERE NOT passed "
            "AND severity IN ('error', 'warning') GROUP BY 1"
        ).fetchall()
    )
    issues = con.execute(
        "SELECT file, line, kind, message FROM correction_issues ORDER BY ALL"
    ).fetchall()
    out = [
        f"\nCorrections and reviews: {fixes} cells corrected; failed checks "
        f"{states.get('open', 0)} open, {states.get('reviewed', 0)} reviewed (`ogi review`)"
    ]
    if issues:
        out.append(f"Rows of the corrections files not applied ({len(issues)}):")
        out += [f"  {f}:{ln}: [{kind}] {m}" for f, ln, kind, m in issues]
    return out
