"""`ogi`: the command line. `ogi run` and `ogi status` for the pipeline (the Dagster asset graph,
headless and in-process), `ogi export`, `ogi explain` and `ogi compare` for analysts; one module per command,
each imported only when it runs, so that the quick commands answer in about a second."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import signal
import sys
import threading

from pipelines import paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogi", description=__doc__)
    parser.add_argument(
        "--version", action="version", version=f"ogi {importlib.metadata.version('ogi')}"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="parse the raw folder into the warehouse, then summarise")
    p_run.add_argument("--raw-dir", help="folder of reports (default: $OGI_RAW_DIR or data/raw)")
    p_run.add_argument(
        "--warehouse",
        help="DuckDB file to publish (default: $OGI_WAREHOUSE or data/warehouse.duckdb)",
    )
    p_run.add_argument(
        "--corrections",
        help="folder of corrections and reviews (default: $OGI_CORRECTIONS or data/corrections)",
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
    _review_commands(sub)
    p_compare = sub.add_parser(
        "compare", help="one agency's key figures year by year, against the year before"
    )
    p_compare.add_argument("agency", help="its name, part of it, or its agency_key")
    p_compare.add_argument("--warehouse")
    args = parser.parse_args(argv)
    _TERMINATED.clear()
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


_TERMINATED = threading.Event()


def _terminated(signum, frame):
    _TERMINATED.set()  # Dagster may catch what is raised here and only report a failed run
    raise Terminated


def was_terminated() -> bool:
    """Whether this process received SIGTERM (through its own handler)."""
    return _TERMINATED.is_set()


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from pipelines.cli.run import run

        return run(
            args.raw_dir,
            args.warehouse,
            args.force,
            args.corrections,
            allow_shrink=args.allow_shrink,
        )
    if args.command == "explain":
        from pipelines.cli.explain import explain

        return explain(args.file)
    if args.command in ("correct", "review"):
        return _review_dispatch(args)
    warehouse = str(paths.resolve(warehouse=args.warehouse)[1])
    if args.command == "export":
        from pipelines.cli.export import export

        return export(warehouse, args.format, args.dir)
    if args.command == "compare":
        from pipelines.cli.compare import compare

        return compare(warehouse, args.agency)
    from pipelines.cli.status import status

    return status(warehouse)


def _review_commands(sub) -> None:
    """`ogi correct` and `ogi review` (warehouse.corrections)."""
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--warehouse", help="the published warehouse to validate against")
    where.add_argument("--raw-dir", help="raw folder (the file's path is recorded relative to it)")
    where.add_argument("--corrections", help="folder to write to (default: data/corrections)")
    where.add_argument("--who", help="who records it (default: the login name)")
    where.add_argument("--when", help="when (default: today, ISO date)")
    p = sub.add_parser(
        "correct",
        parents=[where],
        help="record a correction of one cell of a report, applied by the next run",
    )
    p.add_argument("file", help="the report file")
    p.add_argument("--cell", required=True, help="TABLE/ROW/COLUMN, e.g. requests/3.1/total")
    p.add_argument("--value", required=True, help="the value the cell should have")
    p.add_argument("--reason", required=True, help="why, e.g. confirmed with the agency")
    p = sub.add_parser(
        "review",
        parents=[where],
        help="list open failed checks; with FILE --check --verdict --reason, record a review",
    )
    p.add_argument("file", nargs="?", help="the report file whose failed check is reviewed")
    p.add_argument("--check", help="the check's name, as `ogi review` lists it")
    p.add_argument("--verdict", choices=("confirmed", "parser_error"))
    p.add_argument("--reason")


def _review_dispatch(args: argparse.Namespace) -> int:
    import duckdb

    try:
        return _review_command(args)
    except duckdb.CatalogException:  # a warehouse built before the corrections tables
        print(
            "ogi: the warehouse has no corrections tables (built by an older ogi): "
            "rebuild it with `ogi run`",
            file=sys.stderr,
        )
    except duckdb.Error as e:
        print(f"ogi: cannot read the warehouse: {str(e).splitlines()[0]}", file=sys.stderr)
    return 1


def _review_command(args: argparse.Namespace) -> int:
    raw, warehouse = paths.resolve(args.raw_dir, args.warehouse)
    folder = paths.corrections(args.corrections)
    if args.command == "correct":
        from pipelines.cli.correct import correct

        return correct(
            warehouse,
            raw,
            folder,
            args.file,
            args.cell,
            args.value,
            args.reason,
            args.who,
            args.when,
        )
    from pipelines.cli.review import review_list, review_record

    if args.file is None:
        return review_list(warehouse)
    if not (args.check and args.verdict and args.reason):
        print("ogi: review FILE needs --check, --verdict and --reason", file=sys.stderr)
        return 2
    return review_record(
        warehouse,
        raw,
        folder,
        args.file,
        args.check,
        args.verdict,
        args.reason,
        args.who,
        args.when,
    )


if __name__ == "__main__":
    sys.exit(main())
