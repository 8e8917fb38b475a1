from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.document import Cell, Document, Line
from parsers.identities import applicants
from parsers.interpret import layout, table3
from parsers.interpret.tokens import Token, letters_joined, tokens
from parsers.templates import statutory
from tests import tables

FAST = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(doc):
    result = table3.read(tokens(doc))
    return result, {k: v.value for k, v in result.values.items()}


@FAST
@given(tables.table3(), st.sampled_from(["tab", "cell"]))
def test_positional_layouts_read_back_exactly(grid, layout):
    render = tables.tab_document if layout == "tab" else tables.cell_per_line_document
    result, got = _read(render(tables.values3(grid, "2019"), [0] * 15))
    assert result.found and result.shape == "2019"
    assert got == grid


@FAST
@given(tables.table3(template="2021"))
def test_2021_shape_is_detected_from_its_rows(grid):
    result, got = _read(tables.tab_document(tables.values3(grid, "2021"), [0] * 15))
    assert result.shape == "2021"
    assert got == grid


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables.table3(high=99))
def test_run_together_digits_never_give_a_wrong_number(grid):
    result, got = _read(tables.run_together_document(tables.values3(grid, "2019"), [0] * 15))
    assert result.found
    assert set(got) == set(grid)
    for key, value in got.items():
        assert value is None or value == grid[key], key
        if value is None:
            assert result.values[key].note  # NULL always says why


@FAST
@given(tables.table3(high=9))
def test_single_digit_cells_run_together_are_all_recovered(grid):
    if any(v > 9 for v in grid.values()):
        return  # totals above 9 make the split genuinely ambiguous
    _, got = _read(tables.run_together_document(tables.values3(grid, "2019"), [0] * 15))
    assert got == grid


def _doc(*rows):
    lines = []
    for n, row in enumerate(rows, 1):
        cells = tuple(Cell(t, f"line {n} cell {i}") for i, t in enumerate(row, 1))
        lines.append(Line(cells, is_row=len(cells) > 1))
    return Document(lines, "text")


def _all_keys():
    from parsers.templates import statutory

    return [(r.code, a) for r in statutory().rows_for("2019") for a in applicants()]


def test_six_zero_cells_of_seven_are_all_zero_by_the_identities():
    rows = [[tables.TITLE3]]
    for label, vals in tables.values3({k: 0 for k in _all_keys()}, "2019"):
        cells = vals[:6] if "秘密" in label else vals  # one cell lost, position unknown
        rows.append([label, *map(str, cells)])
    result, got = _read(_doc(*rows))
    assert all(got[("3.3.1", a)] == 0 for a in applicants())
    assert "identities" in result.values[("3.3.1", "total")].note


def _lost_first_cell(codes):
    grid = {k: 0 for k in _all_keys()}
    for code in ("1", "3.1", "3.7"):
        grid[(code, "natural_person")] = grid[(code, "total")] = 5
    rows = [[tables.TITLE3]]
    for (label, vals), code in zip(tables.values3(grid, "2019"), [c for c, _ in _all_keys()][::7]):
        rows.append([label, *map(str, vals[1:] if code in codes else vals)])
    return _read(_doc(*rows))


def test_a_lost_cell_is_placed_by_the_column_identities():
    # 予以公开 prints "0 0 0 0 0 5": only natural_person = 5 balances that column
    result, got = _lost_first_cell({"3.1"})
    assert [got[("3.1", a)] for a in applicants()] == [5, 0, 0, 0, 0, 0, 5]
    assert "column identities" in result.values[("3.1", "total")].note


def test_a_lost_cell_that_could_be_anywhere_stays_null():
    # rows 1, 3.1 and 3.7 all lost a cell: the 5 fits any applicant column alike
    result, got = _lost_first_cell({"1", "3.1", "3.7"})
    assert all(got[(c, a)] is None for c in ("1", "3.1", "3.7") for a in applicants())
    assert any("3.1" in w for w in result.warnings)


def test_a_published_inconsistency_is_kept():
    grid = {k: 0 for k in _all_keys()}
    grid[("1", "natural_person")] = 3  # total left 0: breaks the row identity as published
    rows = [[tables.TITLE3]] + [[label, *map(str, v)] for label, v in tables.values3(grid, "2019")]
    _, got = _read(_doc(*rows))
    assert got[("1", "natural_person")] == 3 and got[("1", "total")] == 0


