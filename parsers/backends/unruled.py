"""Unruled tables: positioned words (pdfplumber's word dicts: text, x0, x1, top, bottom) → lines
of text and rows of tables whose cells are placed by position alone. Used by the PDF backend for
text outside ruled tables; any backend that has positioned words (OCR) can use it.

Words are grouped into lines by position (characters stacked one under another, as vertical
writing sets them, make one word on the first row they span). A line whose words are separated by
wide gaps is a row of an unruled table; the columns of a run of such rows are the x-ranges of its
fullest rows with values, so every cell lands in a fixed column and gaps stay blank. A wrapped
label's next lines (right under it, at line spacing) are joined to its cell, and so are a number's
digits wrapped in a narrow column (one number when its first line is full, else two values that
the identities settle), a label-only line
inside the label columns is a row with blank values, and a table that ends its page (page numbers
aside) hands its rows to the next page, whose first table keeps their columns; a title or a
paragraph reaching across the values ends the table.
"""

from __future__ import annotations

import bisect
import re
import statistics

from .. import normalize
from ..document import Cell, Line

Word = dict  # pdfplumber's word: {"text", "x0", "x1", "top", "bottom", ...}
Span = tuple[float, float]
Rows = list[list[list[Word]]]  # lines of cells of words

# Tolerances. Most are in units of the font size (a word's height), so they hold at any size;
# the few in points compare positions that the same layout engine computed.
LINE_BAND = 0.5  # words whose tops differ by at most this share a line
WITHIN = 0.8  # ... or a shorter word this much inside a line's band
STACK_GAP = 0.5  # at most this between characters stacked in one column (vertical writing)
SAME_X_PT = 1  # characters at one x (points)
# Between two cells of a row; closer words are one cell. Word's default cell padding (5.4 pt
# each side) leaves a label running to its cell's edge about one character from the next, but so
# do two full-width spaces in a title ("某某局　　2022年…"): a gap up to TYPED_GAP that space
# characters fill was typed, and splits nothing.
CELL_GAP, TYPED_GAP = 1, 2
NEAR = 0.5  # "right under" a cell, or next to a header: within half a character
LABEL_CLEARANCE = 2  # a label-only row ends this far before the table's leftmost value
FLUSH_PT = 0.5  # a number flush with its column's edge (points)
HANDED_ON = 10, 50  # a table's first rows (its header) and last rows seen on the next page
CELL_PADDING_PT = 6  # each side of a cell's text: Word's 5.4, LibreOffice's 5.7, reportlab's 6
_DIGITS = re.compile(r"[\d.,]+")
_ENUMERATOR = re.compile(r"[1-9]\d?[.．、]")


_FOOTER = 0.9  # of the page's height: below it, a lone number is the page's number
_PAGE_NUMBER = re.compile(r"[-—–－_\s]*(\d{1,3})[-—–－_\s]*(?:/\s*\d{1,3})?")


def page_numbers(words: list[Word], width: float, height: float) -> list[Word]:
    """The words, a page number in the footer ("3", "— 3 —" its dashes lost to OCR or never
    printed, "3/10") written as one ("— 3 —", which the interpreter knows as page furniture): a
    lone number below everything else, centred or, as official documents print them (GB/T 9704:
    odd pages right, even pages left), at a side, a line's height clear of the text above. Read
    as it stands, a bare "3" between two parts of a table was one more cell of the row before."""
    return [
        {**w, "text": f"— {m[1]} —"}
        if (m := _PAGE_NUMBER.fullmatch(w["text"])) and _page_number(w, words, width, height)
        else w
        for w in words
    ]


