"""PDF: ruled tables as grid rows (merged cells ""), unruled tables by column positions, running
text as lines; failures raise the documented errors."""

import hashlib
import io
from pathlib import Path

import pytest

import parsers
from ingest.contract import Job, Limits
from ingest.pool import parse_isolated
from parsers.backends import load_document
from parsers.errors import CorruptDocument, EncryptedDocument, NeedsOCR, NotAReport
from tests.expected import SAMPLES, differences, load_expected
from tests.fixtures import documents as fx

DEV = SAMPLES / "dev"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def rows(doc):
    return [[c.text for c in ln.cells] for ln in doc.lines if ln.is_row]


def test_ruled_table_with_merged_cells():
    doc = load_document(fx.ruled_pdf(), "r.pdf")
    assert doc.format == "pdf"
    assert doc.lines[0].cells[0].text == "某某区人民政府2023年政府信息公开工作年度报告"
    assert rows(doc) == [fx.HEADER + ["", ""], ["", "", "", "自然人", "商业企业", "总计"], *fx.ROWS]
    assert doc.lines[2].cells[3].where == "page 1 table 1 row 1 col 4"


def test_table_continued_on_next_page_keeps_columns():
    doc = load_document(fx.ruled_pdf(rows_per_page=12), "r.pdf")
    body = rows(doc)[2:]
    assert len(body) == 4 * 12 and all(len(r) == 6 for r in body)
    assert body == fx.ROWS * 12
    assert any(ln.cells[0].where.startswith("page 2 ") for ln in doc.lines if ln.is_row)


def test_unruled_table_cells_by_position():
    doc = load_document(fx.unruled_pdf(), "r.pdf")
    assert rows(doc) == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "3", "", "12"],
        ["行政规范性文件", "60", "5", "368"],
    ]
    assert [ln.text for ln in doc.lines if not ln.is_row] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_h001_real_pdf():
    doc = load_document((DEV / "h001.pdf").read_bytes(), "h001.pdf")
    got = rows(doc)
    assert ["行政规范性文件", "0", "5", "5"] in got
    assert ["行政事业性收费", "7730.28"] in got
    assert ["三、本年度办理结果", "（一）予以公开", "", "0", "0", "0", "0", "0", "0", "0"] in got
    assert [
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "",
        "4",
        "0",
        "0",
        "0",
        "0",
        "0",
        "4",
    ] in got
    # The table continues on page 4 with the same ten columns.
    assert ["", "", "3.补正后申请内容仍不明确", "0", "0", "0", "0", "0", "0", "0"] in got
    assert ["", "（七）总计", "", "21", "0", "0", "0", "0", "0", "21"] in got
    assert ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"] in got
    text = [ln.text for ln in doc.lines if not ln.is_row]
    assert "2023年政府信息公开工作年度报告" in text  # letter-spaced title joined
    assert "二、主动公开政府信息情况" in text  # frame-table rows are running text


def test_a_table_chromium_printed_without_its_right_border_keeps_its_last_column():
    """The Shanghai report h025 as Chromium prints its web page: the table is as wide as the page
    and its 总计 column has top and bottom rules but no right border. That column stays in the
    grid (it fell out as loose words, and its rows then had one cell too few), and every cell
    the hand-read gold has is read."""
    data = (FIXTURES / "pdf" / "h025_chromium.pdf").read_bytes()
    got = rows(load_document(data, "h025.pdf"))
    assert ["", "（七）总计", "", "767", "35", "", "", "2", "1", "805"] in got
    report = parsers.parse(data, "h025.pdf")
    assert differences(report, load_expected(DEV / "h025.expected.json")) == []


def test_a_table_keeps_its_own_column_rules_under_another_table_s_near_ones():
    """Two tables one above the other, their column rules 2.5 pt apart (each drawn double, as
    Chromium draws borders). Snapped together over the whole page, table B's rule had moved
    onto table A's and cut B's '7' into the cell before it ('合计7', '', '8')."""
    assert rows(load_document(fx.stacked_tables_pdf(), "t.pdf")) == [["甲", "1", "2"]] * 20 + [
        ["合计", "7", "8"]
    ]


def test_a_chromium_print_with_liberation_fonts_reads_table_4_whole():
    """The 2019 sample 002 as a web page printed by Chromium where Liberation fonts are
    installed: table 四's column rules fall 4 pt left of table 三's, and two of its columns'
    rules had been moved onto table 三's, their values cut ('0 0' in one cell, none in the
    next): table 四 had been left NULL. Every cell is read."""
    data = (FIXTURES / "pdf" / "002_page_chromium_liberation.pdf").read_bytes()
    (gold,) = SAMPLES.glob("002_*.expected.json")
    assert differences(parsers.parse(data, "002.pdf"), load_expected(gold)) == []


