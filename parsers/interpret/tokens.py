"""The Document as a stream of label and value tokens: the first stage of the interpreter.

Tables reach us in many layouts (grids, one cell per line, space-separated PDF text, digits run
together). Reading every table as one token stream lets the readers find rows by their labels
whatever the layout. One walk over the lines (page numbers and markdown rules are no tokens, a
grid row's cells keep their positions) feeds two value grammars: `tokens` for the counts of
tables 三 and 四 (a value is a count, or digits that may hold several), `value_tokens` for table
二, whose values also carry signs, 增/减 and money units ("7.88万元", "增3").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from ..document import Cell, Document, Line
from ..normalize import PAGE_NUMBER
from .values import COUNT_UNITS, NOT_APPLICABLE, parse_count

# An enumerator glued after a digit run ("00000002.其他") belongs to the next label.
_DIGITS = re.compile(r"[0-9０-９]+")
_LABEL_BEFORE = "第（(〔[【"
_LABEL_AFTER = "年月日号項项条條款）)〕]】%％"
_ENUM_DOT = ".．、"
_MD_RULE = re.compile(r"^:?-{2,}:?$")


class Token(NamedTuple):  # a tuple: built ~1,000 times per report, a frozen dataclass is slow
    # "label", "cell" (one value, maybe blank), "run" (digits that may hold several); table 二's
    # grammar has "label" and "value" only.
    kind: str
    text: str
    where: str
    line: int  # index of the Line in the Document
    grid: bool = False  # a cell of a grid row: its position among the line's cells is meaningful
    # Index of the cell in its grid row, counted from the right end (-1 is the last cell): where
    # a table continues on the next page its label columns may be merged or split differently
    # (a grid of 8 columns, then of 10), its value columns line up at the right.
    col: int | None = None  # (also of the pieces of a grid cell holding a digit run: not grid)
    glued: bool = False  # (table 二) digits printed right after label text: may be several cells


_CACHED = 200  # texts up to this long are memoised: a report repeats "0" and its labels
# A number damaged by OCR: digits with letters OCR takes them for ('1O3', 'l2', '2S'), or one
# such letter standing alone ('O', 'l'). It is a cell (NULL, unreadable), never label text: read
# as a label it cut the number in two ('1O' and 3) and shifted the row's cells.
# So is a number with a speck OCR read as punctuation inside it ('29'1', '2:73', '2、18',
# '773`0.28'): read as two numbers it gave its row a cell too many, and a column a wrong one.
# A point between digits ('3.2') is a speck too where a count stands (table 二 reads amounts
# before this): read as an enumerator ('3.') and a number, 32 had become 2. So is a mark after a
# number with nothing more ('35.'): read as a value glued to the next label's enumerator ('3',
# '5.'), with no label there, 35 had become 3.
_DAMAGED = re.compile(
    r"(?=\S*\d)(?=\S*[OoIlSB〇|])(?!(?:\d*[OoIlSB〇|]){3})[\dOoIlSB〇|]{2,8}|[OoIlSB〇]"
    # (an amount's 1 OCR read as a pipe: '|8651.06' for 18651.06)
    r"|\|\d[\d,，]*[.．]\d+|\d[\d,，]*[.．]\d+\|"
    r"|[-−]?\d[\d,，.．]*(?:['‘’\"“”`:：;；、]+[\d,，.．]*\d)+|\d+[.．]\d+|\d{2,}[.．、]"
    # a comma no thousands separator can be: after the point ('739.0,766万元'), before other
    # than three digits ('2,18')
    r"|(?:\d[\d,，]*[.．]\d*[,，][\d,，.．]*\d|\d[\d,，]*[,，](?:\d{1,2}|\d{4,})(?!\d)[\d,，.．]*)"
    r"(?:[万亿千]?元|万|件|个)?"
)
# ... standing alone, or glued to label text ('申请数量2l', '7l（二）…'): no other Latin letter
# or digit beside it (GB2312 and ISO9001 are words).
_DAMAGED_IN = re.compile(
    rf"(?<!\S)(?:{_DAMAGED.pattern})(?!\S)"
    r"|(?<![A-Za-z\d])(?=[\dOoIlSB〇]*\d)(?=[\dOoIlSB〇]*[OoIlSB〇])(?!(?:\d*[OoIlSB〇]){3})"
    r"[\dOoIlSB〇]{2,16}(?![A-Za-z\d])"
    # (a lone one glued to the next label or after the last: '21 O第二十条', '事项O 0')
    r"|(?<!\S)[OoIl〇](?=[\u4e00-\u9fff（(])|(?<=[\u4e00-\u9fff）)])[OoIl〇](?!\S)"
    # (a speck inside a number glued to a label, the line breaks dropped: '2:26其他…',
    # '行政处罚4:119行政强制': read as 4, 4119 had been published as 4; a decrease's sign with
    # it, after the digits before: '5-12:26' had been -12 and 26)
    r"|(?:(?<![^\s\u4e00-\u9fff）)\d])[-−])?(?<![^\s\u4e00-\u9fff）)\-−])\d[\d,，.．]*"
    r"(?:['‘’\"“”`:：;；、]+[\d,，.．]*\d)+"
    r"(?=[\u4e00-\u9fff（(]|\s|$)"
)
# A grid cell's number with a speck OCR read as a mark no label's enumerator is printed with
# ('0*', "'3", '12，'; never '5.', '5、' or '(5)'): a damaged value, NULL in its column. Read as
# label text, it had left its row, or a block of rows placed by the identities, NULL whole.
_SPECK_MARKS = "*'‘’\"“”`,，。"
_SPECKED = re.compile(f"(?=.*[{_SPECK_MARKS}])[{_SPECK_MARKS}]*\\d+[{_SPECK_MARKS}]*")


def _grid_texts(line: Line) -> list[str] | None:
    """The stripped texts of a grid row's cells; None for running text; [] for a row that is
    layout only (a markdown rule, empty cells)."""
    if not (line.is_row and len(line.cells) > 1):
        return None
    texts = [c.text.strip() for c in line.cells]
    return [] if all(not t or _MD_RULE.match(t) for t in texts) else texts


# A letter a narrow cell's text may break a line after: a Han character or full-width punctuation.
_LETTER = re.compile(r"[\u3400-\u9fff（）、“”《》：]")


def without_page_numbers(doc: Document) -> Document:
    """The document without its page numbers' lines ("- 3 -", "共9页 第6页"): page furniture that
    a text copy of a PDF prints wherever a page breaks, a table's rows too. Taken out before any
    reading, so that no rule counting lines (cells parted by blank lines, a row's values one
    line apart) counts them."""
    lines = [ln for ln in doc.lines if not PAGE_NUMBER.match(ln.text.strip())]
    if len(lines) == len(doc.lines):
        return doc
    return replace(doc, lines=lines)


def letters_joined(doc: Document) -> Document:
    """Lines of one letter each, one after another, as one line: the text of a cell too narrow
    for more than a letter a line (pypdf's and PyMuPDF's text of a Word table whose columns
    share the width of a wider table's: '规' / '章' / '0 0 0'; a rowspan's vertical label:
    '三' / '、' / '本' / …). A letter that is also a n/a cell ('无', '、') joins only between two
    others: '规' / '章' / '无' / '无' is a label and two n/a cells."""
    lines = _glued_letters_apart(doc.lines)
    kinds = [_letter_kind(ln) for ln in lines]  # "letter", "mark", "" (an empty line) or None
    out: list[Line] = []
    k = 0
    while k < len(lines):
        run = [k]
        while kinds[k] == "letter" and (nxt := _next_letter(kinds, run[-1])) is not None:
            run.append(nxt)
        if len(run) < 2:
            out.append(lines[k])
            k += 1
            continue
        text = "".join(lines[i].cells[0].text.strip() for i in run)
        out.append(Line((Cell(text, lines[k].cells[0].where),)))
        k = run[-1] + 1
    if out == doc.lines:
        return doc
    return Document(out, doc.format, doc.notes, doc.unread_pages)


# A row label's start: its enumerator.
_ROW_LABEL = re.compile(
    r"\d{1,2}[.．、]\D|[（(][一二三四五六七八九十]|[一二三四五六七八九十][、.．]"
)
# A vertical label's letter on the line of the row label beside it ('三 2.其他…', '三 属于…'
# where rows are unnumbered), as text extractors that join a page's characters by height print
# it (pdfplumber's extract_text); not a letter-spaced label's ('总 计').
_GLUED = re.compile(rf"^({_LETTER.pattern})\s+(?={_ROW_LABEL.pattern}|[\u3400-\u9fff]{{2}})")
# Its letters are words, not only enumerators: '一 总体情况' / '二 主动公开…' is a contents list.
_NUMERALS = "一二三四五六七八九十、"


def _glued_letters_apart(lines: list[Line]) -> list[Line]:
    """A rowspan's vertical label whose letters stand at the start of the row labels' lines
    beside it, or alone on lines between ('三 2.其他…' / '、' / '0 0 …' / '本 3.危及…' / '年' /
    '度 4.保护…'), as one line before its first row's: letters at the start of two row labels
    or more, with lone letters, lines of values, other rows' labels and empty lines among them
    (a lone mark only with a letter after it). Left there, a letter is read as part of its
    line's label, and a lone '、' as a n/a cell among the values."""
    kinds = [_glued_kind(ln) for ln in lines]
    out: list[Line] = []
    k = 0
    while k < len(lines):
        run = _glued_run(lines, kinds, k) or [k]
        if sum(kinds[i] == "glued" for i in run) < 2:
            out += lines[k : run[-1] + 1]  # (a run from any line of it ends where it ends)
            k = run[-1] + 1
            continue
        letters, rest = [], []
        for i in run:
            cell = lines[i].cells[0]
            text = cell.text.strip()
            if kinds[i] == "glued" and (m := _GLUED.match(text)):
                letters.append(m.group(1))
                rest.append(Line((Cell(text[m.end() :], cell.where),)))
            elif kinds[i] in ("letter", "mark"):
                letters.append(text)
            else:
                rest.append(lines[i])
        if sum(c not in _NUMERALS for c in letters) < 2:
            out += lines[k : run[-1] + 1]
        else:
            out.append(Line((Cell("".join(letters), lines[k].cells[0].where),)))
            out.extend(rest)
        k = run[-1] + 1
    return out


