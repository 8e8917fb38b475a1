"""Plain text and markdown (crawled copies, PDF-to-text, OCR output): decode, then one line per
text line. Tab-separated lines and pipe lines become rows whose cells keep their positions (a
blank cell stays ""); a markdown separator row (``|---|---|``) is dropped, heading marks and
``**bold**`` are removed. Tables drawn with characters (grid and dash-ruled tables,
drawn_tables.py) and HTML tables inside markdown are rows of their own grids. Tables as web text
extractors write them (extracted_tables.py) are put back into rows where the extractor broke
them over lines; where it dropped their empty cells, the cells are read one per line.

Decoding never guesses silently: strict UTF-8, then a BOM, then strict GB18030 and Big5, then
charset-normalizer; a decoding whose characters are not ordinary Chinese text is refused rather
than passed on as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .. import normalize
from ..document import Cell, Document, Line
from ..errors import NotAReport, UnsupportedFormat
from . import (
    drawn_tables,
    extracted_tables,
    laid_out,
    latex_tables,
    nesting,
    page_furniture,
    run_together,
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_DIGIT = re.compile(r"\d")
# A table's rows run together on one line, their rules among the cells ('| 规章 | 0 | |  |  |
# | --- | --- | | 规范性文件 | …'): markdownify writes a table nested in a page's layout table
# into one cell of it. Its spacing still parts rows from blank cells (run_together.py); a line
# spaced otherwise keeps no positions, and its cells are read one per line, in order.
# (Matched at the line's start only: searched, its lookaheads would rescan a long line from
# every position.)
_ROWS_RUN_TOGETHER = re.compile(r"(?=.*[^\s|:-])(?=.*\|\s*:?-{3,}:?\s*\|\s*:?-{3,}:?\s*\|)")
_MD_RULE_CELL = re.compile(r"\s*:?-{3,}:?\s*")


@lru_cache(maxsize=8192)
def _common(ch: str) -> bool:
    """A character that Chinese text is made of: GB2312 (simplified) or Big5 (traditional)."""
    for enc in ("gb2312", "big5"):
        try:
            ch.encode(enc)
            return True
        except UnicodeEncodeError:
            pass
    return False


def plausible(text: str) -> bool:
    """False for mojibake: a wrong CJK codec yields rare characters, kana and symbols
    (Big5 read as GBK: ~20% of them); real reports stay well under 5%."""
    odd = [ch for ch in text[:20000] if not ch.isascii()]
    if not odd:
        return True
    rare = sum(1 for ch in odd if not (_common(ch) or unicodedata.category(ch).startswith("Z")))
    return rare <= 0.05 * len(odd)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# Unicode category Cc (C0 and C1 controls) except the whitespace controls \t \n \v \f \r.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL.findall(text))
    return controls > 0.01 * max(len(text), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows itself by NULs in the high byte of its ASCII characters (digits,
    newlines); a report's text may be almost all CJK, so a few NULs suffice when the decoding is
    plausible Chinese text, trying first the byte order whose high bytes hold more of them."""
    if len(data) % 2:
        return None
    orders = sorted(
        (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])), key=lambda o: -o[1].count(0)
    )
    for enc, high in orders:
        if not high.count(0):
            continue
        text = _strict(data, enc)
        if (
            text is not None
            and normalize.HAN.search(text)
            and not _looks_binary(text)
            and plausible(text)
        ):
            return text
    return None