def _page_number(word: Word, words: list[Word], width: float, height: float) -> bool:
    if word["top"] <= _FOOTER * height:
        return False
    above = [w["bottom"] for w in words if w is not word]
    if any(bottom > word["top"] for bottom in above):
        return False
    centre = (word["x0"] + word["x1"]) / 2
    if abs(centre - width / 2) < 0.1 * width:
        return True
    # (at a side, not a table's last value: a row's wrapped line sits closer than a line's height)
    return word["top"] - max(above, default=0) > word["bottom"] - word["top"]


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Words sharing a baseline band, left to right; or, a word whose box OCR cut short (a
    label's first line 4 points high beside its row's 6-point digits, its top 3 points lower),
    lying mostly within the line's band."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and (
            abs(lines[-1][0]["top"] - w["top"]) <= LINE_BAND * (w["bottom"] - w["top"])
            or _within(w, lines[-1])
        ):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _within(w: Word, line: list[Word]) -> bool:
    """Whether a word shorter than the line's words lies at least 80 % inside their band."""
    top, bottom = min(x["top"] for x in line), max(x["bottom"] for x in line)
    height = w["bottom"] - w["top"]
    if not 0 < height < bottom - top:
        return False
    return min(w["bottom"], bottom) - max(w["top"], top) >= WITHIN * height


def _unstacked(words: list[Word]) -> list[Word]:
    """Characters set one under another at one x (vertical writing mode, or a column one
    character wide) joined into one word on the first line they meet: a row-spanning label, in
    its top-left position like a merged grid cell. At least three characters, not all the same
    and no digits, so a column of single values ("0", "无") is never read as one."""
    singles = sorted(
        (w for w in words if len(w["text"]) == 1 and not w["text"].isascii()),
        key=lambda w: (round(w["x0"]), w["top"]),
    )
    stacks: list[list[Word]] = []
    for w in singles:
        last = stacks[-1][-1] if stacks else None
        if (
            last
            and abs(last["x0"] - w["x0"]) < SAME_X_PT
            and -SAME_X_PT < w["top"] - last["bottom"] < STACK_GAP * (w["bottom"] - w["top"])
        ):
            stacks[-1].append(w)
        else:
            stacks.append([w])
    stacks = [s for s in stacks if len(s) >= 3 and len({w["text"] for w in s}) > 1]
    if not stacks:
        return words
    stacked = {id(w) for s in stacks for w in s}
    rest = [w for w in words if id(w) not in stacked]
    for s in stacks:
        line = min(
            (w for w in rest if s[0]["top"] - 1 <= w["top"] <= s[-1]["top"]),
            key=lambda w: w["top"],
            default=s[0],
        )
        rest.append(
            {
                **s[0],
                "text": "".join(w["text"] for w in s),
                "top": line["top"],
                "bottom": line["bottom"],
            }
        )
    return rest


def _split_cells(line: list[Word], blanks: list[Word]) -> list[list[Word]]:
    """Runs of words separated by gaps wider than a character, not typed as spaces: the cells
    of a row."""
    size = statistics.median(w["bottom"] - w["top"] for w in line)
    cells = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        gap = w["x0"] - prev["x1"]
        if gap > CELL_GAP * size and (gap > TYPED_GAP * size or not _typed(prev, w, blanks, size)):
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _typed(prev: dict, word: dict, blanks: list[Word], size: float) -> bool:
    """Whether a space character lies between two words of a line."""
    return any(
        prev["x1"] - SAME_X_PT <= b["x0"]
        and b["x1"] <= word["x0"] + SAME_X_PT
        and abs(b["top"] - word["top"]) < NEAR * size
        for b in blanks
    )


