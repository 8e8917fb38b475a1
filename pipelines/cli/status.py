"""`ogi status`: what the published warehouse holds, the last run, and what failed and why."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines import runlog
from pipelines.cli import review

_SHOWN_FAILURES = 20

_SUMMARY = {
    "Files by status": "SELECT status, count(*) FROM reports GROUP BY ALL ORDER BY 2 DESC, 1",
    "Reports by year and template (parsed or partial)": """
        SELECT report_year, template, count(*) FROM reports WHERE status IN ('parsed', 'partial')
        GROUP BY ALL ORDER BY ALL""",
    "Failed checks": """
        SELECT check_name, severity, count(*) FROM check_results WHERE NOT passed
        GROUP BY ALL ORDER BY 3 DESC, 1""",
}
_NOT_PARSED = "SELECT source_path, status, error FROM reports WHERE status <> 'parsed' ORDER BY ALL"


def status(warehouse: str) -> int:
    path = Path(warehouse)
    if not path.exists():
        print(f"ogi: no warehouse at {path}", file=sys.stderr)
        return 1
    built = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    print(
        f"Warehouse {path} ({path.stat().st_size / 1e6:.1f} MB, published {built:%Y-%m-%d %H:%M %Z})"
    )
    print(_last_run(runlog.read(path)))
    with duckdb.connect(str(path), read_only=True) as con:
        for title, query in _SUMMARY.items():
            rows = con.execute(query).fetchall()
            print(f"\n{title}:" + ("" if rows else " none"))
            for *keys, n in rows:
                print(f"  {' / '.join(str(k) for k in keys):<60} {n:>7}")
        not_parsed = con.execute(_NOT_PARSED).fetchall()
        reviewed = review.status_lines(con)
    if not_parsed:
        print("\nFiles not fully parsed, and why:")
        for source, state, error in not_parsed[:_SHOWN_FAILURES]:
            print(f"  {source} [{state}]: {error or 'no reason recorded'}")
        if len(not_parsed) > _SHOWN_FAILURES:
            print(f"  … and {len(not_parsed) - _SHOWN_FAILURES} more: {_NOT_PARSED}")
    if reviewed:
        print("\n".join(reviewed))
    return 0


def _last_run(record: dict | None) -> str:
    if not record:
        return "Last run: no record beside this warehouse"
    parsed = ", ".join(f"{k} {v}" for k, v in sorted(record["parsed_in_run_by_status"].items()))
    return (
        f"Last run {record['run_id'][:8]}: {record.get('started_at') or '?'} → "
        f"{record['finished_at']}, over {record['raw_dir']}\n"
        f"  {record['files']} files, {record['parsed_in_run']} parsed in that run"
        f"{f' ({parsed})' if parsed else ''}; "
        f"published file {'replaced' if record['published_copied'] else 'left as it was'}"
    )
