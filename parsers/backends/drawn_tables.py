"""Tables drawn with characters in plain text, as pandoc and other converters write them:

- grid tables: rows between ``+---+---+`` rules, cells between ``|``, a cell's text wrapped over
  the lines of its row (pandoc marks a hard break with a trailing ``\\``);
- simple and multiline tables: columns under runs of dashes (``----- ------``), a row per line,
  or, when blank lines part the rows, a row per group of lines, its cells wrapped within their
  columns;
- boxed tables with merged cells, drawn in box characters (``┌─┬─┐``, w3m's and links' text of a
  page) or a grid whose rules stop where a cell spans on: a merged cell is where no rule or bar
  parts it, and it is laid out by the span convention (see the HTML backend).

Columns are counted in display width: an East Asian wide character takes two, as converters
align them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import normalize

Row = tuple[int, list[str]]  # (index of its first line, cells)

_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_CORNERS = "┌╭╔┏"  # a boxed table's top left
_BARS = frozenset("│┃║|")
_JOINTS = frozenset("┌┐└┘├┤┬┴┼╭╮╰╯╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋+")
_RULES = frozenset("─━═-=:")
_BOX_RULES = frozenset("─━═")  # (a boxed table's '-' is text: an n/a mark)
_SNAP = 2  # display columns a bar may sit off its boundary (a character of uncertain width)
_RUNS = re.compile(r"^\s*-{3,}(?:[ \t]+-{3,})+\s*$")
_FULL = re.compile(r"^\s*-{3,}\s*$")


def table_at(raws: list[str], i: int) -> tuple[int, list[Row]] | None:
    """The drawn table starting at raws[i]: (index after it, its rows), or None."""
    line = raws[i]
    if _GRID_RULE.match(line):
        return _grid(raws, i) or _boxed(raws, i)
    if any(c in line for c in _CORNERS):
        return _boxed(raws, i)
    if _RUNS.match(line):
        return _simple(raws, i)
    if _FULL.match(line):  # a multiline table's top: its header lines, then the column runs
        j = next(
            (
                j
                for j in range(i + 1, min(i + 8, len(raws)))
                if not raws[j].strip() or _RUNS.match(raws[j])
            ),
            None,
        )
        if j is not None and _RUNS.match(raws[j]):
            return _simple(raws, j, multiline=True)
    return None


def _grid(raws: list[str], i: int) -> tuple[int, list[Row]] | None:
    rows: list[Row] = []
    parts: list[list[str]] = []
    start = i + 1
    j = i + 1
    while j < len(raws) and (raws[j].lstrip().startswith("|") or _GRID_RULE.match(raws[j])):
        if _GRID_RULE.match(raws[j]):
            if parts:
                rows.append((start, [_joined(column) for column in zip(*parts)]))
            parts, start = [], j + 1
        else:
            cells = raws[j].strip().strip("|").split("|")
            if parts and len(cells) != len(parts[0]):
                return None  # not one grid (a span): left to the pipe rows
            parts.append(cells)
        j += 1
    return (j, rows) if rows else None


def opens(raw: str) -> bool:
    """Whether a drawn table may begin on this line (a cheap test before `table_at`)."""
    return raw.lstrip()[:1] in ("+", "-") or _CORNER.search(raw) is not None


_CORNER = re.compile(f"[{_CORNERS}]")  # (one scan of the line, not one per corner)


def _boxed(raws: list[str], i: int) -> tuple[int, list[Row]] | None:
    """The boxed table whose top left corner is on raws[i], down to its last line with a bar or
    a joint under that corner (text beside it, a page's menu laid out in a column of its own,
    is not the table's). Its column boundaries are where the lines of rules alone put joints;
    each line is cut at its bars and joints into pieces, each a rule or text over the columns
    it spans. Pieces of text that touch (across a line, or down a column with no rule between)
    are one cell. A run of lines between rules is a row; a cell sits in the first row and
    column it covers, and its other positions are blank."""
    left = next(x for x, ch in _placed(raws[i]) if ch in _CORNERS or ch == "+")
    lines = []
    end = i
    while end < len(raws) and (cut := _from(raws[end], left))[:1] in _BARS | _JOINTS:
        lines.append(cut)
        end += 1
    bounds = _bounds(lines)
    if (k := next((k for k, line in enumerate(lines) if _wrapped(line, bounds)), None)) is not None:
        lines, end = lines[:k], i + k  # (the table ends above a line hard-wrapped in a cell)
        bounds = _bounds(lines)
    if len(bounds) < 3:
        return None
    rules = _BOX_RULES if lines[0][0] in _CORNERS else _RULES
    cuts = [_pieces(line, bounds, rules) for line in lines]
    pieces = [p for p in cuts if p is not None]
    if len(pieces) < len(cuts):
        return None
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(u: tuple[int, int]) -> tuple[int, int]:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    def join(u: tuple[int, int], v: tuple[int, int]) -> None:
        parent[root(u)] = root(v)

    for k, line_pieces in enumerate(pieces):
        for a, b, text in line_pieces:
            if text is None:
                continue
            for c in range(a, b):
                parent.setdefault((k, c), (k, c))
                if c > a:
                    join((k, c), (k, a))
                if (k - 1, c) in parent:
                    join((k, c), (k - 1, c))
    row_of: dict[int, int] = {}  # line → its row: rows are the runs of lines without a rule
    for k, line_pieces in enumerate(pieces):
        if all(text is not None for _, _, text in line_pieces):
            row_of[k] = row_of[k - 1] if k - 1 in row_of else len(set(row_of.values()))
    cells: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for k, line_pieces in enumerate(pieces):
        for a, _, text in line_pieces:
            if text is not None:
                cells.setdefault(root((k, a)), []).append((k, a, text))
    grid = [[""] * (len(bounds) - 1) for _ in set(row_of.values())]
    for parts in cells.values():
        tops = [row_of[k] for k, _, _ in parts if k in row_of]
        if not tops:
            continue
        by_line: dict[int, list[tuple[int, str]]] = {}
        for k, a, text in parts:
            by_line.setdefault(k, []).append((a, text))
        grid[min(tops)][min(a for _, a, _ in parts)] = _joined(
            "".join(t for _, t in sorted(texts)).strip() for _, texts in sorted(by_line.items())
        )
    first_line: dict[int, int] = {}
    for k, r in row_of.items():
        first_line.setdefault(r, i + k)
    rows = [(first_line[r], cells) for r, cells in enumerate(grid) if any(cells)]
    return (end, rows) if rows else None


def _bounds(lines: list[str]) -> list[int]:
    """The column boundaries: where the lines of rules alone put joints."""
    return sorted({x for line in lines if _ruled(line) for x, ch in _placed(line) if ch in _JOINTS})


def _wrapped(line: str, bounds: list[int]) -> bool:
    """Whether the line's text goes on after its last bar, inside the table: a crawl's hard wrap
    inside a cell ('|四、结转…|7' over '2    |-  |…'), whose text after the bar no later bar closes
    (it had been dropped: row 四's 72 read as 2). Text right of the table is beside it."""
    last = max((x for x, ch in _placed(line) if ch in _BARS or ch in _JOINTS), default=None)
    if last is None or not bounds:
        return False
    return any(last < x < bounds[-1] and not ch.isspace() for x, ch in _placed(line))


def _from(line: str, x: int) -> str:
    """The line from display column x on."""
    return next((line[k:] for k, (at, _) in enumerate(_placed(line)) if at >= x), "")


def _ruled(line: str) -> bool:
    """A line of rules and joints alone."""
    return all(ch in _RULES or ch in _JOINTS or ch in _BARS or ch.isspace() for ch in line)


def _placed(line: str):
    """Each character with its display column."""
    at = 0
    for ch in line:
        yield at, ch
        at += normalize.char_columns(ch)


def _pieces(
    line: str, bounds: list[int], rules: frozenset[str]
) -> list[tuple[int, int, str | None]] | None:
    """The line cut at its bars and joints: (first column, column after, text or None for a
    rule) for each piece between two of them. None when a bar is off every boundary: the line
    no longer lines up with the table (text rewritten after it was drawn), so no cell of it can
    be placed. (A joint off the boundaries is text: '+3'.)"""
    out: list[tuple[int, int, str | None]] = []
    at, buf = None, ""
    for x, ch in _placed(line):
        k = _boundary(bounds, x) if ch in _BARS or ch in _JOINTS else None
        if k is None:
            if ch in _BARS:
                return None
            buf += ch
            continue
        if at is not None and k > at:
            # A rule fills its piece ('-' amid spaces is an n/a mark); two joints side by side,
            # no room between, are the rules of columns drawn one apart.
            out.append((at, k, None if all(c in rules for c in buf) else buf))
        at, buf = k, ""
    return out


def _boundary(bounds: list[int], x: int) -> int | None:
    k = min(range(len(bounds)), key=lambda j: abs(bounds[j] - x))
    return k if abs(bounds[k] - x) <= _SNAP else None


def _simple(raws: list[str], i: int, multiline: bool = False) -> tuple[int, list[Row]] | None:
    """The table whose column rule is raws[i]: its header lines right above the rule, then its
    body. A multiline table (opened by a full dashed line) runs to its closing dash line, its rows
    parted by blank lines; a headerless one (opened by the rule) may too, when it closes before
    two blank lines in a row; any other ends at its first blank line or closing rule."""
    top = i
    while top > 0 and raws[top - 1].strip() and not _FULL.match(raws[top - 1]):
        top -= 1
    close = next(
        (j for j in range(i + 1, len(raws)) if _RUNS.match(raws[j]) or _FULL.match(raws[j])), None
    )
    if close is not None and (multiline or (top == i and not _blank_pair(raws[i + 1 : close]))):
        parted = multiline or any(not x.strip() for x in raws[i + 1 : close])
        groups = _groups(raws, top, i, close, parted)
        if parted and not multiline and any(_values_below(g, raws[i]) for _, g in groups):
            groups = _groups(raws, top, i, close, parted=False)
        rows = [(k, cells) for k, g in groups if (cells := _cells_of(g, raws[i])) is not None]
        return (close + 1, rows) if len(rows) == len(groups) else None
    end = next(
        (j for j in range(i + 1, len(raws)) if not raws[j].strip() or _RUNS.match(raws[j])),
        len(raws),
    )
    if end == i + 1:
        return None
    at = [*range(top, i), *range(i + 1, end)]
    rows = [(k, cells) for k in at if (cells := _cells_of([raws[k]], raws[i])) is not None]
    if len(rows) < len(at):
        return None
    return end + (end < len(raws) and bool(_RUNS.match(raws[end]))), rows


def _groups(
    raws: list[str], top: int, i: int, close: int, parted: bool
) -> list[tuple[int, list[str]]]:
    """The lines of each row between the rule raws[i] and the closing one (the header's above the
    rule from raws[top]): a row a line, or, ``parted``, a row per group of lines between blank
    ones."""
    groups = [(top, raws[top:i])] if top < i else []
    for k in range(i + 1, close):
        if raws[k].strip() and (k == i + 1 or not parted or not raws[k - 1].strip()):
            groups.append((k, [raws[k]]))
        elif raws[k].strip():
            groups[-1][1].append(raws[k])
    return groups


def _values_below(lines: list[str], rule: str) -> bool:
    """Whether a line after the first holds numbers in two columns or more: a row of values of
    its own, not the first line's cells wrapped (a converter wraps words, never a row of
    numbers). A headerless table whose rows are a line each, one of them blank (a row of empty
    cells), had been read as one whose blank lines part its rows, every line before that one a
    single row's: table 二 lost whole, table 四's values joined to its headers."""
    return any(
        sum(bool(_NUMBER.fullmatch(cell)) for cell in _cells_of([line], rule) or []) > 1
        for line in lines[1:]
    )


_NUMBER = re.compile(r"[-+]?\d[\d,.]*")


def _blank_pair(lines: list[str]) -> bool:
    """Two blank lines in a row: the end of a table, never inside one."""
    return any(not a.strip() and not b.strip() for a, b in zip(lines, lines[1:]))


def _cells_of(lines: list[str], rule: str) -> list[str] | None:
    """The cells of a row's lines, cut at the rule's columns, each column's lines joined. None
    when text runs over the space between two columns: the line no longer lines up with the
    rule (rewritten after the table was drawn), so where its cells part is not known."""
    starts = tuple(m.start() for m in re.finditer(r"-+", rule))
    gaps = {s - 1 for s in starts[1:]}
    columns: list[list[str]] = [[] for _ in starts]
    for line in lines:
        texts = [""] * len(starts)
        at = 0
        for ch in line:
            if not ch.isspace() and (at in gaps or at + normalize.char_columns(ch) - 1 in gaps):
                return None
            k = max(0, _column(starts, at))
            texts[k] += ch
            at += normalize.char_columns(ch)
        for k, t in enumerate(texts):
            if t.strip():
                columns[k].append(t.strip())
    return [_joined(c) for c in columns]


@lru_cache(maxsize=256)
def _column(starts: tuple[int, ...], at: int) -> int:
    return sum(1 for s in starts if s <= at) - 1


def _joined(parts) -> str:
    """A cell's lines as one text: a trailing backslash is pandoc's hard line break."""
    lines = [p.strip() for p in parts if p.strip()]
    return normalize.join_wrapped("\n".join(x[:-1] if x.endswith("\\") else x for x in lines))
