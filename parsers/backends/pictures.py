"""Pictures inside a document that may hold a table (a table pasted into a Word file or a web
page as a screenshot or a scan): counted in order as ``Document.unread_pages`` and, when
parsers.parse asks for them, read by OCR where they stand. Shared by the Word-family backends
(docx, doc, Word 2003 XML, RTF, OpenDocument) and the web pages' (HTML's data URIs, MHTML).
"""

from __future__ import annotations

import io

from ..document import Cell, Document, Line
from . import ocr

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
    """A document's pictures as its backend meets them, in order: those that may hold a table are
    numbered from 1; the ones in ``ocr_pages`` are read by OCR, the others counted as unread."""

    def __init__(self, ocr_pages: frozenset[int]) -> None:
        self.ocr_pages = ocr_pages
        self.unread: list[int] = []
        self.read = 0

    def lines(self, blob: bytes | None) -> list[Line]:
        """The picture's lines where it stands: none unless it is to be read."""
        if not blob or not _holds_a_table(blob):
            return []
        n = len(self.unread) + self.read + 1
        if n not in self.ocr_pages:
            self.unread.append(n)
            return []
        self.read += 1
        return _read(blob, n)

    def noted(self, doc: Document) -> Document:
        doc.unread_pages = self.unread
        if self.read:
            doc.notes.append(f"{self.read} picture(s) read by OCR at their places")
        return doc
