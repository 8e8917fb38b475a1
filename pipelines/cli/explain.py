"""`ogi explain FILE`: one parsed report as text — metadata, every cell with its value, source
text and position, the repair proposed for a blank, and the identities the cell takes part in."""

from __future__ import annotations

import sys
from pathlib import Path

import parsers
from ingest import raw
from ingest.contract import TOO_LARGE, Job, env_limits, failed, short
from parsers import identities
from parsers.report import Report
from parsers.templates import statutory
from pipelines.cli.text import shown


def _equation_status(grid: dict, left: tuple, right: tuple) -> str:
    sums = [
        None if any(grid.get(k) is None for k in side) else sum(grid[k] for k in side)
        for side in (left, right)
    ]
    if None in sums:
        return "not evaluable"
    return "holds" if sums[0] == sums[1] else f"BROKEN ({sums[0]} ≠ {sums[1]})"


def _cell_checks(cells: dict, equations) -> dict[tuple, list[str]]:
    grid = {k: v.value for k, v in cells.items()}
    out: dict[tuple, list[str]] = {}
    for family, left, right in equations:
        status = _equation_status(grid, left, right)
        for key in (*left, *right):
            out.setdefault(key, []).append(f"{family}: {status}")
    return out


def describe(report: Report, name: str) -> str:
    lines = [f"{name}: {report.status}" + (f" ({shown(report.error)})" if report.error else "")]
    for field in (
        "agency",
        "province",
        "city",
        "county",
        "admin_code",
        "report_year",
        "template",
        "source_format",
    ):
        lines.append(f"  {field}: {shown(getattr(report, field))}")
    lines += [f"  note: {shown(n)}" for n in report.meta_notes]
    derived = identities.derive(report)
    rows = statutory().rows_for(report.template or "2019")
    for table, title, equations in (
        ("proactive", "table 二", []),
        ("requests", "table 三", identities.table3_equations(rows)),
        ("review_litigation", "table 四", identities.table4_equations()),
        ("extra", "rows the agency added", []),
    ):
        cells = getattr(report, table)
        checks = _cell_checks(cells, equations)
        lines.append(f"\n{title} ({len(cells)} cells)")
        for key, v in cells.items():
            lines.append(
                f"  {'/'.join(key)} = {v.value!r}  raw {v.raw!r} at {v.where}"
                + (f"  [{v.note}]" if v.note else "")
            )
            if (table, key) in derived:
                value, rule = derived[(table, key)]
                lines.append(f"      derived {value} by {rule} (value stays blank)")
            lines += [f"      {c}" for c in checks.get(key, [])]
    lines.append("\nchecks")
    for c in identities.check(report):
        verdict = "PASS" if c.passed else f"FAIL [{c.severity}]"  # severity: of a failure
        lines.append(f"  {verdict} {c.name}: {shown(c.detail)}")
    return "\n".join(lines)


def explain(file: str) -> int:
    """Parse in a process of its own, under the run's limits (OGI_PARSE_TIMEOUT_S,
    OGI_PARSE_MEMORY_MB): a file that loops, eats memory or crashes its parser costs a line."""
    from ingest import pool

    path = Path(file)
    row = pool.parse_isolated(Job("", path, shown(path)), env_limits(), described)
    if row is None or "text" not in row:
        print(f"ogi: {shown(path)}: {shown(row and row['error'])}", file=sys.stderr)
        return 1
    print(row["text"])
    return 0


def described(path: Path, sha: str, name: str) -> dict:
    """Runs in the isolated process: describe() of the file's report (labelled `name`), or why
    there is none."""
    try:
        data = raw.read_bytes(path)
    except OSError as e:
        return failed(f"cannot read the file: {e.strerror or e}")
    try:
        report = parsers.parse(data, path.name)
    except parsers.ParseError as e:
        return {"status": e.status, "error": short(str(e) or type(e).__name__)}
    except MemoryError:
        return failed(TOO_LARGE)
    return {"status": report.status, "text": describe(report, name)}