def _glued_kind(line: Line) -> str | None:
    """A line's part in a vertical label's run: _letter_kind's, "glued" (a letter, then a row
    label) or "row" (a row label)."""
    if line.is_row or len(line.cells) != 1:
        return None
    text = line.cells[0].text.strip()
    if kind := _letter_kind(line):  # (a lone mark, '、', is a letter only among letters)
        return kind
    if _GLUED.match(text):
        return "glued"
    return "row" if _ROW_LABEL.match(text) else None


def _glued_run(lines: list[Line], kinds: list[str | None], k: int) -> list[int]:
    """The lines of a vertical label's run from line k, ending at its last letter. (Whether a
    line holds only values is asked only inside a run: it costs a line's tokens.)"""
    if kinds[k] not in ("glued", "letter"):
        return []
    end = k
    for j in range(k, len(kinds)):
        if kinds[j] is None and not _values_only(lines[j]):
            break
        if kinds[j] in ("glued", "letter"):
            end = j
    return list(range(k, end + 1))


def _values_only(line: Line) -> bool:
    """Counts and n/a marks, OCR's too ('l 0 O 1')."""
    text = line.text.strip()
    return (
        not line.is_row
        and len(line.cells) == 1
        and text != ""
        and all(t.kind != "label" for t in _text_tokens(text, "", 0))
    )


