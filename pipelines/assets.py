"""The asset graph: raw folder → parse cache → warehouse tables → views → published file.

No `from __future__ import annotations` here: Dagster inspects the context annotations at import.
"""

import sys
import time
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from tqdm import tqdm

from ingest import contract, raw
from ingest.parse import parse_all
from pipelines import runlog
from pipelines.paths import own_files
from pipelines.resources import BuildDatabase, OgiPaths, ParseSettings
from warehouse import corrections as people
from warehouse import load, parse_cache, views

# One group: the UI then draws the whole chain expanded. Every asset writes the DuckDB file.
_WRITE = {"group_name": "ogi", "pool": "duckdb_writer", "kinds": {"python", "duckdb"}}
# Parses are committed to the cache every _COMMIT_ROWS rows or _COMMIT_S seconds, whichever comes
# first: a killed run keeps all but its last few seconds of parsing, and when parses are quick a
# commit's fixed cost is paid rarely (500 rows at once cost half as much as 5 × 100).
_COMMIT_ROWS = 500
_COMMIT_S = 5.0


@dg.asset(**_WRITE)
def raw_files(
    context: dg.AssetExecutionContext, paths: OgiPaths, duckdb: BuildDatabase
) -> dg.MaterializeResult:
    """Every regular file under the raw folder with its size and sha256 (table `raw_files`), and
    a row with the reason for each folder that could not be listed. Symlinks never lead out of
    the folder; the warehouse's own files are not reports. A file with the path, size and mtime
    it had in the previous run keeps its sha256 without being read again. Refuses (writing
    nothing) a folder that lost more than half of its files since the last run, unless
    allow_shrink: an unmounted share would otherwise empty the warehouse and its parse cache."""
    if not paths.raw.is_dir():
        raise dg.Failure(f"raw folder not found: {paths.raw}")
    paths.published.parent.mkdir(parents=True, exist_ok=True)  # the build file lives beside it
    if damaged := load.set_aside_if_damaged(Path(duckdb.database)):
        context.log.warning(damaged)
    # Failures are raised once the connection is closed: BuildDatabase closes it only when its
    # block ends normally, and a connection left open blocks the next run's CHECKPOINT.
    with duckdb.get_connection() as con:
        load.ensure_schema(con)
        inv = raw.inventory(
            paths.raw,
            parse_cache.known_hashes(con),  # unchanged files are not re-read
            skip=own_files(paths.published),
        )
        before = max(load.files_known(con), load.published_files(paths.published))
        shrunk = len(inv) * 2 < before and not paths.allow_shrink
        if not shrunk:
            load.replace_raw_files(con, inv)
    if shrunk:
        raise dg.Failure(
            f"the raw folder {paths.raw} holds {len(inv)} files where the last run had "
            f"{before}: refusing to publish a warehouse that lost most of its reports (an "
            "unmounted or emptied folder?). If the files were removed on purpose, run again "
            "with --allow-shrink (OGI_ALLOW_SHRINK=1 for the schedule and the sensor)."
        )
    return dg.MaterializeResult(
        metadata={
            "raw_dir": paths.raw_dir,
            "files": len(inv),
            "distinct_contents": inv["sha256"].drop_nulls().n_unique(),
            "unreadable": inv["read_error"].is_not_null().sum(),
            "unlisted_folders": inv["source_path"].str.ends_with("/").sum(),
            "bytes": int(inv["size_bytes"].sum()),
        }
    )


