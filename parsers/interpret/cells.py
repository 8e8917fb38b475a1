"""The Document as a stream of label and value tokens, and the ways a row's values can fill its
columns.

Tables 三 and 四 reach us in many layouts (grids, one cell per line, space-separated PDF text,
digits run together). Reading them as one token stream lets the table readers find rows by their
labels whatever the layout; `candidates` then lists every way a row's values can be laid into its
columns, so that a reader accepts an assignment only when the layout or the identities leave one.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from ..document import Document, Line
from ..report import Value
from .values import parse_count

# An enumerator glued after a digit run ("00000002.其他") belongs to the next label.
_DIGITS = re.compile(r"[0-9０-９]+")
_LABEL_BEFORE = "第（(〔[【"
_LABEL_AFTER = "年月日号項项条條款）)〕]】%％"
_ENUM_DOT = ".．、"
_MD_RULE = re.compile(r"^:?-{2,}:?$")
# A page number printed between two parts of a table ("- 3 -", "第3页").
_PAGE_NO = re.compile(r"^[-—－–]\s*\d+\s*[-—－–]$|^第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?$")
_MAX_RUN = 40  # longer digit runs are not table rows; splitting them would be guesswork
_MAX_SPLITS = 50_000


@dataclass(frozen=True)
class Token:
    kind: str  # "label", "cell" (one value, maybe blank), "run" (digits that may hold several)
    text: str
    where: str
    line: int  # index of the Line in the Document
    grid: bool = False  # a cell of a grid row: its position among the line's cells is meaningful
    col: int | None = None  # index of the cell in its grid row


def tokens(doc: Document) -> list[Token]:
    """Every line as tokens. Blank grid cells are kept only on lines that carry a value (elsewhere
    they are layout); blank lines become blank cells when the text marks empty cells by extra
    blank lines (one cell per line, cells 3 newlines apart, rows 5)."""
    out: list[Token] = []
    gaps = _blank_cell_gaps(doc.lines)
    for i, line in enumerate(doc.lines):
        if _PAGE_NO.match(line.text.strip()):
            continue
        for _ in range(gaps.get(i, 0)):
            out.append(Token("cell", "", f"blank line before {line.cells[0].where}", i))
        if line.is_row and len(line.cells) > 1:
            out.extend(_grid_tokens(line, i))
        else:
            for cell in line.cells:
                out.extend(_text_tokens(cell.text, cell.where, i))
    return out


def _grid_tokens(line: Line, i: int) -> list[Token]:
    texts = [c.text.strip() for c in line.cells]
    if all(not t or _MD_RULE.match(t) for t in texts):
        return []
    toks: list[Token] = []
    for col, (cell, text) in enumerate(zip(line.cells, texts)):
        value, note = parse_count(text)
        if value is not None or note == "not applicable" or not text:
            toks.append(Token("cell", text, cell.where, i, grid=True, col=col))
        elif _DIGITS.fullmatch(re.sub(r"[\s?？]", "", text)):
            toks.extend(_text_tokens(text, cell.where, i))  # "0 0" or "0?0": cells run together
        else:  # a grid label keeps its digits ("数据1", "2.其他…")
            toks.append(Token("label", text, cell.where, i, grid=True, col=col))
    if not any(t.kind != "label" and t.text for t in toks):
        toks = [t for t in toks if t.kind == "label"]
    return toks


def _text_tokens(text: str, where: str, i: int) -> list[Token]:
    """Split running text at whitespace, then split each piece into label text and digit runs."""
    toks: list[Token] = []
    pos = 0
    for piece in re.finditer(r"\S+", text):
        start, s = piece.start(), piece.group()
        value, note = parse_count(s)
        if value is not None or note == "not applicable":
            toks.append(Token("run" if value is not None else "cell", s, _at(where, start, s), i))
            continue
        pos = 0
        for m in _DIGITS.finditer(s):
            a, b = m.span()
            before, after = s[a - 1 : a], s[b : b + 1]
            if (before and before in _LABEL_BEFORE) or (after and after in _LABEL_AFTER) or (
                    before.isascii() and before.isalpha()):
                continue
            if after and after in _ENUM_DOT:
                b -= 1  # its last digit numbers the next label
            if b <= a:
                continue
            if _wordy(s[pos:a]):
                toks.append(Token("label", s[pos:a], _at(where, start + pos, s[pos:a]), i))
            toks.append(Token("run", s[a:b], _at(where, start + a, s[a:b]), i))
            pos = b
        if _wordy(s[pos:]):
            toks.append(Token("label", s[pos:], _at(where, start + pos, s[pos:]), i))
    return toks


def _wordy(s: str) -> bool:
    """Label text has letters or is an enumerator ("2."); a lone `?` or bracket between digits
    is debris, not a label."""
    return bool(re.search(r"[^\W\d_]|\d[.．、]", s))


def _at(where: str, start: int, s: str) -> str:
    return f"{where} chars {start + 1}-{start + len(s)}"


def _blank_cell_gaps(lines: list[Line]) -> dict[int, int]:
    """Blank cells implied by runs of blank lines, when the text puts every cell on its own line
    with 2 blank lines between cells and 4 between rows: each further 3 blank lines is an empty
    cell. Detected from the runs themselves (most are 2), so ordinary text is left alone."""
    runs: dict[int, int] = {}
    blank = 0
    for i, line in enumerate(lines):
        if not line.text.strip():
            blank += 1
            continue
        if blank:
            runs[i] = blank
        blank = 0
    common = Counter(runs.values()).most_common(1)
    if not common or common[0][0] != 2 or sum(1 for b in runs.values() if b < 2) > len(runs) // 20:
        return {}
    out = {}
    for i, b in runs.items():
        extra = b - 2 if b % 3 == 2 else b - 4 if b % 3 == 1 else -1
        if extra > 0 and extra % 3 == 0:
            out[i] = extra // 3
    return out


# ---- laying a row's values into its columns -------------------------------------------------

Groups = tuple[tuple[tuple[int, ...], int], ...]  # (part columns, total column) per identity


def balanced(values: tuple[int | None, ...], groups: Groups) -> bool:
    """Every group whose cells are all known sums to its total."""
    for parts, total in groups:
        cells = [values[p] for p in parts] + [values[total]]
        if None not in cells and sum(cells[:-1]) != cells[-1]:
            return False
    return True


@dataclass(frozen=True)
class Layout:
    values: tuple[Value, ...]
    resolved: str | None  # None when the layout itself fixed every position


def candidates(toks: list[Token], n: int, groups: Groups) -> list[Layout]:
    """Every distinct way the tokens fill n columns. Positions kept by the layout give one
    layout taken as published (even if it breaks an identity); otherwise run-together digits are
    split, and one lost cell is re-created from its identity, keeping only layouts whose
    identities hold."""
    toks = [t for t in toks if t.kind != "label"]
    grid_lines = {t.line for t in toks if t.grid}
    if toks and len(grid_lines) == 1 and all(t.grid for t in toks):
        cells = _trim(toks, n)
        if cells is not None:
            return [Layout(tuple(_cell(t) for t in cells), None)]
    if len(grid_lines) > 1 or (grid_lines and any(not t.grid for t in toks)):
        toks = [t for t in toks if not (t.grid and not t.text)]  # blank layout cells, not data
    if not toks:
        return []
    if len(toks) == n:  # one value per column: positions are the order printed
        return [Layout(tuple(_cell(t) for t in toks), None)]
    found: dict[tuple, Layout] = {}
    for parts in _splits(toks, n):
        for layout in _complete(parts, n, groups):
            key = tuple(v.value for v in layout.values)
            found.setdefault(key, layout)
        if len(found) > 50:
            break
    return list(found.values())


def by_columns(toks: list[Token], columns: tuple[int, ...]) -> Layout | None:
    """The row read at the grid columns its header gives, when its values sit exactly there: a
    grid line whose every header column holds a value or a blank, and nothing outside them."""
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    if len(lines) != 1 or not all(t.grid for t in toks if t.line in lines):
        return None
    line = [t for t in toks if t.line in lines]
    at = {t.col: t for t in line}
    if any(c not in at or at[c].kind == "label" for c in columns):
        return None
    if any(t.text and t.kind != "label" and t.col not in columns for t in line):
        return None
    return Layout(tuple(_cell(at[c]) for c in columns), None)


def header_columns(toks: list[Token], headers: list[tuple[str, ...]]) -> tuple[int, ...] | None:
    """Grid columns of the header labels (each given by its match fragments, in table order):
    only when every one is found once, left to right, so the header is a real grid header and
    not text whose columns slid (tab copies shift header cells)."""
    from .labels import label_key

    def hit(key: str, frags: tuple[str, ...]) -> bool:
        return any(key == f or (len(f) > 2 and f in key) for f in map(label_key, frags))

    cols = []
    for frags in headers:
        found = [t.col for t in toks if t.kind == "label" and t.grid and hit(label_key(t.text),
                                                                               frags)]
        if len(set(found)) != 1:
            return None
        cols.append(found[0])
    return tuple(cols) if all(a < b for a, b in itertools.pairwise(cols)) else None


def _trim(toks: list[Token], n: int) -> list[Token] | None:
    """The one window of n cells outside which every cell is blank (stray tabs at a row's ends)."""
    if len(toks) < n:
        return None
    windows = [
        toks[s : s + n]
        for s in range(len(toks) - n + 1)
        if not any(t.text for t in toks[:s] + toks[s + n :])
    ]
    if len(windows) == 1:
        return windows[0]
    # Several windows: the values sit in one of them, their blank margins decide nothing.
    return None


def _cell(t: Token, note: str | None = None) -> Value:
    value, vnote = parse_count(t.text)
    return Value(value, t.text, t.where, "; ".join(x for x in (vnote, note) if x) or None)


def _splits(toks: list[Token], n: int) -> Iterable[list[Value]]:
    """Each token as one value, or a digit run as several, giving n or n-1 values in all."""
    options = []
    for t in toks:
        if t.kind == "run" and len(re.sub(r"\D", "", t.text)) > 1:
            options.append(list(_split_run(t, n)))
        else:
            options.append([[_cell(t)]])
    def walk(i: int, acc: list[Value]) -> Iterable[list[Value]]:
        if len(acc) > n:
            return
        if i == len(options):
            if len(acc) >= n - 1:
                yield acc
            return
        for opt in options[i]:
            yield from walk(i + 1, acc + opt)
    yield from itertools.islice(walk(0, []), 200_000)


def _split_run(t: Token, n: int) -> Iterable[list[Value]]:
    digits = re.sub(r"\D", "", t.text)
    if len(digits) > _MAX_RUN:
        return
    m = re.match(r"(.*chars )(\d+)-\d+$", t.where)
    base, first = (m.group(1), int(m.group(2))) if m else (t.where + " chars ", 1)
    offset = t.text.find(digits[0]) if digits else 0
    for k in range(1, min(n, len(digits)) + 1):
        if math.comb(len(digits) - 1, k - 1) > _MAX_SPLITS:
            continue  # too many ways to cut: no split could be singled out with confidence
        for cuts in itertools.combinations(range(1, len(digits)), k - 1):
            bounds = (0, *cuts, len(digits))
            pieces = [digits[a:b] for a, b in itertools.pairwise(bounds)]
            if any(len(p) > 1 and p[0] == "0" for p in pieces):
                continue
            note = None if k == 1 else f"split from run-together digits {t.text!r}"
            yield [
                Value(int(p), p, f"{base}{first + offset + a}-{first + offset + b - 1}", note)
                for p, (a, b) in zip(pieces, itertools.pairwise(bounds))
            ]


def _complete(parts: list[Value], n: int, groups: Groups) -> Iterable[Layout]:
    """n values: kept if the identities hold (when a split was needed). n-1 values: the lost cell
    may be any one; each choice is completed from its group's identity."""
    split = any(v.note and v.note.startswith("split") for v in parts)
    if len(parts) == n:
        if not split or balanced(tuple(v.value for v in parts), groups):
            yield Layout(tuple(parts), "split" if split else None)
        return
    if split:  # a lost cell inside run-together digits would be a guess upon a guess
        return
    for gap in range(n):
        values = [v.value for v in parts[:gap]] + [None] + [v.value for v in parts[gap:]]
        filled = _infer(values, gap, groups)
        if filled is None or not balanced(tuple(filled), groups):
            continue
        lost = Value(filled[gap], "", "not in the source",
                     "cell lost by the layout; value implied by the identities")
        yield Layout(tuple(parts[:gap]) + (lost,) + tuple(parts[gap:]), "lost cell")


def _infer(values: list, gap: int, groups: Groups) -> list | None:
    for parts, total in groups:
        cols = (*parts, total)
        if gap not in cols or any(values[c] is None for c in cols if c != gap):
            continue
        known = sum(values[c] for c in parts if c != gap)
        v = known if gap == total else values[total] - known
        if v < 0:
            return None
        return values[:gap] + [v] + values[gap + 1 :]
    return None


def choose(rows: dict[str, list[Layout]], valid: Callable[[dict[str, Layout]], bool],
           limit: int = 5_000) -> tuple[dict[str, Layout], list[str]]:
    """Pick each ambiguous row's layout: every combination allowed by `valid` (the column
    identities) is tried; a row is settled when all valid combinations agree on it."""
    fixed = {k: v[0] for k, v in rows.items() if len(v) == 1}
    open_ = {k: v for k, v in rows.items() if len(v) > 1}
    if not open_:
        return fixed, []
    keys = list(open_)
    total = 1
    for k in keys:
        total *= len(open_[k])
    if total > limit:
        return fixed, keys
    agreed: dict[str, set[int]] = {k: set() for k in keys}
    for combo in itertools.product(*(range(len(open_[k])) for k in keys)):
        trial = {**fixed, **{k: open_[k][c] for k, c in zip(keys, combo)}}
        if valid(trial):
            for k, c in zip(keys, combo):
                agreed[k].add(c)
    unsettled = []
    for k in keys:
        if len(agreed[k]) == 1:
            fixed[k] = open_[k][agreed[k].pop()]
        else:
            unsettled.append(k)
    return fixed, unsettled
