"""Table 二 in every layout, and the money and signed-change normalisers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.backends import text as text_backend
from parsers.interpret import table2
from parsers.interpret.values import parse_change, parse_money, unit_of

TABLE_2019 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t1\t1\t2
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t5\t-1\t226
其他对外管理服务事项\t116\t增3\t368319
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t103\t减2\t37
行政强制\t0\t0\t
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t0\t0
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t1\t7.88万元
三、收到和处理政府信息公开申请情况
"""


def _read(text: str):
    return table2.read(text_backend.load(text.encode(), "t.txt"))


def _values(result) -> dict:
    return {k: v.value for k, v in result.values.items()}


def test_tab_separated_2019():
    r = _read(TABLE_2019)
    v = _values(r)
    assert r.found and r.shape == "2019"
    assert v["licensing", "change"] == -1 and v["other_services", "change"] == 3
    assert v["penalties", "change"] == -2
    assert v["coercion", "decisions"] is None  # blank is missing, not zero
    assert v["procurement", "procurement_amount"] == 78800
    assert ("fees", "decisions") not in v and len(v) == 22


@pytest.mark.parametrize("number", ["3.", "3．", "3、", "（3）", "(3)"])
@pytest.mark.parametrize("one_line", [False, True])
def test_the_next_section_numbered_in_digits_is_no_value_of_the_last_row(number, one_line):
    """Sections numbered in digits ('3.收到和处理政府信息公开申请情况', '（3）收到和处理…'): the 3
    had been read as a third value of the procurement row, which was NULL, on one line too."""
    flat = (lambda t: t.replace("\n", " ").replace("\t", " ")) if one_line else (lambda t: t)
    table = _values(_read(flat(TABLE_2019)))
    assert _values(_read(flat(TABLE_2019.replace("三、", number)))) == table
    assert table["procurement", "procurement_amount"] == 78800


@pytest.mark.parametrize("speck", ["‘", "'", "`", "。", "*"])
def test_a_speck_after_a_wrapped_numbers_first_digits_names_no_row(speck):
    """A line a cell, 226 wrapped after 22 with a speck there ('22‘' / '6'): the speck had been a
    label ending the row, 6 dropped and 22 published unflagged. The row's values are too many
    for its cells, which they are is not proven: NULL."""
    flat = TABLE_2019.replace("\t", "\n")
    v = _values(_read(flat.replace("\n226\n", f"\n22{speck}\n6\n")))
    assert [v["licensing", m] for m in ("prior_year_items", "change", "decisions")] == [None] * 3
    assert _values(_read(flat))["licensing", "decisions"] == 226


def test_a_grid_row_that_lost_a_cell_beside_a_blank_is_not_read_left_to_right():
    """A tab row with fewer cells than its header's columns, a blank among them (003's
    '其他对外管理服务事项 40 47' and a blank, its 40 lost in conversion: '47' and a blank): which
    cell it lost is not proven. 47 had been published as the prior year's items."""
    text = TABLE_2019.replace(
        "其他对外管理服务事项\t116\t增3\t368319", "其他对外管理服务事项\t47\t"
    )
    v = _values(_read(text))
    assert [v["other_services", m] for m in ("prior_year_items", "change", "decisions")] == [
        None
    ] * 3
    assert v["licensing", "decisions"] == 226


def test_added_row_goes_to_extra():
    text = TABLE_2019.replace("行政处罚\t", "行政确认\t7\t0\t9\n行政处罚\t")
    r = _read(text)
    assert r.extra[("二", "行政确认", "上一年项目数量")].value == 7
    assert r.extra[("二", "行政确认", "处理决定数量")].value == 9
    assert _values(r)["penalties", "prior_year_items"] == 103


def test_pdf_text_with_wrapped_label_and_yuan_header():
    text = TABLE_2019.replace("\t", " ").replace("其他对外管理服务事项", "其他对外管理服\n\n务事项")
    text = text.replace("采购总金额", "采购总金额（元）").replace("7.88万元", "1811877.60")
    v = _values(_read(text))
    assert v["other_services", "prior_year_items"] == 116
    assert v["procurement", "procurement_amount"] == 1811877.6