@dg.asset(deps=[raw_files], **_WRITE)
def parsed_reports(
    context: dg.AssetExecutionContext,
    paths: OgiPaths,
    duckdb: BuildDatabase,
    parsing: ParseSettings,
) -> dg.MaterializeResult:
    """Parses each content not yet parsed by the current parser version into `parse_cache`
    (keyed by sha256 and a digest of the parsers' code): unchanged files are not parsed again.
    Parsing runs in worker processes on every core, each file under time and memory limits
    (ingest.pool): a file the parser cannot handle, crashes on, or that exceeds a limit
    becomes a `failed` row and costs only itself."""
    version = contract.parser_version()
    statuses: Counter[str] = Counter()
    with duckdb.get_connection() as con:
        load.ensure_schema(con)
        load.prune_parse_cache(con, version)  # raw_files refused to empty itself: see raw_files
        con.execute("SET threads = 1")  # the parse workers take every core meanwhile
        batch: list[dict] = []
        committed = time.monotonic()
        jobs = [
            contract.Job(sha, raw.locate(paths.raw, rel), rel)
            for sha, rel in parse_cache.unparsed(con, parsing.retry_failed)
        ]
        # Closed as the step leaves, even when interrupted in this loop: the workers end then,
        # not whenever the garbage collector finds the generator.
        with closing(parse_all(jobs, parsing.limits())) as results:
            # tqdm draws only on a terminal (disable=None), and only once parsing has taken 2 s.
            for job, row in tqdm(
                results,
                total=len(jobs),
                desc="parsing",
                unit="file",
                file=sys.stderr,
                delay=2,
                disable=None if parsing.progress else True,
            ):
                sha, rel = job.sha256, job.name
                if row is None:
                    context.log.warning(f"{rel} changed while the run was reading it; skipped")
                    continue
                if (row["error"] or "").startswith(contract.PARSER_BUG):
                    context.log.error(f"{rel}: {row['error']}")
                statuses[row["status"]] += 1
                batch.append({**row, "sha256": sha, "parser_version": version, "parsed_name": rel})
                if len(batch) >= _COMMIT_ROWS or time.monotonic() - committed >= _COMMIT_S:
                    load.write_parse_cache(con, batch)
                    batch, committed = [], time.monotonic()
        if batch:
            load.write_parse_cache(con, batch)
        (cached,) = con.execute("SELECT count(*) FROM parse_cache").fetchone()
    return dg.MaterializeResult(
        metadata={
            "parser_version": version,
            "parsed_now": sum(statuses.values()),
            "parsed_now_by_status": dict(statuses),
            "cached_contents": cached,
        }
    )


_DESCRIPTIONS = views.descriptions()
TABLES = views.table_names()
VIEWS = views.view_names()


def _spec(name: str, deps) -> dg.AssetSpec:
    return dg.AssetSpec(
        name,
        deps=deps,
        description=_DESCRIPTIONS.get(name),
        group_name=_WRITE["group_name"],
        kinds=_WRITE["kinds"],
    )


def _catalogue_entry(con, name: str) -> dict:
    """Row count and column schema of a table or view: the asset catalogue is the data catalogue."""
    rows, columns = views.shape(con, name)
    return {
        "dagster/row_count": rows,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(c, t, description=note) for c, t, note in columns]
        ),
    }


# One asset per contract table, all written by one step in one transaction.
@dg.multi_asset(
    name="warehouse_tables",
    specs=[_spec(t, [parsed_reports]) for t in TABLES],
    pool=_WRITE["pool"],
)
def warehouse_tables(duckdb: BuildDatabase):
    """The contract's tables: `reports` (one row per file, with is_canonical), the fact tables,
    `check_results` and the label dimensions. Only contents whose parse changed are reloaded,
    from the rows the parse cache keeps (in SQL); cells of files that disappeared are dropped;
    all in one transaction. Nothing is written when no file, parse or load code changed."""
    with duckdb.get_connection() as con:
        load.ensure_schema(con)
        reloaded = load.refresh_tables(con)
        by_status = dict(
            con.execute("SELECT status, count(*) FROM reports GROUP BY 1 ORDER BY 1").fetchall()
        )
        entries = {t: _catalogue_entry(con, t) for t in TABLES}
    run = {"unchanged": reloaded is None, "reloaded_contents": reloaded or 0}
    for table in TABLES:
        extra = {**run, "files_by_status": by_status} if table == "reports" else run
        yield dg.MaterializeResult(asset_key=table, metadata={**entries[table], **extra})


