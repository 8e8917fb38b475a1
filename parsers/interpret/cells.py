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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..document import Document, Line
from ..identities import violations
from ..normalize import PAGE_NUMBER
from ..report import Value
from .values import parse_count

# An enumerator glued after a digit run ("00000002.其他") belongs to the next label.
_DIGITS = re.compile(r"[0-9０-９]+")
_LABEL_BEFORE = "第（(〔[【"
_LABEL_AFTER = "年月日号項项条條款）)〕]】%％"
_ENUM_DOT = ".．、"
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_MAX_RUN = 100  # longer digit runs are no table row (15 cells of 6 digits at most)
_MAX_STATES = 100_000  # search budget per row (~0.3 s); beyond it the row stays NULL


class Token(NamedTuple):  # a tuple: built ~1,000 times per report, a frozen dataclass is slow
    kind: str  # "label", "cell" (one value, maybe blank), "run" (digits that may hold several)
    text: str
    where: str
    line: int  # index of the Line in the Document
    grid: bool = False  # a cell of a grid row: its position among the line's cells is meaningful
    # Index of the cell in its grid row, counted from the right end (-1 is the last cell): where
    # a table continues on the next page its label columns may be merged or split differently
    # (a grid of 8 columns, then of 10), its value columns line up at the right.
    col: int | None = None


def tokens(doc: Document) -> list[Token]:
    """Every line as tokens. Blank grid cells are kept only on lines that carry a value (elsewhere
    they are layout); blank lines become blank cells when the text marks empty cells by extra
    blank lines (one cell per line, cells 3 newlines apart, rows 5)."""
    out: list[Token] = []
    gaps = _blank_cell_gaps(doc.lines)
    for i, line in enumerate(doc.lines):
        if PAGE_NUMBER.match(line.text.strip()):
            continue
        for _ in range(gaps.get(i, 0)):
            out.append(Token("cell", "", f"blank line before {line.cells[0].where}", i))
        if line.is_row and len(line.cells) > 1:
            out.extend(_grid_tokens(line, i))
        else:
            for cell in line.cells:
                out.extend(_text_tokens(cell.text, cell.where, i))
    return out


_RUN_DEBRIS = re.compile(r"[\s?？]")


def _grid_kind(text: str) -> str:
    """How a grid cell's (stripped) text reads: "cell" (a value, n/a or blank), "run" (digits
    run together with spaces or debris) or "label"."""
    return _cached_grid_kind(text) if len(text) <= 200 else _grid_kind_of(text)


def _grid_kind_of(text: str) -> str:
    value, note = parse_count(text)
    if value is not None or note == "not applicable" or not text:
        return "cell"
    if _DIGITS.fullmatch(_RUN_DEBRIS.sub("", text)):
        return "run"
    return "label"


_cached_grid_kind = lru_cache(maxsize=65536)(_grid_kind_of)


def _grid_tokens(line: Line, i: int) -> list[Token]:
    texts = [c.text.strip() for c in line.cells]
    if all(not t or _MD_RULE.match(t) for t in texts):
        return []
    toks: list[Token] = []
    valued = False  # whether the line holds a value (a run always does)
    for col, (cell, text, kind) in enumerate(
        zip(line.cells, texts, map(_grid_kind, texts)), -len(texts)
    ):
        if kind == "run":
            toks.extend(_text_tokens(text, cell.where, i))  # "0 0" or "0?0": cells run together
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
    parts = _cached_parts(s) if len(s) <= 200 else _parts(s)
    return [(kind, text, start + at) for kind, text, at in parts]


def _parts(s: str) -> tuple[tuple[str, str, int], ...]:
    value, note = parse_count(s)
    if value is not None or note == "not applicable":
        return (("run" if value is not None else "cell", s, 0),)
    out = []
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


def _blank_cell_gaps(lines: list[Line]) -> dict[int, int]:
    """Blank cells implied by runs of blank lines, when the text puts every cell on its own line
    with 2 blank lines between cells and 4 between rows: each further 3 blank lines is an empty
    cell. Detected from the runs themselves (most are 2), so ordinary text is left alone."""
    runs: dict[int, int] = {}
    blank = 0
    for i, line in enumerate(lines):
        if not any(c.text.strip() for c in line.cells):  # (no text once stripped)
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
    identities hold. [] when none does, or when too many splits exist to be sure of any."""
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
    if len(toks) == n - 1:
        for layout in _lost_cell([_cell(t) for t in toks], n, groups):
            found.setdefault(tuple(v.value for v in layout.values), layout)
    try:
        for values in _split(toks, n, groups):
            found.setdefault(tuple(v.value for v in values), Layout(values, "split"))
            if len(found) > 50:
                break
    except _TooMany:
        return []
    return list(found.values())


def by_columns(toks: list[Token], columns: tuple[int, ...]) -> Layout | None:
    """The row read at the grid columns its header gives, when its values sit exactly there: a
    grid line whose every header column holds a value or a blank, and nothing outside them."""
    lines = {t.line for t in toks if t.kind != "label" and t.text}
    if len(lines) != 1:
        return None
    (only,) = lines
    line = [t for t in toks if t.line == only]
    if not all(t.grid for t in line):
        return None
    at = {t.col: t for t in line}
    cells = [at.get(c) for c in columns]
    if any(t is None or t.kind == "label" for t in cells):
        return None
    if any(t.text and t.kind != "label" and t.col not in columns for t in line):
        return None
    return Layout(tuple(map(_cell, cells)), None)


def header_columns(toks: list[Token], headers: list[tuple[str, ...]]) -> tuple[int, ...] | None:
    """Grid columns of the header labels (each given by its match fragments, in table order):
    only when every one is found once, left to right, so the header is a real grid header and
    not text whose columns slid (tab copies shift header cells)."""
    from .labels import keys, label_key

    def hit(key: str, frags: tuple[str, ...]) -> bool:
        return any(key == f or (len(f) > 2 and f in key) for f in keys(frags))

    labels = [(t.col, label_key(t.text)) for t in toks if t.kind == "label" and t.grid]
    cols = []
    for frags in headers:
        found = [col for col, key in labels if hit(key, frags)]
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


def _cell(t: Token) -> Value:
    value, note = parse_count(t.text)
    return Value(value, t.text, t.where, note)


class _TooMany(Exception):
    """The split search outgrew its budget: no split can be singled out with confidence."""


def _split(toks: list[Token], n: int, groups: Groups) -> Iterable[tuple[Value, ...]]:
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
    fixed = [None if d else _cell(t) for t, d in items]
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

    def walk(i: int, end: int, col: int, acc: tuple) -> Iterable[tuple[Value, ...]]:
        if i < 0:
            yield tuple(
                fixed[t] if items[t][1] is None else _piece(items[t][0], items[t][1], a, b)
                for t, a, b in reversed(path)
            )
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
        return _cell(t)
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
    identity and kept when every identity holds."""
    for gap in range(n):
        values = [v.value for v in parts[:gap]] + [None] + [v.value for v in parts[gap:]]
        filled = _infer(values, gap, groups)
        if filled is None or not balanced(tuple(filled), groups):
            continue
        lost = Value(
            filled[gap],
            "",
            "not in the source",
            "cell lost by the layout; value implied by the identities",
        )
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