def test_one_cell_per_line_with_a_missing_cell_and_truncated_header():
    lines = []
    for line in TABLE_2019.replace("本年新制作数量\t本年新公开数量", "本年新\t本年新").splitlines():
        lines.extend("\t" + c for c in line.split("\t") if c)
        lines.append("")
    text = "\n".join(lines).replace("\t116\n\t增3\n\t368319", "\t116\n\t增3")
    v = _values(_read(text))
    assert v["normative_documents", "total_published"] == 2
    assert v["other_services", "change"] == 3 and v["other_services", "decisions"] is None
    assert v["penalties", "prior_year_items"] == 103


def test_run_together_2021_splits_only_when_one_split_is_consistent():
    text = (
        "本报告共分：主动公开政府信息情况、收到和处理政府信息公开申请情况。正文……制发行政规范性文件62件。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "行政规范性文件6233440第二十条第（五）项信息内容本年处理决定数量行政许可4529第二十条第（六）项"
        "信息内容本年处理决定数量行政处罚1100行政强制65第二十条第（八）项信息内容本年收费金额（单位：万元）"
        "行政事业性收费18651.06三、收到和处理政府信息公开申请情况（本列数据……"
    )
    r = _read(text)
    v = _values(r)
    assert r.shape == "2021" and len(v) == 10
    assert (v["regulations", "issued"], v["regulations", "in_force"]) == (0, 0)
    assert v["normative_documents", "issued"] == 62  # the narrative settles it
    assert v["normative_documents", "repealed"] is None  # 3/3440, 33/440, ... all consistent
    assert "candidates" in r.values["normative_documents", "repealed"].note
    assert v["licensing", "decisions"] == 4529 and v["coercion", "decisions"] == 65
    assert v["fees", "fee_amount"] == 186510600


def test_markdown_2021():
    text = """## 二、主动公开政府信息情况
### 第二十条第（一）项
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 6 | 1 | 32 |
### 第二十条第（五）项
| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 517645 |
| 行政处罚 | 693957 |
| 行政强制 | 2154 |
| 信息内容 | 本年收费金额（单位：万元） |
| 行政事业性收费 | 4068.208 |
## 三、收到和处理政府信息公开申请情况
"""
    r = _read(text)
    assert r.shape == "2021" and _values(r)["fees", "fee_amount"] == 40682080


def test_spanned_grid_cells_are_layout():
    """HTML colspans leave blank positions: with exactly as many filled cells as metrics, the
    values are taken in order."""
    text = TABLE_2019.replace("行政许可\t5\t-1\t226", "行政许可\t5\t\t-1\t226")
    assert _values(_read(text))["licensing", "change"] == -1


def test_not_found_without_the_table():
    r = table2.read(
        text_backend.load("主动公开政府信息情况：本年度主动公开规章3件。".encode(), "t")
    )
    assert not r.found and r.values == {}


def test_money_units():
    assert parse_money("7.88万元") == (78800, "7.88 万元 in yuan")
    assert parse_money("2429. 9828万元")[0] == 24299828
    assert parse_money("1811877.60", "元") == (1811877.6, None)
    assert parse_money("251000元", "万元")[0] == 251000  # the cell's unit wins
    assert parse_money("739.0766", "万元")[0] == 7390766
    assert parse_money("1,234.5", "元")[0] == 1234.5
    # finer than a fen: a speck read as a point in 78800, or 万元 not printed; not 7.88 yuan
    assert parse_money("7.8800", "元")[0] is None and parse_money("7.8800", "万元")[0] == 78800
    assert parse_money("7.8800元", "万元")[0] is None
    assert parse_money("") == (None, None)
    assert parse_money("/") == (None, "not applicable")
    assert parse_money("约五万")[0] is None
    assert unit_of("本年收费金额（单位：万元）") == "万元" and unit_of("采购总金额（元）") == "元"
    assert unit_of("采购总金额") is None


def test_signed_changes():
    assert parse_change("增3") == (3, None)
    assert parse_change("减2")[0] == -2 and parse_change("-2")[0] == -2
    assert parse_change("增加 12")[0] == 12 and parse_change("－5")[0] == -5
    assert parse_change("0") == (0, None)
    assert parse_change("")[0] is None and parse_change("-")[0] is None


