"""The Dagster code location: `dagster dev -m pipelines.definitions` (see pyproject [tool.dagster])."""

import contextlib
import hashlib
import json

import dagster as dg

from ingest import raw
from pipelines.assets import ASSETS, CHECKS
from pipelines.checks import TRUST_CHECKS
from pipelines.paths import own_files
from pipelines.resources import OgiPaths, make_resources
from warehouse import corrections

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


def _changes(context: dg.SensorEvaluationContext, current: dict, kind: str):
    """A run request naming what changed since the cursor (path → mtime), or a skip reason.
    The run key names the change, so the same change never launches two runs."""
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = {
        p: current.get(p)
        for p in sorted(current.keys() | previous.keys())
        if current.get(p) != previous.get(p)
    }
    if not changed:
        return dg.SkipReason(f"{kind} unchanged")
    context.update_cursor(json.dumps(current, sort_keys=True))
    key = hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(
        run_key=f"{kind.split()[0]}-{len(changed)}-{key}",
        tags={f"ogi/changed_{kind.split()[0]}_files": str(len(changed))},
    )


@dg.sensor(job=refresh_job, minimum_interval_seconds=60)
def raw_folder_sensor(context: dg.SensorEvaluationContext, paths: OgiPaths):
    """Requests a refresh when a file under the raw folder is added, changed or removed."""
    current = raw.mtimes(paths.raw, own_files(paths.published)) if paths.raw.is_dir() else {}
    return _changes(context, current, "raw folder")


@dg.sensor(job=refresh_job, minimum_interval_seconds=60)
def corrections_sensor(context: dg.SensorEvaluationContext, paths: OgiPaths):
    """Requests a refresh when a corrections or reviews file is added, changed or removed, so
    that what people record reaches the views without waiting for the nightly run."""
    current = {}
    for path in corrections.files(paths.corrections):
        with contextlib.suppress(OSError):  # removed since it was listed: gone, as next time
            current[path.name] = path.stat().st_mtime_ns
    return _changes(context, current, "corrections folder")


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=[*CHECKS, *TRUST_CHECKS],
    jobs=[refresh_job],
    schedules=[nightly],
    sensors=[raw_folder_sensor, corrections_sensor],
    resources=make_resources(),
    # Every job, including "Materialize all" in the UI, runs in one process like `ogi run`.
    executor=dg.in_process_executor,
)
