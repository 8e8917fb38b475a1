"""Text and markdown: every encoding seen in the wild decodes or is refused with a reason; tab and
pipe lines keep their cell positions."""

from pathlib import Path

import pytest

import parsers
from parsers.backends import load_document, run_together
from parsers.errors import CorruptDocument, NotAReport, UnsupportedFormat
from tests.expected import SAMPLES, differences, load_expected

FIXTURES = Path(__file__).parent / "fixtures"

REPORT = (
    "二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t3\t\t12\n"
)
ROWS = [
    ["二、主动公开政府信息情况"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "3", "", "12"],
    [""],
]


def cells(doc):
    return [[c.text for c in ln.cells] for ln in doc.lines]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"]
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_newlines(encoding, newline):
    data = REPORT.replace("\n", newline).encode(encoding)
    doc = load_document(data, "r.txt")
    assert cells(doc) == ROWS
    assert doc.lines[2].is_row and doc.lines[2].cells[2].where == "line 3 cell 3"


def test_big5_is_decoded_and_converted():
    data = "二、主動公開政府信息情況\n規章\t3\t\t12\n".encode("big5")
    doc = load_document(data, "r.txt")
    assert cells(doc)[:2] == [["二、主动公开政府信息情况"], ["规章", "3", "", "12"]]
    assert "converted from traditional characters" in doc.notes


def test_pipe_rows_keep_blank_cells_and_drop_markdown_separator():
    data = "# 标题\n| 信息内容 | 数量 | |\n|---|---|---|\n| 行政许可 |  | 5 |\n".encode()
    doc = load_document(data, "r.md")
    assert doc.format == "markdown"
    assert cells(doc) == [["标题"], ["信息内容", "数量", ""], ["行政许可", "", "5"], [""]]


def _runs(texts: list[str], *runs: list[str]) -> bool:
    joined = "\n".join(texts)
    return all("\n".join(run) in joined for run in runs)


def test_a_pipe_touching_a_digit_in_a_padded_row_is_part_of_the_cell():
    rows = {
        "| 行政许可 | 4 | 0 | 29| |": ["行政许可", "4", "0", "29|"],
        "| 其他对外管理服务事项 | |7 | 0 | 0 |": ["其他对外管理服务事项", "|7", "0", "0"],
        "| 政府集中采购 | 22 | 256|46 |": ["政府集中采购", "22", "256|46"],
        # A row written without padding, or a pipe padded on both sides, is as written.
        "|行政许可|4|0|291|": ["行政许可", "4", "0", "291"],
        "| 行政许可 | 4 | | 0 | 291 |": ["行政许可", "4", "", "0", "291"],
        "| 规章| 0 | 0 | 0 |": ["规章", "0", "0", "0"],
    }
    for row, expected in rows.items():
        doc = load_document(f"规章\n{row}".encode(), "r.md")
        assert [c.strip() for c in cells(doc)[1]] == expected, row


def test_004_traditional_mirror_copy():
    """A crawl through trafilatura ('規章 | 0 | 0 | 0 |', empty cells moved to the row's end as
    '||'): its cells are read one per line, in the order printed, claiming no grid positions."""
    doc = load_document((SAMPLES / "004_5f426183c81c7ccf.txt").read_bytes(), "004.txt")
    assert not any(ln.is_row for ln in doc.lines)
    texts = [ln.text for ln in doc.lines]
    assert _runs(
        texts,
        ["规章", "0", "0", "0"],
        ["规范性文件", "0", "0", "0"],  # '?0' debris removed
        ["三、本年度办理结果", "(一)予以公开", "0", "0"],
        ["行政许可", "1", "0", "11"],
    )
    assert doc.lines[texts.index("行政许可")].cells[0].where == "line 18 cell 1"
    text = doc.text
    assert "柳北区人力资源和社会保障局" in text and "(qū)" not in text and "區" not in text
    assert "(一)政府信息公开工作机构和人员设置情况" in text


def test_h013_ocr_markdown():
    doc = load_document((SAMPLES / "dev" / "h013.txt").read_bytes(), "h013.txt")
    assert doc.format == "markdown"
    rows = [[c.text for c in ln.cells] for ln in doc.lines if ln.is_row]
    assert ["行政规范性文件", "6", "1", "32"] in rows
    assert ["行政事业性收费", "4068.208"] in rows
    assert not any(c.startswith("---") for r in rows for c in r)  # separator rows dropped
    assert ["-", "-"] in rows  # a dash cell (not applicable) is data, not a separator
    assert doc.lines[0].cells[0].text.startswith("沐阳县人民政府")  # heading mark removed


@pytest.mark.parametrize(
    "data, error, words",
    [
        (b"", NotAReport, "empty"),
        (b"   \n\n", NotAReport, "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, CorruptDocument, "damaged PNG image"),
        (bytes(range(256)) * 8, UnsupportedFormat, "binary"),
        (b"just some english words\n", NotAReport, "no Chinese"),
        ("政府信息公开".encode() + b"\x00\x01\x02\x03" * 50, UnsupportedFormat, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), CorruptDocument, "damaged OLE"),
    ],
)
def test_junk_is_refused_with_a_reason(data, error, words):
    with pytest.raises(error, match=words):
        load_document(data, "report.txt")


def test_mojibake_is_never_returned_silently():
    import random

    rng = random.Random(7)
    junk = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    try:
        doc = load_document(junk, "x.txt")
    except (UnsupportedFormat, NotAReport) as e:
        assert "decode" in str(e) or "binary" in str(e) or "Chinese" in str(e)
    else:
        pytest.fail(f"random high bytes decoded as {doc.text[:40]!r}")


