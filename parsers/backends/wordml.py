"""Word 2003 XML (WordprocessingML 2003: the whole document as one XML file, ``<w:wordDocument>``),
as Word saves "XML Document" and as many government office systems export their ".doc" files,
filled in from a template.

Its body is a .docx's document.xml in an older namespace: the same paragraphs, runs, tables,
spans (``w:gridSpan``, ``w:vmerge`` for ``w:vMerge``) and pictures (a VML ``v:imagedata`` whose
``src`` names a ``w:binData`` element holding the picture in base64), inside section wrappers
(``wx:sect``, ``wx:sub-section``). Renamed into the 2006 namespace, the tree is read by the .docx
reader, so both formats give the interpreters the same lines.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from ..document import Document, Line
from ..errors import CorruptDocument
from . import docx
from .pictures import Pictures
from .word import word_document

_WORDML_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RENAMED = {"vmerge": "vMerge"}  # 2003 names that 2006 spells otherwise
# No entities, no network, no huge text nodes: the file comes from anywhere.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The document's lines; ``ocr_pages``: the pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise CorruptDocument(f"damaged Word 2003 XML ({e})"[:300]) from None
    body = root.find(f"{{{_WORDML_2003}}}body")
    if body is None:
        raise CorruptDocument("Word 2003 XML without a body")
    pictures = Pictures(ocr_pages)
    binaries = {
        el.get(f"{{{_WORDML_2003}}}name"): el for el in root.iter(f"{{{_WORDML_2003}}}binData")
    }
    _renamed(body)

    def picture(src: str) -> list[Line]:
        el = binaries.get(src)
        try:
            blob = base64.b64decode(el.text or "") if el is not None else None
        except (binascii.Error, ValueError):
            blob = None  # a damaged picture is no picture; the text is still read
        return pictures.lines(blob)

    return word_document(docx.body_blocks(body, picture), "word-xml", pictures)


def _renamed(body) -> None:
    """The 2003 namespace's elements and attributes moved into the 2006 one, in place."""
    prefix = f"{{{_WORDML_2003}}}"
    for el in body.iter(f"{prefix}*"):
        local = el.tag[len(prefix) :]
        el.tag = f"{{{_MAIN}}}{_RENAMED.get(local, local)}"
        for key in [k for k in el.attrib if k.startswith(prefix)]:
            el.set(f"{{{_MAIN}}}{key[len(prefix) :]}", el.attrib.pop(key))
