"""RTF: paragraphs as lines, table rows as grid rows with merged cells written once, pictures
counted, exactly as the DOCX backend reads the same document.

The fixtures are LibreOffice's (``soffice --headless --convert-to rtf r.docx``, tests/fixtures/
rtf): sample 000 rendered by tests/formats.report_docx (2019 template, horizontal and vertical
merges); documents.pictures_docx (read in test_pictures); and h028 with its tables pasted as pictures (read in
test_ocr). From the last two the metafile copy of each picture that LibreOffice adds for old
readers (``\\nonshppict``, which ogi skips) was cut, to keep them small.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parsers import parse
from parsers.backends import load_document
from parsers.errors import NotAReport
from tests import formats as F
from tests import variants as V
from tests.expected import differences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rtf"
EXPECTED = {name: exp for name, _, exp in V.samples()}


def test_the_same_document_as_the_docx_it_was_saved_from():
    """It had been refused ('RTF document: convert to .docx or PDF')."""
    docx = load_document(F.report_docx(EXPECTED["000"]), "r.docx")
    rtf = load_document((FIXTURES / "000_2019_libreoffice.rtf").read_bytes(), "r.doc")
    assert rtf.format == "rtf"
    assert [[c.text for c in ln.cells] for ln in rtf.lines] == [
        [c.text for c in ln.cells] for ln in docx.lines
    ]
    report = parse((FIXTURES / "000_2019_libreoffice.rtf").read_bytes(), "r.doc")
    assert differences(report, EXPECTED["000"]) == []


def _png(size=(800, 400)) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "PNG")
    return buf.getvalue().hex()


def test_a_picture_s_metafile_copy_is_not_counted_again():
    """Word and LibreOffice write a picture twice: as PNG in the shape's form (\\*\\shppict),
    and as a metafile for old readers (\\nonshppict). Starred destinations are skipped, except
    the shape's picture."""
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 SimSun;}}"
        "\\pard\\f0 \\'b1\\'ed\\'d2\\'bb\\par"  # 表一 in GBK
        "{\\*\\shppict{\\pict{\\*\\picprop{\\sp{\\sn wzName}{\\sv x}}}\\pngblip " + _png() + "}}"
        "{\\nonshppict{\\pict\\wmetafile8 0100090000}}"
        "{\\*\\generator Word;}\\par}"
    ).encode()
    doc = load_document(rtf, "r.rtf")
    assert doc.unread_pages == [1]
    assert [ln.text for ln in doc.lines if ln.text] == ["表一"]


@pytest.mark.parametrize(
    "rtf, text",
    [
        ("{\\rtf1\\ansi\\uc1 \\u25919?\\u24220?\\par}", "政府"),  # \uN with a fallback '?'
        ("{\\rtf1\\ansi\\uc2 \\u25919\\'3f\\'3f\\u24220\\'3f\\'3f\\par}", "政府"),
        ("{\\rtf1\\ansi\\ansicpg936 \\'d5\\'fe\\'b8\\'ae\\par}", "政府"),  # GBK bytes
        ("{\\rtf1{\\fonttbl{\\f1\\fcharset136 MingLiU;}}\\f1 \\'ac\\'46\\'a9\\'b2\\par}", "政府"),
        ("{\\rtf1 {\\field{\\*\\fldinst HYPERLINK x}{\\fldrslt \\u25253?\\u21578?}}\\par}", "报告"),
    ],
    ids=["unicode", "unicode, two fallback bytes", "GBK", "Big5 font", "a field's result"],
)
def test_text_in_every_encoding_rtf_writes(rtf, text):
    assert [ln.text for ln in load_document(rtf.encode(), "r.rtf").lines] == [text]


def test_a_document_with_neither_text_nor_pictures_is_not_a_report():
    with pytest.raises(NotAReport):
        load_document(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par}", "r.rtf")
