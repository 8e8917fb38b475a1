"""`ogi status`: what the published warehouse holds, the last run, and what failed and why.

Every name and reason printed comes from files and documents, so it goes through text.shown: a
file name holding a newline or a terminal escape cannot forge a line."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines import runlog
from pipelines.cli import review
from pipelines.cli.text import shown

_SHOWN_FAILURES = 20

_SUMMARY = {
    "Files by status": "SELECT status, count(*) FROM reports GROUP BY ALL ORDER BY 2 DESC, 1",
    "Reports by year and template (parsed or partial)": """
        SELECT report_year, template, count(*) FROM reports WHERE status IN ('parsed', 'partial')
        GROUP BY ALL ORDER BY ALL""",
}
# Most severe first: error (the numbers contradict), then warning (cannot be evaluated).
_SEVERITY = "CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END"
_FAILED_CHECKS = f"""
    SELECT check_name, severity, count(*) FROM check_results
    WHERE NOT passed AND severity IN ('error', 'warning')
    GROUP BY check_name, severity ORDER BY {_SEVERITY}, 3 DESC, 1"""
_FAILED_REPORTS = f"""
    SELECT r.source_path, c.severity, c.check_name, c.detail
    FROM check_results c
    JOIN (SELECT report_id, min(source_path) AS source_path FROM reports GROUP BY 1) r
      USING (report_id)
    WHERE NOT c.passed AND c.severity IN ('error', 'warning')
    ORDER BY {_SEVERITY}, r.source_path, c.check_name"""
_NOTHING_TO_COMPARE = """
    SELECT check_name, count(*) FROM check_results WHERE NOT passed AND severity = 'info'
    GROUP BY ALL ORDER BY 2 DESC, 1"""
_NOT_PARSED = "SELECT source_path, status, error FROM reports WHERE status <> 'parsed' ORDER BY ALL"


def status(warehouse: str) -> int:
    path = Path(warehouse)
    if not path.is_file():
        print(f"ogi: no warehouse at {shown(path)}", file=sys.stderr)
        return 1
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            summary = {title: con.execute(q).fetchall() for title, q in _SUMMARY.items()}
            failed_checks = con.execute(_FAILED_CHECKS).fetchall()
            failed_reports = con.execute(_FAILED_REPORTS).fetchall()
            nothing = con.execute(_NOTHING_TO_COMPARE).fetchall()
            not_parsed = con.execute(_NOT_PARSED).fetchall()
            reviewed = review.status_lines(con)
    except duckdb.Error as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print(f"ogi: cannot read the warehouse at {shown(path)}: {shown(first)}", file=sys.stderr)
        return 1
    built = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    print(
        f"Warehouse {shown(path)} ({path.stat().st_size / 1e6:.1f} MB, "
        f"published {built:%Y-%m-%d %H:%M %Z})"
    )
    print(_last_run(runlog.read(path)))
    for title, rows in summary.items():
        _table(title, rows)
    _table("Failed checks (error: numbers contradict; warning: cannot be evaluated)", failed_checks)
    if failed_reports:
        print("\nReports behind the failed checks, most severe first:")
        for source, severity, check, detail in failed_reports[:_SHOWN_FAILURES]:
            print(f"  {shown(source)} [{severity}] {check}: {shown(detail or '')}")
        _more(len(failed_reports), "SELECT * FROM check_results WHERE NOT passed")
    _table("Checks with nothing to compare (info, not failures)", nothing)
    if not_parsed:
        print("\nFiles not fully parsed, and why:")
        for source, state, error in not_parsed[:_SHOWN_FAILURES]:
            print(f"  {shown(source)} [{state}]: {shown(error or 'no reason recorded')}")
        _more(len(not_parsed), _NOT_PARSED)
    for line in reviewed:  # a line may start with its own "\n" (a section break)
        print("\n" * line.startswith("\n") + shown(line.lstrip("\n")))
    return 0


def _table(title: str, rows: list[tuple]) -> None:
    print(f"\n{title}:" + ("" if rows else " none"))
    for *keys, n in rows:
        print(f"  {' / '.join(shown(k) for k in keys):<60} {n:>7}")


def _more(total: int, query: str) -> None:
    if total > _SHOWN_FAILURES:
        print(f"  … and {total - _SHOWN_FAILURES} more: {query}")


def _last_run(record: dict | None) -> str:
    if not record:
        return "Last run: no record beside this warehouse"
    parsed = ", ".join(f"{k} {v}" for k, v in sorted(record["parsed_in_run_by_status"].items()))
    return (
        f"Last run {shown(record['run_id'][:8])}: {record.get('started_at') or '?'} → "
        f"{record['finished_at']}, over {shown(record['raw_dir'])}\n"
        f"  {record['files']} files, {record['parsed_in_run']} parsed in that run"
        f"{f' ({parsed})' if parsed else ''}; "
        f"published file {'replaced' if record['published_copied'] else 'left as it was'}"
    )
