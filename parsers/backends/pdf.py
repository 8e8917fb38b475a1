"""PDF: pdfplumber's characters, once per page, rebuilt into lines and table rows.

- Ruled tables (``find_tables`` on the page's ruling lines) become rows of their grid; a merged
  cell comes back as None and is written "" at every position but its top-left one (the span
  convention of the HTML backend). Text wrapped inside a cell is joined, a wrapped number only
  when its first line is full; a table continued on the next page simply continues.
- Many reports draw the whole page inside a frame, which ``find_tables`` reports as a one-column
  table: its rows, and rows whose single cell spans the full width, are running text.
- A "table" whose rules run through its words is a page's layout boxes (a browser's print of a
  portal page, the boxes of its frame around the title): its text is read as text.
- Text outside ruled tables goes to the unruled-table engine (parsers/backends/unruled.py), which
  turns positioned words into lines of text and rows of unruled tables.
- A page whose text does not read left to right as shown (its /Rotate turns an upright page, or
  its text is drawn sideways) is shown turned so that it does, and read again.
- A page where pdfplumber finds no characters falls back to pypdfium2's text layer (fonts it cannot
  map, e.g. some CFF CJK fonts); a document with no text anywhere needs OCR.
- A scan under another program's OCR layer (invisible text over a page-sized picture: OCRmyPDF,
  scanners, Acrobat) is read as the picture it is: that layer's digits come with no confidence
  to check them by (tesseract's layer had left 195 of 198 cells of a clean scan NULL).
- A page-sized picture with a stamp's worth of text over it may be a scan a portal stamped: it is
  read by OCR when the tables are not in the text.
- A page's first or last line of text like an earlier page's, or its last like a later page's,
  is a running head or foot: page furniture, taken out (see `_running_lines`).
- Ruled tables are found band by band of touching rules (see `_find_tables`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
from collections import Counter

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import LITERAL_FORM
from pdfminer.pdftypes import PDFStream, dict_value, resolve1
from pdfplumber.table import Table

from .. import normalize
from ..document import Cell, Document, Line, SourceFormat
from ..errors import CorruptDocument, EncryptedDocument, NeedsOCR, NotAReport
from . import ocr, page_furniture
from .unruled import CELL_PADDING_PT, Rows, page_numbers, word_lines

for _noisy in ("pdfminer", "pdfplumber"):  # warnings per broken object flood the logs
    logging.getLogger(_noisy).setLevel(logging.ERROR)


_STACKED_DIGITS = re.compile(r"[\d.,]+(?:\n[\d.,]+)+")
_SAME_LINE_PT = 1  # characters of one line of a cell: tops this close (points)


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
    first = [c for c in chars if abs(c["top"] - chars[0]["top"]) < _SAME_LINE_PT] if chars else []
    rest = [c for c in chars if c not in first]
    if first and rest:
        digit = rest[0]["x1"] - rest[0]["x0"]
        line = max(c["x1"] for c in first) - min(c["x0"] for c in first)
        if line + digit + 2 * CELL_PADDING_PT > bbox[2] - bbox[0]:
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
        cells = tuple(
            Cell(x, f"page {p} table {t} row {r} col {c}") for c, x in enumerate(texts, 1)
        )
        out.append((top, Line(cells, is_row=True)))
    return out


_CUT_SHARE = 1 / 3  # of its words; measured: real tables ≤ 1/10 (merged headers), page frames 1/2
_CUT_MIN = 5
_CUT_CHARS = 2  # of a word, in each of two cells


def _cuts_its_words(page, table) -> bool:
    """Whether the table's cell rules cut a third or more of the words inside it (at least two
    characters of a word in each of two cells): layout boxes drawn around and through text, not
    a table. Word, Excel and browsers keep a real table's words inside their cells."""
    rows = [(row.bbox[1], row.bbox[3], [c for c in row.cells if c]) for row in table.rows]

    def cell(ch) -> tuple[float, float] | None:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for top, bottom, cells in rows:
            if top <= y <= bottom:
                for box in cells:
                    if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                        return box[0], box[1]
        return None

    words = page.crop(table.bbox).extract_words(return_chars=True)
    cut = 0
    for word in words:
        counts: dict = {}
        for ch in word["chars"]:
            box = cell(ch)
            counts[box] = counts.get(box, 0) + 1
        cut += sum(n >= _CUT_CHARS for n in counts.values()) >= 2
    return cut >= _CUT_MIN and cut >= _CUT_SHARE * len(words)


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


