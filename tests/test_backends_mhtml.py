"""MHTML (.mht, .mhtml): a web page and its pictures in one MIME message, read as the page it
holds. Word's single file web page is built by tests/formats.mhtml (every sample so in
test_formats); Chromium's snapshots (DevTools' Page.captureSnapshot, in tests/fixtures/mhtml, its
addresses rewritten to www.gov.cn) of sample h025's web page, and of h028's page whose tables
LibreOffice exported as pictures (from tests/formats.docx_with_table_pictures; read in test_ocr).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse
from parsers.backends import load_document
from parsers.errors import UnsupportedFormat
from tests import formats as F
from tests import variants as V
from tests.expected import differences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mhtml"
EXPECTED = {name: exp for name, _, exp in V.samples()}


def test_chromium_s_snapshot_of_a_web_page_reads_back_exactly():
    """They had been read as text: quoted-printable markup, not a report."""
    report = parse((FIXTURES / "h025_web_page_chromium.mhtml").read_bytes(), "r.mhtml")
    assert report.source_format == "html"
    assert differences(report, EXPECTED["h025"]) == []


def test_the_page_is_the_part_the_message_starts_with():
    """multipart/related's start parameter names the page; a part before it is not read."""
    page = F.mhtml(F.word_html(EXPECTED["000"]), "gb2312").decode()
    boundary = page.split('boundary="', 1)[1].split('"', 1)[0]
    decoy = (
        f"--{boundary}\nContent-Type: text/html; charset=utf-8\nContent-ID: <decoy>\n\n"
        "<html><body><p>首页 政务公开</p></body></html>\n"
    )
    page = page.replace(f"--{boundary}\n", decoy + f"--{boundary}\nContent-ID: <page>\n", 1)
    page = page.replace('type="text/html";', 'type="text/html"; start="<page>";', 1)
    assert differences(parse(page.encode(), "r.mht"), EXPECTED["000"]) == []


@pytest.mark.parametrize(
    "message",
    [
        b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\n"
        b"Content-Type: image/png\n\n\x89PNG\n--b--\n",
        b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\n"
        b"Content-Type: text/html\n\n\n--b--\n",
    ],
    ids=["no page", "an empty page"],
)
def test_a_message_without_a_page_says_so(message):
    with pytest.raises(UnsupportedFormat, match="MHTML"):
        load_document(message, "r.mht")
