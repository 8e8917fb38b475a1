"""Image files (PNG, JPEG, TIFF — a multi-page TIFF is a multi-page report —, BMP, GIF, WebP):
every frame is a page read by OCR (parsers.backends.ocr); cell boxes are in the image's pixels."""

from __future__ import annotations

from .. import normalize
from ..document import Document
from ..errors import CorruptDocument, NeedsOCR, NotAReport
from . import ocr


def load(data: bytes, name: str) -> Document:
    from . import image_kind

    kind = image_kind(data) or "image"
    if not ocr.enabled():
        raise NeedsOCR(f"{kind} image: needs OCR, which is switched off (OGI_OCR=off)")
    try:
        frames = ocr.image_frames(data)
    except ValueError as e:
        raise CorruptDocument(f"damaged {kind} image: {e}") from None
    if not frames:
        raise CorruptDocument(f"{kind} image without a frame")
    pages = ocr.read_pages(dict(enumerate(frames, 1)), "px")
    lines = [ln for p in sorted(pages) for ln in pages[p]]
    if not any(c.text.strip() for ln in lines for c in ln.cells):
        raise NotAReport(f"{kind} image without text")
    notes = [f"{len(frames)} page(s) read by OCR"]
    return normalize.document(lines, "image", notes)
