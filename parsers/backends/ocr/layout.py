"""A page image read into the Document lines the PDF backend builds for a text layer: ruled
tables (parsers.backends.ocr.grid) as rows of their grid, merged cells "" past their top-left one;
everything else as words with positions handed to the unruled-table engine (parsers.backends.unruled),
so the interpreter cannot tell OCR'd text from a text layer's."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import numpy as np

from ... import normalize
from ...document import Cell, Line
from .. import unruled
from . import engine, grid, provenance
from .engine import Glyph, Read
from .page import PageImage, rotated

# A glyph in a ruled table: (lattice row, lattice column, glyph, the read it belongs to)
Placed = tuple[int, int, Glyph, Read]


def read_page(page: PageImage, p: int, unit: str, carry):
    """(lines, carry): the page's lines in reading order and the unruled-table rows running on
    to the next page (parsers.backends.unruled.word_lines)."""
    grids, clean = grid.find(page.gray, page.dpi)
    boxes = engine.detect(clean)
    if quarters := engine.quarter_turns(clean, boxes):
        page = rotated(page, quarters)
        grids, clean = grid.find(page.gray, page.dpi)
        boxes = engine.detect(clean)
    reads = _read_once(
        engine.recognize_all(clean, boxes)
        + [r for r in engine.leftovers(clean, boxes, page.dpi) if _sure(r)]
    )
    text_height = float(np.median([r.box[3] - r.box[1] for r in reads])) if reads else 0.0
    reads = [_blotted(r, text_height) for r in reads if not _remnant(r, text_height)]
    if page.struck is not None:
        reads = [_struck(r, page.struck) for r in reads]
    scale = 72 / page.dpi if unit == "pt" else 1.0
    inside: dict[int, list[Placed]] = defaultdict(list)
    words = []
    for read in reads:
        cy = (read.box[1] + read.box[3]) / 2
        for run in _words(read):
            for piece, (k, rc) in _by_cell(run, cy, grids):
                if k is None:
                    words.append(_word(piece, read, scale, unit, page.turned))
                else:
                    inside[k] += [(*rc, g, read) for g in piece]
    ink = _ink_level(clean)
    for k, g in enumerate(grids):
        found = _missed(g, inside[k], clean, text_height, ink)
        inside[k] = _by_cell_ink(g, found, clean, ink, page.dpi, text_height)
    items = [
        item
        for k, g in enumerate(grids)
        for item in _table_lines(g, inside[k], k + 1, p, scale, unit, page.turned)
    ]
    height, width = (v * scale for v in page.gray.shape)
    lines, carry = unruled.word_lines(unruled.page_numbers(words, width, height), [], p, carry)
    items += lines
    return [line for _, line in sorted(items, key=lambda it: it[0])], carry


def _struck(read: Read, struck: np.ndarray) -> Read:
    """A digit a streak ran across or beside may have lost a stroke to it ('0' left as '5') or
    kept one of the streak's: it could be any digit, which the trust rules then weigh
    (parsers.ocr_trust)."""
    top, bottom = int(read.box[1]), math.ceil(read.box[3])
    near = math.ceil((bottom - top) / 4)  # a stroke's width and a little: what it may have lost
    glyphs = tuple(
        replace(g, conf=0.0, alt=provenance.ANY_DIGIT, alt_conf=1.0)
        if g.char.isdigit()
        and struck[top:bottom, max(0, int(g.x0) - near) : math.ceil(g.x1) + near].any()
        else g
        for g in read.glyphs
    )
    return replace(read, glyphs=glyphs) if glyphs != read.glyphs else read


def _read_once(reads: list[Read]) -> list[Read]:
    """Each glyph once: where two of the detector's boxes on a line overlap (one ending inside
    the next), the ink between is read by both ("10 1 0 0 0" and "0 0 0 0 0" share a 0, which
    would make a cell "0 0"). The copy whose centre lies inside the other read's box, beside a
    glyph of it, is dropped; when each copy lies in the other's box, the later read's."""

    def copies(g: Glyph, other: Read) -> bool:
        c, w = (g.x0 + g.x1) / 2, g.x1 - g.x0
        return other.box[0] <= c <= other.box[2] and any(
            h.x0 - w <= c <= h.x1 + w for h in other.glyphs if not h.char.isspace()
        )

    out = []
    for i, r in enumerate(reads):
        others = [
            (j, o)
            for j, o in enumerate(reads)
            if j != i
            and o.box[0] < r.box[2]
            and r.box[0] < o.box[2]
            and min(r.box[3], o.box[3]) - max(r.box[1], o.box[1])
            > 0.5 * min(r.box[3] - r.box[1], o.box[3] - o.box[1])
        ]
        if not others:
            out.append(r)
            continue
        keep = tuple(
            g
            for g in r.glyphs
            if g.char.isspace()
            or not any(
                copies(g, o) and (j < i or not any(copies(h, r) for h in o.glyphs))
                for j, o in others
            )
        )
        if any(not g.char.isspace() for g in keep):
            out.append(replace(r, glyphs=keep))
    return out


_STROKES = set("1|lIi丨!")  # what a stretch of rule reads as
_REMNANT_HEIGHT = 1.25  # times the page's median text height (digits are shorter than it)
_REMNANT_UNSURE = 0.6  # a hairline read below this confidence is no digit


def _remnant(read: Read, text_height: float) -> bool:
    """A piece of a rule the grid did not find (a table printed with double or faint borders),
    read as "1" or "I": one thin stroke taller than the page's text, where a printed "1" is no
    taller than the other digits, nor a hairline. Measured on Chromium prints of HTML tables:
    remnants 21–23 px high against text of median 16 and digits of 12–13, or under a seventh as
    wide as high and read at confidence 0.3–0.5. A border's corner (the stroke and a stub of the
    rule across) is as tall and up to half as wide: read as "1" with "7" runner-up."""
    chars = "".join(g.char for g in read.glyphs if not g.char.isspace())
    x0, top, x1, bottom = read.box
    height, width = bottom - top, x1 - x0
    if (
        not chars
        or not set(chars) <= _STROKES
        or width >= (0.5 if len(chars) == 1 else 0.3) * height
    ):
        return False
    unsure = min(g.conf for g in read.glyphs) < _REMNANT_UNSURE
    # taller than text; or a hairline (a printed 1 is over a quarter as wide as it is high)
    # that the recogniser itself doubts
    return height > _REMNANT_HEIGHT * text_height or (width < 0.15 * height and unsure)


def _blotted(read: Read, text_height: float) -> Read:
    """A lone digit (or round mark) read in a box taller than the page's text, where a printed
    digit is shorter than it: a blot, or a digit a mark above or below ran into (a watermark's
    letters across a cell read as 'O', a 0 read as '4'). It could be any digit, which the trust
    rules then weigh (parsers.ocr_trust)."""
    glyphs = [g for g in read.glyphs if not g.char.isspace()]
    if (
        len(glyphs) != 1
        or not (glyphs[0].char.isdigit() or glyphs[0].char in provenance.ZERO_LOOKALIKES)
        or read.box[3] - read.box[1] <= _REMNANT_HEIGHT * text_height
    ):
        return read
    (g,) = glyphs
    char = g.char if g.char.isdigit() else "0"
    doubted = replace(g, char=char, conf=0.0, alt=provenance.ANY_DIGIT, alt_conf=1.0)
    return replace(read, glyphs=tuple(doubted if x is g else x for x in read.glyphs))


_LEFTOVER_CONF = 0.5  # a reading of ink the detector left out: more likely than not a character


def _sure(read: Read) -> bool:
    """Whether a reading of ink the detector left out is text, not a speck or a stray mark."""
    glyphs = provenance.digits_of(list(read.glyphs))
    return sum(g.conf for g in glyphs) / len(glyphs) >= _LEFTOVER_CONF


def _words(read: Read) -> list[list[Glyph]]:
    """The read's glyphs cut at its blank stretches (and spaces): the words of a line, the
    cells of an unruled table's row."""
    runs: list[list[Glyph]] = [[]]
    gaps = iter(read.gaps)
    gap = next(gaps, None)
    for g in read.glyphs:
        centre = (g.x0 + g.x1) / 2
        while gap is not None and centre > gap[1]:
            gap = next(gaps, None)
            if runs[-1]:
                runs.append([])
        if g.char.isspace():
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(g)
    return [provenance.digits_of(r) for r in runs if r]


