"""Text laid out on a character grid (poppler's pdftotext -layout): every character printed in
the column where the page set it, so a table's cells keep their places, blank ones included.
Such a text is read as a page of positioned words (a character a column, a line a line's
height) by the engine that reads a PDF's unruled tables (unruled.py): a blank cell printed as
nothing keeps its column, a number wrapped in a narrow column joins the digits above it, and a
label's letters stacked one a line are one label. Read with its spaces collapsed, such a table
had lost them (LibreOffice's one-table prints: '行   5    -1   22' over '政             6', or
h013's '行   51' / '政   76' / '许   45'). Which reading of a table stands: interpret/readings.py."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from .. import normalize
from ..document import Line
from ..templates import statutory
from .unruled import Word, page_numbers, word_lines

# A character's column and a line's height, in points, as unruled's tolerances (in units of the
# font size) read them: two spaces part cells, one inside a number or a Latin phrase does not;
# lines one under another are at line spacing, an empty line between parts them.
COLUMN, HEIGHT = 5.25, 10.0
GAP = 2  # columns: the fewest spaces between two cells
_WORD = re.compile(r"\S+")
_LINE = re.compile(r"\S(?:.*\S)?")
_CELL_GAP = re.compile(rf"\S {{{GAP},}}\S")
# A line of a laid-out table: three runs of characters or more, parted by two spaces or more, one
# of them a number (a table's row of values, not a title's date set at the right margin).
_ROW = re.compile(r"^(?=.*\S {2,}\S+ {2,}\S)(?=(?:.*\s)?\d[\d,.]*(?:\s|$))")
# A row's label (its first word two Chinese characters or more), beside as many values as the
# row above has: a row of its own, though printed right under that row (Chromium's prints leave
# no line between rows). A wrapped row's next line holds a few of its values at most, and a
# label's letters stacked one a line are one character each.
_VALUE = re.compile(r"(?<!\S)(?:\d[\d,.]*|[-/—无])(?!\S)")
_LABEL = re.compile(r"\s*\S*?[\u3400-\u9fff]{2}")
ROWS = 5  # such lines, at least, make a text laid out
PAGE = 100  # lines read at a time: a page's, as pdftotext prints pages (about 60)


def laid_out(raws: list[str]) -> bool:
    """Whether the text is laid out on a grid: enough lines spaced as a table's rows, and no
    tab or pipe rows (a table that keeps its cells its own way)."""
    rows = 0
    for raw in raws:
        if "\t" in raw or "|" in raw:
            return False
        rows += bool(_ROW.match(raw))
    return rows >= ROWS


def _width(text: str) -> int:
    """Columns a word covers on the page: a Chinese character about two. pdftotext prints it in
    one and pads the line to the next word's column, so a label's width is not in the text."""
    return sum(map(normalize.char_columns, text))


def _words(raw: str, top: float, n: int | str, width: int) -> list[Word]:
    """The line's words. One whose right end the text does not give (above) is taken to reach no
    nearer the next word than a cell's gap: Chinese is set without spaces, so a space between two
    words is a gap pdftotext saw on the page. A table's heading reaches across the page, as on
    the page: it ends the table above it, and is no label-only row of it (misprinted too: its
    table's header, run into it, had lost table 四 and the stretch's wrapped digits); so does
    table 四's line of proceedings, which begins it where its heading is lost."""
    found = list(_WORD.finditer(raw))
    if found and (_proceedings(found) or not _CELL_GAP.search(raw) and _a_heading(raw.strip())):
        found, ends = [next(_LINE.finditer(raw))], [width]  # (its words one: '第四部分 政府信息…')
    else:
        ends = [
            min(a.start() + _width(a.group()), b.start() - GAP) for a, b in zip(found, found[1:])
        ]
        ends += [found[-1].start() + _width(found[-1].group())] if found else []
    return [
        {
            "text": m.group(),
            "x0": m.start() * COLUMN,
            "x1": max(end, m.start() + 1) * COLUMN,
            "top": top,
            "bottom": top + HEIGHT,
            "where": f"line {n} col {m.start() + 1}",
        }
        for m, end in zip(found, ends)
    ]