def test_utf16_without_bom_is_found_in_almost_all_cjk_text():
    # A run-together copy has hardly any ASCII: a few digits are the only NUL high bytes.
    text = "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量2171000021" * 3
    doc = load_document(text.encode("utf-16-le"), "r.txt")
    assert doc.lines[0].cells[0].text == text


@pytest.mark.parametrize("cut", [1, 2])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_cut_inside_its_last_character_keeps_what_it_has(cut, bom):
    # An interrupted download ends inside a 3-byte character: the incomplete tail is dropped
    # and noted, the rest is read as usual.
    data = bom + (REPORT + "三、收到").encode("utf-8")[:-cut]
    doc = load_document(data, "r.txt")
    assert cells(doc)[:3] == ROWS[:3]
    assert cells(doc)[-1] == ["三、收"]
    assert any(n.startswith("truncated") and f"({3 - cut} byte" in n for n in doc.notes)


def test_truncated_report_still_parses_and_says_so():
    from parsers import parse

    data = (SAMPLES / "000_358dec47750a91e3.txt").read_bytes()
    whole = parse(data, "r.txt")
    end = data.rstrip().decode("utf-8")[-1].encode("utf-8")
    assert len(end) == 3, "the sample must end in a CJK character for this test"
    cut = parse(data.rstrip()[:-1], "r.txt")
    assert cut.tables_found == whole.tables_found and cut.requests == whole.requests
    assert any(w.startswith("truncated") for w in cut.warnings)


def test_invalid_utf8_inside_the_text_is_not_taken_for_truncation():
    data = (REPORT + "三、收到").encode("utf-8")
    broken = data[:10] + b"\xe4" + data[10:-1]  # a stray byte mid-file, and a cut at the end
    with pytest.raises(UnsupportedFormat):
        load_document(broken, "r.txt")


NEWS = "本报讯 昨日，我市举行春季运动会，三千余名市民参加了比赛。\n".encode()


@pytest.mark.parametrize("newline", [b"\n", b""])
def test_fifty_megabytes_of_news_is_not_a_report(newline):
    # Every stage must stay linear: such a file once took minutes. Only the outcome is asserted.
    from parsers import parse

    data = NEWS.replace(b"\n", newline) * (50_000_000 // len(NEWS))
    with pytest.raises(NotAReport):
        parse(data, "news.txt")


def test_a_report_inside_fifty_megabytes_of_text_is_still_read():
    from parsers import parse

    sample = (SAMPLES / "000_358dec47750a91e3.txt").read_bytes()
    padding = NEWS * (25_000_000 // len(NEWS))
    report = parse(padding + sample + padding, "dump.txt")
    alone = parse(sample, "r.txt")

    def values(cells):
        return {k: v.value for k, v in cells.items()}

    assert report.tables_found == alone.tables_found == {"二", "三", "四"}
    assert values(report.requests) == values(alone.requests)
    assert values(report.review_litigation) == values(alone.review_litigation)
    assert values(report.proactive) == values(alone.proactive)
    assert report.report_year == alone.report_year
    assert any(w.startswith("very large text") for w in report.warnings)
    assert len(report.text) < 5_000_000  # what is kept of the running text is bounded too


def test_an_html_table_inside_markdown_is_read_as_html():
    """Markdown converters keep a table with merged cells as HTML (pandoc's gfm, MinerU): its rows
    are the HTML backend's, spans expanded, where the markdown around it stays lines and pipe
    rows (they had been lines of markup, and the table lost)."""
    text = (
        "二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 3 |\n\n"
        "三、收到和处理政府信息公开申请情况\n\n<table>\n<thead>\n<tr><th colspan='2' rowspan='2'>"
        "<p>（本列数据的</p>\n<p>勾稽关系）</p></th><th>申请人情况</th></tr>\n<tr><th>自然人</th></tr>\n"
        "</thead>\n<tbody>\n<tr><td colspan='2'>一、本年新收政府信息公开申请数量</td><td>5</td></tr>\n"
        "</tbody>\n</table>\n\n四、政府信息公开行政复议、行政诉讼情况\n"
    )
    doc = load_document(text.encode(), "r.md")
    assert doc.format == "markdown"
    assert [c for c in cells(doc) if any(c)] == [
        ["二、主动公开政府信息情况"],
        ["信息内容", "本年制发件数"],
        ["规章", "3"],
        ["三、收到和处理政府信息公开申请情况"],
        ["（本列数据的勾稽关系）", "", "申请人情况"],
        ["", "", "自然人"],
        ["一、本年新收政府信息公开申请数量", "", "5"],
        ["四、政府信息公开行政复议、行政诉讼情况"],
    ]
    row = next(ln for ln in doc.lines if ln.cells[0].text.startswith("一、本年新收"))
    assert row.cells[2].where == "line 9 table 1 row 3 col 3"  # (the table opens on line 9)


@pytest.mark.parametrize(
    "fixture, gold",
    [
        # GitHub markdown: table 二 as pipe rows, tables 三 and 四 (merged cells) as HTML
        ("h013_docx_pandoc_gfm.md", "dev/h013"),
        # pandoc's markdown: grid tables, cells wrapped over lines ('本年新\' over '制作数量')
        ("h013_docx_pandoc_markdown.md", "dev/h013"),
        # pandoc's markdown: a multiline table (rows parted by blank lines) and HTML
        ("h025_docx_pandoc_markdown.md", "dev/h025"),
        # pandoc's plain text: columns under runs of dashes, a Chinese character two columns wide
        ("000_page_pandoc_plain.txt", "000_*"),
        # the same with a row of empty cells in table 二 (a line of spaces): no multiline table,
        # whose blank lines part rows (its lines before that one had been one row: 22 cells lost)
        ("000_page_empty_row_pandoc_plain.txt", "000_*"),
        # GitHub markdown of a portal page: it opens with the page's <div>, yet is markdown
        # (as HTML its lines ran together: no title, so no agency; table 四 lost in 002)
        ("h028_portal_page_pandoc_gfm.md", "dev/h028"),
        ("002_portal_page_pandoc_gfm.md", "002_*"),
        # LaTeX of a portal page, '-' for n/a: table 四's row ends in an empty cell on the line
        # of its rule (a row read over lines whose later ones hold only blanks is its first)
        ("002_portal_page_dashes_pandoc_latex.md", "002_*"),
    ],
)
def test_pandocs_conversions_of_a_report_read_back_exactly(fixture, gold):
    """Samples as a Word document (tests/formats.report_docx) or a web page
    (tests/variants.html_page) converted by pandoc: every table drawn its way reads back."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, fixture), load_expected(path)) == []


@pytest.mark.parametrize(
    "fixture, gold",
    [
        ("000_page_libreoffice_text.txt", "000_*"),  # 2019: table 二's fees, three columns
        ("003_page_libreoffice_text.txt", "003_*"),
        ("h004_page_libreoffice_text.txt", "dev/h004"),  # 2021: sections of two columns
        ("h019_page_libreoffice_text.txt", "dev/h019"),
        ("h025_page_libreoffice_text.txt", "dev/h025"),
    ],
)
def test_libreoffices_text_of_a_page_reads_back_exactly(fixture, gold):
    """A sample's web page (tests/variants.py's html layout, n/a cells '-') saved as text by
    LibreOffice (soffice --convert-to 'txt:Text (encoded):UTF8'): a line per cell, and a table
    二 section narrower than the table, under titles spanning it, padded by an empty line after
    each of its rows, its header's too ('信息内容' / '处理决定数量' / '' / '行政许可' / '4529' /
    ''). That line had been taken for a number wrapped beside a blank cell: 2 or 3 cells NULL a
    report."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, fixture), load_expected(path)) == []


