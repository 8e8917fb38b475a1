"""DOCX: paragraphs as lines, tables as grid rows with merged cells written once."""

import io
import zipfile

import pytest

from parsers.backends import load_document
from parsers.errors import CorruptDocument, TooLarge, UnsupportedFormat
from tests.fixtures import documents as fx


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