def _by_cell(run: list[Glyph], cy: float, grids: list[grid.Grid]):
    """The run cut into pieces by the table cell each glyph's centre falls in:
    [(glyphs, (grid index or None, (lattice row, column)))]."""
    out: list[tuple[list[Glyph], tuple]] = []
    for g in run:
        cx = (g.x0 + g.x1) / 2
        key: tuple[int | None, tuple[int, int] | None] = (None, None)
        for k, gr in enumerate(grids):
            if (rc := gr.cell_at(cx, cy)) is not None:
                key = (k, rc)
                break
        if out and out[-1][1] == key:
            out[-1][0].append(g)
        else:
            out.append(([g], key))
    return out


def _missed(
    g: grid.Grid, placed: list[Placed], clean, text_height: float, ink: int
) -> list[Placed]:
    """The grid's cells read again, whole, where the detector's boxes left ink of theirs out: a
    cell it found nothing in (a lone small digit often escapes it), or a cell with ink beside
    what it read (a minus sign is too thin for it: "-1" would be read "1"). What is read is the
    page's ink in the cell: a lighter mark across it (a watermark's grey letters) is no text, and
    read with a digit it had made a '1' a '0'."""
    reads: dict[tuple[int, int], list[Read]] = {}
    for r, c, _, read in placed:
        reads.setdefault(g.top_left(r, c), []).append(read)
    rows, cols = g.owner.shape
    again: set[tuple[int, int]] = set()
    out: list[Placed] = []
    for r in range(rows):
        for c in range(cols):
            if g.top_left(r, c) != (r, c):
                continue
            box = g.box(r, c, inset=2)
            if (r, c) in reads and not _ink_beside(clean, box, reads[(r, c)]):
                continue
            again.add((r, c))
            dark = engine.ink_box(clean, box, ink)
            for read in engine.recognize_all(clean, [dark[0]] if dark else []):
                if not _remnant(read, text_height):
                    out += [(r, c, glyph, read) for run in _words(read) for glyph in run]
    kept = [item for item in placed if g.top_left(item[0], item[1]) not in again]
    return kept + out