def test_a_browser_print_of_a_whole_portal_page_reads_like_the_page():
    """h028's web page as Chromium prints it, portal frame and all. The frame's boxes around the
    title look like a ruled table whose rules cut the title into cells (the agency was then taken
    from the footer's links); its words are read as text. The introduction's list of sections
    wraps inside 收到和处理…, and the narrative after it has '行政规范性文件62件' at the start of a
    line: table 二 is read under its own title (the narrative's 62 had taken the row)."""
    data = (FIXTURES / "pdf" / "h028_chromium.pdf").read_bytes()
    report = parsers.parse(data, "h028.pdf")
    assert differences(report, load_expected(DEV / "h028.expected.json")) == []


def test_a_libreoffice_print_without_its_title_is_read_from_its_signature():
    """h028 rendered as an HTML page (tests/variants.py) that LibreOffice converted to PDF: it
    dropped the page's first paragraph, the title, leaving a blank first page. The report is
    signed by the zone itself (平潭综合实验区), which is then its agency; every cell is read."""
    data = (FIXTURES / "pdf" / "h028_libreoffice.pdf").read_bytes()
    report = parsers.parse(data, "h028.pdf")
    exp = load_expected(DEV / "h028.expected.json")
    assert differences(report, exp) == []
    assert "agency from the signature" in report.meta_notes


@pytest.mark.parametrize(
    "fixture", ["pdf/h028_page_libreoffice.pdf", "docx/h028_page_libreoffice.docx"]
)
def test_a_portal_page_converted_by_libreoffice_names_the_report_by_its_title(fixture):
    """h028's real web page converted by LibreOffice: the breadcrumb comes out as one item per
    line ('•政府信息公开' over '•政府信息公开年报' in the PDF, without bullets in the DOCX). Those
    items are no title (the agency had been '•', then '政府信息公开'): the report's own title,
    further down, names the agency."""
    report = parsers.parse((FIXTURES / fixture).read_bytes(), Path(fixture).name)
    assert differences(report, load_expected(DEV / "h028.expected.json")) == []


def test_a_row_broken_across_pages_stays_one_row_with_its_values():
    """h013 as Chromium prints a Word-style page: the row （二）部分公开 starts at the foot of page
    1 and its wrapped label ends on page 2, with no rule under it on page 1 nor above it on
    page 2. Both parts are rows of their grids (the values were loose words, the row lost)."""
    data = (FIXTURES / "pdf" / "h013_word_chromium.pdf").read_bytes()
    got = rows(load_document(data, "h013.pdf"))
    assert [
        "",
        "（二）部分公开（区分处理的，只计这一",
        "",
        "99",
        "0",
        "0",
        "0",
        "2",
        "0",
        "101",
    ] in got
    assert ["情形，不计其他情形）", "", "", "", "", "", "", "", ""] in got
    report = parsers.parse(data, "h013.pdf")
    assert differences(report, load_expected(DEV / "h013.expected.json")) == []


def test_image_only_pdf_needs_ocr_when_ocr_is_off(monkeypatch):
    monkeypatch.setenv("OGI_OCR", "off")
    with pytest.raises(NeedsOCR, match="no text layer: page 1 needs OCR"):
        load_document(fx.image_only_pdf(), "scan.pdf")


def test_encrypted_pdf():
    with pytest.raises(EncryptedDocument, match="password"):
        load_document(fx.encrypted_pdf(), "locked.pdf")


@pytest.mark.parametrize("cut", [20, 200, 2000])
def test_truncated_pdf(cut):
    data = fx.ruled_pdf()[:cut]
    with pytest.raises((CorruptDocument, NeedsOCR, NotAReport)) as err:
        load_document(data, "cut.pdf")
    assert str(err.value)


def test_garbage_after_pdf_header():
    with pytest.raises(CorruptDocument, match="damaged PDF"):
        load_document(b"%PDF-1.7\n" + bytes(range(256)) * 20, "x.pdf")


