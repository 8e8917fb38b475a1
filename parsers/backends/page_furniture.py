"""What a page prints that is not the document's text: running heads and feet (a report's title
in the page header, a portal's "downloaded from … at …" stamped on every page), and page numbers.
Between two parts of a table their digits were read as a row's. A PDF's pages are known to its
backend; a PDF's text (pdftotext's) parts them with a form feed before each page's first line.

A page number that tells itself ('- 3 -', '第3页') is known by its form (normalize.PAGE_NUMBER).
A bare one, '3' alone on a line, is a table's cell as much as a page number, unless the pages
prove it: the numbers among the last lines of the pages count up one a page."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict, deque

from .. import normalize

_RUNNING_CHARS = 8  # a running head or foot this long at least (page numbers are known apart)
_RUNNING_LIKE = 0.9  # as alike as this to another page's (OCR reads one line a little apart)
_WHITESPACE = re.compile(r"\s+")
_TAIL = 4  # lines of text at a page's end where its number may stand (pdftotext's reading order
# may put a table's last cells after it: LibreOffice's prints, 25 of 128 pages)
_PROVEN = 3  # pages at least, and half of them, whose numbers count up one a page
_BARE = re.compile(r"\s*(\d{1,3})\s*")
# (a line of a table laid out in spaces, a header repeated atop each page, is no running head)
_CELL_GAP = re.compile(r"\S(?:\t| {2,}|\u3000)\S")


def _alike(a: str, b: str) -> bool:
    m = difflib.SequenceMatcher(None, a, b)  # (the cheap bounds first: most lines differ)
    return all(r() >= _RUNNING_LIKE for r in (m.real_quick_ratio, m.quick_ratio, m.ratio))


def running(ends: list[dict[int, str]]) -> list[set[int]]:
    """Each page's running lines: of its first and last line of text (``ends``: index → text,
    the lines that may be furniture), those like a line an earlier page (of the last three)
    began or ended with."""
    seen: deque[str] = deque(maxlen=6)
    out = []
    for page in ends:
        keys = {i: _WHITESPACE.sub("", text) for i, text in page.items()}
        out.append(
            {
                i
                for i, key in keys.items()
                if len(key) >= _RUNNING_CHARS and any(_alike(key, other) for other in seen)
            }
        )
        seen.extend(k for k in keys.values() if len(k) >= _RUNNING_CHARS)
    return out


def in_text(raws: list[str]) -> frozenset[int]:
    """The indices of ``raws`` (a PDF's text, its lines) that are page furniture: running heads
    and feet of prose (not a table's line), and bare page numbers the pages prove."""
    pages: list[list[int]] = [[]]  # each page's lines of text
    for i, raw in enumerate(raws):
        pages += [[] for _ in range(raw.count("\f"))]
        if raw.replace("\f", "").strip():
            pages[-1].append(i)
    if len(pages) < 2:
        return frozenset()
    ends = [
        {i: raws[i] for i in {lines[0], lines[-1]} if _prose(raws[i])} if lines else {}
        for lines in pages
    ]
    heads = {i for page in running(ends) for i in page}
    return frozenset(heads | _bare_page_numbers(raws, pages))


def _prose(raw: str) -> bool:
    """Whether a line may be a running head or foot: words (a title, a stamp), not a table's
    line laid out in spaces (a header repeated atop each page) nor numbers."""
    return bool(normalize.HAN.search(raw)) and not _CELL_GAP.search(raw.strip())


def _bare_page_numbers(raws: list[str], pages: list[list[int]]) -> set[int]:
    """Bare page numbers, proven by their sequence. On a page where the number is printed twice
    among the last lines (a cell and the page's number alike), neither is taken."""
    if len(pages) < _PROVEN:
        return set()
    # (offset of the numbering → page → the lines there printing page + offset)
    by_offset: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p, lines in enumerate(pages):
        for i in lines[-_TAIL:]:
            if "\f" not in raws[i] and (m := _BARE.fullmatch(raws[i])):
                by_offset[int(m.group(1)) - p][p].append(i)
    if not by_offset:
        return set()
    numbered = max(by_offset.values(), key=len)
    if len(numbered) < max(_PROVEN, sum(1 for lines in pages if lines) // 2):
        return set()
    return {lines[0] for lines in numbered.values() if len(lines) == 1}
