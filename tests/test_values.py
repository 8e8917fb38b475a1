from hypothesis import given
from hypothesis import strategies as st

from parsers.interpret.values import NOT_APPLICABLE, parse_count


def test_blank_is_missing_not_zero():
    assert parse_count("") == (None, None)
    assert parse_count("  \u3000") == (None, None)
    assert parse_count("0") == (0, None)


def test_dash_slash_and_wu_are_not_applicable():
    for text in ("-", "—", "/", "／", "无", "－－"):
        assert parse_count(text) == (None, NOT_APPLICABLE)


def test_full_width_digits_and_thousands():
    assert parse_count("１２")[0] == 12
    assert parse_count("1,234")[0] == 1234
    assert parse_count("1，234")[0] == 1234
    assert parse_count("12件")[0] == 12


def test_debris_beside_digits_is_removed_with_a_note():
    value, note = parse_count("?0")
    assert value == 0 and "debris" in note
    assert parse_count("1\u200b2")[0] == 12


def test_debris_between_digits_may_hide_a_separator():
    assert parse_count("0?0")[0] is None


def test_digits_parted_by_a_blank_are_not_one_number():
    """A Chromium print of a ragged portal table ran two rows' values into one cell as "3 16":
    it was read as 316, a wrong number."""
    for text in ("3 16", "3\n16", "1 234", "１ ２"):
        value, note = parse_count(text)
        assert value is None and "parted by a blank" in note


def test_not_a_count_is_none_with_a_reason():
    for text in ("3.5", "abc", "②", "²", "-2"):
        value, note = parse_count(text)
        assert value is None and note.startswith("unreadable")


def test_a_count_with_a_decimal_point_is_not_read_past_the_point():
    """'6.0' may be 6 printed with decimals, or 60 with a speck OCR read as a point: the
    document does not say which, so neither is published."""
    for text in ("6.0", "60.0", "6.00", "6．0"):
        value, note = parse_count(text)
        assert value is None and "decimal point" in note


def test_signed_allows_a_minus():
    assert parse_count("-2", signed=True) == (-2, None)


@given(st.text())
def test_never_raises(text):
    value, note = parse_count(text)
    assert value is None or (isinstance(value, int) and value >= 0)


@given(st.integers(0, 10**9))
def test_round_trips_whole_numbers(n):
    assert parse_count(str(n)) == (n, None)


def test_a_digit_run_too_long_for_int_is_unreadable_not_a_crash():
    # int() refuses more than 4300 digits; a stray run like that in a page must not crash parsing
    value, note = parse_count("7" * 5000)
    assert value is None and "5000 digits" in note
    assert parse_count("7" * 4000)[0] == int("7" * 4000)


def test_a_page_with_a_huge_digit_run_still_parses():
    from parsers import parse
    from tests.expected import SAMPLES

    source = next(SAMPLES.glob("000_*.txt"))
    report = parse(source.read_bytes() + b"\n" + b"7" * 5000 + b"\n", source.name)
    assert report.tables_found == parse(source.read_bytes(), source.name).tables_found
