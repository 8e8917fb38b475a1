"""The one model every backend produces.

A Document is a sequence of lines. A line of running text has one cell; a table row has one cell
per column of its grid (a blank cell is an empty string, never dropped when the format keeps
positions: tabs, pipes, HTML and Word grids, PDF column positions). Every cell knows where it came
from, so a number in the warehouse can be traced back to the bytes it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, get_args

# What a file was read as: one type for the Document, the Report and the warehouse's
# reports.source_format (its comment is written from SOURCE_FORMATS).
SourceFormat = Literal[
    "text", "markdown", "html", "pdf", "pdf-ocr", "image", "docx", "doc", "word-xml", "rtf", "odt"
]
SOURCE_FORMATS: tuple[SourceFormat, ...] = get_args(SourceFormat)


# Cells and lines are tuples: a report has hundreds, and a frozen dataclass is twice as slow to build.
class Cell(NamedTuple):
    text: str
    where: str  # e.g. "line 57", "line 57 cell 3", "page 2 x=312 y=540", "table 3 row 4 col 2"


class Line(NamedTuple):
    cells: tuple[Cell, ...]
    is_row: bool = False  # True when the cells come from a grid (cell positions are meaningful)

    @property
    def text(self) -> str:
        cells = self.cells  # (most lines are running text: one cell, no join)
        return cells[0].text if len(cells) == 1 else "".join([c.text for c in cells])


@dataclass
class Document:
    lines: list[Line]
    format: SourceFormat
    notes: list[str] = field(default_factory=list)  # e.g. "converted from traditional characters"
    # Pages that are pictures and were not read by OCR (a PDF's pages; a Word file's pictures
    # large enough to hold a table, counted from 1): parsers.parse has them read, or names them.
    unread_pages: list[int] = field(default_factory=list)
    # The same text read by where its characters stand, when it is laid out on a character grid
    # (backends/laid_out.py): a second reading of its tables, taken where it proves itself
    # (interpret/readings.py).
    laid_out: Document | None = None

    @property
    def text(self) -> str:
        return "\n".join("\t".join(c.text for c in ln.cells) for ln in self.lines)