def _letter_kind(line: Line) -> str | None:
    if line.is_row or len(line.cells) != 1:
        return None
    if not (t := line.cells[0].text.strip()):
        return ""
    return ("mark" if _not_applicable(t) else "letter") if _LETTER.fullmatch(t) else None


def _next_letter(kinds: list[str | None], k: int) -> int | None:
    """The line of the next letter of a run whose last is on line k: the next line, or the one
    after a single empty line (PDF text parting every line by one); a mark only with a letter
    after it."""
    for at in (k + 1, k + 2):
        if at >= len(kinds):
            return None
        if kinds[at] == "letter" or kinds[at] == "mark" and _next_letter(kinds, at) is not None:
            return at
        if kinds[at] != "":
            return None
    return None


def tokens(doc: Document) -> list[Token]:
    """Every line as tokens. Blank grid cells are kept only on lines that carry a value (elsewhere
    they are layout); blank lines become blank cells when the text marks empty cells by extra
    blank lines (one cell per line, cells 3 newlines apart, rows 5)."""
    out: list[Token] = []
    gaps = _blank_cell_gaps(doc.lines)
    for i, line in enumerate(doc.lines):
        for _ in range(gaps.get(i, 0)):
            out.append(Token("cell", "", f"blank line before {line.cells[0].where}", i))
        texts = _grid_texts(line)
        if texts is not None:
            out.extend(_grid_tokens(line, texts, i))
        else:
            for cell in line.cells:
                out.extend(_text_tokens(cell.text, cell.where, i))
    return out


