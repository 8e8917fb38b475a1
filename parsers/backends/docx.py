"""Word .docx: body paragraphs as lines, tables as rows of their grid, in document order.

Read from the XML rather than python-docx's cell API, which repeats a merged cell's text in every
grid position it covers. The span convention is the HTML backend's: a merged cell's text sits in
its top-left position, the others are "" (``gridSpan`` columns, ``vMerge`` continuation rows,
``gridBefore``/``gridAfter`` gaps). Content controls (``w:sdt``) and inserted revisions are read;
deleted revisions are not. As in the HTML backend, a table holding another table is layout (a
web page saved as Word: the report inside the page's frame): its cells are read through, their
paragraphs as text and their tables as tables.

Pictures (DrawingML's or VML's, by their relationship ids) go to ``pictures.Pictures``, which counts
those that may hold a table and has them read by OCR where they stand when asked. An altChunk (a
document in another format that Word imports when it opens the file: Java exporters write whole
reports as one HTML or MHTML chunk) is read by its format's backend, where it stands.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

from docx import Document as open_docx
from docx.oxml.ns import qn

from .. import normalize
from ..document import Cell, Document, Line
from ..errors import CorruptDocument, ParseError, TooLarge
from . import html, mhtml, text
from .pictures import Pictures
from .word import Block, word_document

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
# A picture: DrawingML's blip (r:embed) or VML's imagedata (r:id), naming the image part.
_BLIP, _EMBED = qn("a:blip"), qn("r:embed")
_IMAGEDATA, _RID = "{urn:schemas-microsoft-com:vml}imagedata", qn("r:id")
_ALT_CHUNK = qn("w:altChunk")  # a document in another format (HTML, MHTML, text) to import
# Word 2003 XML's section wrappers around the body's paragraphs and tables (wordml.py).
_AUX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
_SECTIONS = (f"{_AUX}sect", f"{_AUX}sub-section")
_TRPR, _TCPR, _GRID_BEFORE, _GRID_SPAN, _VMERGE = map(
    qn, ("w:trPr", "w:tcPr", "w:gridBefore", "w:gridSpan", "w:vMerge")
)


def _text(el) -> str:
    """Visible text under an element: w:t runs, tabs and breaks as spaces/newlines."""
    parts = []
    for node in el.iter(_T, _TAB, _BR, _CR, _P):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append(" ")
        elif node.tag != _P or parts:  # a break, or a paragraph boundary inside a cell
            parts.append("\n")
    return "".join(parts)


def _int(parent, tag: str, default: int) -> int:
    node = parent.find(tag) if parent is not None else None
    try:
        return max(0, int(node.get(_VAL))) if node is not None else default
    except (TypeError, ValueError):
        return default


def _grid(tbl) -> list[list[str]]:
    rows = []
    for tr in tbl.iterchildren(_TR):
        row = [""] * min(_int(tr.find(_TRPR), _GRID_BEFORE, 0), 1000)
        for tc in tr.iterchildren(_TC):
            pr = tc.find(_TCPR)
            span, cont = 1, False
            if pr is not None:
                span = max(1, min(_int(pr, _GRID_SPAN, 1), 1000))
                vmerge = pr.find(_VMERGE)
                cont = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
            row.append("" if cont else normalize.join_wrapped(_text(tc)))
            row.extend([""] * (span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(r)]


def body_blocks(body, picture: Callable[[str], list[Line]]) -> Iterator[Block]:
    """Paragraphs, tables and the lines ``picture`` reads from what the pictures in paragraphs
    and the alternative-format chunks name (by their relationship ids, or a Word 2003 XML
    picture's source), in order, looking through content controls and Word 2003's section
    wrappers."""
    for el in body.iterchildren():
        if el.tag == _ALT_CHUNK and el.get(_RID):
            yield "lines", picture(el.get(_RID))
        elif el.tag == _P:
            yield "text", _text(el)
            yield from _pictures(el, picture)
        elif el.tag == _TBL and _holds_a_table(el):
            for tr in el.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    yield from body_blocks(tc, picture)
        elif el.tag == _TBL:
            yield "grid", _grid(el)
            # (a picture in a cell, a table's picture framed in a one-cell table: after its rows)
            yield from _pictures(el, picture)
        elif el.tag == _SDT:
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                yield from body_blocks(content, picture)
        elif el.tag in _SECTIONS:
            yield from body_blocks(el, picture)


def _pictures(el, picture: Callable[[str], list[Line]]) -> Iterator[Block]:
    """The lines ``picture`` reads from each picture under the element, in order, once each (a
    shape's picture is written twice, as DrawingML and its VML fallback)."""
    rids = (
        image.get(_EMBED) or image.get(_RID) or image.get("src")
        for image in el.iter(_BLIP, _IMAGEDATA)
    )
    for rid in dict.fromkeys(r for r in rids if r):
        yield "lines", picture(rid)


# An altChunk's formats that ogi reads (Word imports the chunk's document into the body when it
# opens the file; Java exporters write a whole report so, as one HTML or MHTML part).
_CHUNKS = {
    "text/html": html,
    "application/xhtml+xml": html,
    "message/rfc822": mhtml,
    "multipart/related": mhtml,
    "text/plain": text,
}


def _embedded(part, rid: str, pictures: Pictures) -> list[Line]:
    """The lines of what the relationship names: an altChunk's document, or a picture."""
    target = part.related_parts.get(rid)
    blob = getattr(target, "blob", None)
    reader = _CHUNKS.get(getattr(target, "content_type", ""))
    if reader is None or not blob:
        return pictures.lines(blob)
    try:
        lines = reader.load(blob, "chunk").lines
    except ParseError:  # (an empty or unreadable chunk adds nothing)
        return []
    return [
        Line(tuple(Cell(c.text, f"chunk {rid} {c.where}") for c in ln.cells), ln.is_row)
        for ln in lines
    ]


def _holds_a_table(tbl) -> bool:
    return next(tbl.iterdescendants(_TBL), None) is not None


# What the parts of a .docx may unpack to in all: a report is a few MB of XML and some images; far
# more is a zip bomb (python-docx reads every part into memory).
_MAX_UNPACKED = 400 << 20


def _unpacked_size(data: bytes) -> int:
    """The sizes its parts declare (zipfile stops reading a part at its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return 0  # not a readable zip: python-docx says how it is damaged


# The main part of a macro-enabled document or a template (.docm, .dotx, .dotm): a .docx's body,
# which python-docx refuses to open under these types.
_OTHER_MAIN_TYPES = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DOCX_MAIN_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)


def _typed_as_docx(data: bytes) -> bytes:
    """The file, its main part typed as a .docx's if it is a .docm's or a template's."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if not any(t in types for t in _OTHER_MAIN_TYPES):
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for item in z.infolist():
                    part = z.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        for t in _OTHER_MAIN_TYPES:
                            part = part.replace(t, _DOCX_MAIN_TYPE)
                    copy.writestr(item, part)
            return out.getvalue()
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - zipfile and zlib raise many kinds on damaged bytes
        return data  # (python-docx says how it is damaged)


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The document's lines; ``ocr_pages``: the pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    if (size := _unpacked_size(data)) > _MAX_UNPACKED:
        raise TooLarge(
            f".docx too large: its parts unpack to {size >> 20} MB "
            f"(more than {_MAX_UNPACKED >> 20} MB; a zip bomb?)"
        )
    try:
        word = open_docx(io.BytesIO(_typed_as_docx(data)))
        body = word.element.body
    except MemoryError:  # too large, not damaged (ingest.contract says so)
        raise
    except Exception as e:  # noqa: BLE001 - python-docx raises KeyError, XMLSyntaxError, ValueError, ...
        # (without object addresses: the same bytes must give the same message)
        why = re.sub(r" at 0x[0-9a-f]+", "", f"{type(e).__name__}: {e}")
        raise CorruptDocument(f"damaged .docx ({why})"[:300]) from None
    pictures = Pictures(ocr_pages)
    blocks = body_blocks(body, lambda rid: _embedded(word.part, rid, pictures))
    return word_document(blocks, "docx", pictures)