def _truncated_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, note) for UTF-8 cut inside its last character (an interrupted download): the
    incomplete sequence of at most 3 bytes at the very end is dropped, nothing else."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        if e.reason != "unexpected end of data" or e.end != len(data) or len(data) - e.start > 3:
            return None
        text = _strict(data[: e.start], "utf-8")
        if text is None:
            return None
        dropped = len(data) - e.start
        return text, (
            f"truncated file: an incomplete UTF-8 character at the end "
            f"({dropped} byte{'s' if dropped > 1 else ''}) was dropped"
        )


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes → str, or UnsupportedFormat saying why no clean decoding exists. ``declared`` (an
    HTML meta charset) is tried first; GBK and GB2312 are read as their superset GB18030."""
    return decode_noting(data, declared)[0]


def decode_noting(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """`decode`, and notes on what was repaired (a UTF-8 file cut inside its last character)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], enc)
            if text is None and enc == "utf-8" and (cut := _truncated_utf8(data[len(bom) :])):
                return _checked(cut[0], enc), [cut[1]]
            if text is None:
                raise UnsupportedFormat(
                    f"starts with a {enc} byte-order mark but is not {enc} text"
                )
            return _checked(text, enc), []
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise UnsupportedFormat("binary data (contains NUL bytes): not a text document")
        return text, []
    candidates = ["utf-8", "gb18030", "big5"]
    if declared:
        declared = declared.lower()
        declared = "gb18030" if declared in ("gbk", "gb2312", "x-gbk", "cp936") else declared
        candidates.insert(0, declared)
    for enc in candidates:
        text = _strict(data, enc)
        if text is not None and (enc == "utf-8" or plausible(text)):
            return _checked(text, enc), []
        if text is None and enc == "utf-8" and (cut := _truncated_utf8(data)):
            return _checked(cut[0], enc), [cut[1]]
    from charset_normalizer import from_bytes  # slow; only for what the strict codecs refused

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        text = _strict(data, best.encoding)
        if text is not None and normalize.HAN.search(text) and plausible(text):
            return _checked(text, best.encoding), []
    guess = f" (best guess {best.encoding} gives no plausible Chinese text)" if best else ""
    raise UnsupportedFormat("cannot decode as text: not UTF-8, UTF-16, GB18030 or Big5" + guess)


def _checked(text: str, encoding: str) -> str:
    if _looks_binary(text):
        raise UnsupportedFormat(
            f"binary data (control characters in {encoding} text): not a text document"
        )
    return text


# Characters: a cell of a table's pipe row is never this long; running text with pipes in it is.
_LONGEST_CELL = 500


def _row_cells(raw: str) -> list[str] | None:
    """The cells of a tab or pipe line; None for a line of running text."""
    if "\t" in raw:
        return raw.split("\t")
    line = raw.replace("\\|", "\uffff")  # an escaped pipe is text, not a separator
    if line.count("|") < 2:
        return None
    parts = line.strip().split("|")
    if max(map(len, parts)) > _LONGEST_CELL:
        return None  # (a page flattened onto one line, a footer's '使用帮助 | 联系我们' in it)
    # One leading and one trailing pipe close the row; further empty parts are blank cells.
    opened = bool(parts) and not parts[0].strip()
    if opened:
        parts = parts[1:]
    closed = bool(parts) and not parts[-1].strip()
    if closed:
        parts = parts[:-1]
    return [
        LINE_BREAK_TAG.sub(" ", p.replace("\uffff", "|"))
        for p in _misread_ones(parts, opened, closed)
    ]


# A line break inside a markdown table's cell (Marker, MinerU and most OCR-to-markdown tools):
# the cell's lines, parted as a line's words are (a number broken, or two rows' values merged).
# (The HTML backend breaks a line where a page shows one as text.)
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)


_FEW = 10  # a tenth as many bars beside words as padded: titles around a flattened page's tables