@given(st.text())
def test_normalisers_never_raise(text):
    for value, note in (parse_money(text), parse_money(text, "万元"), parse_change(text)):
        assert value is None or isinstance(value, (int, float))
        assert note is None or isinstance(note, str)
    unit_of(text)


@settings(max_examples=20)
@given(
    st.builds(
        lambda piece, times: piece * times,
        st.text(alphabet="0123456789.,万元增减-", min_size=1, max_size=4),
        st.integers(min_value=1100, max_value=4500),
    )
)
def test_normalisers_never_raise_on_long_digit_runs(text):
    parse_money(text)
    parse_change(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_change_round_trip(n):
    assert parse_change(f"增{n}")[0] == n
    assert parse_change(f"减{n}")[0] == -n
    assert parse_change(f"-{n}")[0] == -n
    assert parse_change(str(n))[0] == n


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_money_round_trip(amount):
    text = format(amount, "f")
    yuan, _ = parse_money(text + "万元")
    assert (
        Decimal(str(yuan)) == (amount * 10000).normalize()
        or abs(yuan - float(amount * 10000)) < 1e-6
    )
    yuan_text = format(amount.quantize(Decimal("0.01")), "f")
    assert abs(parse_money(yuan_text, "元")[0] - float(yuan_text)) < 1e-6


def test_an_item_label_wrapped_onto_the_next_line_keeps_its_values():
    # pdftotext of a narrow column: '其他对外管理服务事' / '项' / '116 0 368'
    text = TABLE_2019.replace(
        "其他对外管理服务事项\t116\t增3\t368319", "其他对外管理服务事\n项\n116 增3 368319"
    )
    values = {k: v.value for k, v in _read(text).values.items()}
    assert [values["other_services", m] for m in ("prior_year_items", "change", "decisions")] == [
        116,
        3,
        368319,
    ]


def test_dashes_beside_a_label_in_running_text_are_its_blank_cells():
    # pdftotext -layout prints a row on one line: the dashes are the first two cells, not label.
    text = TABLE_2019.replace("行政许可\t5\t-1\t226", "行政许可 - - 226").replace(
        "其他对外管理服务事项\t116\t增3\t368319", "其他对外管理服务事项 116 - 368319"
    )
    v = {k: c.value for k, c in _read(text).values.items()}
    assert [v["licensing", m] for m in ("prior_year_items", "change", "decisions")] == [
        None,
        None,
        226,
    ]
    assert [v["other_services", m] for m in ("prior_year_items", "change", "decisions")] == [
        116,
        None,
        368319,
    ]


TABLE_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t6\t1\t32
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t4529
三、收到和处理政府信息公开申请情况
"""


def test_a_row_that_lost_a_column_is_null_unless_the_missing_column_is_proven():
    """A conversion dropped 本年废止件数's cell and left the row as running text ('6 32'): 6 may
    be the issued or the repealed count, 32 the repealed or the in-force one. Nothing proves
    which column is missing, so nothing is placed (it once put 32 into 本年废止件数)."""
    text = TABLE_2021.replace("行政规范性文件\t6\t1\t32", "行政规范性文件 6 32")
    r = _read(text)
    row = [r.values["normative_documents", m] for m in ("issued", "repealed", "in_force")]
    assert [c.value for c in row] == [None, None, None]
    assert all("not proven" in c.note and c.raw == "6 32" for c in row)
    assert _values(r)["regulations", "in_force"] == 0  # the rows around it read as before


# A crawl's text with the line breaks dropped and cells apart by a space at most.
FLAT_2021 = "".join(TABLE_2021.replace("\t", " ").split("\n"))


def test_values_glued_to_their_label_but_apart_are_cells_not_digits_run_together():
    """The same row with the line breaks dropped, its first value glued to its label
    ('行政规范性文件6 32'): two values apart are two cells, one lost, not digits to cut into
    three (6, 3, 2 had been published for 6, 1, 32: the only cut the row's rule allows)."""
    flat = FLAT_2021.replace("行政规范性文件 6 1 32", "行政规范性文件6 32")
    assert " 0行政规范性文件6 32第二十条" in flat
    row = [_read(flat).values["normative_documents", m] for m in ("issued", "repealed", "in_force")]
    assert [c.value for c in row] == [None, None, None]
    assert all("not proven" in c.note for c in row)
    run = FLAT_2021.replace("行政规范性文件 6 1 32", "行政规范性文件6132")  # (one run: cut)
    assert _values(_read(run))["normative_documents", "issued"] == 6  # (every cut the rule allows)


def test_a_speck_inside_a_number_glued_to_labels_on_both_sides_is_one_unreadable_cell():
    """OCR'd text with the line breaks dropped: a number with a speck read as punctuation
    between two labels ('行政许可45:29三、…'). Read as 45 and a label ':29', 4529 had been
    published as 45; the cell is NULL, unreadable."""
    flat = FLAT_2021.replace("行政许可 4529", "行政许可45:29")
    assert "行政许可45:29三、" in flat
    cell = _read(flat).values["licensing", "decisions"]
    assert cell.value is None and "45:29" in cell.raw


def test_a_lost_column_is_placed_when_the_narrative_proves_it():
    text = "本年制发行政规范性文件6件，废止行政规范性文件0件。\n" + TABLE_2021.replace(
        "行政规范性文件\t6\t1\t32", "行政规范性文件 6 32"
    )
    r = _read(text)
    v = _values(r)
    # 6 issued (not repealed: none were), so 32 is the only other column left: in force
    assert (v["normative_documents", "issued"], v["normative_documents", "in_force"]) == (6, 32)
    assert v["normative_documents", "repealed"] is None  # not printed: derived at most, never read
    assert "not in the source" in r.values["normative_documents", "repealed"].note


def test_a_lost_column_is_placed_when_the_header_lost_it_too():
    text = TABLE_2021.replace("\t本年废止件数", "").replace("\t6\t1\t32", " 6 32")
    r = _read(text)
    v = _values(r)
    assert (v["normative_documents", "issued"], v["normative_documents", "in_force"]) == (6, 32)
    assert v["normative_documents", "repealed"] is None
    assert "placement" in r.values["normative_documents", "issued"].note


def test_a_signed_change_names_its_column_when_a_cell_is_lost():
    text = TABLE_2019.replace("行政处罚\t103\t减2\t37", "行政处罚\n103\n减2")
    v = _values(_read(text))
    assert (v["penalties", "prior_year_items"], v["penalties", "change"]) == (103, -2)
    assert v["penalties", "decisions"] is None


def test_the_table_follows_its_own_title_not_the_introductions_list_of_sections():
    """The introduction lists the sections and wraps inside 收到和处理…, so its 主动公开政府信息情况
    is not closed there; the narrative after it names items at the start of a line ('行政规范性
    文件62件' wrapped from '…本年度制发'). The table is read after its own title."""
    intro = (
        "本报告共分6个部分：总体情况、主动公开政府信息情况、收\n"
        "到和处理政府信息公开申请情况、存在的主要问题及改进情况。\n"
        "一、总体情况\n加强规范性文件库建设，动态更新发布本年度制发\n"
        "行政规范性文件62件，并同步做好上传工作。公开规章2件。\n"
    )
    v = _values(_read(intro + TABLE_2021))
    row = [v["normative_documents", m] for m in ("issued", "repealed", "in_force")]
    assert row == [6, 1, 32] and v["regulations", "issued"] == 0


def test_an_na_mark_names_no_column_when_a_cell_is_lost():
    """'0 -' under three columns: the dash is an n/a mark, not a sign, so it may stand in any
    column and nothing proves which is missing."""
    text = TABLE_2019.replace("行政处罚\t103\t减2\t37", "行政处罚 0 -")
    r = _read(text)
    row = [r.values["penalties", m] for m in ("prior_year_items", "change", "decisions")]
    assert [c.value for c in row] == [None, None, None]
    assert all("not proven" in c.note for c in row)


def test_a_merged_cells_value_repeated_in_every_column_it_spans_is_read_once():
    """Docling's markdown and pandas.read_html repeat a merged cell in every grid column it
    covers: the header says which columns are the table's ('本年新公开数量' spans two), and the
    cells under its labels are the values. Where no header places them, more cells than
    columns is no reading (it had taken the first three: 13 as the total, where 524 is)."""
    merged = TABLE_2019.replace(
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t1\t1\t2",
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "| 规章 | 13 | 13 | 13 | 524 |\n| 规范性文件 | 60 | 60 | 60 | 368 |",
    )
    v = _values(_read(merged))
    assert (v["regulations", "new_made"], v["regulations", "total_published"]) == (13, 524)
    assert v["normative_documents", "new_published"] == 60
    assert v["normative_documents", "total_published"] == 368
    unplaced = merged.replace(
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 本年新公开数量 | 对外公开总数量 |",
        "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
    )
    r = _read(unplaced)
    cell = r.values["regulations", "total_published"]
    assert cell.value is None and "4 values" in cell.note


def test_a_change_equal_to_the_one_above_is_its_rows_own():
    """Two rows whose changes are printed the same with a sign word ('减2' under '减2'), or
    neighbours holding the same number with its unit ('7万' beside '7万元'), are values, not a
    merged cell's words repeated (blanking those is for labels only): the second had been read
    as a cell not in the source (bench/results.md: 7 of 500 synthetic reports)."""
    text = TABLE_2019.replace("行政强制\t0\t0\t", "行政强制\t0\t减2\t")
    assert _values(_read(text))["coercion", "change"] == -2
    text = TABLE_2019.replace("政府集中采购\t1\t7.88万元", "政府集中采购\t7万\t7万元")
    assert _values(_read(text))["procurement", "procurement_amount"] == 70000


def test_a_title_repeated_over_the_tables_last_piece_keeps_the_table():
    """A PDF converter repeating the table's title over each piece of it ('## 表二：主动公开政府
    信息情况' before its last rows, whose sections are above it): the table is read from the
    title that opens its sections, not from the last one (the whole table had been lost)."""
    moved = TABLE_2019.replace("规章\t0\t0\t0\n规范性文件\t1\t1\t2\n", "").replace(
        "三、收到", "## 表二：主动公开政府信息情况\n规章\t0\t0\t0\n规范性文件\t1\t1\t2\n三、收到"
    )
    r = _read(moved)
    v = _values(r)
    assert (
        r.found
        and v["licensing", "change"] == -1
        and v["procurement", "procurement_amount"] == 78800
    )
    assert v["normative_documents", "total_published"] == 2


def test_a_partial_row_takes_the_columns_its_sections_full_rows_stand_in():
    """A scanned unruled table rebuilt with its labels aligned left and its numbers right puts
    every number a column right of its label (003 printed without rules, OCR at 150 dpi): the
    full row 行政许可 shows where the section's values stand, and the partial row is read in
    those columns (it had published 其他对外管理服务事项's 40 as its change and 47 as its
    decisions). Full rows that disagree prove no column: the partial row is then NULL."""
    shifted = TABLE_2019.replace(
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t5\t-1\t226\n"
        "其他对外管理服务事项\t116\t增3\t368319",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |\n"
        "| 行政许可 | | 5 | -1 | 226 |\n| 其他对外管理服务事项 | | 40 | 47 | |",
    )
    v = _values(_read(shifted))
    assert [v["licensing", m] for m in ("prior_year_items", "change", "decisions")] == [5, -1, 226]
    assert [v["other_services", m] for m in ("prior_year_items", "change", "decisions")] == [
        40,
        47,
        None,
    ]
    one_section = shifted.replace(
        "第二十条第（六）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n", ""
    ).replace("行政处罚\t103\t减2\t37", "| 行政处罚 | 103 | 减2 | 37 | |")
    cell = _read(one_section).values["other_services", "change"]
    assert cell.value is None and "not proven" in cell.note


def test_a_grid_row_that_lost_a_cell_and_moved_up_is_null():
    """A converter lost a cell of a pipe row and the rest moved up: as many cells as columns, a
    blank among them, but not where the header's columns are. The blank proves nothing about
    which cell was lost (the projects' 6 lost, the amount had been published as the count)."""
    lost = TABLE_2019.replace(
        "信息内容\t采购项目数量\t采购总金额\n政府集中采购\t1\t7.88万元",
        "| 信息内容 | 采购项目数量 | 采购总金额 | |\n| 政府集中采购 | 251000 | |",
    )
    r = _read(lost)
    row = [r.values["procurement", m] for m in ("procurement_projects", "procurement_amount")]
    assert [c.value for c in row] == [None, None] and all("not proven" in c.note for c in row)
    kept = lost.replace("| 政府集中采购 | 251000 | |", "| 政府集中采购 | 6 | | |")
    assert _values(_read(kept))["procurement", "procurement_projects"] == 6


GARBLED_HEADERS = {  # a watermark across a scanned table 二: the procurement row's 1 is lost
    # A stray rule cut '采购总金额' in two: three header columns for two metrics, and the amount,
    # under '采', had been published as the count (the 1, struck through, was read as '司').
    "cut in two": "| 信息内容 | 采购项目数量 | 采 | 总金额 | |\n| 政府集中采购 | 司 | 78800 | | |",
    # The header names one metric, yet the grid has cells it does not name: it lost no column,
    # and the row's one value proves no place (it had been published as the projects' count).
    "naming fewer columns than its cells": "| 信息内容 | 采购项目数量 | - | 总金额 |\n"
    "| 政府集中采购 | | 78800 | |",
}


@pytest.mark.parametrize("table", GARBLED_HEADERS.values(), ids=GARBLED_HEADERS)
def test_a_garbled_grid_header_places_no_value(table):
    garbled = TABLE_2019.replace(
        "信息内容\t采购项目数量\t采购总金额\n政府集中采购\t1\t7.88万元", table
    )
    r = _read(garbled)
    row = [r.values["procurement", m] for m in ("procurement_projects", "procurement_amount")]
    assert [c.value for c in row] == [None, None] and all("not proven" in c.note for c in row)


def test_a_number_wrapped_over_two_lines_is_no_cell_of_its_row():
    """A narrow column or a crawl breaks a number over two lines ('69' over '3957' for 693957;
    a pipe row broken inside a cell). Table 二's rows have few identities to prove a join, so
    the row is NULL, saying why: it had published 69, the digits below dropped."""
    wrapped = TABLE_2019.replace("行政处罚\t103\t减2\t37", "行政处罚\t103\t减2\t3\n7")
    r = _read(wrapped)
    row = [r.values["penalties", m] for m in ("prior_year_items", "change", "decisions")]
    assert [c.value for c in row] == [None, None, None]
    assert all("wrapped" in c.note and "'7'" in c.note for c in row)
    assert (
        _values(r)["coercion", "decisions"] == _values(_read(TABLE_2019))["coercion", "decisions"]
    )


def test_values_below_a_label_over_lines_of_uneven_counts_are_no_cells():
    """A row's values on the lines below its label, one line holding one and the next two
    ('11' over '6 368319' for 116, a blank and 368319: a narrow column wrapped the number and
    the blank printed nothing). The order printed proves nothing: 11, 6 and 368319 had been
    published. The row is NULL, saying why."""
    wrapped = TABLE_2019.replace(
        "其他对外管理服务事项\t116\t增3\t368319", "其他对外管理服务事项\n11\n6 368319"
    )
    got = _read(wrapped).values
    row = [got["other_services", m] for m in ("prior_year_items", "change", "decisions")]
    assert [c.value for c in row] == [None, None, None]
    assert all("uneven" in c.note for c in row)
    assert got["licensing", "decisions"].value == 226


# pdftotext's reading order: a paragraph per cell, an empty cell none (so none here)
FULL_2019 = TABLE_2019.replace("行政强制\t0\t0\t\n", "行政强制\t0\t0\t0\n")
PARAGRAPHS_2019 = FULL_2019.replace("\t", "\n").replace("\n", "\n\n")


def test_a_label_on_one_line_with_its_first_value_keeps_the_paragraphs_after_it():
    """pdftotext's reading order prints each cell as a paragraph, but a label with its first
    value where their baselines meet ('其他对外管理服务事项 116' / '' / '增3' / '' / '368319'): as the
    table's other rows print a value per paragraph, the paragraphs below are the row's cells
    (the row had been NULL, its further values taken for a number wrapped below the first)."""
    joined = PARAGRAPHS_2019.replace("其他对外管理服务事项\n\n116", "其他对外管理服务事项 116")
    assert "其他对外管理服务事项 116\n\n增3\n\n368319" in joined
    assert _values(_read(joined)) == _values(_read(FULL_2019))
    assert _values(_read(joined))["other_services", "change"] == 3


def test_lines_below_a_label_run_into_its_first_value_are_no_cells_without_blank_lines():
    """PyMuPDF's text of a printed page: a line per cell, no blank line between, the widest label
    run into its first value ('其他对外管理服务事项116' / '增3' / '368319'). Every other row holding
    its values a line each is no proof: a number wrapped in its cell beside a blank cell prints
    the same lines ('40' / '4' / '7' for 40, 47 and a blank; with a blank line between cells, a
    wrapped number goes on at once). The row is NULL, saying why."""
    lines = FULL_2019.replace("\t", "\n").replace(
        "其他对外管理服务事项\n116", "其他对外管理服务事项116"
    )
    assert "其他对外管理服务事项116\n增3\n368319\n" in lines
    got = _read(lines).values
    row = [got["other_services", m] for m in ("prior_year_items", "change", "decisions")]
    assert [c.value for c in row] == [None, None, None]
    assert all("not proven" in c.note for c in row)
    assert _values(_read(lines))["licensing", "decisions"] == 226


def test_digits_below_a_row_s_value_are_no_cells_where_the_layout_does_not_prove_them():
    """The same row where nothing shows a paragraph per cell: its further values right below
    the first (a number wrapped in its cell goes on at once), at uneven distances, or in a table
    whose other rows hold their values on their own lines. The row is NULL, saying why."""
    joined = PARAGRAPHS_2019.replace("其他对外管理服务事项\n\n116", "其他对外管理服务事项 116")
    for damaged in (
        joined.replace("116\n\n增3", "116\n增3"),
        joined.replace("增3\n\n368319", "增3\n\n\n368319"),
        FULL_2019.replace("\t116\t增3\t368319", " 116\n\n增3\n\n368319"),
    ):
        got = _read(damaged).values
        row = [got["other_services", m] for m in ("prior_year_items", "change", "decisions")]
        assert [c.value for c in row] == [None, None, None], damaged
        assert all("not proven" in c.note for c in row)
        assert got["licensing", "decisions"].value == 226


def test_a_value_printed_out_of_its_row_s_order_keeps_the_paragraphs_below_a_label_unread():
    """A portal's print in reading order: 行政许可's last value (226) after the next label, whose
    own blank cell printed nothing ('其他对外管理服务事项 116' / '226' / '368319'). Its three values
    are no proof: a row of the table short of its values says the order is broken (116, 226,
    368319 had been published, unflagged)."""
    moved = PARAGRAPHS_2019.replace(
        "\n\n226\n\n其他对外管理服务事项\n\n116\n\n增3", "\n\n其他对外管理服务事项 116\n\n226"
    )
    assert "行政许可\n\n5\n\n-1\n\n其他对外管理服务事项 116\n\n226\n\n368319" in moved
    got = _read(moved).values
    row = [got["other_services", m] for m in ("prior_year_items", "change", "decisions")]
    assert [c.value for c in row] == [None, None, None]
    assert got["penalties", "prior_year_items"].value == 103


def test_more_values_than_columns_below_a_label_are_no_reading():
    """A label on its line and its values on the lines below, one more than its columns (a
    number wrapped in a narrow column: '6' over '2 33 440' for 62): not the first three."""
    loose = TABLE_2019.replace("规范性文件\t1\t1\t2", "规范性文件\n1\n1\n2\n9")
    cell = _read(loose).values["normative_documents", "total_published"]
    assert cell.value is None and "4 values '1 1 2 9' for 3 columns" in cell.note


def test_a_comma_no_thousands_separator_can_be_makes_an_unreadable_amount():
    """A speck read as a comma after the decimal point ('739.0,766' for 739.0766万元): the
    amount had been read up to the comma, 7,390,000 yuan for 7,390,766. Nor is a comma before
    other than three digits a thousands separator ('7,39.0766'). Both are NULL, unreadable."""
    for damaged in ("739.0,766", "7,39.0766", "73,90766"):
        got = _read(TABLE_2019.replace("7.88万元", damaged + "万元")).values
        amount = got[("procurement", "procurement_amount")]
        assert amount.value is None and "unreadable" in (amount.note or ""), (damaged, amount)
        assert got[("procurement", "procurement_projects")].value == 1
