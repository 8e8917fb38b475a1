"""The ways a row's values can fill its columns: the second stage of the interpreter.

`candidates` lists every way a row's value tokens can be laid into its columns (positions the
layout kept, run-together digits cut, one lost cell re-created from its identity), keeping only
layouts whose identities hold, so that a table reader accepts an assignment only when the layout
or the identities leave one; `choose` settles the rows that remain open by the column identities
of the whole table. `splits` is the one digit splitter: every cut of run-together digits into n
values, pruned by the sums the columns must satisfy.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..identities import violations
from ..report import Value
from .labels import keys, label_key
from .tokens import Token
from .values import NOT_APPLICABLE, parse_count

_MAX_RUN = 100  # longer digit runs are no table row (15 cells of 6 digits at most)
_MAX_STATES = 100_000  # search budget per row (~0.3 s); beyond it the row stays NULL

LOST = "not in the source"  # `where` of a cell the layout lost and the identities re-created
Groups = tuple[tuple[tuple[int, ...], int], ...]  # (part columns, total column) per identity


def balanced(values: tuple[int | float | None, ...], groups: Groups) -> bool:
    """Every group whose cells are all known sums to its total."""
    for parts, total in groups:
        cells = [values[p] for p in parts]
        whole = values[total]
        known = [c for c in cells if c is not None]
        if whole is not None and len(known) == len(cells) and sum(known) != whole:
            return False
    return True


@dataclass(frozen=True)
class Layout:
    values: tuple[Value, ...]
    # None when the layout itself fixed every position; else how: "split", "lost cell",
    # "wrapped" (values printed over several lines, their order confirmed by the identities)
    resolved: str | None


def candidates(toks: list[Token], n: int, groups: Groups) -> list[Layout]:
    """Every distinct way the tokens fill n columns. Positions kept by the layout give one
    layout taken as published (even if it breaks an identity); otherwise run-together digits are
    split, and one lost cell is re-created from its identity, keeping only layouts whose
    identities hold. [] when none does, or when too many splits exist to be sure of any."""
    printed = [t for t in toks if t.kind != "label" and t.text]
    toks = zeros_apart([t for t in toks if t.kind != "label"])
    toks = without_blanks_past(toks, n)
    grid_lines = {t.line for t in toks if t.grid}
    if toks and len(grid_lines) == 1 and all(t.grid for t in toks):
        cells = _trim(toks, n)
        if cells is not None:
            return [Layout(tuple(cell(t) for t in cells), None)]
    if (pieces := _full_row(toks, n)) is not None:
        return [Layout(tuple(map(_cell_of, pieces)), None)]
    # A row on one grid line with empty cells has no cell lost: its blanks are where the rest
    # are not (a cell holding several numbers, '821 1 35', leaves their places unknown).
    may_have_lost = not (len(grid_lines) == 1 and any(t.grid and not t.text for t in toks))
    if len(grid_lines) > 1 or (grid_lines and any(not t.grid for t in toks)):
        toks = [t for t in toks if not (t.grid and not t.text)]  # blank layout cells, not data
    if not toks:
        return []
    if not in_order(toks):
        # Values over lines of uneven counts may be digits wrapped in narrow columns ('82 … 85'
        # over '1 … 9': 821 and 859), so the order printed is no proof: the identities decide.
        return _wrapped(toks, n, groups, printed)
    if len(toks) == n:  # one value per column: positions are the order printed
        return [Layout(tuple(cell(t) for t in toks), None)]
    found: dict[tuple, Layout] = {}
    if len(toks) == n - 1 and may_have_lost:
        for layout in _lost_cell([cell(t) for t in toks], n, groups):
            found.setdefault(tuple(v.value for v in layout.values), layout)
    try:
        for values in splits(toks, n, groups):
            # (a cut is a guess the sums must prove: a group with an unknown cell proves nothing)
            if not _proven(tuple(v.value for v in values), groups):
                continue
            found.setdefault(tuple(v.value for v in values), Layout(values, "split"))
            if len(found) > 50:
                break
    except _TooMany:
        return []
    return list(found.values())


def without_blanks_past(toks: list[Token], n: int) -> list[Token]:
    """The tokens without the blank lines' cells past a row's n, where every value stands a
    paragraph apart: those hold the next row's label columns (docx2txt prints a merged label's
    continuation as an empty paragraph, before the label it stands beside). Not where two values
    stand on successive lines: a number wrapped in its cell makes a token more, and the blanks
    then say nothing of where the row ends."""
    values = [t.line for t in toks if t.text]
    if any(b - a < 2 for a, b in itertools.pairwise(values)):
        return toks
    while len(toks) > n and not toks[-1].text and not toks[-1].grid:
        toks = toks[:-1]
    return toks


_ONE = {"run": "cell", "cell": "cell", "value": "value"}  # a piece of a cell: one value


def merged_apart(toks: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """The values of two rows an OCR'd table merged into one (its cells holding both rows'
    text, '4<br>0'): each grid cell of the line holding two numbers, the first row's first,
    or none (blank in both). None where any holds one or more than two (whose one is
    unknown), or a value stands in no cell."""
    cells: dict[int, list[Token]] = {}
    for t in toks:
        if t.kind == "label":
            continue
        if t.col is None:
            return None
        cells.setdefault(t.col, []).append(t)
    first, second = [], []
    for ts in cells.values():
        parts = [(t, p) for t in ts for p in t.text.split()]
        if len(parts) not in (0, 2):
            return None
        (a, x), (b, y) = parts or ((ts[0], ""), (ts[0], ""))
        first.append(a._replace(kind=_ONE[a.kind], text=x, grid=True))
        second.append(b._replace(kind=_ONE[b.kind], text=y, grid=True))
    return first, second


def zeros_apart(toks: list[Token]) -> list[Token]:
    """The tokens with a run's leading zeros cut off as cells of their own: no count is printed
    with a leading zero, so '00' and '05' are cells run together (pdftotext's reading order sets
    a portal page's narrow cells so close they make one word). Read as one cell, '00' left its
    row a cell short, and the row NULL. (A grid cell keeps its text: its position is its own.)"""
    out = []
    for t in toks:
        zeros = len(t.text) - len(t.text.lstrip("0０"))
        if t.kind != "run" or t.grid or not t.text.isdigit() or len(t.text) < 2 or not zeros:
            out.append(t)
            continue
        rest = t.text[zeros:]
        pieces = ["0"] * (zeros - (not rest)) + [rest or "0"]
        out += [t._replace(text=p) for p in pieces]
    return out


def unplaced(toks: list[Token], n: int, groups: Groups) -> list[Layout]:
    """The layouts of a row whose grid positions are suspect (a cell more than its header: an
    OCR'd markdown table's '|' read for a '1' adds one and shifts the rest): its values in order,
    as for running text, kept only when its identities all hold with every cell known (a '1' of
    '21' read as '|' leaves '2', which order alone would place)."""
    return confirmed(in_print_order(toks, n, groups), groups)


def in_print_order(toks: list[Token], n: int, groups: Groups) -> list[Layout]:
    """The layouts of a row whose grid positions place none of its cells: its values in the
    order printed, as for running text."""
    return candidates([t._replace(grid=False) for t in toks if t.text], n, groups)


def confirmed(layouts: list[Layout], groups: Groups) -> list[Layout]:
    """The layouts whose every identity is known in full and holds: what the sums prove."""
    return [
        lay
        for lay in layouts
        if _proven(values := tuple(v.value for v in lay.values), groups)
        and balanced(values, groups)
    ]


def by_columns(toks: list[Token], columns: tuple[int | None, ...]) -> Layout | None:
    """The row read at the grid columns its header gives, when its values sit exactly there: a
    grid line whose every header column holds a value or a blank, and nothing outside them. A
    column whose header is not in the table (cut off at the page's edge) is NULL, saying so; so
    is a cell holding digits parted by a space or a break ('3 5', '8<br>59') in a row whose label
    is right before its first value: with every column filled, it is one number broken, not two
    cells run together (a blank after the label may be the label's span, and a cell lost:
    '| 一、… | | | 217 | 1 | 0 | 0 1 0 | 0 | 218 |')."""
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    if len(lines) != 1:
        return None
    (only,) = lines
    line = [t for t in toks if t.line == only]
    if not all(t.grid or t.col is not None for t in line):
        return None
    at = _by_cell(line)
    cells = {
        c: ts
        for c in columns
        if c is not None and (ts := at.get(c)) is not None and ts[0].kind != "label"
    }
    if len(cells) != sum(c is not None for c in columns):
        return None
    if any(t.text and t.kind != "label" and t.col not in cells for t in line):
        return None
    if any(not ts[0].grid for ts in cells.values()):
        first = min(c for c in columns if c is not None)
        before = max((c for c in at if c is not None and c < first), default=None)
        if not cells[first][0].text or before is None or at[before][0].kind != "label":
            return None
    where = next(iter(cells.values()))[0].where
    return Layout(
        tuple(
            _cell_of(cells[c])
            if c is not None
            else Value(
                None, "", where, "its column is not in the table: cut off at the page's edge"
            )
            for c in columns
        ),
        None,
    )


def header_columns(
    toks: list[Token], headers: list[tuple[str, ...]]
) -> tuple[int | None, ...] | None:
    """Grid columns of the header labels (each given by its match fragments, in table order):
    only when each is found once, left to right, so the header is a real grid header and not
    text whose columns slid (tab copies shift header cells). The last may be missing (None): a
    table wider than the page, its 总计 column cut off by the page's right edge (a browser's
    print of a wide HTML table, then scanned); the others then stand side by side (where they
    do not, 总计 is not cut off but lost in another cell: '总计商业企业', two header lines run
    together, would read every row's total as 其他's)."""

    def hit(key: str, frags: tuple[str, ...]) -> bool:
        return any(key == f or (len(f) > 2 and f in key) for f in keys(frags))

    labels = [(t.col, label_key(t.text)) for t in toks if t.kind == "label" and t.col is not None]
    cols: list[int | None] = []
    for frags in headers:
        found = {col for col, key in labels if hit(key, frags)}
        if len(found) > 1:
            return None
        cols.append(found.pop() if found else None)
    known = [c for c in cols if c is not None]
    if None in cols[:-1] or any(a >= b for a, b in itertools.pairwise(known)):
        return None
    if cols[-1] is None and any(b - a != 1 for a, b in itertools.pairwise(known)):
        return None
    return tuple(cols)


def _proven(values: tuple[int | float | None, ...], groups: Groups) -> bool:
    """Whether every group is known in full, so that its sum was checked."""
    return all(values[t] is not None and all(values[p] is not None for p in ps) for ps, t in groups)


def in_order(toks: list[Token]) -> bool:
    """Whether the tokens' order is their columns': printed on one line, or one per line."""
    per_line = Counter(t.line for t in toks)
    return len(per_line) == 1 or max(per_line.values()) == 1


_MAX_WRAPPED = 4  # digits wrapped under a row's numbers: a few of its cells, never most


def _wrapped(toks: list[Token], n: int, groups: Groups, printed: list[Token]) -> list[Layout]:
    """The layouts of a row printed over lines of uneven counts whose identities hold: in the
    order printed (a guess the sums must prove in full where a number may have wrapped: see
    _may_wrap), or the first line with each later digit run continuing one of its numbers, left
    to right (digits a narrow column wrapped under them: a guess the sums must prove in full);
    or its first line alone, when the later lines hold blanks and n/a marks only (a
    label column's characters read so: '、', '无'; not a digit OCR misread, '25' over 'B' for
    258) and no whole row of marks (the next row's, printed above its label). Several may hold:
    the table's column identities then choose."""
    first = [t for t in toks if t.line == toks[0].line]
    later = [t for t in toks if t.line != toks[0].line]
    # (the order printed, a number wrapped in it, '1' over '2 | 无 | …' for 12, has a cell more,
    # which a blank dropped can hide: with n/a totals, 1 and 2 had been published unflagged)
    readings = [(toks, _may_wrap(toks))]
    if all(not t.text.strip() or cell(t).note == NOT_APPLICABLE for t in later) and len(later) < n:
        readings.append((first, False))
    joined: list[list[Token]] = []
    # (a number's digits wrapped may open with zeros, '239' over '00': read as printed too, not
    # only as zeros run together, which had read 2390 and 10 for 23900 and 1)
    tails = [t for t in printed if t.line != toks[0].line]
    for digits in [later] if tails == later else [later, tails]:
        if (
            len(first) == n
            and 0 < len(digits) <= _MAX_WRAPPED
            and all(t.text.isdigit() for t in digits)
        ):
            wraps = [i for i, t in enumerate(first) if t.text.isdigit() and t.text != "0"]
            lines = [
                [t for t in digits if t.line == k] for k in dict.fromkeys(t.line for t in digits)
            ]
            joined += _continued(first, lines, wraps)
    # (fewer values under a line of several: digits wrapped, maybe under a cell OCR damaged,
    # whose order printed is no proof: 'B2 3S 2 l B5' over 'l 9' had read 9 for 859's total)
    under = 0 < sum(bool(t.text) for t in later) < sum(bool(t.text) for t in first)
    out: dict[tuple, Layout] = {}
    for reading, guess in [*readings, *((r, True) for r in joined)]:
        cells = tuple(cell(t) for t in reading)
        values = tuple(v.value for v in cells)
        damaged = under and any(
            v.value is None and v.raw.strip() and v.note != NOT_APPLICABLE for v in cells
        )
        if len(cells) != n or (guess or damaged) and not _proven(values, groups):
            continue
        if balanced(values, groups):
            out.setdefault(values, Layout(cells, "wrapped"))
    return list(out.values())


def _may_wrap(toks: list[Token]) -> bool:
    """Whether a line break parts two numbers where a number may have wrapped: between lines, one
    of them holding several values (a line a cell parts every value so, and proves nothing)."""
    lines: dict[int, list[str]] = {}
    for t in toks:
        if t.text.strip():
            lines.setdefault(t.line, []).append(t.text.strip())
    return any(
        len(a) + len(b) > 2 and a[-1].isdigit() and b[0].isdigit()
        for a, b in itertools.pairwise(lines.values())
    )


def _continued(
    first: list[Token], lines: list[list[Token]], wraps: list[int]
) -> Iterator[list[Token]]:
    """first's numbers with each later line's digit runs continuing some of them, left to right.
    A number goes on to a line only from the line before (a narrow column wraps it over lines,
    each full but its last): '85' over '42' over '1' is 85421, never 542 and 851 (the totals held
    for both: 542 and 851 had been published)."""
    if not lines:
        yield first
        return
    for under in itertools.combinations(wraps, len(lines[0])):
        tails = dict(zip(under, lines[0]))
        row = [
            t._replace(text=t.text + tails[i].text) if i in tails else t
            for i, t in enumerate(first)
        ]
        yield from _continued(row, lines[1:], list(under))


def _trim(toks: list[Token], n: int) -> list[Token] | None:
    """The one window of n cells outside which every cell is blank (stray tabs at a row's ends)."""
    if len(toks) < n:
        return None
    filled = [i for i, t in enumerate(toks) if t.text]
    # A window starting at s holds every filled cell when s <= first and s + n - 1 >= last.
    first, last = (filled[0], filled[-1]) if filled else (len(toks) - n, 0)
    lo, hi = max(0, last - n + 1), min(first, len(toks) - n)
    if lo == hi:
        return toks[lo : lo + n]
    # Several windows: the values sit in one of them, their blank margins decide nothing.
    return None


def _by_cell(line: list[Token]) -> dict[int | None, list[Token]]:
    """A grid line's tokens by cell: a cell holding a digit run gives several (see tokens)."""
    out: dict[int | None, list[Token]] = {}
    for t in line:
        out.setdefault(t.col, []).append(t)
    return out


def _full_row(toks: list[Token], n: int) -> list[list[Token]] | None:
    """The n cells of a grid line where some hold digits parted by a break ('1 3' for 13), when
    its cells are exactly n and both end cells are filled: each such cell is one number broken.
    (With a blank at an end — a label's span, padding — a cell holding two merged cells, as an
    OCR'd '|' read as '1' leaves, may be what makes the count.)"""
    grid = [t.grid for t in toks]
    if all(grid) or not any(grid) or any(t.col is None for t in toks):
        return None  # (none in the grid: positions set aside, see unplaced)
    if len({t.line for t in toks}) != 1:
        return None
    by_cell = _by_cell(toks)
    cells = [by_cell[c] for c in sorted(c for c in by_cell if c is not None)]
    if len(cells) != n or not cells[0][0].text or not cells[-1][0].text:
        return None
    return cells


def _cell_of(pieces: list[Token]) -> Value:
    """The value of a grid cell from its tokens: a digit run's pieces are one number broken."""
    if pieces[0].grid:
        return cell(pieces[0])
    raw = " ".join(t.text for t in pieces)
    note = f"digits {raw!r} parted by a space, a break or debris in one cell: unreadable"
    return Value(None, raw, pieces[0].where, note)


def cell(t: Token) -> Value:
    value, note = parse_count(t.text)
    return Value(value, t.text, t.where, note)


class _TooMany(Exception):
    """The split search outgrew its budget: no split can be singled out with confidence."""


def splits(toks: list[Token], n: int, groups: Groups) -> Iterator[tuple[Value, ...]]:
    """Every way of cutting the digit runs so that the tokens give exactly n values (more than
    they are: some run is cut) and every group whose cells are known sums to its total.

    Exact and fast: the columns are filled right to left, so a group's total is read before its
    parts and each part can only take what the total leaves (a branch whose parts overshoot ends
    at once); a memo over (token, digits left, column, what each open total still needs) says
    which states can be completed, and the enumeration only enters those."""
    items: list[tuple[Token, str | None]] = []
    for t in toks:
        digits = re.sub(r"\D", "", t.text) if t.kind == "run" else ""
        if len(digits) > _MAX_RUN:
            return
        items.append((t, digits if len(digits) > 1 else None))
    if not any(d for _, d in items):
        return
    fixed = {i: cell(t) for i, (t, d) in enumerate(items) if not d}  # tokens read whole
    size = [len(d) if d else 1 for _, d in items]
    most = list(itertools.accumulate(size, initial=0))  # most values items[:i] can give
    total_of = {p: total for parts, total in groups for p in parts}
    first_part = {total: min(parts) for parts, total in groups}
    totals = set(first_part)
    unknown = -1  # a blank or n/a cell in the group: its sum is not checked

    def moves(i: int, end: int, col: int, acc: tuple):
        """(value, start, next token, next end, next acc) for column col, reading items[i]'s
        digits[:end] from the right; acc holds (total column, what its parts still need)."""
        if not i + 1 <= col + 1 <= most[i] + end:
            return
        digits = items[i][1]
        if digits is None:
            options = [(fixed[i].value, 0)]
        else:
            options = [
                (int(digits[a:end]), a)
                for a in range(end - 1, -1, -1)
                if a == end - 1 or digits[a] != "0"
            ]
        needs = dict(acc)
        for v, a in options:
            nxt = dict(needs)
            if col in totals:
                nxt[col] = unknown if v is None else v
            if col in total_of:
                t = total_of[col]
                need = nxt[t]
                if need != unknown:
                    if v is None:
                        need = unknown
                    elif v > need:
                        continue
                    else:
                        need -= v
                nxt[t] = need
                if col == first_part[t]:
                    if need not in (0, unknown):
                        continue
                    del nxt[t]
            if digits is not None and a > 0:
                yield v, a, i, a, tuple(sorted(nxt.items()))
            else:
                yield v, a, i - 1, size[i - 1] if i else 0, tuple(sorted(nxt.items()))

    memo: dict[tuple, bool] = {}

    def completes(i: int, end: int, col: int, acc: tuple) -> bool:
        if i < 0:
            return col < 0
        if i == 0 and items[0][1] and len(acc) == 1 and acc[0][1] != unknown:
            # One run left and one group open: its parts are the digits from some cut b to
            # `end`, and what lies before b must complete the groups to the left.
            t, need = acc[0]
            first, digits = first_part[t], items[0][1]
            if all(total_of.get(c) == t for c in range(first, col + 1)):
                parts = col - first + 1
                if not first:
                    return _can_split(digits, end, parts, need)
                return any(
                    _can_split(digits[b:end], end - b, parts, need)
                    and completes(0, b, first - 1, ())
                    for b in range(end - parts, 0, -1)
                )
        key = (i, end, col, acc)
        if key not in memo:
            if len(memo) > _MAX_STATES:
                raise _TooMany
            memo[key] = any(
                completes(ni, nend, col - 1, nacc)
                for _, _, ni, nend, nacc in moves(i, end, col, acc)
            )
        return memo[key]

    path: list[tuple[int, int, int]] = []  # (token, start, end) of each value, right to left

    def value(t: int, a: int, b: int) -> Value:
        token, digits = items[t]
        return fixed[t] if digits is None else _piece(token, digits, a, b)

    def walk(i: int, end: int, col: int, acc: tuple) -> Iterator[tuple[Value, ...]]:
        if i < 0:
            yield tuple(value(t, a, b) for t, a, b in reversed(path))
            return
        for _, a, ni, nend, nacc in moves(i, end, col, acc):
            if completes(ni, nend, col - 1, nacc):
                path.append((i, a, end))
                yield from walk(ni, nend, col - 1, nacc)
                path.pop()

    last = len(items) - 1
    if completes(last, size[last], n - 1, ()):
        yield from walk(last, size[last], n - 1, ())


@lru_cache(maxsize=65536)
def _sum_range(digits: str, end: int, parts: int, width: int) -> tuple[float, float]:
    """Least and greatest sum of digits[:end] cut into `parts` values of at most `width` digits
    (no leading zeros); (inf, -inf) when no such cut exists."""
    if parts == 0:
        return (0, 0) if end == 0 else (math.inf, -math.inf)
    lo, hi = math.inf, -math.inf
    for size in range(1, min(width, end - parts + 1) + 1):
        start = end - size
        if size > 1 and digits[start] == "0":
            continue
        a, b = _sum_range(digits, start, parts - 1, width)
        v = int(digits[start:end])
        lo, hi = min(lo, a + v), max(hi, b + v)
    return lo, hi


@lru_cache(maxsize=65536)
def _can_split(digits: str, end: int, parts: int, need: int) -> bool:
    """Whether digits[:end] cuts into `parts` values (no leading zeros) summing to need."""
    if parts == 0:
        return end == 0 and need == 0
    if (need - sum(map(int, digits[:end]))) % 9:
        return False  # casting out nines: a number and its digits agree mod 9, however cut
    width = len(str(need))
    lo, hi = _sum_range(digits, end, parts, width)
    if not lo <= need <= hi:
        return False
    for size in range(1, min(width, end - parts + 1) + 1):
        start = end - size
        if size > 1 and digits[start] == "0":
            continue
        v = int(digits[start:end])
        if v <= need and _can_split(digits, start, parts - 1, need - v):
            return True
    return False


def _piece(t: Token, digits: str, a: int, b: int) -> Value:
    """digits[a:b] of run t as a value, its `where` narrowed to the characters it came from."""
    if a == 0 and b == len(digits):
        return cell(t)
    m = re.match(r"(.*chars )(\d+)-\d+$", t.where)
    base, first = (m.group(1), int(m.group(2))) if m else (t.where + " chars ", 1)
    offset = t.text.find(digits[0])
    return Value(
        int(digits[a:b]),
        digits[a:b],
        f"{base}{first + offset + a}-{first + offset + b - 1}",
        f"split from run-together digits {t.text!r}",
    )


def _lost_cell(parts: list[Value], n: int, groups: Groups) -> Iterable[Layout]:
    """n-1 values: the lost cell may be any one; each choice is completed from its group's
    identity and kept when every identity holds. Where no identity can tell the lost cell's
    value (its group has a blank or n/a cell), the choice stays possible with the value unknown:
    a lost cell is never placed only because it can be computed there."""
    for gap in range(n):
        values = [v.value for v in parts[:gap]] + [None] + [v.value for v in parts[gap:]]
        filled = _infer(values, gap, groups)
        if filled is None or not balanced(tuple(filled), groups):
            continue
        note = "cell lost by the layout; " + (
            "value implied by the identities"
            if filled[gap] is not None
            else "no identity implies its value"
        )
        lost = Value(filled[gap], "", LOST, note)
        yield Layout(tuple(parts[:gap]) + (lost,) + tuple(parts[gap:]), "lost cell")


def _infer(values: list, gap: int, groups: Groups) -> list | None:
    """values with the gap filled from an identity whose other cells are all known (left None
    when there is none); None when the identity would need a negative count."""
    for parts, total in groups:
        cols = (*parts, total)
        if gap not in cols or any(values[c] is None for c in cols if c != gap):
            continue
        known = sum(values[c] for c in parts if c != gap)
        v = known if gap == total else values[total] - known
        if v < 0:
            return None
        return values[:gap] + [v] + values[gap + 1 :]
    return values


def choose(
    rows: dict[str, list[Layout]], columns: tuple[str, ...], equations, limit: int = 200_000
) -> tuple[dict[str, Layout], list[str]]:
    """Pick each ambiguous row's layout: every combination of the rows' layouts allowed by the
    column identities is found by backtracking (an equation is checked as soon as its last row
    is placed); a row is settled when all valid combinations agree on it."""
    fixed = {k: v[0] for k, v in rows.items() if len(v) == 1}
    open_ = {k: v for k, v in rows.items() if len(v) > 1}
    if not open_:
        return fixed, []
    keys = sorted(open_, key=lambda k: len(open_[k]))
    depth = {k: d for d, k in enumerate(keys)}
    grid = {(k, a): v.value for k, lay in fixed.items() for a, v in zip(columns, lay.values)}
    checks: list[list] = [[] for _ in keys]
    for eq in equations:
        involved = [depth[code] for side in eq[1:] for code, _ in side if code in depth]
        if not involved:
            if violations(grid, [eq]):
                return fixed, keys  # the fixed rows already break it: no combination is valid
            continue
        checks[max(involved)].append(eq)
    agreed: dict[str, set[int]] = {k: set() for k in keys}
    picked: list[int] = []
    steps = 0

    def walk(d: int) -> None:
        nonlocal steps
        if d == len(keys):
            for k, c in zip(keys, picked):
                agreed[k].add(c)
            return
        k = keys[d]
        for c, layout in enumerate(open_[k]):
            steps += 1
            if steps > limit:
                raise _TooMany
            grid.update({(k, a): v.value for a, v in zip(columns, layout.values)})
            if not violations(grid, checks[d]):
                picked.append(c)
                walk(d + 1)
                picked.pop()

    try:
        walk(0)
    except _TooMany:
        return fixed, keys
    unsettled = []
    for k in keys:
        if len(agreed[k]) == 1:
            fixed[k] = open_[k][agreed[k].pop()]
        else:
            unsettled.append(k)
    return fixed, unsettled