_BORDER_RULES = 3  # rules stopping at one line that make a table's border there
_SNAP_PT = 3  # pdfplumber's snap tolerance: edges this close are one


# An edge's extent along its own direction and across it, by orientation.
_ALONG = {"h": ("x0", "x1"), "v": ("top", "bottom")}
_ACROSS = {"h": ("top", "bottom"), "v": ("x0", "x1")}


def _missing_borders(edges) -> dict:
    """find_tables settings adding a table's outer border where its rules all stop at one line
    but nothing is drawn along it. Chromium omits the right border of a table as wide as the
    page, and a row broken across pages (Word and browsers allow it) has its column rules run
    to the page's end with no rule under them: without the border, the last column or the
    broken row falls out of the grid."""
    settings: dict[str, list] = {}
    for rules, border in (("h", "v"), ("v", "h")):
        drawn = [
            e
            for e in edges
            if e["orientation"] == border
            and e[_ALONG[border][1]] - e[_ALONG[border][0]] >= _SNAP_PT
        ]
        stops: dict[int, list] = {}
        for e in edges:
            start, end = _ALONG[rules]
            if e["orientation"] == rules and e[end] - e[start] >= _SNAP_PT:
                stops.setdefault(round(e[start]), []).append(e)
                stops.setdefault(round(e[end]), []).append(e)
        for at, stopping in stops.items():
            lo = min(e[_ACROSS[rules][0]] for e in stopping)
            hi = max(e[_ACROSS[rules][1]] for e in stopping)
            along = _ALONG[border]
            if len(stopping) < _BORDER_RULES or any(
                abs(d[_ACROSS[border][0]] - at) <= _SNAP_PT
                and d[along[0]] < hi
                and d[along[1]] > lo
                for d in drawn
            ):
                continue
            settings.setdefault(
                f"explicit_{'vertical' if border == 'v' else 'horizontal'}_lines", []
            ).append(_line(border, at, lo, hi))
    return settings


def _line(orientation: str, at: float, lo: float, hi: float) -> dict:
    """A ruling line as pdfplumber's edges are: at x (vertical) or y (horizontal), from lo to hi."""
    if orientation == "v":
        box = {"x0": at, "x1": at, "top": lo, "bottom": hi, "width": 0, "height": hi - lo}
    else:
        box = {"x0": lo, "x1": hi, "top": at, "bottom": at, "width": hi - lo, "height": 0}
    return {"object_type": "line", "orientation": orientation, **box}


def _rule_bands(edges) -> list[tuple[float, float]]:
    """The vertical extents of groups of ruling lines that touch one another, top to bottom:
    a table lies within one (its cells are joined by its rules)."""
    bands: list[list[float]] = []
    for top, bottom in sorted((e["top"], e["bottom"]) for e in edges):
        if bands and top <= bands[-1][1] + _SNAP_PT:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    return [(top, bottom) for top, bottom in bands]


