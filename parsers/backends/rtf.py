"""RTF (.rtf, and the '.doc' files word processors and office systems save as RTF): paragraphs as
lines, tables as rows of their grid, pictures counted and read by OCR, as the same blocks the
Word backends build (``word.word_document``).

The text is read group by group. Destinations that hold no body text (font and colour tables,
style sheets, document info, headers and footers, field instructions, anything marked ``\\*``)
are skipped; the font table is read first for each font's character set, which says how the
``\\'hh`` bytes after ``\\fN`` decode (GBK for ``\\fcharset134``), the document's own code page
(``\\ansicpg``) otherwise; ``\\uN`` is a Unicode character followed by ``\\ucN`` fallback
characters that are skipped. ``\\intbl`` paragraphs end in ``\\cell``, rows in ``\\row``; a row's
``\\cellx`` right edges and merge flags (``\\clvmrg``, ``\\clmrg``: a cell continuing a merge) place
its cells on the table's columns (the union of all its rows' edges), a merged cell's text written
once at its left, "" elsewhere (the HTML and Word span convention). A nested table's cells
(``\\nestcell``, ``\\nestrow``) are read as text of the outer cell. ``{\\pict …}`` holds a picture in
hex (PNG or JPEG: ``\\pngblip``, ``\\jpegblip``), the metafile copy a writer adds for old readers
(``\\nonshppict``) skipped.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .. import normalize
from ..document import Document, Line
from .pictures import Pictures
from .word import SNAP, Block, column_edges, word_document

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
# Destinations without body text; a group opened by \* is skipped whatever it is.
_SKIPPED = {
    "colortbl", "stylesheet", "info", "header", "headerl", "headerr", "headerf", "footer",
    "footerl", "footerr", "footerf", "fldinst", "nonshppict", "listtable", "listoverridetable",
    "revtbl", "rsidtbl", "xmlnstbl", "themedata", "colorschememapping", "datastore",
    "latentstyles", "generator", "pgdsctbl", "object", "objdata", "footnote", "annotation",
    "atnid", "atnauthor", "bkmkstart", "bkmkend", "template", "filetbl", "mmathPr", "pnseclvl",
    "pntext", "pntxta", "pntxtb", "private", "userprops", "docvar", "ftnsep", "ftnsepc", "aftnsep",
}  # fmt: skip
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gb18030", 136: "big5", 161: "cp1253",
             162: "cp1254", 177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251",
             222: "cp874", 238: "cp1250"}  # fmt: skip
_BITMAPS = {"pngblip", "jpegblip"}
_METAFILES = {"wmetafile", "emfblip", "macpict", "dibitmap", "wbitmap"}
_KEPT = {"shppict"}  # starred destinations whose content is read: a picture in its shape's form


@dataclass(slots=True)
class _State:
    """What a group sets, and its groups inherit."""

    skip: bool = False  # a destination without body text
    codepage: str = "cp1252"  # its font's, for \'hh bytes
    uc: int = 1  # fallback characters after each \uN
    picture: str | None = None  # in a {\pict}: its format's control word ("" until named)


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The document's lines; ``ocr_pages``: its pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    pictures = Pictures(ocr_pages)
    return word_document(_blocks(data, pictures.lines), "rtf", pictures)


def _fonts(data: bytes) -> dict[int, str]:
    """Each font's code page, from its \\fcharset in the font table."""
    table = data.find(b"\\fonttbl")
    if table < 0:
        return {}
    depth, end = 1, table
    while depth and end < len(data) - 1:  # (the table's group: up to its closing brace)
        end += 1
        depth += {ord("{"): 1, ord("}"): -1}.get(data[end], 0) if data[end - 1] != ord("\\") else 0
    fonts = {}
    for m in re.finditer(rb"\\f(\d+)[^;{}]*?\\fcharset(\d+)", data[table:end]):
        fonts[int(m[1])] = _CHARSETS.get(int(m[2]), "cp1252")
    return fonts


