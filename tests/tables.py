"""Synthetic statutory tables for the table-reader tests: random counts that satisfy every
identity, rendered in the layouts real reports use."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from parsers.document import Cell, Document, Line
from parsers.identities import applicants
from parsers.templates import statutory

TITLE3 = "三、收到和处理政府信息公开申请情况"
TITLE4 = "四、政府信息公开行政复议、行政诉讼情况"
END = "五、存在的主要问题及改进情况"
FIRST3 = "一、本年新收政府信息公开申请数量"  # table 三's first row: all a table 四 test needs
HEADER4 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3


Draw = Callable[[int, int], int]  # an integer from lo to hi, both included


def grid3(integer: Draw, template: str = "2019", high: int = 30) -> dict[tuple[str, str], int]:
    """Table 三's cells, each outcome drawn up to ``high``, the rest as the identities make them."""
    rows = statutory().rows_for(template)
    grid: dict[tuple[str, str], int] = {}
    for a in applicants()[:-1]:
        outcomes = {r.code: integer(0, high) for r in rows if r.group and r.group != "3.7"}
        handled = sum(outcomes.values())
        carried = integer(0, high)
        previous = integer(0, handled + carried)
        col = {
            **outcomes,
            "3.7": handled,
            "4": carried,
            "2": previous,
            "1": handled + carried - previous,
        }
        grid.update({(code, a): v for code, v in col.items()})
    for r in rows:
        grid[(r.code, "total")] = sum(grid[(r.code, a)] for a in applicants()[:-1])
    return grid


def grid4(integer: Draw, high: int = 30) -> dict[tuple[str, str], int]:
    """Table 四's cells, each result drawn up to ``high``, the totals their sums."""
    grid = {}
    for p in statutory().proceedings:
        parts = [integer(0, high) for _ in range(4)]
        for r, v in zip(("upheld", "corrected", "other", "pending", "total"), parts + [sum(parts)]):
            grid[(p.code, r)] = v
    return grid


@st.composite
def table3(draw, template: str = "2019", high: int = 30) -> dict[tuple[str, str], int]:
    return grid3(lambda lo, hi: draw(st.integers(lo, hi)), template, high)


@st.composite
def table4(draw, high: int = 30) -> dict[tuple[str, str], int]:
    return grid4(lambda lo, hi: draw(st.integers(lo, hi)), high)


def values3(grid, template):
    return [
        (r.zh, [grid[(r.code, a)] for a in applicants()]) for r in statutory().rows_for(template)
    ]


def values4(grid):
    s = statutory()
    return [grid[(p.code, r.code)] for p in s.proceedings for r in s.results]


def _line(n: int, text: str) -> Line:
    return Line((Cell(text, f"line {n}"),))


def _row(n: int, texts) -> Line:
    return Line(
        tuple(Cell(str(t), f"line {n} cell {i}") for i, t in enumerate(texts, 1)), is_row=True
    )


def tab_document(rows3, cells4) -> Document:
    """A tab-separated copy: one grid row per table row."""
    texts = [
        [TITLE3],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    texts += [[label, *vals] for label, vals in rows3]
    texts += [[TITLE4], ["行政复议", "行政诉讼"], HEADER4, cells4, [END]]
    return Document(
        [_row(n, t) if len(t) > 1 else _line(n, t[0]) for n, t in enumerate(texts, 1)], "text"
    )


def cell_per_line_document(rows3, cells4, moved: frozenset[int] = frozenset()) -> Document:
    """DOCX-to-text: every cell on its own line. ``moved``: the table-三 rows whose labels are
    printed after the table instead (pdftotext's reading order of a printed page puts a
    rowspan's middle labels so)."""
    texts = [
        TITLE3,
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    later = []
    for k, (label, vals) in enumerate(rows3):
        (later if k in moved else texts).append(label)
        texts += map(str, vals)
    texts += [*later, TITLE4, "行政复议", "行政诉讼", *HEADER4, *map(str, cells4), END]
    return Document([_line(n, t) for n, t in enumerate(texts, 1)], "text")


def run_together_document(rows3, cells4) -> Document:
    """A flattened page: labels and digits concatenated with no separator, on one line."""
    text = TITLE3 + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    text += "".join(label.replace(" ", "") + "".join(map(str, vals)) for label, vals in rows3)
    text += TITLE4 + "行政复议行政诉讼" + "".join(HEADER4) + "".join(map(str, cells4)) + END
    return Document([_line(1, text)], "text")


def wrapped_document(rows3, cells4, width: int) -> Document:
    """PDF text of narrow value columns: each row's values on a line, a number longer than
    ``width`` digits wrapped in its column, its next digits on the lines below ('85' over '42'
    over '1' for 85421), space-separated (the columns' positions lost)."""
    texts = [[TITLE3], ["申请人情况 自然人 法人或其他组织 总计"]]
    for label, vals in [*rows3, (None, cells4)]:
        if label is None:
            texts += [[TITLE4], ["行政复议 行政诉讼"], [" ".join(HEADER4)]]
        pieces = [[str(v)[i : i + width] for i in range(0, len(str(v)), width)] for v in vals]
        for k in range(max(map(len, pieces))):
            line = " ".join(p[k] for p in pieces if k < len(p))
            texts.append([f"{label} {line}" if label and not k else line])
    texts.append([END])
    return Document([_line(n, t[0]) for n, t in enumerate(texts, 1)], "text")


def litigation_apart_document(cells4) -> Document:
    """pdftotext's reading order of a printed page: table 四's review columns under its title,
    its litigation columns (their own headers, then their values) after the report's text."""
    texts = [
        TITLE4,
        "行政复议",
        "行政诉讼",
        *HEADER4[:5],
        *map(str, cells4[:5]),
        END,
        "下一步将继续改进。",
        "六、其他需要报告的事项",
        "无。",
        "未经复议直接起诉",
        "复议后起诉",
        *HEADER4[5:],
        *map(str, cells4[5:]),
        "某市某局",
        "2020年1月20日",
    ]
    return Document([_line(n, t) for n, t in enumerate(texts, 1)], "text")