def _misread_ones(parts: list[str], opened: bool = False, closed: bool = False) -> list[str]:
    """A row whose pipes are padded on one side ('| 4 | 0 | 291 |', html2text's '4| 0| 291')
    but for a few, at most half as many, touching a digit on that side ('| 4 | 0 | 29| |',
    '| |7 |', '| 256|46 |'): each such pipe is a '1' OCR misread, which added a cell and moved
    the value's digits. Its two sides are one cell again, the pipe kept in it, so the value
    reads as damaged (NULL) and the row's other cells keep their columns. The pipes opening and
    closing the row (``opened``, ``closed``) count as padded where they are: a row of a label
    and one value has one pipe between them ('| 行政处罚 | |100 |' for 1100: 100 had been
    published)."""
    bars = range(len(parts) - 1)  # bar k stands between parts k and k + 1
    glued: set[int] = set()
    # (the closing pipe padded on its left side, the opening one on its right)
    ends = (
        bool(closed and parts and parts[-1][-1:].isspace()),
        bool(opened and parts and parts[0][:1].isspace()),
    )
    # (a speck OCR read as '?' between the bar and the digit is no padding: '| |?3? |')
    for at, side in (
        (0, lambda k: parts[k].rstrip(normalize.SPECKS)[-1:]),
        (1, lambda k: parts[k + 1].lstrip(normalize.SPECKS)[:1]),
    ):
        touching = {k for k in bars if side(k).isdigit()}
        padded = sum(side(k).isspace() for k in bars) + ends[at]
        # A bar beside a rule or nothing says nothing ('|---|' and '||' where the rows of a
        # table flattened onto one line meet), nor a few beside the words around its tables
        # ('二、主动公开…| 第二十条'); a row's own unpadded words (a drawn grid's '|（二）部分
        # 公开…|3     |') say it is no such row.
        unpadded = [
            k
            for k in bars
            if k not in touching
            and not side(k).isspace()
            and parts[k + at].strip()
            and not _MD_RULE_CELL.fullmatch(parts[k + at])
        ]
        if touching and padded >= max(2, 2 * len(touching)) and len(unpadded) * _FEW <= padded:
            glued |= touching
    for k in sorted(glued, reverse=True):
        parts[k : k + 2] = [parts[k] + "|" + parts[k + 1]]
    return parts