def test_blank_grid_cells_are_null_and_where_is_kept():
    grid = {k: 0 for k in _all_keys()}
    rows = [[tables.TITLE3]] + [[label, *map(str, v)] for label, v in tables.values3(grid, "2019")]
    rows[1][2] = ""
    result, got = _read(_doc(*rows))
    assert got[("1", "commercial_enterprise")] is None
    assert result.values[("1", "natural_person")].where == "line 2 cell 2"


def test_missing_table_is_not_found():
    result = table3.read(tokens(_doc(["没有表格的文字"])))
    assert not result.found and result.warnings


def test_rows_printed_without_values_stay_null_and_do_not_take_the_next_rows_values():
    # A grid whose blank rows carry no blank cells (an HTML table whose spans collapsed): the
    # labels of rows 3.5.3-3.6 pile up before 3.7's values, which belong to 3.7 alone.
    grid = {k: 0 for k in _all_keys()}
    for code in ("1", "3.7"):
        grid[(code, "natural_person")] = grid[(code, "total")] = 7
    blank = {"3.5.3", "3.5.4", "3.5.5", "3.6"}
    rows = [[tables.TITLE3]]
    for (label, vals), code in zip(tables.values3(grid, "2019"), [c for c, _ in _all_keys()][::7]):
        rows.append([label] if code in blank else [label, *map(str, vals)])
    result, got = _read(_doc(*rows))
    assert all(got[(c, a)] is None for c in blank for a in applicants())
    assert got[("3.7", "natural_person")] == 7 and got[("3.7", "total")] == 7
    assert "without any value" in result.values[("3.6", "total")].note


def test_run_together_blank_rows_are_cut_at_their_enumerators():
    # "（二）部分公开（…）（三）不予公开1.属于国家秘密5000005": the 5s are 3.3.1's, 3.2 is blank.
    grid = {k: 0 for k in _all_keys()}
    for code in ("1", "3.3.1", "3.7"):
        grid[(code, "natural_person")] = grid[(code, "total")] = 5
    rows = [
        (label, [] if label.startswith("（二）") else vals)
        for label, vals in tables.values3(grid, "2019")
    ]
    _, got = _read(tables.run_together_document(rows, [0] * 15))
    assert all(got[("3.2", a)] is None for a in applicants())
    assert got[("3.3.1", "natural_person")] == 5 and got[("3.3.1", "total")] == 5


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables.table3(high=999))
def test_run_together_with_large_values_is_exact(grid):
    """(Its time is measured by `make bench`: bench/worst_cases.py.)"""
    result, got = _read(tables.run_together_document(tables.values3(grid, "2019"), [0] * 15))
    assert all(v is None or v == grid[k] for k, v in got.items())


def _unruled_rows(grid, first=("", "")):
    """Table 三 as an unruled PDF's rows: two label columns before each row label, the header's
    words split over two lines."""
    rows = [
        [tables.TITLE3],
        ["", "", "", "自然人", "商业企业", "科研机构", "社会", "法律", "其他", "总计"],
        ["", "", "", "", "", "", "公益组织", "服务机构", "", ""],
    ]
    for label, vals in tables.values3(grid, "2019"):
        rows.append([*first, label, *("" if v is None else str(v) for v in vals)])
    return rows


def test_header_split_over_lines_gives_the_columns_of_a_row_with_blank_ends():
    grid = {k: 0 for k in _all_keys()}
    grid[("1", "natural_person")] = grid[("1", "total")] = None
    result, got = _read(_doc(*_unruled_rows(grid)))
    assert got == grid
    assert result.values[("1", "commercial_enterprise")].where == "line 4 cell 5"


def test_a_number_left_of_the_row_label_is_no_value():
    # A row number printed in the label column, before the label.
    grid = {k: 0 for k in _all_keys()}
    rows = _unruled_rows(grid, first=("", "9"))
    _, got = _read(_doc(*rows))
    assert got == grid


# Applicant headers in the words some agencies use, under the group header 法人或其他组织.
OTHER_WORDS = ["公民", "企业", "科研机构", "公益组织", "律师事务所", "其他", "总计"]


