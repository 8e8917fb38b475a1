"""Plain text and markdown (crawled copies, PDF-to-text, OCR output): decode, then one line per
text line. Tab-separated lines and pipe lines become rows whose cells keep their positions (a
blank cell stays ""); a markdown separator row (``|---|---|``) is dropped, heading marks and
``**bold**`` are removed.

Decoding never guesses silently: strict UTF-8, then a BOM, then strict GB18030 and Big5, then
charset-normalizer; a decoding whose characters are not ordinary Chinese text is refused rather
than passed on as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from .. import normalize
from ..document import Cell, Line
from ..errors import NotAReport, UnsupportedFormat

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")


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


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls > 0.01 * max(len(text), 1)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows itself by NULs in the high byte of its ASCII characters (digits,
    newlines); a report's text may be almost all CJK, so a few NULs suffice when the decoding is
    plausible Chinese text, trying first the byte order whose high bytes hold more of them."""
    if len(data) % 2:
        return None
    orders = sorted((("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])),
                    key=lambda o: -o[1].count(0))
    for enc, high in orders:
        if not high.count(0):
            continue
        text = _strict(data, enc)
        if text is not None and _CJK.search(text) and not _looks_binary(text) and plausible(text):
            return text
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes → str, or UnsupportedFormat saying why no clean decoding exists. ``declared`` (an
    HTML meta charset) is tried first; GBK and GB2312 are read as their superset GB18030."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], enc)
            if text is None:
                raise UnsupportedFormat(f"starts with a {enc} byte-order mark but is not {enc} text")
            return _checked(text, enc)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise UnsupportedFormat("binary data (contains NUL bytes): not a text document")
        return text
    candidates = ["utf-8", "gb18030", "big5"]
    if declared:
        declared = declared.lower()
        declared = "gb18030" if declared in ("gbk", "gb2312", "x-gbk", "cp936") else declared
        candidates.insert(0, declared)
    for enc in candidates:
        text = _strict(data, enc)
        if text is not None and (enc == "utf-8" or plausible(text)):
            return _checked(text, enc)
    from charset_normalizer import from_bytes  # slow; only for what the strict codecs refused

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        text = _strict(data, best.encoding)
        if text is not None and _CJK.search(text) and plausible(text):
            return _checked(text, best.encoding)
    guess = f" (best guess {best.encoding} gives no plausible Chinese text)" if best else ""
    raise UnsupportedFormat(
        "cannot decode as text: not UTF-8, UTF-16, GB18030 or Big5" + guess
    )


def _checked(text: str, encoding: str) -> str:
    if _looks_binary(text):
        raise UnsupportedFormat(f"binary data (control characters in {encoding} text): not a text document")
    return text


def _row_cells(raw: str) -> list[str] | None:
    """The cells of a tab or pipe line; None for a line of running text."""
    if "\t" in raw:
        return raw.split("\t")
    line = raw.replace("\\|", "\uffff")  # an escaped pipe is text, not a separator
    if line.count("|") < 2:
        return None
    parts = line.strip().split("|")
    # One leading and one trailing pipe close the row; further empty parts are blank cells.
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [p.replace("\uffff", "|") for p in parts]


def lines_of(text: str) -> tuple[list[Line], bool]:
    """Lines of decoded text, and whether it is markdown."""
    lines: list[Line] = []
    markdown = False
    for n, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if _MD_SEPARATOR.match(raw) and "|" in raw:
            markdown = True
            continue
        cells = _row_cells(raw)
        if cells is None:
            if _MD_HEADING.match(raw):
                markdown = True
                raw = _MD_HEADING.sub("", raw)
            lines.append(Line((Cell(raw.replace("**", ""), f"line {n}"),)))
            continue
        lines.append(Line(
            tuple(Cell(p.replace("**", ""), f"line {n} cell {i}") for i, p in enumerate(cells, 1)),
            is_row=True,
        ))
    return lines, markdown


def load(data: bytes, name: str):
    text = decode(data)
    if not _CJK.search(text):
        raise NotAReport("text contains no Chinese characters: not an annual report")
    lines, markdown = lines_of(text)
    return normalize.document(lines, "markdown" if markdown else "text")
