"""What each table reader returns to the interpreter."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Value


@dataclass
class TableResult:
    found: bool = False
    shape: str | None = None  # "2019" or "2021" as told by the table's own labels, else None
    values: dict[tuple[str, str], Value] = field(default_factory=dict)
    extra: dict[tuple[str, str, str], Value] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Whether the table's empty lines, if any, are all its empty cells (tokens.empty_cells): the
    # other tables of the document may then read theirs so.
    empty_cells: bool = False
    # Whether empty lines stand under its title or after its last value: a page's spacer
    # paragraphs, maybe (blank cells ending another table then prove nothing).
    spacers: bool = False


@dataclass
class Metadata:
    agency: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_code: str | None = None
    report_year: int | None = None
    notes: list[str] = field(default_factory=list)
