"""The Dagster code location: `dagster dev -m pipelines.definitions` (see pyproject [tool.dagster])."""

import hashlib
import json

import dagster as dg

from ingest import raw
from pipelines.assets import ASSETS, CHECKS
from pipelines.checks import TRUST_CHECKS
from pipelines.paths import own_files
from pipelines.resources import OgiPaths, make_resources

# The graph is a chain of DuckDB writers: parallel processes would only add start-up time.
refresh_job = dg.define_asset_job(
    "refresh_warehouse", selection=dg.AssetSelection.all(), executor_def=dg.in_process_executor
)

nightly = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


@dg.sensor(job=refresh_job, minimum_interval_seconds=60)
def raw_folder_sensor(context: dg.SensorEvaluationContext, paths: OgiPaths):
    """Requests a refresh when a file under the raw folder is added, changed or removed.
    The cursor maps each path to its mtime; the run key names the change, so the same change
    never launches two runs."""
    current = raw.mtimes(paths.raw, own_files(paths.published)) if paths.raw.is_dir() else {}
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = {
        p: current.get(p)
        for p in sorted(current.keys() | previous.keys())
        if current.get(p) != previous.get(p)
    }
    if not changed:
        return dg.SkipReason("raw folder unchanged")
    context.update_cursor(json.dumps(current, sort_keys=True))
    key = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=f"raw-{len(changed)}-{key}", tags={"ogi/changed_files": str(len(changed))}
    )


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=[*CHECKS, *TRUST_CHECKS],
    jobs=[refresh_job],
    schedules=[nightly],
    sensors=[raw_folder_sensor],
    resources=make_resources(),
    # Every job, including "Materialize all" in the UI, runs in one process like `ogi run`.
    executor=dg.in_process_executor,
)