@dg.asset(deps=list(TABLES), **_WRITE)
def corrections(paths: OgiPaths, duckdb: BuildDatabase) -> dg.MaterializeResult:
    """People's corrections of cells and reviews of failed checks (the corrections folder's
    CSV files, warehouse.corrections): validated, applied apart from the published values
    (tables `corrections`, `check_reviews`; the `*_effective` views), corrected reports checked
    again. A row that cannot apply goes to `correction_issues` with its file and line; it never
    stops the run. Left as it is when the files and the tables are those last applied."""
    with duckdb.get_connection() as con:
        load.configure(con)
        people.ensure_schema(con)
        applied = people.refresh(con, paths.corrections)
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("corrections", "check_reviews", "correction_issues")
        }
    return dg.MaterializeResult(
        metadata={
            "folder": str(paths.corrections),
            "unchanged": applied is None,
            **{f"rows_{t}": n for t, n in counts.items()},
        }
    )


# One asset per analyst view (sql/views.sql); their mart_ copies are built with them.
@dg.multi_asset(
    name="warehouse_views",
    specs=[_spec(v, [*TABLES, corrections]) for v in VIEWS],
    pool=_WRITE["pool"],
)
def warehouse_views(duckdb: BuildDatabase):
    """Analyst views from sql/views.sql, e.g. `requests_by_outcome_region_year`, and their
    materialised copies for dashboards; left as they are when built from the same tables."""
    with duckdb.get_connection() as con:
        load.configure(con)
        rebuilt = views.refresh(con)
        entries = {v: _catalogue_entry(con, v) for v in VIEWS}
    for view in VIEWS:
        yield dg.MaterializeResult(asset_key=view, metadata={**entries[view], "rebuilt": rebuilt})


@dg.asset(deps=list(VIEWS), **_WRITE)
def published_warehouse(
    context: dg.AssetExecutionContext, paths: OgiPaths, duckdb: BuildDatabase
) -> dg.MaterializeResult:
    """The file readers open (OGI_WAREHOUSE): a complete copy of the build database, swapped in
    atomically, so a reader never sees a half-loaded warehouse and a failed run leaves the previous
    one in place. Not copied again when the published file was built from the same inputs
    (build_info's fingerprints match). The run's record goes beside it (pipelines.runlog)."""
    with duckdb.get_connection() as con:
        load.configure(con)
        state = load.build_state(con)
        current = None not in state and load.published_state(paths.published) == state
        blocked = None
        if not current:
            try:
                load.publish(con, paths.published)
            except load.PublishBlocked as e:
                blocked = str(e)
        files = con.execute("SELECT source_path, size_bytes, modified_ns FROM raw_files").fetchall()
        by_status = dict(
            con.execute("SELECT status, count(*) FROM reports GROUP BY 1 ORDER BY 1").fetchall()
        )
    if blocked:  # raised once the connection is closed (see raw_files)
        raise dg.Failure(blocked)
    runlog.write(
        paths.published,
        {
            "run_id": context.run.run_id,
            "started_at": _started_at(context),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "raw_dir": paths.raw_dir,
            "corrections_dir": str(paths.corrections),
            "files": len(files),
            "files_by_status": by_status,
            **_parsed_in_run(context),
            "published_copied": not current,
            "fingerprint": runlog.fingerprint(files),
            "parser_version": contract.parser_version(),
            "tables_digest": state[0],
            "views_digest": state[1],
        },
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(paths.warehouse),
            "copied": not current,
            "bytes": paths.published.stat().st_size,
        }
    )


def _started_at(context: dg.AssetExecutionContext) -> str | None:
    record = context.instance.get_run_record_by_id(context.run.run_id)
    start = record and record.start_time
    return datetime.fromtimestamp(start, UTC).isoformat(timespec="seconds") if start else None


