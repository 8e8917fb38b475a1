"""DOCX: paragraphs as lines, tables as grid rows with merged cells written once."""

import io
import zipfile
from pathlib import Path

import pytest

import parsers
from parsers.backends import load_document
from parsers.errors import CorruptDocument, NotAReport, TooLarge, UnsupportedFormat
from tests.expected import differences, load_expected
from tests.fixtures import documents as fx

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parent / "samples"


def test_paragraphs_and_merged_table_cells():
    doc = load_document(fx.report_docx(), "r.docx")
    assert doc.format == "docx"
    assert [ln.text for ln in doc.lines if not ln.is_row] == [
        "某某区人民政府2023年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    rows = [[c.text for c in ln.cells] for ln in doc.lines if ln.is_row]
    assert rows == [fx.HEADER + ["", ""], ["", "", "", "自然人", "商业企业", "总计"], *fx.ROWS]
    assert doc.lines[3].cells[2].where == "table 1 row 2 col 3"


def test_a_table_holding_tables_is_the_pages_frame_read_through():
    """A web page saved as Word keeps the page's layout table around the report: its cells are
    read in order, paragraphs as text and the tables inside as tables (they had been flattened
    into the frame's cell text, and every table lost)."""
    import docx

    d = docx.Document()
    d.add_paragraph("某某区人民政府2023年政府信息公开工作年度报告")
    frame = d.add_table(rows=1, cols=2)
    frame.cell(0, 0).paragraphs[0].text = "首页"
    main = frame.cell(0, 1)
    main.paragraphs[0].text = "二、主动公开政府信息情况"
    data = main.add_table(rows=2, cols=2)
    for r, row in enumerate([["信息内容", "本年制发件数"], ["规章", "3"]]):
        for c, text in enumerate(row):
            data.cell(r, c).text = text
    main.add_paragraph("三、收到和处理政府信息公开申请情况")
    buf = io.BytesIO()
    d.save(buf)
    doc = load_document(buf.getvalue(), "r.docx")
    assert [[c.text for c in ln.cells] for ln in doc.lines if ln.text] == [
        ["某某区人民政府2023年政府信息公开工作年度报告"],
        ["首页"],
        ["二、主动公开政府信息情况"],
        ["信息内容", "本年制发件数"],
        ["规章", "3"],
        ["三、收到和处理政府信息公开申请情况"],
    ]


def test_a_portal_page_converted_to_word_by_libreoffice_reads_back_exactly():
    """Sample 000 as a crawled portal page (tests/formats.portal_html: navigation, a sidebar, the
    report in a layout table), converted to .docx by LibreOffice."""
    data = (FIXTURES / "docx" / "000_portal_page_libreoffice.docx").read_bytes()
    (gold,) = SAMPLES.glob("000_*.expected.json")
    assert differences(parsers.parse(data, "000.docx"), load_expected(gold)) == []


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, error, words",
    [
        (_zip({"xl/workbook.xml": b"<x/>"}), UnsupportedFormat, "Excel"),
        (_zip({"OFD.xml": b"<x/>"}), UnsupportedFormat, "OFD"),
        (_zip({"word/document.xml": b"<not-closed"}), CorruptDocument, "damaged .docx"),
        (b"PK\x03\x04" + bytes(100), CorruptDocument, "damaged zip"),
    ],
)
def test_refused_word_like_files(data, error, words):
    with pytest.raises(error, match=words):
        load_document(data, "r.docx")


def test_truncated_docx():
    with pytest.raises(CorruptDocument):
        load_document(fx.report_docx()[:3000], "r.docx")


def test_a_zip_bomb_is_too_large_not_damaged():
    with pytest.raises(TooLarge, match=r"\.docx too large: its parts unpack to 500 MB"):
        load_document(fx.zip_bomb_docx(500), "bomb.docx")


