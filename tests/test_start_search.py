"""The table readers' search for where a table starts reads every token about once, however
often a title or a first row repeats (issue 19: a crafted 256 KB text whose table-三 first row
repeated thousands of times ran for minutes and took ~2 GB, each candidate start reading on to
the end of the text)."""

from __future__ import annotations

import pytest

from parsers.backends import load_document
from parsers.interpret import table3, table4
from parsers.interpret.tokens import tokens

FIRST_ROW = "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
TITLE3 = "三、收到和处理政府信息公开申请情况\n"
TITLE4 = "四、行政复议、行政诉讼情况\n"
SIZE = 256 * 1024


def _toks(unit: str, head: str = ""):
    text = "2023年某局政府信息公开工作年度报告\n" + head + unit * (SIZE // len(unit.encode()))
    return tokens(load_document(text.encode(), "crafted.txt"))


def _read_counting(monkeypatch, module, toks):
    """(what the reader returns, tokens its readings were given in all, how many readings): the
    work counted, not timed, so that a loaded machine cannot fail the test."""
    read = module._read_from
    given = []

    def counting(part, *args):
        given.append(len(part))
        return read(part, *args)

    monkeypatch.setattr(module, "_read_from", counting)
    return module.read(toks), sum(given), len(given)


@pytest.mark.parametrize(
    "unit,head",
    [(FIRST_ROW, ""), (TITLE3 + FIRST_ROW, "")],
    ids=["first row repeated", "title and first row repeated"],
)
def test_table3_reads_a_text_repeating_its_start_thousands_of_times_once(monkeypatch, unit, head):
    toks = _toks(unit, head)
    result, read, readings = _read_counting(monkeypatch, table3, toks)
    assert readings >= 1
    assert read <= len(toks) + readings  # each reading ends where the next begins
    assert result.values[("1", "total")].value == 1


def test_table4_reads_a_text_repeating_its_title_thousands_of_times_once(monkeypatch):
    toks = _toks(TITLE4)
    _, read, readings = _read_counting(monkeypatch, table4, toks)
    assert readings > 5_000
    assert read <= len(toks)