def _find_tables(page) -> list[Table]:
    """The page's ruled tables, found band by band (see `_rule_bands`). pdfplumber snaps the
    rules of the whole page at once, chaining positions 3 pt apart: a column of one table
    within reach of another table's column is moved onto it and cuts its digits (Chromium's
    table 四 printed under table 三, whose column is drawn 4 pt to the right)."""
    if not page.edges:
        return []
    bands = _rule_bands(page.edges)
    if len(bands) == 1:
        return page.find_tables(_missing_borders(page.edges))
    x0, top, x1, bottom = page.bbox
    tables: list[Table] = []
    for lo, hi in bands:
        lo, hi = max(top, lo - _SNAP_PT), min(bottom, hi + _SNAP_PT)
        band = page.crop((x0, lo, x1, hi)) if lo < hi else None  # rules off the page: none
        tables += band.find_tables(_missing_borders(band.edges)) if band and band.edges else []
    return tables


def _page_lines(page, p: int, carry: Rows) -> tuple[list[Line] | None, Rows]:
    """The page's lines in reading order, or None when pdfplumber sees no characters, and the
    rows of an unruled table running on to the next page (see `unruled.word_lines`)."""
    if not page.chars:
        return None, []
    page = _without_overprint(page)
    tables = [t for t in _find_tables(page) if not _cuts_its_words(page, t)]
    items = [item for t, table in enumerate(tables, 1) for item in _table_lines(table, p, t)]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    words, carry = word_lines(
        page_numbers(
            rest.extract_words(keep_blank_chars=False, use_text_flow=False),
            page.width,
            page.height,
        ),
        [c for c in rest.chars if c["text"].isspace()],
        p,
        carry,
    )
    items += words
    return [line for _, line in sorted(items, key=lambda it: it[0])], carry


_MAX_FORMS = 10_000  # form XObjects looked at per page


def _draws_itself(resources) -> bool:
    """Whether a form XObject of the page draws itself, directly or through other forms. pdfminer
    refuses to follow such a cycle, but pdfium loops on it inside FPDF_LoadPage, in C code that
    no time limit's signal reaches (only killing the worker ends it). True also when the forms
    cannot be followed (too many, or not what they claim): the page is then not given to pdfium."""
    try:
        stack: list[tuple[object, tuple[int, ...]]] = [(resources, ())]
        seen = 0
        while stack:
            res, path = stack.pop()
            xobjects = dict_value(dict_value(res).get("XObject") or {})
            for ref in xobjects.values():
                key = getattr(ref, "objid", None)
                if key is not None and key in path:
                    return True
                xobj = resolve1(ref)
                if isinstance(xobj, PDFStream) and xobj.get("Subtype") is LITERAL_FORM:
                    seen += 1
                    if seen > _MAX_FORMS:
                        return True
                    own = xobj.get("Resources") or res  # none: the page's (PDF 1.1)
                    stack.append((own, path + (key or id(xobj),)))
    except Exception:  # noqa: BLE001 - a broken resource dictionary: pdfminer drew what it could
        return True
    return False


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


