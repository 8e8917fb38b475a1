"""HTML (published pages, crawled pages with navigation around the report, Word-exported HTML).

Running text: one line per block element (``p``, ``div``, ``br``, ``li``, headings, ...), a line
break of the source between CJK characters dropped as a browser does; a ``pre`` block is read as
text is (its lines, its tab or pipe tables), and so are paragraphs around a table drawn in them
(pipes, box drawing); scripts, styles, forms, comments and what the page hides
(``display:none``) are dropped. Nothing is fetched: no external entities, no network.

Tables: each ``tr`` becomes a row of the table's full grid, rowspan and colspan expanded. **Span
convention (shared with the Word and PDF backends):** a spanning cell's text sits in its top-left
grid position and every other position it covers is ``""``. This is what PDF ruling grids give
(pdfplumber returns merged cells as None), and it never duplicates a number: misaligned colspans
in table 二 would otherwise repeat values. A row label spanning several rows (``三、本年度办理结果``
over 20 rows) therefore appears once; readers carry a blank label forward from the row above.
A table with nested tables or a single column is layout, not data: its content is read as text.

Pictures: an img whose src is a base64 data URI (a table's screenshot pasted into a CMS editor)
holds its bytes, which go to ``pictures.Pictures``, counted and read by OCR where they stand as a
Word file's are; mhtml.py hands in the pictures of a saved page the same way.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from .. import normalize
from ..document import Cell, Document, Line
from ..errors import NotAReport, TooLarge
from . import text as text_backend
from .pictures import Pictures

_SKIP = {
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "map",
}
_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "center",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
    "caption",
    "tr",
    "td",
    "th",
    "title",
    "body",
    "html",
}
# What a browser does not show, nor Word (its HTML marks hidden text so): a portal's hidden digit
# inside a cell ('4<span style="display:none">7</span>1') had been read into the number.
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
_MAX_SPAN = 1000  # browsers cap colspan at 1000 and rowspan at 65534; a bigger span is junk
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_SPAN = re.compile(r"\s*(\d+)")


def _span(node, attr: str, limit: int) -> int:
    raw = node.attributes.get(attr) or "1"
    digits = _SPAN.match(raw)
    return max(1, min(int(digits.group(1)) if digits else 1, limit))


def _rows(table) -> list:
    """The table's own rows, not those of nested tables."""
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child.iter() if tr.tag == "tr")
    return rows


def _layout_tables(root) -> set[int]:
    """The tables that hold another table (layout, not data), by mem_id, in one pass over the
    tables: each marks its nearest enclosing table, remembering the answer for every node it
    climbs through. (Asking each table for the tables inside it reads every nested level again:
    quadratic in the nesting depth.)"""
    enclosing: dict[int, int | None] = {}  # node → its nearest enclosing table
    layout = set()
    for table in root.css("table"):
        climbed = []
        node = table.parent
        while node is not None and node.tag != "table" and node.mem_id not in enclosing:
            climbed.append(node.mem_id)
            node = node.parent
        if node is None:
            found = None
        elif node.tag == "table":
            found = node.mem_id
        else:
            found = enclosing[node.mem_id]
        enclosing.update(dict.fromkeys(climbed, found))
        if found is not None:
            layout.add(found)
    return layout


def _grid(table, layout: set[int]) -> list[list[str]] | None:
    """The expanded grid of a data table, or None when the table is layout."""
    if table.mem_id in layout:
        return None
    rows = _rows(table)
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for td in (n for n in tr.iter() if n.tag in ("td", "th")):
            while (r, c) in grid:  # skip positions taken by a rowspan from above
                c += 1
            rs = _span(td, "rowspan", len(rows) - r)
            cs = _span(td, "colspan", _MAX_SPAN)
            for dr in range(rs):
                for dc in range(cs):
                    grid[r + dr, c + dc] = ""
            text = (t for k, t in _walk(td, layout) if k == "text")
            grid[r, c] = normalize.join_wrapped("\n".join(text))
            c += cs
    width = max((c for _, c in grid), default=-1) + 1
    if width < 2:
        return None
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return [row for row in out if any(row)]


def _walk(root, layout: set[int], picture: Callable[[str], list[Line]] | None = None):
    """Yield ("text", line), ("pre", text), ("grid", rows) and ("lines", what ``picture`` reads
    from an img's src) in document order, without recursion on the DOM (crawled pages can nest
    deeper than Python's stack). An img read as nothing (an icon, a picture not kept) parts no
    text."""
    stack = [(root, False)]
    buf: list[str] = []
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving or tag == "br":
            if buf:
                yield "text", "".join(buf)
                buf = []
            continue
        if tag == "-text":
            # (a '<br>' shown as text, escaped twice by an editor or a crawl, breaks the line it
            # was meant to)
            *lines, last = text_backend.LINE_BREAK_TAG.split(node.text(deep=False) or "")
            for line in lines:
                yield "text", "".join([*buf, line])
                buf = []
            buf.append(last)
            continue
        if tag.startswith(("-", "!")) or tag in _SKIP:
            continue
        if tag == "img":
            if picture and (read := picture(node.attributes.get("src") or "")):
                if buf:
                    yield "text", "".join(buf)
                    buf = []
                yield "lines", read
            continue
        if tag == "pre":  # preformatted: its line breaks are lines, its tabs cells, as text's
            if buf:
                yield "text", "".join(buf)
                buf = []
            yield "pre", node.text(deep=True)
            continue
        if tag == "table" and (grid := _grid(node, layout)) is not None:
            if buf:
                yield "text", "".join(buf)
                buf = []
            yield "grid", grid
            continue
        if tag in _BLOCK or tag == "table":
            stack.append((node, True))
            if buf:
                yield "text", "".join(buf)
                buf = []
        stack.extend((c, False) for c in reversed(list(node.iter(include_text=True))))
    if buf:
        yield "text", "".join(buf)


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:200])
    return m.group(1).decode("ascii") if m else None


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The page's lines; ``ocr_pages``: the pictures it holds as data URIs (a screenshot of a
    table pasted into a CMS editor), counted from 1 as in ``Document.unread_pages``, to read by
    OCR where they stand."""
    return page(data, pictures=Pictures(ocr_pages))


def _data_uri(src: str) -> bytes | None:
    """The bytes of a base64 data URI's picture (``data:image/png;base64,…``)."""
    head, _, body = src.strip().partition(",")
    if not head.lower().startswith("data:image/") or not head.lower().endswith(";base64"):
        return None
    try:
        return base64.b64decode(body)
    except (binascii.Error, ValueError):
        return None