_RULE_BAND = 0.03  # inches either side of a rule that its fringe reaches (double borders, grain)
_CELL_INK = 0.0002  # square inches of ink in a cell's interior that text has at least (a '-')
_DASH_HEIGHT = 0.3  # a dash is at most this many text heights thick, and wider than thick
_SLASH_SLANT = 0.25  # a slash's top is this many of its heights right of its foot, or more


def _ink_level(clean) -> int:
    """The grey below which a pixel of the page is ink (Otsu's threshold)."""
    import cv2

    level, _ = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return int(level)


def _by_cell_ink(
    g: grid.Grid, placed: list[Placed], clean, ink: int, dpi: float, text_height: float
) -> list[Placed]:
    """What was read in each cell, checked against the ink inside it, clear of its rules (text
    stands clear of them): nothing there (a double border's second line or grey fringe, left
    where the found rules were painted out, read as '1', '3' or '13': h025's Chromium print,
    each cell with a border of its own) drops the reading; one stroke alone is the n/a mark it
    looks like, whatever it was read as (a dash alone is read '0', '"', '…' or 'm', a slash '1'
    with '7' runner-up)."""
    import cv2

    band = _RULE_BAND * dpi
    least = _CELL_INK * dpi * dpi
    cells: dict[tuple[int, int], list[Placed]] = defaultdict(list)
    for item in placed:
        cells[g.top_left(item[0], item[1])].append(item)
    out: list[Placed] = []
    for (r, c), items in cells.items():
        x0, y0, x1, y1 = map(int, g.box(r, c, inset=band))
        crop = clean[max(y0, 0) : max(y1, y0), max(x0, 0) : max(x1, x0)]
        interior = (crop < ink).astype(np.uint8)
        if int(interior.sum()) < least:
            continue
        n, labels, stats, _ = cv2.connectedComponentsWithStats(interior)
        marks = [k for k in range(1, n) if stats[k, cv2.CC_STAT_AREA] >= least / 4]
        blob = np.isin(labels, marks)
        if marks and (mark := _lone_mark(crop, blob, ink, text_height, len(marks))):
            xs = np.nonzero(blob.any(axis=0))[0]
            glyph = Glyph(mark, 1.0, "", 0.0, x0 + xs[0], x0 + xs[-1] + 1)
            out.append((*items[0][:2], glyph, items[0][3]))
            continue
        out += _without_specks(items)
    return out


