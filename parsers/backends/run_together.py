"""Pipe tables whose rows run together on one line, as markdownify (and markitdown, which uses
it) writes the tables nested in a page's layout table into one cell of it: '| 规章 | 0 | |  |
|  | | --- | --- | | 规范性文件 | …'. The line breaks are gone, but markdownify's own spacing
still tells its pieces apart:

- a cell is ' text ' (one space each side), an empty cell '  ';
- a row's end and a merged cell's covered columns are both ' ' between two pipes (a row's '|'
  and the next row's '|', or '| |' after the cell spanning them);
- the text around a nested table is parted from it by a paragraph's break, two spaces or more.

So the line is cut into rows at every ' ': a row with a merged label becomes its label, then its
values, each keeping its blank cells where they stand ('| （七）总计 | | 767 | 35 |  |  | 2 |'
→ ['（七）总计'], ['767', '35', '', '', '2']). Where a piece fits none of these, the line is not
markdownify's and None is returned.
"""

from __future__ import annotations

import re

_RULE = re.compile(r"\s*:?-{3,}:?\s*")
_CELL = re.compile(r" \S(?:.*\S)? |\s{2,}")  # a cell's text, or an empty cell
_AROUND = re.compile(r"\s{2,}\S.*|.*\S\s{2,}|\s*")  # text beside a nested table, or nothing


def rows(raw: str) -> list[tuple[list[str], bool]] | None:
    """(cells, is_row) for each row and each piece of text around the tables, in order; None
    where the line is not markdownify's."""
    pieces = raw.split("|")
    out: list[tuple[list[str], bool]] = []
    row: list[str] = []

    def end_row() -> None:
        if any(row):
            out.append((row.copy(), True))
        row.clear()

    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        piece = piece.replace("**", "")  # (bold headings)
        if 0 < k < last and piece == " ":
            end_row()
        elif 0 < k < last and _RULE.fullmatch(piece):
            row.clear()  # (a header's rule: its cells were the row before)
        elif 0 < k < last and _CELL.fullmatch(piece):
            row.append(piece.strip())
        elif k in (0, last) or _AROUND.fullmatch(piece):  # (before the first pipe, after the last)
            end_row()
            if piece.strip():
                out.append(([piece.strip()], False))
        else:
            return None
    end_row()
    return out