def _proceedings(words: list[re.Match[str]]) -> bool:
    """Whether the line is table 四's proceedings alone ('行政复议   行政诉讼'), the first line of
    its header, which begins it where its heading is lost: it reaches across the page as a
    heading does (its header's stacked cells had run into table 三's columns, and table 三's
    wrapped numbers, read by those, were NULL: h025's 27 cells)."""
    return [w.group() for w in words] == list(_PROCEEDINGS)


_PROCEEDINGS = dict.fromkeys(p.zh.split("·")[0] for p in statutory().proceedings)
MISPRINTS = 2  # characters a heading misprinted may have lost, gained or changed (行田复议)


def _a_heading(line: str) -> bool:
    """Whether a line of one cell is a table's heading, as printed or misprinted (a line no
    longer than twice the heading: a sentence may name one)."""
    return any(
        m in line or (len(line) <= 2 * len(m) and _misprinted(m, line))
        for _, match in statutory().headings
        for m in match
    )


def _misprinted(heading: str, line: str) -> bool:
    if len(set(heading) - set(line)) > MISPRINTS:  # (the cheap bound first: most lines differ)
        return False
    blocks = SequenceMatcher(None, heading, line, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) >= len(heading) - MISPRINTS


def _pages(numbered: Iterable[tuple[int | str, str]]) -> list[list[tuple[int | str, str]]]:
    """The numbered lines page by page: pdftotext parts pages with a form feed."""
    pages: list[list[tuple[int | str, str]]] = [[]]
    for n, raw in numbered:
        head, *rest = raw.split("\f")
        pages[-1].append((n, head))
        pages += [[(n, part)] for part in rest]
    return pages


def _cuts(page: list[tuple[int | str, str]]) -> list[int]:
    """Where a page is cut into stretches of PAGE lines or so: at an empty line, which parts two
    rows, the first PAGE lines on (a row cut in two had its wrapped digits read as a row of
    their own: '88' over '8' as 88); at 2 PAGE lines, where none is empty, whatever they part."""
    cuts = [0]
    while cuts[-1] + PAGE < len(page):
        a = cuts[-1] + PAGE
        end = min(a + PAGE, len(page))
        cuts.append(next((k for k in range(a, end) if not page[k][1].strip()), end))
    return [*cuts, len(page)] if cuts[-1] < len(page) else cuts


def _stretch_words(stretch: list[tuple[int | str, str]]) -> tuple[list[Word], float, int]:
    """A stretch's words, its height and its width (in columns)."""
    words: list[Word] = []
    y, before = 0.0, 0
    width = max(len(raw) for _, raw in stretch)
    for n, raw in stretch:
        values = len(_VALUE.findall(raw))
        if values and values >= before and _LABEL.match(raw):
            y += HEIGHT  # (a row of its own, not a row's wrapped line: see _LABEL)
        words += _words(raw, y, n, width)
        y += HEIGHT
        before = values or before
    return words, y, width


def lines(numbered: Iterable[tuple[int | str, str]]) -> list[Line]:
    """The text's lines and rows, page by page, a page read PAGE lines at a time: the engine
    reads a page's table in time growing with the square of its rows, and a table running on is
    handed to the next stretch as to the next page."""
    out: list[Line] = []
    carry: list = []
    stretches = [  # (a blank cell's place names its page: the text's, as form feeds part it)
        (p, page[a:b], b == len(page))
        for p, page in enumerate(_pages(numbered), 1)
        for a, b in itertools.pairwise(_cuts(page))
    ]
    for p, stretch, ends_page in stretches:
        words, height, width = _stretch_words(stretch)
        if not words:
            continue
        if ends_page:  # (a lone number under a page's text is its number)
            words = page_numbers(words, width * COLUMN, height)
        placed, carry = word_lines(words, [], p, carry)
        out += [line for _, line in sorted(placed, key=lambda t: t[0])]
    return out