def test_pages_without_pdfplumber_characters_fall_back_to_pdfium(monkeypatch):
    """Fonts pdfminer cannot map (some CFF CJK fonts) leave pdfplumber with no characters."""
    from parsers.backends import pdf

    monkeypatch.setattr(pdf, "_page_lines", lambda page, p, carry: (None, []))
    doc = load_document(fx.unruled_pdf(), "r.pdf")
    assert doc.lines[0].cells[0].text == "二、主动公开政府信息情况"
    assert doc.lines[0].cells[0].where == "page 1 line 1"
    assert doc.notes == ["pages [1] read from pdfium's text layer"]


def test_number_wrapped_in_a_narrow_cell_is_one_number_stacked_values_stay_apart():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = ParagraphStyle("n", fontName=fx._font(), fontSize=8, leading=10, wordWrap="CJK")
    data = [["行政事业性收费", Paragraph("18651.06", style), Paragraph("12<br/>5", style)]]
    table = Table(data, colWidths=[120, 30, 60])
    table.setStyle(
        TableStyle(
            [("FONT", (0, 0), (-1, -1), fx._font(), 8), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
        )
    )
    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([table])
    assert rows(load_document(buf.getvalue(), "r.pdf")) == [["行政事业性收费", "18651.06", "12 5"]]


def _unruled(lines) -> bytes:
    """Pages of (x, y, text, size) drawn without any rule; None starts a new page."""
    from reportlab.pdfgen import canvas

    font = fx._font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for item in lines:
        if item is None:
            c.showPage()
            continue
        x, y, text, size = item
        c.setFont(font, size)
        c.drawString(x, y, text)
    c.save()
    return buf.getvalue()


def _row(y, label, *values, size=8):
    return [(72, y, label, size)] + [(250 + 60 * k, y, v, size) for k, v in enumerate(values) if v]


def test_unruled_wrapped_label_stays_in_its_row_and_a_paragraph_ends_the_table():
    doc = load_document(
        _unruled(
            [
                *_row(700, "信息内容", "自然人", "商业企业", "总计"),
                *_row(680, "（三）对申请人补正后提出的", "1", "2", "3"),
                (72, 670, "政府信息公开申请的处理", 8),
                *_row(650, "（四）其他", "", "5", "5"),
                (
                    72,
                    620,
                    "下一步，我们将继续做好政府信息公开工作，进一步提高公开质量和水平，回应社会关切。",
                    10,
                ),
                *_row(590, "规章", "7", "0", "7"),
            ]
        ),
        "r.pdf",
    )
    assert rows(doc) == [
        ["信息内容", "自然人", "商业企业", "总计"],
        ["（三）对申请人补正后提出的政府信息公开申请的处理", "1", "2", "3"],
        ["（四）其他", "", "5", "5"],
        ["规章", "7", "0", "7"],
    ]
    assert any(ln.text.startswith("下一步") for ln in doc.lines if not ln.is_row)


def _narrow(y, label, *values, size=10):
    """A row of an unruled table whose value columns are narrow (24 pt apart, three digits do not
    fit within Word's padding, as LibreOffice lays out a Word table without widths)."""
    return [(40, y, label, size)] * bool(label) + [
        (120 + 24 * k, y, v, size) for k, v in enumerate(values) if v
    ]


def test_unruled_number_wrapped_in_a_narrow_column_is_one_number():
    """A Word table without borders or widths, as LibreOffice prints it: columns a few digits
    wide wrap '226' as '22' over '6', '368319' over three lines, and '1.本机关' as '1.' over the
    rest of the label, a character per line. A full first line continues below; the digits had
    been dropped (226 read as 22: a wrong number)."""
    doc = load_document(
        _unruled(
            [
                *_narrow(700, "信息内容", "上年", "增减", "处理", size=6),
                *_narrow(680, "行政许可", "5", "-1", "22"),
                *_narrow(668, "", "", "", "6"),
                *_narrow(640, "其他服务", "11", "0", "36"),
                *_narrow(628, "", "6", "", "83"),
                *_narrow(616, "", "", "", "19"),
                *_narrow(590, "1.", "11", "0", "0"),
                *_narrow(578, "本", "1"),  # the label's rest a character per line
                *_narrow(566, "机"),
                *_narrow(554, "关"),
            ]
        ),
        "r.pdf",
    )
    assert rows(doc) == [
        ["信息内容", "上年", "增减", "处理"],
        ["行政许可", "5", "-1", "226"],
        ["其他服务", "116", "0", "368319"],
        ["1.本机关", "111", "0", "0"],
    ]


def test_a_word_table_without_borders_printed_by_libreoffice_reads_back_exactly():
    """h013's tables as one Word table without borders or widths (tests/formats.report_docx),
    converted to PDF by LibreOffice: value columns two digits wide, labels a character per line.
    Numbers wrapped over lines (111, 142, 4068.208 万元 as '40', '68.', '20', '8') had lost their
    digits; every cell reads back."""
    data = (FIXTURES / "pdf" / "h013_one_table_docx_libreoffice.pdf").read_bytes()
    report = parsers.parse(data, "h013.pdf")
    assert differences(report, load_expected(DEV / "h013.expected.json")) == []


def test_an_unruled_label_wrapped_with_paragraph_spacing_stays_in_its_table():
    """h025 as Word tables without borders (tests/formats.report_docx, blank n/a cells) printed
    by LibreOffice: a row label broken by a line break ('一、本年新收' over '政府信息公开申请数量',
    a paragraph's spacing below) is wider than its first line but within the label column; it had
    ended the table, and the rows after it, read as text, lost their blank cells' positions (30
    cells NULL). A third label column blank in most rows holds no values."""
    data = (FIXTURES / "pdf" / "h025_docx_libreoffice.pdf").read_bytes()
    report = parsers.parse(data, "h025.pdf")
    assert differences(report, load_expected(DEV / "h025.expected.json")) == []


def test_blank_cells_of_a_label_column_are_no_values():
    """h025 as one borderless Word table printed by LibreOffice: its label columns are three
    wide, the third holding '1.属于国家秘密' in some rows and blank beside '一、本年新收' and
    '（一）予以公开'. Those blanks had made eight cells of a seven-column row (NULL); the table is
    also cut into grids of other widths, whose columns are not the same."""
    data = (FIXTURES / "pdf" / "h025_one_table_docx_libreoffice.pdf").read_bytes()
    report = parsers.parse(data, "h025.pdf")
    diffs = differences(report, load_expected(DEV / "h025.expected.json"))
    assert [d for d in diffs if not d.endswith("got None")] == []
    assert [report.requests[row, "natural_person"].value for row in ("1", "2", "3.1")] == [
        821,
        18,
        258,
    ]


def test_unruled_digits_under_a_number_with_room_beside_it_are_a_value_of_their_own():
    """In a wide column a number's line is not full: digits right under it are not its wrapped
    rest but a second value (a row whose label is missing), left apart for the identities."""
    doc = load_document(
        _unruled(
            [
                *_row(700, "信息内容", "自然人", "商业企业", "总计"),
                *_row(680, "（一）予以公开", "5", "1", "6"),
                *_row(670, "", "3", "", "3"),
            ]
        ),
        "r.pdf",
    )
    assert rows(doc)[1] == ["（一）予以公开", "5 3", "1", "6 3"]


def test_unruled_table_continued_on_the_next_page_keeps_its_columns():
    doc = load_document(
        _unruled(
            [
                *_row(700, "信息内容", "自然人", "商业企业", "总计"),
                *_row(680, "（一）予以公开", "1", "2", "3"),
                (290, 30, "- 1 -", 9),
                None,
                *_row(800, "（二）部分公开", "", "4", ""),
                (72, 780, "（三）不予公开", 8),
                *_row(760, "（四）无法提供", "6", "", ""),
            ]
        ),
        "r.pdf",
    )
    assert rows(doc)[2:] == [
        ["（二）部分公开", "", "4", ""],
        ["（三）不予公开", "", "", ""],
        ["（四）无法提供", "6", "", ""],
    ]


def test_vertical_text_is_one_cell_on_the_first_row_it_spans():
    from reportlab.pdfgen import canvas

    from tests.formats import _vertical_font

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(fx._font(), 8)
    for n, label in enumerate(["（一）予以公开", "（二）部分公开", "（三）不予公开"]):
        c.drawString(150, 700 - 20 * n, label)
        c.drawString(300, 700 - 20 * n, str(n))
        c.drawString(360, 700 - 20 * n, str(n))
    c.setFont(_vertical_font(), 8)
    c.drawString(72, 708, "三、本年度办理结果")
    c.save()
    assert rows(load_document(buf.getvalue(), "r.pdf")) == [
        ["三、本年度办理结果", "（一）予以公开", "0", "0"],
        ["", "（二）部分公开", "1", "1"],
        ["", "（三）不予公开", "2", "2"],
    ]


def test_unruled_table_over_many_pages_keeps_its_header_columns_to_the_end():
    # A column left blank on every page (科研机构) is known only from the header on page 1; the
    # rows handed from page to page are bounded (unruled.HANDED_ON), the header stays among them.
    def row(y, label, *values):  # values centred under their 4-character headers
        return [(72, y, label, 8)] + [(264 + 60 * k, y, v, 8) for k, v in enumerate(values) if v]

    lines = [*_row(760, "信息内容", "自然人", "商业企业", "科研机构", "总计")]
    for page in range(30):
        lines += [
            item
            for n in range(25)
            for item in row(740 - 25 * n, f"第{page * 25 + n}项", "1", "2", "", "3")
        ]
        lines += [(290, 30, f"- {page + 1} -", 9), None]
    lines += row(800, "末项", "", "", "", "4")
    table = rows(load_document(_unruled(lines), "r.pdf"))
    assert len(table) == 1 + 30 * 25 + 1
    assert table[0] == ["信息内容", "自然人", "商业企业", "科研机构", "总计"]
    assert table[-2] == ["第749项", "1", "2", "", "3"]
    assert table[-1] == ["末项", "", "", "", "4"]


def test_unruled_left_aligned_numbers_keep_a_blank_column_under_its_header():
    # Word tables exported without borders often left-align numbers: "商业企业" is over the
    # numbers starting at its cell's left edge, "科研机构" over none, and keeps its column.
    def row(y, label, *values):  # cells 60 pt wide, text 6 pt in: headers centred, numbers left
        return [(72, y, label, 8)] + [(256 + 60 * k, y, v, 8) for k, v in enumerate(values) if v]

    header = [(72, 700, "信息内容", 8)] + [
        (264 + 60 * k, 700, h, 8) for k, h in enumerate(["商业企业", "科研机构", "其他"])
    ]
    assert rows(
        load_document(
            _unruled(
                [
                    *header,
                    *row(680, "（一）予以公开", "12", "", "3"),
                    *row(660, "（二）部分公开", "1", "", ""),
                ]
            ),
            "r.pdf",
        )
    ) == [
        ["信息内容", "商业企业", "科研机构", "其他"],
        ["（一）予以公开", "12", "", "3"],
        ["（二）部分公开", "1", "", ""],
    ]


def test_unruled_cells_a_word_padding_apart_are_two_cells():
    # Word's default cell padding (5.4 pt each side): a label filling its cell ends about one
    # character before the next cell's label or a left-aligned number.
    doc = load_document(
        _unruled(
            [
                (72, 700, "三、本年度", 8),
                (123, 700, "（一）予以公开", 8),
                (194, 700, "9", 8),
                (254, 700, "1", 8),
            ]
        ),
        "r.pdf",
    )
    assert rows(doc) == [["三、本年度", "（一）予以公开", "9", "1"]]


def test_a_gap_typed_as_spaces_splits_no_cells():
    # Two full-width spaces leave the same gap as Word's cell padding, but are text.
    doc = load_document(
        _unruled(
            [
                (72, 700, "某某县人民政府　　2022年政府信息公开工作年度报告", 12),
                (72, 670, "索引号：11320000/2023-00012　　分类：年度报告", 12),
            ]
        ),
        "r.pdf",
    )
    assert [(ln.is_row, ln.text) for ln in doc.lines] == [
        (False, "某某县人民政府2022年政府信息公开工作年度报告"),
        (False, "索引号：11320000/2023-00012分类：年度报告"),
    ]


def test_a_form_that_draws_itself_is_not_given_to_pdfium(tmp_path):
    """pdfium loops on it in C, where no time limit's signal reaches (the worker used to be
    killed late, breaking its pool): such a page has no text layer. Parsed in a process of its
    own, so that a regression is a timeout, not a stuck suite. Nor to pdfium's rendering for
    OCR: without text, the file is damaged."""
    data = fx.self_drawing_pdf()
    (tmp_path / "loop.pdf").write_bytes(data)
    job = Job(hashlib.sha256(data).hexdigest(), tmp_path / "loop.pdf", "loop.pdf")
    row = parse_isolated(job, Limits(timeout_s=10))
    assert row["status"] == "failed"
    assert row["error"].startswith(
        "damaged PDF: no text layer, and pages 1 draw a form that contains"
    )


def test_an_unruled_table_of_numbers_only_ends_at_a_line_of_text():
    """A table whose first column holds numbers has no label column: a line of text under it
    ends it (finding the label column's reach had raised on it, failing the whole file)."""
    from parsers.backends import unruled

    def word(text, x, top):
        return {"text": text, "x0": x, "x1": x + 8 * len(text), "top": top, "bottom": top + 8}

    words = [word(v, 72 + 60 * k, 100 + 12 * r) for r in range(2) for k, v in enumerate("123")]
    words.append(word("本年度未收到申请。", 72, 124))
    lines, _ = unruled.word_lines(words, [], 1, [])
    assert [ln.is_row for _, ln in lines] == [True, True, False]


def test_digits_wrapped_under_a_number_ocr_damaged_go_on_with_it():
    """A number OCR damaged wraps in a narrow column as a number does ('3l' over '2', for 312,
    beside its total '31' over '2'): the line of 2s had been a row of its own, so the total
    read 31, every identity unchecked beside the damaged cells."""
    from parsers.backends import unruled

    def word(text, x, top):
        return {"text": text, "x0": x, "x1": x + 8 * len(text), "top": top, "bottom": top + 8}

    first = ["O", "0", "0", "0", "0", "3l", "31"]
    words = [word("（一）予以公开", 72, 100)]
    words += [word(v, 200 + 30 * k, 100) for k, v in enumerate(first)]
    words += [word("2", 200 + 30 * k, 110) for k in (5, 6)]
    words += [word("（二）部分公开", 72, 130)]
    words += [word("0", 200 + 30 * k, 130) for k in range(7)]
    lines, _ = unruled.word_lines(words, [], 1, [])
    rows = [[c.text for c in ln.cells] for _, ln in lines]
    assert rows[0] == ["（一）予以公开", "O", "0", "0", "0", "0", "3l2", "312"]
    assert len(rows) == 2


def test_a_word_whose_box_ocr_cut_short_stays_on_its_line():
    """OCR's box of a wrapped label's first line can come out half as high as the digits beside
    it, its top lower ('4.保护第' 274.6–278.4 beside its row's 0s at 271.7–277.4 and –277.9, in a
    scan of an unruled table 三): it lies within their band, so it is on their line, not a line
    above its own values. A word whose band only touches the line's stays apart."""
    from parsers.backends import unruled

    def word(text, x, top, bottom):
        return {"text": text, "x0": x, "x1": x + 8 * len(text), "top": top, "bottom": bottom}

    values = [word("0", 240 + 50 * k, 271.7, 277.4 if k < 2 else 277.9) for k in range(7)]
    label = word("4.保护第", 161, 274.6, 278.4)
    assert unruled._group_lines([*values, label]) == [[label, *values]]
    below = word("三方合法", 162, 279.8, 288.0)
    assert len(unruled._group_lines([*values, below])) == 2


@pytest.mark.parametrize("rotate", [90, 180, 270])
@pytest.mark.parametrize("layout", ["ruled", "unruled"])
def test_a_page_shown_turned_is_read_with_its_text_upright(layout, rotate):
    """A viewer told to show an upright page turned (/Rotate: a landscape page turned the wrong
    way and saved) made every line of text a column of characters for pdfplumber: the whole
    report had been NULL, or no annual report at all."""
    import pypdfium2 as pdfium

    from tests import formats as F
    from tests import variants as V

    exp = {name: e for name, _, e in V.samples()}["000"]
    doc = pdfium.PdfDocument(F.ruled_pdf(exp) if layout == "ruled" else F.unruled_pdf(exp))
    for page in doc:
        page.set_rotation(rotate)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    report = parsers.parse(buf.getvalue(), "turned.pdf")
    assert report.source_format == "pdf"
    region = ("meta/province", "meta/city", "meta/county", "meta/admin_code")  # (from its path)
    assert [d for d in differences(report, exp) if not d.startswith(region)] == []


@pytest.mark.parametrize("angle", [90, 270])
def test_a_landscape_page_drawn_sideways_on_a_portrait_page_is_read_upright(angle):
    """A landscape table page some PDF makers draw turned on a portrait page, unturned by no
    /Rotate: its lines had come out as one line, in reverse or run together."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = ["某县人民政府2022年政府信息公开工作年度报告", "一、总体情况", "行政许可 5 -1 226"]
    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    page.translate(width / 2, height / 2)
    page.rotate(angle)
    page.translate(-height / 2, -width / 2)
    page.setFont(fx._font(), 12)
    for k, text in enumerate(lines):
        page.drawString(72, width - 100 - 20 * k, text)
    page.showPage()
    page.save()
    doc = load_document(buf.getvalue(), "sideways.pdf")
    assert [ln.text for ln in doc.lines] == [
        "某县人民政府2022年政府信息公开工作年度报告",
        "一、总体情况",
        "行政许可5 -1 226",
    ]
