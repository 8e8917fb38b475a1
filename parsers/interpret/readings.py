"""Two readings of one text's tables: its words in order (tokens.py) and, for a text laid out on
a character grid (pdftotext -layout), where its characters stand (backends/laid_out.py).

Neither is trusted alone. The positions keep a LibreOffice print's blank cells and the digits its
narrow columns wrap in place, where the words lose them; but pdftotext sets a browser's print on a
grid of its own making that drifts from row to row, and there the positions read cells into other
columns, some with every identity holding. So the grid must first prove itself on table 三, the
table of most cells and identities: the positions read every cell the words read, in every table
they find, alike (a table they do not find, table 四 with its heading lost and its header cells
stacked in narrow columns, disproves no grid). Then each table is taken from the positions where
they read more of its cells and break none of its identities (_taken), table 二's rows with a blank
cell as the words read them (_whole_rows); elsewhere the words' tables stand."""

from __future__ import annotations

from dataclasses import replace
from itertools import chain

from ..identities import table3_equations, table4_equations, violations
from ..report import Value
from ..templates import statutory
from .result import TableResult

Tables = tuple[TableResult, TableResult, TableResult]  # tables 二, 三, 四
PROOF = 7  # cells of table 三 the words must have read, at least: a whole row's


def best(words: Tables, positions: Tables, template: str) -> Tables:
    """Each table from the reading that proves itself (above)."""
    read, placed = [_cells(t) for t in words], [_cells(t) for t in positions]
    alike = all(
        p.get(k) == v
        for i, (r, p) in enumerate(zip(read, placed))
        if p or i == 1  # (table 三 always; another where the positions find it)
        for k, v in r.items()
    )
    if len(read[1]) < PROOF or not alike:
        return words
    equations: tuple[list, list, list] = (
        [],
        table3_equations(statutory().rows_for(template)),
        table4_equations(),
    )
    positions = (_whole_rows(words[0], positions[0]), *positions[1:])
    placed[0] = _cells(positions[0])
    return tuple(  # type: ignore[return-value]
        p if _taken(p, pc, wc, eqs) else w
        for w, p, wc, pc, eqs in zip(words, positions, read, placed, equations)
    )


def _whole_rows(words: TableResult, positions: TableResult) -> TableResult:
    """Table 二 as the positions read it, but each row they read with a blank cell as the words
    read it, or NULL with its reason where the words did not find it. No identity checks table
    二, and a row whose cell a conversion lost, the rest moved into its column, prints as one
    whose last cell is blank."""
    values = dict(positions.values)
    for item in {item for item, _ in positions.values}:
        row = [k for k in positions.values if k[0] == item]
        if any(positions.values[k].value is None for k in row):
            for k in row:
                values[k] = words.values.get(k) or _unproven(values[k])
    return replace(positions, values=values)


def _unproven(cell: Value) -> Value:
    note = "row read with a blank cell by position only (its words name no row): not proven"
    return Value(None, cell.raw, cell.where, note)


def _taken(positions: TableResult, placed: dict, read: dict, equations: list) -> bool:
    """Whether a table is taken from the positions: more of its cells read, none of its
    identities broken, and, if the words read none of it, every identity of it evaluated. A few
    values among blank cells, set under other headers, hold every identity they are in (zeros):
    table 四 under a misprinted heading, run into table 三's columns, had had its zeros read in
    the review's."""
    return (
        positions.found
        and len(placed) > len(read)
        and not violations(placed, equations)
        and (bool(read) or all(k in placed for _, *sides in equations for k in chain(*sides)))
    )


def _cells(table: TableResult) -> dict:
    return {k: v.value for k, v in table.values.items() if v.value is not None}
