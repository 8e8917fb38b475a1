"""Pictures that may hold a table, in every format that carries them (backends/pictures.py):
counted in order, a logo too small to hold a table left out, and, when read, their lines where
each picture stands: after its paragraph, after the rows of a table that frames it.

The Word family is one document (tests/fixtures/documents.pictures_docx) as python-docx wrote it
and as LibreOffice saved it as .doc, Word 2003 XML, RTF and OpenDocument, and as a .doc
whose pictures float, anchored to their paragraphs (LibreOffice's .doc of the OpenDocument
with its frames anchored so); the web pages are h028's page whose
tables are pictures, as Chromium saved it (MHTML) and with its pictures as data URIs. Reading is
stubbed: each picture read is one line naming it (test_ocr reads them for real).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.backends import load_document, pictures
from parsers.document import Cell, Line
from tests import formats as F
from tests.fixtures import documents as fx

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAVED_PAGE = FIXTURES / "mhtml" / "h028_table_pictures_chromium.mhtml"
WORD = {
    "docx": fx.pictures_docx,
    "doc": lambda: (FIXTURES / "doc" / "pictures_libreoffice.doc").read_bytes(),
    "doc, floating": lambda: (FIXTURES / "doc" / "pictures_floating_libreoffice.doc").read_bytes(),
    "Word 2003 XML": lambda: (FIXTURES / "wordml" / "pictures_libreoffice.xml").read_bytes(),
    "rtf": lambda: (FIXTURES / "rtf" / "pictures_libreoffice.rtf").read_bytes(),
    "odt": lambda: (FIXTURES / "odt" / "pictures_libreoffice.odt").read_bytes(),
}
PAGES = {
    "MHTML": SAVED_PAGE.read_bytes,
    "data URIs": lambda: F.inlined(SAVED_PAGE.read_bytes()),
}


def _read_as_names(monkeypatch, data: bytes, pictures_read: int) -> list[str]:
    """The document's text lines, every picture read as a line naming it."""
    monkeypatch.setattr(pictures, "_read", lambda blob, n: [Line((Cell(f"picture {n}", "x"),))])
    doc = load_document(data, "r", ocr_pages=frozenset(range(1, pictures_read + 1)))
    assert (
        doc.unread_pages == []
        and doc.notes[-1] == f"{pictures_read} picture(s) read by OCR at their places"
    )
    return [ln.text for ln in doc.lines if ln.text]


@pytest.mark.parametrize("fmt", WORD)
def test_a_word_file_s_pictures_are_counted_and_read_where_they_stand(monkeypatch, fmt):
    """A .doc's had been dropped with their picture characters (inline \\x01, or the \\x08
    anchoring a floating shape whose picture the drawing's BLIP store holds); Word 2003 XML had
    been read as HTML, RTF and OpenDocument refused."""
    data = WORD[fmt]()
    assert load_document(data, "r").unread_pages == [1, 2, 3]
    texts = _read_as_names(monkeypatch, data, 3)
    assert texts[-5:] == ["表一", "picture 1", "picture 2", "picture 3", "五、存在的主要问题"]


@pytest.mark.parametrize("fmt", PAGES)
def test_a_web_page_s_pictures_are_counted_and_read_where_they_stand(monkeypatch, fmt):
    """Saved with the page, or held in it: they had been ignored (the report partial). An img
    by address only holds no picture to read."""
    data = PAGES[fmt]()
    assert load_document(data, "r").unread_pages == [1, 2, 3, 4]
    texts = _read_as_names(monkeypatch, data, 4)
    at = texts.index("二、主动公开政府信息情况")
    assert texts[at : at + 7] == [
        "二、主动公开政府信息情况",
        "picture 1",
        "三、收到和处理政府信息公开申请情况",
        "picture 2",
        "picture 3",
        "四、政府信息公开行政复议、行政诉讼情况",
        "picture 4",
    ]


def test_an_img_holding_no_table_is_no_picture_and_parts_no_text():
    """An img by address only (its picture not kept), or an icon: nothing to count, and the
    text around it stays one line."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (16, 16), 0).save(buf, "PNG")
    icon = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    for src in ("report.files/image001.png", icon):
        page = f"<html><body><p>某某区<img src='{src}'>人民政府</p></body></html>".encode()
        for doc in (load_document(page, "r.html"), load_document(F.mhtml(page, "utf-8"), "r.mht")):
            assert doc.unread_pages == [] and [ln.text for ln in doc.lines] == ["某某区人民政府"]