def _pdfium_pages(data: bytes, wanted: set[int] | None) -> dict[int, list[Line] | None]:
    """Text lines of pdfium's text layer for the wanted pages (1-based; None = all)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument(
                "password-protected PDF: cannot read without the password"
            ) from None
        raise CorruptDocument(f"damaged PDF, unreadable by pdfplumber and pdfium: {e}") from None
    out: dict[int, list[Line] | None] = {}
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
    except Exception as e:  # noqa: BLE001 - pdfplumber wraps every pdfminer failure in PdfminerException
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedDocument(
                "password-protected PDF: cannot read without the password"
            ) from None
        return None


_PICTURED = 0.2  # of a page's area: an image this large may be a table (read by OCR if no
# table is found in the text)
_MOSTLY = 0.5  # of a page's area: an image this large, with no text over it, is the page
_TEXT_OVER = 20  # characters over a picture: more, and the picture is a background
# characters over a page-sized picture that may be a stamp on a scan (a portal's "downloaded from
# … at …", page numbers a PDF tool added), not the page's own text: more, and it is the page's
_STAMPED = 120


_Plumbed = tuple[
    dict[int, list[Line] | None],
    dict[int, float],
    set[int],
    dict[int, int],
    dict[int, tuple[float, int]],
]


def _plumber_pages(pdf) -> _Plumbed | None:
    """Lines per page, None for a page without characters, the pages' pictures (the share of
    the page under images, where no text is printed over them), pages whose forms draw
    themselves, pages whose text does not read left to right as shown (see _text_turn), and
    pages mostly under images with text over them (a scan's OCR layer or stamp, or a background:
    the share and the characters over them); None
    when pdfminer chokes on the file (it raises anything from anywhere on broken streams)."""
    pages: dict[int, list[Line] | None] = {}
    pictured: dict[int, float] = {}
    looping: set[int] = set()  # pages whose forms draw themselves: pdfium would never return
    turned: dict[int, int] = {}
    covered: dict[int, tuple[float, int]] = {}
    carry: Rows = []
    try:
        for p, page in enumerate(pdf.pages, 1):
            try:
                pages[p], carry = _page_lines(page, p, carry)
                if turn := _text_turn(page):
                    turned[p] = (page.rotation + turn) % 360
                bare, under_text, over = _pictures(page)
                if bare:
                    pictured[p] = bare
                if under_text >= _MOSTLY and not _draws_itself(page.page_obj.resources):
                    covered[p] = under_text, over
                if pages[p] is None and _draws_itself(page.page_obj.resources):
                    pages[p] = []  # no text, and not for pdfium either (nor its OCR rendering)
                    looping.add(p)
            finally:
                page.close()
    except Exception:  # noqa: BLE001 - any failure of pdfplumber: the pypdfium2 text layer takes over
        return None
    finally:
        with contextlib.suppress(Exception):  # closing a broken file can raise again
            pdf.close()
    return pages, pictured, looping, turned, covered


def _text_turn(page) -> int:
    """Degrees clockwise the page must be shown turned by for most of its characters to read
    left to right; 0 when they do. A viewer told to show an upright page turned (/Rotate, a
    landscape page turned the wrong way) makes every line a column of single characters."""
    turns = Counter(
        round(math.degrees(math.atan2(ch["matrix"][1], ch["matrix"][0])) / 90) % 4
        for ch in page.chars
        if not ch["text"].isspace()
    )
    if not turns:
        return 0
    k, n = turns.most_common(1)[0]
    return 90 * k if n > sum(turns.values()) / 2 else 0


def _shown_turned(data: bytes, rotation: dict[int, int]) -> bytes | None:
    """The PDF with the pages' /Rotate set anew (page → degrees); None when pdfium cannot."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
        try:
            for p, degrees in rotation.items():
                doc[p - 1].set_rotation(degrees)
            buf = io.BytesIO()
            doc.save(buf)
            return buf.getvalue()
        finally:
            doc.close()
    except Exception:  # noqa: BLE001 - a file pdfium cannot rewrite is read as it is shown
        return None


def _read_upright(data: bytes, rotation: dict[int, int]) -> tuple[bytes, _Plumbed] | None:
    """The PDF with its pages shown turned as ``rotation`` says, and its pages read again; None
    when pdfium cannot rewrite it or pdfplumber cannot read the rewrite."""
    upright = _shown_turned(data, rotation)
    again = _open(upright) if upright is not None else None
    read = _plumber_pages(again) if again is not None else None
    return (upright, read) if upright is not None and read is not None else None


def _pictures(page) -> tuple[float, float, int]:
    """The shares of the page covered by images with (almost) no text over them (scanned or
    pasted pages and tables), and by images with text over them, and the characters over those.
    A page without images costs nothing here."""
    if not page.images:
        return 0.0, 0.0, 0
    area = float(page.width * page.height) or 1.0
    bare = under_text = 0.0
    chars = 0
    for im in page.images:
        x0, top = max(0.0, float(im["x0"])), max(0.0, float(im["top"]))
        x1, bottom = (
            min(float(page.width), float(im["x1"])),
            min(float(page.height), float(im["bottom"])),
        )
        if x1 <= x0 or bottom <= top:
            continue
        over = sum(x0 <= c["x0"] <= x1 and top <= c["top"] <= bottom for c in page.chars)
        share = (x1 - x0) * (bottom - top) / area
        if over <= _TEXT_OVER:
            bare += share
        else:
            under_text, chars = under_text + share, chars + over
    return min(bare, 1.0), min(under_text, 1.0), chars


