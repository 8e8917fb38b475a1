"""Word 97–2003 .doc: paragraphs as lines, table rows as grid rows with merged cells written once,
exactly as the DOCX backend reads the same document.

The fixtures are real samples rendered as DOCX by tests/formats.py and saved as .doc by
LibreOffice (``soffice --headless --convert-to doc:"MS Word 97" r.docx``): sample 000 (2019
template, one Word table per statutory table) and h028 (2021 template, all three tables in one
Word table with title rows). Both have horizontal and vertical merges; tables 三 and 四 are wide
enough that Word keeps their rows' properties out of line (sprmPHugePapx). And sample 000 as a
crawled portal page (tests/formats.portal_html) that LibreOffice saved as .doc and as .docx
(tests/fixtures/docx): the report inside the page's layout table. And pictures, saved by
LibreOffice from .docx files: documents.pictures_docx (pictures_libreoffice.doc, read in
test_pictures), and h028 with its tables pasted as pictures (h028_table_pictures_libreoffice.doc,
from tests/formats.docx_with_table_pictures; read in test_ocr).
"""

from __future__ import annotations

import io

import olefile
import pytest

from parsers import parse
from parsers.backends import load_document
from parsers.errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from tests import formats as F
from tests import variants as V
from tests.expected import differences
from tests.fixtures import documents as fx

pytestmark = pytest.mark.slow  # every sample as .doc

EXPECTED = {name: exp for name, _, exp in V.samples()}
CASES = [("000_2019.doc", "000", {}), ("h028_2021_one_table.doc", "h028", {"one_table": True})]


def test_paragraphs_and_merged_table_cells():
    doc = load_document(fx.report_doc(), "r.doc")
    assert doc.format == "doc"
    assert doc.lines[0].text == "广州市海珠区人力资源和社会保障局2019年政府信息公开工作年度报告"
    assert doc.lines[0].cells[0].where == "paragraph 1"
    rows = [[c.text for c in ln.cells] for ln in doc.lines if ln.is_row]
    # Table 三: a header spanning the seven applicant columns, labels merged down their rows.
    assert rows[18][:4] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
    ]
    assert ["", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"] in rows
    assert ["", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"] in rows
    # Table 四: two-level header over fifteen columns, merges written once at their left.
    assert rows[-4:] == [
        ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
        [
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总计",
            "未经复议直接起诉",
            "",
            "",
            "",
            "",
            "复议后起诉",
            "",
            "",
            "",
            "",
        ],
        [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
        ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"],
    ]
    last = [ln for ln in doc.lines if ln.is_row][-1]
    assert last.cells[2].where == "table 3 row 4 col 3"


@pytest.mark.parametrize("file, sample, options", CASES, ids=["2019", "2021 one table"])
def test_same_document_as_the_docx_it_was_saved_from(file, sample, options):
    docx = load_document(F.report_docx(EXPECTED[sample], **options), "r.docx")
    doc = load_document(fx.report_doc(file), "r.doc")
    assert [ln.cells for ln in doc.lines] == [ln.cells for ln in docx.lines]


@pytest.mark.parametrize("file, sample, options", CASES, ids=["2019", "2021 one table"])
def test_parse_equals_hand_read_values(file, sample, options):
    report = parse(fx.report_doc(file), "r.doc")
    assert report.source_format == "doc"
    assert differences(report, EXPECTED[sample]) == []


def test_a_table_holding_tables_is_read_through_as_the_docx_reads_it():
    """The portal page's layout table holds the statutory tables (nested: their cells end in
    paragraph marks flagged as inner cells). Read through, as the .docx LibreOffice saved from
    the same page: every table is found (their text had been joined into the frame's cell)."""
    doc = load_document(fx.report_doc("000_portal_page.doc"), "r.doc")
    saved = fx.DOC_DIR.parent / "docx" / "000_portal_page_libreoffice.docx"
    docx = load_document(saved.read_bytes(), "r.docx")
    assert _texts(doc) == _texts(docx)
    assert differences(parse(fx.report_doc("000_portal_page.doc"), "r.doc"), EXPECTED["000"]) == []


def _texts(doc) -> list[list[str]]:
    return [[c.text for c in ln.cells] for ln in doc.lines if ln.text]


def _fib_patched(data: bytes, offset: int, change) -> bytes:
    """The .doc with one 16-bit field of its file information block (FIB) changed."""
    buf = io.BytesIO(data)
    ole = olefile.OleFileIO(buf, write_mode=True)
    wd = bytearray(ole.openstream("WordDocument").read())
    old = int.from_bytes(wd[offset : offset + 2], "little")
    wd[offset : offset + 2] = change(old).to_bytes(2, "little")
    ole.write_stream("WordDocument", bytes(wd))
    return buf.getvalue()


def _word_stream_as(name: str):
    """Another OLE file: the .doc with its WordDocument stream renamed (Workbook: an .xls)."""
    return lambda d: fx.ole_renamed(d, "WordDocument", name)


@pytest.mark.parametrize(
    "make, error, words",
    [
        (_word_stream_as("Workbook"), UnsupportedFormat, "Excel workbook"),
        (_word_stream_as("PowerPoint Document"), UnsupportedFormat, "PowerPoint"),
        (_word_stream_as("CONTENTS"), UnsupportedFormat, "without a Word document"),  # Works .wps
        (
            lambda d: _fib_patched(d, 10, lambda flags: flags | 0x0100),
            EncryptedDocument,
            "password",
        ),
        (lambda d: _fib_patched(d, 2, lambda n_fib: 0x0068), UnsupportedFormat, "Word 6/95"),
        (lambda d: d[: len(d) // 2], CorruptDocument, "damaged"),
        (lambda d: d[:4000], CorruptDocument, "damaged"),
        (lambda d: d[:8] + bytes(1000), CorruptDocument, "damaged OLE"),
    ],
)
def test_other_ole_and_damaged_files(make, error, words):
    with pytest.raises(error, match=words):
        load_document(make(fx.report_doc()), "r.doc")


def test_a_doc_without_paragraph_properties_is_read_as_body_text():
    """It used to fail with a struct.error nobody could act on."""
    doc = load_document(fx.doc_without_paragraph_properties(), "plain.doc")
    assert doc.format == "doc" and any(c.text.strip() for ln in doc.lines for c in ln.cells)
