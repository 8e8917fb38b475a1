"""Pure parsing: bytes of one file in, a typed Report out. No Dagster, no DuckDB."""

from __future__ import annotations

from .backends import load_document
from .errors import NotAReport, ParseError
from .interpret import interpret
from .report import Report, Value

# Bump when a change to parsing can change any report: cached parses of older versions are redone.
PARSER_VERSION = "2"


def parse(data: bytes, name: str) -> Report:
    """Parse one file. Raises a ParseError subclass (with a reason for a person) when the file
    cannot become a report at all; otherwise returns a Report whose status says what was found."""
    doc = load_document(data, name)
    report = interpret(doc)
    if not report.tables_found and not report.missing and report.report_year is None:
        raise NotAReport("no statutory table and no report year found: not an annual report")
    return report


__all__ = ["parse", "PARSER_VERSION", "ParseError", "Report", "Value"]
