"""`ogi run` / `ogi status`: the Dagster asset graph, headless and in-process; `ogi export` and
`ogi explain` for analysts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import dagster as dg
import duckdb

import parsers

from pipelines.assets import ASSETS, CHECKS
from pipelines.checks import TRUST_CHECKS
from pipelines.resources import make_resources
from warehouse import explain as explainer
from warehouse import export as exporter

# Dagster's console logger prints every event; a headless run reports its own failures below.
_QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}

_SUMMARY = {
    "Files by status": "SELECT status, count(*) FROM reports GROUP BY ALL ORDER BY 2 DESC, 1",
    "Reports by year and template (parsed or partial)": """
        SELECT report_year, template, count(*) FROM reports WHERE status IN ('parsed', 'partial')
        GROUP BY ALL ORDER BY ALL""",
    "Failed checks": """
        SELECT check_name, severity, count(*) FROM check_results WHERE NOT passed
        GROUP BY ALL ORDER BY 3 DESC, 1""",
}


def run(raw_dir: str, warehouse: str) -> int:
    resources = make_resources(raw_dir, warehouse)
    result = dg.materialize([*ASSETS, *CHECKS, *TRUST_CHECKS], resources=resources,
                            run_config=_QUIET, raise_on_error=False)
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.event_specific_data.error
            while error.cause:  # Dagster wraps the asset's own exception
                error = error.cause
            detail = "" if error.cls_name == "Failure" else "\n" + "".join(error.stack)
            print(f"ogi: step {event.step_key} failed: {error.message.strip()}{detail}",
                  file=sys.stderr)
        return 1
    return status(resources["paths"].warehouse)


def status(warehouse: str) -> int:
    path = Path(warehouse)
    if not path.exists():
        print(f"ogi: no warehouse at {path}", file=sys.stderr)
        return 1
    print(f"Warehouse {path}")
    with duckdb.connect(str(path), read_only=True) as con:
        for title, query in _SUMMARY.items():
            rows = con.execute(query).fetchall()
            print(f"\n{title}:" + ("" if rows else " none"))
            for *keys, n in rows:
                print(f"  {' / '.join(str(k) for k in keys):<60} {n:>7}")
    return 0


def export(warehouse: str, fmt: str, out: str) -> int:
    path = Path(warehouse)
    if not path.exists():
        print(f"ogi: no warehouse at {path}", file=sys.stderr)
        return 1
    files = exporter.export(path, Path(out), fmt)
    print(f"wrote {len(files)} {fmt} files to {out}")
    return 0


def explain(file: str) -> int:
    path = Path(file)
    try:
        report = parsers.parse(path.read_bytes(), path.name)
    except (OSError, parsers.ParseError) as e:
        print(f"ogi: {path}: {e}", file=sys.stderr)
        return 1
    print(explainer.explain(report, str(path)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="parse the raw folder into the warehouse, then summarise")
    p_run.add_argument("--raw-dir", help="folder of reports (default: $OGI_RAW_DIR or data/raw)")
    p_run.add_argument("--warehouse", help="DuckDB file to publish "
                       "(default: $OGI_WAREHOUSE or data/warehouse.duckdb)")
    p_status = sub.add_parser("status", help="summarise what the warehouse holds")
    p_status.add_argument("--warehouse")
    p_export = sub.add_parser("export", help="write the published warehouse's tables and views "
                              "as files, one per relation")
    p_export.add_argument("dir", help="output folder")
    p_export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p_export.add_argument("--warehouse")
    p_explain = sub.add_parser("explain", help="parse one file and show every cell, where it "
                               "came from and the checks it takes part in")
    p_explain.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.raw_dir, args.warehouse)
    if args.command == "explain":
        return explain(args.file)
    if args.command == "export":
        return export(make_resources(warehouse=args.warehouse)["paths"].warehouse, args.format,
                      args.dir)
    return status(make_resources(warehouse=args.warehouse)["paths"].warehouse)


if __name__ == "__main__":
    sys.exit(main())