def _with_pictures(*sizes: tuple[int, int], fallback: bool = False) -> bytes:
    """fx.report_docx() with a picture of each size after it; ``fallback``: each also written
    as a VML imagedata in the same paragraph, as Word writes a shape's picture twice."""
    import docx
    from lxml import etree
    from PIL import Image

    word = docx.Document(io.BytesIO(fx.report_docx()))
    for size in sizes:
        buf = io.BytesIO()
        Image.new("L", size, 255).save(buf, "PNG")
        word.add_picture(buf)
        if fallback:
            p = word.paragraphs[-1]._p
            rid = p.xpath(".//a:blip/@r:embed")[0]
            vml = "urn:schemas-microsoft-com:vml"
            rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            pict = etree.SubElement(
                p, "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pict"
            )
            shape = etree.SubElement(pict, f"{{{vml}}}shape")
            etree.SubElement(shape, f"{{{vml}}}imagedata").set(f"{{{rel}}}id", rid)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_pictures_that_may_hold_a_table_are_counted_once_each_in_order():
    """A picture big enough to hold a table is one of the document's unread pictures (read by
    OCR only if the tables are not in the text: tests/test_ocr.py); a logo is not, and a
    shape's picture written twice (DrawingML and its VML fallback) counts once."""
    doc = load_document(_with_pictures((800, 400), (120, 40), (600, 300), fallback=True), "r.docx")
    assert doc.unread_pages == [1, 2]
    assert load_document(_with_pictures((299, 400), (800, 99)), "r.docx").unread_pages == []


def test_a_picture_framed_in_a_table_cell_is_counted_after_the_table():
    """A table's picture pasted into a one-cell table (a frame), or into a cell of a data table:
    it is one of the document's pictures too, its lines after the table's rows."""
    import docx
    from PIL import Image

    word = docx.Document(io.BytesIO(fx.report_docx()))
    buf = io.BytesIO()
    Image.new("L", (800, 400), 255).save(buf, "PNG")
    word.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run().add_picture(buf)
    out = io.BytesIO()
    word.save(out)
    assert load_document(out.getvalue(), "r.docx").unread_pages == [1]


def test_an_alt_chunk_is_read_where_it_stands():
    """A document body that is an altChunk (an HTML page Word imports when it opens the file, as
    Java exporters write reports) had no text of its own: 'not a report'. Its lines are read
    where the chunk stands, each cell's place naming the chunk; a chunk that is empty or in a
    format ogi does not read adds nothing."""
    from tests import formats as F

    page = "<html><body><p>某某区2023年政府信息公开工作年度报告</p></body></html>".encode()
    doc = load_document(F.alt_chunk_docx(page), "r.docx")
    assert [ln.text for ln in doc.lines if ln.text] == ["某某区2023年政府信息公开工作年度报告"]
    assert doc.lines[0].cells[0].where.startswith("chunk rId")
    with pytest.raises(NotAReport):
        load_document(F.alt_chunk_docx(b"<html><body></body></html>"), "r.docx")
    with pytest.raises(NotAReport):
        load_document(F.alt_chunk_docx(b"{\\rtf1 x}", "application/rtf"), "r.docx")


def _main_part_typed(data: bytes, content_type: bytes) -> bytes:
    """The .docx with its main part declared as another content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as copy:
        for item in z.infolist():
            part = z.read(item.filename)
            if item.filename == "[Content_Types].xml":
                part = part.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document."
                    b"main+xml",
                    content_type,
                )
            copy.writestr(item, part)
    return out.getvalue()


@pytest.mark.parametrize(
    "content_type",
    [
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ],
    ids=[".docm", ".dotx", ".dotm"],
)
def test_a_macro_enabled_document_or_a_template_reads_as_the_docx(content_type):
    """python-docx refuses them ('not a Word file'): they had failed as damaged."""
    docx = load_document(fx.report_docx(), "r.docx")
    other = load_document(_main_part_typed(fx.report_docx(), content_type), "r.docm")
    assert [ln.cells for ln in other.lines] == [ln.cells for ln in docx.lines]


def test_a_damaged_docx_s_message_is_the_same_every_time():
    """(it had carried a Python object's address)"""
    data = _main_part_typed(fx.report_docx(), b"application/x-unknown")
    messages = set()
    for _ in range(2):
        with pytest.raises(CorruptDocument) as e:
            load_document(data, "r.docx")
        messages.add(str(e.value))
    assert len(messages) == 1 and " at 0x" not in messages.pop()
