"""Legacy Word .doc (Word 97–2003, an OLE compound file): paragraphs as lines, tables as rows of
their grid, as the same blocks the .docx backend builds (``word.word_document``).

olefile opens the compound file; the rest follows [MS-DOC]. The FIB locates the piece table
(CLX), which maps the main text's character positions to cp1252 or UTF-16LE bytes of the
WordDocument stream, and the paragraph properties (PAPX in 512-byte FKP pages). In the text ``\\r``
ends a paragraph and ``\\x07`` a table cell; the ``\\x07`` whose paragraph is a table-terminating
one (sprmPFTtp) ends a row and carries the row's cell boundaries and merge flags (sprmTDefTable).
A .doc table has no shared grid: its columns are the union of all rows' cell boundaries, and a
cell covering several columns is written once at its left, "" elsewhere (the HTML and DOCX span
convention), as is a cell continuing a vertical or horizontal merge. A nested table (paragraphs of
depth 2: its cell and row ends are paragraph marks flagged sprmPFInnerTableCell/InnerTtp) makes
its outer table the page's frame, read through as in the DOCX backend: the frame's paragraphs as
text, the nested tables as tables. Fields keep their result text, not their instructions.

An inline picture is a \\x01 character whose character properties (CHPX, in FKP pages as the
PAPX are) point into the Data stream (sprmCPicLocation), at a PICF followed by the OfficeArt
shape and its BLIP store entry, which embeds the picture's bytes. A floating picture is a \\x08
anchoring a shape (PlcSpaMom) of the drawing (OfficeArtContent, in the table stream), whose
properties name the BLIP store entry of its picture, kept in the WordDocument stream. Both go to
``pictures.Pictures``, as a .docx's do.
"""

from __future__ import annotations

import io
import re
import struct
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

import olefile

from .. import normalize
from ..document import Document, Line
from ..errors import CorruptDocument, EncryptedDocument, ParseError, UnsupportedFormat
from .pictures import Pictures
from .word import Block, column_edges, word_document

_WORD_IDENT = 0xA5EC
_WORD97 = 0x00C0  # nFib below this: Word 6/95, another FIB and 8-bit text in a code page
_F_ENCRYPTED, _F_1TABLE = 0x0100, 0x0200
_BTE_CHPX, _BTE_PAPX, _CLX = 12, 13, 33  # indices of fcPlcfBte… and fcClx in FibRgFcLcb97
_IN_TABLE, _TTP, _ITAP = 0x2416, 0x2417, 0x6649  # paragraph sprms: in a table, row end, depth
_INNER_CELL, _INNER_TTP = 0x244B, 0x244C  # a nested table's cell end, row end
_DEF_TABLE, _VERT_MERGE, _CHG_TABS = 0xD608, 0xD62B, 0xC615
_HUGE_PAPX = struct.pack("<H", 0x6646)
_PIC_LOCATION, _OLE2, _SHAPEFILE = 0x6A03, 0x080A, 0x66  # sprmCPicLocation, sprmCFOle2, PICF mm
_FBSE = 0xF007  # OfficeArtFBSE: a BLIP store entry, its BLIP embedded after its name
_FSP, _FOPT, _PIB = 0xF00A, 0xF00B, 0x0104  # a shape's id, its properties, its picture's entry
_SPA_MOM, _DGG_INFO = 40, 50  # indices of fcPlcSpaMom and fcDggInfo in FibRgFcLcb97
_BITMAPS = {0xF01D, 0xF01E, 0xF029, 0xF02A}  # BLIP record types: JPEG, PNG, TIFF, CMYK JPEG
_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by the sprm's spra
# Compressed text is cp1252, except that bytes cp1252 leaves undefined keep their own value.
_CP1252 = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in b"\x81\x8d\x8f\x90\x9d"
}
# Special characters: line and page breaks, tabs, non-breaking and optional hyphens; other
# controls mark pictures, footnote references and drawn objects, which have no text.
_CHARS = {**{c: "" for c in range(32)}, 9: " ", 11: "\n", 12: "\n", 0x1E: "-", 0xA0: " "}
_PARAGRAPH = re.compile(r"([^\r\x07]*)([\r\x07]|$)")


class _Piece(NamedTuple):
    at: int  # offset of its first character in the main text
    text: str
    fc: int  # byte offset in the WordDocument stream
    width: int  # bytes per character: 1 (cp1252) or 2 (UTF-16LE)
    grpprl: bytes  # paragraph properties the piece adds (a fast-saved document's edits)