@pytest.mark.parametrize(
    ("fixture", "sample", "wrapped"),
    [
        # the rest of a label on the next line beside the rest of the numbers ('（七）总 21 … 21'
        # over '计 7 … 8'): those digits continue the row's (3.7 had been 21 for 217)
        ("h028_one_table_libreoffice_pdftotext.txt", "h028", {"3.7": 217}),
        # digits wrapped on a line of their own, under the row's numbers ('82 35 2 1 85' over
        # '1 9'): seven tokens, but not seven cells in order (821 had been 82, 859 9)
        ("h025_one_table_libreoffice_pdftotext_layout.txt", "h025", {}),
        # the same in -raw: '82' / '1' / '35 2 1 85' / '9'
        ("h025_one_table_libreoffice_pdftotext_raw.txt", "h025", {}),
        # wrapped digits beside the outer label column's vertical characters ('11 … 11' over
        # '四 本 1 … 1'): they make no row of their own, so they are the row's (111 had been 11);
        # and those characters at the start of the rows' lines ('三 （一）予 29 …' over '、 以公开
        # 0 … 4'): the '、' had been a n/a cell of 3.1 (NULL)
        (
            "h013_one_table_libreoffice_pdftotext_layout.txt",
            "h013",
            {"3.4.1": 111, "3.2": 99, "3.1": 290},
        ),
    ],
)
def test_pdftotext_of_numbers_wrapped_in_narrow_columns_gives_no_wrong_number(
    fixture, sample, wrapped
):
    """A sample as a Word table without borders or widths, printed by LibreOffice, then as a
    crawl keeps it (poppler's pdftotext): labels and numbers wrap in their narrow columns. A row
    is read with all its digits, in an order the identities confirm, or NULL; the wrapped rows
    given are read whole (natural persons' column)."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    report = parsers.parse(data, fixture)
    wrong = [
        d
        for d in differences(report, load_expected(SAMPLES / "dev" / f"{sample}.expected.json"))
        if d.startswith("requests/") and not d.endswith("got None")
    ]
    assert wrong == []
    assert {code: report.requests[(code, "natural_person")].value for code in wrapped} == wrapped


@pytest.mark.parametrize(
    ("fixture", "gold", "unread"),
    [
        # the three tables as one narrow Word table: table 二's labels and headers a character a
        # line, its numbers wrapped in their columns ('行   5    -1   22' over '政             6')
        ("000_one_table_libreoffice_pdftotext_layout.txt", "000_*", []),
        # ('行   51' / '政   76' / '许   45'; the fee '40' / '68.' / '20' / '8' stays unproven)
        (
            "h013_one_table_libreoffice_pdftotext_layout.txt",
            "dev/h013",
            ["proactive/fees/fee_amount: expected 40682080, got None"],
        ),
    ],
)
def test_pdftotext_layout_is_read_by_where_its_characters_stand(fixture, gold, unread):
    """pdftotext -layout prints each character in the column where the page set it: a blank
    cell keeps its place, a wrapped number's digits stand under its first ones. Read by those
    positions (backends/laid_out.py), the tables read back; as words they had left 22 and 9
    cells NULL."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, fixture), load_expected(path)) == unread


def test_a_grid_not_proven_on_table_three_is_not_read_by_its_positions():
    """h025's one-table print through -layout: its table 三, mostly blank and its blanks printed
    as nothing, is read by the words in no row, so the grid proves itself nowhere
    (interpret/readings.py). Its positions are not taken, not even for table 二, which they read
    and no identity checks: a browser's print, whose grid drifts, sets values under other
    headers as readily."""
    fixture = "h025_one_table_libreoffice_pdftotext_layout.txt"
    report = parsers.parse((FIXTURES / "markdown" / fixture).read_bytes(), fixture)
    assert [v.value for v in report.proactive.values() if v.value is not None] == []


