"""One Dagster asset check per report check (parsers.identities and sql/checks.sql), read from
`check_status` once people's corrections and reviews are applied, so the UI shows which check
fails for how many reports and tells what `ogi review` and the dashboard tell.

Severity WARN: published numbers that break a check are kept as published and never fail a run.
A check fails while some report fails it with severity 'error' (the numbers contradict) and
nobody has reviewed that failure (state 'open'); failures as published, those fixed by a
correction, reviewed ones, 'warning' (not evaluable) and 'info' (nothing to compare) are counted
in the metadata. A check that no report took part in (a cross-year check without two
consecutive years) yields no result and is shown as skipped.
"""

import re

import dagster as dg

from parsers.identities import NAMES
from pipelines.resources import BuildDatabase

CROSS_YEAR = (
    "cross-year carry-over: row 2 = last year's row 4",
    "cross-year in force = last year's + issued - repealed",
)
_QUERY = """
    SELECT c.check_name,
           count(*) AS reports,
           count(*) FILTER (state = 'open' AND severity = 'error') AS open_errors,
           count(*) FILTER (NOT published_passed) AS failed_as_published,
           count(*) FILTER (passed AND NOT published_passed) AS fixed_by_correction,
           count(*) FILTER (state = 'reviewed') AS reviewed,
           count(*) FILTER (state = 'open' AND severity = 'warning') AS not_evaluable,
           count(*) FILTER (NOT passed AND severity = 'info') AS nothing_to_compare,
           list(r.source_path || ': ' || c.detail ORDER BY r.source_path)
               FILTER (state = 'open' AND severity = 'error')[:20] AS examples
    FROM check_status c
    JOIN (SELECT report_id, min(source_path) AS source_path FROM reports GROUP BY 1) r
      USING (report_id)
    GROUP BY 1"""
_NAMES = (*NAMES, *CROSS_YEAR)
_ASSET = dg.AssetKey("check_results")  # the table the checks' results are in
_CORRECTIONS = dg.AssetKey("corrections")


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


# One op for all of them: one step and one query per run instead of one per check.
@dg.multi_asset_check(
    name="report_checks",
    can_subset=True,  # a check no report took part in yields nothing: skipped
    specs=[
        dg.AssetCheckSpec(
            name=_key(name),
            asset=_ASSET,
            description=f"Report check '{name}' (check_status): fails while a report's "
            "numbers contradict it and nobody has reviewed it.",
            additional_deps=[_CORRECTIONS],  # read once corrections and reviews are applied
        )
        for name in _NAMES
    ],
)
def report_checks(duckdb: BuildDatabase):
    with duckdb.get_connection() as con:
        found = {row[0]: row[1:] for row in con.execute(_QUERY).fetchall()}
    for name in _NAMES:
        reports, errors, published, fixed, reviewed, not_evaluable, nothing, examples = found.get(
            name, (0, 0, 0, 0, 0, 0, 0, None)
        )
        if not reports:
            # Nothing to compare (e.g. no agency has two consecutive years): no result, which
            # Dagster shows as skipped, rather than a pass that compared nothing.
            continue
        yield dg.AssetCheckResult(
            asset_key=_ASSET,
            check_name=_key(name),
            passed=errors == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "check_name": name,
                "reports": reports,
                "open_error": errors,
                "failed_as_published": published,
                "fixed_by_correction": fixed,
                "reviewed": reviewed,
                "not_evaluable": not_evaluable,
                "nothing_to_compare": nothing,
                "examples": dg.MetadataValue.md("\n".join(f"- {e}" for e in examples or [])),
            },
        )


TRUST_CHECKS = [report_checks]