def _header(words):
    return [
        ["", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", words[0], "法人或其他组织", "", "", "", "", words[-1]],
        ["", "", "", *words[1:-1], ""],
    ]


def test_applicant_headers_in_other_words_give_the_columns_of_rows_with_blank_cells():
    grid = {k: 0 for k in _all_keys()}
    for code in ("1", "3.1"):  # blank first and last cells: only the header places the values
        grid[(code, "natural_person")] = grid[(code, "total")] = None
    rows = [[tables.TITLE3], *_header(OTHER_WORDS)]
    for label, vals in tables.values3(grid, "2019"):  # (a label spanning two columns)
        rows.append([label, "", *("" if v is None else str(v) for v in vals)])
    _, got = _read(_doc(*rows))
    assert got == grid


def _columns(*rows):
    from parsers.interpret import layout
    from parsers.templates import statutory

    header = tokens(_doc(*rows))
    return layout.header_columns(header, [a.match for a in statutory().applicants])


def test_applicant_words_name_a_column_only_as_the_whole_header_cell():
    assert _columns(*_header(OTHER_WORDS)) == tuple(range(-7, 0))
    # "公民、法人或者其他组织" as a cell is a sentence, not the 公民 column
    assert _columns(*_header(["公民、法人或者其他组织", *OTHER_WORDS[1:]])) is None
    # the group header over the five organisation columns is none of them
    assert _columns(*_header(["公民", "", *OTHER_WORDS[2:]])) is None
    # two header lines run together: 总计 lost in another cell, not cut off at the page's edge
    run_together = [
        ["", "", "申请人情况", "", "", "", "", ""],
        ["", "", "自然人", "法人或其他组织", "总计商业企业", *OTHER_WORDS[2:6]],
    ]
    assert _columns(*run_together) is None


def test_a_table_cut_off_at_the_page_edge_reads_its_columns_by_the_header_it_keeps():
    """A wide table printed by a browser loses its 总计 column at the page's right edge (then
    scanned, OCR sees no such column): the header places the six applicant columns, a blank
    first cell stays blank instead of shifting every value one column to the left, and the
    total is NULL, saying why."""
    grid = {k: 0 for k in _all_keys()}
    grid[("3.1", "natural_person")] = None
    grid[("3.1", "commercial_enterprise")] = 12
    header = [row[:-1] for row in _header(OTHER_WORDS)]
    rows = [[tables.TITLE3], *header]
    for label, vals in tables.values3(grid, "2019"):
        rows.append([label, "", *("" if v is None else str(v) for v in vals[:-1])])
    result, got = _read(_doc(*rows))
    assert _columns(*header) == (*range(-6, 0), None)
    assert [got[("3.1", a)] for a in applicants()] == [None, 12, 0, 0, 0, 0, None]
    assert "cut off" in result.values[("3.1", "total")].note


def _text_tokens(text):
    return [(t.kind, t.text) for t in tokens(_doc([text]))]


def test_an_na_mark_run_into_a_neighbouring_label_is_a_cell():
    """Flattened crawl text: a row's last n/a mark runs into the next row's label or first
    count, or the label it follows runs into its first mark; a lone hyphen before a wrapped label tail is a mark,
    the prose dash (——) is not."""
    assert _text_tokens("14 - -2.其他法律行政法规禁止公开") == [
        ("run", "14"),
        ("cell", "-"),
        ("cell", "-"),
        ("label", "2.其他法律行政法规禁止公开"),
    ]
    assert _text_tokens("总计- - 0") == [
        ("label", "总计"),
        ("cell", "-"),
        ("cell", "-"),
        ("run", "0"),
    ]
    assert _text_tokens("1 1 -公开（二）部分")[-2:] == [("cell", "-"), ("label", "公开（二）部分")]
    assert _text_tokens("—（四）无法提供")[0] == ("cell", "—")
    assert _text_tokens("工作——全面推进") == [("label", "工作——全面推进")]
    assert _text_tokens("本年增/") == [("label", "本年增/")]  # a header wrapped mid-word
    # ... or into the next row's first count (no count is negative): the mark had been lost, and
    # the row a cell short (rows printing their values above their labels, flattened: 3.4.1
    # read as 3.4.2's values)
    assert _text_tokens("- -3 0") == [("cell", "-"), ("cell", "-"), ("run", "3"), ("run", "0")]
    assert _text_tokens("/ /16") == [("cell", "/"), ("cell", "/"), ("run", "16")]


def test_a_letter_spaced_label_is_one_label_and_spaced_digits_stay_apart():
    assert _text_tokens("无 法 提 供 1 2 3") == [
        ("label", "无 法 提 供"),
        ("run", "1"),
        ("run", "2"),
        ("run", "3"),
    ]
    assert _text_tokens("不\u3000补\u3000正 、 行 政 0") == [
        ("label", "不\u3000补\u3000正 、 行 政"),
        ("run", "0"),
    ]
    assert _text_tokens("1.本机 关 不 掌 握 5") == [("label", "1.本机 关 不 掌 握"), ("run", "5")]
    # n/a marks before a letter-spaced label stay cells
    assert _text_tokens("无 无 总 计") == [("cell", "无"), ("cell", "无"), ("label", "总 计")]


def test_a_table_cut_after_its_total_row_files_that_row_once():
    # Sample 000 as a crawl that lost everything after （七）总计: the tokens end inside the
    # total row, which is 3.7's and is not filed a second time as a row the agency added.
    from parsers import parse
    from tests.expected import SAMPLES

    text = (SAMPLES / "000_358dec47750a91e3.txt").read_text("utf-8")
    cut = text[: text.index("\n", text.index("(七)总计"))]
    report = parse(cut.encode(), "000.txt")
    assert report.requests[("3.7", "total")].value == 9
    assert report.requests[("4", "total")].value is None
    assert report.extra == {}
    assert not any("not in the template" in w for w in report.warnings)


def test_values_over_lines_of_uneven_counts_are_in_order_only_if_the_row_identity_holds():
    """Values over lines of uneven counts ('82 35 0 0 2 1' over '85'): digits wrapped in a
    narrow column may continue any number, so the order printed is taken only when it balances
    the row, every sum known, and a later line's digits continue the first line's numbers only
    where the row then balances."""

    def row(first: str, second: str) -> list:
        return [
            Token("cell", text, f"line {n}", n)
            for n, line in enumerate((first, second))
            for text in line.split()
        ]

    wrapped = layout.candidates(row("82 35 0 0 2 1", "85"), table3.COLUMNS, table3.ROW_GROUPS)
    assert wrapped == []
    printed = layout.candidates(row("82 1 0 0 1 1", "85"), table3.COLUMNS, table3.ROW_GROUPS)
    assert [[v.value for v in lay.values] for lay in printed] == [[82, 1, 0, 0, 1, 1, 85]]
    assert printed[0].resolved == "wrapped"
    # nor where a sum is not known ('258 1' over '2 无 1 1 无', 12 wrapped, a blank dropped: the
    # order printed had published 1 and 2, the total n/a)
    unchecked = layout.candidates(row("258 1", "2 无 1 1 无"), table3.COLUMNS, table3.ROW_GROUPS)
    assert unchecked == []
    # digits under the numbers they continue ('11 … 11' over '1 … 1'), in the same order
    under = layout.candidates(row("11 0 0 0 0 0 11", "1 1"), table3.COLUMNS, table3.ROW_GROUPS)
    assert [[v.value for v in lay.values] for lay in under] == [[111, 0, 0, 0, 0, 0, 111]]


def test_run_together_digits_are_cut_only_where_the_row_sum_is_checked():
    """'258 12 l 1' (an unreadable cell among them): cutting 258 and 12 into seven cells leaves
    a sum with an unknown part, which proves nothing, so no cut is taken (it had read 2, 5, 8)."""
    toks = [Token("run", t, "line 0", 0) for t in ("258", "12")]
    toks += [Token("cell", "l", "line 0", 0), Token("run", "1", "line 0", 0)]
    assert layout.candidates(toks, table3.COLUMNS, table3.ROW_GROUPS) == []
    # digits run together in a row whose sum is known are cut where it holds ('10': 1 and 0)
    toks = [Token("run", t, "line 0", 0) for t in ("2", "10", "0", "0", "0", "3")]
    cuts = layout.candidates(toks, table3.COLUMNS, table3.ROW_GROUPS)
    assert ([2, 1, 0, 0, 0, 0, 3], "split") in [
        ([v.value for v in lay.values], lay.resolved) for lay in cuts
    ]


def test_specks_read_in_blank_cells_are_unreadable_cells_not_row_labels():
    """OCR reads a scan's specks in blank cells as text ('图]', 'EA2'). Right of a row's values,
    too short to name a row, they are unreadable cells of that row: read as the next row's label
    they had cut the row after its first values (h025's Chromium print, scanned: 21 cells NULL)."""
    from parsers import parse
    from tests import variants as V

    ((_, _, exp),) = [s for s in V.samples() if s[0].startswith("h025")]
    page = V.tab(exp, "")
    page = page.replace("申请数量\t821\t35\t\t", "申请数量\t821\t35\t图]\t", 1)
    page = page.replace("（一）予以公开\t258\t12\t\t", "（一）予以公开\t258\t12\tEA2\t", 1)
    report = parse(page.encode(), "h025.txt")
    assert [report.requests["1", a].value for a in applicants()] == [821, 35, None, None, 2, 1, 859]
    assert report.requests["1", "research_institution"].note == "unreadable: '图]'"
    assert report.requests["3.1", "natural_person"].value == 258


ROWS_2019 = statutory().rows_for("2019")
# Rows whose labels a printed page's reading order may put after the table (never the first).
MOVED = st.sets(st.integers(1, len(ROWS_2019) - 1), min_size=1)


@FAST
@given(tables.table3(), MOVED)
def test_labels_printed_apart_from_their_values_are_placed_by_the_rows_order(grid, moved):
    """pdftotext's reading order of a printed page: the values row after row, but a rowspan's
    middle labels after the table, their rows' values under the label before. The table's
    values in their printed order, every identity holding, give every row."""
    doc = tables.cell_per_line_document(tables.values3(grid, "2019"), [0] * 15, moved)
    result, got = _read(doc)
    assert got == grid
    assert any("row order" in w for w in result.warnings)


@FAST
@given(tables.table3(), MOVED, st.data())
def test_a_value_printed_out_of_its_rows_order_gives_no_wrong_number(grid, moved, data):
    """The same, one value printed away from its place (pdftotext put it after a label): the
    order proves nothing, so the rows without their labels are right or NULL."""
    rows3 = tables.values3(grid, "2019")
    flat = [v for _, values in rows3 for v in values]
    flat.insert(
        data.draw(st.integers(0, len(flat) - 1)), flat.pop(data.draw(st.integers(0, len(flat) - 1)))
    )
    n = len(applicants())
    rows3 = [(label, flat[k * n : (k + 1) * n]) for k, (label, _) in enumerate(rows3)]
    _, got = _read(tables.cell_per_line_document(rows3, [0] * 15, moved))
    for k in moved:
        code = ROWS_2019[k].code
        assert all(got[(code, a)] in (None, grid[(code, a)]) for a in applicants())


def _joined(*texts: str) -> list[str]:
    doc = Document([Line((Cell(t, f"line {i}"),)) for i, t in enumerate(texts)], "text")
    return [ln.text for ln in letters_joined(doc).lines]


def test_a_vertical_labels_letters_at_the_start_of_its_rows_lines_are_one_label():
    """pdfplumber's extract_text sets a rowspan label's letters at the start of the row labels'
    lines beside it, or alone between them, lines of values among them (OCR's too): one label
    line before the first row; a contents list's numerals ('一 总体情况' / '二 主动公开…') and a
    letter-spaced label ('总 计') are no such letters."""
    assert _joined(
        "三 1.属于国家秘密 3 l 0", "、", "O 0 0", "本 2.其他法律", "年", "度 属于三类"
    ) == [
        "三、本年度",
        "1.属于国家秘密 3 l 0",
        "O 0 0",
        "2.其他法律",
        "属于三类",
    ]
    contents = ("一 总体情况", "二 主动公开政府信息情况", "三 收到和处理政府信息公开申请情况")
    assert _joined(*contents) == list(contents)
    assert _joined("总 计 5 0", "合 计 5 0") == ["总 计 5 0", "合 计 5 0"]
