"""What the Word backends share: a document as ("text", paragraph) and ("grid", rows) blocks, in
order, whether it came from .docx XML (docx.py) or the .doc piece table (doc.py), made into one
Document so both formats give the interpreters the same lines; and the pictures that may hold a
table (a table pasted as a screenshot or a scan), counted in order as ``Document.unread_pages``
and, when parsers.parse asks, read by OCR where they stand.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Literal, cast

from .. import normalize
from ..document import Cell, Document, Line, SourceFormat
from ..errors import NotAReport
from . import ocr

# ("text", a paragraph, "\n" at its breaks), ("grid", the rows of a table, spans as ""), or
# ("lines", a picture's lines as OCR read them).
Block = (
    tuple[Literal["text"], str]
    | tuple[Literal["grid"], list[list[str]]]
    | tuple[Literal["lines"], list[Line]]
)


def word_document(blocks: Iterable[Block], fmt: SourceFormat) -> Document:
    """The blocks as a Document: paragraphs as lines, a one-column table as text boxes, other
    tables as rows of their grid."""
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
    if not any(c.text.strip() for ln in lines for c in ln.cells):
        raise NotAReport("Word document without any text")
    return normalize.document(lines, fmt)


_TABLE_PX = (300, 100)  # a picture narrower or lower than this holds no table (a logo, a seal)


def _holds_a_table(blob: bytes) -> bool:
    """Large enough to hold a table, in a format Pillow opens (not EMF or WMF). Only its header
    is read: most pictures are never OCR'd."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(blob)) as img:
            width, height = img.size
    except Exception:  # noqa: BLE001 - Pillow raises anything on bytes it cannot open
        return False
    return width >= _TABLE_PX[0] and height >= _TABLE_PX[1]


def _read(blob: bytes, n: int) -> list[Line]:
    """The picture's lines by OCR (its first frame; none if it cannot be decoded after all),
    each cell's place named after the picture."""
    try:
        frames = ocr.image_frames(blob)
    except ValueError:
        return []
    lines = ocr.read_pages({n: frames[0]}, "px")[n] if frames else []
    page, picture = f"page {n}", f"picture {n}"
    return [
        Line(tuple(Cell(c.text, c.where.replace(page, picture, 1)) for c in ln.cells), ln.is_row)
        for ln in lines
    ]


class Pictures:
    """A Word file's pictures as its backend meets them, in order: those that may hold a table
    are numbered from 1; the ones in ``ocr_pages`` are read by OCR into a "lines" block where they
    stand, the others are counted as unread."""

    def __init__(self, ocr_pages: frozenset[int]) -> None:
        self.ocr_pages = ocr_pages
        self.unread: list[int] = []
        self.read = 0

    def __call__(self, blob: bytes | None) -> Iterator[Block]:
        if not blob or not _holds_a_table(blob):
            return
        n = len(self.unread) + self.read + 1
        if n in self.ocr_pages:
            self.read += 1
            yield "lines", _read(blob, n)
        else:
            self.unread.append(n)

    def noted(self, doc: Document) -> Document:
        doc.unread_pages = self.unread
        if self.read:
            doc.notes.append(f"{self.read} picture(s) read by OCR at their places")
        return doc
