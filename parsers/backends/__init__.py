"""Format detection: bytes in, a Document out. One module per input format."""

from __future__ import annotations

from ..document import Document
from ..errors import UnsupportedFormat
from . import text


def load_document(data: bytes, name: str) -> Document:
    """Pick the backend from the content's magic bytes (the file name is only a hint)."""
    if data.startswith(b"%PDF"):
        from . import pdf
        return pdf.load(data, name)
    if data.startswith(b"PK\x03\x04"):
        from . import docx
        return docx.load(data, name)
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<meta", b"<table", b"<div", b"<p")) or b"<html" in head:
        from . import html
        return html.load(data, name)
    return text.load(data, name)


__all__ = ["load_document", "UnsupportedFormat"]