class _Para(NamedTuple):
    in_table: bool
    row_end: bool
    row: bytes | None  # sprmTDefTable's operand
    vert_merge: dict[int, int]  # sprmTVertMerge: cell index -> merge type
    depth: int = 0  # table nesting: 1 in a table, 2 in a table nested in its cell
    inner_cell: bool = False  # the mark ends a nested table's cell
    inner_row_end: bool = False  # ... and its row


Runs = list[tuple[int, int, bytes]]  # (first byte, end byte, grpprl) of FKP runs, in stream order


def load(data: bytes, name: str, ocr_pages: frozenset[int] = frozenset()) -> Document:
    """The document's lines; ``ocr_pages``: the pictures (counted from 1, as in
    ``Document.unread_pages``) to read by OCR where they stand."""
    pictures = Pictures(ocr_pages)
    try:
        wd, table, data_stream = _streams(data)
        ccp_text, fclcb = _fib(wd)
        pieces = _pieces(wd, table, *fclcb[_CLX], ccp_text)
        papx = _papx(wd, table, data_stream, *fclcb[_BTE_PAPX])
        chpx = _chpx(wd, table, *fclcb[_BTE_CHPX])
        floating = _floating(wd, table, fclcb)
        paragraphs = _paragraphs(
            pieces, papx, chpx, lambda at: _picture(data_stream, at), floating.get
        )
        blocks = list(_blocks(paragraphs, pictures.lines))
    except (ParseError, MemoryError):  # MemoryError: too large, not damaged (ingest.contract)
        raise
    except Exception as e:  # noqa: BLE001 - struct.error, IndexError, olefile's OSError, ... on damaged bytes
        raise CorruptDocument(f"damaged .doc ({type(e).__name__}: {e})"[:300]) from None
    return word_document(blocks, "doc", pictures)


def _streams(data: bytes) -> tuple[bytes, bytes, bytes]:
    """The WordDocument, table and Data streams; other OLE files are refused by what they hold."""
    if not olefile.isOleFile(data=data):
        raise CorruptDocument("damaged OLE file (truncated .doc?)")
    ole = olefile.OleFileIO(io.BytesIO(data))
    streams = {"/".join(p) for p in ole.listdir()}
    if "WordDocument" not in streams:
        raise _not_word(streams)
    wd = ole.openstream("WordDocument").read()
    if len(wd) < 32 or struct.unpack_from("<H", wd)[0] != _WORD_IDENT:
        raise CorruptDocument("damaged .doc: no Word file information block")
    flags = struct.unpack_from("<H", wd, 10)[0]
    if flags & _F_ENCRYPTED:
        raise EncryptedDocument("password-protected .doc: cannot be read without the password")
    if struct.unpack_from("<H", wd, 2)[0] < _WORD97:
        raise UnsupportedFormat("Word 6/95 .doc: convert to .docx or PDF")
    name = "1Table" if flags & _F_1TABLE else "0Table"
    if name not in streams:
        raise CorruptDocument(f"damaged .doc: no {name} stream")
    data_stream = ole.openstream("Data").read() if "Data" in streams else b""
    return wd, ole.openstream(name).read(), data_stream


def _not_word(streams: set[str]) -> ParseError:
    if "EncryptionInfo" in streams:  # a password-protected .docx/.xlsx is an OLE file
        return EncryptedDocument(
            "password-protected Office file: cannot be read without the password"
        )
    if streams & {"Workbook", "Book"}:
        return UnsupportedFormat("Excel workbook (.xls): not a report document")
    if "PowerPoint Document" in streams:
        return UnsupportedFormat("PowerPoint file (.ppt): not a report document")
    return UnsupportedFormat(
        "OLE file without a Word document (Works .wps, WPS or other): convert to .docx or PDF"
    )


def _fib(wd: bytes) -> tuple[int, list[tuple[int, int]]]:
    """ccpText (the main text's length) and the FIB's (fc, lcb) pairs."""
    at = 32
    at += 2 + 2 * struct.unpack_from("<H", wd, at)[0]  # csw, fibRgW
    cslw = struct.unpack_from("<H", wd, at)[0]
    ccp_text = struct.unpack_from("<i", wd, at + 2 + 12)[0]  # fibRgLw[3]
    at += 2 + 4 * cslw
    pairs = struct.unpack_from("<H", wd, at)[0]
    values = struct.unpack_from(f"<{2 * pairs}I", wd, at + 2)
    fclcb = list(zip(values[::2], values[1::2]))
    if len(fclcb) <= _CLX or ccp_text < 0:
        raise CorruptDocument("damaged .doc: short file information block")
    return ccp_text, fclcb