_SPECKS = frozenset(".。,，、·'`‘’")


def _without_specks(items: list[Placed]) -> list[Placed]:
    """A number read with a speck before or after it ('1.': a border's grain beside the cell's
    count; "'0": the edge of a seal's star) is the number, the digit beside the speck as
    doubtful as the speck was. Read as label text, '1.' had left h001's table 四 row a cell
    short, all 15 cells NULL."""
    glyphs = sorted((it for it in items if not it[2].char.isspace()), key=lambda it: it[2].x0)
    chars = "".join(it[2].char for it in glyphs)
    number = chars.strip("".join(_SPECKS))
    if not number.isdigit() or len(number) == len(chars):
        return items
    first = chars.index(number)
    last = first + len(number)
    digits = glyphs[first:last]
    for end, specks in ((0, glyphs[:first]), (-1, glyphs[last:])):
        if specks:
            r, c, glyph, read = digits[end]
            doubt = min(glyph.conf, *(it[2].conf for it in specks))
            digits[end] = (r, c, replace(glyph, conf=doubt), read)
    return digits


def _lone_mark(
    gray: np.ndarray, blob: np.ndarray, ink: int, text_height: float, pieces: int
) -> str | None:
    """What the ink of a cell is when it is one mark: '-' for a dash, thin and wider than it is
    thick, as a whole or in its core (its pixels darker than halfway from its darkest to the
    ink level: blurred, a hyphen in small type is 3 pixels square, its core 3 by 1), maybe in
    pieces (an em dash at 150 dpi, grainy); '/' for a slash in one piece, its top a third of its
    height right of its foot (measured: slashes 0.33–0.40, digits at most 0.13, a 7); None for
    anything else."""
    darkest = int(gray[blob].min())
    if _flat(blob, text_height) or _flat(blob & (gray <= (darkest + ink) // 2), text_height):
        return "-"
    if pieces > 1:
        return None
    ys, xs = np.nonzero(blob)
    h = int(ys.max() - ys.min()) + 1
    quarter = max(1, h // 4)
    top, foot = xs[ys < ys.min() + quarter].mean(), xs[ys > ys.max() - quarter].mean()
    return "/" if (top - foot) / h >= _SLASH_SLANT else None


def _flat(blob: np.ndarray, text_height: float) -> bool:
    ys, xs = np.nonzero(blob)
    h, w = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
    return h <= _DASH_HEIGHT * text_height and w > h


def _ink_beside(clean, box, reads: list[Read]) -> bool:
    """Whether the cell has ink left or right of everything read in it."""
    ink = engine.ink_extent(clean, box)
    if ink is None:
        return False
    x0 = min(rd.box[0] for rd in reads)
    x1 = max(rd.box[2] for rd in reads)
    height = max(rd.box[3] - rd.box[1] for rd in reads)
    return ink[0] < x0 - height / 3 or ink[1] > x1 + height / 3


def _box(glyphs: list[Glyph], read: Read) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = read.box
    return max(x0, glyphs[0].x0), top, min(x1, glyphs[-1].x1), bottom


def _word(run: list[Glyph], read: Read, scale: float, unit: str, turned: int) -> dict:
    """A word as pdfplumber gives one (points from the page's top-left), with its glyphs."""
    x0, top, x1, bottom = (v * scale for v in _box(run, read))
    return {
        "text": "".join(g.char for g in run),
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "glyphs": run,
        "unit": unit,
        "turned": turned,
    }


def word_where(p: int, words: list[dict]) -> str:
    """The where of a cell made of OCR'd words (parsers.backends.unruled)."""
    box = (
        min(w["x0"] for w in words),
        min(w["top"] for w in words),
        max(w["x1"] for w in words),
        max(w["bottom"] for w in words),
    )
    glyphs = [g for w in words for g in w["glyphs"]]
    return provenance.where(f"page {p}", box, words[0]["unit"], glyphs, words[0]["turned"])


def _table_lines(
    g: grid.Grid, placed: list[Placed], t: int, p: int, scale: float, unit: str, turned: int
):
    """The grid's rows as pdf._table_lines makes them: a merged cell's text at its top-left
    lattice cell, "" elsewhere; a row with text only in its first cell (or a one-column frame)
    is running text."""
    by_cell: dict[tuple[int, int], list[tuple[Glyph, Read]]] = defaultdict(list)
    for r, c, glyph, read in placed:
        by_cell[g.top_left(r, c)].append((glyph, read))
    rows, cols = g.owner.shape
    out = []
    for r in range(rows):
        texts: list[str | None] = []
        wheres: list[str] = []
        for c in range(cols):
            if g.top_left(r, c) != (r, c):
                texts.append(None)
                wheres.append("")
                continue
            text, glyphs, box = _cell_text(by_cell.get((r, c), []))
            texts.append(text)
            prefix = f"page {p} table {t} row {r + 1} col {c + 1}"
            wheres.append(
                provenance.where(prefix, tuple(v * scale for v in box), unit, glyphs, turned)
                if glyphs
                else prefix
            )
        if not any(texts):
            continue
        top = g.ys[r] * scale
        if cols == 1 or all(x is None for x in texts[1:]):
            out.append((top, Line((Cell(texts[0] or "", wheres[0]),))))
            continue
        cells = tuple(Cell(x or "", w) for x, w in zip(texts, wheres))
        out.append((top, Line(cells, is_row=True)))
    return out


def _cell_text(items: list[tuple[Glyph, Read]]):
    """(text, glyphs in reading order, ink box) of one cell: its reads top to bottom, lines of
    a wrapped label joined."""
    if not items:
        return "", [], (0, 0, 0, 0)
    lines: dict[int, list[Glyph]] = defaultdict(list)
    boxes: dict[int, Read] = {}
    for glyph, read in items:
        lines[id(read)].append(glyph)
        boxes[id(read)] = read
    order = sorted(lines, key=lambda k: (boxes[k].box[1], boxes[k].box[0]))
    glyphs = [gl for k in order for gl in sorted(lines[k], key=lambda gl: gl.x0)]
    text = normalize.join_wrapped(
        "\n".join("".join(gl.char for gl in sorted(lines[k], key=lambda gl: gl.x0)) for k in order)
    )
    x0 = min(max(boxes[k].box[0], min(gl.x0 for gl in lines[k])) for k in order)
    x1 = max(min(boxes[k].box[2], max(gl.x1 for gl in lines[k])) for k in order)
    return (
        text,
        glyphs,
        (x0, min(boxes[k].box[1] for k in order), x1, max(boxes[k].box[3] for k in order)),
    )
