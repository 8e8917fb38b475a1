"""`ogi`: the command line. `ogi run` and `ogi status` for the pipeline (the Dagster asset graph,
headless and in-process), `ogi export` and `ogi explain` for analysts; one module per command,
each imported only when it runs, so that the quick commands answer in about a second."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from pipelines import paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="parse the raw folder into the warehouse, then summarise")
    p_run.add_argument("--raw-dir", help="folder of reports (default: $OGI_RAW_DIR or data/raw)")
    p_run.add_argument(
        "--warehouse",
        help="DuckDB file to publish (default: $OGI_WAREHOUSE or data/warehouse.duckdb)",
    )
    p_run.add_argument(
        "--force",
        action="store_true",
        help="run the asset graph even when nothing changed since the last run, and parse "
        "every failed file again",
    )
    p_run.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even when the raw folder lost more than half of its files since the last "
        "run (refused by default: an unmounted or emptied folder would empty the warehouse)",
    )
    p_status = sub.add_parser("status", help="summarise what the warehouse holds")
    p_status.add_argument("--warehouse")
    p_export = sub.add_parser(
        "export", help="write the published warehouse's tables and views as files, one per relation"
    )
    p_export.add_argument("dir", help="output folder")
    p_export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p_export.add_argument("--warehouse")
    p_explain = sub.add_parser(
        "explain",
        help="parse one file and show every cell, where it "
        "came from and the checks it takes part in",
    )
    p_explain.add_argument("file")
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return _dispatch(args)
    except BrokenPipeError:  # `ogi status | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (KeyboardInterrupt, Terminated) as e:
        print(
            f"ogi: {'terminated' if isinstance(e, Terminated) else 'interrupted'}; the published "
            "warehouse is as it was, and the next run goes on from what was parsed",
            file=sys.stderr,
        )
        return 143 if isinstance(e, Terminated) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM, raised where the main thread is, so that it unwinds like Ctrl-C."""


def _terminated(signum, frame):
    raise Terminated


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from pipelines.cli.run import run

        return run(args.raw_dir, args.warehouse, args.force, args.allow_shrink)
    if args.command == "explain":
        from pipelines.cli.explain import explain

        return explain(args.file)
    warehouse = str(paths.resolve(warehouse=args.warehouse)[1])
    if args.command == "export":
        from pipelines.cli.export import export

        return export(warehouse, args.format, args.dir)
    from pipelines.cli.status import status

    return status(warehouse)


if __name__ == "__main__":
    sys.exit(main())