_INVISIBLE = (3, 7)  # PDF text render modes that paint nothing (7 also clips)
_OCR_LAYER = 0.9  # of a page's text objects invisible: a scan's OCR layer


def _ocr_layers(data: bytes, pages: set[int]) -> set[int]:
    """Of the pages (1-based), those whose text is (almost) all invisible: the OCR layer another
    program laid over a scan (OCRmyPDF, a scanner's or Acrobat's OCR). Its digits were read by
    someone else, with no confidence to check them by: the page is read as the picture it is."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not pages:
        return set()
    out = set()
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return set()
    try:
        for p in sorted(pages):
            with contextlib.suppress(pdfium.PdfiumError):
                page = doc[p - 1]
                try:
                    modes = [
                        pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
                        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT])
                    ]
                finally:
                    page.close()
                if modes and sum(m in _INVISIBLE for m in modes) >= _OCR_LAYER * len(modes):
                    out.add(p)
    finally:
        doc.close()
    return out


def _running_lines(pages: dict[int, list[Line] | None]) -> list[int]:
    """Takes out, in place, each page's running head or foot (page_furniture.running: a page's
    first or last line of text, not a grid's row, like another page's). The pages it was taken
    from."""
    order = sorted(pages)
    heads = [{0: ln[0].text} if (ln := pages[p]) and not ln[0].is_row else {} for p in order]
    feet = [
        {len(ln) - 1: ln[-1].text} if (ln := pages[p]) and len(ln) > 1 and not ln[-1].is_row else {}
        for p in order
    ]
    out = []
    for p, repeated in zip(order, page_furniture.running(heads, feet), strict=True):
        if repeated:
            pages[p] = [ln for i, ln in enumerate(pages[p] or []) if i not in repeated]
            out.append(p)
    return out


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The PDF's lines. Pages without a text layer, and pages that are mostly a picture, are read
    by OCR (when it is on), and so are ``ocr_pages`` (parsers.parse asks for the pages with
    pictures when the statutory tables are not in the text). ``Document.unread_pages``: pages
    with pictures that were not read."""
    notes: list[str] = []
    pdf = _open(data)
    read = _plumber_pages(pdf) if pdf is not None else None
    if read is not None and read[3] and (upright := _read_upright(data, read[3])):
        notes.append(f"pages {sorted(read[3])} were shown turned: read with their text upright")
        data, read = upright
    pictured: dict[int, float] = {}
    looping: set[int] = set()
    layered: set[int] = set()
    covered: dict[int, tuple[float, int]] = {}
    if read is None:  # pdfium repairs many files pdfminer cannot parse
        pages = _pdfium_pages(data, None)
        notes.append("read with pdfium: pdfplumber could not parse the file")
    else:
        pages, pictured, looping, _, covered = read
        if layered := _ocr_layers(data, set(covered)):
            notes.append(
                f"pages {sorted(layered)} are scans under another program's OCR text layer "
                "(invisible text): read as pictures"
            )
            pictured.update({p: covered[p][0] for p in layered})
        if missing := {p for p, lines in pages.items() if lines is None}:
            pages.update(_pdfium_pages(data, missing))
            if any(pages[p] for p in missing):
                notes.append(
                    f"pages {sorted(p for p in missing if pages[p])} read from pdfium's text layer"
                )
    if not pages:
        raise CorruptDocument("PDF has no pages")
    if unmapped := sorted(p for p, lines in pages.items() if lines and _unmapped(lines)):
        notes.append(
            f"pages {unmapped} have a text layer whose glyphs map to no characters (fonts "
            "without a ToUnicode map): read as pictures"
        )
        pages.update({p: [] for p in unmapped})
    fmt: SourceFormat = "pdf"
    unread: list[int] = []
    empty = [p for p in sorted(pages) if not pages[p] and p not in looping]
    pictures = sorted(
        p for p in pages if p not in empty and pictured.get(p, 0) >= _MOSTLY or p in ocr_pages
    )
    if empty or pictures:
        if ocr.enabled():
            pages.update(_ocr_pages(data, empty + pictures))
            fmt = "pdf-ocr"
            if empty:
                notes.append(f"pages {empty} have no text layer: read by OCR at {ocr.DPI} dpi")
            if pictures:
                notes.append(f"pages {pictures} are pictures: read by OCR at {ocr.DPI} dpi")
        else:
            unread = sorted({*empty, *pictures})
            notes.append(f"pages {unread} are pictures (OCR switched off)")
            pages.update({p: [] for p in layered})  # (another program's reading is not ogi's)
    if running := _running_lines(pages):
        notes.append(f"a line repeated atop or at the foot of pages {running}: page furniture")
    lines = [ln for p in sorted(pages) for ln in pages[p] or []]
    if not any(c.text.strip() for ln in lines for c in ln.cells):
        if looping:
            raise CorruptDocument(
                f"damaged PDF: no text layer, and pages {', '.join(map(str, sorted(looping)))} "
                "draw a form that contains itself, which cannot be rendered for OCR"
            )
        if unread:
            own = (
                " of its own (only another program's OCR)"
                if layered
                else " that maps to characters"
                if unmapped
                else ""
            )
            raise NeedsOCR(
                f"no text layer{own}: {_pages(unread)} OCR, which is switched off (OGI_OCR=off)"
            )
        raise NotAReport("no text layer, and OCR found no text on its pages")
    doc = normalize.document(lines, fmt, notes)
    read_by_ocr = {*empty, *pictures} if fmt == "pdf-ocr" else set()
    # A page-sized picture with a stamp's worth of text over it (a portal stamps the scans it
    # serves: "downloaded from … at …") may be a scan: read if the tables are not in the text.
    stamped = {p for p, (_, n) in covered.items() if n <= _STAMPED and p not in layered}
    doc.unread_pages = sorted(
        {
            *unread,
            *(p for p in pictured if p not in read_by_ocr and pictured[p] >= _PICTURED),
            *(p for p in stamped if p not in read_by_ocr),
        }
    )
    return doc