@pytest.mark.parametrize(
    ("fixture", "gold"),
    [
        # table 四's ten zeros under the litigation columns, its headers drifting from them
        ("002_portal_page_chromium_pdftotext_layout.txt", "002_*"),
        # table 三 mostly blank, its few numbers no longer under their headers
        ("h025_page_chromium_pdftotext_layout.txt", "dev/h025"),
    ],
)
def test_a_browser_print_laid_out_by_pdftotext_is_read_by_its_positions_only_where_proven(
    fixture, gold
):
    """pdftotext -layout sets a browser's print on a grid of its own making, which drifts from
    row to row: read by position, these put numbers under other headers, every identity holding.
    The positions are taken only where they read every cell the words read alike, table 三's
    included (interpret/readings.py): here they do not, and no number is published wrong."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    wrong = [
        d
        for d in differences(parsers.parse(data, fixture), load_expected(path))
        if not d.endswith("got None")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("fixture", "gold"),
    [
        # '1.信访举报投诉类申' over '（五）不予处理 0 0 …' over '请': the row had been taken as
        # printed without values, its values kept as an extra row (28 cells NULL)
        ("000_portal_page_chromium_pdftotext_layout.txt", "000_*"),
        # '1.申请人无正当理由逾期不补' over '（六）其他处理 正、行政机关… 1 0 …': the head cuts
        # the row's words in two ('不补' / '正'); 3.6.1 had been an extra row
        ("h004_portal_page_chromium_pdftotext_layout.txt", "dev/h004"),
        # LibreOffice's print of a web page: the head in pieces in a narrow column, beside the
        # group's middle row ('3.要求提供公开出版' / '（五） 0 0 …' / '物' / '不予处' / '理')
        ("000_page_libreoffice_pdftotext_layout.txt", "000_*"),
    ],
)
def test_a_group_label_printed_among_its_first_rows_label_is_read_as_its_head(fixture, gold):
    """Pages printed by Chromium or LibreOffice, then pdftotext -layout: a group label centred
    in its rowspan sits on the line of some row's values, among the lines of that row's own
    label. It is the head of the group's rows, read first, not the start of the next row."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, fixture), load_expected(path)) == []


def test_a_dash_ruled_table_with_a_header_ends_at_its_first_blank_line():
    """A simple table with a header row has no closing rule: it ends at the blank line after it.
    The paragraphs and headings after it, up to the next table's rule, stay text (they had been
    read as its rows, parted by their blank lines)."""
    text = (
        "信息内容        本年制发件数\n"
        "--------------  ------------\n"
        "规章            3\n"
        "\n"
        "三、收到和处理政府信息公开申请情况\n"
        "\n"
        "本年度共收到申请5件。\n"
        "\n"
        "--------------  ------------\n"
        "行政许可        7\n"
        "--------------  ------------\n"
    )
    doc = load_document(text.encode(), "r.md")
    rows = [[c.text for c in ln.cells] for ln in doc.lines if ln.is_row]
    assert rows == [["信息内容", "本年制发件数"], ["规章", "3"], ["行政许可", "7"]]
    assert "三、收到和处理政府信息公开申请情况" in [ln.text for ln in doc.lines if not ln.is_row]


