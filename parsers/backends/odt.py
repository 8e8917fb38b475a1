"""OpenDocument text (.odt: LibreOffice's and WPS's own format, and what Chinese office suites
save by the national standard): paragraphs as lines, tables as rows of their grid, pictures
counted and read by OCR, as the same blocks the Word backends build (``word.word_document``).

content.xml holds the body: ``text:p``/``text:h`` paragraphs (in lists and sections too),
``table:table`` rows whose cells span columns and rows (each position a span covers is a
``table:covered-table-cell``, written "" as the HTML and Word span convention has it;
``number-columns-repeated`` repeats a cell), and
``draw:image`` frames naming their picture in the package. A table holding tables is layout,
read through as in the DOCX backend.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from .. import normalize
from ..document import Document, Line
from ..errors import CorruptDocument
from .pictures import Pictures
from .word import Block, word_document

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
_P, _H, _S, _TAB, _BREAK = (f"{{{_TEXT}}}{t}" for t in ("p", "h", "s", "tab", "line-break"))
_TBL, _ROW, _CELL, _COVERED = (
    f"{{{_TABLE}}}{t}" for t in ("table", "table-row", "table-cell", "covered-table-cell")
)
_IMAGE, _HREF = f"{{{_DRAW}}}image", f"{{{_XLINK}}}href"
_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_NOTES = {f"{{{_TEXT}}}{t}" for t in ("note", "tracked-changes", "deletion")}  # not body text
_MAX_REPEAT = 100  # a row's last cells "repeated" to the page's edge hold nothing
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The document's lines; ``ocr_pages``: its pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("content.xml"), _PARSER)
            parts = {n: z.read(n) for n in z.namelist() if n.startswith("Pictures/")}
    except MemoryError:  # too large, not damaged (ingest.contract says so)
        raise
    except Exception as e:  # noqa: BLE001 - zipfile, zlib and lxml raise many kinds on damaged bytes
        raise CorruptDocument(f"damaged .odt ({type(e).__name__}: {e})"[:300]) from None
    body = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise CorruptDocument("damaged .odt: no text body")
    pictures = Pictures(ocr_pages)
    blocks = _blocks(body, lambda href: pictures.lines(parts.get(href)))
    return word_document(blocks, "odt", pictures)


def _blocks(el, picture: Callable[[str], list[Line]]) -> Iterator[Block]:
    """Paragraphs, tables and the lines ``picture`` reads from each picture, in order, looking
    through lists, sections and layout tables."""
    for child in el.iterchildren():
        if child.tag in (_P, _H):
            yield "text", _text(child)
            for image in child.iter(_IMAGE):
                yield "lines", picture(image.get(_HREF, ""))
        elif child.tag == _TBL and next(child.iterdescendants(_TBL), None) is not None:
            for cell in child.iter(_CELL):
                yield from _blocks(cell, picture)
        elif child.tag == _TBL:
            yield "grid", _grid(child)
            for image in child.iter(_IMAGE):
                yield "lines", picture(image.get(_HREF, ""))
        elif child.tag == _IMAGE:  # (a picture anchored to the page, in a frame of its own)
            yield "lines", picture(child.get(_HREF, ""))
        elif child.tag not in _NOTES:  # lists, list items, sections, frames, ...
            yield from _blocks(child, picture)


def _text(el) -> str:
    """A paragraph's visible text: spans and links through, text:s as spaces, breaks as new
    lines, notes and tracked deletions left out."""
    parts: list[str] = [el.text or ""]
    for child in el.iterchildren():
        if child.tag == _S:
            count = child.get(f"{{{_TEXT}}}c", "1")
            parts.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif child.tag == _TAB:
            parts.append(" ")
        elif child.tag == _BREAK:
            parts.append("\n")
        elif child.tag not in _NOTES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _grid(table) -> list[list[str]]:
    rows = []
    for row in table.iter(_ROW):  # (header rows and row groups included; no nested table)
        cells: list[str] = []
        for cell in row.iterchildren(_CELL, _COVERED):
            # (the positions a span covers follow it as covered cells)
            text = "" if cell.tag == _COVERED else "\n".join(_text(p) for p in cell.iter(_P, _H))
            cells += [normalize.join_wrapped(text)] * _repeated(cell)
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(r)]


def _repeated(cell) -> int:
    try:
        return max(1, min(int(cell.get(_REPEATED, "1")), _MAX_REPEAT))
    except ValueError:
        return 1
