"""What `ogi correct` and `ogi review FILE` share: one row for a corrections or reviews file,
filled in (the report's sha256 and path, who, when), validated against the published warehouse
and the rows already recorded, then appended (warehouse.corrections)."""

from __future__ import annotations

import getpass
import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from warehouse import corrections as people

_NEW = "<new row>"


class Refused(Exception):
    """The row cannot be recorded; the message is the one line the user reads."""


@contextmanager
def new_row(
    warehouse: Path,
    raw: Path,
    folder: Path,
    file: str,
    kind: str,
    fields: dict[str, str],
    who: str | None,
    when: str | None,
) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, str]]]:
    """(read-only connection to the warehouse, the complete row) for a row of `kind`
    (corrections or reviews) about the report `file`; raises Refused when it cannot apply. The
    caller may look further and refuse too; the row is appended when the block ends."""
    if not warehouse.exists():
        raise Refused(f"no warehouse at {warehouse}: run `ogi run` first")
    path = Path(file)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise Refused(f"{file}: {e.strerror or e}") from None
    row = dict(
        report_sha256=sha,
        source_path=_source_path(path, raw),
        **fields,
        who=who or getpass.getuser(),
        when=when or date.today().isoformat(),
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if why := _why_not(con, folder, kind, row):
            raise Refused(f"{file}: {why}")
        yield con, row


def append(folder: Path, kind: str, row: dict[str, str]) -> str:
    """Appends the row; where it went, for the user."""
    target, line = people.append(folder, kind, row)
    return f"recorded in {folder / target}:{line}; the next `ogi run` applies it"


def fail(message: str) -> int:
    print(f"ogi: {message}", file=sys.stderr)
    return 1


def _source_path(file: Path, raw: Path) -> str:
    """The file's path relative to the raw folder when it lies inside, else as given."""
    try:
        return file.resolve().relative_to(raw).as_posix()
    except ValueError:
        return file.as_posix()


def _why_not(con, folder: Path, kind: str, row: dict[str, str]) -> str | None:
    """Why the row cannot apply, given the rows already in the folder; None when it can."""
    loaded = people.read(folder)
    getattr(loaded, kind).append(people.Row(_NEW, 0, row))
    result = people.validate(con, loaded)
    for file, _, issue, message in result.issues:
        if file == _NEW:
            if issue == "duplicate":
                first = message.split(" as ", 1)[1].split(",", 1)[0]
                return f"already recorded at {first}: edit or delete that row instead"
            return message.removesuffix(": not applied")
    return None