def _parsed_in_run(context: dg.AssetExecutionContext) -> dict:
    """What parsed_reports did in this run (nothing when the run did not include it)."""
    event = context.instance.get_latest_materialization_event(parsed_reports.key)
    if event is None or event.run_id != context.run.run_id:
        return {"parsed_in_run": 0, "parsed_in_run_by_status": {}}
    meta = event.asset_materialization.metadata
    return {
        "parsed_in_run": meta["parsed_now"].value,
        "parsed_in_run_by_status": meta["parsed_now_by_status"].value,
    }


@dg.asset_check(
    asset="check_results",
    additional_deps=["corrections"],  # read once corrections and reviews are applied
    description="Statutory identities of every report "
    "(parsers.identities), summarised from check_status. WARN: published numbers "
    "that break an identity are kept as published, so they never fail a run; it fails while "
    "a contradiction is open (not fixed by a correction, not reviewed).",
)
def statutory_identities(duckdb: BuildDatabase) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        rows = con.execute("""
            SELECT check_name, count(*) AS checks,
                   count(*) FILTER (NOT published_passed) AS failed_as_published,
                   count(*) FILTER (passed AND NOT published_passed) AS fixed,
                   count(*) FILTER (state = 'reviewed') AS reviewed,
                   count(*) FILTER (state = 'open' AND severity = 'error') AS open_errors
            FROM check_status GROUP BY 1 ORDER BY 1""").fetchall()
    errors = sum(r[5] for r in rows)
    table = (
        "| check | checks | failed as published | fixed by a correction | reviewed | open errors |"
        "\n|---|---|---|---|---|---|\n"
        + "\n".join("| " + " | ".join(map(str, r)) + " |" for r in rows)
    )
    return dg.AssetCheckResult(
        passed=errors == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "checks": sum(r[1] for r in rows),
            "failed_as_published": sum(r[2] for r in rows),
            "fixed_by_correction": sum(r[3] for r in rows),
            "reviewed": sum(r[4] for r in rows),
            "open_error": errors,
            "by_check": dg.MetadataValue.md(table),
        },
    )


@dg.asset_check(
    asset="reports",
    description="Every file under the raw folder has its row in `reports`, whatever became of it, "
    "and so has every folder that could not be listed.",
)
def every_file_reported(duckdb: BuildDatabase) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        (missing, unreadable, unlisted) = con.execute("""
            SELECT count(*) FILTER (source_path NOT IN (SELECT source_path FROM reports)),
                   count(*) FILTER (read_error IS NOT NULL AND NOT ends_with(source_path, '/')),
                   count(*) FILTER (ends_with(source_path, '/'))
            FROM raw_files""").fetchone()
    return dg.AssetCheckResult(
        passed=missing == 0,
        metadata={"missing": missing, "unreadable_files": unreadable, "unlisted_folders": unlisted},
    )


@dg.asset_check(
    asset=corrections,
    description="Every row of the corrections and reviews files applies; WARN: a row that "
    "cannot (unknown report, stale, unknown cell, not a number, duplicate) is listed with its "
    "file and line in `correction_issues` and by `ogi status`.",
)
def corrections_apply(duckdb: BuildDatabase) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        issues = con.execute(
            "SELECT file, line, message FROM correction_issues ORDER BY ALL LIMIT 20"
        ).fetchall()
        (n,) = con.execute("SELECT count(*) FROM correction_issues").fetchone()
    return dg.AssetCheckResult(
        passed=n == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "issues": n,
            "first": dg.MetadataValue.md("\n".join(f"- {f}:{ln}: {m}" for f, ln, m in issues)),
        },
    )


ASSETS = [
    raw_files,
    parsed_reports,
    warehouse_tables,
    corrections,
    warehouse_views,
    published_warehouse,
]
CHECKS = [statutory_identities, every_file_reported, corrections_apply]
