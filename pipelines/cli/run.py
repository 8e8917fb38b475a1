"""`ogi run`: the Dagster asset graph over the raw folder, headless and in-process, then the
status summary. Dagster is imported only when a run starts, so a run over a folder where nothing
changed answers in about a second."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from pipelines import paths, runlog
from pipelines.cli.status import status
from pipelines.cli.text import shown

# Dagster's console logger prints every event; a headless run reports its own failures below.
_QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def _instance():
    """The project's Dagster instance (DAGSTER_HOME, which the Makefile sets to .dagster/), so that
    the UI shows this run, its materialisations and check results; without DAGSTER_HOME an
    ephemeral one (nothing recorded)."""
    import dagster as dg

    if not (home := os.environ.get("DAGSTER_HOME")):
        return None
    config = Path(home, "dagster.yaml")
    if not config.exists():  # a new home: the project's settings (as `make dev` copies them)
        config.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).resolve().parents[1] / "dagster.yaml", config)
    return dg.DagsterInstance.get()


def run(
    raw_dir: str | None,
    warehouse: str | None,
    force: bool = False,
    corrections: str | None = None,
    allow_shrink: bool = False,
) -> int:
    """The asset graph over the folder, then status(). Skipped when the last run's record shows
    that the graph would change nothing (runlog.unchanged), unless `force`, which also parses
    every failed file again. `allow_shrink` publishes a folder that lost most of its files."""
    raw, published = paths.resolve(raw_dir, warehouse)
    if not raw.is_dir():  # before anything is created (the build file, the warehouse's folder)
        print(f"ogi: raw folder not found: {shown(raw)}", file=sys.stderr)
        return 1
    fixes = paths.corrections(corrections)
    if not force and (last := runlog.unchanged(raw, published, fixes)):
        print(
            f"ogi: nothing changed since run {last['run_id'][:8]} ({last['finished_at']}): "
            "the warehouse is up to date (--force runs the graph anyway)",
            file=sys.stderr,
        )
        return status(str(published))
    from ingest import pool

    pool.start_early()  # the parse workers' imports overlap Dagster's start-up
    import dagster as dg

    from pipelines.assets import ASSETS, CHECKS
    from pipelines.checks import TRUST_CHECKS
    from pipelines.resources import make_resources

    resources = make_resources(
        raw,
        published,
        progress=True,
        corrections_dir=fixes,
        retry_failed=force,
        allow_shrink=allow_shrink or None,
    )
    # Holding the build database open for the whole run lets every step's connection reuse it,
    # instead of opening the file again and checkpointing it at each close (and no other process
    # can write it between two steps).
    published.parent.mkdir(parents=True, exist_ok=True)
    build = paths.build_path(published)
    if not _wait_for_other_run(build):
        return 1
    from warehouse import load

    if damaged := load.set_aside_if_damaged(build):
        print(f"ogi: {damaged}", file=sys.stderr)
    with resources["duckdb"].get_connection():
        result = dg.materialize(
            [*ASSETS, *CHECKS, *TRUST_CHECKS],
            resources=resources,
            run_config=_QUIET,
            raise_on_error=False,
            instance=_instance(),
        )
    if not result.success:
        from pipelines.cli import Terminated, was_terminated

        if was_terminated():  # SIGTERM came between steps, or Dagster turned it into a failure
            raise Terminated
        for event in result.get_step_failure_events():
            error = event.event_specific_data.error
            if any(_interruption(e) for e in _behind(error)):
                raise Terminated  # Dagster's own SIGTERM handler ran, maybe under a later error
            while error.cause:  # Dagster wraps the asset's own exception
                error = error.cause
            detail = "" if error.cls_name == "Failure" else "\n" + "".join(error.stack)
            print(
                f"ogi: step {event.step_key} failed: {error.message.strip()}{detail}",
                file=sys.stderr,
            )
        return 1
    return status(str(published))


def _interruption(error) -> bool:
    """Dagster's interruption (its SIGTERM handler), or DuckDB's: a signal whose handler raises
    inside a query ends the query with RuntimeError('Query interrupted'), what the handler raised
    lost (CI met it: SIGTERM during the schema's creation, exit 1)."""
    return error.cls_name == "DagsterExecutionInterruptedError" or (
        error.cls_name in ("RuntimeError", "InterruptException")
        and "Query interrupted" in error.message
    )


def _behind(error) -> list:
    """A Dagster error and every error behind it: its causes, and what it was raised while
    handling (a step's cleanup can fail while it unwinds from an interruption)."""
    found = [error]
    for e in found:
        found.extend(x for x in (e.cause, e.context) if x is not None)
    return found


def _wait_for_other_run(build: Path) -> bool:
    """Whether the build file is free, after waiting up to OGI_RUN_WAIT_S (default 300) for
    another run that writes it; says so once when it waits, and when it gives up."""
    from warehouse import load

    limit = float(os.environ.get("OGI_RUN_WAIT_S", "300"))
    deadline = time.monotonic() + limit
    said = False
    while pids := load.writer_pids(build):
        if time.monotonic() >= deadline:
            print(
                f"ogi: gave up after {limit:g} s: another run (pid {pids[0]}) is still writing "
                f"{build}; try again when it has finished",
                file=sys.stderr,
            )
            return False
        if not said:
            print(
                f"ogi: another run (pid {pids[0]}) is writing {build}; waiting for it to finish "
                f"(up to {limit:g} s, OGI_RUN_WAIT_S)",
                file=sys.stderr,
            )
            said = True
        time.sleep(0.5)
    return True