def _columns(rows: Rows) -> list[Span]:
    """Column x-ranges for a run of rows (with those carried from the pages before): merged
    extents of the cells of the fullest rows with values, widened by any other cell of a row
    with values, then any spanning cell, that overlaps none of them, and by a header cell (of a
    row of words only) over no values: a header word centred over numbers, left- or
    right-aligned, is no column of its own, a header over a column left blank is."""
    words_only = [all(map(_wordy, r)) for r in rows]
    valued = [r for r, w in zip(rows, words_only) if not w]
    headers = [r for r, w in zip(rows, words_only) if w] if valued else []
    valued = valued or rows
    most = max(len(r) for r in valued)
    starts = sorted(c[0]["x0"] for r in valued for c in r)
    # A cell in which another one starts, well inside it, spans their columns: it comes last.
    cells = [
        (len(r) == most, _spanning(c, starts), c[0]["x0"], c[-1]["x1"]) for r in valued for c in r
    ]
    columns = _widened(
        [(x0, x1) for full, spanning, x0, x1 in cells if full and not spanning],
        [
            *((x0, x1) for full, spanning, x0, x1 in cells if not (full or spanning)),
            *((x0, x1) for _, spanning, x0, x1 in cells if spanning),
        ],
    )
    free = set(columns)  # value columns no fuller header row is over
    fuller: set[Span] = set()
    width = None
    left = bool(headers) and _left_aligned(valued, columns)
    for r in sorted(headers, key=len, reverse=True):
        if len(r) != width:  # rows as full (a header repeated for each section) all see them
            free, width = free - fuller, len(r)
        ext = [(c[0]["x0"], c[-1]["x1"]) for c in r]
        size = r[0][0]["bottom"] - r[0][0]["top"]
        headed = {_header(span, ext, size, left) for span in free}
        columns = _widened(columns, [span for n, span in enumerate(ext) if n not in headed])
        fuller |= {
            (a, b) for a, b in free if any(a - size < x1 and x0 < b + size for x0, x1 in ext)
        }
    return columns


def _header(column: Span, ext: list[Span], size: float, left: bool) -> int | None:
    """The header cell of a row that a value column sits under: the one it overlaps most, if
    it overlaps or nearly touches one (a short number may not reach a centred header); else, by
    the way numbers sit in their cells, the first header whose centre left-aligned numbers do not
    pass (none before the row: their header is in another row) or the last one whose centre
    right-aligned or centred numbers reach."""
    a, b = column
    best = max(range(len(ext)), key=lambda n: min(b, ext[n][1]) - max(a, ext[n][0]))
    if min(b, ext[best][1]) - max(a, ext[best][0]) > -size:
        return best
    if left:
        return (
            next((n for n, (x0, x1) in enumerate(ext) if 2 * a <= x0 + x1), None)
            if ext[0][0] <= b
            else None
        )
    return max((n for n, (x0, x1) in enumerate(ext) if x0 + x1 <= 2 * b), default=None)


def _left_aligned(valued: Rows, columns: list[Span]) -> bool:
    """Whether numbers are left-aligned in their columns: more of them start where their column
    starts than end where it ends."""
    starts = [a for a, _ in columns]
    flush = 0
    for r in valued:
        for c in r:
            if not _wordy(c):
                a, b = columns[max(0, bisect.bisect_right(starts, c[0]["x0"]) - 1)]
                flush += (abs(c[0]["x0"] - a) < FLUSH_PT) - (abs(c[-1]["x1"] - b) < FLUSH_PT)
    return flush > 0


def _widened(spans: list[Span], more: list[Span]) -> list[Span]:
    """The spans merged, then each of `more` that overlaps none of them (nor those added
    before it) added. Tested against the merged spans: a long table has thousands of cells."""
    columns = _merged(spans)
    for x0, x1 in more:
        if not any(a < x1 and x0 < b for a, b in columns):
            columns = _merged([*columns, (x0, x1)])
    return columns


def _spanning(cell: list[Word], starts: list[float]) -> bool:
    size = cell[0]["bottom"] - cell[0]["top"]
    x0, x1 = cell[0]["x0"] + size, cell[-1]["x1"]
    i = bisect.bisect_right(starts, x0)
    return i < len(starts) and starts[i] < x1


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _column(cell: list[Word], cols: list[Span], start: int = 0) -> int:
    """First column from `start` the cell overlaps (a spanning header sits in its top-left
    column), else the nearest one from `start`."""
    x0, x1 = cell[0]["x0"], cell[-1]["x1"]
    return next(
        (n for n in range(start, len(cols)) if cols[n][0] < x1 and x0 < cols[n][1]),
        min(range(start, len(cols)), key=lambda n: abs(sum(cols[n]) - x0 - x1)),
    )


def _wordy(cell: list[Word]) -> bool:
    return any(ch.isalpha() for w in cell for ch in w["text"])


