"""`ogi run` / `ogi status`: the Dagster asset graph, headless and in-process; `ogi export` and
`ogi explain` for analysts. Dagster is imported only when a run starts, so the other commands,
and a run over a folder where nothing changed, answer in about a second."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

import duckdb

import parsers
from pipelines import paths
from warehouse import explain as explainer
from warehouse import export as exporter
from warehouse import runlog

# Dagster's console logger prints every event; a headless run reports its own failures below.
_QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
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


def run(raw_dir: str | None, warehouse: str | None, force: bool = False) -> int:
    """The asset graph over the folder, then status(). Skipped when the last run's record shows
    that the graph would change nothing (runlog.unchanged), unless `force`."""
    raw, published = paths.resolve(raw_dir, warehouse)
    if not force and (last := runlog.unchanged(raw, published)):
        print(f"ogi: nothing changed since run {last['run_id'][:8]} ({last['finished_at']}): "
              "the warehouse is up to date (--force runs the graph anyway)", file=sys.stderr)
        return status(str(published))
    from warehouse import parse_pool

    parse_pool.start_early()  # the parse workers' imports overlap Dagster's start-up
    import dagster as dg

    from pipelines.assets import ASSETS, CHECKS
    from pipelines.checks import TRUST_CHECKS
    from pipelines.resources import make_resources

    resources = make_resources(raw, published, progress=True)
    # Holding the build database open for the whole run lets every step's connection reuse it,
    # instead of opening the file again and checkpointing it at each close (and no other process
    # can write it between two steps).
    published.parent.mkdir(parents=True, exist_ok=True)
    with resources["duckdb"].get_connection():
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
    return status(str(published))


def status(warehouse: str) -> int:
    path = Path(warehouse)
    if not path.exists():
        print(f"ogi: no warehouse at {path}", file=sys.stderr)
        return 1
    built = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    print(f"Warehouse {path} ({path.stat().st_size / 1e6:.1f} MB, published {built:%Y-%m-%d %H:%M %Z})")
    print(_last_run(runlog.read(path)))
    with duckdb.connect(str(path), read_only=True) as con:
        for title, query in _SUMMARY.items():
            rows = con.execute(query).fetchall()
            print(f"\n{title}:" + ("" if rows else " none"))
            for *keys, n in rows:
                print(f"  {' / '.join(str(k) for k in keys):<60} {n:>7}")
        not_parsed = con.execute(_NOT_PARSED).fetchall()
    if not_parsed:
        print("\nFiles not fully parsed, and why:")
        for source, state, error in not_parsed[:_SHOWN_FAILURES]:
            print(f"  {source} [{state}]: {error or 'no reason recorded'}")
        if len(not_parsed) > _SHOWN_FAILURES:
            print(f"  … and {len(not_parsed) - _SHOWN_FAILURES} more: {_NOT_PARSED}")
    return 0


def _last_run(record: dict | None) -> str:
    if not record:
        return "Last run: no record beside this warehouse"
    parsed = ", ".join(f"{k} {v}" for k, v in sorted(record["parsed_in_run_by_status"].items()))
    return (f"Last run {record['run_id'][:8]}: {record.get('started_at') or '?'} → "
            f"{record['finished_at']}, over {record['raw_dir']}\n"
            f"  {record['files']} files, {record['parsed_in_run']} parsed in that run"
            f"{f' ({parsed})' if parsed else ''}; "
            f"published file {'replaced' if record['published_copied'] else 'left as it was'}")


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
    p_run.add_argument("--force", action="store_true",
                       help="run the asset graph even when nothing changed since the last run")
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
    try:
        return _dispatch(args)
    except BrokenPipeError:  # `ogi status | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        return run(args.raw_dir, args.warehouse, args.force)
    if args.command == "explain":
        return explain(args.file)
    if args.command == "export":
        return export(str(paths.resolve(warehouse=args.warehouse)[1]), args.format, args.dir)
    return status(str(paths.resolve(warehouse=args.warehouse)[1]))


if __name__ == "__main__":
    sys.exit(main())