# A glyph the text layer cannot name: pdfminer's "(cid:N)", or a code taken for a Latin-1 or
# private-use character (a CID font without a ToUnicode map, as some typesetting systems and
# print drivers embed Chinese fonts, gives 'ÇÈÉ‹Ê(cid:30)½'). What a report's text is made of:
# Han, CJK and full-width punctuation, ASCII, quotes, dashes, the ellipsis and the middle dot.
_CID = re.compile(r"\(cid:\d+\)")
_NAMED = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\x21-\x7e\u2010-\u2026\u00b7\s]")
_UNMAPPED_SHARE = 0.3  # of a page's characters: more unnamed than this, and its text is no text


def _unmapped(lines: list[Line]) -> bool:
    """Whether a page's text layer is mostly glyphs that map to no characters: copying it gives
    '(cid:2)(cid:3)ÇÈÉ…', and only its picture can be read."""
    text = "".join(c.text for ln in lines for c in ln.cells)
    cids = len(_CID.findall(text))
    text = _CID.sub("", text)
    named = len(_NAMED.findall(text)) - sum(ch.isspace() for ch in text)
    unnamed = cids + len(text) - len(_NAMED.findall(text))
    return unnamed > _UNMAPPED_SHARE * (unnamed + named)


def _pages(pages: list[int]) -> str:
    """ "page 3 needs", "pages 1-3, 5 need": page numbers as a person writes them."""
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