def _placed(row: Rows, cols: list[Span]) -> list[tuple[int, int, list[Word]]]:
    """(column, line, cell) for the cells of a row's lines: the first line's in the columns they
    overlap, never before the previous cell's column so two cells never share one; a wrapped
    line's under the line above them (a centred header word may overlap no column)."""
    out: list[tuple[int, int, list[Word]]] = []
    k = 0
    for cell in row[0]:
        out.append((k := _column(cell, cols, k), 0, cell))
        k = min(k + 1, len(cols) - 1)
    for n, line in enumerate(row[1:], 1):
        out += [(_under(cell, out), n, cell) for cell in line]
    return out


def _under(cell: list[Word], placed: list[tuple[int, int, list[Word]]]) -> int:
    """Column of the latest placed cell that the cell lies right under, at line spacing, and
    continues: words under words, digits under a number; -1 when none."""
    size = cell[0]["bottom"] - cell[0]["top"]
    for k, _, prev in reversed(placed):
        if (
            prev[0]["x0"] - NEAR * size <= cell[0]["x0"]
            and cell[-1]["x1"] <= prev[-1]["x1"] + NEAR * size
        ):
            # (a label's enumerator may stand alone over the rest of its label: "1." over
            # "本机关不掌握…" in a narrow column)
            label = _wordy(prev) or bool(_ENUMERATOR.fullmatch(prev[-1]["text"]))
            same = label if _wordy(cell) else _numeric(prev) and _number(cell)
            return k if same and cell[0]["top"] - prev[-1]["bottom"] < NEAR * size else -1
    return -1


def _number(cell: list[Word]) -> bool:
    return len(cell) == 1 and bool(_DIGITS.fullmatch(cell[0]["text"].lstrip("-")))


def _numeric(cell: list[Word]) -> bool:
    """A number, or one OCR damaged ('3l' over '2' for 312: its wrapped digits had been a row of
    their own, and the total beside it, '31' over '2', read 31): digits and no Han character."""
    text = "".join(w["text"] for w in cell)
    return any(ch.isdigit() for ch in text) and not normalize.HAN.search(text)


def _continues(line: list[list[Word]], row: Rows, cols: list[Span]) -> bool:
    """Whether the line is the wrapped rest of the row's cells: every cell right under a cell of
    the row that it continues, no further below it than line spacing."""
    placed = _placed(row, cols)
    return all(_under(cell, placed) >= 0 for cell in line)


def _table(lines: Rows, i: int, carry: Rows):
    """The unruled table starting at lines[i]: (end, rows, columns). A row is a line of several
    cells (or the first line, when the table carries on from the page before), with the lines of
    its wrapped labels."""
    rows = [[lines[i]]]
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _continues(line, rows[-1], _columns(carry + [r[0] for r in rows])):
            rows[-1].append(line)
        elif len(line) > 1 or _label_only(line[0], [r[0] for r in rows], carry):
            rows.append([line])
        else:
            break
        j += 1
    return j, rows, _columns(carry + [r[0] for r in rows])


def _label_only(cell: list[Word], rows: Rows, carry: Rows) -> bool:
    """Whether a line of one cell is a row whose values are all blank (or a label's rest, set
    apart by paragraph spacing): words lying between the table's left edge and two characters
    before its leftmost value, or within its label column as its other rows fill it (a title or
    a paragraph reaches further out); in a column, before any value is seen."""
    if not _wordy(cell):
        return False
    size = cell[0]["bottom"] - cell[0]["top"]
    rows = carry + rows
    left = min(c[0]["x0"] for r in rows for c in r)
    values = [c[0]["x0"] for r in rows for c in r if not _wordy(c)]
    if not values:
        return _fits(cell, _columns(rows))
    if left - NEAR * size > cell[0]["x0"]:
        return False
    if cell[-1]["x1"] < min(values) - LABEL_CLEARANCE * size:
        return True
    first = _columns(rows)[0][1]
    labels = [c[-1]["x1"] for r in rows for c in r if _wordy(c) and c[0]["x0"] < first]
    if not labels:  # (no label column: the first holds values)
        return False
    reach = max(labels)
    return reach < min(values) and cell[-1]["x1"] <= reach + NEAR * size


