"""Pure parsing: bytes of one file in, a typed Report out. No Dagster, no DuckDB."""

from __future__ import annotations

from . import ocr_trust
from .backends import load_document, ocr
from .errors import NeedsOCR, NotAReport, ParseError
from .interpret import interpret
from .report import Report, Value

# Bump when a change to parsing can change any report: cached parses of older versions are redone.
PARSER_VERSION = "2"


def parse(data: bytes, name: str) -> Report:
    """Parse one file. Raises a ParseError subclass (with a reason for a person) when the file
    cannot become a report at all; otherwise returns a Report whose status says what was found."""
    doc = load_document(data, name)
    report = interpret(doc)
    if doc.unread_pages and report.status != "parsed":
        # The tables are not all in the text, and some pages are pictures (or a Word file has
        # pictures): they may be the tables.
        what = "pages" if doc.format == "pdf" else "pictures"
        if not ocr.enabled():
            raise NeedsOCR(
                f"{what} {', '.join(map(str, doc.unread_pages))} are images and the "
                "statutory tables were not all found in the text: needs OCR, which is "
                "switched off (OGI_OCR=off)"
            )
        doc = load_document(data, name, ocr_pages=frozenset(doc.unread_pages))
        report = interpret(doc)
    if not report.tables_found and not report.missing and report.report_year is None:
        raise NotAReport("no statutory table and no report year found: not an annual report")
    ocr_trust.apply(report)  # (to the cells ogi read by OCR only: a scan's, a Word picture's)
    return report


__all__ = ["parse", "PARSER_VERSION", "ParseError", "Report", "Value"]