_RUN_DEBRIS = re.compile(r"[\s?？]")
# A pipe between two cells that OCR read as a letter ('0 l 0'): the cells' digits run together.
_LONE_BAR = re.compile(r"(?<=\s)[lI丨](?=\s)")


def _grid_kind(text: str) -> str:
    """How a grid cell's (stripped) text reads: "cell" (a value, n/a or blank), "run" (digits
    run together with spaces or debris) or "label"."""
    return _cached_grid_kind(text) if len(text) <= _CACHED else _grid_kind_of(text)


def _grid_kind_of(text: str) -> str:
    value, note = parse_count(text)
    if value is not None or note == "not applicable" or not text:
        return "cell"
    if _digit_run(text):
        return "run"
    return "cell" if _DAMAGED.fullmatch(text) or _SPECKED.fullmatch(text) else "label"


def _digit_run(text: str) -> bool:
    """Digits run together with blanks or debris between them: several values, or one number
    broken over lines (a grid cell's text)."""
    return bool(_DIGITS.fullmatch(_RUN_DEBRIS.sub("", _LONE_BAR.sub("", text))))


_cached_grid_kind = lru_cache(maxsize=65536)(_grid_kind_of)


def _grid_tokens(line: Line, texts: list[str], i: int) -> list[Token]:
    toks: list[Token] = []
    valued = False  # whether the line holds a value (a run always does)
    for col, (cell, text, kind) in enumerate(
        zip(line.cells, texts, map(_grid_kind, texts)), -len(texts)
    ):
        if kind == "run":  # "0 0" or "0?0": cells run together, or one number broken
            toks.extend(t._replace(col=col) for t in _text_tokens(text, cell.where, i))
            valued = True
        else:  # a grid label keeps its digits ("数据1", "2.其他…")
            toks.append(Token(kind, text, cell.where, i, True, col))
            valued = valued or kind == "cell" and text != ""
    return toks if valued else [t for t in toks if t.kind == "label"]


_PIECE = re.compile(r"\S+")


def _text_tokens(text: str, where: str, i: int) -> list[Token]:
    """Split running text at whitespace, then split each piece into label text and digit runs."""
    parts = [
        part
        for piece in _PIECE.finditer(text)
        for part in _piece_parts(piece.group(), piece.start())
    ]
    if _LONE_LETTER.search(text):
        parts = _unspaced(parts, text)
    return [
        Token(kind, s, f"{where} chars {start + 1}-{start + len(s)}", i) for kind, s, start in parts
    ]


_LONE_LETTER = re.compile(r"(?:^|\s)[^\s\d](?=\s|$)")  # a label maybe letter-spaced


def _unspaced(parts: list[tuple[str, str, int]], text: str) -> list[tuple[str, str, int]]:
    """A letter-spaced label ("无 法 提 供", "总 计", "不 补 正 、 行 政"), as PDF exports and web
    pages spread a label over its cell, as one label: a label part joins the label before it when
    either is a lone letter. Only labels join; digits apart stay apart ("1 2 3" is three cells)."""
    out: list[tuple[str, str, int]] = []
    last = 0  # length of the part that ended out[-1]
    for k, (kind, s, start) in enumerate(parts):
        if kind == "cell" and _letter(parts, k):
            kind = "label"
        if kind == "label" and out and out[-1][0] == "label" and 1 in (len(s), last):
            at = out[-1][2]
            out[-1] = ("label", text[at : start + len(s)], at)
        else:
            out.append((kind, s, start))
        last = len(s)
    return out


def _letter(parts: list[tuple[str, str, int]], k: int) -> bool:
    """Whether a mark read as a n/a cell ("无", "、") is a letter of a letter-spaced label: a lone
    letter follows it and no mark precedes it ("无 无 总 计" is two n/a cells, then 总计)."""
    after = parts[k + 1] if k + 1 < len(parts) else None
    return (
        after is not None
        and after[0] == "label"
        and len(after[1]) == 1
        and (k == 0 or parts[k - 1][0] != "cell")
    )


def _piece_parts(s: str, start: int) -> list[tuple[str, str, int]]:
    """(kind, text, offset in the line) of each token of one whitespace-separated piece."""
    parts = _cached_parts(s) if len(s) <= _CACHED else _parts(s)
    return [(kind, text, start + at) for kind, text, at in parts]