def _row_line(row: Rows, cols: list[Span], p: int) -> tuple[float, Line]:
    """One table row: each cell in its column, a wrapped label's lines joined."""
    texts = [""] * len(cols)
    wheres = [f"page {p} col {k + 1}" for k in range(len(cols))]
    above: dict[int, list[Word]] = {}
    for k, n, cell in _placed(row, cols):
        text = " ".join(w["text"] for w in cell)
        if n and _number(cell) and k in above and _full(above[k], cell, cols, k):
            texts[k] += text  # a number wrapped in its narrow column: "22" over "6" is 226
        else:
            texts[k] = normalize.join_wrapped(f"{texts[k]}\n{text}" if n else text)
        above[k] = cell
        if not n:
            wheres[k] = _where(p, cell)
    return row[0][0][0]["top"], Line(tuple(map(Cell, texts, wheres)), is_row=True)


def _full(upper: list[Word], lower: list[Word], cols: list[Span], k: int) -> bool:
    """Whether a number's line is full: the next line's first digit would not have fitted beside
    it within the column's pitch (the distance between its start and the next column's, or the
    previous column's pitch for the last) less the cells' padding. Otherwise the digits under it
    are a value of their own (two values in a cell whose rule is missing)."""
    if len(cols) < 2:
        return False
    pitch = cols[k + 1][0] - cols[k][0] if k + 1 < len(cols) else cols[k][0] - cols[k - 1][0]
    digit = (lower[0]["x1"] - lower[0]["x0"]) / len(lower[0]["text"])
    line = upper[-1]["x1"] - upper[0]["x0"]
    return line + digit > pitch - 2 * CELL_PADDING_PT


def _where(p: int, cell: list[Word]) -> str:
    """Where a cell's words are: its first word's position, or an OCR'd cell's box and
    confidence (parsers.backends.ocr), or a laid-out text's line and column (laid_out.py)."""
    if "where" in cell[0]:
        return cell[0]["where"]
    if "glyphs" in cell[0]:
        from .ocr.layout import word_where

        return word_where(p, cell)
    return f"page {p} x={cell[0]['x0']:.0f} y={cell[0]['top']:.0f}"


def word_lines(
    words: list[Word],
    blanks: list[Word],
    p: int,
    carry: Rows,
) -> tuple[list[tuple[float, Line]], Rows]:
    """The lines of text outside ruled tables, and the rows of an unruled table that runs on to
    the next page (only page numbers below it). ``carry``: such rows from the pages before, whose
    columns (and header) a table that starts the page shares."""
    out: list[tuple[float, Line]] = []
    lines = [_split_cells(ln, blanks) for ln in _group_lines(_unstacked(words))]
    i, tail = 0, []
    while i < len(lines):
        if len(lines[i]) > 1 or (carry and _fits(lines[i][0], _columns(carry))):
            i, rows, cols = _table(lines, i, carry)
            out += [_row_line(row, cols, p) for row in rows]
            tail, carry = _handed_on(carry + [r[0] for r in rows]), []
            continue
        w = lines[i][0]
        text = normalize.join_wrapped(" ".join(x["text"] for x in w))
        out.append((w[0]["top"], Line((Cell(text, _where(p, w)),))))
        if not normalize.PAGE_NUMBER.match(text):
            tail, carry = [], []
        i += 1
    return out, tail


def _handed_on(rows: Rows) -> Rows:
    """The rows of a table a next page gets: enough for its columns, and bounded, so that a
    table over hundreds of pages is not re-read on each."""
    first, last = HANDED_ON
    return rows if len(rows) <= first + last else rows[:first] + rows[-last:]


def _fits(cell: list[Word], cols: list[Span]) -> bool:
    """Whether the cell starts in a column and ends before the last one: a row of a table carried
    from the page before whose values are blank, not a title or a line of text."""
    size = cell[0]["bottom"] - cell[0]["top"]
    return (
        any(a - NEAR * size <= cell[0]["x0"] < b for a, b in cols) and cell[-1]["x1"] < cols[-1][0]
    )
