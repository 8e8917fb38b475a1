"""Tables as web-text extractors (trafilatura, which many crawls use) write them: their cells keep
no positions, so they are read as one cell per line, never as a grid.

trafilatura drops every empty cell of a row and pads the row at its end with one '|' per cell
missing from the table's widest row ('821 | 35 | 2 | 1 | 859 | ||||' for a row of seven values
with two blanks, under a label spanning three columns). Read as a grid, the values before the
padding fill the first columns and a blank column takes the number of the column after it.
Where a cell's content is a paragraph of its own, each cell is written on a line of its own
('规章 |', '/ |') and the padding, a blank cell it kept and the start of a row are all lines of
pipes alone, which tell nothing of where a blank was.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A row ending in padding: pipes glued together after the last cell.
_PADDED = re.compile(r"\|\|\s*$")
# One cell on its line ('规章 |', '| 规章 |', '859 | ||' with the row's padding) or pipes alone.
_CELL_LINE = re.compile(r"^\s*\|?\s*(?P<text>[^|]*?\S)\s*\|[\s|]*$")
_PIPES = re.compile(r"^\s*\|+\s*$")
_MIN_CELL_LINES = 4  # a few lines of prose may end in a pipe; a table has many cells


def packed_rows(raws: list[str], cells_of: Callable[[str], list[str] | None]) -> set[int]:
    """Indices of the pipe rows that belong to a table written with its empty cells moved to the
    row's end: a stretch of pipe rows where some row ends in glued padding and no row has an
    empty cell before a filled one (a grid with blanks in place has them inside rows)."""
    out: set[int] = set()
    stretch: list[int] = []
    for i, raw in enumerate([*raws, ""]):
        cells = cells_of(raw) if "|" in raw and "\t" not in raw else None
        if cells is not None:
            stretch.append(i)
            continue
        if stretch and _packed([raws[k] for k in stretch], cells_of):
            out.update(stretch)
        stretch = []
    return out


def _packed(rows: list[str], cells_of: Callable[[str], list[str] | None]) -> bool:
    if not any(_PADDED.search(r) for r in rows):
        return False
    for row in rows:
        filled = [bool(c.strip()) for c in cells_of(row) or []]
        if True in filled and False in filled[: len(filled) - filled[::-1].index(True)]:
            return False
    return True


def cell_lines(raws: list[str]) -> dict[int, str | None]:
    """Lines of tables written one cell per line, each with its cell's text (None: pipes alone,
    which carry nothing)."""
    out: dict[int, str | None] = {}
    run: dict[int, str | None] = {}
    for i, raw in enumerate([*raws, ""]):
        if m := _CELL_LINE.match(raw):
            run[i] = m["text"]
            continue
        if _PIPES.match(raw):
            run[i] = None
            continue
        if sum(t is not None for t in run.values()) >= _MIN_CELL_LINES:
            out.update(run)
        run = {}
    return out