# A n/a mark run into the next row's label in flattened text ('-2.其他…', '—（四）无法提供'): the
# mark is the last cell of the row before, not part of the label.
_MARKS = r"[-‐‑‒–—―－─━~～/／\\]+"
_MARK_BEFORE_LABEL = re.compile(
    rf"{_MARKS}(?={_ROW_LABEL.pattern})"
    # or a lone hyphen before the wrapped tail of a label ('-公开'): prose dashes come in pairs
    r"|(?<![-‐‑‒–—―－])[-－](?=[\u4e00-\u9fff])"
)

# ... or into the next cell's count ('- - -3 0 0': no count is negative)
_MARK_BEFORE_COUNT = re.compile(rf"{_MARKS}(?=\d)")

# ... and a dash run onto the end of the label before it ('总计- - -'); not a slash, which ends a
# header wrapped mid-word ('本年增/' over '减').
_DASH_AFTER_LABEL = re.compile(r"(?<=[^\W\d_]|[）)])[-‐‑‒–—―－─━]+$")


def _parts(s: str) -> tuple[tuple[str, str, int], ...]:
    value, note = parse_count(s)
    if value is not None or note == "not applicable" or _DAMAGED.fullmatch(s):
        return (("run" if value is not None else "cell", s, 0),)
    if m := _DAMAGED_IN.search(s):
        rest = _parts(s[m.end() :])
        return (
            *_parts(s[: m.start()]),
            ("cell", m.group(), m.start()),
            *((k, t, at + m.end()) for k, t, at in rest),
        )
    if m := _MARK_BEFORE_LABEL.match(s) or _MARK_BEFORE_COUNT.match(s):
        rest = _parts(s[m.end() :])
        return (("cell", m.group(), 0), *((k, t, at + m.end()) for k, t, at in rest))
    if m := _DASH_AFTER_LABEL.search(s):
        return (*_parts(s[: m.start()]), ("cell", m.group(), m.start()))
    out: list[tuple[str, str, int]] = []
    pos = 0
    for m in _DIGITS.finditer(s):
        a, b = m.span()
        before, after = s[a - 1 : a], s[b : b + 1]
        if (
            (before and before in _LABEL_BEFORE)
            or (after and after in _LABEL_AFTER)
            or (before.isascii() and before.isalpha())
        ):
            continue
        if after and after in _ENUM_DOT:
            b -= 1  # its last digit numbers the next label
        if b <= a:
            continue
        if _wordy(s[pos:a]):
            out.append(("label", s[pos:a], pos))
        out.append(("run", s[a:b], a))
        pos = b
    if _wordy(s[pos:]):
        out.append(("label", s[pos:], pos))
    return tuple(out)


_cached_parts = lru_cache(maxsize=65536)(_parts)
_WORDY = re.compile(r"[^\W\d_]|\d[.．、]")


def _wordy(s: str) -> bool:
    """Label text has letters or is an enumerator ("2."); a lone `?` or bracket between digits
    is debris, not a label."""
    return bool(_WORDY.search(s))


_CELL_LINE = 30  # characters: a line this short may be a table cell, a longer one is prose


_ODD_RUNS = 3  # longer runs all odd, at least so many: two blank lines an empty cell (docx2txt)


def every_line_parted(lines: list[Line]) -> bool:
    """Whether the page parts every line by a blank one (lynx's text of cells holding
    paragraphs, docx2txt's paragraphs): each cell is then a paragraph of its own."""
    _, common, every = _blank_runs(lines)
    return common == 1 and every


def _blank_runs(lines: list[Line]) -> tuple[dict[int, int], int | None, bool]:
    """The runs of blank lines (by the line after each), the commonest run, and whether nearly
    every short line (a cell's) follows a run (a paragraph's lines wrapped at the page's width
    do not). Computed once per lines list: tokens, empty_lines and table 二 all read it (the last
    list's runs are kept, with the list, so that its id is not reused)."""
    global _last_runs
    last = _last_runs  # (read once: another thread may replace it)
    if last[0] is not lines or last[1] != len(lines):
        last = _last_runs = (lines, len(lines), _runs(lines))
    return last[2]


_last_runs: tuple[list[Line], int, tuple[dict[int, int], int | None, bool]] = (
    [],
    0,
    ({}, None, False),
)


