"""Tables as web text extractors write them (trafilatura, which many crawls use; the mirror copy
004 is one): each cell followed by ' | ', a row's end padded with one '|' per cell it lacks
against the table's widest row.

- An empty cell is dropped, so the cells after it move left ('821 | 35 | 2 | 1 | 859 | ||||' for
  seven values with two blanks, under a label spanning three columns). A table whose rows show
  no blank before a filled cell has had its blanks moved to the rows' ends: its rows keep no
  positions, and are read one cell per line in the order printed (as a grid, 859 went to legal
  services).
- A blank cell holding an empty paragraph (Word's '<p>&nbsp;</p>') is kept but ends its line
  ('一、… | 821 | 35 |' / '|' / '| 2 | 1 | 859 | ||'): those lines are joined into their row,
  blanks in place, a grid.
- Where every cell holds a paragraph, each ends its line ('规章 |'; a kept blank '|'; padding
  '||'): rows are rebuilt from their labels, values and blanks, then read as above.

html2text writes a table's rows with no pipe at their ends ('x| 1|   '), so a blank first or last
cell is an empty part there, which a markdown row's closing pipe would swallow.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import normalize

# A row ending in padding: pipes glued together after the last cell.
_PADDED = re.compile(r"\|\|\s*$")
# One cell on its line ('规章 |', '| 规章 |', '859 | ||' with the row's padding) or pipes alone.
_CELL_LINE = re.compile(r"^\s*\|?\s*(?P<text>[^|]*?[^|\s])\s*\|[\s|]*$")
_PIPES = re.compile(r"^\s*\|[\s|]*$")
_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # under a header row of <th> cells
_MIN_CELL_LINES = 4  # a few lines of prose may end in a pipe; a table has many cells
# A line that only continues a row: pipes and values, no words ('|', '| 2 | 1 | 859 | ||').
_CONTINUED = re.compile(r"^\s*\|[^\u3400-\u9fff]*$")
_AMOUNT = re.compile(r"^[增减+\-－]?\s*\d[\d,，.]*\s*[万亿千]?元?\s*$")
# html2text's rule under a table's first row: no pipe opens or closes its rows ('x| 1|   ' ends
# in a blank cell, '| 3| 4' opens with one).
_UNOPENED_RULE = re.compile(r"^-{3,}(?:\|-{3,})+\s*$")

Numbered = list[tuple[int | str, str]]  # (line number, or 'first–last' of a joined row; text)


def tables(
    numbered: Numbered, cells_of: Callable[[str], list[str] | None]
) -> tuple[Numbered, set[int]]:
    """The lines with the rows the extractor broke over lines put back together, and the
    indices of the rows (in the lines returned) whose cells keep no positions. Joining is done
    only in a table that shows lines of pipes alone and padding, and whose first row opens with
    a word (a markdown table's rows each open with a pipe)."""
    out: Numbered = []
    packed: set[int] = set()
    stretch: Numbered = []
    unopened = any(_UNOPENED_RULE.match(raw) for _, raw in numbered)  # (all of a page's tables)
    for n, raw in [*_cells_rejoined(numbered), (0, "")]:
        if "|" in raw and "\t" not in raw:
            stretch.append((n, raw))
            continue
        if not stretch:
            out.append((n, raw))
            continue
        raws = [r for _, r in stretch]
        if unopened:
            stretch, moved = [(k, _opened(r)) for k, r in stretch], False
        elif _cell_per_line(raws):
            stretch, moved = _cell_rows(stretch), True
        elif _broken(raws):
            stretch, moved = _rejoined(stretch), False  # (its blanks are kept)
        else:
            moved = any(_PADDED.search(r) for r in raws)
        raws = [r for _, r in stretch]
        if moved and _packed(raws, cells_of):
            packed.update(len(out) + k for k, r in enumerate(raws) if cells_of(r) is not None)
        out += [*stretch, (n, raw)]
        stretch = []
    return out[:-1], packed


def _cells_rejoined(numbered: Numbered) -> Numbered:
    """A number the extractor broke over two lines, in a table written a cell per line ('2' /
    '2 |' for a cell holding 22 with a line break), as one line: its first part, with no pipe,
    would end the table there, the rest read as a table of its own. The digits so joined ('2 2')
    are one unreadable cell in a row that keeps its cells' places; in a row that does not (see
    _packed) each cell is read as running text, where they are two values. Only digits: a line
    of words there is a heading between tables (a misprinted one that no table reader knows)."""
    out: Numbered = []
    head: tuple[int | str, str] | None = None  # a number's first part, waiting for the rest
    for k, (n, raw) in enumerate(numbered):
        if head:
            out.append((f"{head[0]}–{n}", head[1] + " " + raw.lstrip()))
            head = None
            continue
        if (
            out
            and raw.strip().isdigit()
            and k + 1 < len(numbered)
            and (after := _CELL_LINE.match(numbered[k + 1][1]))
            and after["text"].isdigit()
            and (_CELL_LINE.match(out[-1][1]) or _PIPES.match(out[-1][1]))
        ):
            head = (n, raw.strip())
        else:
            out.append((n, raw))
    return out


def _packed(rows: list[str], cells_of: Callable[[str], list[str] | None]) -> bool:
    for row in rows:
        filled = [bool(c.strip()) for c in cells_of(row) or []]
        if True in filled and False in filled[: len(filled) - filled[::-1].index(True)]:
            return False
    return True


def _broken(raws: list[str]) -> bool:
    """Whether blanks kept as empty paragraphs broke the rows: pipes alone on a line after a
    cell's closing pipe (after a cell's text, they are the rest of its ' | ' wrapped)."""
    return (
        bool(raws)
        and not raws[0].lstrip().startswith("|")
        and any(
            _PIPES.match(r) and before.rstrip().endswith("|") for before, r in zip(raws, raws[1:])
        )
        and any(_PADDED.search(r) for r in raws)
    )


def _rejoined(stretch: Numbered) -> Numbered:
    """Each '|' closes a cell or pads the row, so a row is whole when it holds as many as the
    table's widest line (a header row on one line), or ends in padding. A row opening with a
    blank cell ('|' / '| 0 | 0 |') gets a markdown opener, so that blank is kept."""
    width = max(raw.count("|") for _, raw in stretch)
    out: Numbered = []
    first: int | str = 0
    held, padded = width, True  # pipes of the row being joined; whether its last line pads it
    for n, raw in stretch:
        if held < width and not padded and _CONTINUED.match(raw):
            # (a line broken inside a cell's ' | ', after its text: the separator kept whole)
            gap = "" if out[-1][1].rstrip().endswith("|") else " "
            out[-1] = (f"{first}–{n}", out[-1][1].rstrip() + gap + raw.strip())
            held += raw.count("|")
        else:
            first, held = n, raw.count("|")
            out.append((n, "|" + raw.strip() if raw.lstrip().startswith("|") else raw))
        padded = bool(_PADDED.search(raw))
    return out


def _cell_per_line(raws: list[str]) -> bool:
    return sum(bool(_CELL_LINE.match(r)) for r in raws) >= _MIN_CELL_LINES and all(
        _CELL_LINE.match(r) or _PIPES.match(r) or _RULE.match(r) for r in raws
    )


def _cell_rows(stretch: Numbered) -> Numbered:
    """Rows of a table written a cell per line, as markdown rows: a row opens with its labels
    (a word after values starts the next row), then its values and blanks ('|' alone), and ends
    at its padding ('||' glued after a cell, or on a line alone), which is no cell. A '|' before
    a row's first label (a row's start in a pretty-printed page) falls to the row before, among
    its trailing blanks, which a reader places only where the identities prove it."""
    rows: list[tuple[int | str, int | str, list[str]]] = []
    closed = True
    for n, raw in stretch:
        if _RULE.match(raw):
            closed = True  # (the header row ends there)
            continue
        if m := _CELL_LINE.match(raw):  # a cell, then its row's padding if any
            cells, closed_now = [m["text"]], raw.count("|") > 1 + (raw.lstrip()[:1] == "|")
        else:  # blank cells ('|', each ending its line), then the row's padding ('||')
            groups = raw.split()
            cells, closed_now = [""] * groups.count("|"), len(groups[-1]) > 1
        if cells and (closed or (_label(cells[0]) and not all(map(_label, rows[-1][2])))):
            rows.append((n, n, []))
        if rows:
            first, _, row = rows[-1]
            rows[-1] = (first, n, row + cells)
        closed = closed_now or (closed and not cells)
    return [(f"{a}–{b}" if a != b else a, "| " + " | ".join(cells) + " |") for a, b, cells in rows]


def _label(text: str) -> bool:
    """A row's label: words, not an amount with its unit ('7.88万元')."""
    return len(normalize.HAN.findall(text)) >= 2 and not _AMOUNT.match(text)


def _opened(raw: str) -> str:
    """An html2text row as a markdown row: every part between pipes is a cell, the first and
    the last included."""
    if _UNOPENED_RULE.match(raw):
        return raw
    return "| " + " | ".join(c.strip() for c in raw.split("|")) + " |"
