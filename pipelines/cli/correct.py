"""`ogi correct FILE --cell TABLE/ROW/COLUMN --value N --reason WHY`: record a correction of one
cell of a report (warehouse.corrections), validated against the published warehouse, and show
the cell and the report's value checks before and after. Applied by the next `ogi run`."""

from __future__ import annotations

import getpass
import hashlib
import sys
from datetime import date
from pathlib import Path

import duckdb

from warehouse import corrections as people

_NEW = "<new row>"


def source_path(file: Path, raw: Path) -> str:
    """The file's path relative to the raw folder when it lies inside, else as given."""
    try:
        return file.resolve().relative_to(raw).as_posix()
    except ValueError:
        return file.as_posix()


def read_report(file: str, raw: Path) -> tuple[str, str]:
    """(sha256, source path) of a report file; OSError when it cannot be read."""
    path = Path(file)
    return hashlib.sha256(path.read_bytes()).hexdigest(), source_path(path, raw)


def who_and_when(who: str | None, when: str | None) -> tuple[str, str]:
    return who or getpass.getuser(), when or date.today().isoformat()


def check_new_row(con, folder: Path, kind: str, fields: dict[str, str]) -> str | None:
    """Why the row cannot apply, given the rows already in the folder; None when it can."""
    loaded = people.read(folder)
    getattr(loaded, kind).append(people.Row(_NEW, 0, fields))
    result = people.validate(con, loaded)
    for file, _, issue, message in result.issues:
        if file == _NEW:
            if issue == "duplicate":
                first = message.split(" as ", 1)[1].split(",", 1)[0]
                return f"already recorded at {first}: edit or delete that row instead"
            return message.removesuffix(": not applied")
    return None


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
        return _fail(f"--cell {cell!r}: write TABLE/ROW/COLUMN, e.g. requests/3.1/total")
    table, row, column = parts
    if not warehouse.exists():
        return _fail(f"no warehouse at {warehouse}: run `ogi run` first")
    try:
        sha, path = read_report(file, raw)
    except OSError as e:
        return _fail(f"{file}: {e.strerror or e}")
    who, when = who_and_when(who, when)
    fields = dict(
        report_sha256=sha,
        source_path=path,
        table=table,
        row=row,
        column=column,
        value=value,
        reason=reason,
        who=who,
        when=when,
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if why := check_new_row(con, folder, "corrections", fields):
            return _fail(f"{file}: {why}")
        name = people.TABLES[table]
        fact, row_col, col_col = people.FACTS[name]
        published, effective, raw_text, where, template = con.execute(
            f"""SELECT f.value, f.effective_value, f.raw, f.source_where, r.template
                FROM {fact}_effective f JOIN reports r USING (report_id)
                WHERE f.report_id = ? AND f.{row_col} = ? AND f.{col_col} = ? LIMIT 1""",
            [sha, row, column],
        ).fetchone()
        if published is not None and published == people.parse_number(value, name):
            return _fail(
                f"{file}: {name}/{row}/{column} reads {_show(published)} as published: "
                "nothing to correct"
            )
        before, after = _checks(con, sha, template, (name, (row, column)), value)
    target, line = people.append(folder, "corrections", fields)
    print(f"{path}: {name}/{row}/{column}")
    print(f"  before: {_show(published)} as published (raw {raw_text!r} at {where})")
    if effective != published:
        print(f"          {_show(effective)} with the corrections already recorded")
    print(f"  after:  {value} — {reason} ({who}, {when})")
    for check, was in before.items():
        now = after[check]
        print(f"  check {check}: " + (was if was == now else f"{was} → {now}"))
    print(f"recorded in {folder / target}:{line}; the next `ogi run` applies it")
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
        grids[table][key] = (people.parse_number(value, table), grids[table][key][1])
    after = people.recheck(template, grids["requests"], grids["review_litigation"])
    return {c.name: _state(c) for c in before}, {c.name: _state(c) for c in after}


def _state(check) -> str:
    detail = check.detail.removeprefix(f"{check.name}: ")  # a failure repeats its family
    detail = detail if len(detail) <= 100 else detail[:99] + "…"
    return "passes" if check.passed else f"fails ({detail})"


def _show(value) -> str:
    return "blank" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _fail(message: str) -> int:
    print(f"ogi: {message}", file=sys.stderr)
    return 1