@pytest.mark.parametrize(
    ("fixture", "gold"),
    [
        ("002_portal_page_dashes_markdownify.md", "002_*"),  # (170 NULL before 1888dcf)
        ("h025_portal_page_markdownify.md", "dev/h025"),  # (blank cells: 41 NULL before)
    ],
)
def test_markdownify_of_tables_inside_a_layout_table_reads_back_exactly(fixture, gold):
    """A portal page whose article sits in a layout table, through markdownify (and markitdown,
    which uses it): the whole article is one cell of it, each statutory table one line, its rows
    and rules run together. markdownify's spacing still parts rows (' ') from empty cells ('  '),
    so blank cells keep their places."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, fixture), load_expected(path)) == []


def test_rows_run_together_are_parted_by_markdownifys_spacing():
    line = (
        "**三、收到和处理**   | 三、本年度办理结果 | （一）予以公开 | | 258 |  | 1 | "
        "|  |  |  |  | | --- | --- | --- | --- | | （七）总计 | | 767 |  | 2 |   五、问题"
    )
    assert run_together.rows(line) == [
        (["三、收到和处理"], False),
        (["三、本年度办理结果", "（一）予以公开"], True),
        (["258", "", "1"], True),
        (["（七）总计"], True),
        (["767", "", "2"], True),
        (["五、问题"], False),
    ]
    # cells without markdownify's spaces: some other writer's, read as before
    assert run_together.rows("| 规章 |0|0| | --- | --- |") is None


def test_table_two_a_cell_per_line_keeps_its_blank_in_place():
    """trafilatura, cells holding paragraphs: 规章's new count is a blank paragraph ('|')
    between its numbers; an amount with its unit ('25.1万元', after the row's count) is a value,
    not the label opening the next row."""
    page = "\n".join(
        [
            "二、主动公开政府信息情况",
            "第二十条第（一）项 |",
            "|||",
            "信息内容 |",
            "本年新制作数量 |",
        ]
        + ["本年新公开数量 |", "对外公开总数量 |", "规章 |", "3 |", "|", "12 |", "规范性文件 |"]
        + ["5 |", "1 |", "40 |", "第二十条第（九）项 |", "|||", "信息内容 |", "采购项目数量 |"]
        + ["采购总金额 |", "||", "政府集中采购 |", "6 |", "25.1万元 |", "||"]
        + ["三、收到和处理政府信息公开申请情况"]
    )
    rows = [
        [c.text.strip() for c in ln.cells] for ln in load_document(page.encode(), "r.txt").lines
    ]
    assert ["政府集中采购", "6", "25.1万元"] in rows
    report = parsers.parse(page.encode(), "r.txt")
    got = {k: v.value for k, v in report.proactive.items()}
    metrics = ("new_made", "new_published", "total_published")
    assert [got["regulations", m] for m in metrics] == [3, None, 12]
    assert report.proactive["regulations", "new_published"].raw == ""
    assert got["normative_documents", "total_published"] == 40
    assert got["procurement", "procurement_amount"] == 251000


BOTH = ("requests/", "review_litigation/")
ALL = (*BOTH, "proactive/")


@pytest.mark.parametrize(
    ("fixture", "gold", "exact"),
    [
        # '3.危及“三安全一稳定”' over 21 values (3.3.3–3.3.5): '4.保护第三方…' and '5.属于三类…'
        # printed after the table (42 cells had been NULL); table 四's litigation columns after
        # the report's text, under their own headers (10 cells, and the review's 5, NULL)
        # (table 二: '其他对外管理服务事项 116' after the values of the row before, '0' and
        # '368319': which values are whose is not proven, both rows NULL)
        ("000_page_chromium_pdftotext.txt", "000_*", BOTH),
        # table 二: '其他对外管理服务事项 0' on one line, its further values a paragraph each
        ("004_page_chromium_pdftotext.txt", "004_*", ALL),
        # table 四's header cells a paragraph per line ('结果' / '维持', '总' / '计'), the
        # litigation columns right after the review's values (all 15 cells had been NULL)
        ("001_page_chromium_pdftotext.txt", "001_*", ALL),
        ("002_page_dashes_chromium_pdftotext.txt", "002_*", ALL),  # n/a cells printed '-'
        ("h016_page_chromium_pdftotext.txt", "dev/h016", ALL),  # '行政规范性文件 5' / '2' / '25'
        # the 2021 rows: labels before the block of their values, and after the table; table
        # 四's values out of order ('… 0 19' … '0 0 0 复议后起诉 13'): NULL
        ("h028_page_chromium_pdftotext.txt", "dev/h028", ("requests/", "proactive/")),
        # a long label going on after its first value ('5.要求行政机关确认或重新出具已获' / '0' /
        # '取信息' / six 0s, 3.5.5 and 3.6.2 had been NULL); 3.6.3's '1' printed after row 四's
        # values, its place the one that makes every identity hold (rows 3.6.3 to 四 had been NULL)
        ("h004_page_chromium_pdftotext.txt", "dev/h004", ALL),
        # 3.3.1's total printed a cell late, after 3.3.2's first 0 (both rows had been NULL)
        ("h001_page_chromium_pdftotext.txt", "dev/h001", ("requests/", "proactive/")),
        # '（二）部分公开（区分处理的，只计这' / '3' / '一情形，不计其他情形）' and then rows 一 to
        # 三's values printed out of place: not 3.2's, its identity fails
        ("h025_page_chromium_pdftotext.txt", "dev/h025", ()),
        # a value printed after its row's label ('31 0 0 0 0 31' … '四、结转下年度继续办理' '0'):
        # read where it makes every identity hold, the only such place (those rows had been NULL)
        ("h013_page_chromium_pdftotext.txt", "dev/h013", ("requests/", "proactive/")),
        # a portal page: table 二's values out of their rows' order ('行政许可' '1' '3' …
        # '其他对外管理服务事项 40' '0' '47', the 0 行政许可's): those rows NULL
        ("003_portal_page_chromium_pdftotext.txt", "003_*", ()),
        # n/a marks beside numbers (Chromium with Liberation fonts): row 3.2's '3' printed after
        # its six '-' and its label, no identity to check the order: its total had been 3
        ("h025_page_dashes_chromium_liberation_pdftotext.txt", "dev/h025", ("proactive/",)),
    ],
)
def test_pdftotext_in_reading_order_gives_the_tables_in_their_printed_order(fixture, gold, exact):
    """A web page printed by Chromium, then pdftotext in its default mode (as crawls and textract
    keep PDFs): each value a paragraph, row after row, but a rowspan's middle labels printed
    after the table or above other rows' values, and the columns beyond the text's width after
    the report's text, and a long label on one line with its first value. Tables 三 and 四 read
    whole where every identity holds, table 二 where its rows keep their order; no number is
    wrong where values are out of their order (table 二's rows there are NULL)."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    diffs = differences(parsers.parse(data, fixture), load_expected(path))
    assert [d for d in diffs if not d.endswith("got None")] == []
    assert [d for d in diffs if d.startswith(exact)] == []  # (exact: tables read whole)


@pytest.mark.parametrize(
    "fixture, gold",
    [
        ("002_portal_page_prettify_beautifulsoup.txt", "002_*"),
        ("h025_page_prettify_beautifulsoup.txt", "dev/h025"),
    ],
)
def test_a_pretty_printed_page_s_text_counts_no_blank_cells_in_its_blank_lines(fixture, gold):
    """BeautifulSoup's get_text() of a prettify()'d page: every cell on a line of its own,
    parted by 2 blank lines, rows by 4, and an empty cell 2 lines more, as many as a row's end.
    Read as the crawls that part cells by 2 and rows by 4 with 3 lines an empty cell, 002's 16
    blank lines before table 四's ten 0s (its five review cells blank) had been four empty cells,
    and the ten 0s published a column early with every check passing (review's total 0)."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    diffs = differences(parsers.parse(data, fixture), load_expected(path))
    assert [d for d in diffs if not d.endswith("got None")] == []


def test_a_page_whose_text_nodes_a_crawl_joined_with_tabs_reads_a_cell_a_line():
    """BeautifulSoup's get_text("\\t") of a portal page written with no whitespace between its
    tags: the whole page one line of 300 tab cells, which had been read as one table row (no
    agency, table 三 all NULL, 10 of table 二's cells). No row is that wide: each cell is a
    line, and the report reads whole."""
    data = (FIXTURES / "markdown" / "h028_portal_page_tabs_beautifulsoup.txt").read_bytes()
    assert data.count(b"\n") == 0
    report = parsers.parse(data, "r.txt")
    diffs = differences(report, load_expected(SAMPLES / "dev/h028.expected.json"))
    assert diffs == []


def test_table_four_values_among_its_header_pieces_are_read_only_where_identities_hold():
    """pdfminer.six's text of h013's web page printed by Chromium: table 四's values run among
    the pieces of its narrow header cells ('结果' / '维持' / '8' / '结果' / '纠正' / '0' …) in an
    order that is not its columns'. Read in the order printed, 15 wrong numbers were published
    (flagged by the totals); where pieces stand among the values the identities must hold in
    full, so the table is NULL."""
    data = (FIXTURES / "markdown" / "h013_page_chromium_pdfminer.txt").read_bytes()
    diffs = differences(
        parsers.parse(data, "r.txt"), load_expected(SAMPLES / "dev/h013.expected.json")
    )
    assert [d for d in diffs if not d.endswith("got None")] == []


def test_zeros_run_together_in_reading_order_are_cut_into_their_cells():
    """pdftotext's reading order of a portal page printed by Chromium sets two zero cells close
    enough to make one word ('（二）部分公开…' '00' '0' '0' '0' '0' '0'). No count is printed with
    a leading zero, so '00' is two cells: the row is read whole. Taken for one cell, each such
    row seemed to have lost one that no column identity placed, and 16 rows had been NULL."""
    data = (FIXTURES / "markdown" / "003_portal_page_chromium_pdftotext.txt").read_bytes()
    (path,) = SAMPLES.glob("003_*.expected.json")
    diffs = differences(parsers.parse(data, "r.txt"), load_expected(path))
    assert [d for d in diffs if not d.endswith("got None")] == []
    zeros_run_together = ["3.2", "3.3.1", "3.3.8", "3.4.2", "3.4.3", "3.5.2", "3.5.5", "3.6"]
    assert [d for d in diffs if d.split("/")[1].split(":")[0] in zeros_run_together] == []


def test_values_amid_the_pieces_of_a_label_in_a_narrow_column_are_not_taken_as_its():
    """pdfminer's text of a Word table printed by LibreOffice: labels in a narrow column, two
    characters a line, and runs of values among them wherever their heights fall ('1.申' / '请人'
    / … / '府信' / seven 0s / '息公' / '开申' / '请'). The 0s had been read as row 3.6.1's, which
    is 1 … 1 (unflagged: all zeros hold the row's identity). Such a row is NULL; values between
    a label's two lines where its cell's middle is ('…不掌握相关政府' / '252 12' / '信息' / '-' …,
    Chromium's print) stay its row's."""
    data = (FIXTURES / "markdown" / "h028_docx_libreoffice_pdfminer.txt").read_bytes()
    diffs = differences(
        parsers.parse(data, "r.txt"), load_expected(SAMPLES / "dev/h028.expected.json")
    )
    assert [d for d in diffs if not d.endswith("got None")] == []
    assert "requests/3.6.1/natural_person: expected 1, got None" in diffs
    data = (FIXTURES / "markdown" / "h025_page_dashes_chromium_pdftotext.txt").read_bytes()
    assert parsers.parse(data, "r.txt").requests["3.4.1", "natural_person"].value == 252
    # pdftotext -raw, a label letter by letter: the row's line of values amid it is the row's
    # ('4.' / '保' / … / '合' / '0 0 0 0 0 0 0' / '法' / '权' / '益'; 3 rows had been NULL)
    data = (FIXTURES / "markdown" / "000_one_table_libreoffice_pdftotext_raw.txt").read_bytes()
    (path,) = SAMPLES.glob("000_*.expected.json")
    diffs = differences(parsers.parse(data, "r.txt"), load_expected(path))
    assert {d.split("/")[1] for d in diffs if d.startswith("requests/")} == {"3.5.4"}
    assert all(d.endswith(("got None", "got '<missing>'")) for d in diffs)  # (table 二 unread)


@pytest.mark.parametrize(
    "fixture, gold",
    [
        ("h025_docx_docx2txt.txt", "dev/h025"),  # blank cells in rows of numbers
        ("h019_one_table_docx2txt.txt", "dev/h019"),  # rows of blank cells, the tables in one
        ("002_docx_docx2txt.txt", "002_*"),  # table 四's blank review columns
        ("003_one_table_docx2txt.txt", "003_*"),  # table 二's rows, the tables in one
    ],
)
def test_docx2txts_text_keeps_the_blank_cells_of_a_word_table_in_place(fixture, gold):
    """docx2txt (textract's Word reader) ends every paragraph with a blank line, an empty cell's
    too: a blank cell is two more blank lines (every longer run is odd), not lynx's one. A merged
    label's continuation is an empty cell too, printed before the next row's label: past a row's
    cells it is no cell of the row (rows 3.1 to 3.5 of h025, h019's rows of numbers and 003's
    table-二 row 其他对外管理服务事项 had been NULL with a blank cell too many)."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    (path,) = SAMPLES.glob(gold + ".expected.json")
    assert differences(parsers.parse(data, "r.txt"), load_expected(path)) == []


def test_latex_tables_in_markdown_are_rows_of_their_grid():
    """OCR to markdown that writes merged tables in LaTeX (Mathpix, Nougat), and pandoc's LaTeX:
    \\multicolumn written once at its left, \\multirow in its first row, rules no text, a
    \\makecell's line break no row's end, nor a tabular's inside a cell (Mathpix's cell of
    several lines; it had ended the table), formatting and escapes kept as their text."""
    page = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            r"\begin{tabularx}{\textwidth}{|l|X|c|}",
            r"\hline % header",
            r"\multicolumn{2}{|c|}{\multirow{2}{*}{\textbf{申请人情况}}} & 总计 \\ \cline{3-3}",
            r"\multicolumn{2}{|c|}{} & $12$ \\[2pt]",
            r"\makecell{（一）予以\\公开} & 10\% & 3\&4 \\ \hline",
            r"\begin{tabular}{c}（二）部分公开 \\ （区分处理的） \end{tabular} & 3 & 4 \\",
            r"\end{tabularx}",
            "五、存在的主要问题",
        ]
    )
    rows = [
        [c.text for c in ln.cells] for ln in load_document(page.encode(), "r.md").lines if ln.is_row
    ]
    assert rows == [
        ["申请人情况", "", "总计"],
        ["", "", "12"],
        ["（一）予以 公开", "10%", "3&4"],
        ["（二）部分公开 （区分处理的）", "3", "4"],
    ]


def test_pandoc_latex_of_a_page_reads_every_cell():
    """pandoc -t latex of h025's web page (longtable, \\multirow, \\multicolumn, blank cells as
    empty ones): every cell read back; 24.7 % of the sample pages' cells had been read, 24 wrong
    (the LaTeX run into the labels)."""
    data = (FIXTURES / "markdown" / "h025_page_pandoc_latex.txt").read_bytes()
    diffs = differences(
        parsers.parse(data, "r.txt"), load_expected(SAMPLES / "dev/h025.expected.json")
    )
    assert diffs == []


@pytest.mark.parametrize(
    "fixture", ["h001_pdf_pdftotext.txt", "h001_pdf_pymupdf.txt", "h001_pdf_pdfplumber.txt"]
)
def test_python_crawls_text_of_a_real_pdf_reads_back_exactly(fixture):
    """h001's PDF (WPS) as crawls most often keep PDFs. pdftotext in its reading order: table
    三's single rows label then values, but ten rows' values (3.3.1–3.4.2) a column at a time
    and their labels after them, and on the next page blocks of four and two; table 二's one-row
    sections their value above their label (44 of 186 cells had been read). PyMuPDF (fitz): the
    rowspan label 三、本年度办理结果 a character a line, its '、' taken for a n/a cell of row 2
    (179). pdfplumber's extract_text: each row's values on the line of the height they are
    printed at, above, beside or amid their label's lines, and the rowspan label's letters at
    the start of its rows' lines ('三 2.其他…' / '、' / '0 0 …'), the lone '、' a n/a cell among
    the values (130: rows whose values stand above their label NULL)."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    report = parsers.parse(data, "r.txt")
    assert differences(report, load_expected(SAMPLES / "dev/h001.expected.json")) == []


def test_pypdf_text_of_a_one_table_word_pdf_finds_table_two_in_its_narrow_columns():
    """pypdf's text (LangChain's PyPDFLoader) of 000 as a Word report printing its tables as one
    (LibreOffice's PDF): table 二's columns as narrow as table 三's, its labels and headers a
    character a line ('规' / '章' / '0 0 0'). Table 二 had not been found (29 cells NULL); its
    letters are joined now and 18 are NULL, none wrong."""
    data = (FIXTURES / "markdown" / "000_one_table_libreoffice_pypdf.txt").read_bytes()
    report = parsers.parse(data, "r.txt")
    (path,) = SAMPLES.glob("000_*.expected.json")
    diffs = differences(report, load_expected(path))
    assert "二" in report.tables_found
    assert [d for d in diffs if not d.endswith("got None")] == []
    assert len(diffs) == 18


def test_pdfminer_text_box_of_a_wrapped_number_is_no_two_cells():
    """pdfminer.six's text of h025 as a one-table Word PDF (LibreOffice): each cell a text box and
    an empty line, 821 wrapped in its narrow column ('82' / '1', one box). Its row's total is
    '-', so no identity checked '35 - 82 1 - - -' read as seven cells (35, 82 and 1 published
    under the wrong applicants, unflagged). Two lines of digits in one box are now read only
    where the row's identity, every cell a number, confirms the reading."""
    data = (FIXTURES / "markdown" / "h025_one_table_libreoffice_pdfminer.txt").read_bytes()
    diffs = differences(
        parsers.parse(data, "r.txt"), load_expected(SAMPLES / "dev/h025.expected.json")
    )
    assert [d for d in diffs if not d.endswith("got None")] == []


def test_pdfminer_text_of_a_real_pdf_reads_table_three_column_after_column():
    """pdfminer.six's text of h001's PDF (as markitdown and most Python crawls keep PDFs): table
    三's row labels, then each page's values a column at a time (其他's zeros after 总计's). 17 of
    186 cells had been read; now tables 三 and 四 whole, none wrong (table 二's blocks are not
    in its rows' order: NULL)."""
    data = (FIXTURES / "markdown" / "h001_pdf_pdfminer.txt").read_bytes()
    diffs = differences(
        parsers.parse(data, "r.txt"), load_expected(SAMPLES / "dev/h001.expected.json")
    )
    assert [d for d in diffs if not d.endswith("got None")] == []
    assert [d for d in diffs if d.startswith(("requests/", "review_litigation/"))] == []


def _differences_from_its_sample(fixture: str) -> list[str]:
    """A committed conversion of a sample (its name starts the file's), read against the
    sample's hand-read values."""
    data = (FIXTURES / "markdown" / fixture).read_bytes()
    name = fixture.split("_")[0]
    path = SAMPLES / "dev" / f"{name}.expected.json"
    if not path.exists():
        (path,) = SAMPLES.glob(f"{name}_*.expected.json")
    return differences(parsers.parse(data, "r.txt"), load_expected(path))


def _pdftotext(*pages: list[str]) -> bytes:
    """Pages as pdftotext writes them: a form feed before each page's first line."""
    return "\n".join("\n".join(["\f" + p[0], *p[1:]]) for p in pages).lstrip("\f").encode()


def test_bare_page_numbers_counting_up_the_pages_are_no_lines():
    pages = [[f"第{p}页的正文", "规章 1 2", "0", str(p + 1)] for p in range(4)]
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    assert texts == [t for p in range(4) for t in (f"第{p}页的正文", "规章 1 2", "0")]


@pytest.mark.parametrize(
    "numbers",
    [
        ["1", "2"],  # two pages prove no sequence
        ["0", "0", "0", "0"],  # a table's cells, the same on every page
        ["1", "3", "2", "4"],  # not counting up a page
    ],
)
def test_numbers_ending_pages_that_prove_no_page_numbers_stay(numbers):
    pages = [["正文", n] for n in numbers]
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    assert [t for t in texts if t.isdigit()] == numbers


def test_a_page_printing_its_number_twice_at_its_end_keeps_both():
    """A cell and the page's number alike among a page's last lines: which is which is not
    proven, so neither is taken (the other pages' numbers are)."""
    pages = [["正文", "9", str(p + 1)] for p in range(4)]
    pages[2][1] = "3"
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    assert [t for t in texts if t.isdigit()] == ["9", "9", "3", "3", "9"]


@pytest.mark.parametrize(
    "fixture",
    [
        "000_docx_page_numbers_libreoffice_pdftotext_raw.txt",
        "h001_docx_page_numbers_libreoffice_pdftotext_layout.txt",
        "000_docx_running_head_page_numbers_libreoffice_pdftotext_layout.txt",
    ],
)
def test_pdftotext_of_a_word_report_with_bare_page_numbers_reads_every_cell(fixture):
    """A Word report whose footer prints the page's number bare ('3'), and maybe its header the
    report's title, as LibreOffice prints it to PDF, in pdftotext's text (raw, and -layout):
    each page's number had been read as a cell where a page breaks inside a table, the title
    had parted a table's rows (000: 42 cells NULL; h001: 15; 000 with its title atop each page:
    29). Over the 12 samples, raw text had 547 cells NULL of 2,107, -layout 201 with the title
    atop the pages: as many as with '- 3 -' footers now (106, 56)."""
    assert _differences_from_its_sample(fixture) == []


def test_a_running_head_atop_each_page_of_a_pdfs_text_is_no_line():
    """The report's title in the page header, atop each page after the first: page furniture
    (as the PDF backend takes it out of a PDF's pages). A table's header repeated under it
    (cells parted by spaces: a page's first or last line only may be such furniture) and a line
    shorter than a title stay."""
    title = "某市某局2023年政府信息公开工作年度报告"
    header = "信息内容    本年制发件数    本年废止件数    现行有效件数"
    pages = [[title, "正文"], [title, header, "规章 1 2"], [title, header, "规章 3 4"]]
    pages += [["第三节", "规章 7 8"], ["第三节", "规章 9 9"]]
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    headers = [t for t in texts if t.startswith("信息内容")]
    assert texts.count(title) == 1 and len(headers) == 2 and texts.count("第三节") == 2


def test_a_browsers_header_and_footer_on_every_page_are_no_lines():
    """A page printed by a browser with its header and footer: the date and the page's title
    atop each page, its address and 'n/N' at the foot. Every page's are page furniture, the
    first page's foot too (it stands amid the text, a table going on over the page); the first
    page's head is kept (the report's title may be the page's)."""
    title = "某市某局2023年政府信息公开工作年度报告_政府信息公开年报"
    date, url = "12/7/26, 5:38 PM", "https://www.example.cn/a.html"
    pages = [[date, title, f"正文{p}", "规章 1 2", f"{url} {p + 1}/3"] for p in range(3)]
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    assert [t for t in texts if t not in (date, title)] == [
        t for p in range(3) for t in (f"正文{p}", "规章 1 2")
    ]
    assert texts[:2] == [date, title]


@pytest.mark.parametrize(
    "fixture",
    [
        "h028_page_chromium_headers_pdftotext.txt",
        "000_portal_page_chromium_headers_pdftotext_layout.txt",
    ],
)
def test_pdftotext_of_a_browsers_print_with_its_headers_and_footers_reads_every_cell(fixture):
    """A web page printed to PDF by Chromium as it prints by default, its header and footer on
    every page (date and title; address and '1/7'), in pdftotext's text (raw; -layout, where
    the date and title are one line): they had parted tables' rows, their digits read as cells
    (h028: 77 cells NULL; 000's portal page: 7). Over the 12 samples' portal pages, -layout had
    105 cells NULL of 2,107, as many as printed without them now (56)."""
    assert _differences_from_its_sample(fixture) == []


def test_rows_alike_but_for_their_number_at_the_ends_of_pages_stay():
    """A table's rows at the ends of pages may be alike but for their number ('7.属于行 0 0 0',
    '8.属于行 0 0 0'; two sections' labels): a row of cells is no running line, and a line that
    is not a page's first or last is one only where another page prints it to the letter."""
    rows = [f"{n}.属于行 {' '.join('0' * 7)}" for n in (6, 7, 8, 9)]
    labels = [f"第二十条第（{n}）项规定的信息" for n in "一二三四"]
    pages = [[f"正文{n}", labels[n], "正文", rows[n]] for n in range(4)]  # (a row last)
    texts = [ln.text for ln in load_document(_pdftotext(*pages), "r.txt").lines]
    assert all(texts.count(t) == 1 for t in rows + labels)
