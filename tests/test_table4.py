from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parsers.interpret import table4
from parsers.interpret.tokens import tokens
from parsers.templates import statutory
from tests import tables

FAST = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZERO3 = [(tables.FIRST3, [0] * 7)]
_KEYS = [(p.code, r.code) for p in statutory().proceedings for r in statutory().results]


def _read(doc):
    result = table4.read(tokens(doc))
    return result, {k: v.value for k, v in result.values.items()}


@FAST
@given(tables.table4(), st.sampled_from(["tab", "cell"]))
def test_positional_layouts_read_back_exactly(grid, layout):
    render = tables.tab_document if layout == "tab" else tables.cell_per_line_document
    result, got = _read(render(ZERO3, tables.values4(grid)))
    assert result.found and got == grid


@FAST
@given(tables.table4(high=25))
def test_run_together_never_gives_a_wrong_number(grid):
    result, got = _read(tables.run_together_document(ZERO3, tables.values4(grid)))
    assert result.found
    for key, value in got.items():
        assert value is None or value == grid[key]


@st.composite
def _short_and_long(draw) -> dict[tuple[str, str], int]:
    """Table 四 of zeros, digits and a few long numbers (most, wrapped, would prove nothing)."""
    values = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 99_999))
    return tables.grid4(lambda lo, hi: draw(values))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_short_and_long(), st.sampled_from([2, 3]))
@example(  # ('10' over '10' over '0', twice: 10100 read 1010, and the 1s beside it 10)
    dict(zip(_KEYS, [0, 0, 0, 10100, 10100, 0, 0, 0, 1, 1, 0, 0, 1, 1, 2])), 2
)
@example(  # ('239' over '00' twice: the 00s had been zeros run together, 2390 and 1 read 10)
    dict(zip(_KEYS, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 23900, 23900])), 3
)
def test_numbers_wrapped_over_lines_never_give_a_wrong_number(grid, width):
    """Narrow columns wrap long numbers over lines ('85' over '42' over '1'): a number goes on
    to a line only from the line before. Each later line had been taken as one level of
    continuations, so '5 … 85 85' / '42 42' / '1 6' read 542 = 542 and 5 + 851 = 856, the totals
    holding, for 5, 85421 and 85426 (found by fuzzing laid-out grids with varied values)."""
    _, got = _read(tables.wrapped_document(ZERO3, tables.values4(grid), width))
    assert {k: v for k, v in got.items() if v is not None and v != grid[k]} == {}


def test_a_number_wrapped_over_three_lines_is_read_whole():
    cells = [5, 0, 0, 0, 5, 0, 0, 0, 0, 0, 5, 0, 0, 85421, 85426]
    result, got = _read(tables.wrapped_document(ZERO3, cells, 2))
    assert list(got.values()) == cells
    assert "wrapped" in result.values[("review", "total")].note


def test_run_together_split_unique_by_totals():
    cells = [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]
    result, got = _read(tables.run_together_document(ZERO3, cells))
    assert list(got.values()) == cells
    assert "split" in result.values[("review", "total")].note


def test_published_inconsistency_kept():
    cells = [10, 1, 0, 0, 0] + [0] * 5 + [5, 0, 0, 0, 0]
    _, got = _read(tables.tab_document(ZERO3, cells))
    assert list(got.values()) == cells


def test_blank_cells_are_null():
    cells = [""] * 5 + [0] * 10
    _, got = _read(tables.tab_document(ZERO3, cells))
    assert [got[("review", r)] for r in ("upheld", "total")] == [None, None]
    assert got[("litigation_direct", "total")] == 0


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables.table4(high=999))
def test_run_together_with_large_values_is_exact(grid):
    """(Its time is measured by `make bench`: bench/worst_cases.py.)"""
    _, got = _read(tables.run_together_document(ZERO3, tables.values4(grid)))
    assert all(v is None or v == grid[k] for k, v in got.items())


def test_a_lost_cell_is_not_placed_only_where_it_can_be_computed():
    """复议 prints five n/a marks, one of them lost ('- - - - 0 0 …'): the lost cell could be
    one of the marks (value unknown) as well as the last total (0 by its group): no layout is
    proven, so no cell is shifted into another column."""
    cells = ["-"] * 5 + [0] * 10
    result, got = _read(tables.tab_document(ZERO3, cells[1:]))
    assert all(v is None for v in got.values())
    assert "layouts" in result.values[("review", "total")].note


@FAST
@given(tables.table4())
def test_litigation_columns_printed_after_the_text_are_read_there(grid):
    """pdftotext's reading order of a page printed from the web: a table wider than the text
    leaves its litigation columns, with their headers, after the report's last section."""
    result, got = _read(tables.litigation_apart_document(tables.values4(grid)))
    assert got == grid
    assert any("apart" in w for w in result.warnings)


def test_litigation_columns_apart_that_lost_a_value_or_break_a_total_are_not_read():
    """Apart from the table, the litigation values are read only as many as their columns, each
    proceeding's total holding: else the table stays NULL, no value shifted into a column."""
    review = [1, 0, 0, 0, 1]
    for litigation in ([0] * 9, [1, 0, 0, 0, 0] + [0] * 5, [0] * 11):
        _, got = _read(tables.litigation_apart_document(review + litigation))
        assert all(v is None for v in got.values()), litigation
