"""Word 2003 XML (one XML file, ``<w:wordDocument>``), as Word saves an "XML Document" and as
office systems export '.doc' files from templates: read as the .docx it corresponds to.

Word's own flavour is built from a .docx (tests/fixtures/documents.wordml_2003: the 2003
namespace, ``w:vmerge``, the body in ``wx:sect``/``wx:sub-section``; every sample so in
test_formats). LibreOffice's flavour
(``soffice --headless --convert-to 'xml:MS Word 2003 XML' r.docx``, in tests/fixtures/wordml)
leaves out the cells a vertical merge covers: sample 000 (2019 template, from
tests/formats.report_docx), and documents.pictures_docx (read in test_pictures), whose pictures'
bytes are base64 in ``w:binData``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse
from parsers.backends import load_document
from parsers.errors import CorruptDocument
from tests import variants as V
from tests.expected import differences
from tests.fixtures import documents as fx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wordml"
EXPECTED = {name: exp for name, _, exp in V.samples()}


def test_the_same_document_as_the_docx_it_corresponds_to():
    """Paragraphs, and table 三's merges (gridSpan, vmerge restart/continue) written once."""
    docx = load_document(fx.report_docx(), "r.docx")
    doc = load_document(fx.wordml_2003(fx.report_docx()), "r.doc")
    assert doc.format == "word-xml"
    assert [ln.cells for ln in doc.lines] == [ln.cells for ln in docx.lines]


def test_libreoffice_s_word_2003_xml_reads_back_exactly():
    report = parse((FIXTURES / "000_2019_libreoffice.xml").read_bytes(), "r.xml")
    assert differences(report, EXPECTED["000"]) == []


def test_a_damaged_picture_costs_only_itself():
    data = (FIXTURES / "pictures_libreoffice.xml").read_bytes()
    damaged = data.replace(b">iVBORw0KGgo", b">@@not base64@@", 1)
    doc = load_document(damaged, "r.doc")
    assert doc.unread_pages == [1, 2] and "五、存在的主要问题" in [ln.text for ln in doc.lines]


@pytest.mark.parametrize(
    "data",
    [
        fx.wordml_2003(fx.report_docx())[:3000],
        b'<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/'
        b'word/2003/wordml"></w:wordDocument>',
    ],
    ids=["truncated", "no body"],
)
def test_a_damaged_file_says_so(data):
    with pytest.raises(CorruptDocument, match="Word 2003 XML"):
        load_document(data, "r.doc")


def test_a_billion_laughs_file_costs_nothing():
    """Its entities are not expanded: refused as damaged, or read without them."""
    laughs = b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10 if i else b"lol") for i in range(9)
    )
    data = (
        b'<?xml version="1.0"?><!DOCTYPE w:wordDocument [' + laughs + b"]>"
        b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">'
        b"<w:body><w:p><w:r><w:t>&l8;</w:t></w:r></w:p></w:body></w:wordDocument>"
    )
    try:
        doc = load_document(data, "r.doc")
    except CorruptDocument:
        return
    assert len(doc.text) < 1000
