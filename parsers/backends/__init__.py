"""Format detection: bytes in, a Document out. One module per input format.

The content decides, never the file name: crawlers save PDFs as .htm and images as .txt.
"""

from __future__ import annotations

import codecs
import importlib
import io
import re
import zipfile
from typing import Protocol, cast

from ..document import Document
from ..errors import CorruptDocument, NotAReport, UnsupportedFormat

# Formats recognised only to be refused with a reason a person can act on.
_REFUSED = (
    (b"\x1f\x8b", "gzip archive: unpack it first"),
    (b"7z\xbc\xaf", "7-Zip archive: unpack it first"),
    (b"Rar!", "RAR archive: unpack it first"),
)
# Page images, read by OCR (backends.image).
_IMAGES = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),  # only when the header is consistent; see image_kind
)
# (a CMS's content field, no page around it, may open with other tags: a WeChat article's
# <section>, an editor's <span>)
_HTML = re.compile(
    rb"^(<!doctype html|<html|<head|<meta|<body|<table|<div|<p[ >]|<!--|<\?xml"
    rb"|<(?:section|article|span|font|strong|b|center|h[1-6])[ >])"
)
_PAGE = re.compile(rb"<!doctype html|<html|<head|<body|<\?xml")  # a whole page, not a fragment
_TAG = re.compile(rb"</?[a-z!][^>]*>")
_TABLE_BLOCK = re.compile(rb"<table.*?</table>", re.S)
_WORDML_2003 = b"schemas.microsoft.com/office/word/2003/wordml"  # Word 2003 XML (backends.wordml)
# A MIME message's first header: MHTML (backends.mhtml) as browsers and Word save it.
_MIME_HEADER = re.compile(
    rb"(mime-version|content-type|from|subject|date|snapshot-[a-z-]+|x-[a-z-]+):"
)


def _refusal(data: bytes) -> str | None:
    for magic, reason in _REFUSED:
        if data.startswith(magic):
            return reason
    if data[4:12] in (b"ftypheic", b"ftypavif"):
        return "HEIC/AVIF image: convert to PNG or JPEG to have it read by OCR"
    return None