def _pieces(wd: bytes, table: bytes, fc: int, lcb: int, ccp_text: int) -> list[_Piece]:
    """The main text's pieces: a CLX is property lists (Prc, 1) then the piece table (Pcdt, 2)."""
    clx, at, prcs = table[fc : fc + lcb], 0, []
    while at < len(clx) and clx[at] == 1:
        size = struct.unpack_from("<H", clx, at + 1)[0]
        prcs.append(clx[at + 3 : at + 3 + size])
        at += 3 + size
    if at >= len(clx) or clx[at] != 2:
        raise CorruptDocument("damaged .doc: no piece table")
    plc = clx[at + 5 : at + 5 + struct.unpack_from("<I", clx, at + 1)[0]]
    n = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc)
    pieces, done = [], 0
    for i in range(n):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= end:
            continue
        fc_raw, prm = struct.unpack_from("<IH", plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(fc_raw & 0x40000000)
        width, offset = (1, (fc_raw & 0x3FFFFFFF) // 2) if compressed else (2, fc_raw & 0x3FFFFFFF)
        raw = wd[offset : offset + width * (end - start)]
        if len(raw) < width * (end - start):
            raise CorruptDocument("damaged .doc: text runs past the end of its stream")
        text = (
            raw.decode("latin-1").translate(_CP1252)
            if compressed
            else raw.decode("utf-16-le", "replace")
        )
        grpprl = prcs[prm >> 1] if prm & 1 and prm >> 1 < len(prcs) else b""
        pieces.append(_Piece(done, text, offset, width, grpprl))
        done += len(text)
    return pieces


def _fkp_runs(wd: bytes, plc: bytes, grpprl: Callable[[bytes, int, int], bytes]) -> Runs:
    """The runs of every FKP page a PlcBte names; ``grpprl(page, i, crun)``: the i-th run's."""
    n = max(0, (len(plc) - 4) // 8)
    runs = []
    for pn in struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)) if n else ():
        page = wd[(pn & 0x3FFFFF) * 512 : (pn & 0x3FFFFF) * 512 + 512]
        if len(page) < 512:
            raise CorruptDocument("damaged .doc: text properties past the end of the file")
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page)
        runs += [(fcs[i], fcs[i + 1], grpprl(page, i, crun)) for i in range(crun)]
    return sorted(runs)


def _papx(wd: bytes, table: bytes, data: bytes, fc: int, lcb: int) -> Runs:
    """Paragraph runs; none at all when every paragraph is body text."""
    return _fkp_runs(
        wd,
        table[fc : fc + lcb],
        lambda page, i, crun: _huge(_grpprl(page, 2 * page[4 * (crun + 1) + 13 * i]), data),
    )


def _chpx(wd: bytes, table: bytes, fc: int, lcb: int) -> Runs:
    """Character runs: a Chpx is a byte giving its size, then its sprms (offset 0: none)."""

    def grpprl(page: bytes, i: int, crun: int) -> bytes:
        at = 2 * page[4 * (crun + 1) + i]
        return page[at + 1 : at + 1 + page[at]] if at else b""

    return _fkp_runs(wd, table[fc : fc + lcb], grpprl)


def _picture(data: bytes, at: int) -> bytes | None:
    """The bitmap of the inline picture at ``at`` in the Data stream (PICFAndOfficeArtData: a
    PICF, the picture's name if a shape file, then the OfficeArt records), or None: a metafile
    (EMF, WMF), a DIB, or damaged."""
    if at + 8 > len(data):
        return None
    size, header = struct.unpack_from("<IH", data, at)
    end, pos = min(at + size, len(data)), at + header
    if struct.unpack_from("<H", data, at + 6)[0] == _SHAPEFILE and pos < end:
        pos += 1 + data[pos]
    while pos + 8 <= end:  # the shape's container, then its BLIP store entries
        _, kind, length = struct.unpack_from("<HHI", data, pos)
        if kind == _FBSE and pos + 44 <= end:
            return _blip(data, pos + 44 + data[pos + 8 + 33], end)  # (after cbName's name)
        pos += 8 + length
    return None


