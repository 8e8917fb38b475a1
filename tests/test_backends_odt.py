"""OpenDocument text (.odt): paragraphs as lines, table rows as grid rows with merged cells written
once, exactly as the DOCX backend reads the same document. The fixtures are LibreOffice's
(``soffice --headless --convert-to odt r.docx``, tests/fixtures/odt): sample 000 rendered by
tests/formats.report_docx (2019 template, horizontal and vertical merges), and
documents.pictures_docx (read in test_pictures).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers import parse
from parsers.backends import load_document
from parsers.errors import CorruptDocument, UnsupportedFormat
from tests import formats as F
from tests import variants as V
from tests.expected import differences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "odt"
EXPECTED = {name: exp for name, _, exp in V.samples()}
ODT = (FIXTURES / "000_2019_libreoffice.odt").read_bytes()


def test_the_same_document_as_the_docx_it_was_saved_from():
    """It had been refused as 'a zip archive without a Word document inside'."""
    docx = load_document(F.report_docx(EXPECTED["000"]), "r.docx")
    odt = load_document(ODT, "r.odt")
    assert odt.format == "odt"
    assert [[c.text for c in ln.cells] for ln in odt.lines] == [
        [c.text for c in ln.cells] for ln in docx.lines
    ]
    assert differences(parse(ODT, "r.odt"), EXPECTED["000"]) == []


def _with_member(data: bytes, name: str, content: bytes | None) -> bytes:
    """The package with one member replaced (None: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as copy:
        for item in z.infolist():
            if item.filename == name:
                if content is not None:
                    copy.writestr(item, content)
                continue
            copy.writestr(item, z.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize(
    "data, error, words",
    [
        (
            _with_member(ODT, "mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            UnsupportedFormat,
            "OpenDocument spreadsheet",
        ),
        (
            _with_member(ODT, "content.xml", b"<office:document-content"),
            CorruptDocument,
            "damaged .odt",
        ),
    ],
    ids=["a spreadsheet", "damaged content"],
)
def test_other_and_damaged_packages_say_so(data, error, words):
    with pytest.raises(error, match=words):
        load_document(data, "r.odt")


def test_a_picture_anchored_to_the_page_is_counted_where_its_frame_stands():
    """A frame anchored to the page sits among the body's paragraphs, not inside one."""
    with zipfile.ZipFile(io.BytesIO((FIXTURES / "pictures_libreoffice.odt").read_bytes())) as z:
        content = z.read("content.xml").decode()
    href = content.split('<draw:image xlink:href="', 1)[1].split('"', 1)[0]  # (the 800 × 400 PNG)
    end = '<text:p text:style-name="Standard">五、存在的主要问题</text:p>'
    frame = f'<draw:frame text:anchor-type="page"><draw:image xlink:href="{href}"/></draw:frame>'
    data = _with_member(
        (FIXTURES / "pictures_libreoffice.odt").read_bytes(),
        "content.xml",
        content.replace(end, frame + end).encode(),
    )
    assert load_document(data, "r.odt").unread_pages == [1, 2, 3, 4]