def plain_lines(text: str) -> str:
    """The text with one kind of line break and no zero-width characters (a zero-width character
    in a drawn or space-aligned table moved every later cell of its line a column right: h028's
    table 四 read one column off, every check passing), no HTML line break at a line's end, and
    its tabs spaces where none parts words."""
    text = normalize.without_zero_width(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BREAK_AT_END.sub("", text)
    return text if "\t" not in text or _INNER_TAB.search(text) else text.expandtabs()


# An HTML line break where the text breaks the line anyway (a crawl keeping its page's <br>s):
# in a row's last cell it had made the value unreadable, in a title the agency's name.
_BREAK_AT_END = re.compile(r"(?:[^\S\n]*<br\s*/?>)+[^\S\n]*$", re.I | re.M)


# A tab between two words of a line: the text's tabs part cells. Where none does, its tabs only
# indent or pad its lines (a crawl keeping an HTML source's indentation, a paragraph's first-line
# tab), and read as cells they had made every line a row: tables of PDF text lost whole.
_INNER_TAB = re.compile(r"\S[^\S\n]*\t[^\S\n]*\S")


def lines_of(text: str, skip: frozenset[int] = frozenset()) -> tuple[list[Line], bool]:
    """Lines of decoded text (plain_lines), and whether it is markdown, but the lines numbered
    in ``skip`` (page furniture). An HTML table inside the text (markdown converters keep tables
    with merged cells as HTML) is read as the HTML backend reads it."""
    tables = sorted(
        [(a, b, _html_rows) for a, b in _html_tables(text)]
        + ([(a, b, _latex_rows) for a, b in latex_tables.spans(text)] if "\\begin{" in text else [])
    )
    if not tables:
        return _lines(_numbered(text.split("\n"), 1, skip))
    lines: list[Line] = []
    at, n = 0, 1
    for a, b, rows_of in [*tables, (len(text), len(text), None)]:
        if a < at:
            continue  # (a LaTeX table inside an HTML one's cell is that cell's text)
        lines += _lines(_numbered(text[at:a].split("\n"), n, skip))[0]
        n += text.count("\n", at, a)
        if rows_of is not None:
            lines += rows_of(text[a:b], f"line {n} ")
            n += text.count("\n", a, b)
        at = b
    return lines, True


def _numbered(raws: list[str], start: int, skip: frozenset[int]) -> list[tuple[int, str]]:
    """The lines numbered from ``start``, but those in ``skip``: a form feed a skipped line
    carried (a page's first, its running head) goes on to the next line, the page break kept."""
    out, feeds = [], ""
    for n, raw in enumerate(raws, start):
        if n in skip:
            feeds += "\f" * raw.count("\f")
        else:
            out.append((n, feeds + raw))
            feeds = ""
    return out


def _html_rows(markup: str, where: str) -> list[Line]:
    from . import html  # (only here: html imports this module)

    return html.fragment_lines(markup, where)


def _latex_rows(block: str, where: str) -> list[Line]:
    return [
        Line(tuple(Cell(t, f"{where}row {r} col {c}") for c, t in enumerate(row, 1)), is_row=True)
        for r, row in enumerate(latex_tables.rows(block), 1)
    ]


_TABLE_TAG = re.compile(r"<(?P<close>/)?table\b[^>]*>", re.I)


def _html_tables(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost <table>…</table> in the text; one left open runs to the
    end."""
    if "<table" not in text and "<TABLE" not in text:
        return []
    return nesting.outermost(_TABLE_TAG, text)


# Cells: no table's row is this wide (table 四's is 15 or 16).
_WIDEST_ROW = 40


def _unflattened(numbered: Iterable[tuple[int | str, str]]) -> list[tuple[int | str, str]]:
    """A line of tab cells wider than any row, or with a cell longer than any, is a page (or a
    stretch of one) whose text nodes a crawl joined with tabs (BeautifulSoup's get_text("\t")):
    each of its cells is a line."""
    out: list[tuple[int | str, str]] = []
    for n, raw in numbered:
        cells = raw.split("\t") if "\t" in raw else ()
        if len(cells) > _WIDEST_ROW or max(map(len, cells), default=0) > _LONGEST_CELL:
            out += [(f"{n} cell {i}", cell) for i, cell in enumerate(cells, 1)]
        else:
            out.append((n, raw))
    return out


def _lines(numbered: Iterable[tuple[int | str, str]]) -> tuple[list[Line], bool]:
    lines: list[Line] = []
    markdown = False
    numbered, packed = extracted_tables.tables(_unflattened(numbered), _row_cells)
    raws = [raw for _, raw in numbered]
    above: list[str] | None = None  # the cells of the table row above
    i = 0
    while i < len(numbered):
        n, raw = numbered[i]
        i += 1
        if drawn_tables.opens(raw) and (drawn := drawn_tables.table_at(raws, i - 1)):
            i, rows = drawn
            markdown = True
            for k, drawn_cells in rows:
                where = _wheres(numbered[k][0], len(drawn_cells))
                lines.append(Line(tuple(map(Cell, drawn_cells, where)), is_row=True))
            continue
        if "|" in raw and _MD_SEPARATOR.match(raw):
            markdown = True
            continue
        if (
            i - 1 not in packed
            and "---" in raw
            and _ROWS_RUN_TOGETHER.match(raw)
            and (run := run_together.rows(raw)) is not None
        ):
            above, at = None, 0
            where = _wheres(n, sum(len(run_cells) for run_cells, _ in run))  # (cells of the line)
            for run_cells, is_row in run:
                cells_at = map(Cell, run_cells, where[at : at + len(run_cells)])
                lines.append(Line(tuple(cells_at), is_row=is_row))
                at += len(run_cells)
            continue
        if i - 1 in packed or "---" in raw and _ROWS_RUN_TOGETHER.match(raw):
            filled = [c for c in _row_cells(raw) or [] if not _MD_RULE_CELL.fullmatch(c)]
            lines += [
                Line((Cell(c.replace("**", "").strip(), w),))
                for c, w in zip(filled, _wheres(n, len(filled)))
                if c.strip()
            ]
            continue
        cells = _row_cells(raw)
        if cells is None:
            above = None
            raw = normalize.without_rules(raw)  # (a drawn table's rules out of line)
            if _MD_HEADING.match(raw):
                markdown = True
                raw = _MD_HEADING.sub("", raw)
            lines.append(Line((Cell(raw.replace("**", ""), f"line {n}"),)))
            continue
        if "**" in raw:
            cells = [p.replace("**", "") for p in cells]
        cells, above = _once(cells, above), cells
        lines.append(Line(tuple(map(Cell, cells, _wheres(n, len(cells)))), is_row=True))
    return lines, markdown


def _once(cells: list[str], above: list[str] | None) -> list[str]:
    """A merged cell's words in its first position only, blank in the others it spans (the span
    convention, see the HTML backend): Docling's markdown and pandas.read_html repeat them in
    every column and row ('一、本年新收… | 一、本年新收… | 一、本年新收… | 9 | …', '三、本年度办理结果'
    opening every outcome row), which read as labels twice over. Down a column, only in a row
    with words of its own (a row printed twice is two rows). A cell holding a digit is left, a
    number with its words too ('减2', '7万元'): neighbours often hold the same count."""
    texts = [c.strip() for c in cells]
    across = {i for i in range(1, len(texts)) if texts[i] and texts[i] == texts[i - 1]}
    down: set[int] = set()
    if above is not None and len(above) == len(cells):
        down = {i for i, t in enumerate(texts) if t and t == above[i].strip()}
        if down and not any(normalize.HAN.search(t) for i, t in enumerate(texts) if i not in down):
            down = set()
    repeated = {
        i for i in across | down if normalize.HAN.search(texts[i]) and not _DIGIT.search(texts[i])
    }
    return [("" if i in repeated else c) for i, c in enumerate(cells)] if repeated else cells


@lru_cache(maxsize=4096)
def _wheres(n: int | str, cells: int) -> tuple[str, ...]:
    """Where each cell of row line n is: reports of one template share their row layouts."""
    return tuple(f"line {n} cell {i}" for i in range(1, cells + 1))


# A very large text (a crawl's dump, a log, pages of news) is no single report: annual reports run
# to some 50,000 characters. Beyond LARGE characters only bounded stretches are read: the start
# (title), the end (signature) and a window after each heading the table readers start from, so
# the work stays proportional to what is read, not to the file.
LARGE = 1_000_000
_HEAD = _TAIL = 100_000  # characters kept at the start and at the end
_WINDOW = 200_000  # characters kept from the start of a heading's line
_BUDGET = 2_000_000  # characters kept at most in all
_BACK = 2_000  # how far back a window reaches for the start of its heading's line
_HEADINGS = re.compile(
    "主动公开政府信息|主動公開政府信息|收到和处理政府信息公开申请|收到和處理政府信息公開申請|本年新收"
    "|行政复议|行政復議|行政诉讼|行政訴訟|第[一二三四五六七八九十]+条|第[一二三四五六七八九十]+條"
)


def _stretches(text: str) -> list[tuple[int, int]]:
    """The (start, end) character ranges of a large text that are read, merged, in order."""
    n = len(text)
    ranges = [(0, _HEAD), (max(0, n - _TAIL), n)]
    kept, pos = _HEAD + _TAIL, 0
    while kept < _BUDGET and (m := _HEADINGS.search(text, pos)):
        line_start = text.rfind("\n", max(0, m.start() - _BACK), m.start()) + 1
        start = line_start or max(0, m.start() - _BACK)
        ranges.append((start, start + _WINDOW))
        kept += _WINDOW
        pos = start + _WINDOW  # headings inside this window are read with it
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        b = min(b, n)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _large_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the stretches read; a line cut by a stretch's end is cut there."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # the line breaks of lines_of
    line, at = 1, 0  # the number of the line that holds character `at`
    for a, b in _stretches(text):
        line += text.count("\n", at, a)
        for raw in text[a:b].split("\n"):
            yield line, raw
            line += 1
        line, at = line - 1, b


def load(data: bytes, name: str) -> Document:
    text, notes = decode_noting(data)
    if not normalize.HAN.search(text):
        raise NotAReport("text contains no Chinese characters: not an annual report")
    if len(text) > LARGE:
        lines, markdown = _lines(_large_lines(text))
        notes.append(
            f"very large text ({len(text):,} characters): read only its start, its end "
            "and the stretches after table headings"
        )
        return normalize.document(lines, "markdown" if markdown else "text", notes)
    text = plain_lines(text)
    raws = text.split("\n")
    if furniture := frozenset(i + 1 for i in page_furniture.in_text(raws)):
        notes.append(
            f"{len(furniture)} lines from line {min(furniture)} on are running heads or feet, or "
            "bare page numbers counting up the pages: page furniture, taken out"
        )
    lines, markdown = lines_of(text, furniture)
    doc = normalize.document(lines, "markdown" if markdown else "text", notes)
    if not markdown and laid_out.laid_out(raws):
        positioned = laid_out.lines(_numbered(raws, 1, furniture))
        doc.laid_out = normalize.document(positioned, "text", notes)
    return doc
