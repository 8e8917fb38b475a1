"""What the Word backends share: a document as ("text", paragraph) and ("grid", rows) blocks, in
order, whether it came from .docx XML (docx.py) or the .doc piece table (doc.py), made into one
Document so both formats give the interpreters the same lines (a picture's, read by OCR, among
them: pictures.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, cast

from .. import normalize
from ..document import Cell, Document, Line, SourceFormat
from ..errors import NotAReport
from .pictures import Pictures

# ("text", a paragraph, "\n" at its breaks), ("grid", the rows of a table, spans as ""), or
# ("lines", a picture's lines as OCR read them).
Block = (
    tuple[Literal["text"], str]
    | tuple[Literal["grid"], list[list[str]]]
    | tuple[Literal["lines"], list[Line]]
)


def word_document(blocks: Iterable[Block], fmt: SourceFormat, pictures: Pictures) -> Document:
    """The blocks as a Document: paragraphs as lines, a one-column table as text boxes, other
    tables as rows of their grid; ``pictures``: what its pictures were (a document of scanned
    pages has no text, only pictures to read)."""
    lines: list[Line] = []
    paragraphs = tables = 0
    for kind, item in blocks:
        if kind == "lines":
            lines += cast(list[Line], item)
            continue
        if isinstance(item, str):  # a paragraph
            paragraphs += 1
            for part in item.split("\n"):
                lines.append(Line((Cell(part, f"paragraph {paragraphs}"),)))
            continue
        tables += 1
        for r, row in enumerate(cast(list[list[str]], item), 1):
            if len(row) == 1:  # a one-column table is a text box
                lines.append(Line((Cell(row[0], f"table {tables} row {r}"),)))
                continue
            cells = tuple(Cell(t, f"table {tables} row {r} col {c}") for c, t in enumerate(row, 1))
            lines.append(Line(cells, is_row=True))
    if not pictures.unread and not any(c.text.strip() for ln in lines for c in ln.cells):
        raise NotAReport("Word document without any text")
    return pictures.noted(normalize.document(lines, fmt))


SNAP = 20  # twips (1 pt): cell edges closer than this are one column edge


def column_edges(xs: Iterable[int]) -> list[int]:
    """A Word table's column edges: its rows' cell edges (in twips), those closer than a point
    taken as one (a .doc or RTF table has no shared grid, only each row's edges)."""
    edges: list[int] = []
    for x in sorted(set(xs)):
        if not edges or x - edges[-1] >= SNAP:
            edges.append(x)
    return edges
