"""`ogi correct FILE --cell TABLE/ROW/COLUMN --value N --reason WHY`: record a correction of one
cell of a report (warehouse.corrections), validated against the published warehouse, and show
the cell and the report's value checks before and after. Applied by the next `ogi run`."""

from __future__ import annotations

from pathlib import Path

from pipelines.cli.recording import Refused, append, fail, new_row
from warehouse import corrections as people


def correct(
    warehouse: Path,
    raw: Path,
    folder: Path,
    file: str,
    cell: str,
    value: str,
    reason: str,
    who: str | None = None,
    when: str | None = None,
) -> int:
    parts = cell.split("/")
    if len(parts) != 3 or not all(parts):
        return fail(f"--cell {cell!r}: write TABLE/ROW/COLUMN, e.g. requests/3.1/total")
    table, row, column = parts
    fields = dict(table=table, row=row, column=column, value=value, reason=reason)
    try:
        with new_row(warehouse, raw, folder, file, "corrections", fields, who, when) as (con, new):
            name = people.TABLES[table]
            fact, row_col, col_col = people.FACTS[name]
            found = con.execute(
                f"""SELECT f.value, f.effective_value, f.raw, f.source_where
                    FROM {fact}_effective f
                    WHERE f.report_id = ? AND f.{row_col} = ? AND f.{col_col} = ? LIMIT 1""",
                [new["report_sha256"], row, column],
            ).fetchone()
            # a cell of a table the report as read lacks: entered, with no published value
            published, effective, raw_text, where = found or (None, None, None, None)
            (template,) = con.execute(
                "SELECT any_value(template) FROM reports WHERE report_id = ?",
                [new["report_sha256"]],
            ).fetchone()
            if published is not None and published == people.parse_number(value, name):
                raise Refused(
                    f"{file}: {name}/{row}/{column} reads {_show(published)} as published: "
                    "nothing to correct"
                )
            before, after = _checks(
                con, new["report_sha256"], template, (name, (row, column)), value
            )
    except Refused as e:
        return fail(str(e))
    where_recorded = append(folder, "corrections", new)
    print(f"{new['source_path']}: {name}/{row}/{column}")
    if found:
        print(f"  before: {_show(published)} as published (raw {raw_text!r} at {where})")
    else:
        print("  before: not in the report as read (its table was not found)")
    if effective != published:
        print(f"          {_show(effective)} with the corrections already recorded")
    print(f"  after:  {value} — {reason} ({new['who']}, {new['when']})")
    for check, was in before.items():
        now = after[check]
        print(f"  check {check}: " + (was if was == now else f"{was} → {now}"))
    print(where_recorded)
    return 0


def _checks(con, sha: str, template, changed: tuple, value: str) -> tuple[dict, dict]:
    """The report's value checks over its effective cells, before and after the new value."""
    grids: dict[str, dict] = {"requests": {}, "review_litigation": {}}
    for table, grid in grids.items():
        fact, row_col, col_col = people.FACTS[table]
        for r, c, v, where in con.execute(
            f"""SELECT {row_col}, {col_col}, effective_value, source_where
                FROM {fact}_effective WHERE report_id = ?""",
            [sha],
        ).fetchall():
            grid[(r, c)] = (v, where)
    before = people.recheck(template, grids["requests"], grids["review_litigation"])
    table, key = changed
    if table in grids:
        where = grids[table].get(key, (None, None))[1]
        grids[table][key] = (people.parse_number(value, table), where)
    after = people.recheck(template, grids["requests"], grids["review_litigation"])
    return {c.name: _state(c) for c in before}, {c.name: _state(c) for c in after}


def _state(check) -> str:
    detail = check.detail.removeprefix(f"{check.name}: ")  # a failure repeats its family
    detail = detail if len(detail) <= 100 else detail[:99] + "…"
    return "passes" if check.passed else f"fails ({detail})"


def _show(value) -> str:
    return "blank" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