def page(
    data: bytes,
    charset: str | None = None,
    pictures: Pictures | None = None,
    blob: Callable[[str], bytes | None] = _data_uri,
) -> Document:
    """The page's lines; ``charset``: the one its container declares (an MHTML part's), before
    its own; ``pictures``: what to make of the picture whose bytes ``blob`` finds for an img's
    src (a data URI's, or a part of a saved page), its lines where the img stands."""
    try:
        return _load(data, charset, pictures or Pictures(frozenset()), blob)
    except SelectolaxError:  # lexbor reports an allocation that failed (the memory limit)
        raise TooLarge(
            f"HTML page too large for the parser's memory ({len(data) / 1e6:.0f} MB of markup)"
        ) from None


def _load(
    data: bytes, charset: str | None, pictures: Pictures, blob: Callable[[str], bytes | None]
) -> Document:
    markup, notes = text_backend.decode_noting(data, charset or _declared_charset(data))
    tree = LexborHTMLParser(markup)
    lines: list[Line] = []
    title = tree.css_first("title")
    if title is not None and (text := normalize.without_segment_breaks(title.text(strip=True))):
        lines.append(Line((Cell(text, "title"),)))
    lines += _lines(tree.body or tree.root, picture=lambda src: pictures.lines(blob(src)))
    if not pictures.unread and not any(c.text.strip() for ln in lines for c in ln.cells):
        raise NotAReport("HTML page without any text")
    return pictures.noted(normalize.document(lines, "html", notes))


def fragment_lines(markup: str, where: str) -> list[Line]:
    """The lines of a piece of HTML inside another document: a table that a markdown conversion
    kept as HTML (pandoc, MinerU and others do for merged cells). `where` prefixes each cell's
    position ("line 40 ")."""
    tree = LexborHTMLParser(markup)
    return _lines(tree.body or tree.root, where)


def _lines(root, where: str = "", picture: Callable[[str], list[Line]] | None = None) -> list[Line]:
    for node in root.css("[style], [hidden]"):
        if "hidden" in node.attributes or _HIDDEN.search(node.attributes["style"] or ""):
            node.decompose()
    lines: list[Line] = []
    tables = blocks = 0
    for kind, item in _text_tables(_walk(root, _layout_tables(root), picture)):
        if kind == "lines":
            lines += item
            continue
        if kind == "text":
            if item.strip():
                blocks += 1
                text = normalize.without_rules(normalize.without_segment_breaks(item))
                lines.append(Line((Cell(text, f"{where}block {blocks}"),)))
            continue
        if kind == "pre":
            blocks += 1
            for ln in text_backend.lines_of(text_backend.plain_lines(item))[0]:
                cells = tuple(Cell(c.text, f"{where}block {blocks} {c.where}") for c in ln.cells)
                lines.append(Line(cells, ln.is_row))
            continue
        tables += 1
        for r, row in enumerate(item, start=1):
            cells = tuple(
                Cell(t, f"{where}table {tables} row {r} col {c}") for c, t in enumerate(row, 1)
            )
            lines.append(Line(cells, is_row=True))
    return lines


# A row of a table drawn in text: cells parted by pipes, or box-drawing characters.
_DRAWN_ROW = re.compile(r"\|.*\||[\u2500-\u257f]")
_BREAKS = re.compile(r"[\t\n\r\f\v]")


def _text_tables(items):
    """The walk's items, where paragraphs hold a table drawn in text (a converter's markdown, a
    text browser's drawing, pasted into an editor: '| 自然人 | … |', '│规章│0│', one line a
    paragraph or all on one), the paragraphs around it read as a text file's lines are, the
    table theirs. Read as running text, they had lost cells (h013's row 4 gave 9 for 31) or read
    them wrong ('│116 │0 │368319 │' as 1, 1 and 6; a pipe as a 1)."""
    run: list[str] = []  # the paragraphs since the last table, picture or pre block
    for kind, item in items:
        if kind == "text":
            run.append(item)
            continue
        yield from _run_read(run)
        run = []
        yield kind, item
    yield from _run_read(run)


def _run_read(run: list[str]):
    if any(_DRAWN_ROW.search(p) for p in run):
        # (a paragraph is one line, with no tab, as shown, however its source is wrapped or
        # indented; its spaces are kept, that align a drawing's columns)
        yield "pre", "\n".join(_BREAKS.sub(" ", normalize.without_segment_breaks(p)) for p in run)
    else:
        yield from (("text", p) for p in run)
