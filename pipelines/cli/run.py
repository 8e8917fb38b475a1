"""`ogi run`: the Dagster asset graph over the raw folder, headless and in-process, then the
status summary. Dagster is imported only when a run starts, so a run over a folder where nothing
changed answers in about a second."""

from __future__ import annotations

import sys

from pipelines import paths, runlog
from pipelines.cli.status import status

# Dagster's console logger prints every event; a headless run reports its own failures below.
_QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def run(
    raw_dir: str | None, warehouse: str | None, force: bool = False, corrections: str | None = None
) -> int:
    """The asset graph over the folder, then status(). Skipped when the last run's record shows
    that the graph would change nothing (runlog.unchanged), unless `force`."""
    raw, published = paths.resolve(raw_dir, warehouse)
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

    resources = make_resources(raw, published, progress=True, corrections_dir=fixes)
    # Holding the build database open for the whole run lets every step's connection reuse it,
    # instead of opening the file again and checkpointing it at each close (and no other process
    # can write it between two steps).
    published.parent.mkdir(parents=True, exist_ok=True)
    with resources["duckdb"].get_connection():
        result = dg.materialize(
            [*ASSETS, *CHECKS, *TRUST_CHECKS],
            resources=resources,
            run_config=_QUIET,
            raise_on_error=False,
        )
    if not result.success:
        for event in result.get_step_failure_events():
            error = event.event_specific_data.error
            while error.cause:  # Dagster wraps the asset's own exception
                error = error.cause
            detail = "" if error.cls_name == "Failure" else "\n" + "".join(error.stack)
            print(
                f"ogi: step {event.step_key} failed: {error.message.strip()}{detail}",
                file=sys.stderr,
            )
        return 1
    return status(str(published))