def _blip(data: bytes, at: int, end: int) -> bytes | None:
    """The bitmap of the BLIP record at ``at`` (PNG, JPEG, TIFF), or None (a metafile, a DIB)."""
    if at + 8 > end:
        return None
    instance, kind, length = struct.unpack_from("<HHI", data, at)
    if kind not in _BITMAPS:
        return None
    skip = 16 * (1 + (instance >> 4 & 1)) + 1  # an odd instance has a second UID; then a tag
    return data[at + 8 + skip : min(at + 8 + length, end)]


def _records(data: bytes, pos: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(type, instance, body's start, body's end) of the OfficeArt records in data[pos:end],
    containers' records after the container's own."""
    while pos + 8 <= end:
        version, kind, length = struct.unpack_from("<HHI", data, pos)
        body_end = min(pos + 8 + length, end)
        yield kind, version >> 4, pos + 8, body_end
        if version & 0xF == 0xF:  # a container
            yield from _records(data, pos + 8, body_end)
        pos = body_end


def _drawing(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """The records of OfficeArtContent: the drawing group's container (its BLIP store), then
    each drawing's container after a byte saying whose it is (the main text's, the headers')."""
    if len(data) < 8:
        return
    end = min(8 + struct.unpack_from("<I", data, 4)[0], len(data))
    yield from _records(data, 0, end)
    while end + 9 <= len(data):
        start = end + 1
        end = min(start + 8 + struct.unpack_from("<I", data, start + 4)[0], len(data))
        yield from _records(data, start, end)


def _floating(wd: bytes, table: bytes, fclcb: list[tuple[int, int]]) -> dict[int, bytes | None]:
    """The floating pictures of the main text, by the position of their anchors (\\x08): each
    anchor's shape (PlcSpaMom) names, in the drawing (OfficeArtContent), the BLIP store entry of
    its picture (pib), whose bitmap lies in the WordDocument stream (foDelay) or in the entry."""
    if len(fclcb) <= _DGG_INFO:
        return {}
    fc, lcb = fclcb[_SPA_MOM]
    n = (lcb - 4) // 30  # CPs, one more than the FSPAs of 26 bytes
    if n <= 0:
        return {}
    plc = table[fc : fc + lcb]
    cps = struct.unpack_from(f"<{n}I", plc)
    spids = [struct.unpack_from("<I", plc, 4 * (n + 1) + 26 * i)[0] for i in range(n)]
    fc, lcb = fclcb[_DGG_INFO]
    drawing = table[fc : fc + lcb]
    store: list[bytes | None] = []
    entry: dict[int, int] = {}  # shape id → its picture's BLIP store entry (from 1)
    spid = None
    for kind, instance, start, end in _drawing(drawing):
        if kind == _FBSE and start + 36 <= end:
            named = start + 36 + drawing[start + 33]
            delay = struct.unpack_from("<I", drawing, start + 28)[0]
            store.append(_blip(drawing, named, end) if named < end else _blip(wd, delay, len(wd)))
        elif kind == _FSP and start + 4 <= end:
            spid = struct.unpack_from("<I", drawing, start)[0]
        elif kind == _FOPT and spid is not None:
            for k in range(min(instance, (end - start) // 6)):
                opid, value = struct.unpack_from("<HI", drawing, start + 6 * k)
                if opid & 0x3FFF == _PIB:
                    entry[spid] = value
    return {
        cp: store[entry[spid] - 1]
        for cp, spid in zip(cps, spids)
        if 0 < entry.get(spid, 0) <= len(store)
    }


def _grpprl(page: bytes, at: int) -> bytes:
    """A PapxInFkp's sprms, without its style index; offset 0 means no properties."""
    if at == 0:
        return b""
    size, start = (2 * page[at] - 1, at + 1) if page[at] else (2 * page[at + 1], at + 2)
    return page[start + 2 : start + size]


def _huge(grpprl: bytes, data: bytes) -> bytes:
    """A grpprl too large for its FKP page (a wide table row's) is kept in the Data stream,
    pointed to by its only sprm, sprmPHugePapx."""
    if grpprl[:2] != _HUGE_PAPX or len(grpprl) < 6:
        return grpprl
    at = struct.unpack_from("<I", grpprl, 2)[0]
    return data[at + 2 : at + 2 + struct.unpack_from("<H", data, at)[0]]


def _sprms(grpprl: bytes):
    """(sprm, operand) pairs; the operand's size follows from the sprm's spra bits."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        if sprm == _DEF_TABLE:  # a 2-byte size counting itself minus one
            start, size = at + 2, struct.unpack_from("<H", grpprl, at)[0] - 1
        elif sprm == _CHG_TABS and grpprl[at] == 255:  # size 255: deleted then added tab stops
            deleted = grpprl[at + 1]
            start, size = at + 1, 2 + 4 * deleted + 3 * grpprl[at + 2 + 4 * deleted]
        elif sprm >> 13 == 6:
            start, size = at + 1, grpprl[at]
        else:
            start, size = at, _OPERAND[sprm >> 13]
        yield sprm, grpprl[start : start + size]
        at = start + max(size, 0)


def _para(grpprl: bytes) -> _Para:
    in_table = row_end = inner_cell = inner_row_end = False
    row, vert_merge, depth = None, {}, None
    for sprm, operand in _sprms(grpprl):
        if sprm == _IN_TABLE:
            in_table = operand != b"\x00"
        elif sprm == _ITAP:
            depth = int.from_bytes(operand, "little", signed=True)
            in_table = depth > 0
        elif sprm == _TTP:
            row_end = operand != b"\x00"
        elif sprm == _INNER_CELL:
            inner_cell = operand != b"\x00"
        elif sprm == _INNER_TTP:
            inner_row_end = operand != b"\x00"
        elif sprm == _DEF_TABLE:
            row = operand
        elif sprm == _VERT_MERGE and len(operand) == 2:
            vert_merge[operand[0]] = operand[1]
    depth = int(in_table) if depth is None else max(0, depth)
    return _Para(in_table, row_end, row, vert_merge, depth, inner_cell, inner_row_end)


def _paragraphs(
    pieces: list[_Piece],
    papx: Runs,
    chpx: Runs,
    inline: Callable[[int], bytes | None],
    floating: Callable[[int], bytes | None],
):
    """(visible text, mark, properties, its pictures) of every paragraph of the main text:
    ``inline`` gives the bitmap at a place in the Data stream, ``floating`` the one anchored at a
    character position."""
    text = "".join(p.text for p in pieces)
    starts = [p.at for p in pieces]
    fields: list[bool] = []

    def properties(runs: Runs, cp: int) -> bytes:
        piece = pieces[bisect_right(starts, cp) - 1]
        fc = piece.fc + (cp - piece.at) * piece.width
        i = bisect_right(runs, (fc, 1 << 32)) - 1
        return runs[i][2] if i >= 0 and fc < runs[i][1] else b""

    for m in _PARAGRAPH.finditer(text):
        body, mark = m.group(1), m.group(2)
        if not mark and not body:
            continue
        grpprl = (
            properties(papx, m.start(2)) + pieces[bisect_right(starts, m.start(2)) - 1].grpprl
            if mark
            else b""
        )
        pictures = [
            inline(at)
            if char == "\x01"
            and (at := _pic_location(properties(chpx, m.start(1) + k))) is not None
            else floating(m.start(1) + k)
            for k, char in enumerate(body)
            if char in "\x01\x08"
        ]
        yield _visible(body, fields).translate(_CHARS), mark, _para(grpprl), pictures


def _pic_location(grpprl: bytes) -> int | None:
    """Where in the Data stream a picture character's picture is (not an OLE object's)."""
    sprms = dict(_sprms(grpprl))
    if _PIC_LOCATION not in sprms or sprms.get(_OLE2, b"\x00") != b"\x00":
        return None
    return int.from_bytes(sprms[_PIC_LOCATION][:4], "little")


def _visible(text: str, fields: list[bool]) -> str:
    """Text outside field instructions: \\x13 opens a field, \\x14 ends its instruction, \\x15
    closes it. ``fields`` holds, per open field, whether its result has begun (fields nest and
    a result may span paragraphs)."""
    if not fields and "\x13" not in text:
        return text
    out = []
    for part in re.split("([\x13\x14\x15])", text):
        if part == "\x13":
            fields.append(False)
        elif part == "\x14" and fields:
            fields[-1] = True
        elif part == "\x15" and fields:
            fields.pop()
        elif all(fields):
            out.append(part)
    return "".join(out)


class _Table:
    """The rows of a table being read: cells of paragraphs, then rows of cells."""

    def __init__(self) -> None:
        self.rows: list[tuple[list[str], _Para | None]] = []
        self.cells: list[str] = []
        self.lines: list[str] = []  # paragraphs of the cell being read

    def paragraph(self, text: str) -> None:
        self.lines.append(text)

    def cell_end(self, text: str) -> None:
        self.cells.append("\n".join(self.lines + [text]))
        self.lines = []

    def row_end(self, para: _Para) -> None:
        self.rows.append((self.cells, para))
        self.cells, self.lines = [], []

    def grid(self) -> list[list[str]] | None:
        if self.cells:  # a row without its end mark: kept, without boundaries
            self.rows.append((self.cells, None))
        return _grid(self.rows) if self.rows else None


def _blocks(paragraphs, picture: Callable[[bytes | None], list[Line]]) -> Iterator[Block]:
    """("text", paragraph) and ("grid", rows) blocks, as docx.body_blocks gives them, and the lines
    ``picture`` reads from each picture: after its paragraph, or
    after the rows of the table it stands in. A table holding tables is read through: its
    paragraphs as text, its nested tables (deeper ones' text joins their cells) as grids."""
    table, nested = _Table(), _Table()
    through: list[Block] = []  # the table's content, should it hold tables
    in_table: list[bytes | None] = []  # the pictures of the table being read

    def nested_done() -> None:
        nonlocal nested
        if (grid := nested.grid()) is not None:
            through.append(("grid", grid))
        nested = _Table()

    def table_done() -> Iterator[Block]:
        nonlocal table, through
        nested_done()
        if any(kind == "grid" for kind, _ in through):
            yield from through
        elif (grid := table.grid()) is not None:
            yield "grid", grid
        for blob in in_table:
            yield "lines", picture(blob)
        table, through = _Table(), []
        in_table.clear()

    for text, mark, para, pictures in paragraphs:
        if para.depth >= 2 or para.in_table or mark == "\x07":
            in_table.extend(pictures)
        if para.depth >= 2:
            if para.inner_row_end:
                nested.row_end(para)
            elif para.inner_cell:
                nested.cell_end(text)
            else:
                nested.paragraph(text)
            continue
        if para.in_table or mark == "\x07":
            nested_done()
            if text:
                through.append(("text", text))
        if mark == "\x07" and para.row_end:
            table.row_end(para)
        elif mark == "\x07":
            table.cell_end(text)
        elif para.in_table:
            table.paragraph(text)
        else:
            yield from table_done()
            yield "text", text
            for blob in pictures:
                yield "lines", picture(blob)
    yield from table_done()


def _cells(texts: list[str], para: _Para | None) -> list[tuple[str, int | None, int | None]]:
    """(text, left, right) of a row's cells; boundaries from sprmTDefTable, when it fits."""
    op = para.row if para else None
    if para is None or not op or op[0] != len(texts) or len(op) < 1 + 2 * (len(texts) + 1):
        return [(t, None, None) for t in texts]
    n = op[0]
    edges = struct.unpack_from(f"<{n + 1}h", op, 1)
    out = []
    for k, t in enumerate(texts):
        tc = 1 + 2 * (n + 1) + 20 * k  # a TC80 per cell: 2 bytes of flags, width, borders
        flags = struct.unpack_from("<H", op, tc)[0] if tc + 2 <= len(op) else 0
        merged = flags & 3 >= 2 or (flags >> 5) & 3 == 1  # continues a horizontal/vertical merge
        merged = merged if k not in para.vert_merge else para.vert_merge[k] == 1
        out.append(("" if merged else t, edges[k], edges[k + 1]))
    return out


def _grid(rows) -> list[list[str]]:
    """Rows on the table's columns: the union of all rows' cell boundaries, snapped."""
    table = [_cells(texts, para) for texts, para in rows]
    edges = column_edges(
        x for row in table for _, a, b in row if a is not None and b is not None for x in (a, b)
    )
    grid = []
    for row in table:
        line: list[str] = []
        for text, left, right in row:
            if left is None or right is None:  # no boundaries for this row: cells in order
                col, span = len(line), 1
            else:
                col = max(len(line), bisect_right(edges, left) - 1)
                span = max(1, bisect_right(edges, right) - 1 - col)
            line += [""] * (col - len(line)) + [normalize.join_wrapped(text)] + [""] * (span - 1)
        grid.append(line)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid if any(r)]
