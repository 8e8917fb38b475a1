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
from collections import Counter, defaultdict, deque

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
_NUMBERS = re.compile(r"[\d\s.,，．、%％+\-－]*")
_ENDS = 3  # lines at each end of a page where its running lines may stand
# Two cells apart, each a number or a blank cell's mark: a table's row ('8.属于行 - - - - 0')
_CELL = r"(?:[\d.,，]+|[-—–－/／]|无)"
_VALUES = re.compile(rf"(?<!\S){_CELL}\s+{_CELL}(?!\S)")


def _alike(a: str, b: str) -> bool:
    m = difflib.SequenceMatcher(None, a, b)  # (the cheap bounds first: most lines differ)
    return all(r() >= _RUNNING_LIKE for r in (m.real_quick_ratio, m.quick_ratio, m.ratio))


def running(
    heads: list[dict[int, str]], feet: list[dict[int, str]], per_page: int = 2
) -> list[set[int]]:
    """Each page's running lines, of the lines at its top (``heads``) and its foot (``feet``:
    index → text, together at most ``per_page`` lines that may be furniture): those like a line
    at an earlier page's ends (of the last three: the first page's title is the report's), and
    feet like a later page's foot (the first page's foot stands amid the text: a table going on
    over the page had read its digits as a row's)."""
    keyed = [(_keys(head), _keys(foot)) for head, foot in zip(heads, feet, strict=True)]
    seen: deque[str] = deque(maxlen=3 * per_page)
    out = []
    for p, (head, foot) in enumerate(keyed):
        ends = head | foot
        out.append({i for i, key in ends.items() if any(_alike(key, o) for o in seen)})
        later = [k for _, f in keyed[p + 1 : p + 4] for k in f.values()]
        out[-1] |= {i for i, key in foot.items() if any(_alike(key, o) for o in later)}
        seen.extend(ends.values())
    return out


def _keys(lines: dict[int, str]) -> dict[int, str]:
    """The lines as compared, without their spaces; a line too short to tell is no running line."""
    keys = {i: _WHITESPACE.sub("", text) for i, text in lines.items()}
    return {i: key for i, key in keys.items() if len(key) >= _RUNNING_CHARS}


def in_text(raws: list[str]) -> frozenset[int]:
    """The indices of ``raws`` (a PDF's text, its lines) that are page furniture: running heads
    and feet (among each page's first and last _ENDS lines of words: a browser's print puts the
    date and the page's title atop each page, its address and '3/7' at the foot), and bare page
    numbers where the pages prove them."""
    pages: list[list[int]] = [[]]  # each page's lines of text
    for i, raw in enumerate(raws):
        pages += [[] for _ in range(raw.count("\f"))]
        if raw.replace("\f", "").strip():
            pages[-1].append(i)
    if len(pages) < 2:
        return frozenset()
    numbers = _bare_page_numbers(raws, pages)
    # (one that tells itself is no line of text here, and the interpreter takes it out)
    told = {i for i, raw in enumerate(raws) if normalize.PAGE_NUMBER.match(raw.strip())}
    tops: list[dict[int, str]] = []
    feet: list[dict[int, str]] = []
    outermost: set[int] = set()
    for lines in pages:
        rest = [i for i in lines if i not in numbers and i not in told]
        outermost |= {*rest[:1], *rest[-1:]}
        top = rest[:_ENDS]  # (a short page's lines are its top's, not its foot's)
        for ends, near in ((tops, top), (feet, [i for i in rest[-_ENDS:] if i not in top])):
            ends.append({i: raws[i] for i in near if _worded(raws[i], i in outermost)})
    found = {i for page in running(tops, feet, 2 * _ENDS) for i in page}
    # A line within a page's ends, not its outermost, only where another page prints it alike
    # to the letter: two rows' labels may differ by their number alone ('7.属于行', '8.属于行').
    printed = Counter(_WHITESPACE.sub("", raws[i]) for page in (*tops, *feet) for i in page)
    exact = {i for i in found if printed[_WHITESPACE.sub("", raws[i])] > 1}
    return frozenset({i for i in found if i in outermost} | exact | numbers)


def _worded(raw: str, outermost: bool) -> bool:
    """Whether a line may be a running head or foot: words (a title, a date, an address), not
    numbers nor a table's row of cells ('8.属于行 0 0 0'); a line laid out in spaces only as a
    page's first or last (pdftotext -layout puts a browser's date and title on one line), else
    it may be a table's header repeated atop pages, which some page of the table may need."""
    text = raw.strip()
    if _NUMBERS.fullmatch(text) or _VALUES.search(text):
        return False
    return outermost or not _CELL_GAP.search(text)


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
