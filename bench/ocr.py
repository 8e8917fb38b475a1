"""OCR's cost (issue 14): seconds per scanned page on one core, and whether PDFs with a text
layer got slower for it.

The bench's own ruled PDFs are rasterised at the resolution OCR renders pages at
(parsers.backends.ocr.DPI) and wrapped as image-only PDFs; `parsers.parse` reads them in this
process (ONNX Runtime runs one thread, as in a parse worker). Text-layer PDFs are parsed with
OCR on and off, alternately, so that the machine's drift falls on both alike."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import parsers
from parsers.backends import ocr


def scanned(pdf: bytes) -> tuple[bytes, int]:
    """The PDF as a scan (image-only, at OCR's resolution), and its page count."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        pages = [
            doc[i].render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")
            for i in range(len(doc))
        ]
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=ocr.DPI, save_all=True, append_images=pages[1:])
    return buf.getvalue(), len(pages)


def measure(folder: Path, scans: int, rounds: int = 3) -> dict:
    files = sorted(folder.rglob("*.pdf"))
    texts = [p.read_bytes() for p in files]
    parsers.parse(*scanned(texts[0])[:1], "warm.pdf")  # loads the models once
    seconds = pages = 0.0
    for data in texts[:scans]:
        scan, n = scanned(data)
        t = time.perf_counter()
        parsers.parse(scan, "scan.pdf")
        seconds += time.perf_counter() - t
        pages += n
    on = off = 0.0
    for _ in range(rounds):
        for setting in ("on", "off"):
            os.environ["OGI_OCR"] = setting
            t = time.perf_counter()
            for k, data in enumerate(texts):
                parsers.parse(data, f"{k}.pdf")
            elapsed = time.perf_counter() - t
            on, off = (on + elapsed, off) if setting == "on" else (on, off + elapsed)
    os.environ.pop("OGI_OCR", None)
    return {
        "dpi": ocr.DPI,
        "scans": scans,
        "pages": int(pages),
        "s_per_page": seconds / pages,
        "text_pdfs": len(texts),
        "text_on_s": on / rounds,
        "text_off_s": off / rounds,
    }
