"""PDF: pdfplumber's characters, once per page, rebuilt into lines and table rows.

- Ruled tables (``find_tables`` on the page's ruling lines) become rows of their grid; a merged
  cell comes back as None and is written "" at every position but its top-left one (the span
  convention of the HTML backend). Text wrapped inside a cell is joined, a wrapped number only
  when its first line is full; a table continued on the next page simply continues.
- Many reports draw the whole page inside a frame, which ``find_tables`` reports as a one-column
  table: its rows, and rows whose single cell spans the full width, are running text.
- Text outside ruled tables is grouped into lines by position (characters stacked one under
  another, as vertical writing sets them, make one word on the first row they span). A line whose
  words are separated by wide gaps is a row of an unruled table; the columns of a run of such rows
  are the x-ranges of its fullest rows with values, so every cell lands in a fixed column and gaps
  stay blank. A wrapped label's next lines (right under it, at line spacing) are joined to its
  cell, a label-only line inside the label columns is a row with blank values, and a table that
  ends its page (page numbers aside) hands its rows to the next page, whose first table keeps
  their columns; a title or a paragraph reaching across the values ends the table.
- A page where pdfplumber finds no characters falls back to pypdfium2's text layer (fonts it cannot
  map, e.g. some CFF CJK fonts); a document with no text anywhere needs OCR.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import logging
import re
import statistics

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .. import normalize
from ..document import Cell, Line
from ..errors import CorruptDocument, EncryptedDocument, NeedsOCR, NotAReport
from . import ocr

for _noisy in ("pdfminer", "pdfplumber"):  # warnings per broken object flood the logs
    logging.getLogger(_noisy).setLevel(logging.ERROR)


_STACKED_DIGITS = re.compile(r"[\d.,]+(?:\n[\d.,]+)+")
_CELL_PADDING = 6  # points each side of a cell's text: Word's default is 5.4, reportlab's 6


def _cell_text(page, bbox, text: str | None) -> str:
    if text is None:
        return ""
    if _STACKED_DIGITS.fullmatch(text):
        return _unwrapped_number(page, bbox, text)
    return normalize.join_wrapped(text)


def _unwrapped_number(page, bbox, text: str) -> str:
    """Lines of digits in one cell: a long number wrapped in a narrow column ("18651.0" over
    "6") when its first line is full, i.e. the next line's first digit would not have fitted
    beside it within the cell's padding. Otherwise they are values stacked in a cell whose rule
    is missing, left apart for the identities to settle."""
    chars = page.crop(bbox).chars
    first = [c for c in chars if abs(c["top"] - chars[0]["top"]) < 1] if chars else []
    rest = [c for c in chars if c not in first]
    if first and rest:
        digit = rest[0]["x1"] - rest[0]["x0"]
        line = max(c["x1"] for c in first) - min(c["x0"] for c in first)
        if line + digit + 2 * _CELL_PADDING > bbox[2] - bbox[0]:
            return text.replace("\n", "")
    return normalize.join_wrapped(text)


def _table_lines(table, p: int, t: int) -> list[tuple[float, Line]]:
    out = []
    rows = table.extract()
    width = max((len(r) for r in rows), default=0)
    for r, (row, geom) in enumerate(zip(rows, table.rows), start=1):
        top = geom.bbox[1]
        texts = [_cell_text(table.page, box, c) for c, box in zip(row, geom.cells)]
        if not any(texts):
            continue
        if width == 1 or all(c is None for c in row[1:]):  # frame or full-width cell: text
            out.append((top, Line((Cell(texts[0], f"page {p} table {t} row {r}"),))))
            continue
        cells = tuple(Cell(x, f"page {p} table {t} row {r} col {c}") for c, x in enumerate(texts, 1))
        out.append((top, Line(cells, is_row=True)))
    return out


def _group_lines(words: list[dict]) -> list[list[dict]]:
    """Words sharing a baseline band, left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 0.5 * (w["bottom"] - w["top"]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _unstacked(words: list[dict]) -> list[dict]:
    """Characters set one under another at one x (vertical writing mode, or a column one
    character wide) joined into one word on the first line they meet: a row-spanning label, in
    its top-left position like a merged grid cell. At least three characters, not all the same
    and no digits, so a column of single values ("0", "无") is never read as one."""
    singles = sorted((w for w in words if len(w["text"]) == 1 and not w["text"].isascii()),
                     key=lambda w: (round(w["x0"]), w["top"]))
    stacks: list[list[dict]] = []
    for w in singles:
        last = stacks[-1][-1] if stacks else None
        if last and abs(last["x0"] - w["x0"]) < 1 and \
                -1 < w["top"] - last["bottom"] < 0.5 * (w["bottom"] - w["top"]):
            stacks[-1].append(w)
        else:
            stacks.append([w])
    stacks = [s for s in stacks if len(s) >= 3 and len({w["text"] for w in s}) > 1]
    if not stacks:
        return words
    stacked = {id(w) for s in stacks for w in s}
    rest = [w for w in words if id(w) not in stacked]
    for s in stacks:
        line = min((w for w in rest if s[0]["top"] - 1 <= w["top"] <= s[-1]["top"]),
                   key=lambda w: w["top"], default=s[0])
        rest.append({**s[0], "text": "".join(w["text"] for w in s), "top": line["top"],
                     "bottom": line["bottom"]})
    return rest


# Characters between two cells of a row; closer words are one cell. Word's default cell padding
# (5.4 pt each side) leaves a label running to its cell's edge about one character from the next,
# but so do two full-width spaces in a title ("某某局　　2022年…"): a gap up to _TYPED_GAP that
# space characters fill was typed, and splits nothing.
_GAP, _TYPED_GAP = 1, 2


def _split_cells(line: list[dict], blanks: list[dict]) -> list[list[dict]]:
    """Runs of words separated by gaps wider than a character, not typed as spaces: the cells
    of a row."""
    size = statistics.median(w["bottom"] - w["top"] for w in line)
    cells = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        gap = w["x0"] - prev["x1"]
        if gap > _GAP * size and (gap > _TYPED_GAP * size or not _typed(prev, w, blanks, size)):
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _typed(prev: dict, word: dict, blanks: list[dict], size: float) -> bool:
    """Whether a space character lies between two words of a line."""
    return any(prev["x1"] - 1 <= b["x0"] and b["x1"] <= word["x0"] + 1
               and abs(b["top"] - word["top"]) < size / 2 for b in blanks)


Span = tuple[float, float]
Rows = list[list[list[dict]]]  # lines of cells of words


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
    cells = [(len(r) == most, _spanning(c, starts), c[0]["x0"], c[-1]["x1"])
             for r in valued for c in r]
    columns = _widened([(x0, x1) for full, spanning, x0, x1 in cells if full and not spanning],
                       [*((x0, x1) for full, spanning, x0, x1 in cells if not (full or spanning)),
                        *((x0, x1) for _, spanning, x0, x1 in cells if spanning)])
    free, fuller, width = set(columns), set(), None  # value columns no fuller header row is over
    left = bool(headers) and _left_aligned(valued, columns)
    for r in sorted(headers, key=len, reverse=True):
        if len(r) != width:  # rows as full (a header repeated for each section) all see them
            free, width = free - fuller, len(r)
        ext = [(c[0]["x0"], c[-1]["x1"]) for c in r]
        size = r[0][0]["bottom"] - r[0][0]["top"]
        headed = {_header(span, ext, size, left) for span in free}
        columns = _widened(columns, [span for n, span in enumerate(ext) if n not in headed])
        fuller |= {(a, b) for a, b in free if any(a - size < x1 and x0 < b + size for x0, x1 in ext)}
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
        return next((n for n, (x0, x1) in enumerate(ext) if 2 * a <= x0 + x1), None) \
            if ext[0][0] <= b else None
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
                flush += (abs(c[0]["x0"] - a) < 0.5) - (abs(c[-1]["x1"] - b) < 0.5)
    return flush > 0


def _widened(spans: list[Span], more: list[Span]) -> list[Span]:
    """The spans merged, then each of `more` that overlaps none of them (nor those added
    before it) added. Tested against the merged spans: a long table has thousands of cells."""
    columns = _merged(spans)
    for x0, x1 in more:
        if not any(a < x1 and x0 < b for a, b in columns):
            columns = _merged([*columns, (x0, x1)])
    return columns


def _spanning(cell: list[dict], starts: list[float]) -> bool:
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


def _column(cell: list[dict], cols: list[Span], start: int = 0) -> int:
    """First column from `start` the cell overlaps (a spanning header sits in its top-left
    column), else the nearest one from `start`."""
    x0, x1 = cell[0]["x0"], cell[-1]["x1"]
    return next((n for n in range(start, len(cols)) if cols[n][0] < x1 and x0 < cols[n][1]),
                min(range(start, len(cols)), key=lambda n: abs(sum(cols[n]) - x0 - x1)))


def _wordy(cell: list[dict]) -> bool:
    return any(ch.isalpha() for w in cell for ch in w["text"])


def _placed(row: Rows, cols: list[Span]) -> list[tuple[int, int, list[dict]]]:
    """(column, line, cell) for the cells of a row's lines: the first line's in the columns they
    overlap, never before the previous cell's column so two cells never share one; a wrapped
    line's under the line above them (a centred header word may overlap no column)."""
    out: list[tuple[int, int, list[dict]]] = []
    k = 0
    for cell in row[0]:
        out.append((k := _column(cell, cols, k), 0, cell))
        k = min(k + 1, len(cols) - 1)
    for n, line in enumerate(row[1:], 1):
        out += [(_under(cell, out), n, cell) for cell in line]
    return out


def _under(cell: list[dict], placed: list[tuple[int, int, list[dict]]]) -> int:
    """Column of the latest placed cell that the cell lies right under; -1 when none."""
    size = cell[0]["bottom"] - cell[0]["top"]
    for k, _, prev in reversed(placed):
        if prev[0]["x0"] - size / 2 <= cell[0]["x0"] and cell[-1]["x1"] <= prev[-1]["x1"] + size / 2:
            return k if _wordy(prev) and cell[0]["top"] - prev[0]["bottom"] < size / 2 else -1
    return -1


def _continues(line: list[list[dict]], row: Rows, cols: list[Span]) -> bool:
    """Whether the line is the wrapped rest of the row's labels: words only, every cell right
    under a label line of the row, no further below it than line spacing."""
    placed = _placed(row, cols)
    return all(_wordy(cell) and _under(cell, placed) >= 0 for cell in line)


def _table(lines: Rows, i: int, carry: Rows):
    """The unruled table starting at lines[i]: (end, rows, columns). A row is a line of several
    cells (or the first line, when the table carries on from the page before), with the lines of
    its wrapped labels."""
    rows = [[lines[i]]]
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if all(map(_wordy, line)) and _continues(line, rows[-1], _columns(carry + [r[0] for r in rows])):
            rows[-1].append(line)
        elif len(line) > 1 or _label_only(line[0], [r[0] for r in rows], carry):
            rows.append([line])
        else:
            break
        j += 1
    return j, rows, _columns(carry + [r[0] for r in rows])


def _label_only(cell: list[dict], rows: Rows, carry: Rows) -> bool:
    """Whether a line of one cell is a row whose values are all blank: words lying between the
    table's left edge and two characters before its leftmost value (a title or a paragraph
    reaches further out); in a column, before any value is seen."""
    size = cell[0]["bottom"] - cell[0]["top"]
    rows = carry + rows
    left = min(c[0]["x0"] for r in rows for c in r)
    values = [c[0]["x0"] for r in rows for c in r if not _wordy(c)]
    if not values:
        return _wordy(cell) and _fits(cell, _columns(rows))
    return _wordy(cell) and left - size / 2 <= cell[0]["x0"] and cell[-1]["x1"] < min(values) - 2 * size


def _row_line(row: Rows, cols: list[Span], p: int) -> tuple[float, Line]:
    """One table row: each cell in its column, a wrapped label's lines joined."""
    texts = [""] * len(cols)
    wheres = [f"page {p} col {k + 1}" for k in range(len(cols))]
    for k, n, cell in _placed(row, cols):
        text = " ".join(w["text"] for w in cell)
        texts[k] = normalize.join_wrapped(f"{texts[k]}\n{text}" if n else text)
        if not n:
            wheres[k] = _where(p, cell)
    return row[0][0][0]["top"], Line(tuple(map(Cell, texts, wheres)), is_row=True)


def _where(p: int, cell: list[dict]) -> str:
    """Where a cell's words are: its first word's position, or an OCR'd cell's box and
    confidence (parsers.backends.ocr)."""
    if "glyphs" in cell[0]:
        from .ocr.layout import word_where

        return word_where(p, cell)
    return f"page {p} x={cell[0]['x0']:.0f} y={cell[0]['top']:.0f}"


def _word_lines(words: list[dict], blanks: list[dict], p: int, carry: Rows,
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


_HANDED_ON = 10, 50  # a table's first rows (its header) and last rows seen on the next page


def _handed_on(rows: Rows) -> Rows:
    """The rows of a table a next page gets: enough for its columns, and bounded, so that a
    table over hundreds of pages is not re-read on each."""
    first, last = _HANDED_ON
    return rows if len(rows) <= first + last else rows[:first] + rows[-last:]


def _fits(cell: list[dict], cols: list[Span]) -> bool:
    """Whether the cell starts in a column and ends before the last one: a row of a table carried
    from the page before whose values are blank, not a title or a line of text."""
    size = cell[0]["bottom"] - cell[0]["top"]
    return any(a - size / 2 <= cell[0]["x0"] < b for a, b in cols) and cell[-1]["x1"] < cols[-1][0]


def _without_overprint(page):
    """Fake bold draws each character twice at (almost) the same place; keep one. Cheaper than
    pdfplumber's dedupe_chars, and free on the usual page without duplicates."""
    seen, dups = set(), set()
    for ch in page.chars:
        key = (ch["text"], round(ch["x0"]), round(ch["top"]))
        if key in seen:
            dups.add(id(ch))
        seen.add(key)
    return page.filter(lambda obj: id(obj) not in dups) if dups else page


def _page_lines(page, p: int, carry: Rows) -> tuple[list[Line] | None, Rows]:
    """The page's lines in reading order, or None when pdfplumber sees no characters, and the
    rows of an unruled table running on to the next page (see `_word_lines`)."""
    if not page.chars:
        return None, []
    page = _without_overprint(page)
    tables = page.find_tables() if page.edges else []
    items = [item for t, table in enumerate(tables, 1) for item in _table_lines(table, p, t)]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    words, carry = _word_lines(rest.extract_words(keep_blank_chars=False, use_text_flow=False),
                               [c for c in rest.chars if c["text"].isspace()], p, carry)
    items += words
    return [line for _, line in sorted(items, key=lambda it: it[0])], carry


def _pdfium_text(doc, i: int) -> str:
    page = doc[i]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()


def _pdfium_pages(data: bytes, wanted: set[int] | None) -> dict[int, list[Line]]:
    """Text lines of pdfium's text layer for the wanted pages (1-based; None = all)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument("password-protected PDF: cannot read without the password") from None
        raise CorruptDocument(f"damaged PDF, unreadable by pdfplumber and pdfium: {e}") from None
    out: dict[int, list[Line]] = {}
    try:
        for i in range(len(doc)):
            if wanted is not None and i + 1 not in wanted:
                continue
            try:
                text = _pdfium_text(doc, i)
            except pdfium.PdfiumError:  # a damaged page is a page without text
                text = ""
            lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
            out[i + 1] = [
                Line((Cell(ln, f"page {i + 1} line {n}"),)) for n, ln in enumerate(lines, 1)
            ]
    finally:
        doc.close()
    return out


def _open(data: bytes):
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfplumber wraps every pdfminer failure in PdfminerException
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedDocument("password-protected PDF: cannot read without the password") from None
        return None


def _plumber_pages(pdf) -> dict[int, list[Line] | None] | None:
    """Lines per page, None for a page without characters; None when pdfminer chokes on the
    file (it raises anything from anywhere on broken streams)."""
    pages: dict[int, list[Line] | None] = {}
    carry: Rows = []
    try:
        for p, page in enumerate(pdf.pages, 1):
            try:
                pages[p], carry = _page_lines(page, p, carry)
            finally:
                page.close()
    except Exception:
        return None
    finally:
        with contextlib.suppress(Exception):  # closing a broken file can raise again
            pdf.close()
    return pages


def load(data: bytes, name: str):
    notes: list[str] = []
    pdf = _open(data)
    pages = _plumber_pages(pdf) if pdf is not None else None
    if pages is None:  # pdfium repairs many files pdfminer cannot parse
        pages = _pdfium_pages(data, None)
        notes.append("read with pdfium: pdfplumber could not parse the file")
    elif missing := {p for p, lines in pages.items() if lines is None}:
        pages.update(_pdfium_pages(data, missing))
        if any(pages[p] for p in missing):
            notes.append(f"pages {sorted(p for p in missing if pages[p])} read from pdfium's text layer")
    if not pages:
        raise CorruptDocument("PDF has no pages")
    fmt, unread = "pdf", []
    if empty := [p for p in sorted(pages) if not pages[p]]:
        if ocr.enabled():
            pages.update(_ocr_pages(data, empty))
            fmt = "pdf-ocr"
            notes.append(f"pages {empty} have no text layer: read by OCR at {ocr.DPI} dpi")
        else:
            unread = empty
            notes.append(f"pages {empty} have no text layer")
    lines = [ln for p in sorted(pages) for ln in pages[p] or []]
    if not any(c.text.strip() for ln in lines for c in ln.cells):
        if unread:
            raise NeedsOCR(f"no text layer: {_pages(unread)} OCR, which is switched off "
                           "(OGI_OCR=off)")
        raise NotAReport("no text layer, and OCR found no text on its pages")
    doc = normalize.document(lines, fmt, notes)
    doc.unread_pages = unread
    return doc


def _pages(pages: list[int]) -> str:
    """"page 3 needs", "pages 1-3, 5 need": page numbers as a person writes them."""
    out: list[list[int]] = []
    for p in pages:
        if out and p == out[-1][-1] + 1:
            out[-1].append(p)
        else:
            out.append([p])
    ranges = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in out)
    return f"page {ranges} needs" if len(pages) == 1 else f"pages {ranges} need"


def _ocr_pages(data: bytes, wanted: list[int]) -> dict[int, list[Line]]:
    """The wanted pages (1-based) rendered by pdfium and read by OCR."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}  # pdfium cannot open it either: the pages stay without text
    images = {}
    try:
        for p in wanted:
            with contextlib.suppress(pdfium.PdfiumError):  # a damaged page is a page without text
                images[p] = ocr.render_pdf_page(doc, p - 1)
    finally:
        doc.close()
    return ocr.read_pages(images, "pt")
