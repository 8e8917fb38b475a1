"""parsers.parse on arbitrary bytes and text: a Report or a ParseError subclass, nothing else
(anything else would be recorded as "parser error (bug)")."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parsers
from parsers.errors import ParseError
from parsers.report import Report
from tests.expected import SAMPLES
from tests.fixtures import documents as fx

SAMPLE = (SAMPLES / "000_358dec47750a91e3.txt").read_text(encoding="utf-8")
PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html><body>",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "政府信息公开工作年度报告".encode(),
]
DOC = fx.report_doc()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes) -> None:
    try:
        assert isinstance(parsers.parse(data, "fuzz.txt"), Report)
    except ParseError as e:
        assert str(e)


@SETTINGS
@given(st.sampled_from(PREFIXES), st.binary(max_size=1000))
def test_arbitrary_bytes(prefix, body):
    check(prefix + body)


@SETTINGS
@given(st.text(max_size=400), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_arbitrary_text(text, encoding):
    check(text.encode(encoding, errors="ignore"))


@SETTINGS
@given(st.integers(0, len(SAMPLE)), st.integers(0, len(SAMPLE)), st.text(max_size=50))
def test_damaged_real_report(start, stop, junk):
    """A real report with a slice replaced by junk: cells may go missing, the parser may not crash."""
    check((SAMPLE[: min(start, stop)] + junk + SAMPLE[max(start, stop) :]).encode())


@SETTINGS
@given(st.integers(1, len(DOC)), st.integers(0, len(DOC) - 1), st.binary(min_size=1, max_size=8))
def test_damaged_real_doc(keep, at, junk):
    """A real .doc, truncated and with a few bytes overwritten."""
    check((DOC[:at] + junk + DOC[at + len(junk) :])[:keep])