def _blocks(data: bytes, picture: Callable[[bytes | None], list[Line]]) -> Iterator[Block]:
    fonts = _fonts(data)
    default = "cp1252"
    if m := re.search(rb"\\ansicpg(\d+)", data[:2000]):
        default = "gb18030" if m[1] == b"936" else f"cp{int(m[1])}"
    try:
        codecs.lookup(default)
    except LookupError:
        default = "cp1252"
    state, stack = _State(codepage=default), []
    table = _Table()
    text: list[str] = []  # the paragraph being read
    pending = bytearray()  # \'hh bytes not yet decoded (a GBK character is two of them)
    skip_chars = 0  # fallback characters still to skip after a \u
    in_table = False
    hexdata: list[bytes] = []
    opening = starred = False  # a group's first control word may name its destination

    def flush() -> None:
        if pending:
            text.append(pending.decode(state.codepage, "replace"))
            pending.clear()

    def paragraph() -> Iterator[Block]:
        flush()
        line = "".join(text).translate(_SPACES)
        text.clear()
        if in_table:
            table.paragraph(line)
        else:
            yield from table.done()
            yield "text", line

    for m in _TOKEN.finditer(data):
        word, arg, hexbyte, symbol, brace, run = m.groups()
        if not (word or hexbyte or symbol or brace or run):
            continue  # (line breaks in RTF source are no text)
        if brace == b"{":
            flush()
            stack.append(state)
            state = replace(state)
            opening, starred = True, False
            continue
        if brace == b"}":
            flush()
            parent = stack.pop() if stack else state
            if state.picture is not None and parent.picture is None:
                # (the picture's group ends: its hex digits are the picture)
                bitmap = state.picture in _BITMAPS and not state.skip
                if lines := picture(_hex(hexdata) if bitmap else None):
                    yield from paragraph()
                    yield "lines", lines
                hexdata.clear()
            state, opening, starred = parent, False, False
            continue
        if symbol == b"*":
            starred = True
            continue
        named, opening = opening, False
        if word is not None:
            w = word.decode()
            if named and (w in _SKIPPED or w == "fonttbl" or starred and w not in _KEPT):
                state.skip = True
            starred = False
            if state.skip:
                continue
            if state.picture is not None:
                if w in _BITMAPS or w in _METAFILES:
                    state.picture = w
                continue
            n = int(arg) if arg else None
            if w == "pict":
                state.picture = ""
            elif w == "f" and n is not None:
                flush()
                state.codepage = fonts.get(n, default)
            elif w == "uc" and n is not None:
                state.uc = n
            elif w == "u" and n is not None:
                flush()
                text.append(chr(n % 65536))
                skip_chars = state.uc
            elif w == "pard":
                in_table = False
            elif w == "intbl":
                in_table = True
            elif w in ("par", "sect", "page"):
                yield from paragraph()
            elif w in ("line", "tab"):
                flush()
                text.append(" " if w == "tab" else "\n")
            elif w == "trowd":
                table.define()
            elif w == "cellx" and n is not None:
                table.edge(n)
            elif w in ("clvmrg", "clmrg"):
                table.merged()
            elif w in ("cell", "nestcell"):
                flush()
                table.cell_end("".join(text).translate(_SPACES), nested=w == "nestcell")
                text.clear()
            elif w == "row":
                table.row_end()
            elif w in _LITERALS:
                flush()
                text.append(_LITERALS[w])
            continue
        starred = False
        if state.skip:
            continue
        if state.picture is not None:
            if run is not None:
                hexdata.append(run)
            continue
        if skip_chars and (hexbyte is not None or symbol is not None):
            skip_chars -= 1
            continue
        if hexbyte is not None:
            pending.append(int(hexbyte, 16))
        elif symbol in (b"\n", b"\r"):  # (a backslash before a line break is a \par)
            yield from paragraph()
        elif symbol is not None:
            flush()
            char = symbol.decode("latin-1")
            text.append({"~": " ", "_": "-", "-": ""}.get(char, char))
        elif run is not None:
            flush()
            chars = run.decode(state.codepage, "replace")
            if skip_chars:
                cut = min(skip_chars, len(chars))
                chars, skip_chars = chars[cut:], skip_chars - cut
            text.append(chars)
    flush()
    if text:
        yield from paragraph()
    yield from table.done()


def _hex(parts: list[bytes]) -> bytes | None:
    digits = re.sub(rb"[^0-9a-fA-F]", b"", b"".join(parts))
    return bytes.fromhex(digits[: len(digits) // 2 * 2].decode("ascii")) if digits else None


_SPACES = str.maketrans({"\x00": "", "\xa0": " "})
_LITERALS = {
    "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
    "rdblquote": "”", "bullet": "•", "emspace": " ", "enspace": " ", "qmspace": " ",
}  # fmt: skip


class _Table:
    """Rows of a table being read: each row's cell texts, right edges and merge flags."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, int | None, bool]]] = []
        self.edges: list[int] = []
        self.merges: list[bool] = []
        self.pending_merge = False
        self.cells: list[str] = []
        self.lines: list[str] = []

    def define(self) -> None:
        self.edges, self.merges, self.pending_merge = [], [], False

    def merged(self) -> None:
        self.pending_merge = True

    def edge(self, x: int) -> None:
        self.edges.append(x)
        self.merges.append(self.pending_merge)
        self.pending_merge = False

    def paragraph(self, text: str) -> None:
        self.lines.append(text)

    def cell_end(self, text: str, nested: bool = False) -> None:
        if nested:  # (a nested table's cell: text of the outer cell)
            self.lines.append(text)
            return
        self.cells.append("\n".join([*self.lines, text]))
        self.lines = []

    def row_end(self) -> None:
        row = []
        for k, text in enumerate(self.cells):
            edge = self.edges[k] if k < len(self.edges) else None
            row.append((text, edge, self.merges[k] if k < len(self.merges) else False))
        if row:
            self.rows.append(row)
        self.cells, self.lines = [], []

    def done(self) -> Iterator[Block]:
        if self.cells:
            self.row_end()
        if self.rows:
            yield "grid", _grid(self.rows)
        self.rows = []


def _grid(rows: list[list[tuple[str, int | None, bool]]]) -> list[list[str]]:
    """Rows on the table's columns: the union of all rows' right edges, snapped; a cell spans
    from its left neighbour's edge to its own."""
    edges = column_edges(e for row in rows for _, e, _ in row if e is not None)
    grid = []
    for row in rows:
        line: list[str] = []
        for text, edge, merged in row:
            end = (
                len(line) + 1
                if edge is None
                else max(len(line) + 1, bisect_right(edges, edge + SNAP - 1))
            )
            cell = "" if merged else normalize.join_wrapped(text)
            line += [cell] + [""] * (end - len(line) - 1)
        grid.append(line)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid if any(r)]
