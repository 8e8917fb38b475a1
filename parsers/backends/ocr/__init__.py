"""Offline OCR of page images (scanned PDF pages, PDF pages whose tables are pictures, image
files): PP-OCRv4 on ONNX Runtime (engine), pages rendered by pdfium and deskewed (page), ruled
tables found by morphology (grid), read into the same Document lines as a text layer (layout);
every OCR'd cell says in its ``where`` where it was read and how sure the reading is
(provenance), which the trust rules use (parsers.ocr_trust).

``OGI_OCR=off`` switches it off: such files are then ``needs_ocr``, naming the pages."""

from __future__ import annotations

import os

from ...document import Line
from .page import DPI, PageImage, image_frames, render_pdf_page


def enabled() -> bool:
    return os.environ.get("OGI_OCR", "on").strip().lower() not in ("off", "0", "no", "false")


def read_pages(pages: dict[int, PageImage], unit: str) -> dict[int, list[Line]]:
    """The lines of each page image (keyed by page number); an unruled table running over
    consecutive pages keeps its columns."""
    from .layout import read_page

    out: dict[int, list[Line]] = {}
    carry: list = []
    for p in sorted(pages):
        if out and p - 1 not in out:
            carry = []
        out[p], carry = read_page(pages[p], p, unit, carry)
    return out


__all__ = ["DPI", "PageImage", "enabled", "image_frames", "read_pages", "render_pdf_page"]
