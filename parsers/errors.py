"""The parse errors the project documents. Anything else escaping a parser is a bug."""


class ParseError(Exception):
    """A file that cannot become a report. ``status`` goes to ``reports.status``; the message,
    written for a person, to ``reports.error``."""

    status = "failed"


class NotAReport(ParseError):
    status = "not_a_report"


class UnsupportedFormat(ParseError):
    status = "unsupported_format"


class NeedsOCR(ParseError):
    status = "needs_ocr"


class EncryptedDocument(ParseError):
    status = "encrypted"


class CorruptDocument(ParseError):
    status = "failed"


class TooLarge(ParseError):
    """Not damaged: more than a parser should hold in memory (a zip bomb, a huge part)."""

    status = "failed"