def image_kind(data: bytes) -> str | None:
    """ "PNG", "JPEG", "TIFF", …: the format of a page image (backends.image), or None."""
    for magic, kind in _IMAGES:
        # "BM" also starts ordinary text; a BMP has a size field to match
        if data.startswith(magic) and (
            kind != "BMP" or len(data) > 6 and int.from_bytes(data[2:6], "little") == len(data)
        ):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def _zip_kind(data: bytes) -> str:
    """docx or odt, or UnsupportedFormat for the other zip containers seen in the wild."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except Exception as e:  # noqa: BLE001 - zipfile raises BadZipFile, NotImplementedError, EOFError, ...
        raise CorruptDocument(f"damaged zip container (truncated .docx?): {e}") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:  # OpenDocument: its mimetype member says which
        kind = _zip_member(data, "mimetype").removeprefix(b"application/vnd.oasis.opendocument.")
        if kind.startswith(b"text"):
            return "odt"
        if kind:
            raise UnsupportedFormat(
                f"OpenDocument {kind.decode('ascii', 'replace')}: not a report document"
            )
    if "OFD.xml" in names:
        raise UnsupportedFormat("OFD document: convert to PDF")
    if "xl/workbook.xml" in names:
        raise UnsupportedFormat("Excel workbook: not a report document")
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat("PowerPoint file: not a report document")
    raise UnsupportedFormat("zip archive without a Word document inside: unpack it first")


def _zip_member(data: bytes, name: str) -> bytes:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read(name)[:200]
    except Exception:  # noqa: BLE001 - a damaged member says nothing
        return b""


def _head(data: bytes, size: int = 4096) -> bytes:
    """The file's start as ASCII-compatible bytes: a UTF-16 page (a BOM, or NULs beside its
    ASCII) is decoded first, so that HTML saved as UTF-16 is still seen as HTML."""
    head = data[:size]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:64]:
        le = head.startswith(codecs.BOM_UTF16_LE) or (
            not head.startswith(codecs.BOM_UTF16_BE) and head[1::2].count(0) >= head[0::2].count(0)
        )
        head = head.decode("utf-16-le" if le else "utf-16-be", "ignore").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


class Backend(Protocol):
    """One module per input format (text, html, mhtml, pdf, docx, doc, wordml, rtf, odt, image):
    bytes in, a Document out, or a ParseError saying why not. The file name is only a hint
    (crawlers misname files)."""

    def load(self, data: bytes, name: str) -> Document: ...


class PictureBackend(Backend, Protocol):
    """A backend whose documents may hold pictures it can read by OCR when asked (pdf, docx,
    doc, wordml, rtf, odt, mhtml, html)."""

    def load(self, data: bytes, name: str, ocr_pages: frozenset[int] = ...) -> Document: ...


def _backend_name(data: bytes) -> str:
    """The backend module for the content's magic bytes, or UnsupportedFormat with a reason."""
    if b"%PDF-" in data[:1024]:  # some servers prepend junk before the header; readers allow it
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE compound file: Word 97-2003 .doc, .xls, ...
        return "doc"
    if image_kind(data):
        return "image"
    reason = _refusal(data)
    if reason:
        raise UnsupportedFormat(reason)
    head = _head(data).lower()
    if _WORDML_2003 in head and b"<w:worddocument" in head:
        return "wordml"
    if _MIME_HEADER.match(head) and b"multipart/related" in head:
        return "mhtml"
    if b"<html" in head or _HTML.match(head) and not _markdown_with_tags(data):
        return "html"
    return "html" if _lines_in_tags(data) else "text"


_LINE_TAG = re.compile(rb"<br\s*/?>|</p>|</div>", re.I)
_FEW_TAGS = 10  # line tags at least, twice as many as the line breaks
_MD_RULE = re.compile(rb"\|\s*:?-{3,}")  # a markdown table's rule: its <br>s break cells


def _lines_in_tags(data: bytes) -> bool:
    """Text whose lines are parted by HTML's tags, hardly by line breaks (a crawl's content
    field, '根据…<br>一、总体情况<br>…', the whole report on one line): HTML, whatever it opens
    with. Not markdown, whose table cells break their lines by <br>."""
    sample = _head(data, 1 << 16)
    tags = len(_LINE_TAG.findall(sample))
    return tags >= _FEW_TAGS and tags > 2 * sample.count(b"\n") and not _MD_RULE.search(sample)


def _markdown_with_tags(data: bytes) -> bool:
    """Markdown that opens with a tag (pandoc's GitHub markdown of a web page keeps its <div>s):
    no page tag, and outside its HTML tables (the text backend reads those) at most one line in
    five holds a tag. As HTML, its line breaks would be spaces, its paragraphs one run of text."""
    sample = _head(data, 1 << 16).lower()
    if _PAGE.search(sample):
        return False
    lines = [ln for ln in _TABLE_BLOCK.sub(b"", sample).splitlines() if ln.strip()]
    return len(lines) >= 10 and sum(bool(_TAG.search(ln)) for ln in lines) * 5 <= len(lines)


def load_document(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """Pick the backend from the content (imported only when needed: the PDF and Word stacks
    cost time to import) and let it read the bytes; ``ocr_pages``: pictures it counted in
    ``Document.unread_pages`` (a PDF's pages, a Word file's pictures), to be read by OCR."""
    if not data.strip():
        raise NotAReport("empty file")
    backend = cast(Backend, importlib.import_module(f"{__name__}.{_backend_name(data)}"))
    if ocr_pages:
        return cast(PictureBackend, backend).load(data, name, ocr_pages)
    return backend.load(data, name)


__all__ = ["Backend", "load_document"]