def _runs(lines: list[Line]) -> tuple[dict[int, int], int | None, bool]:
    runs: dict[int, int] = {}
    blank = short = parted = 0
    for i, line in enumerate(lines):
        text = line.text.strip()  # (empty when no cell holds text once stripped)
        if not text:
            blank += 1
            continue
        if len(text) <= _CELL_LINE:
            short += 1
            parted += blank > 0
        if blank:
            runs[i] = blank
        blank = 0
    common = Counter(runs.values()).most_common(1)
    return runs, common[0][0] if common else None, parted >= short * 0.9


def _blank_cell_gaps(lines: list[Line]) -> dict[int, int]:
    """Blank cells implied by runs of blank lines, when the text puts every cell on its own
    line: with 2 blank lines between cells and 4 between rows, each further 3 blank lines is an
    empty cell; with 1 between cells (lynx's text of cells holding paragraphs: every line of the
    page is parted by one), each further blank line is, or each further two where every longer
    run is odd (docx2txt ends every paragraph with a blank line, an empty cell's too). Detected
    from the runs themselves (most are 2, or every line is parted by 1), so ordinary text is left
    alone."""
    runs, common, _ = _blank_runs(lines)
    if every_line_parted(lines):  # each further blank line (or two: docx2txt) is a cell
        longer = [b for b in runs.values() if b > 1]
        per = 2 if len(longer) >= _ODD_RUNS and all(b % 2 for b in longer) else 1
        return {i: (b - 1) // per for i, b in runs.items() if b > 1}
    if common != 2:
        return {}
    if sum(1 for b in runs.values() if b < 2) > len(runs) // 20:
        return {}
    # Runs that only three lines a cell explain (5 = 2 + 3, 7 = 4 + 3) against runs it cannot
    # (6, 9, 12): a pretty-printed page's text (BeautifulSoup's get_text of prettify()) parts
    # cells by 2 and rows by 4 too, but an empty cell there is 2 lines more, as many as a row's
    # end, so no run says how many cells it holds.
    threes = sum(1 for b in runs.values() if b >= 5 and b % 2 and b % 3 != 0)
    if sum(1 for b in runs.values() if b >= 5 and b % 3 == 0) >= max(threes, 1):
        return {}
    out: dict[int, int] = {}
    for i, b in runs.items():
        extra = b - 2 if b % 3 == 2 else b - 4 if b % 3 == 1 else -1
        if extra > 0 and extra % 3 == 0:
            out[i] = extra // 3
    return out


def empty_lines(lines: list[Line]) -> dict[int, str]:
    """The lines holding no text (page numbers are text), with where each is: in a crawl that
    puts each cell on a line of its own and nothing between them (the text of CMS tables written
    with no whitespace between their tags), an empty cell is an empty line. Whether a table's are
    its cells only its rows can prove (`empty_cells`). None at all where runs of blank lines part
    the cells (their gaps are cells already)."""
    if _blank_cell_gaps(lines):
        return {}
    return {
        i: line.cells[0].where if line.cells else f"line {i + 1}"
        for i, line in enumerate(lines)
        if not any(c.text.strip() for c in line.cells)
    }


class Span(NamedTuple):
    """A row's lines: from its label's (``after``) to the next token's (``end``), not included."""

    after: int
    end: int
    values: list[Token]
    n: int  # its columns


def following(lines: list[int], line: int) -> int:
    """The first of the (sorted) lines after ``line``; one past the last when there is none."""
    at = bisect.bisect_right(lines, line)
    return lines[at] if at < len(lines) else lines[-1] + 1


def empty_cells(
    rows: list[Span], title: int, lines: list[int], empty: dict[int, str], ending: bool = False
) -> list[list[Token] | None] | None:
    """Each row's n cells where it is printed a cell per line with its empty cells as empty
    lines (None for a row with all its values, or no empty line); None for the whole table where
    its empty lines are not all empty cells (``lines``: the sorted lines holding the table's
    tokens, ``title`` its title's): an empty line from the title's next text on that is not among
    a row's lines, or a row short of values whose lines do not hold exactly its n cells (lines
    parting rows, a rowspan's blank label cell). A row that lost a cell would fit with one such
    line: only a table whose every empty line is a cell proves the positions. Empty lines under
    the title and after the last row's last value (a page's spacer paragraphs
    around a table, <p>&nbsp;</p>) are none of its cells: blank cells ending the table are no
    proof of anything (a spacer after a row that lost a cell would fit it), and the last row's
    other empty lines are only read when its cells end in a value; unless ``ending`` (the page
    prints no spacers: table 三 has none) and the empty lines up to the next text are exactly
    the cells the last row lacks."""
    occupied = set(lines)
    if rows and rows[-1].values:
        whole = ending and _slotted(rows[-1], empty, occupied) is not None
        end = rows[-1].end if whole else max(t.line for t in rows[-1].values) + 1
        rows = [*rows[:-1], rows[-1]._replace(end=end)]
    first = following(lines, title)
    last = max((r.end for r in rows), default=first) - 1
    out: list[list[Token] | None] = []
    inside: set[int] = set()
    for k, r in enumerate(rows):
        own = range(r.after + 1, r.end)
        cells = None
        if sum(bool(t.text) for t in r.values) < r.n and any(i in empty for i in own):
            cells = _slotted(r, empty, occupied)
            if cells is None and k < len(rows) - 1:
                return None
            inside.update(own)
        out.append(cells)
    if any(i in empty and i not in inside for i in range(first, last + 1)):
        return None
    return out


def _slotted(row: Span, empty: dict[int, str], occupied: set[int]) -> list[Token] | None:
    """The row's n cells when each of its lines holds one of its values or is empty."""
    if any(t.grid or t.kind == "label" for t in row.values):
        return None
    # (a line's lone number is a "run" of running text: one cell here)
    at = {t.line: t._replace(kind="cell") for t in row.values}
    if len(at) != len(row.values):
        return None
    slots: list[Token] = []
    for i in range(row.after + 1, row.end):
        if i in at:
            slots.append(at.pop(i))
        elif i in empty:
            slots.append(Token("cell", "", f"empty {empty[i]}", i))
        elif i in occupied:
            return None
    return slots if len(slots) == row.n and not at else None


# ---- table 二's value grammar ------------------------------------------------------------------

# A value: an optional sign or 增/减, digits (a decimal point may have a stray space after it:
# '2429. 9828万元'), an optional money or count unit (but 件 and 个, only where no word follows:
# '5项目' is no count of 5 项).
_NUM = re.compile(
    r"(?:[增减][加少]?\s*|[+\-－−])?\d[\d,，]*(?:[.．]\s?\d+)?"
    f"(?:\\s*(?:万元|亿元|千元|元|万|件|个|(?:{COUNT_UNITS})(?![\u4e00-\u9fff])))?"
)
_NOT_VALUE_AFTER = tuple(".．、年月日号%％项条")
# A number in brackets before words enumerates them: '（3）收到和处理…', a section's heading.
_ENUMERATOR = re.compile(r"[（(]\d{1,2}[）)]\s*[\u4e00-\u9fff]")


def value_tokens(lines: list[Line], markers: re.Pattern[str], first: int = 0) -> Iterator[Token]:
    """Table 二's tokens of lines[first:], line by line (the reader stops at the table's end):
    "value" (a count, an amount, a change, maybe with its unit) or "label"; label text is cut at
    the table's ``markers`` (titles, sections: one capturing group), each a label of its own.
    Blank cells implied by runs of blank lines are blank values, as for table 三 (see tokens)."""
    gaps = _blank_cell_gaps(lines)
    for i in range(first, len(lines)):
        line = lines[i]
        for _ in range(gaps.get(i, 0)):
            yield Token("value", "", f"blank line before {line.cells[0].where}", i)
        texts = _grid_texts(line)
        if texts is not None:
            for col, (cell, text) in enumerate(zip(line.cells, texts), -len(texts)):
                labels = (
                    _grid_labels(text, markers) if len(text) <= _CACHED else _labels(text, markers)
                )
                if labels is None:
                    yield Token("value", text, cell.where, i, True, col)
                else:
                    yield from (Token("label", p, cell.where, i, True, col) for p in labels)
        else:
            for cell in line.cells:
                yield from _value_text_toks(cell.text, cell.where, i, markers)


def _is_value(text: str) -> bool:
    """A grid cell of table 二 holding a value (a run of digits is one, unreadable)."""
    return (
        bool(_NUM.fullmatch(text))
        or _digit_run(text)
        or parse_count(text)[1] == NOT_APPLICABLE
        or bool(_DAMAGED.fullmatch(text) or _SPECKED.fullmatch(text))
    )


def _label_parts(text: str, markers: re.Pattern[str]) -> tuple[str, ...]:
    """The text cut at the markers, and digits before words apart from them: a crawl that ran a
    pipe table's rows together, then wrapped its numbers, leaves a number's last digits in the
    next row's label cell or the next table's title's ('25100' … '0 三、收到和处理…' for 251000;
    '22' … '6 其他对外管理服务事项' for 226), and 25100 and 22 had been published. Apart, they
    are digits below the row (table 二: NULL, saying so)."""
    parts = (p.strip() for p in markers.split(text) if p and p.strip())
    return tuple(q for p in parts for q in _DIGITS_BEFORE_WORDS.split(p) if q)


_DIGITS_BEFORE_WORDS = re.compile(r"^(\d+)\s+(?=[\u4e00-\u9fff])")


def _labels(text: str, markers: re.Pattern[str]) -> tuple[str, ...] | None:
    """None for a grid cell holding a value (or blank), else its label parts."""
    return None if not text or _is_value(text) else _label_parts(text, markers)


_grid_labels = lru_cache(maxsize=65536)(_labels)  # cells repeat: "0", labels, headers


def _label_toks(text: str, where: str, line: int, markers: re.Pattern[str]) -> list[Token]:
    """The label parts of running text; dashes or 无 standing apart before or after a label
    ('行政许可 - - 5') are n/a cells of the row."""
    out: list[Token] = []
    for part in _label_parts(text, markers):
        pieces = part.split()
        a, b = 0, len(pieces)
        while a < b and _not_applicable(pieces[a]):
            a += 1
        while b > a and _not_applicable(pieces[b - 1]):
            b -= 1
        out.extend(Token("value", p, where, line) for p in pieces[:a])
        if a < b:
            label = part if (a, b) == (0, len(pieces)) else " ".join(pieces[a:b])
            if not _MARKS_ONLY.fullmatch(label):  # (a speck names no row: see _MARKS_ONLY)
                out.append(Token("label", label, where, line))
        out.extend(Token("value", p, where, line) for p in pieces[b:])
    return out


# Speck marks and nothing else between values ('22‘' / '6', 226 wrapped with a speck after its
# first digits): no label. Taken for one, the speck had ended the row after 22 and dropped 6,
# publishing 22; the row's values are now too many, and so unproven. Nor is a cell's rule left
# alone on a line ('6' / '0 |' / '60 |', a line a cell, 60 wrapped): the pipe had ended the row
# after 6 and 0, and 6 was published, the only placement of two values the rules allow.
_MARKS_ONLY = re.compile(f"[{_SPECK_MARKS}|｜\\s]+")


def _not_applicable(piece: str) -> bool:
    return len(piece) <= 3 and parse_count(piece)[1] == NOT_APPLICABLE


def _value_text_toks(text: str, where: str, line: int, markers: re.Pattern[str]) -> list[Token]:
    if not _DAMAGED_IN.search(text):
        return _value_text_part(text, where, line, markers)
    out: list[Token] = []
    pos = 0
    for m in _DAMAGED_IN.finditer(text):
        out += _value_text_part(text[pos : m.start()], where, line, markers, pos)
        out.append(Token("value", m.group(), f"{where} chars {m.start() + 1}-{m.end()}", line))
        pos = m.end()
    return out + _value_text_part(text[pos:], where, line, markers, pos)


def _value_text_part(
    text: str, where: str, line: int, markers: re.Pattern[str], at: int = 0
) -> list[Token]:
    """The tokens of text, a part of a line's from its character ``at`` on."""
    out: list[Token] = []
    pos = 0
    for m in _NUM.finditer(text):
        a, b = m.span()
        if (
            text[b : b + 1] in _NOT_VALUE_AFTER
            or text[a - 1 : a] == "第"
            or (a and _ENUMERATOR.match(text, a - 1))
        ):
            continue  # an enumerator or a date, part of the label
        out.extend(_label_toks(text[pos:a], where, line, markers))
        glued = a > 0 and not text[a - 1].isspace()
        whole = (at, a, b) == (0, 0, len(text))
        span = where if whole else f"{where} chars {at + a + 1}-{at + b}"
        out.append(Token("value", m.group().strip(), span, line, glued=glued))
        pos = b
    out.extend(_label_toks(text[pos:], where, line, markers))
    return out
